#include "ops/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace packprod::ops {
namespace {

constexpr int kExactBuckets = 256;  // values 0..255 have a bucket each
constexpr int kSubBuckets = 1 << LogHistogram::kSubBucketBits;

}  // namespace

int LogHistogram::BucketOf(std::uint64_t v) {
  v = std::min(v, kMaxValue);
  if (v < kExactBuckets) return static_cast<int>(v);
  int e = static_cast<int>(std::bit_width(v)) - 1;  // v in [2^e, 2^(e+1)), e >= 8
  int shift = e - kSubBucketBits;
  int sub = static_cast<int>(v >> shift) - kSubBuckets;
  return kExactBuckets + (e - 8) * kSubBuckets + sub;
}

std::uint64_t LogHistogram::BucketLow(int b) {
  if (b < kExactBuckets) return static_cast<std::uint64_t>(b);
  int k = b - kExactBuckets;
  int e = 8 + k / kSubBuckets;
  std::uint64_t sub = static_cast<std::uint64_t>(k % kSubBuckets);
  return (kSubBuckets + sub) << (e - kSubBucketBits);
}

std::uint64_t LogHistogram::BucketHigh(int b) {
  if (b < kExactBuckets) return static_cast<std::uint64_t>(b);
  int e = 8 + (b - kExactBuckets) / kSubBuckets;
  return BucketLow(b) + (std::uint64_t{1} << (e - kSubBucketBits)) - 1;
}

void LogHistogram::Record(std::uint64_t v, std::uint64_t n) {
  if (n == 0) return;
  v = std::min(v, kMaxValue);
  auto bucket = static_cast<std::uint32_t>(BucketOf(v));
  auto it = std::lower_bound(cells_.begin(), cells_.end(), bucket,
                             [](const Cell& c, std::uint32_t b) { return c.bucket < b; });
  if (it != cells_.end() && it->bucket == bucket) {
    it->count += n;
  } else {
    cells_.insert(it, Cell{bucket, n});
  }
  count_ += n;
  sum_ += v * n;
  min_ = std::min(min_, v);
  max_ = std::max(max_, v);
}

void LogHistogram::Merge(const LogHistogram& other) {
  if (other.count_ == 0) return;
  std::vector<Cell> merged;
  merged.reserve(cells_.size() + other.cells_.size());
  auto a = cells_.begin();
  auto b = other.cells_.begin();
  while (a != cells_.end() || b != other.cells_.end()) {
    if (b == other.cells_.end() || (a != cells_.end() && a->bucket < b->bucket)) {
      merged.push_back(*a++);
    } else if (a == cells_.end() || b->bucket < a->bucket) {
      merged.push_back(*b++);
    } else {
      merged.push_back(Cell{a->bucket, a->count + b->count});
      ++a;
      ++b;
    }
  }
  cells_ = std::move(merged);
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

void LogHistogram::Clear() { *this = LogHistogram(); }

double LogHistogram::Percentile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  if (rank == count_) return static_cast<double>(max_);
  if (rank == 1) return static_cast<double>(min_);
  std::uint64_t seen = 0;
  for (const Cell& c : cells_) {
    seen += c.count;
    if (seen < rank) continue;
    auto low = static_cast<double>(std::max(BucketLow(static_cast<int>(c.bucket)), min_));
    auto high = static_cast<double>(std::min(BucketHigh(static_cast<int>(c.bucket)), max_));
    return (low + high) / 2;
  }
  return static_cast<double>(max_);
}

}  // namespace packprod::ops
