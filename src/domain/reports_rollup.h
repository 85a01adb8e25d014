// Reports from the daily roll-ups (the views) instead of the orders: the same JSON as
// reports.h for periods made of whole local days (Period::dates). Pure functions; the
// caller reads the roll-up rows of the days in question from the store. Distinct
// customers come from day_customers (domain/day_customers.h): no row per contact.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "domain/day_customers.h"
#include "domain/period.h"
#include "domain/reports.h"

namespace packprod {

struct SalesDayRow {
  DayNumber day = 0;
  std::int64_t orders = 0;
  Cents revenue = 0;
  std::int64_t units = 0;
};
struct ProductDayRow {
  DayNumber day = 0;
  std::string code;
  std::int64_t units = 0;
  Cents revenue = 0;
  std::int64_t orders = 0;
};

// The roll-up rows of a range of local days, any order.
struct DayRollups {
  std::vector<SalesDayRow> sales;
  std::vector<ProductDayRow> products;
  std::vector<DayCustomers> day_customers;  // the distinct-customer counts (any order)
};

// Overview summary fields ({period, orders, revenue, averageOrderValue, customers,
// units, newCustomers, returningCustomers}) of date period `p` from its sales and
// day_customers rows (newCustomers: contacts whose first counted order ever lies in p).
boost::json::object SummaryFromRollups(const Period& p, const DayRollups& r);

// Products of date period `p` ranked by revenue desc, code asc (units, revenue, orders
// filled; customers and name left for the caller, who knows them per period).
std::vector<ProductAggregate> RankProductDays(const Period& p, const DayRollups& r);

// A contact's sums over some days (contact_days rows added up), and its name and e-mail
// from its customer_metrics row when the reader fills them (nullopt: no row, or no name).
struct ContactSum {
  std::string contact_id;
  Cents revenue = 0;
  std::int64_t orders = 0;
  std::optional<std::string> name, email;
};

// The overview's top customer rows: {contactID, name, email, revenue, orders} (name and
// email null when the contact has no customer_metrics row or no name).
boost::json::array TopCustomersJson(const std::vector<ContactSum>& top);

// SalesReport (reports.h) for date period `p` from its sales and day_customers rows.
Result<boost::json::object> SalesFromRollups(const Period& p, std::string_view interval,
                                             const DayRollups& r, const TimeZone& tz);

}  // namespace packprod
