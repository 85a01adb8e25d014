// LogHistogram: a mergeable, bounded-memory histogram of non-negative integers (the
// performance window records latencies in microseconds), in the manner of HDR
// histograms.
//
// Buckets are log-linear: values below 256 have a bucket each; above, every power of two
// [2^e, 2^(e+1)) is split into 128 equal buckets, so a bucket is at most 1/128 of its
// lower bound wide. A percentile is reported as the middle of the bucket holding the
// nearest-rank sample (clamped to the recorded min and max; the first and last rank are
// the exact min and max), which is within 0.4% of the exact nearest-rank value. Values above
// kMaxValue count as kMaxValue.
//
// Memory: only the buckets in use are stored (16 bytes each); at most kBucketCount.
// Thread-safety: none; a LogHistogram is a value guarded by its owner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace packprod::ops {

class LogHistogram {
 public:
  static constexpr int kSubBucketBits = 7;  // 128 buckets per power of two
  static constexpr std::uint64_t kMaxValue = (std::uint64_t{1} << 40) - 1;  // ~12.7 days in µs
  static constexpr int kBucketCount = 256 + (40 - 8) * 128;

  // The bucket of `v` (after clamping to kMaxValue), in [0, kBucketCount).
  static int BucketOf(std::uint64_t v);
  // The smallest and the largest value of bucket `b` (both inclusive).
  static std::uint64_t BucketLow(int b);
  static std::uint64_t BucketHigh(int b);

  // Counts `n` occurrences of `v`.
  void Record(std::uint64_t v, std::uint64_t n = 1);
  // Adds every count of `other` to this one.
  void Merge(const LogHistogram& other);
  void Clear();

  std::uint64_t count() const { return count_; }
  // Sum of the recorded values (after clamping).
  std::uint64_t sum() const { return sum_; }
  std::uint64_t min() const { return count_ == 0 ? 0 : min_; }
  std::uint64_t max() const { return max_; }
  // Buckets in use (memory is about 16 bytes per bucket).
  std::size_t buckets_used() const { return cells_.size(); }

  // The nearest-rank q-quantile (q in [0, 1], clamped): the value of the sample of rank
  // ceil(q * count) (at least 1), to within the bucket precision above. 0 when empty.
  double Percentile(double q) const;

 private:
  struct Cell {
    std::uint32_t bucket;
    std::uint64_t count;
  };
  std::vector<Cell> cells_;  // ascending by bucket, counts > 0
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
};

}  // namespace packprod::ops
