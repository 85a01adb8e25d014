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
#include "notify/notifier.h"
#include "ops/events.h"
#include "ops/log.h"
#include "ops/metrics_server.h"
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
  double notify_interval_s = 30;
  bool no_notify = false;
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
  stream::ProcessorOptions popts;
  popts.on_applied = [&events](std::int64_t seq, const auto& contacts) {
    for (const auto& [client, ids] : contacts) {
      events.Publish(client, "metrics", ops::MetricsEventData(seq, ids));
    }
  };
  stream::Processor processor(*st, popts);
  ctx.processor = &processor;
  ctx.views_ready = [&processor] { return processor.ViewsMaintained(); };
  ctx.wait_applied = [&processor](std::int64_t seq, std::chrono::milliseconds timeout) {
    return processor.WaitApplied(seq, timeout);
  };
  if (!a.no_stream) processor.Start();
  api::Router router = api::BuildRouter(ctx);
  std::string web = a.web.empty() ? api::DefaultWebDir("packprod") : a.web;
  router.SetFallback(boost::beast::http::verb::get, api::StaticFiles(web));

  // The weekly digest and the alerts, on their own thread (src/notify).
  notify::RequestTally tally;
  notify::NotifierOptions nopts;
  nopts.interval = std::chrono::milliseconds(static_cast<long>(a.notify_interval_s * 1000));
  nopts.retry_base = nopts.interval;
  nopts.requests = &tally;
  notify::Notifier notifier(*st, nopts);
  if (!a.no_notify) notifier.Start();

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
      [&ctx, &tally](const api::Request& req, const api::Response& res, double ms) {
        api::ObserveRequest(ctx, req, res, ms);
        tally.Record(res.status);
      });
  metrics.SetOpenConnections([&server] { return static_cast<double>(server.open_connections()); });
  ExitIfError(server.Listen(), "cannot listen");
  std::cout << fmt::format("packprod listening on http://{}:{}/", a.host, server.port())
            << std::endl;
  server.Run();
  notifier.Stop();
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
  cmd->add_option("--notify-interval", a->notify_interval_s,
                  "Seconds between digest and alert checks (also the first retry wait)")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  cmd->add_flag("--no-notify", a->no_notify, "Send no digest and evaluate no alert here");
  AddDbOption(cmd, g);
  cmd->callback([g, a] { RunServe(*g, *a); });
}

}  // namespace packprod::app
