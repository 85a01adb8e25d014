// Order counts kept in the writer's transaction (order_counts, product_order_counts,
// order_hour_counts),
// the per-contact product totals of a customer's detail and the orders' facts for the
// statistics. Used only by store/sqlite.
// The caller owns the transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "store/sql/tables.h"
#include "store/sqlite/db.h"
#include "store/store.h"

namespace packprod::store::sqlite {

// A write transaction's order counts are summed in a sql::OrderCountDeltas (the same as
// PostgreSQL's) and written once per key before the commit.
using CountDeltas = sql::OrderCountDeltas;
// Adds `delta` (+1 or -1) of order `o` (its hour and status, each distinct code).
void CountOrder(const Order& o, std::int64_t delta, CountDeltas* d);
// Takes the stored order `order_id` out of the counts; call before its rows are deleted
// or replaced. No-op when it is not stored.
Status UncountStoredOrder(Db& db, const std::string& client, const std::string& order_id,
                          CountDeltas* d);
// Writes the summed deltas: order_counts, product_order_counts (codes with a non-zero
// sum) and order_hour_counts (a cell that reaches 0 is removed).
Status ApplyCountDeltas(Db& db, const std::string& client, const CountDeltas& d);

Result<std::int64_t> ReadOrderCount(Db& db, const std::string& client);
Result<std::int64_t> ReadProductOrderCount(Db& db, const std::string& client,
                                           const std::string& code);

// Store::ScanOrderFacts: from the covering index orders_by_contact.
Status ScanOrderFactRows(Db& db, const std::string& client,
                         const std::function<void(const OrderFact&)>& fn);

// Per code over the contact's counted orders: units, revenue, and the name of the latest
// (createdAt, orderReference) order naming it. Code ascending; other fields unset.
Result<std::vector<ProductAggregate>> ReadContactProducts(Db& db, const std::string& client,
                                                          const std::string& contact_id);

}  // namespace packprod::store::sqlite
