// Orders from the shop platforms (WooCommerce, Shopify) into any Store: one webhook
// delivery, or one page of a backfill, in one transaction each.
//
// Every order goes through MapPlatformOrder (domain/platform_orders.h), ValidateOrder
// and the importer, exactly as POST /admin/contacts/import; one that cannot be mapped or
// breaks the import rules goes whole (its raw JSON) to the order e-mails' failure queue
// with the field and the reason, under the key "<platform>-order:<id>" (a later good
// copy of the same order clears it). Keys kept in the ingest table (store.h):
//   "<platform>-order:<id>"     -> the order id the platform's order was imported as, so
//                                  that a delete, which carries only the platform id,
//                                  finds it;
//   "<platform>-delivery:<id>"  -> a delivery handled (X-Shopify-Webhook-Id,
//                                  X-WC-Webhook-Delivery-ID): a retried one is a duplicate
//                                  and writes nothing.
// Nothing here calls out: the body is all there is.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "domain/platform_orders.h"
#include "store/importer.h"
#include "store/store.h"

namespace packprod::store {

struct PlatformDelivery {
  Platform platform = Platform::kWooCommerce;
  bool remove = false;      // a delete topic: the body is {"id": N}
  std::string delivery_id;  // empty when the platform sent none
  std::string topic;        // as sent, for the failure entry
  std::string body;         // the raw JSON body
};

struct PlatformResult {
  enum class Kind { kImported, kRemoved, kDuplicate, kIgnored, kFailed };
  Kind kind = Kind::kFailed;
  std::string order_id, reference;
  std::string contact_id;  // kImported
  ImportResult import = ImportResult::kCreated;  // kImported
  std::vector<std::string> warnings;
  std::int64_t seq = 0;  // the change record written (0: none)
  // kFailed: the queue entry; kIgnored: why
  std::int64_t failure_id = 0;
  std::string field, reason;
};
// "imported", "removed", "duplicate", "ignored", "failed"
const char* PlatformResultName(PlatformResult::Kind k);

// Applies one verified delivery: imports (or updates) its order, removes it (a delete of
// an order never imported is kIgnored), or queues it (kFailed). Fails only when the
// store does.
Result<PlatformResult> ApplyPlatformDelivery(Store& st, const ClientSettings& client,
                                             const PlatformDelivery& d, Millis now);

struct PlatformPageOutcome {
  int created = 0, updated = 0, unchanged = 0, failed = 0;
};
// Imports a page of platform orders (a backfill) in one transaction; the ones that
// cannot be imported are queued (source "backfill:<platform>").
Result<PlatformPageOutcome> ImportPlatformPage(Store& st, const ClientSettings& client,
                                               Platform p,
                                               const std::vector<boost::json::value>& orders,
                                               Millis now);

// Whether a failure-queue entry came from a platform (its source names one), and the
// entry read again with today's rules: imported (and cleared) or failed again.
bool IsPlatformFailure(const IngestFailure& f);
Result<PlatformResult> ReplayPlatformFailure(Store& st, const ClientSettings& client,
                                             const IngestFailure& f, Millis now);

}  // namespace packprod::store
