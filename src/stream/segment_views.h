// The segment-movement and cohort views (docs/metrics.md "Segment movements", "Cohorts"):
// contact_spend_days (each contact's counted orders and spend per local day), its
// segment_moves rows and the cohort_cells counters, kept for the contacts a batch changed.
// A contact's moves and cohort contribution are functions of its SpendDays alone
// (domain/segment_history.h), so a batch reads one row per changed contact.
#pragma once

#include <map>
#include <string>

#include "domain/metrics.h"
#include "domain/segment_history.h"
#include "store/store.h"

namespace packprod::stream {

// One contact's spend days before and after a batch.
struct SpendDaysChange {
  SpendDays before, after;
};

// The contact's contact_spend_days row, decoded (empty without a row).
Result<SpendDays> StoredSpendDays(store::WriteTx& tx, const std::string& client,
                                  const std::string& contact_id);

// The contact's counted order days as its contact_spend_days row holds them (none
// without a row): the days its reorder cadence, day_customers and account are kept from.
Result<DayMultiset> StoredOrderDays(store::WriteTx& tx, const std::string& client,
                                    const std::string& contact_id);

// Internal: the contact's spend days do not add up to its customer row (the views are out
// of step, or a store upgraded from before the tables was not rebuilt).
Status SpendDaysDisagree(const std::string& contact_id);

// A contact whose orders a batch changed: its customer row after the batch, and its spend
// days as stored before it (StoredSpendDays, read once per batch by its caller).
struct ChangedContact {
  const CustomerAggregate* after = nullptr;
  const SpendDays* stored = nullptr;
};

// Folds a batch's contact_days deltas of `client` into its segment and cohort views.
// `changed`: each contact whose orders changed; its spend days after the batch must add up
// to its customer row's orders and spend, else Internal (the views are out of
// step, or a store upgraded from before the tables was not rebuilt: `packprod rebuild`).
// `spend_changes` (may be null) gets the spend days before and after of each contact whose
// contact_days changed (product_cohorts.h).
Status FlushSegmentViews(
    store::WriteTx& tx, const std::string& client,
    const std::map<std::pair<DayNumber, std::string>, store::ContactDaySums>& deltas,
    const std::map<std::string, ChangedContact>& changed,
    std::map<std::string, SpendDaysChange>* spend_changes = nullptr);

}  // namespace packprod::stream
