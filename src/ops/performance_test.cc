#include "ops/performance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace packprod::ops {
namespace {

constexpr Millis kMinute = 60'000;
constexpr Millis kStart = 1'750'000'000'000 / kMinute * kMinute;  // a whole minute

Performance::Request Req(std::string_view route, double ms, Millis at, unsigned status = 200,
                         std::optional<bool> cache = std::nullopt) {
  return Performance::Request{route, status, ms, cache, at, "acme"};
}

TEST(PerformanceTest, ParseWindow) {
  EXPECT_EQ(*ParseWindow("1m"), 1);
  EXPECT_EQ(*ParseWindow("15m"), 15);
  EXPECT_EQ(*ParseWindow("1h"), 60);
  EXPECT_EQ(*ParseWindow("24h"), 1440);
  EXPECT_EQ(*ParseWindow("1440m"), 1440);
  for (const char* bad : {"", "h", "0m", "0h", "25h", "1441m", "1d", "1.5h", "-1h", " 1h", "1H",
                          "60", "1hh", "99999999h"}) {
    auto r = ParseWindow(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.status().code(), Status::Code::kInvalidArgument) << bad;
    }
  }
}

TEST(PerformanceTest, CountsErrorsAndCacheHitsPerRoute) {
  Performance p;
  p.RecordRequest(Req("/api/customers", 2, kStart, 200, true));
  p.RecordRequest(Req("/api/customers", 4, kStart, 200, true));
  p.RecordRequest(Req("/api/customers", 6, kStart, 200, false));
  p.RecordRequest(Req("/api/customers", 8, kStart, 503));
  p.RecordRequest(Req("/api/orders", 1, kStart, 404));
  PerformanceSummary s = p.Summarize(60, "acme", kStart + 1000);
  ASSERT_EQ(s.routes.size(), 2u);
  const RouteSummary& c = s.routes[0];
  EXPECT_EQ(c.route, "/api/customers");
  EXPECT_EQ(c.requests, 4u);
  EXPECT_EQ(c.errors, 1u);
  EXPECT_EQ(c.client_errors, 0u);
  ASSERT_TRUE(c.cache_hit_rate.has_value());
  EXPECT_NEAR(*c.cache_hit_rate, 2.0 / 3, 1e-9);
  EXPECT_NEAR(c.p50_ms, 4, 0.04);
  EXPECT_NEAR(c.p99_ms, 8, 0.08);
  EXPECT_EQ(s.routes[1].client_errors, 1u);
  EXPECT_FALSE(s.routes[1].cache_hit_rate.has_value());
}

TEST(PerformanceTest, EachClientSeesOnlyItsOwnRequests) {
  Performance p;
  p.RecordRequest(Req("/api/customers", 2, kStart));
  p.RecordRequest({"/api/orders", 200, 3, std::nullopt, kStart, "globex"});
  p.RecordRequest({"/api/orders", 200, 3, std::nullopt, kStart, "globex"});
  p.RecordRequest({"/healthz", 200, 1, std::nullopt, kStart, ""});  // no client: not kept
  PerformanceSummary acme = p.Summarize(60, "acme", kStart + 1000);
  ASSERT_EQ(acme.routes.size(), 1u);
  EXPECT_EQ(acme.routes[0].route, "/api/customers");
  EXPECT_EQ(acme.routes[0].requests, 1u);
  PerformanceSummary globex = p.Summarize(60, "globex", kStart + 1000);
  ASSERT_EQ(globex.routes.size(), 1u);
  EXPECT_EQ(globex.routes[0].route, "/api/orders");
  EXPECT_EQ(globex.routes[0].requests, 2u);
  EXPECT_TRUE(p.Summarize(60, "", kStart + 1000).routes.empty());
  EXPECT_TRUE(p.Summarize(60, "initech", kStart + 1000).routes.empty());
}

