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

boost::json::object BucketJson(DayNumber label, const reports_internal::CountedTotals& t) {
  boost::json::object o;
  o["period"] = FormatDate(label);
  reports_internal::AppendTotals(t, o);
  return o;
}

}  // namespace

namespace reports_internal {

std::int64_t SalesBuckets::IndexOf(DayNumber d) const {
  return BucketIndex(first_start, d, static_cast<Interval>(interval));
}

DayNumber SalesBuckets::Label(std::int64_t index) const {
  return BucketLabel(first_start, index, static_cast<Interval>(interval));
}

Result<SalesBuckets> MakeSalesBuckets(const Period& p, std::string_view interval,
                                      const TimeZone& tz) {
  auto iv = ParseInterval(interval);
  if (!iv) {
    return Status::InvalidArgument("interval: expected day, week or month, got \"" +
                                   std::string(interval) + "\"");
  }
  SalesBuckets b;
  b.interval = static_cast<int>(*iv);
  if (p.to > p.from) {
    b.first_start = BucketStart(tz.LocalDay(p.from), *iv);
    b.count = BucketIndex(b.first_start, tz.LocalDay(p.to - 1), *iv) + 1;
  }
  if (b.count > kMaxSalesBuckets) {
    return Status::InvalidArgument("from/to: the period has " + std::to_string(b.count) + " " +
                                   std::string(interval) + " buckets, at most " +
                                   std::to_string(kMaxSalesBuckets) + " are allowed");
  }
  return b;
}

boost::json::object SalesJson(const Period& p, std::string_view interval, const SalesBuckets& b,
                              const std::vector<Totals>& buckets, const Totals& all) {
  std::vector<CountedTotals> counted;
  counted.reserve(buckets.size());
  for (const Totals& t : buckets) counted.push_back(CountedTotals::Of(t));
  return SalesJson(p, interval, b, counted, CountedTotals::Of(all));
}

boost::json::object SalesJson(const Period& p, std::string_view interval, const SalesBuckets& b,
                              const std::vector<CountedTotals>& buckets, const CountedTotals& all) {
  boost::json::array rows;
  for (std::int64_t i = 0; i < b.count; ++i) {
    rows.push_back(BucketJson(b.Label(i), buckets[static_cast<std::size_t>(i)]));
  }
  boost::json::object out;
  out["period"] = PeriodJson(p);
  out["interval"] = interval;
  out["buckets"] = std::move(rows);
  boost::json::object totals;
  AppendTotals(all, totals);
  out["totals"] = std::move(totals);
  return out;
}

}  // namespace reports_internal

Result<boost::json::object> SalesReport(const ReportInput& in, const Period& p,
                                        std::string_view interval) {
  PP_ASSIGN_OR_RETURN(auto b, reports_internal::MakeSalesBuckets(p, interval, *in.tz));
  auto orders = reports_internal::CountedIn(*in.orders, &p);
  std::vector<Totals> buckets(static_cast<std::size_t>(b.count));
  for (const Order* o : orders) {
    buckets[static_cast<std::size_t>(b.IndexOf(in.tz->LocalDay(o->created_at)))].Add(*o);
  }
  return reports_internal::SalesJson(p, interval, b, buckets, reports_internal::Sum(orders));
}

}  // namespace packprod
