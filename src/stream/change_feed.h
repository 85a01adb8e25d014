// The change feed: what every process tells its live subscribers, read from the change log
// itself rather than from whichever code path wrote an order. Every import path (the HTTP
// import, `packprod import`, `ingest-email`, a replayed e-mail, a delete, another process
// or instance on the same store) writes change records, so following the log is the one
// place that sees them all.
//
// Two positions are followed, from where they stand when the feed starts (no history is
// replayed):
// - the change log's head: each new record is a committed order change; `on_committed`
//   gets them summarised per client (live `order` events, import counters);
// - the views' checkpoint (any process's processor): `on_applied` gets the records the
//   views now reflect, per client (live `metrics` events).
// Each position is read after a commit of this process (and, where the store hears them,
// of other processes: PostgreSQL's LISTEN/NOTIFY) and otherwise every poll_interval, so a
// standby instance reports what the active one applied.
//
// Thread-safety: Start/Stop from one thread; Poll may be called from any thread but not
// concurrently with the feed's own thread (tests call it without Start).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "stream/commit_wake.h"

namespace packprod::stream {

// Change records of one client, in seq order, summarised.
struct FeedBatch {
  std::string client;
  std::int64_t seq = 0;                  // the last record's seq
  std::vector<std::string> order_ids;    // distinct, in seq order
  std::vector<std::string> contact_ids;  // distinct, in seq order (old and new contact)
  int created = 0, updated = 0, removed = 0;
};

// Summarises `records` (ascending seq) per client, clients in order of first appearance.
// Pure. A record's contacts are read from its images (`contactID`); an image that does
// not parse contributes no contact.
std::vector<FeedBatch> SummariseChanges(const std::vector<store::ChangeRecord>& records);

struct ChangeFeedOptions {
  std::chrono::milliseconds poll_interval{200};
  int batch = 2000;  // records read per store call
  std::function<void(const FeedBatch&)> on_committed;
  std::function<void(const FeedBatch&)> on_applied;
};

class ChangeFeed {
 public:
  // Reads both positions now: later records are the first reported.
  ChangeFeed(store::Store& store, ChangeFeedOptions options);
  ~ChangeFeed();  // Stop()
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  void Start();
  void Stop();

  // Reads both positions once and reports what is new. Unavailable when the store fails
  // (the positions stay; the next poll retries from them).
  Status Poll();

  std::int64_t committed_seq() const { return committed_; }
  std::int64_t applied_seq() const { return applied_; }
  // The newest record of `client` that the views have applied (by any process's
  // processor), as far as this feed has followed since it started; 0 when none.
  std::int64_t ClientAppliedSeq(const std::string& client) const;

 private:
  // Reports the records in (*from, to] to `sink`, advancing *from as it goes.
  Status Follow(std::int64_t* from, std::int64_t to,
                const std::function<void(const FeedBatch&)>& sink);
  void Run();

  store::Store& store_;
  const ChangeFeedOptions options_;
  CommitWake wake_;
  mutable std::mutex clients_mu_;
  std::map<std::string, std::int64_t> client_applied_;  // guarded by clients_mu_
  std::atomic<std::int64_t> committed_{0};  // written by Poll only
  std::atomic<std::int64_t> applied_{0};    // written by Poll only
  std::thread thread_;
};

}  // namespace packprod::stream
