// The stream processor: tails the change log after the views' checkpoint and applies
// it in batches; each batch's view updates and its new checkpoint commit in one
// transaction (Store::Write), so a crash at any point neither loses nor double-applies
// an event. Several processors (threads or processes) may run on one store: every batch
// reads the checkpoint inside its own write transaction.
//
// Start() runs it on a background thread, woken at once by commits (Store::OnCommit:
// this process's, and other processes' where the store hears them, e.g. PostgreSQL's
// LISTEN/NOTIFY) and otherwise every poll_interval; it also prunes applied change
// records older than `retention`. The thread applies only while this process holds the
// store's processor lease (Store::HoldProcessorLease): among the processes on one
// store, one is active and the others stand by, retrying the lease every
// poll_interval, so one of them takes over soon after the active one dies. A standby
// follows the shared checkpoint and head meanwhile (AppliedSeq, HeadSeq tell the truth
// there too). Without Start() the object still answers AppliedSeq / HeadSeq /
// WaitApplied from the store (another process applying).
//
// Thread-safety: every public method may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/store.h"
#include "stream/apply.h"
#include "stream/commit_wake.h"
#include "stream/lag_window.h"

namespace packprod::stream {

struct ProcessorOptions {
  // Records per transaction. While no more than batch_size records wait, batch_size at
  // first; it doubles, up to max_batch_size, as long as a batch takes under half of
  // target_batch_time, and halves (not below batch_size) when one takes longer, counted
  // from when the batch holds the writer: the target bounds how long the processor holds
  // the store's single writer. When more than batch_size records wait (an import is
  // writing), a batch takes all of them up to max_batch_size and goes ahead of the writes
  // of views waiting for their writer (Store::WriteViews): per record a bigger batch writes fewer
  // pages, and the backlog stays about batch_size long however long the import runs.
  int batch_size = kDefaultBatch;
  int max_batch_size = 8 * kDefaultBatch;
  std::chrono::milliseconds target_batch_time{300};
  std::chrono::milliseconds poll_interval{200};
  std::chrono::milliseconds prune_interval{std::chrono::minutes(1)};
  std::chrono::milliseconds retention{std::chrono::hours(24)};
  std::size_t lag_window = 10000;  // events behind the lag percentiles
  // PaceImports: the records an import may leave waiting before its answer waits for the
  // views (up to import_wait), so that they stay about a second behind however long an
  // import runs where the processor has a writer of its own (SQLite's two files).
  std::int64_t import_backlog = 3000;
  std::chrono::milliseconds import_wait{std::chrono::seconds(10)};
  // Test hook, see BatchOptions::before_checkpoint.
  std::function<Status()> before_checkpoint;
  // Called after each committed batch (on the processor's thread): the checkpoint and,
  // per client, the contacts whose metrics changed. For live `metrics` events.
  std::function<void(std::int64_t applied_seq,
                     const std::map<std::string, std::vector<std::string>>& contacts)>
      on_applied;
};

class Processor {
 public:
  explicit Processor(store::Store& store, ProcessorOptions options = {});
  // Stops the thread (see Stop).
  ~Processor();
  Processor(const Processor&) = delete;
  Processor& operator=(const Processor&) = delete;

  // Starts the background thread (once). Errors are logged and retried.
  void Start();
  // Wakes the thread, lets its current batch commit (its checkpoint included) and joins.
  void Stop();

  // Applies one batch now, on the calling thread. Returns the records applied (0 when
  // caught up). Unavailable / Internal from the store; nothing applied then.
  Result<int> ApplyBatch();
  // Applies batches until the head read at the call is applied.
  Status CatchUp();
  // Deletes applied change records older than the retention; returns how many.
  Result<std::int64_t> Prune(Millis now);

  // The checkpoint as last seen (own batches, and the store when polled).
  std::int64_t AppliedSeq() const { return applied_.load(); }
  // The change log's head now (the last known one if the store fails).
  std::int64_t HeadSeq();
  // Read-your-writes: true once the views reflect `seq` (by this or any process's
  // processor), false after `timeout`.
  bool WaitApplied(std::int64_t seq, std::chrono::milliseconds timeout);
  // After an import's transaction, before its answer, while this processor leads: waits
  // (up to import_wait) until no more than import_backlog records wait to be applied.
  // Returns how long it waited. Imports then go at the pace the views keep instead of
  // leaving them minutes behind after a bulk import.
  std::chrono::milliseconds PaceImports();
  LagStats Lag() const { return lag_.Stats(); }
  // One client's share: the lag of its events (the last kClientLagWindow) and the
  // newest of its records this processor applied (0: none since it started).
  struct ClientStats {
    LagStats lag;
    std::int64_t applied_seq = 0;
  };
  ClientStats ClientLag(const std::string& client) const;
  static constexpr std::size_t kClientLagWindow = 1000;
  // Whether this object's thread is the active processor (holds the lease) now; false
  // while it stands by, and without Start().
  bool Leading() const { return running_ && leading_.load(); }
  // Whether Start() ran (a processor runs here, active or standing by).
  bool Running() const { return running_; }
  // Whether some processor keeps the views: this one leads and its last batch
  // succeeded, or (when it does not lead; checked at most every poll_interval, which
  // also refreshes AppliedSeq from the store) the views are caught up with the change log
  // or their checkpoint moved within kMaintainedWindow (a processor in another process).
  bool ViewsMaintained();
  static constexpr std::chrono::seconds kMaintainedWindow{10};

 private:
  void Run();
  // Whether this process holds the processor lease (logs when that changes). Run only.
  bool HoldLease();
  // Logs a failure of the background thread; a repeat of the last one only now and then.
  void LogFailure(const char* what, const Status& s);
  void Notify();
  void NoteApplied(std::int64_t seq);
  void RefreshApplied();
  // Grows or shrinks limit_ after a batch (see ProcessorOptions).
  void AdaptLimit(int records, std::chrono::steady_clock::duration took);

  store::Store& store_;
  const ProcessorOptions options_;
  CommitWake wake_;
  std::mutex apply_mu_;  // one batch at a time in this object; guards zones_, limit_
  ZoneCache zones_;
  int limit_;
  std::atomic<std::int64_t> applied_{0};
  std::atomic<std::int64_t> head_{0};
  LagWindow lag_;
  struct ClientLagWindow {
    LagWindow lag{kClientLagWindow};
    std::int64_t applied_seq = 0;
  };
  mutable std::mutex clients_mu_;
  std::map<std::string, std::unique_ptr<ClientLagWindow>> clients_;  // guarded by clients_mu_
  std::mutex applied_mu_;  // with applied_cv_: waiters of WaitApplied
  std::condition_variable applied_cv_;
  std::mutex maintained_mu_;  // guards the next four fields
  std::chrono::steady_clock::time_point maintained_checked_{};
  std::chrono::steady_clock::time_point progress_seen_{};
  std::int64_t maintained_seq_ = -1;
  bool maintained_ = false;
  std::string last_failure_;  // touched only by the thread of Run
  std::chrono::steady_clock::time_point last_failure_at_{};
  std::atomic<bool> leading_{false};  // holds the lease; written by Run, and Stop after the join
  bool role_logged_ = false;          // the first HoldLease logged; touched only by Run
  std::atomic<bool> running_{false};
  std::atomic<bool> failing_{false};  // the thread's last batch failed
  int failures_ = 0;                  // the thread's batches failed in a row
  std::thread thread_;                // touched only by Start / Stop
};

}  // namespace packprod::stream
