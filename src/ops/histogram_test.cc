#include "ops/histogram.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace packprod::ops {
namespace {

// Nearest-rank percentile of sorted `v`.
double Exact(const std::vector<std::uint64_t>& sorted, double q) {
  auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1]);
}

void ExpectWithin1Percent(const LogHistogram& h, std::vector<std::uint64_t> values) {
  std::sort(values.begin(), values.end());
  for (double q : {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1.0}) {
    double exact = Exact(values, q);
    double got = h.Percentile(q);
    EXPECT_LE(std::fabs(got - exact), 0.01 * exact + 1e-9) << "q=" << q << " exact=" << exact;
  }
}

TEST(HistogramTest, BucketsAreContiguousAndNarrow) {
  for (int b = 0; b + 1 < LogHistogram::kBucketCount; ++b) {
    ASSERT_EQ(LogHistogram::BucketHigh(b) + 1, LogHistogram::BucketLow(b + 1)) << b;
    double low = static_cast<double>(LogHistogram::BucketLow(b));
    double width = static_cast<double>(LogHistogram::BucketHigh(b)) - low + 1;
    if (b >= 256) {
      ASSERT_LE(width / low, 1.0 / 128 + 1e-12) << b;
    }
  }
  for (std::uint64_t v :
       std::vector<std::uint64_t>{0, 1, 255, 256, 257, 1000, 123456789, LogHistogram::kMaxValue}) {
    int b = LogHistogram::BucketOf(v);
    EXPECT_LE(LogHistogram::BucketLow(b), v);
    EXPECT_GE(LogHistogram::BucketHigh(b), v);
  }
  EXPECT_EQ(LogHistogram::BucketOf(LogHistogram::kMaxValue), LogHistogram::kBucketCount - 1);
  EXPECT_EQ(LogHistogram::BucketOf(~0ull), LogHistogram::kBucketCount - 1);
}

TEST(HistogramTest, EmptyAndSmallValuesAreExact) {
  LogHistogram h;
  EXPECT_EQ(h.Percentile(0.5), 0);
  for (std::uint64_t v = 1; v <= 100; ++v) h.Record(v);
  EXPECT_EQ(h.Percentile(0.5), 50);
  EXPECT_EQ(h.Percentile(0.99), 99);
  EXPECT_EQ(h.Percentile(1), 100);
  EXPECT_EQ(h.Percentile(0), 1);
  EXPECT_EQ(h.count(), 100u);
  EXPECT_EQ(h.sum(), 5050u);
  EXPECT_EQ(h.min(), 1u);
  EXPECT_EQ(h.max(), 100u);
}

TEST(HistogramTest, PercentilesWithinOnePercentOnRandomData) {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> latency(std::log(3000.0), 1.2);  // µs, ~3 ms median
  std::uniform_int_distribution<std::uint64_t> wide(0, 50'000'000);
  for (int round = 0; round < 20; ++round) {
    LogHistogram h;
    std::vector<std::uint64_t> values;
    int n = 1 + static_cast<int>(rng() % 20000);
    for (int i = 0; i < n; ++i) {
      auto v = round % 2 == 0 ? static_cast<std::uint64_t>(latency(rng)) : wide(rng);
      values.push_back(v);
      h.Record(v);
    }
    ExpectWithin1Percent(h, values);
  }
}

TEST(HistogramTest, MergeEqualsRecordingEverything) {
  std::mt19937_64 rng(7);
  std::exponential_distribution<double> dist(1.0 / 20000);
  LogHistogram all, merged;
  std::vector<std::uint64_t> values;
  for (int part = 0; part < 30; ++part) {
    LogHistogram h;
    for (int i = 0; i < 500; ++i) {
      auto v = static_cast<std::uint64_t>(dist(rng));
      values.push_back(v);
      h.Record(v);
      all.Record(v);
    }
    merged.Merge(h);
  }
  EXPECT_EQ(merged.count(), all.count());
  EXPECT_EQ(merged.sum(), all.sum());
  EXPECT_EQ(merged.buckets_used(), all.buckets_used());
  for (double q : {0.5, 0.9, 0.99}) EXPECT_EQ(merged.Percentile(q), all.Percentile(q));
  ExpectWithin1Percent(merged, values);
}

TEST(HistogramTest, MemoryIsBoundedByBucketsInUse) {
  LogHistogram h;
  for (int i = 0; i < 1'000'000; ++i) h.Record(5000);
  EXPECT_EQ(h.buckets_used(), 1u);
  EXPECT_EQ(h.Percentile(0.5), 5000);
  h.Record(0, 3);
  h.Record(LogHistogram::kMaxValue + 12345);
  EXPECT_EQ(h.buckets_used(), 3u);
  EXPECT_EQ(h.max(), LogHistogram::kMaxValue);
}

}  // namespace
}  // namespace packprod::ops
