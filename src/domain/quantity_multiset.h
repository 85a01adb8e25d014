// The quantities of a product in a contact's counted orders, with multiplicity (one entry
// per order): DayMultiset's sibling for 64-bit values, kept per (contact, product) by the
// views so that the median quantity stays exact under removals.
//
// Encoding (a view row's blob, identical on every engine, the same scheme as
// DayMultiset): a sequence of entries, each the zigzag varint of (value - previous value;
// the first entry's previous value is 0) followed by the varint of the value's count
// (>= 1). Values strictly ascending. The empty set is "".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/status.h"

namespace packprod {

class QuantityMultiset {
 public:
  using Entry = std::pair<std::int64_t, std::int64_t>;  // value, count (>= 1)

  QuantityMultiset() = default;
  // Internal (a damaged view row) for a truncated or malformed encoding, a count below 1,
  // a negative value, or values not strictly ascending.
  static Result<QuantityMultiset> Decode(std::string_view bytes);
  std::string Encode() const;

  // Adds `n` (negative: removes) occurrences of `value` (>= 0: a quantity). Internal for a
  // negative value or when a count would go below zero; the set is then unchanged.
  Status Add(std::int64_t value, std::int64_t n);

  const std::vector<Entry>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }
  std::int64_t total() const;  // occurrences (sum of counts)
  // MedianFloor (domain/reorders.h) of the expanded values; 0 when empty.
  std::int64_t MedianFloor() const;

  bool operator==(const QuantityMultiset&) const = default;

 private:
  std::vector<Entry> entries_;  // values strictly ascending
};

}  // namespace packprod
