// The product-cohort views (domain/product_cohorts.h, docs/metrics.md "Cohorts"):
// contact_first_orders, each contact's first counted order with its codes, kept by a fold
// over the batch's order facts, and product_cohort_cells, moved per changed contact from
// its contribution before the batch to its contribution after (its first order and its
// spend days; segment_views.h gives the spend days).
//
// The first order can only move earlier by an addition. Taking away an order at or before
// it (or adding one with the same key, an edit) marks it stale, and Flush recomputes it
// from the contact's orders as committed (WriteTx::FirstCountedOrder; the head, possibly
// ahead of the views: the later events then fold in again, and each batch subtracts
// exactly the contribution it stored, so the cells stay the sum of the stored rows').
#pragma once

#include <map>
#include <optional>
#include <string>

#include "domain/product_cohorts.h"
#include "store/store.h"
#include "stream/order_facts.h"
#include "stream/segment_views.h"

namespace packprod::stream {

class FirstOrderFold {
 public:
  // Folds a counted order in (sign +1) or out (sign -1).
  Status Add(store::WriteTx& tx, const std::string& client, const OrderFacts& f, int sign);
  // Writes every changed contact_first_orders row of `client` and the product cohort
  // cells' deltas, then forgets the client. `spend`: the spend days before and after the
  // batch of the contacts whose spend days changed (FlushSegmentViews, already flushed);
  // the others' are read as stored. Internal for a damaged row or a cell below zero.
  Status Flush(store::WriteTx& tx, const std::string& client, const TimeZone& tz,
               const std::map<std::string, SpendDaysChange>& spend);
  std::size_t pending_rows() const;

 private:
  struct Slot {
    std::optional<FirstOrder> stored, row;
    bool stale = false;
  };
  std::map<std::string, std::map<std::string, Slot>> clients_;  // client -> contact -> slot
};

}  // namespace packprod::stream
