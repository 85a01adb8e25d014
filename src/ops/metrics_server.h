// ServerMetrics: what `packprod serve` measures about itself. It owns the Prometheus
// registry behind GET /metrics and the Performance window behind GET /api/performance,
// and is fed by the server (every answered request), the import handler, and the
// operations handler (the stream processor's figures, read at scrape time).
//
// Families (all with HELP and TYPE; counters end in _total):
//   packprod_http_requests_total{route,method,status}     counter
//   packprod_http_request_duration_seconds{route}         histogram
//   packprod_http_slow_requests_total{route}              counter (over --slow-ms)
//   packprod_cache_hits_total{route}, packprod_cache_misses_total{route}
//                                                         counters (meta.cacheHit)
//   packprod_import_orders_total{outcome}                 counter: created, updated,
//                                                         unchanged, rejected
//   packprod_import_batches_total{result}                 counter: committed, rejected
//   packprod_auth_failures_total                          counter: requests with an
//                                                         unknown or revoked key (401)
//   packprod_auth_throttled_total                         counter: requests refused 429
//                                                         for too many failures
//   packprod_http_open_connections                        gauge
//   packprod_stream_head_seq, packprod_stream_applied_seq, packprod_stream_backlog
//                                                         gauges (0 without a processor;
//                                        a standby reports the active one's checkpoint)
//   packprod_stream_active                                gauge, 1 while this process's
//                                        processor is the one applying, else 0
//   packprod_stream_applied_events_total                  counter
//   packprod_stream_lag_p50_seconds, ..._p90_..., ..._p99_...  gauges
//   process_*                                             (ops/metrics_process.h)
// Routes are the router's patterns, never raw paths, so label sets stay bounded.
//
// Thread-safety: construct and call SetOpenConnections / registry().Add* before the
// server starts; everything else may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "domain/time.h"
#include "ops/metrics.h"
#include "ops/performance.h"

namespace packprod::ops {

// The stream processor's figures at one moment.
struct StreamStats {
  bool processor = false;  // a processor is wired (else everything is 0)
  bool running = false;    // it runs in this process (Start), active or standing by
  bool active = false;     // it is the one applying changes (holds the processor lease)
  std::int64_t head_seq = 0;
  std::int64_t applied_seq = 0;
  std::int64_t applied_events = 0;  // by this process's processor since it started
  double lag_p50_ms = 0, lag_p90_ms = 0, lag_p99_ms = 0;
  std::int64_t backlog() const { return head_seq > applied_seq ? head_seq - applied_seq : 0; }
};

class ServerMetrics {
 public:
  ServerMetrics();
  ServerMetrics(const ServerMetrics&) = delete;
  ServerMetrics& operator=(const ServerMetrics&) = delete;

  struct RequestSample {
    std::string_view route;   // the route pattern
    std::string_view method;  // "GET", ...
    unsigned status = 200;
    double ms = 0;
    std::optional<bool> cache_hit;  // meta.cacheHit of an enveloped response
    Millis at = 0;                  // wall clock, for the performance window
    std::string_view client = {};   // authenticated client; empty: not in the window
  };
  void RecordRequest(const RequestSample& s);
  void RecordSlowRequest(std::string_view route);
  void RecordAuthFailure();
  void RecordAuthThrottled();

  struct ImportCounts {
    std::uint64_t created = 0, updated = 0, unchanged = 0;
  };
  // A committed HTTP import of `client` (packprod_import_orders_total by result).
  void RecordImport(std::string_view client, const ImportCounts& counts);
  // Orders of `client` created, updated or removed by a commit of any process, as the
  // change feed reports them: packprod_order_changes_total and the performance window's
  // imports (orders created or updated).
  void RecordOrderChanges(std::string_view client, const ImportCounts& changed,
                          std::uint64_t removed, Millis at);
  // An import refused as a whole (bad JSON, validation, store unavailable) with `orders`
  // orders in its body (1 for a single order or an unreadable body).
  void RecordImportRejected(std::uint64_t orders);

  // The stream figures that the next Expose() shows.
  void SetStream(const StreamStats& stats);
  // Where packprod_http_open_connections comes from (0 until set).
  void SetOpenConnections(std::function<double()> read);

  std::string Expose() const { return registry_.Expose(); }
  Registry& registry() { return registry_; }
  Performance& performance() { return performance_; }

 private:
  StreamStats Stream() const;

  Registry registry_;
  Performance performance_;
  Family<Counter>& requests_;
  Family<Histogram>& duration_;
  Family<Counter>& slow_;
  Family<Counter>& cache_hits_;
  Family<Counter>& cache_misses_;
  Family<Counter>& import_orders_;
  Family<Counter>& import_batches_;
  Family<Counter>& order_changes_;
  Family<Counter>& auth_failures_;
  Family<Counter>& auth_throttled_;
  mutable std::mutex mu_;
  StreamStats stream_;                   // guarded by mu_
  std::function<double()> connections_;  // set before serving
};

}  // namespace packprod::ops
