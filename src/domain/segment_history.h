// Segment movements and cohorts (docs/metrics.md "Segment movements", "Cohorts"): both are
// functions of one contact's counted orders by local day with their spend, its SpendDays,
// so the views keep that per contact and derive the contact's movements and cohort cells
// from it whenever its orders change. Pure; no I/O.
//
// A contact's segment on local day D (DaySegment) is docs/metrics.md's rule evaluated in
// whole local days over its counted orders of days <= D: none before its first order day;
// Dormant when D - (latest order day <= D) > dormantDays; VIP when the spend or the order
// count up to D reaches the client's bounds; New when D - (first order day) <= newDays;
// else Active. A movement is a day whose segment differs from the day before's; between
// order days the segment changes only by time (New -> Active, -> Dormant), so a contact's
// movements, including those after its last order, are known from its orders alone.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/metrics.h"
#include "domain/money.h"
#include "domain/day_multiset.h"
#include "domain/order.h"
#include "domain/status.h"
#include "domain/time.h"

namespace packprod {

// One contact's counted orders per local day: (day, orders >= 1, spend in cents).
struct SpendDay {
  DayNumber day = 0;
  std::int64_t orders = 0;
  Cents spend = 0;
  bool operator==(const SpendDay&) const = default;
};

class SpendDays {
 public:
  SpendDays() = default;
  // Encoding (a view row's text, identical on every engine): "day:orders:spend" per day,
  // days ascending, joined by ';'; "" for no counted order. Internal (a damaged view row)
  // when malformed, not ascending or with orders below 1.
  static Result<SpendDays> Decode(std::string_view text);
  std::string Encode() const;

  // Adds `orders` (negative: removes) orders and their `spend` on `day`; a day whose
  // orders reach 0 is dropped. Internal when orders would go below zero.
  Status Add(DayNumber day, std::int64_t orders, Cents spend);

  const std::vector<SpendDay>& days() const { return days_; }
  bool empty() const { return days_.empty(); }
  // The order days alone: each day with its orders as multiplicity.
  DayMultiset OrderDays() const;
  bool operator==(const SpendDays&) const = default;

 private:
  std::vector<SpendDay> days_;  // ascending, orders >= 1
};

// The bounds the segment rules use (the client's settings).
struct SegmentRules {
  Cents vip_spend = 500000;
  std::int64_t vip_orders = 10;
  std::int64_t dormant_days = 180;
  std::int64_t new_days = 30;
  bool operator==(const SegmentRules&) const = default;
};
SegmentRules SegmentRulesOf(const ClientSettings& settings);

// The contact's segment on local day `day` (nullopt before its first order day).
std::optional<Segment> DaySegment(const SpendDays& d, DayNumber day, const SegmentRules& r);

// A change of segment taking effect on `day` (`from` nullopt: the first order).
struct SegmentMove {
  DayNumber day = 0;
  std::optional<Segment> from;
  Segment to = Segment::kNew;
  bool operator==(const SegmentMove&) const = default;
};

// Every movement of the contact, days ascending, including those still ahead of today
// (by time alone after its last order: New -> Active, -> Dormant).
std::vector<SegmentMove> SegmentMoves(const SpendDays& d, const SegmentRules& r);

// "none" for nullopt, else SegmentName; ParseMoveSegment is its inverse (nullopt inside
// the result: "none"; outer nullopt: unknown name).
std::string MoveSegmentName(const std::optional<Segment>& s);
std::optional<std::optional<Segment>> ParseMoveSegment(std::string_view s);

// ---- cohorts
// A month as year * 12 + (month - 1); MonthOfDay of a local day, MonthStart its first day.
using MonthNumber = std::int32_t;
MonthNumber MonthOfDay(DayNumber day);
DayNumber MonthStart(MonthNumber m);
std::string FormatMonth(MonthNumber m);  // "YYYY-MM"

// One (cohort month, activity month) cell: contacts of the cohort with a counted order in
// the month, and those orders' revenue.
struct CohortCell {
  std::int64_t customers = 0;
  Cents revenue = 0;
  bool operator==(const CohortCell&) const = default;
};
using CohortCells = std::map<std::pair<MonthNumber, MonthNumber>, CohortCell>;

// Adds `sign` times the contact's contribution: its cohort is the month of its first order
// day; one customer and that month's spend in each month it ordered.
void AddCohortCells(CohortCells& cells, const SpendDays& d, int sign);

}  // namespace packprod
