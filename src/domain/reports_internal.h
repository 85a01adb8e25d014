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

  void Add(const Order& o);
};

Totals Sum(const std::vector<const Order*>& orders);

// Appends {orders, revenue, averageOrderValue, customers, units} to `out`.
void AppendTotals(const Totals& t, boost::json::object& out);

// Per product over `orders` (the caller picks counted ones), sorted by code.
std::vector<ProductAggregate> ProductStats(const std::vector<const Order*>& orders);

// The report item of a product: {code, name, units, revenue, orders, customers}.
boost::json::object ReportProductJson(const ProductAggregate& p);

}  // namespace packprod::reports_internal
