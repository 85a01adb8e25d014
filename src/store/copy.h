// Moving a shop from one store to another (`packprod migrate-store`), over the Store
// interface only, so any pair of implementations works (SQLite to PostgreSQL, back, ...).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "store/store.h"

namespace packprod::store {

// What a store holds, in numbers (for comparing a copy with its source).
struct StoreCounts {
  std::int64_t clients = 0, keys = 0, revoked_keys = 0, contacts = 0, orders = 0;
  std::int64_t ingest_failures = 0;
  bool operator==(const StoreCounts&) const = default;
};

Result<StoreCounts> CountStore(Store& s);

// Called after each committed chunk: the client and its orders copied so far.
using CopyProgress = std::function<void(const std::string& client, std::int64_t orders)>;

// Copies every client (settings), key (hash, role, label, creation, last use,
// revocation), contact, order, e-mail rule set and failed e-mail (the whole message; its
// attempt count restarts at 1) of `from` into `to`, which must hold no client
// (InvalidArgument otherwise, nothing written). Orders are written in transactions of a
// few thousand, each after its contacts. Not copied: the change log (its records are
// history, pruned anyway once applied), the views, which the caller rebuilds on the
// target from the orders (stream::RebuildClient), and the Message-IDs of imported
// e-mails (no Store method lists them; an e-mail ingested again re-imports its order by
// reference, unchanged). On failure the target holds a prefix of the copy: drop and
// re-create it, then run again.
Status CopyStore(Store& from, Store& to, const CopyProgress& progress);

}  // namespace packprod::store
