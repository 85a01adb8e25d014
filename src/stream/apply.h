// One step of the processor inside a write transaction: read the next change records
// after the checkpoint, apply them, advance the checkpoint. Shared by the Processor,
// `rebuild` and `verify`.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "store/store.h"
#include "stream/batch_applier.h"

namespace packprod::stream {

inline constexpr int kDefaultBatch = 2000;

struct BatchOptions {
  int limit = kDefaultBatch;
  // Records of this client are passed over (the caller rebuilds the client in the same
  // transaction). Null: apply every record.
  const std::string* skip_client = nullptr;
  // Runs after the view writes, before the checkpoint; a non-OK Status aborts the batch
  // (the caller's transaction then rolls back). For fault-injection tests.
  std::function<Status()> before_checkpoint;
  Millis now = 0;  // the checkpoint's updated_at
};

struct BatchOutcome {
  int records = 0;                // records read (0: the views were caught up)
  std::int64_t applied_seq = 0;   // the checkpoint after the batch
  std::vector<Millis> committed;  // committed_at of each record applied
  // The same per client, with the newest seq of that client applied.
  struct ClientApplied {
    std::vector<Millis> committed;
    std::int64_t last_seq = 0;
  };
  std::map<std::string, ClientApplied> by_client;
  std::map<std::string, std::vector<std::string>> contacts;  // client -> contacts changed
};

// Reads up to `limit` records after tx.AppliedSeq(), applies them in seq order and sets
// the checkpoint to the last one, all in `tx`. The caller commits (or rolls back).
Result<BatchOutcome> ApplyNextBatch(store::WriteTx& tx, ZoneCache& zones,
                                    const BatchOptions& options);

// Applies batches in `tx` until the checkpoint reaches the head (as seen by `tx`).
Status CatchUpInTx(store::WriteTx& tx, ZoneCache& zones, const BatchOptions& options);

}  // namespace packprod::stream
