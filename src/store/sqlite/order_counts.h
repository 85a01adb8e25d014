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

#include "store/sqlite/db.h"
#include "store/store.h"

namespace packprod::store::sqlite {

// Adds `delta` (+1 or -1) to the client's order count and to the count of every
// distinct code in `codes`.
Status AddOrderCounts(Db& db, const std::string& client, const std::vector<std::string>& codes,
                      std::int64_t delta);
// Adds `delta` to the order_hour_counts cell of (client, UTC hour of `created_at`,
// status); a cell that reaches 0 is removed.
Status AddHourCount(Db& db, const std::string& client, Millis created_at, OrderStatus status,
                    std::int64_t delta);
// Subtracts the stored order `order_id` (its distinct item codes, its hour and status)
// from the counts; call before its rows are deleted or replaced. No-op when it is not
// stored.
Status SubtractStoredOrder(Db& db, const std::string& client, const std::string& order_id);

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
