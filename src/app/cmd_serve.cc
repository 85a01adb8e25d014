// `packprod serve`: the HTTP API (and, with the views, the stream processor).
#include <iostream>

#include <fmt/core.h>

#include "api/context.h"
#include "api/envelope.h"
#include "api/ops_handler.h"
#include "api/routes.h"
#include "api/server.h"
#include "api/static_files.h"
#include "app/commands.h"
#include "ops/events.h"
#include "ops/log.h"
#include "ops/metrics_server.h"
#include "stream/change_feed.h"
#include "stream/processor.h"

namespace packprod::app {
namespace {

struct ServeArgs {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web;
  int threads = 0;
  int slow_ms = 1000;
  bool no_stream = false;
  std::string log_format = "text";
  std::size_t body_limit = 1 << 20;
  int read_timeout_s = 30;
  int idle_timeout_s = 60;
  std::size_t max_connections = 10000;
};

void RunServe(const GlobalOptions& g, const ServeArgs& a) {
  ops::InitLogging(a.log_format == "json" ? ops::LogFormat::kJson : ops::LogFormat::kText);
  auto st = OpenStoreOrExit(g);
  api::ApiContext ctx;
  ctx.store = st.get();
  ctx.keys = std::make_unique<api::KeyCache>(*st);
  ctx.slow_ms = a.slow_ms;
  ops::ServerMetrics metrics;
  ops::EventHub events;
  events.AddMetrics(metrics.registry());
  ctx.metrics = &metrics;
  ctx.events = &events;
  stream::Processor processor(*st, stream::ProcessorOptions{});
  // Live events and order counters from the change log, whatever wrote the orders.
  stream::ChangeFeedOptions fopts;
  fopts.on_committed = [&events, &metrics](const stream::FeedBatch& b) {
    metrics.RecordOrderChanges(b.client,
                               {static_cast<std::uint64_t>(b.created),
                                static_cast<std::uint64_t>(b.updated), 0},
                               static_cast<std::uint64_t>(b.removed), NowMillis());
    events.Publish(b.client, "order",
                   ops::OrderEventData(b.seq, b.order_ids, b.contact_ids, b.created, b.updated,
                                       b.removed));
  };
  fopts.on_applied = [&events](const stream::FeedBatch& b) {
    events.Publish(b.client, "metrics", ops::MetricsEventData(b.seq, b.contact_ids));
  };
  stream::ChangeFeed feed(*st, fopts);
  feed.Start();
  ctx.processor = &processor;
  ctx.views_ready = [&processor] { return processor.ViewsMaintained(); };
  ctx.wait_applied = [&processor](std::int64_t seq, std::chrono::milliseconds timeout) {
    return processor.WaitApplied(seq, timeout);
  };
  if (!a.no_stream) processor.Start();
  api::Router router = api::BuildRouter(ctx);
  std::string web = a.web.empty() ? api::DefaultWebDir("packprod") : a.web;
  router.SetFallback(boost::beast::http::verb::get, api::StaticFiles(web));

  api::ServerOptions opts;
  opts.host = a.host;
  opts.port = static_cast<uint16_t>(a.port);
  opts.threads = a.threads;
  opts.body_limit = a.body_limit;
  opts.read_timeout = std::chrono::seconds(a.read_timeout_s);
  opts.idle_timeout = std::chrono::seconds(a.idle_timeout_s);
  opts.max_connections = a.max_connections;
  api::Server server(
      opts, [&router](api::Request& req) { return router.Dispatch(req); },
      [&ctx](const api::Request& req, const api::Response& res, double ms) {
        api::ObserveRequest(ctx, req, res, ms);
      });
  metrics.SetOpenConnections([&server] { return static_cast<double>(server.open_connections()); });
  ExitIfError(server.Listen(), "cannot listen");
  std::cout << fmt::format("packprod listening on http://{}:{}/", a.host, server.port())
            << std::endl;
  server.Run();
  feed.Stop();
  processor.Stop();
  ops::LogInfo(fmt::format("stopped (views applied up to seq {})", processor.AppliedSeq()));
}

}  // namespace

void RegisterServe(CLI::App& app, GlobalOptions* g) {
  auto* cmd = app.add_subcommand("serve", "Run the HTTP API, the dashboard and the processor");
  auto a = std::make_shared<ServeArgs>();
  cmd->add_option("--host", a->host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", a->port, "Port (0: any free port)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  cmd->add_option("--web", a->web, "Dashboard folder (default: the built web/dist)");
  cmd->add_option("--threads", a->threads, "HTTP threads (0: max(4, 2 x cores))")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  cmd->add_option("--slow-ms", a->slow_ms, "Log requests slower than this as SLOW QUERY")
      ->check(CLI::Range(1, 3600000))
      ->capture_default_str();
  cmd->add_flag("--no-stream", a->no_stream, "Do not run the stream processor in this process");
  cmd->add_option("--log-format", a->log_format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--body-limit", a->body_limit, "Largest request body in bytes")
      ->capture_default_str();
  cmd->add_option("--read-timeout", a->read_timeout_s,
                  "Seconds a client has to send a whole request")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--idle-timeout", a->idle_timeout_s, "Seconds an idle keep-alive stays open")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--max-connections", a->max_connections, "Open connections at most")
      ->capture_default_str();
  AddDbOption(cmd, g);
  cmd->callback([g, a] { RunServe(*g, *a); });
}

}  // namespace packprod::app
