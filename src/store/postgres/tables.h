// Row-level reads and writes of the PostgreSQL store's tables, on a given connection.
// The caller owns the transaction. Used only by store/postgres.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/postgres/pg.h"
#include "store/store.h"

namespace packprod::store::postgres {



// The stored ones among `ids` (one round trip each), for an import's batch.
Result<std::vector<ContactRecord>> ReadContactsByIds(Conn& c, const std::string& client,
                                                     const std::vector<std::string>& ids);
Result<std::vector<Order>> ReadOrdersByIds(Conn& c, const std::string& client,
                                           const std::vector<std::string>& ids);
// What the order counts hold of a stored order: its createdAt, status and item codes
// (repeats kept).
struct CountedOrder {
  Millis created_at = 0;
  OrderStatus status = OrderStatus::kPending;
  std::vector<std::string> codes;
};
// nullopt when it is not stored.
Result<std::optional<CountedOrder>> ReadCountedOrder(Conn& c, const std::string& client,
                                                     const std::string& order_id);
// Adds to the order counts (schema.cc): `orders` to the client's, each delta to its code's.
Status AddOrderCounts(Conn& c, const std::string& client, std::int64_t orders,
                      const std::map<std::string, std::int64_t, std::less<>>& products);

// Inserts (or, with `replace`, replaces) the order row and its item rows.
Status WriteOrder(Conn& c, const Order& o, const std::string& image, bool replace);
Status RemoveOrder(Conn& c, const std::string& client, const std::string& order_id);

// Writes records whose seqs follow the head, in one statement, and moves the head to the
// last of them. The caller holds the write lock (no concurrent appender).
Status AppendChangeRecords(Conn& c, const std::vector<ChangeRecord>& records);
Result<std::int64_t> ReadHeadSeq(Conn& c);

}  // namespace packprod::store::postgres
