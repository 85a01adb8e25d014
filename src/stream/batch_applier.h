// Applies change records to the views inside one write transaction: loads each touched
// row once, folds every event in (view_delta.h), recomputes stale values from the
// orders, and writes each changed row once.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "domain/day_multiset.h"
#include "domain/segment_history.h"
#include "store/store.h"
#include "stream/contact_products.h"
#include "stream/product_cohorts.h"
#include "stream/segment_counts.h"
#include "stream/stats_view.h"
#include "stream/view_delta.h"

namespace packprod::stream {

// Client id -> its time zone (ClientSettings.timezone; Australia/Sydney when the client
// or its zone is unknown). Loaded once per client. Not thread-safe.
class ZoneCache {
 public:
  Result<const TimeZone*> For(store::ReadTx& tx, const std::string& client);

 private:
  std::map<std::string, TimeZone, std::less<>> zones_;
};

// Pending view changes of one transaction. Not thread-safe; lives inside a Write.
// Events must be added in change-log order; Flush before the transaction commits.
class BatchApplier {
 public:
  BatchApplier(store::WriteTx& tx, ZoneCache& zones) : tx_(tx), zones_(zones) {}
  BatchApplier(const BatchApplier&) = delete;
  BatchApplier& operator=(const BatchApplier&) = delete;

  // Takes one change record in (folded in by Prepare). Internal for a corrupt image.
  Status Add(const store::ChangeRecord& rec);
  // Takes an order in as if inserted at `at` (rebuild).
  Status AddOrder(const Order& o, Millis at);
  // Folds in what Add and AddOrder took, in order, after reading ahead the rows it will
  // read (WriteTx::PrefetchViews). Flush calls it too.
  Status Prepare();
  // Gives the contact a row even without orders (rebuild); `at` as for AddOrder.
  Status TouchContact(const std::string& client, const std::string& contact_id, Millis at);
  // Writes every pending row and forgets it. Internal when a count would go negative
  // (the views are out of step with the change log: `packprod rebuild`).
  Status Flush();
  // Rows held in memory (customers, products, roll-up deltas).
  std::size_t pending_rows() const;
  // Client -> contacts whose customer row is pending (call after Prepare, before Flush).
  std::map<std::string, std::vector<std::string>> PendingContacts() const;

 private:
  struct CustomerSlot {
    CustomerState state;
    std::optional<CustomerAggregate> stored;  // as read; nullopt: no row yet
    Millis touched_at = 0;
    bool orders_changed = false;  // its order days and reorder_cadence row are recomputed
    // Its spend days as stored, and its counted order days before and after this batch
    // (set by LoadDays when orders_changed).
    SpendDays spend_before;
    DayMultiset days_before, days_after;
  };
  struct ProductSlot {
    ProductState state;
    std::optional<store::ProductView> stored;
  };
  struct ClientRows {
    std::map<std::string, CustomerSlot> customers;
    std::map<std::string, ProductSlot> products;
    store::RollUps deltas;
  };

  Status Apply(const std::string& client, const ViewChange& c);
  Result<CustomerSlot*> Customer(const std::string& client, const std::string& contact_id);
  Result<ProductSlot*> Product(const std::string& client, const std::string& code);
  Status FlushClient(const std::string& client, ClientRows& rows);
  Status FlushRollUps(const std::string& client, ClientRows& rows);
  // For each contact whose orders changed: its order days as stored (its contact_spend_days
  // row, not yet flushed) and with this batch's deltas applied.
  Status LoadDays(const std::string& client, ClientRows& rows);
  // The contact's reorder_cadence row from its days after the batch.
  Status FlushDays(const std::string& client, CustomerSlot& slot);
  Status FlushProduct(const std::string& client, ProductSlot& slot);
  Status FlushCustomer(const std::string& client, CustomerSlot& slot);
  // Every flushed contact's account (stream/accounts.h), after the customer rows.
  Status FlushAccounts(const std::string& client, ClientRows& rows);

  store::WriteTx& tx_;
  ZoneCache& zones_;
  // Taken in by Add / AddOrder, not yet folded in (Prepare).
  std::vector<std::pair<std::string, ViewChange>> queued_;
  std::map<std::string, ClientRows> clients_;
  ContactProductsFold contact_products_;  // contact_products (stream/contact_products.h)
  FirstOrderFold first_orders_;  // product cohorts (stream/product_cohorts.h)
  StatsFold stats_;                       // the statistics counters (stream/stats_view.h)
  // reorder_cadence rows of the client being flushed, written together after its customers.
  std::vector<store::ReorderView> reorder_puts_;
  std::vector<std::string> reorder_deletes_;
  // FlushCustomer's rows of the client being flushed, written together (PutCustomerViews).
  std::vector<store::WriteTx::CustomerPut> customer_puts_;
  SegmentCountsFold segment_counts_;      // segment_days (stream/segment_counts.h)
};

}  // namespace packprod::stream
