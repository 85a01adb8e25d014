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

StatisticsBuilder::StatisticsBuilder(const ClientSettings& settings, const TimeZone& tz,
                                     Millis as_of, std::optional<Period> p)
    : settings_(settings), tz_(tz), as_of_(as_of), period_(std::move(p)) {}

void StatisticsBuilder::EndContact() {
  if (in_period_) ++customers_;
  if (auto s = DeriveSegment(agg_, as_of_, settings_)) ++segments_[static_cast<int>(*s)];
  if (auto f = DeriveFrequency(agg_, settings_)) ++frequencies_[static_cast<int>(*f)];
  agg_ = CustomerAggregate{};
  in_period_ = false;
}

void StatisticsBuilder::Add(std::string_view contact_id, Millis created_at, OrderStatus status,
                            Cents total) {
  if (contact_id != contact_) {
    EndContact();
    contact_.assign(contact_id);
  }
  const bool inside = !period_ || period_->Contains(created_at);
  if (inside) ++status_[static_cast<int>(status)];
  if (!Counts(status)) return;
  ++agg_.order_count;
  agg_.total_spend += total;
  if (!agg_.first_order || created_at < *agg_.first_order) agg_.first_order = created_at;
  if (!agg_.last_order || created_at > *agg_.last_order) agg_.last_order = created_at;
  if (!inside) return;
  in_period_ = true;
  ++orders_;
  revenue_ += total;
  totals_.push_back(total);
  ++weekday_[tz_.LocalWeekday(created_at)];
  ++hour_[tz_.LocalHour(created_at)];
}

boost::json::object StatisticsBuilder::Finish() {
  EndContact();
  contact_.clear();
  std::sort(totals_.begin(), totals_.end());
  StatisticsFigures f;
  f.orders = orders_;
  f.revenue = revenue_;
  f.customers = customers_;
  for (std::size_t i = 0; i < kStatisticsPercentiles.size(); ++i) {
    f.percentiles[i] = PercentileNearestRank(totals_, kStatisticsPercentiles[i]);
  }
  f.weekday = weekday_;
  f.hour = hour_;
  f.status = status_;
  f.segments = segments_;
  f.frequencies = frequencies_;
  return StatisticsJson(period_, f);
}

boost::json::object StatisticsJson(const std::optional<Period>& p, const StatisticsFigures& f) {
  boost::json::object out;
  out["period"] = PeriodJson(p.value_or(Period{}));
  out["orders"] = f.orders;
  out["revenue"] = CentsToJson(f.revenue);
  out["customers"] = f.customers;
  out["averageOrderValue"] = CentsToJson(AverageCents(f.revenue, f.orders));
  out["averageOrdersPerCustomer"] = CentsToJson(AverageCents(f.orders * 100, f.customers));
  boost::json::object pct;
  for (std::size_t i = 0; i < kStatisticsPercentiles.size(); ++i) {
    pct["p" + std::to_string(kStatisticsPercentiles[i])] = CentsToJson(f.percentiles[i]);
  }
  out["orderValuePercentiles"] = std::move(pct);
  out["ordersByWeekday"] = boost::json::array(f.weekday.begin(), f.weekday.end());
  out["ordersByHour"] = boost::json::array(f.hour.begin(), f.hour.end());
  boost::json::object statuses;
  for (int i = 0; i < kOrderStatusCount; ++i) {
    statuses[OrderStatusName(static_cast<OrderStatus>(i))] = f.status[i];
  }
  out["statusCounts"] = std::move(statuses);
  boost::json::object seg;
  for (int i = 0; i < kSegmentCount; ++i) seg[SegmentName(static_cast<Segment>(i))] = f.segments[i];
  out["segmentCounts"] = std::move(seg);
  boost::json::object freq;
  for (int i = 0; i < kFrequencyCount; ++i) {
    freq[FrequencyName(static_cast<Frequency>(i))] = f.frequencies[i];
  }
  out["frequencyCounts"] = std::move(freq);
  return out;
}

}  // namespace packprod
