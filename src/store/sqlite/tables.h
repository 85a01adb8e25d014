// Row-level reads and writes of the SQLite store's tables, on a given connection.
// The caller owns the transaction. Used only by store/sqlite.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite/db.h"
#include "store/store.h"

namespace packprod::store::sqlite {

Result<std::optional<ClientSettings>> ReadClient(Db& db, const std::string& id);
Result<std::vector<ClientSettings>> ReadClients(Db& db);
Status WriteClient(Db& db, const ClientSettings& c);

Status WriteKey(Db& db, const ApiKey& k, const std::string& hash);
Result<std::optional<ApiKey>> ReadKeyByHash(Db& db, const std::string& hash);
Result<std::vector<ApiKey>> ReadKeys(Db& db);
Result<std::vector<std::pair<ApiKey, std::string>>> ReadKeysWithHashes(Db& db);
Status WriteRevoke(Db& db, const std::string& key_id, Millis at);
Status WriteTouch(Db& db, const std::string& key_id, Millis at);

Result<std::optional<ContactRecord>> ReadContact(Db& db, const std::string& client,
                                                 const std::string& contact_id);
Result<std::vector<ContactRecord>> ReadContacts(Db& db, const std::string& client);

Result<std::optional<Order>> ReadOrder(Db& db, const std::string& client,
                                       const std::string& order_id);
// Inserts (or, with `replace`, replaces) the order row and its item rows; `image` is
// the order's OrderToImage document.
Status WriteOrder(Db& db, const Order& o, const std::string& image, bool replace);
Result<OrderPage> QueryOrders(Db& db, const std::string& client, const OrderQuery& q);
Status ScanOrderDocs(Db& db, const std::string& client, const std::function<bool(Order&&)>& fn);
// Every order of the client through orders_by_contact: each contact's orders together.
Status ScanOrderDocsByContact(Db& db, const std::string& client,
                              const std::function<bool(Order&&)>& fn);

Result<std::int64_t> ReadHeadSeq(Db& db);
Result<Store::PendingChanges> ReadClientPending(Db& db, const std::string& client,
                                                std::int64_t after);
Result<std::vector<ChangeRecord>> ReadChangeLog(Db& db, std::int64_t after, int limit);

}  // namespace packprod::store::sqlite
