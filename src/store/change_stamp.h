// When a change record is stamped (ChangeRecord::committed_at): the processor's lag runs
// from that instant to the commit of the views that show the change.
#pragma once

#include "domain/time.h"

namespace packprod::store {

// A committed_at given to WriteTx::AppendChange as kStampAtCommit is replaced by the
// store with the clock read just before the transaction's COMMIT (after every other
// write of the transaction), so neither the wait for the single writer nor the
// importing transaction's own work counts as lag: it starts when the change is durable
// (up to the commit's own sync).
inline constexpr Millis kStampAtCommit = 0;

// How an import stamps its change records: at the `now` it is given (deterministic:
// tests, replays of a given time), or as its transaction commits (the server, the CLI).
enum class ChangeStamp { kNow, kCommit };

}  // namespace packprod::store
