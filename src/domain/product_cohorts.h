// Cohorts by first product (docs/metrics.md "Cohorts"): a contact belongs to the cohort of
// each product code of its first counted order, earliest (createdAt, then orderReference);
// for each later month its counted orders (all products) count for every such cohort.
// The views keep one FirstOrder per contact and per (code, cohort month, month) counters;
// the report sums them by month offset. Pure; no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "domain/money.h"
#include "domain/order.h"
#include "domain/segment_history.h"
#include "domain/status.h"
#include "domain/time.h"

namespace packprod {

// A contact's first counted order: the least (createdAt, orderReference).
struct FirstOrder {
  Millis at = 0;
  std::string reference;
  MonthNumber month = 0;           // the local month of `at` (the cohort month)
  std::vector<std::string> codes;  // the distinct codes of its lines, ascending; may be empty
  bool operator==(const FirstOrder&) const = default;
};

// Whether the order (a_at, a_ref) comes before (b_at, b_ref): createdAt, then reference.
bool OrderBefore(Millis a_at, std::string_view a_ref, Millis b_at, std::string_view b_ref);

// The codes as a view row's text (a JSON array of strings, identical on every engine) and
// back; Internal for a damaged row.
std::string EncodeCodes(const std::vector<std::string>& codes);
Result<std::vector<std::string>> DecodeCodes(std::string_view text);

// The first order's row of order `o` in zone `tz` (whatever its status).
FirstOrder FirstOrderRow(const Order& o, const TimeZone& tz);
// Keeps in *first the earlier of it and `o` when `o` counts (verify, cache=bypass).
void OfferFirstOrder(std::optional<FirstOrder>* first, const Order& o, const TimeZone& tz);

// (code, cohort month, activity month) -> the cohort's contacts with a counted order in
// the month and those orders' revenue (all their products).
using ProductCohortKey = std::tuple<std::string, MonthNumber, MonthNumber>;
using ProductCohortCells = std::map<ProductCohortKey, CohortCell>;

// Adds `sign` times one contact's contribution: for each code of `first` (null: none),
// one customer and the month's spend in each month of `days`, the cohort month being
// first->month.
void AddProductCohortCells(ProductCohortCells& cells, const FirstOrder* first,
                           const SpendDays& days, int sign);

// One product cohort of the report: `offsets[k]` is month offset k from the customers'
// first-order months.
struct ProductCohort {
  std::string code;
  std::int64_t customers = 0;  // the cohort's size (its customers at offset 0)
  Cents revenue = 0;           // over every offset listed
  std::vector<CohortCell> offsets;
  bool operator==(const ProductCohort&) const = default;
};

// The product cohorts of the contacts whose first-order month lies in [from, to], from
// cells holding at least those cohort months: each code with a customer, offsets 0 to
// `now` minus its earliest cohort month (activity months after `now` left out); the
// largest `limit` by size, ties by code ascending.
std::vector<ProductCohort> ProductCohortsOf(const ProductCohortCells& cells, MonthNumber from,
                                            MonthNumber to, MonthNumber now, int limit);

}  // namespace packprod
