#include "domain/reorders.h"

#include <algorithm>

namespace packprod {

std::int64_t MedianFloor(std::vector<std::int64_t> values) {
  const std::size_t n = values.size();
  const std::size_t mid = n / 2;
  std::nth_element(values.begin(), values.begin() + mid, values.end());
  std::int64_t upper = values[mid];
  if (n % 2 == 1) return upper;
  std::int64_t lower = *std::max_element(values.begin(), values.begin() + mid);
  std::int64_t sum = lower + upper;  // intervals are >= 0: floor is plain division
  return sum >= 0 ? sum / 2 : -((-sum + 1) / 2);
}

std::optional<ReorderCadence> CadenceOf(std::vector<DayNumber> order_days) {
  if (static_cast<std::int64_t>(order_days.size()) < kReorderMinOrders) return std::nullopt;
  std::sort(order_days.begin(), order_days.end());
  std::vector<std::int64_t> gaps;
  gaps.reserve(order_days.size() - 1);
  for (std::size_t i = 1; i < order_days.size(); ++i) {
    gaps.push_back(static_cast<std::int64_t>(order_days[i]) - order_days[i - 1]);
  }
  ReorderCadence c;
  c.order_count = static_cast<std::int64_t>(order_days.size());
  c.cadence_days = MedianFloor(std::move(gaps));
  c.last_day = order_days.back();
  c.expected_day = static_cast<DayNumber>(c.last_day + c.cadence_days);
  return c;
}

const char* ReorderStatusName(ReorderStatus s) {
  switch (s) {
    case ReorderStatus::kDue: return "due";
    case ReorderStatus::kOverdue: return "overdue";
    case ReorderStatus::kLapsed: return "lapsed";
    case ReorderStatus::kOnTrack: return "on-track";
  }
  return "on-track";
}

std::optional<ReorderStatus> ParseReorderStatus(std::string_view s) {
  for (int i = 0; i < kReorderStatusCount; ++i) {
    auto st = static_cast<ReorderStatus>(i);
    if (s == ReorderStatusName(st)) return st;
  }
  return std::nullopt;
}

ReorderSettings ReorderSettingsOf(const ClientSettings& c) {
  ReorderSettings s;
  s.window_days = c.reorder_window_days;
  s.tolerance_days = c.reorder_tolerance_days;
  s.tolerance_pct = c.reorder_tolerance_pct;
  return s;
}

bool IsOverdue(std::int64_t late, std::int64_t cadence_days, const ReorderSettings& s) {
  return late > s.tolerance_days && late * 100 > s.tolerance_pct * cadence_days;
}

ReorderStatus ReorderStatusOf(const ReorderCadence& c, DayNumber today,
                              const ReorderSettings& s) {
  const std::int64_t late = DaysLate(c, today);
  if (IsOverdue(late, c.cadence_days, s)) {
    return late > s.lapsed_cadences * c.cadence_days ? ReorderStatus::kLapsed
                                                     : ReorderStatus::kOverdue;
  }
  return late >= -s.window_days ? ReorderStatus::kDue : ReorderStatus::kOnTrack;
}

ReorderDays ReorderDaysOf(const ReorderCadence& c, const ReorderSettings& s) {
  // late > tolerance_days and late * 100 > tolerance_pct * cadence <=> late > both
  // tolerance_days and floor(tolerance_pct * cadence / 100) (integers).
  const std::int64_t grace =
      std::max(s.tolerance_days, FloorDiv(s.tolerance_pct * c.cadence_days, 100));
  const std::int64_t overdue = std::int64_t{c.expected_day} + grace + 1;
  const std::int64_t lapse =
      std::max(overdue, std::int64_t{c.expected_day} + s.lapsed_cadences * c.cadence_days + 1);
  const std::int64_t due = std::min(std::int64_t{c.expected_day} - s.window_days, overdue);
  return {static_cast<DayNumber>(due), static_cast<DayNumber>(overdue),
          static_cast<DayNumber>(lapse)};
}

ReorderStatus ReorderStatusOn(const ReorderDays& d, DayNumber today) {
  if (today >= d.lapse_day) return ReorderStatus::kLapsed;
  if (today >= d.overdue_day) return ReorderStatus::kOverdue;
  if (today >= d.due_day) return ReorderStatus::kDue;
  return ReorderStatus::kOnTrack;
}

}  // namespace packprod
