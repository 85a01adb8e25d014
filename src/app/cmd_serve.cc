// `packprod serve`: the HTTP API (and, with the views, the stream processor).
#include <fmt/core.h>

#include <iostream>
#include <memory>
#include <thread>

#include "api/context.h"
#include "api/envelope.h"
#include "api/integrity.h"
#include "api/ops_handler.h"
#include "api/routes.h"
#include "api/server.h"
#include "api/static_files.h"
#include "app/commands.h"
#include "domain/thread_name.h"
#include "notify/notifier.h"
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
  std::size_t body_budget = std::size_t{256} << 20;
  int read_timeout_s = 30;
  int idle_timeout_s = 60;
  std::size_t max_connections = 10000;
  std::string metrics_token;       // or from PACKPROD_METRICS_TOKEN
  std::string metrics_token_file;  // first line is the token
  std::string metrics_listen;      // HOST:PORT of a separate /metrics listener
  int auth_failures = 20;          // unknown keys per address before 429; 0: no throttle
  double notify_interval_s = 30;   // how often the notifier evaluates alerts
  bool no_notify = false;
};

// The /metrics bearer token: --metrics-token-file's first line, else --metrics-token
// (or PACKPROD_METRICS_TOKEN); empty: none.
std::string MetricsToken(const ServeArgs& a) {
  std::string token = a.metrics_token;
  if (!a.metrics_token_file.empty()) {
    std::string text = ReadFileOrExit(a.metrics_token_file);
    token = text.substr(0, text.find('\n'));
    if (!token.empty() && token.back() == '\r') token.pop_back();
    if (token.empty()) throw CommandExit{2, a.metrics_token_file + ": the metrics token is empty"};
  }
  return token;
}

// A second HTTP listener that serves only GET /metrics (`--metrics-listen HOST:PORT`).
class MetricsListener {
 public:
  MetricsListener(api::ApiContext& ctx, const std::string& listen) : router_(api::BuildMetricsRouter(ctx)) {
    size_t colon = listen.rfind(':');
    int port = -1;
    if (colon != std::string::npos) {
      try {
        port = std::stoi(listen.substr(colon + 1));
      } catch (const std::exception&) {
        port = -1;
      }
    }
    if (colon == std::string::npos || colon == 0 || port < 0 || port > 65535) {
      throw CommandExit{2, "--metrics-listen must be HOST:PORT, not '" + listen + "'"};
    }
    api::ServerOptions opts;
    opts.host = listen.substr(0, colon);
    if (opts.host.size() > 2 && opts.host.front() == '[') opts.host = opts.host.substr(1, opts.host.size() - 2);
    opts.port = static_cast<uint16_t>(port);
    opts.threads = 1;
    opts.max_connections = 64;
    opts.body_limit = 0;
    opts.body_budget = 0;
    server_ = std::make_unique<api::Server>(
        opts, [this](api::Request& req) { return router_.Dispatch(req); }, nullptr);
    ExitIfError(server_->Listen(), "cannot listen for metrics");
    ops::LogInfo(fmt::format("metrics on http://{}/metrics", listen));
    thread_ = std::thread([this] {
      NameThisThread("metrics");
      server_->Run();
    });
  }
  ~MetricsListener() {
    server_->Stop();
    thread_.join();
  }

 private:
  api::Router router_;
  std::unique_ptr<api::Server> server_;
  std::thread thread_;
};

