#include "domain/day_customers.h"

#include <optional>
#include <set>

namespace packprod {
namespace {

// (day, previous day or none) of each distinct day of `days`, day ascending.
using Occurrence = std::pair<DayNumber, std::optional<DayNumber>>;

std::vector<Occurrence> Occurrences(const DayMultiset& days) {
  std::vector<Occurrence> out;
  out.reserve(days.entries().size());
  std::optional<DayNumber> prev;
  for (const auto& [day, count] : days.entries()) {
    out.emplace_back(day, prev);
    prev = day;
  }
  return out;
}

void AddOccurrence(const Occurrence& o, std::int64_t n, DayCustomersDeltas* out) {
  DayCustomersDelta& d = (*out)[o.first];
  if (!o.second) {
    d.firsts += n;
    return;
  }
  auto [it, inserted] = d.previous.emplace(*o.second, 0);
  it->second += n;
  if (it->second == 0) d.previous.erase(it);
}

}  // namespace

std::int64_t DayCustomers::FirstSince(DayNumber from) const {
  std::int64_t n = firsts;
  for (const auto& [p, count] : previous.entries()) {
    if (p >= from) break;  // ascending
    n += count;
  }
  return n;
}

void DayCustomersChange(const DayMultiset& before, const DayMultiset& after,
                        DayCustomersDeltas* out) {
  const std::vector<Occurrence> a = Occurrences(before), b = Occurrences(after);
  // Both lists are sorted by day (each day once): a merge finds the occurrences that differ.
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].first < b[j].first)) {
      AddOccurrence(a[i++], -1, out);
    } else if (i == a.size() || b[j].first < a[i].first) {
      AddOccurrence(b[j++], +1, out);
    } else {
      if (a[i].second != b[j].second) {
        AddOccurrence(a[i], -1, out);
        AddOccurrence(b[j], +1, out);
      }
      ++i;
      ++j;
    }
  }
  for (auto it = out->begin(); it != out->end();) {
    it = it->second.empty() ? out->erase(it) : std::next(it);
  }
}

Status ApplyDayCustomersDelta(const DayCustomersDelta& d, DayCustomers* row) {
  row->firsts += d.firsts;
  if (row->firsts < 0) {
    return Status::Internal("day_customers below zero on day " + std::to_string(row->day) +
                            ": rebuild the views");
  }
  for (const auto& [p, n] : d.previous) PP_RETURN_IF_ERROR(row->previous.Add(p, n));
  return Status::Ok();
}

std::int64_t DistinctCustomers(const std::vector<DayCustomers>& rows, DayNumber from,
                               DayNumber to) {
  std::int64_t n = 0;
  for (const DayCustomers& r : rows) {
    if (from <= r.day && r.day <= to) n += r.FirstSince(from);
  }
  return n;
}

std::int64_t FirstCustomers(const std::vector<DayCustomers>& rows, DayNumber from,
                            DayNumber to) {
  std::int64_t n = 0;
  for (const DayCustomers& r : rows) {
    if (from <= r.day && r.day <= to) n += r.firsts;
  }
  return n;
}

std::vector<DayCustomers> DayCustomersOf(
    const std::map<std::string, std::vector<DayNumber>>& order_days) {
  std::map<DayNumber, DayCustomers> by_day;
  for (const auto& [contact, days] : order_days) {
    const std::set<DayNumber> distinct(days.begin(), days.end());
    std::optional<DayNumber> prev;
    for (DayNumber d : distinct) {
      DayCustomers& row = by_day[d];
      row.day = d;
      if (prev) {
        (void)row.previous.Add(*prev, 1);  // adding never fails
      } else {
        ++row.firsts;
      }
      prev = d;
    }
  }
  std::vector<DayCustomers> out;
  out.reserve(by_day.size());
  for (auto& [d, row] : by_day) out.push_back(std::move(row));
  return out;
}

KeyedDayCustomers DayCustomersByKey(
    const std::map<std::string, std::map<std::string, std::vector<DayNumber>>>& order_days) {
  KeyedDayCustomers out;
  for (const auto& [key, days] : order_days) {
    std::vector<DayCustomers> rows = DayCustomersOf(days);
    if (!rows.empty()) out.emplace(key, std::move(rows));
  }
  return out;
}

}  // namespace packprod