TEST(PerformanceTest, WindowsUpToAnHourAreExactToTheMinute) {
  Performance p;
  // One request per minute for 3 hours, latency = minutes ago + 1 (in ms).
  Millis now = kStart + 180 * kMinute;
  for (int ago = 179; ago >= 0; --ago) p.RecordRequest(Req("/r", ago + 1, now - ago * kMinute));
  for (int w : {1, 2, 15, 59, 60}) {
    PerformanceSummary s = p.Summarize(w, "acme", now);
    ASSERT_EQ(s.routes.size(), 1u);
    EXPECT_EQ(s.routes[0].requests, static_cast<std::uint64_t>(w)) << w;
    EXPECT_NEAR(s.routes[0].p99_ms, w, 0.01 * w) << w;  // the oldest is the slowest
  }
}

TEST(PerformanceTest, LongerWindowsRoundTheOldestEdgeToItsHour) {
  Performance p;
  Millis now = kStart + 30 * 60 * kMinute + 17 * kMinute;  // 17 minutes into an hour
  for (int ago = 30 * 60; ago >= 0; --ago) p.RecordRequest(Req("/r", 1, now - ago * kMinute));
  for (int w : {61, 90, 120, 600, 1440}) {
    std::uint64_t got = p.Summarize(w, "acme", now).routes.at(0).requests;
    EXPECT_GE(got, static_cast<std::uint64_t>(w)) << w;
    EXPECT_LT(got, static_cast<std::uint64_t>(w + 60)) << w;
  }
  // Nothing older than 24 hours (plus the rounding) is kept.
  EXPECT_LE(p.Summarize(1440, "acme", now).routes.at(0).requests, 1440u + 59);
}

TEST(PerformanceTest, MergedWindowPercentilesWithinOnePercent) {
  Performance p;
  std::mt19937_64 rng(3);
  std::lognormal_distribution<double> dist(std::log(20.0), 1.0);
  std::vector<double> values;
  Millis now = kStart + 240 * kMinute;
  for (int minute = 0; minute < 45; ++minute) {
    for (int i = 0; i < 200; ++i) {
      double ms = std::round(dist(rng) * 1000) / 1000;  // whole microseconds
      values.push_back(ms);
      p.RecordRequest(Req("/r", ms, now - minute * kMinute + i));
    }
  }
  std::sort(values.begin(), values.end());
  RouteSummary r = p.Summarize(45, "acme", now + 999).routes.at(0);
  auto exact = [&](double q) {
    return values[static_cast<size_t>(std::ceil(q * values.size())) - 1];
  };
  EXPECT_NEAR(r.p50_ms, exact(0.5), 0.01 * exact(0.5) + 0.005);
  EXPECT_NEAR(r.p90_ms, exact(0.9), 0.01 * exact(0.9) + 0.005);
  EXPECT_NEAR(r.p99_ms, exact(0.99), 0.01 * exact(0.99) + 0.005);
}

TEST(PerformanceTest, ImportsArePerClient) {
  Performance p;
  p.RecordImport("acme", 7, kStart);
  p.RecordImport("acme", 3, kStart + 5 * kMinute);
  p.RecordImport("other", 100, kStart);
  PerformanceSummary s = p.Summarize(60, "acme", kStart + 10 * kMinute);
  EXPECT_EQ(s.imported_orders, 10u);
  EXPECT_EQ(s.import_batches, 2u);
  EXPECT_EQ(p.Summarize(6, "acme", kStart + 10 * kMinute).imported_orders, 3u);
  EXPECT_EQ(p.Summarize(5, "acme", kStart + 10 * kMinute).imported_orders, 0u);
  EXPECT_EQ(p.Summarize(60, "nobody", kStart).imported_orders, 0u);
}

TEST(PerformanceTest, ClockGoingBackCountsInTheNewerSlot) {
  Performance p;
  p.RecordRequest(Req("/r", 1, kStart + 61 * kMinute));
  p.RecordRequest(Req("/r", 1, kStart + 1 * kMinute));  // same slot, an hour older
  EXPECT_EQ(p.Summarize(1, "acme", kStart + 61 * kMinute).routes.at(0).requests, 2u);
}

}  // namespace
}  // namespace packprod::ops
