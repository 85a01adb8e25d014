// contact_products maintenance (domain/usual_basket.h): a batch's changes to the rows of
// (contact, product) pairs, folded by exact deltas and written once per batch.
//
// Counts, sums and the quantity and day multisets change by deltas. The first/latest
// order, its quantity and unit price, and the name source can only move forward by an
// addition; a removal that takes away the order holding one marks the row stale, and
// Flush recomputes those values from the contact's orders as committed
// (WriteTx::ContactProductOrders; the head, possibly ahead of the views: later events
// then fold in again consistently, as for the other views).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>

#include "domain/day_customers.h"
#include "domain/usual_basket.h"
#include "store/store.h"
#include "stream/order_facts.h"

namespace packprod::stream {

// Takes one order's product out of a row: Internal when a count would go below zero (the
// views are out of step: rebuild). Sets *stale when the order held the row's first or
// latest order or its name.
Status RemoveProductOrder(ContactProduct& row, const ProductInOrder& p, bool* stale);
// Installs first/latest/name recomputed from `orders` (every counted order of the
// contact holding the product); an empty list leaves the row as it is.
void SetProductOrderBounds(ContactProduct& row, const std::vector<ProductInOrder>& orders);

class ContactProductsFold {
 public:
  // Folds the products of a counted order in (sign +1) or out (sign -1).
  Status Add(store::WriteTx& tx, const std::string& client, const OrderFacts& f, int sign);
  // Writes every changed row of `client` and forgets them. When `product_days` is given,
  // adds to it, by code, the change of each touched pair's order days of the product from
  // before the batch to after it (DayCustomersChange: product_day_customers' deltas).
  Status Flush(store::WriteTx& tx, const std::string& client,
               KeyedDayCustomersDeltas* product_days = nullptr);
  // Per code, the contacts that came to hold it in this batch's changes minus those that
  // ceased to (a row with orders appearing or vanishing): the change of the product's
  // distinct customers (product_totals.customers). Before Flush.
  std::map<std::string, std::int64_t> CustomerChanges(const std::string& client) const;
  std::size_t pending_rows() const;

 private:
  struct Slot {
    ContactProduct row;
    std::optional<ContactProduct> stored;
    bool stale = false;
  };
  using Key = std::pair<std::string, std::string>;  // contact, code
  std::map<std::string, std::map<Key, Slot>> clients_;
};

}  // namespace packprod::stream
