#include "domain/day_multiset.h"

#include <algorithm>
#include <limits>

#include "domain/varint.h"

namespace packprod {
namespace {

Status Corrupt(const char* why) {
  return Status::Internal(std::string("damaged order-day set in the views (") + why +
                          "): rebuild the views");
}

// Reads the next entry of an encoding (`prev`: the previous entry's day; `first`: none yet)
// into *day and *count with Decode's checks.
Status NextEntry(std::string_view& bytes, bool first, std::int64_t prev, DayNumber* day,
                 std::int64_t* count) {
  std::uint64_t delta = 0, n = 0;
  if (!varint::Get(bytes, &delta) || !varint::Get(bytes, &n)) return Corrupt("truncated");
  const std::int64_t d = varint::UnZigZag(delta);
  if (!first && d <= 0) return Corrupt("days not ascending");
  if (n < 1 || n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return Corrupt("count out of range");
  }
  // |prev| and |d| are bounded by the checks, so the sum cannot overflow int64.
  if (d > std::int64_t{1} << 40 || d < -(std::int64_t{1} << 40)) return Corrupt("day out of range");
  const std::int64_t at = prev + d;
  if (at < std::numeric_limits<DayNumber>::min() || at > std::numeric_limits<DayNumber>::max()) {
    return Corrupt("day out of range");
  }
  *day = static_cast<DayNumber>(at);
  *count = static_cast<std::int64_t>(n);
  return Status::Ok();
}

}  // namespace

Result<DayMultiset> DayMultiset::Decode(std::string_view bytes) {
  DayMultiset out;
  std::int64_t prev = 0;
  while (!bytes.empty()) {
    DayNumber day = 0;
    std::int64_t count = 0;
    PP_RETURN_IF_ERROR(NextEntry(bytes, out.entries_.empty(), prev, &day, &count));
    out.entries_.emplace_back(day, count);
    prev = day;
  }
  return out;
}

Result<std::int64_t> DayMultiset::CountBefore(std::string_view bytes, DayNumber bound) {
  std::int64_t n = 0;
  std::int64_t prev = 0;
  for (bool first = true; !bytes.empty(); first = false) {
    DayNumber day = 0;
    std::int64_t count = 0;
    PP_RETURN_IF_ERROR(NextEntry(bytes, first, prev, &day, &count));
    if (day >= bound) break;  // ascending
    n += count;
    prev = day;
  }
  return n;
}

std::string DayMultiset::Encode() const {
  std::string out;
  out.reserve(entries_.size() * 3);
  std::int64_t prev = 0;
  for (const auto& [day, count] : entries_) {
    varint::Put(out, varint::ZigZag(static_cast<std::int64_t>(day) - prev));
    varint::Put(out, static_cast<std::uint64_t>(count));
    prev = day;
  }
  return out;
}

Status DayMultiset::Add(DayNumber day, std::int64_t n) {
  if (n == 0) return Status::Ok();
  auto it = std::lower_bound(entries_.begin(), entries_.end(), day,
                             [](const Entry& e, DayNumber d) { return e.first < d; });
  const bool present = it != entries_.end() && it->first == day;
  const std::int64_t now = (present ? it->second : 0) + n;
  if (now < 0) {
    return Status::Internal("order-day set below zero on day " + std::to_string(day) +
                            ": rebuild the views");
  }
  if (now == 0) {
    entries_.erase(it);  // present: n < 0 reached exactly zero
  } else if (present) {
    it->second = now;
  } else {
    entries_.insert(it, Entry{day, now});
  }
  return Status::Ok();
}

std::int64_t DayMultiset::total() const {
  std::int64_t n = 0;
  for (const auto& e : entries_) n += e.second;
  return n;
}

std::vector<DayNumber> DayMultiset::Expanded() const {
  std::vector<DayNumber> out;
  out.reserve(static_cast<std::size_t>(total()));
  for (const auto& [day, count] : entries_) out.insert(out.end(), count, day);
  return out;
}

std::optional<DayNumber> DayMultiset::Before(DayNumber day) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), day,
                             [](const Entry& e, DayNumber d) { return e.first < d; });
  if (it == entries_.begin()) return std::nullopt;
  return std::prev(it)->first;
}

std::optional<DayNumber> DayMultiset::After(DayNumber day) const {
  auto it = std::upper_bound(entries_.begin(), entries_.end(), day,
                             [](DayNumber d, const Entry& e) { return d < e.first; });
  if (it == entries_.end()) return std::nullopt;
  return it->first;
}

}  // namespace packprod
