// Reports and the product catalogue computed from a client's orders (the slow path,
// also used by `verify`): the JSON `data` payloads of docs/api.md "Reports" and "Products",
// by the definitions of docs/metrics.md.
//
// Pure functions; no I/O. Every figure uses counted orders only, except statusCounts.
// Local days, weeks, months, weekdays and hours are in the client's time zone.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/metrics.h"
#include "domain/order.h"
#include "domain/order_stats.h"
#include "domain/period.h"
#include "domain/status.h"
#include "domain/time.h"

namespace packprod {

// The most buckets a sales report returns; longer ranges are InvalidArgument.
inline constexpr std::int64_t kMaxSalesBuckets = 5000;
// Rows in overview's topProducts and topCustomers.
inline constexpr std::size_t kTopRows = 5;

// What every report reads. Non-owning; all pointers non-null and valid for the call.
struct ReportInput {
  const std::vector<Order>* orders;            // all of the client's orders, any status
  const std::vector<ContactRecord>* contacts;  // every contact of the client
  const ClientSettings* settings;
  const TimeZone* tz;  // the client's zone
  Millis as_of;        // for segments (and, in the caller, the default period)
};

// {period, orders, revenue, averageOrderValue, customers, newCustomers,
//  returningCustomers, units, previous {same, for PreviousPeriod(p)}, topProducts[<=5],
//  topCustomers[<=5] {contactID, name, email, revenue, orders}, segments {4 keys}}.
boost::json::object OverviewReport(const ReportInput& in, const Period& p);

// {period, interval, buckets [{period: YYYY-MM-DD, orders, revenue, averageOrderValue,
//  customers, units}], totals {orders, revenue, averageOrderValue, customers, units}}.
// One bucket per local day, ISO week (labelled by its Monday) or calendar month (by its
// 1st) from the local day of p.from to that of the period's last instant, empty ones
// with zeros. InvalidArgument for an unknown interval or more than kMaxSalesBuckets.
Result<boost::json::object> SalesReport(const ReportInput& in, const Period& p,
                                        std::string_view interval);

// {period, sort, items [{code, name, units, revenue, orders, customers}]}: products of
// the counted orders in the period, by `sort` (revenue|units|orders) descending, ties by
// code ascending, at most `limit` (1-500) items. InvalidArgument for another sort or limit.
Result<boost::json::object> ProductsReport(const ReportInput& in, const Period& p,
                                           std::string_view sort, int limit);

// {period (null ends for all time), orders, revenue, customers, averageOrderValue,
//  averageOrdersPerCustomer, orderValuePercentiles {p25, p50, p75, p90, p99},
//  ordersByWeekday [7, Monday first], ordersByHour [24], statusCounts {every status},
//  segmentCounts, frequencyCounts}. nullopt = all time.
boost::json::object StatisticsReport(const ReportInput& in, const std::optional<Period>& p);

// The statistics report's JSON from its figures (nullopt period = all time): the one
// writer of its shape, for the orders' path and the kept counters' alike.
boost::json::object StatisticsJson(const std::optional<Period>& p, const StatisticsFigures& f);

// StatisticsReport from the orders' facts alone (contact, createdAt, status, total), fed
// one at a time with every order of a contact consecutively: no order is kept, only
// one total per counted order in the period (for the exact percentiles). Add every
// order of the client, any status; Finish() equals StatisticsReport over them.
class StatisticsBuilder {
 public:
  StatisticsBuilder(const ClientSettings& settings, const TimeZone& tz, Millis as_of,
                    std::optional<Period> p);
  void Add(std::string_view contact_id, Millis created_at, OrderStatus status, Cents total);
  boost::json::object Finish();

 private:
  void EndContact();

  const ClientSettings& settings_;
  const TimeZone& tz_;
  Millis as_of_;
  std::optional<Period> period_;
  std::string contact_;
  CustomerAggregate agg_;     // the current contact, all time
  bool in_period_ = false;    // the current contact has a counted order in the period
  std::int64_t orders_ = 0, customers_ = 0;
  Cents revenue_ = 0;
  std::vector<Cents> totals_;
  std::array<std::int64_t, 7> weekday_{};
  std::array<std::int64_t, 24> hour_{};
  std::array<std::int64_t, kOrderStatusCount> status_{};
  std::array<std::int64_t, kSegmentCount> segments_{};
  std::array<std::int64_t, kFrequencyCount> frequencies_{};
};

// A product over a set of counted orders.
struct ProductAggregate {
  std::string code;
  std::optional<std::string> name;  // from the latest order (createdAt, then
                                    // orderReference) that names it
  std::int64_t units = 0;
  Cents revenue = 0;
  std::int64_t orders = 0, customers = 0;  // distinct orders / contacts
  std::optional<Millis> first_ordered, last_ordered;
};

// Every product of the counted orders among `orders` (all time), sorted by code.
std::vector<ProductAggregate> ProductCatalogue(const std::vector<Order>& orders);

// The /api/products item: {code, name, units, revenue, orders, customers,
// firstOrderedAt, lastOrderedAt} (null instants for a product without counted orders).
boost::json::object ProductJson(const ProductAggregate& p);

// The percentile p (0-100) of ascending `sorted` by nearest rank: the value at 1-based
// rank ceil(p/100 x N); 0 when empty.
Cents PercentileNearestRank(const std::vector<Cents>& sorted, int p);

}  // namespace packprod
