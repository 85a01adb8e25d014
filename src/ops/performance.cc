#include "ops/performance.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace packprod::ops {
namespace {

std::int64_t MinuteOf(Millis t) { return internal::FloorDiv(t, 60'000); }

double Round2(double x) { return std::round(x * 100) / 100; }

double PercentileMs(const LogHistogram& h, double q) { return Round2(h.Percentile(q) / 1000); }

RouteSummary Summary(const std::string& route, const Tally& t) {
  RouteSummary s;
  s.route = route;
  s.requests = t.requests;
  s.errors = t.errors;
  s.client_errors = t.client_errors;
  s.p50_ms = PercentileMs(t.latency_us, 0.50);
  s.p90_ms = PercentileMs(t.latency_us, 0.90);
  s.p99_ms = PercentileMs(t.latency_us, 0.99);
  std::uint64_t enveloped = t.cache_hits + t.cache_misses;
  if (enveloped > 0) {
    s.cache_hit_rate = static_cast<double>(t.cache_hits) / static_cast<double>(enveloped);
  }
  return s;
}

}  // namespace

Result<int> ParseWindow(std::string_view text) {
  auto bad = [&] {
    return Status::InvalidArgument(
        "window must be minutes or hours from 1m to 24h (e.g. 15m, 1h), not '" + std::string(text) +
        "'");
  };
  if (text.size() < 2 || text.size() > 5) return bad();
  char unit = text.back();
  std::string_view digits = text.substr(0, text.size() - 1);
  int n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return bad();
  int minutes = unit == 'm' ? n : unit == 'h' ? n * 60 : 0;
  if (minutes < 1 || minutes > kMaxWindowMinutes) return bad();
  return minutes;
}

void Performance::RecordRequest(const Request& r) {
  if (r.client.empty()) return;
  double us = std::max(0.0, r.ms * 1000);
  std::lock_guard lock(mu_);
  auto client = routes_.find(r.client);
  if (client == routes_.end()) client = routes_.emplace(std::string(r.client), Routes{}).first;
  Routes& routes = client->second;
  auto it = routes.find(r.route);
  if (it == routes.end()) it = routes.emplace(std::string(r.route), Windowed<Tally>{}).first;
  Tally& t = it->second.At(MinuteOf(r.at));
  t.requests++;
  if (r.status >= 500) t.errors++;
  if (r.status >= 400 && r.status < 500) t.client_errors++;
  if (r.cache_hit) (*r.cache_hit ? t.cache_hits : t.cache_misses)++;
  t.latency_us.Record(static_cast<std::uint64_t>(std::llround(us)));
}

void Performance::RecordImport(std::string_view client, std::uint64_t orders, Millis at) {
  std::lock_guard lock(mu_);
  auto it = imports_.find(client);
  if (it == imports_.end()) {
    it = imports_.emplace(std::string(client), Windowed<ImportTally>{}).first;
  }
  ImportTally& t = it->second.At(MinuteOf(at));
  t.orders += orders;
  t.batches++;
}

PerformanceSummary Performance::Summarize(int window_minutes, std::string_view client,
                                          Millis now) const {
  PerformanceSummary out;
  out.window_minutes = std::clamp(window_minutes, 1, kMaxWindowMinutes);
  std::int64_t minute = MinuteOf(now);
  std::lock_guard lock(mu_);
  auto routes = routes_.find(client);
  if (routes != routes_.end()) {
    for (const auto& [route, windowed] : routes->second) {
      Tally t = windowed.Sum(minute, out.window_minutes);
      if (t.requests > 0) out.routes.push_back(Summary(route, t));
    }
  }
  std::stable_sort(
      out.routes.begin(), out.routes.end(),
      [](const RouteSummary& a, const RouteSummary& b) { return a.requests > b.requests; });
  auto it = imports_.find(client);
  if (it != imports_.end()) {
    ImportTally t = it->second.Sum(minute, out.window_minutes);
    out.imported_orders = t.orders;
    out.import_batches = t.batches;
  }
  return out;
}

}  // namespace packprod::ops
