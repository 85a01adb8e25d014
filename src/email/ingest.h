// Order e-mail ingestion over any Store: one message in, its order imported through the
// same importer as POST /admin/contacts/import (one transaction per message, which also
// records the message's key), or the message queued whole with the reason and the field
// that failed. A message key (Message-ID) is imported at most once per client, and a
// dismissed failure's key is remembered (with an empty order id) so that reading the same
// mailbox again does not queue it anew.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/order.h"
#include "email/templates.h"
#include "store/importer.h"
#include "store/store.h"

namespace packprod::email {

inline constexpr std::size_t kMaxQueuedBytes = 1 << 20;

struct IngestResult {
  // kDismissed: the key's failure was dismissed before; nothing is written.
  enum class Kind { kImported, kDuplicate, kFailed, kDismissed };
  Kind kind = Kind::kFailed;
  std::string message_key, subject, template_;
  // kImported / kDuplicate
  std::string order_id;
  store::ImportResult import = store::ImportResult::kCreated;
  std::vector<std::string> warnings;
  // kFailed
  std::int64_t failure_id = 0;
  std::string field, reason;
};
// "imported", "duplicate", "failed", "dismissed"
const char* IngestKindName(IngestResult::Kind k);

// The client's rules; empty when none were set. Internal when the stored rules are corrupt.
Result<EmailRules> LoadRules(store::Store& st, const std::string& client);
// Validates and stores the client's rules (ValidationFailed naming the bad field).
Status SaveRules(store::Store& st, const std::string& client, const boost::json::value& rules,
                 Millis now);

// Reads `raw` with the client's `rules` (and its time zone) and imports its order, or
// queues it (`source` tells where it came from). A key imported before is kDuplicate, one
// dismissed before kDismissed; neither writes anything. A message over kMaxMessageBytes,
// nested too deep or in an unreadable charset is queued (field "message") like any other
// failure; of a message over kMaxMessageBytes only the first kMaxQueuedBytes are kept.
// Fails only when the store does.
Result<IngestResult> IngestMessage(store::Store& st, const ClientSettings& client,
                                   const EmailRules& rules, std::string_view raw,
                                   const std::string& source, Millis now);

// Reads a queued message again with the client's current rules: imported (and removed
// from the queue in the same transaction), or failed again (the entry updated).
// NotFound when the client has no such failure.
Result<IngestResult> ReplayFailure(store::Store& st, const ClientSettings& client, std::int64_t id,
                                   Millis now);

// The one wording for a failure id the client does not have (CLI and API alike).
std::string NoFailureMessage(std::int64_t id);

// Drops a failure from the queue and remembers its key as dismissed (see above).
// NotFound (NoFailureMessage) when the client has no such failure.
Status DismissFailure(store::Store& st, const std::string& client, std::int64_t id, Millis now);

// Queues a message that failed elsewhere (e.g. in an n8n workflow) with its reason and
// field, unless its key was imported already (then kDuplicate).
Result<IngestResult> QueueFailure(store::Store& st, const std::string& client, std::string_view raw,
                                  const std::string& source, const std::string& reason,
                                  const std::string& field, Millis now);

}  // namespace packprod::email
