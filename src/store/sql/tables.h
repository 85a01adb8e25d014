// The store's own tables written once over sql::Session: clients, API keys, contacts,
// the orders' reads (listing, scans), the change log's reads and the webhook secrets.
// What differs per engine stays there: writing an order with its items and counts,
// appending to the change log and its head. The caller owns the transaction. Used only by
// store/sqlite and store/postgres.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/time.h"
#include "store/sql/session.h"
#include "store/store.h"

namespace packprod::store::sql {

// order_hour_counts: orders per (client_id, hour, status), `hour` the UTC hour of
// created_at (OrderHour), kept by the writes of orders in their own transaction like
// order_counts (an order replaced or deleted leaves its old cell), so a date range's
// total sums the range's whole hours and counts only its two partial edge hours.
inline constexpr Millis kHourMs = 3'600'000;
inline std::int64_t OrderHour(Millis created_at) { return FloorDiv(created_at, kHourMs); }

// What a write transaction's orders add to and take from the client's order counters
// (order_counts, product_order_counts, order_hour_counts), summed in memory and written
// once per key just before the commit (each engine's write transaction): a batch of 500
// orders upserts order_counts once, each distinct code and hour once.
struct OrderCountDeltas {
  std::int64_t orders = 0;
  std::map<std::string, std::int64_t, std::less<>> products;           // by code
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> hours;  // (hour, status)
  // Adds `delta` (+1 or -1) of one order: its hour and status, and each distinct code
  // of `codes` once.
  void Add(Millis created_at, OrderStatus status, std::vector<std::string> codes,
           std::int64_t delta);
};
// Writes `d.hours` into order_hour_counts (AddCounters: a cell that reaches 0 goes).
Status AddHourCounts(Session& s, const std::string& client, const OrderCountDeltas& d);

// contacts' columns, in ContactFromRow's order.
inline constexpr const char* kContactCols = "contact_id, email, name, company, phone, updated_at";
ContactRecord ContactFromRow(const Row& r);
// An order from its stored document (column `col`); Internal when it does not parse.
Result<Order> OrderFromDoc(const Row& r, int col);

Result<std::optional<ClientSettings>> ReadClient(Session& s, const std::string& id);
Result<std::vector<ClientSettings>> ReadClients(Session& s);
Status WriteClient(Session& s, const ClientSettings& c);

Status WriteKey(Session& s, const ApiKey& k, const std::string& hash);
Result<std::optional<ApiKey>> ReadKeyByHash(Session& s, const std::string& hash);
Result<std::vector<ApiKey>> ReadKeys(Session& s);
Result<std::vector<std::pair<ApiKey, std::string>>> ReadKeysWithHashes(Session& s);
// NotFound when there is no such key.
Status WriteRevoke(Session& s, const std::string& key_id, Millis at);
Status WriteTouch(Session& s, const std::string& key_id, Millis at);

Result<std::optional<ContactRecord>> ReadContact(Session& s, const std::string& client,
                                                 const std::string& contact_id);
// Every contact of the client, by contact_id.
Result<std::vector<ContactRecord>> ReadContacts(Session& s, const std::string& client);
// Inserts or replaces.
Status WriteContact(Session& s, const std::string& client, const ContactRecord& c);

Result<std::optional<Order>> ReadOrder(Session& s, const std::string& client,
                                       const std::string& order_id);
// A page of the order listing, newest first, its total from the kept counts when
// unfiltered (order_counts, product_order_counts) or filtered only by date range and
// status (order_hour_counts over the range's whole UTC hours, plus a count of the
// orders index over the partial hours at its two edges).
Result<OrderPage> QueryOrders(Session& s, const std::string& client, const OrderQuery& q);
// Every order of the client (any order), or by (contact, createdAt, order id); `fn`
// returning false stops. Read in pages, so neither engine holds the whole result.
Status ScanOrderDocs(Session& s, const std::string& client,
                     const std::function<bool(Order&&)>& fn);
Status ScanOrderDocsByContact(Session& s, const std::string& client,
                              const std::function<bool(Order&&)>& fn);

// stream_state.applied_seq: the change-log position the views reflect.
Result<std::int64_t> ReadAppliedSeq(Session& s);
// The change log: the client's records after `after` (its client_stream row less its
// client_applied row, plus or minus its records between `after` and the checkpoint).
Result<Store::PendingChanges> ReadClientPending(Session& s, const std::string& client,
                                                std::int64_t after);
// client_stream (the per-client stream counters): `records` of `client` appended, the
// newest with seq `newest_seq`. In the transaction that appends them.
Status AddAppended(Session& s, const std::string& client, std::int64_t records,
                   std::int64_t newest_seq);
// The checkpoint moves from `from` to `to`: each client's records in between count as
// applied in client_applied (or, moving back, no longer). Its own table beside the
// views, not a column of client_stream: the imports' transactions write client_stream,
// the processor's batches this (SQLite keeps the two in different files). One range of
// the change log's key. In the transaction that moves it, before the change log is
// pruned past `from`.
// `log` reads the change log, `views` writes client_applied (the same session but where
// the views have a file of their own).
Status MoveApplied(Session& log, Session& views, std::int64_t from, std::int64_t to);
Result<std::vector<ChangeRecord>> ReadChangeLog(Session& s, std::int64_t after, int limit);

// webhook_secrets (store.h "shop platform webhooks"); Remove: NotFound when absent.
Status WriteWebhookSecret(Session& s, const WebhookSecret& w);
Result<std::optional<WebhookSecret>> ReadWebhookSecret(Session& s, const std::string& client,
                                                       const std::string& platform);
Result<std::vector<WebhookSecret>> ReadWebhookSecrets(Session& s);
Status RemoveWebhookSecret(Session& s, const std::string& client, const std::string& platform);

}  // namespace packprod::store::sql
