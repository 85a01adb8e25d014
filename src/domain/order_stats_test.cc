#include "domain/order_stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "domain/reports.h"

namespace packprod {
namespace {

TEST(OrderStats, BucketsAreMonotoneAndTheirRangesHoldTheirTotals) {
  std::mt19937_64 rng(7);
  std::vector<Cents> values = {0, 1, -1, 255, 256, 257, -256, -257, 12345, -12345,
                               std::numeric_limits<Cents>::max(),
                               std::numeric_limits<Cents>::min()};
  for (int i = 0; i < 20000; ++i) {
    const int bits = static_cast<int>(rng() % 63);
    Cents v = static_cast<Cents>(rng() >> (64 - bits - 1)) >> 1;
    values.push_back(rng() % 3 == 0 ? -v : v);
  }
  std::sort(values.begin(), values.end());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::int64_t b = TotalBucket(values[i]);
    auto [lo, hi] = BucketRange(b);
    EXPECT_LE(lo, values[i]);
    EXPECT_GE(hi, values[i]);
    EXPECT_EQ(TotalBucket(lo), b);
    EXPECT_EQ(TotalBucket(hi), b);
    if (i > 0) EXPECT_LE(TotalBucket(values[i - 1]), b) << values[i - 1] << " " << values[i];
  }
  // Adjacent buckets touch: no total falls between them.
  for (std::int64_t b = -3000; b < 3000; ++b) {
    EXPECT_EQ(BucketRange(b).second + 1, BucketRange(b + 1).first) << b;
  }
  // Near 100.00 a bucket spans 64 cents.
  auto [lo, hi] = BucketRange(TotalBucket(10000));
  EXPECT_EQ(hi - lo + 1, 64);
}

TEST(OrderStats, GapKeyClassifiesLikeDeriveFrequency) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < 20000; ++i) {
    CustomerAggregate a;
    a.order_count = static_cast<std::int64_t>(rng() % 6);
    if (a.order_count > 0) {
      a.first_order = static_cast<Millis>(rng() % (400 * kDayMs));
      a.last_order = *a.first_order + static_cast<Millis>(rng() % (800 * kDayMs));
      if (rng() % 4 == 0) a.last_order = *a.first_order + (rng() % 40) * kDayMs;
      if (a.order_count == 1) a.last_order = a.first_order;
    }
    ClientSettings s;
    s.weekly_days = static_cast<std::int64_t>(rng() % 12);
    s.fortnightly_days = s.weekly_days + static_cast<std::int64_t>(rng() % 12);
    s.monthly_days = s.fortnightly_days + static_cast<std::int64_t>(rng() % 40);
    s.quarterly_days = s.monthly_days + static_cast<std::int64_t>(rng() % 100);
    std::map<std::int64_t, std::int64_t> gaps;
    if (auto k = GapKey(a)) gaps[*k] = 1;
    auto counts = FrequenciesFromGaps(gaps, s);
    std::optional<Frequency> want = DeriveFrequency(a, s);
    for (int f = 0; f < kFrequencyCount; ++f) {
      EXPECT_EQ(counts[f], want && static_cast<int>(*want) == f ? 1 : 0)
          << "orders " << a.order_count << " first " << a.first_order.value_or(0) << " last "
          << a.last_order.value_or(0);
    }
  }
}

TEST(OrderStats, PercentilesFromTotalsMatchNearestRank) {
  std::mt19937_64 rng(3);
  for (int round = 0; round < 200; ++round) {
    std::vector<Cents> all;
    const int n = static_cast<int>(rng() % 300);
    for (int i = 0; i < n; ++i) all.push_back(static_cast<Cents>(rng() % 50) * 100 - 500);
    std::sort(all.begin(), all.end());
    std::vector<std::pair<Cents, std::int64_t>> totals;
    for (Cents c : all) {
      if (!totals.empty() && totals.back().first == c) {
        ++totals.back().second;
      } else {
        totals.emplace_back(c, 1);
      }
    }
    StatisticsFigures f;
    FiguresFromTotals(totals, &f);
    Cents revenue = 0;
    for (Cents c : all) revenue += c;
    EXPECT_EQ(f.revenue, revenue);
    for (std::size_t i = 0; i < kStatisticsPercentiles.size(); ++i) {
      EXPECT_EQ(f.percentiles[i], PercentileNearestRank(all, kStatisticsPercentiles[i]));
    }
  }
}

TEST(OrderStats, AddingAndRemovingAnOrderLeavesNoRow) {
  auto tz = TimeZone::Find("Australia/Sydney");
  ASSERT_TRUE(tz);
  StatsRows rows;
  const Millis t = 1'735'000'000'000;
  AddOrderStats(&rows, t, OrderStatus::kCompleted, 4999, *tz, +1);
  AddOrderStats(&rows, t, OrderStatus::kCancelled, 4999, *tz, +1);
  EXPECT_EQ(rows.cells.size(), 4u);   // two statuses, day and all time
  EXPECT_EQ(rows.totals.size(), 2u);  // the counted one only
  EXPECT_EQ(rows.buckets.size(), 1u);
  EXPECT_EQ(rows.cells.count({kStatsAllTime, OrderStatus::kCancelled, tz->LocalWeekday(t),
                              tz->LocalHour(t)}),
            1u);
  AddOrderStats(&rows, t, OrderStatus::kCompleted, 4999, *tz, -1);
  AddOrderStats(&rows, t, OrderStatus::kCancelled, 4999, *tz, -1);
  EXPECT_TRUE(rows.empty());
}

}  // namespace
}  // namespace packprod
