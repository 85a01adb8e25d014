#include "ops/metrics_server.h"

#include <string>

#include "ops/metrics_process.h"

namespace packprod::ops {
namespace {

const std::vector<double> kLatencyBounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                            0.1,    0.25,  0.5,    1,     2.5,  5,     10};

}  // namespace

ServerMetrics::ServerMetrics()
    : requests_(registry_.AddCounter("packprod_http_requests_total",
                                     "HTTP requests answered, by route pattern, method and status.",
                                     {"route", "method", "status"})),
      duration_(registry_.AddHistogram("packprod_http_request_duration_seconds",
                                       "Time from reading a request to its response, by route.",
                                       {"route"}, kLatencyBounds)),
      slow_(registry_.AddCounter("packprod_http_slow_requests_total",
                                 "Requests slower than the --slow-ms threshold, by route.",
                                 {"route"})),
      cache_hits_(registry_.AddCounter("packprod_cache_hits_total",
                                       "Responses served from the views (meta.cacheHit true).",
                                       {"route"})),
      cache_misses_(registry_.AddCounter(
          "packprod_cache_misses_total",
          "Responses computed from the orders (meta.cacheHit false).", {"route"})),
      import_orders_(registry_.AddCounter(
          "packprod_import_orders_total",
          "Imported orders by outcome: created, updated, unchanged, or rejected (in refused "
          "imports).",
          {"outcome"})),
      import_batches_(registry_.AddCounter("packprod_import_batches_total",
                                           "Import requests, committed or rejected.", {"result"})),
      order_changes_(registry_.AddCounter(
          "packprod_order_changes_total",
          "Orders created, updated or removed by any process, as read from the change log.",
          {"op"})),
      auth_failures_(registry_.AddCounter(
          "packprod_auth_failures_total",
          "Requests whose API key was unknown or revoked (answered 401).", {})),
      auth_throttled_(registry_.AddCounter(
          "packprod_auth_throttled_total",
          "Requests refused 429 because their address had too many failed authentications.",
          {})) {
  auth_failures_.With({});
  auth_throttled_.With({});
  for (const char* op : {"created", "updated", "removed"}) order_changes_.With({op});
  for (const char* outcome : {"created", "updated", "unchanged", "rejected"}) {
    import_orders_.With({outcome});
  }
  for (const char* result : {"committed", "rejected"}) import_batches_.With({result});
  registry_.AddCallback("packprod_http_open_connections", "Open HTTP connections.",
                        MetricType::kGauge, [this] {
                          std::lock_guard lock(mu_);
                          return connections_ ? connections_() : 0.0;
                        });
  registry_.AddCallback("packprod_stream_head_seq", "Last seq written to the change log.",
                        MetricType::kGauge,
                        [this] { return static_cast<double>(Stream().head_seq); });
  registry_.AddCallback("packprod_stream_applied_seq", "Last seq the views reflect.",
                        MetricType::kGauge,
                        [this] { return static_cast<double>(Stream().applied_seq); });
  registry_.AddCallback("packprod_stream_active",
                        "1 while this process's stream processor is the one applying changes.",
                        MetricType::kGauge, [this] { return Stream().active ? 1.0 : 0.0; });
  registry_.AddCallback("packprod_stream_backlog", "Change-log records not yet applied.",
                        MetricType::kGauge,
                        [this] { return static_cast<double>(Stream().backlog()); });
  registry_.AddCallback("packprod_stream_applied_events_total",
                        "Change-log records applied by this process's processor.",
                        MetricType::kCounter,
                        [this] { return static_cast<double>(Stream().applied_events); });
  registry_.AddCallback("packprod_stream_lag_p50_seconds",
                        "Median time from a change's commit to its views' commit.",
                        MetricType::kGauge, [this] { return Stream().lag_p50_ms / 1000; });
  registry_.AddCallback("packprod_stream_lag_p90_seconds",
                        "90th percentile time from a change's commit to its views' commit.",
                        MetricType::kGauge, [this] { return Stream().lag_p90_ms / 1000; });
  registry_.AddCallback("packprod_stream_lag_p99_seconds",
                        "99th percentile time from a change's commit to its views' commit.",
                        MetricType::kGauge, [this] { return Stream().lag_p99_ms / 1000; });
  AddProcessMetrics(registry_);
}

void ServerMetrics::RecordRequest(const RequestSample& s) {
  std::string route(s.route);
  requests_.With({route, std::string(s.method), std::to_string(s.status)}).Inc();
  duration_.With({route}).Observe(s.ms / 1000);
  if (s.cache_hit) (*s.cache_hit ? cache_hits_ : cache_misses_).With({route}).Inc();
  performance_.RecordRequest({s.route, s.status, s.ms, s.cache_hit, s.at, s.client});
}

void ServerMetrics::RecordSlowRequest(std::string_view route) {
  slow_.With({std::string(route)}).Inc();
}

void ServerMetrics::RecordAuthFailure() { auth_failures_.With({}).Inc(); }

void ServerMetrics::RecordAuthThrottled() { auth_throttled_.With({}).Inc(); }

void ServerMetrics::RecordImport(std::string_view client, const ImportCounts& c) {
  import_orders_.With({"created"}).Inc(static_cast<double>(c.created));
  import_orders_.With({"updated"}).Inc(static_cast<double>(c.updated));
  import_orders_.With({"unchanged"}).Inc(static_cast<double>(c.unchanged));
  import_batches_.With({"committed"}).Inc();
}

void ServerMetrics::RecordOrderChanges(std::string_view client, const ImportCounts& c,
                                       std::uint64_t removed, Millis at) {
  order_changes_.With({"created"}).Inc(static_cast<double>(c.created));
  order_changes_.With({"updated"}).Inc(static_cast<double>(c.updated));
  order_changes_.With({"removed"}).Inc(static_cast<double>(removed));
  performance_.RecordImport(client, c.created + c.updated, at);
}

void ServerMetrics::RecordImportRejected(std::uint64_t orders) {
  import_orders_.With({"rejected"}).Inc(static_cast<double>(orders));
  import_batches_.With({"rejected"}).Inc();
}

void ServerMetrics::SetStream(const StreamStats& stats) {
  std::lock_guard lock(mu_);
  stream_ = stats;
}

void ServerMetrics::SetOpenConnections(std::function<double()> read) {
  std::lock_guard lock(mu_);
  connections_ = std::move(read);
}

StreamStats ServerMetrics::Stream() const {
  std::lock_guard lock(mu_);
  return stream_;
}

}  // namespace packprod::ops
