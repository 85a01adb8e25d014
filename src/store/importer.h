// The import operation on any Store: one transaction writes every order of a batch,
// its contact and its change record (docs/api.md "Import").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/validate.h"
#include "store/change_stamp.h"
#include "store/store.h"

namespace packprod::store {

enum class ImportResult { kCreated, kUpdated, kUnchanged };
const char* ImportResultName(ImportResult r);

struct ImportItem {
  std::string order_id, contact_id;
  ImportResult result = ImportResult::kCreated;
  bool contact_created = false;
  std::vector<std::string> warnings;
};

struct ImportOutcome {
  std::vector<ImportItem> items;  // one per input order, in input order
  int created = 0, updated = 0, unchanged = 0;
  std::int64_t seq = 0;  // last change record written, or the head when none
};

// Imports validated orders of `client` atomically: all or nothing, durable on return.
// Concurrent imports (threads or processes) see each other whole: each order and contact
// is `created` by exactly one of them; the results tell what this transaction did.
// A reference repeated within the batch is applied in turn (the later copy sees the
// earlier one). An identical re-post writes no change record.
// `now` is the orders' importedAt / updatedAt.
Result<ImportOutcome> ImportOrders(Store& store, const std::string& client,
                                   std::vector<ValidatedOrder> orders, Millis now,
                                   ChangeStamp stamp = ChangeStamp::kNow);

// The same inside a transaction the caller runs (e.g. to record more in it): imports
// `orders` of `client` through `tx`, adding to *out. Nothing is durable until the
// caller's Write commits.
Status ImportOrdersInTx(WriteTx& tx, const std::string& client,
                        std::vector<ValidatedOrder>& orders, Millis now, ImportOutcome* out,
                        ChangeStamp stamp = ChangeStamp::kNow);

// Deletes one order and writes its REMOVE record. NotFound when absent.
Result<std::int64_t> DeleteOrder(Store& store, const std::string& client,
                                 const std::string& order_id, Millis now,
                                 ChangeStamp stamp = ChangeStamp::kNow);

}  // namespace packprod::store
