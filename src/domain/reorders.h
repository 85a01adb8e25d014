// Reorder due (docs/metrics.md "Reorders"): a contact's own reorder cadence from the local
// days of its counted orders, its expected next order, and its status as of a local day.
//
// Pure functions; no I/O. The views keep ReorderCadence per contact (time-independent);
// the status is derived at read time from today's local day, so it changes as days pass.
// The view queries use ReorderBoundsAt (integer conditions on expected_day and
// cadence_days) and must agree with ReorderStatusOf for every row.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/order.h"
#include "domain/time.h"

namespace packprod {

// Contacts with fewer counted orders than this have no cadence.
inline constexpr std::int64_t kReorderMinOrders = 3;

// What the views keep per contact with at least kReorderMinOrders counted orders.
struct ReorderCadence {
  std::int64_t order_count = 0;
  std::int64_t cadence_days = 0;  // median interval, whole local days
  DayNumber last_day = 0;         // local day of the latest counted order
  DayNumber expected_day = 0;     // last_day + cadence_days
  bool operator==(const ReorderCadence&) const = default;
};

// The median of `values` (any order; must not be empty): the middle value, or for an even
// count the mean of the two middle values rounded down (floor).
std::int64_t MedianFloor(std::vector<std::int64_t> values);

// The cadence of a contact from the local day of each of its counted orders (one entry
// per order, any order; equal days are intervals of 0). nullopt below kReorderMinOrders.
std::optional<ReorderCadence> CadenceOf(std::vector<DayNumber> order_days);

enum class ReorderStatus { kDue, kOverdue, kLapsed, kOnTrack };
inline constexpr int kReorderStatusCount = 4;
// "due", "overdue", "lapsed", "on-track".
const char* ReorderStatusName(ReorderStatus s);
// Case-sensitive inverse of ReorderStatusName.
std::optional<ReorderStatus> ParseReorderStatus(std::string_view s);

// The client's reorder settings (ClientSettings::reorder_*).
struct ReorderSettings {
  std::int64_t window_days = 7;      // due: expected within the next window_days days
  std::int64_t tolerance_days = 3;   // overdue: late by more than max(tolerance_days,
  std::int64_t tolerance_pct = 25;   //          tolerance_pct % of the cadence)
  std::int64_t lapsed_cadences = 3;  // lapsed: late by more than this many cadences
  bool operator==(const ReorderSettings&) const = default;
};
ReorderSettings ReorderSettingsOf(const ClientSettings& c);

// Days late as of `today`: today - expected_day (negative: days until expected).
inline std::int64_t DaysLate(const ReorderCadence& c, DayNumber today) {
  return static_cast<std::int64_t>(today) - c.expected_day;
}
// late > tolerance_days and late * 100 > tolerance_pct * cadence (exact, no rounding).
bool IsOverdue(std::int64_t late, std::int64_t cadence_days, const ReorderSettings& s);
// The first that holds: lapsed (overdue and late > lapsed_cadences * cadence), overdue,
// due (late >= -window_days: expected within the window, or passed but still within the
// tolerance), on-track (expected after today + window_days).
ReorderStatus ReorderStatusOf(const ReorderCadence& c, DayNumber today,
                              const ReorderSettings& s);

// The days a contact's status changes under `s` (kept per row in reorder_cadence, so a
// status is a day range and a status total a sum over per-day counts): the status as of
// `today` is on-track before due_day, due from due_day, overdue from overdue_day and
// lapsed from lapse_day; due_day <= overdue_day <= lapse_day. Exact, for every today:
//   overdue_day = expected_day + max(tolerance_days, floor(tolerance_pct * cadence / 100)) + 1
//   lapse_day   = max(overdue_day, expected_day + lapsed_cadences * cadence + 1)
//   due_day     = min(expected_day - window_days, overdue_day)
struct ReorderDays {
  DayNumber due_day = 0;
  DayNumber overdue_day = 0;
  DayNumber lapse_day = 0;
  bool operator==(const ReorderDays&) const = default;
};
ReorderDays ReorderDaysOf(const ReorderCadence& c, const ReorderSettings& s);
// The status as of `today` from the days (equals ReorderStatusOf of their cadence).
ReorderStatus ReorderStatusOn(const ReorderDays& d, DayNumber today);

}  // namespace packprod
