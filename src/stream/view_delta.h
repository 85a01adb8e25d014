// View maintenance for one change event, on rows held in memory (pure, no I/O).
//
// Counts and sums change by exact deltas. The minimum / maximum style values (a
// customer's first and latest order, a product's first/last order and its name source)
// can only be lowered/raised by an addition; when a removal takes away the order that
// holds one, the row is marked stale and the caller recomputes that value from the
// orders (store::WriteTx::CountedOrderDates / CountedProductDates) before writing it.
// A stale value ignores further additions until then: the recomputation covers them.
#pragma once

#include "domain/metrics.h"
#include "store/view_rows.h"
#include "stream/order_facts.h"

namespace packprod::stream {

// A customer_metrics row being updated.
struct CustomerState {
  CustomerAggregate agg;
  bool dates_stale = false;  // first_order / last_order / last_order_reference
};

// Folds a counted order in: count, spend, first and latest (createdAt, then reference).
void AddToCustomer(CustomerState& s, const OrderFacts& f);
// Takes a counted order out. A customer left without orders gets null dates at once;
// otherwise removing the holder of first or latest marks the dates stale.
void RemoveFromCustomer(CustomerState& s, const OrderFacts& f);
// Installs recomputed dates and clears the stale mark.
void SetCustomerDates(CustomerState& s, const store::OrderDates& d);

// A product_totals row being updated (customers is kept by the caller, from the
// contact_products rows that appear and vanish: ContactProductsFold::CustomerChanges).
struct ProductState {
  store::ProductView view;
  bool dates_stale = false;  // first_ordered / last_ordered
  bool name_stale = false;   // name, name_at, name_ref
};

// Folds one product of a counted order in: units, revenue, orders, first/last, and the
// name when the order is at or after the current name source.
void AddToProduct(ProductState& s, const OrderFacts& f, const ProductLine& line);
// Takes it out; a product left without orders is reset to zeros and nulls.
void RemoveFromProduct(ProductState& s, const OrderFacts& f, const ProductLine& line);
// Installs recomputed dates and name source and clears both stale marks.
void SetProductDates(ProductState& s, const store::ProductDates& d);

// Adds (sign = +1) or takes away (sign = -1) a counted order's share of the roll-ups:
// sales_daily, product_daily and contact_days.
void AddToRollUps(store::RollUps& r, const OrderFacts& f, int sign);

// Every field but last_updated equal.
bool SameCustomer(const CustomerAggregate& a, const CustomerAggregate& b);
// Every stored field of the product row equal.
bool SameProduct(const store::ProductView& a, const store::ProductView& b);

}  // namespace packprod::stream
