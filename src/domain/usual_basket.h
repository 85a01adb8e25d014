// A contact's products (docs/metrics.md "Usual basket"): per (contact, product) over the
// contact's counted orders, what the customer detail's topProducts and the customer's
// usual basket (GET /api/customers/{id}/basket) show.
// The views keep one ContactProduct row per pair (contact_products); ContactProductsOf
// computes the same rows from the orders (verify, and the compute-from-orders path).
//
// Pure functions; no I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "domain/day_multiset.h"
#include "domain/money.h"
#include "domain/order.h"
#include "domain/quantity_multiset.h"
#include "domain/time.h"

namespace packprod {

// One product within one counted order, its lines merged.
struct ProductInOrder {
  Millis created_at = 0;
  std::string reference;
  DayNumber day = 0;  // local day of created_at
  std::int64_t quantity = 0;
  Cents revenue = 0;
  std::optional<std::string> name;  // the last non-empty name among its lines
  bool operator==(const ProductInOrder&) const = default;
};

// A contact's figures for one product. Orders compare by (createdAt, orderReference).
struct ContactProduct {
  std::string contact_id, code;
  // From the latest order with a non-empty name for the product, and that order.
  std::optional<std::string> name;
  std::optional<Millis> name_at;
  std::optional<std::string> name_ref;
  std::int64_t units = 0;  // sum of quantity
  Cents revenue = 0;       // sum of lineTotal
  std::int64_t orders = 0;  // distinct orders
  Millis first_at = 0, last_at = 0;  // earliest and latest order with the product
  std::string first_ref, last_ref;
  std::int64_t last_quantity = 0;  // its quantity in the latest order
  Cents last_unit_price = 0;       // AverageCents(revenue, quantity) in the latest order
  std::int64_t median_quantity = 0;         // MedianFloor of its quantity per order
  std::optional<std::int64_t> cadence_days;  // CadenceOf(days): >= kReorderMinOrders
  QuantityMultiset quantities;               // its quantity in each order
  DayMultiset days;                          // the local day of each order
  bool operator==(const ContactProduct&) const = default;
};

// The products of a counted order, one per code (code ascending), lines merged.
std::vector<std::pair<std::string, ProductInOrder>> ProductsInOrder(const Order& o,
                                                                   DayNumber day);

// Folds one order in: sums, multisets, first/last and the name (an order at or after the
// current name source with a name replaces it). Derived fields are left to Finish.
Status AddProductOrder(ContactProduct& row, const ProductInOrder& p);
// Sets median_quantity and cadence_days from the multisets.
void FinishContactProduct(ContactProduct& row);

// Every (contact, product) row of the counted orders among `orders`, finished, by
// (contact_id, code).
std::vector<ContactProduct> ContactProductsOf(const std::vector<Order>& orders,
                                              const TimeZone& tz);

// The customer detail's topProducts: by revenue descending, ties by code, at most 5,
// each {code, name, units, revenue}.
boost::json::array TopProductsJson(std::vector<const ContactProduct*> rows);

// "usually every 5 weeks; last 6 weeks ago" (docs/metrics.md "Usual basket").
std::string BasketSummary(std::int64_t orders, std::optional<std::int64_t> cadence_days,
                          std::int64_t days_since_last);

// The usual basket's items (GET /api/customers/{id}/basket): the first `limit` rows by
// timesOrdered descending, then lastOrdered descending, then code; `today` is the local
// day of asOf.
boost::json::array UsualBasketJson(std::vector<const ContactProduct*> rows, DayNumber today,
                                   const TimeZone& tz, size_t limit = SIZE_MAX);

}  // namespace packprod
