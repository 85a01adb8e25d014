// Pieces shared by the report implementations (reports*.cc). Not part of the public
// surface: include reports.h instead.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "domain/money.h"
#include "domain/order.h"
#include "domain/period.h"
#include "domain/reports.h"

namespace packprod::reports_internal {

// The counted orders among `orders` created inside `p` (every counted order when `p`
// is null), in input order. The pointers refer into `orders`.
std::vector<const Order*> CountedIn(const std::vector<Order>& orders, const Period* p);

// Sums over a set of counted orders. `customers` views the orders' contact ids, so the
// orders must outlive it.
struct Totals {
  std::int64_t orders = 0;
  Cents revenue = 0;
  std::int64_t units = 0;
  std::unordered_set<std::string_view> customers;
  // When >= 0, the distinct customers as counted elsewhere (the views' day_customers);
  // `customers` is then unused.
  std::int64_t customer_count = -1;

  void Add(const Order& o);
  std::int64_t CustomerCount() const {
    return customer_count >= 0 ? customer_count : static_cast<std::int64_t>(customers.size());
  }
};

Totals Sum(const std::vector<const Order*>& orders);

// The same sums with the distinct customers already counted (the streamed reports).
struct CountedTotals {
  std::int64_t orders = 0;
  Cents revenue = 0;
  std::int64_t units = 0;
  std::int64_t customers = 0;

  static CountedTotals Of(const Totals& t);
};

// Appends {orders, revenue, averageOrderValue, customers, units} to `out`.
void AppendTotals(const Totals& t, boost::json::object& out);
void AppendTotals(const CountedTotals& t, boost::json::object& out);

// Per product over `orders` (the caller picks counted ones), sorted by code.
std::vector<ProductAggregate> ProductStats(const std::vector<const Order*>& orders);

// The report item of a product: {code, name, units, revenue, orders, customers}.
boost::json::object ReportProductJson(const ProductAggregate& p);

// Sales buckets of a period: how many, the bucket of a local day, its label (first day).
struct SalesBuckets {
  int interval = 0;  // 0 day, 1 week, 2 month
  DayNumber first_start = 0;
  std::int64_t count = 0;
  std::int64_t IndexOf(DayNumber d) const;
  DayNumber Label(std::int64_t index) const;
};
// InvalidArgument for an unknown interval or more than kMaxSalesBuckets buckets.
Result<SalesBuckets> MakeSalesBuckets(const Period& p, std::string_view interval,
                                      const TimeZone& tz);
// {period, interval, buckets: [{period: label, totals...}], totals}.
boost::json::object SalesJson(const Period& p, std::string_view interval, const SalesBuckets& b,
                              const std::vector<Totals>& buckets, const Totals& all);
boost::json::object SalesJson(const Period& p, std::string_view interval, const SalesBuckets& b,
                              const std::vector<CountedTotals>& buckets, const CountedTotals& all);

}  // namespace packprod::reports_internal
