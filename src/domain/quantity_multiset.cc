#include "domain/quantity_multiset.h"

#include <algorithm>
#include <limits>

#include "domain/varint.h"

namespace packprod {
namespace {

Status Corrupt(const char* why) {
  return Status::Internal(std::string("damaged quantity set in the views (") + why +
                          "): rebuild the views");
}

// Floor of (a + b) / 2 without overflow.
std::int64_t FloorMean(std::int64_t a, std::int64_t b) {
  return (a >> 1) + (b >> 1) + (a & b & 1);
}

}  // namespace

Result<QuantityMultiset> QuantityMultiset::Decode(std::string_view bytes) {
  QuantityMultiset out;
  std::int64_t prev = 0;
  while (!bytes.empty()) {
    std::uint64_t delta = 0, count = 0;
    if (!varint::Get(bytes, &delta) || !varint::Get(bytes, &count)) return Corrupt("truncated");
    const std::int64_t d = varint::UnZigZag(delta);
    if (!out.entries_.empty() && d <= 0) return Corrupt("values not ascending");
    if (count < 1 || count > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return Corrupt("count out of range");
    }
    std::int64_t value = 0;
    if (__builtin_add_overflow(prev, d, &value) || value < 0) return Corrupt("value out of range");
    out.entries_.emplace_back(value, static_cast<std::int64_t>(count));
    prev = value;
  }
  return out;
}

std::string QuantityMultiset::Encode() const {
  std::string out;
  out.reserve(entries_.size() * 3);
  std::int64_t prev = 0;
  for (const auto& [value, count] : entries_) {
    varint::Put(out, varint::ZigZag(value - prev));  // values >= 0: no overflow
    varint::Put(out, static_cast<std::uint64_t>(count));
    prev = value;
  }
  return out;
}

Status QuantityMultiset::Add(std::int64_t value, std::int64_t n) {
  if (n == 0) return Status::Ok();
  if (value < 0) return Status::Internal("negative quantity " + std::to_string(value));
  auto it = std::lower_bound(entries_.begin(), entries_.end(), value,
                             [](const Entry& e, std::int64_t v) { return e.first < v; });
  const bool present = it != entries_.end() && it->first == value;
  const std::int64_t now = (present ? it->second : 0) + n;
  if (now < 0) {
    return Status::Internal("quantity set below zero for " + std::to_string(value) +
                            ": rebuild the views");
  }
  if (now == 0) {
    entries_.erase(it);
  } else if (present) {
    it->second = now;
  } else {
    entries_.insert(it, Entry{value, now});
  }
  return Status::Ok();
}

std::int64_t QuantityMultiset::total() const {
  std::int64_t n = 0;
  for (const auto& e : entries_) n += e.second;
  return n;
}

std::int64_t QuantityMultiset::MedianFloor() const {
  const std::int64_t n = total();
  if (n == 0) return 0;
  // 0-based ranks of the middle value(s): (n-1)/2 and n/2.
  const std::int64_t lo_rank = (n - 1) / 2, hi_rank = n / 2;
  std::int64_t seen = 0, lo = 0, hi = 0;
  bool have_lo = false;
  for (const auto& [value, count] : entries_) {
    if (!have_lo && lo_rank < seen + count) {
      lo = value;
      have_lo = true;
    }
    if (hi_rank < seen + count) {
      hi = value;
      break;
    }
    seen += count;
  }
  return FloorMean(lo, hi);
}

}  // namespace packprod