void RunServe(const GlobalOptions& g, const ServeArgs& a) {
  if (a.body_budget < a.body_limit) {
    throw CommandExit{2, fmt::format("--body-budget ({}) must be at least --body-limit ({})",
                                     a.body_budget, a.body_limit)};
  }
  ops::InitLogging(a.log_format == "json" ? ops::LogFormat::kJson : ops::LogFormat::kText);
  auto st = OpenStoreOrExit(g);
  // The engine's settings packprod's writes would do better with (docs/operations.md).
  if (auto advice = st->SettingsAdvice(); advice.ok()) {
    for (const std::string& line : *advice) ops::LogWarn(line);
  } else {
    ops::LogWarn("could not read the store's settings: " + advice.status().ToString());
  }
  api::ApiContext ctx;
  ctx.store = st.get();
  ctx.keys = std::make_unique<api::KeyCache>(*st);
  if (a.auth_failures > 0) {
    api::AuthThrottle::Options throttle;
    throttle.burst = a.auth_failures;
    ctx.auth_throttle = std::make_unique<api::AuthThrottle>(throttle);
  }
  api::StoreIntegrity integrity(*st);
  integrity.StartCheck();
  ctx.integrity = &integrity;
  ctx.metrics_token = MetricsToken(a);
  ctx.metrics_elsewhere = !a.metrics_listen.empty();
  ctx.slow_ms = a.slow_ms;
  ops::ServerMetrics metrics;
  ops::EventHub events;
  events.AddMetrics(metrics.registry());
  ctx.metrics = &metrics;
  ctx.events = &events;
  // Kept answers move on with every commit made or heard here, and with what the change
  // feed sees other processes commit or apply.
  api::ResponseCache responses;
  st->OnCommit([&responses] { responses.Bump(); });
  ctx.responses = &responses;
  metrics.registry().AddCallback("packprod_response_cache_hits_total",
                                 "Point reads answered from kept answers.",
                                 ops::MetricType::kCounter,
                                 [&responses] { return static_cast<double>(responses.hits()); });
  metrics.registry().AddCallback("packprod_response_cache_misses_total",
                                 "Point reads that had to read the store.",
                                 ops::MetricType::kCounter,
                                 [&responses] { return static_cast<double>(responses.misses()); });
  // The engine's own figures (SQLite: its writer and WAL checkpointer).
  for (const store::Store::EngineFigure& f : st->EngineFigures()) {
    metrics.registry().AddCallback(
        f.name, f.help, f.counter ? ops::MetricType::kCounter : ops::MetricType::kGauge,
        [store = st.get(), name = f.name] {
          for (const auto& now : store->EngineFigures()) {
            if (now.name == name) return now.value;
          }
          return 0.0;
        });
  }
  stream::Processor processor(*st, stream::ProcessorOptions{});
  // Live events and order counters from the change log, whatever wrote the orders.
  stream::ChangeFeedOptions fopts;
  fopts.on_committed = [&events, &metrics, &responses](const stream::FeedBatch& b) {
    responses.Bump();
    metrics.RecordOrderChanges(b.client,
                               {static_cast<std::uint64_t>(b.created),
                                static_cast<std::uint64_t>(b.updated), 0},
                               static_cast<std::uint64_t>(b.removed), NowMillis());
    events.Publish(b.client, "order",
                   ops::OrderEventData(b.seq, b.order_ids, b.contact_ids, b.created, b.updated,
                                       b.removed));
  };
  fopts.on_applied = [&events, &responses](const stream::FeedBatch& b) {
    responses.Bump();
    events.Publish(b.client, "metrics", ops::MetricsEventData(b.seq, b.contact_ids));
  };
  stream::ChangeFeed feed(*st, fopts);
  feed.Start();
  ctx.feed = &feed;
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
  opts.body_budget = a.body_budget;
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
  std::unique_ptr<MetricsListener> metrics_listener;
  if (ctx.metrics_elsewhere) metrics_listener = std::make_unique<MetricsListener>(ctx, a.metrics_listen);
  std::cout << fmt::format("packprod listening on http://{}:{}/", a.host, server.port())
            << std::endl;
  server.Run();
  metrics_listener.reset();
  feed.Stop();
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
  cmd->add_option("--body-budget", a->body_budget,
                  "Bytes all request bodies in flight may hold together; beyond it new bodies "
                  "get 503 with Retry-After (at least --body-limit)")
      ->capture_default_str();
  cmd->add_option("--read-timeout", a->read_timeout_s,
                  "Seconds a client has to send a whole request")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--idle-timeout", a->idle_timeout_s, "Seconds an idle keep-alive stays open")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--max-connections", a->max_connections,
                  "Open connections at most (lowered to fit the open-file limit, which is "
                  "raised to its hard limit at start; when full, the longest-idle keep-alive "
                  "connection is closed for a new client)")
      ->capture_default_str();
  cmd->add_option("--auth-failures", a->auth_failures,
                  "Unknown keys a client address may send in a row; then 429 with Retry-After, "
                  "one more every 5 s (0: no limit)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  cmd->add_option("--metrics-token", a->metrics_token,
                  "Bearer token /metrics requires instead of an API key (prefer the "
                  "environment variable or --metrics-token-file: a command line is visible "
                  "to other users)")
      ->envname("PACKPROD_METRICS_TOKEN");
  cmd->add_option("--metrics-token-file", a->metrics_token_file,
                  "File whose first line is the /metrics bearer token");
  cmd->add_option("--metrics-listen", a->metrics_listen,
                  "HOST:PORT to serve /metrics on instead of the API's address (open there "
                  "unless a metrics token is set)");
  cmd->add_option("--notify-interval", a->notify_interval_s,
                  "Seconds between digest and alert checks (also the first retry wait)")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  cmd->add_flag("--no-notify", a->no_notify, "Send no digest and evaluate no alert here");
  AddDbOption(cmd, g);
  cmd->callback([g, a] { RunServe(*g, *a); });
}

}  // namespace packprod::app
