// The statistics report: distribution of counted orders over value, weekday and hour.
#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <string>

#include "domain/reports.h"
#include "domain/reports_internal.h"

namespace packprod {
namespace {

constexpr std::array<int, 5> kPercentiles = {25, 50, 75, 90, 99};

boost::json::object Percentiles(const std::vector<const Order*>& orders) {
  std::vector<Cents> totals;
  totals.reserve(orders.size());
  for (const Order* o : orders) totals.push_back(o->total);
  std::sort(totals.begin(), totals.end());
  boost::json::object out;
  for (int p : kPercentiles) {
    out["p" + std::to_string(p)] = CentsToJson(PercentileNearestRank(totals, p));
  }
  return out;
}

// ordersByWeekday (Monday first) and ordersByHour, in local time.
void LocalTimeCounts(const std::vector<const Order*>& orders, const TimeZone& tz,
                     boost::json::object& out) {
  std::array<std::int64_t, 7> weekday{};
  std::array<std::int64_t, 24> hour{};
  for (const Order* o : orders) {
    ++weekday[tz.LocalWeekday(o->created_at)];
    ++hour[tz.LocalHour(o->created_at)];
  }
  out["ordersByWeekday"] = boost::json::array(weekday.begin(), weekday.end());
  out["ordersByHour"] = boost::json::array(hour.begin(), hour.end());
}

// Orders of every status (counted or not) in the period, per status.
boost::json::object StatusCounts(const std::vector<Order>& orders, const Period* p) {
  std::array<std::int64_t, kOrderStatusCount> n{};
  for (const Order& o : orders) {
    if (p == nullptr || p->Contains(o.created_at)) ++n[static_cast<int>(o.status)];
  }
  boost::json::object out;
  for (int i = 0; i < kOrderStatusCount; ++i) {
    out[OrderStatusName(static_cast<OrderStatus>(i))] = n[i];
  }
  return out;
}

}  // namespace

Cents PercentileNearestRank(const std::vector<Cents>& sorted, int p) {
  if (sorted.empty()) return 0;
  auto n = static_cast<std::int64_t>(sorted.size());
  std::int64_t rank = std::clamp<std::int64_t>((p * n + 99) / 100, 1, n);
  return sorted[static_cast<std::size_t>(rank - 1)];
}

boost::json::object StatisticsReport(const ReportInput& in, const std::optional<Period>& p) {
  const Period* period = p ? &*p : nullptr;
  auto orders = reports_internal::CountedIn(*in.orders, period);
  reports_internal::Totals t = reports_internal::Sum(orders);
  auto customers = static_cast<std::int64_t>(t.customers.size());
  boost::json::object out;
  out["period"] = PeriodJson(p.value_or(Period{}));
  out["orders"] = t.orders;
  out["revenue"] = CentsToJson(t.revenue);
  out["customers"] = customers;
  out["averageOrderValue"] = CentsToJson(AverageCents(t.revenue, t.orders));
  // orders / customers to two decimals, half away from zero: hundredths as "cents".
  out["averageOrdersPerCustomer"] = CentsToJson(AverageCents(t.orders * 100, customers));
  out["orderValuePercentiles"] = Percentiles(orders);
  LocalTimeCounts(orders, *in.tz, out);
  out["statusCounts"] = StatusCounts(*in.orders, period);
  auto aggregates = AggregateCustomers(*in.contacts, *in.orders);
  out["segmentCounts"] = SegmentCounts(aggregates, in.as_of, *in.settings);
  out["frequencyCounts"] = FrequencyCounts(aggregates, *in.settings);
  return out;
}

}  // namespace packprod
