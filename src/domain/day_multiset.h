// The local days of a contact's counted orders, with multiplicity (several orders on one
// day count several times): what the views keep per contact so that its cadence
// (reorders.h) and the neighbours of a day are found without reading every order again.
//
// Encoding (a view row's blob, identical on every engine): a sequence of entries, each the
// zigzag varint of (day - previous day; the first entry's previous day is 0) followed by
// the varint of the day's count (>= 1). Days strictly ascending. The empty set is "".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/status.h"
#include "domain/time.h"

namespace packprod {

class DayMultiset {
 public:
  using Entry = std::pair<DayNumber, std::int64_t>;  // day, count (>= 1)

  DayMultiset() = default;
  // Internal (a damaged view row) for a truncated or malformed encoding, a count below 1,
  // days not strictly ascending or outside DayNumber's range.
  static Result<DayMultiset> Decode(std::string_view bytes);
  // The orders (sum of counts) on days < `bound` of the encoded set `bytes`, read without
  // building the set: the entries are read in order up to the first day >= `bound`, each
  // checked as Decode checks it (Internal for a damaged one); the rest is not read.
  static Result<std::int64_t> CountBefore(std::string_view bytes, DayNumber bound);
  std::string Encode() const;

  // Adds `n` (negative: removes) orders on `day`. Internal when a count would go below
  // zero (the views are out of step with the orders); the set is then unchanged.
  Status Add(DayNumber day, std::int64_t n);

  const std::vector<Entry>& entries() const { return entries_; }
  bool empty() const { return entries_.empty(); }
  std::int64_t total() const;  // orders (sum of counts)
  // Every day repeated by its count, ascending (CadenceOf's input).
  std::vector<DayNumber> Expanded() const;
  // The greatest day < `day` / the least day > `day` in the set.
  std::optional<DayNumber> Before(DayNumber day) const;
  std::optional<DayNumber> After(DayNumber day) const;

  bool operator==(const DayMultiset&) const = default;

 private:
  std::vector<Entry> entries_;  // days strictly ascending
};

}  // namespace packprod
