// Performance: the figures behind GET /api/performance (docs/api.md "Operations"): per client
// and route requests, errors, latency percentiles and cache hit rate, and per client
// imported orders, over a window of 1 minute to 24 hours. A client sees only its own
// requests; the process-wide figures are on /metrics (ops/metrics_server.h).
//
// Kept in Windowed tallies (ops/performance_window.h): a per-minute log-linear histogram
// per route, so memory is bounded (85 slots per route and per client, each holding only
// the histogram buckets in use) and percentiles are within 0.4% of the exact ones for
// the requests in the window. Routes are the router's patterns and clients are those
// with a valid key, so their numbers are bounded too.
//
// Thread-safety: every method may be called from any thread (one mutex; recording takes
// well under a microsecond, a 24-hour summary a few hundred microseconds per route).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/status.h"
#include "domain/time.h"
#include "ops/performance_window.h"

namespace packprod::ops {

struct RouteSummary {
  std::string route;
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;         // status >= 500
  std::uint64_t client_errors = 0;  // 400..499
  double p50_ms = 0, p90_ms = 0, p99_ms = 0;
  // Share of the enveloped responses served from the views; none without any.
  std::optional<double> cache_hit_rate;
};

struct PerformanceSummary {
  int window_minutes = 60;
  std::vector<RouteSummary> routes;   // the client's routes with requests in the window,
                                      // busiest first
  std::uint64_t imported_orders = 0;  // of the client asked for
  std::uint64_t import_batches = 0;
};

// Parses a window: a whole number of minutes ("15m") or hours ("1h"), from 1m to 24h.
// InvalidArgument otherwise.
Result<int> ParseWindow(std::string_view text);

class Performance {
 public:
  struct Request {
    std::string_view route;  // the route pattern, e.g. "/api/customers/{id}"
    unsigned status = 200;
    double ms = 0;
    std::optional<bool> cache_hit;  // meta.cacheHit when the response had an envelope
    Millis at = 0;                  // when it was answered (wall clock)
    std::string_view client = {};   // the authenticated client; empty: not recorded
  };

  void RecordRequest(const Request& r);
  // `orders` orders of `client` committed by one import at `at`.
  void RecordImport(std::string_view client, std::uint64_t orders, Millis at);

  // The window of `window_minutes` (clamped to 1..24h) ending at `now`: the requests
  // and imports of `client`.
  PerformanceSummary Summarize(int window_minutes, std::string_view client, Millis now) const;

 private:
  mutable std::mutex mu_;
  using Routes = std::map<std::string, Windowed<Tally>, std::less<>>;
  std::map<std::string, Routes, std::less<>> routes_;                  // by client; mu_
  std::map<std::string, Windowed<ImportTally>, std::less<>> imports_;  // guarded by mu_
};

}  // namespace packprod::ops
