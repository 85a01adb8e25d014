// The sales report: counted orders bucketed by local day, ISO week or calendar month.
#include <boost/json/array.hpp>
#include <string>

#include "domain/reports.h"
#include "domain/reports_internal.h"

namespace packprod {
namespace {

using reports_internal::Totals;

enum class Interval { kDay, kWeek, kMonth };

std::optional<Interval> ParseInterval(std::string_view s) {
  if (s == "day") return Interval::kDay;
  if (s == "week") return Interval::kWeek;
  if (s == "month") return Interval::kMonth;
  return std::nullopt;
}

// Months since year 0 of the month holding day `d`.
std::int64_t MonthNumber(DayNumber d) {
  int y;
  unsigned m, dd;
  CivilFromDays(d, &y, &m, &dd);
  return static_cast<std::int64_t>(y) * 12 + (m - 1);
}

DayNumber FirstOfMonth(std::int64_t month_number) {
  std::int64_t y = FloorDiv(month_number, 12);
  return DaysFromCivil(static_cast<int>(y), static_cast<unsigned>(month_number - y * 12 + 1), 1);
}

// The first day of the bucket holding local day `d`: itself, its Monday, or the 1st.
DayNumber BucketStart(DayNumber d, Interval iv) {
  switch (iv) {
    case Interval::kDay:
      return d;
    case Interval::kWeek:
      return d - WeekdayOfDay(d);
    case Interval::kMonth:
      return FirstOfMonth(MonthNumber(d));
  }
  return d;
}

// 0-based position of the bucket of day `d` among buckets starting with `first_start`.
std::int64_t BucketIndex(DayNumber first_start, DayNumber d, Interval iv) {
  switch (iv) {
    case Interval::kDay:
      return static_cast<std::int64_t>(d) - first_start;
    case Interval::kWeek:
      return (static_cast<std::int64_t>(BucketStart(d, iv)) - first_start) / 7;
    case Interval::kMonth:
      return MonthNumber(d) - MonthNumber(first_start);
  }
  return 0;
}

// The first day of the bucket at `index`.
DayNumber BucketLabel(DayNumber first_start, std::int64_t index, Interval iv) {
  switch (iv) {
    case Interval::kDay:
      return static_cast<DayNumber>(first_start + index);
    case Interval::kWeek:
      return static_cast<DayNumber>(first_start + 7 * index);
    case Interval::kMonth:
      return FirstOfMonth(MonthNumber(first_start) + index);
  }
  return first_start;
}

boost::json::object BucketJson(DayNumber label, const Totals& t) {
  boost::json::object o;
  o["period"] = FormatDate(label);
  reports_internal::AppendTotals(t, o);
  return o;
}

}  // namespace

Result<boost::json::object> SalesReport(const ReportInput& in, const Period& p,
                                        std::string_view interval) {
  auto iv = ParseInterval(interval);
  if (!iv) {
    return Status::InvalidArgument("interval: expected day, week or month, got \"" +
                                   std::string(interval) + "\"");
  }
  DayNumber first_start = 0;
  std::int64_t n = 0;
  if (p.to > p.from) {
    first_start = BucketStart(in.tz->LocalDay(p.from), *iv);
    n = BucketIndex(first_start, in.tz->LocalDay(p.to - 1), *iv) + 1;
  }
  if (n > kMaxSalesBuckets) {
    return Status::InvalidArgument("from/to: the period has " + std::to_string(n) + " " +
                                   std::string(interval) + " buckets, at most " +
                                   std::to_string(kMaxSalesBuckets) + " are allowed");
  }
  auto orders = reports_internal::CountedIn(*in.orders, &p);
  std::vector<Totals> buckets(static_cast<std::size_t>(n));
  for (const Order* o : orders) {
    buckets[BucketIndex(first_start, in.tz->LocalDay(o->created_at), *iv)].Add(*o);
  }
  boost::json::array rows;
  for (std::int64_t i = 0; i < n; ++i) {
    rows.push_back(BucketJson(BucketLabel(first_start, i, *iv), buckets[i]));
  }
  boost::json::object out;
  out["period"] = PeriodJson(p);
  out["interval"] = interval;
  out["buckets"] = std::move(rows);
  boost::json::object totals;
  reports_internal::AppendTotals(reports_internal::Sum(orders), totals);
  out["totals"] = std::move(totals);
  return out;
}

}  // namespace packprod
