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

Result<std::optional<ClientSettings>> ReadClient(Conn& c, const std::string& id);
Result<std::vector<ClientSettings>> ReadClients(Conn& c);
Status WriteClient(Conn& c, const ClientSettings& s);

Status WriteKey(Conn& c, const ApiKey& k, const std::string& hash);
Result<std::optional<ApiKey>> ReadKeyByHash(Conn& c, const std::string& hash);
Result<std::vector<ApiKey>> ReadKeys(Conn& c);
Result<std::vector<std::pair<ApiKey, std::string>>> ReadKeysWithHashes(Conn& c);
Status WriteRevoke(Conn& c, const std::string& key_id, Millis at);
Status WriteTouch(Conn& c, const std::string& key_id, Millis at);

Result<std::optional<ContactRecord>> ReadContact(Conn& c, const std::string& client,
                                                 const std::string& contact_id);
Result<std::vector<ContactRecord>> ReadContacts(Conn& c, const std::string& client);
// The stored ones among `ids` (one round trip each), for an import's batch.
Result<std::vector<ContactRecord>> ReadContactsByIds(Conn& c, const std::string& client,
                                                     const std::vector<std::string>& ids);
Result<std::vector<Order>> ReadOrdersByIds(Conn& c, const std::string& client,
                                           const std::vector<std::string>& ids);
// The item codes of a stored order (repeats kept); nullopt when it is not stored.
Result<std::optional<std::vector<std::string>>> ReadOrderCodes(Conn& c, const std::string& client,
                                                               const std::string& order_id);
// Adds to the order counts (schema.cc): `orders` to the client's, each delta to its code's.
Status AddOrderCounts(Conn& c, const std::string& client, std::int64_t orders,
                      const std::map<std::string, std::int64_t>& products);
Status WriteContact(Conn& c, const std::string& client, const ContactRecord& r);

Result<std::optional<Order>> ReadOrder(Conn& c, const std::string& client,
                                       const std::string& order_id);
// Inserts (or, with `replace`, replaces) the order row and its item rows.
Status WriteOrder(Conn& c, const Order& o, const std::string& image, bool replace);
Status RemoveOrder(Conn& c, const std::string& client, const std::string& order_id);
Result<OrderPage> QueryOrders(Conn& c, const std::string& client, const OrderQuery& q);
// Streams the client's orders (a cursor inside the caller's transaction, or a fresh one).
Status ScanOrderDocs(Conn& c, const std::string& client, const std::function<bool(Order&&)>& fn);
// Every order of the client in pages along orders_by_contact: each contact's orders together.
Status ScanOrderDocsByContact(Conn& c, const std::string& client,
                              const std::function<bool(Order&&)>& fn);

// Writes records whose seqs follow the head, in one statement, and moves the head to the
// last of them. The caller holds the write lock (no concurrent appender).
Status AppendChangeRecords(Conn& c, const std::vector<ChangeRecord>& records);
Result<std::int64_t> ReadHeadSeq(Conn& c);
Result<Store::PendingChanges> ReadClientPending(Conn& c, const std::string& client,
                                                std::int64_t after);
Result<std::vector<ChangeRecord>> ReadChangeLog(Conn& c, std::int64_t after, int limit);

}  // namespace packprod::store::postgres
