// `packprod rebuild` and `packprod verify` for one client: safe while a processor (in
// `serve` or `stream`, this process or another) runs on the same store.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "domain/order.h"
#include "store/store.h"

namespace packprod::stream {

// Called now and then with the orders done so far; may be empty.
using Progress = std::function<void(std::int64_t orders)>;

// Recomputes every view row of `client` from its orders and contacts, in one write
// transaction that first applies the other clients' pending change records and ends
// with the checkpoint at the head read inside it. NotFound for an unknown client.
Status RebuildClient(store::Store& store, const std::string& client, const Progress& progress);

// Rebuilds the clients whose views lack a view that a schema migration added empty: today
// the reorder view (schema 7), which holds a row for every contact with enough counted
// orders, day_customers (schema 9), a row for every day with a counted order, the
// segment-movement and cohort views (schema 10), which hold a cohort cell once any contact
// has a counted order, and the account view (schema 11), which holds an account for every
// customer, contact_products (schema 12) and the product-cohort views (schema 14), which
// hold a first order for every customer with a counted order, and product_day_customers
// (schema 15), which holds a row for each product with a counted order, and the statistics
// counters (schema 16); a store upgraded from
// before them has none until rebuilt. Returns how many
// clients
// were rebuilt (0 on every later call). product_block_customers (SQLite schema 24,
// PostgreSQL 22) needs no rebuild: a client with product_day_customers rows but none of
// it gets its rows summed from them (not counted in the result). Every client when the
// store says all views await a rebuild (Store::ViewsAwaitRebuild: a new SQLite views
// file). Each client's reorder rows follow its reorder settings
// (WriteTx::FollowReorderSettings). Run by the active processor when it starts leading,
// by `packprod init` and by `packprod restore`.
Result<int> BuildMissingViews(store::Store& store);

struct VerifyOutcome {
  std::vector<std::string> differences;  // empty: the views are exact
  std::int64_t orders = 0;               // orders compared
  std::int64_t applied_seq = 0;          // the consistent point compared at
};

// Applies the pending change records, then compares the stored views of `client` with
// a recomputation by the domain functions (expected_views.h) at one consistent snapshot
// where the checkpoint equals the head. Under a steady stream of writes it falls back to
// comparing inside a write transaction. Errors: the store's.
Result<VerifyOutcome> VerifyClient(store::Store& store, const ClientSettings& client,
                                   const Progress& progress);

}  // namespace packprod::stream
