// Distinct customers of any range of whole local days from one small row per day, exact,
// without a row per contact: the "first occurrence since" counts.
//
// For every contact and every distinct local day d on which it has a counted order, let
// p be its previous order day (none for its first). The row of day d holds how many of
// those occurrences have no p (`firsts`: the contacts whose first counted order is on d)
// and the multiset of the others' p (`previous`, a DayMultiset). A contact with an order
// in [a, b] is counted exactly once by the occurrence of its first order day in [a, b],
// the only one whose p is before a (or none). So
//   distinct contacts in [a, b] = sum over d in [a, b] of firsts(d) + #{p in previous(d) : p < a}
// and the contacts whose first order ever lies in [a, b] = sum of firsts(d).
//
// A contact's orders changing moves only its own occurrences: DayCustomersChange turns its
// order days before and after into deltas of the rows. Pure; no I/O.
//
// The same rows per key (product_day_customers: per product code, over each contact's
// order days of that product) count the distinct customers of one product in any range:
// the keyed helpers below apply the functions above per key.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "domain/day_multiset.h"
#include "domain/status.h"
#include "domain/time.h"

namespace packprod {

// One day's row (the view day_customers).
struct DayCustomers {
  DayNumber day = 0;
  std::int64_t firsts = 0;  // contacts whose first counted order day is `day`
  DayMultiset previous;     // the previous order day of every other contact ordering on `day`

  // Contacts with a counted order on `day`.
  std::int64_t customers() const { return firsts + previous.total(); }
  // Contacts ordering on `day` with no order day in [from, day): firsts plus those whose
  // previous order day is before `from` (from <= day).
  std::int64_t FirstSince(DayNumber from) const;
  bool operator==(const DayCustomers&) const = default;
};

// Signed changes of one day's row.
struct DayCustomersDelta {
  std::int64_t firsts = 0;
  std::map<DayNumber, std::int64_t> previous;  // previous day -> count change (never 0)
  bool empty() const { return firsts == 0 && previous.empty(); }
};
using DayCustomersDeltas = std::map<DayNumber, DayCustomersDelta>;

// Adds to `out` the change of one contact's occurrences when its counted order days go
// from `before` to `after` (multiplicities ignored: a day counts once).
void DayCustomersChange(const DayMultiset& before, const DayMultiset& after,
                        DayCustomersDeltas* out);

// Applies `d` to `row` (its day already set). Internal when a count would go below zero
// (the views are out of step with the orders); `row` may then be partly changed.
Status ApplyDayCustomersDelta(const DayCustomersDelta& d, DayCustomers* row);

// Distinct contacts with a counted order day in [from, to], from the rows of (at least)
// those days; rows outside the range are ignored.
std::int64_t DistinctCustomers(const std::vector<DayCustomers>& rows, DayNumber from,
                               DayNumber to);
// Contacts whose first counted order day lies in [from, to].
std::int64_t FirstCustomers(const std::vector<DayCustomers>& rows, DayNumber from, DayNumber to);

// Every day's row from each contact's counted order days (any order, repeats allowed), by
// day ascending: the independent recomputation `verify` compares with.
std::vector<DayCustomers> DayCustomersOf(
    const std::map<std::string, std::vector<DayNumber>>& order_days);

// Per key (a product code): the deltas of its rows, the rows, and DayCustomersOf the
// contacts' order days under that key (key -> contact -> days).
using KeyedDayCustomersDeltas = std::map<std::string, DayCustomersDeltas>;
using KeyedDayCustomers = std::map<std::string, std::vector<DayCustomers>>;
KeyedDayCustomers DayCustomersByKey(
    const std::map<std::string, std::map<std::string, std::vector<DayNumber>>>& order_days);

}  // namespace packprod
