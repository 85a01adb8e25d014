#include "stream/processor.h"

#include <algorithm>

#include "domain/thread_name.h"
#include "ops/log.h"
#include "stream/maintenance.h"

namespace packprod::stream {
namespace {

constexpr int kPruneChunk = 10000;
// How often WaitApplied re-reads the checkpoint written by other processes.
constexpr std::chrono::milliseconds kWaitPoll{10};
// The same failure (e.g. views out of step) is logged again at most this often.
constexpr std::chrono::minutes kRepeatLogEvery{1};
// The timed wake-up when commits of every process wake the processor (LISTEN/NOTIFY).
constexpr std::chrono::milliseconds kHeardPoll{5000};

}  // namespace

Processor::Processor(store::Store& store, ProcessorOptions options)
    : store_(store),
      options_(std::move(options)),
      limit_(std::max(1, options_.batch_size)),
      lag_(options_.lag_window) {
  RefreshApplied();
}

Processor::~Processor() { Stop(); }

void Processor::Start() {
  if (thread_.joinable()) return;
  wake_.Restart();
  wake_.Listen(store_);
  running_ = true;
  thread_ = std::thread([this] {
    NameThisThread("processor");
    Run();
  });
}

void Processor::Stop() {
  wake_.Stop();
  if (thread_.joinable()) {
    thread_.join();
    if (leading_) store_.ReleaseProcessorLease();
    leading_ = false;
  }
  running_ = false;
}

bool Processor::HoldLease() {
  auto held = store_.HoldProcessorLease();
  const bool now = held.ok() && *held;
  if (!held.ok()) LogFailure("processor lease", held.status());
  if (now && !leading_) {
    // Views a migration added empty (an upgraded store) are built once by the leader.
    auto rebuilt = BuildMissingViews(store_);
    if (!rebuilt.ok()) LogFailure("building missing views", rebuilt.status());
  }
  if (now != leading_ || !role_logged_) {
    ops::LogInfo(now ? "stream: this process is the active processor"
                     : "stream: standing by (another process is the active processor)");
    leading_ = now;
    role_logged_ = true;
  }
  return now;
}

void Processor::Notify() { wake_.Notify(); }

void Processor::NoteApplied(std::int64_t seq) {
  std::int64_t prev = applied_.load();
  while (prev < seq && !applied_.compare_exchange_weak(prev, seq)) {
  }
  std::lock_guard<std::mutex> lock(applied_mu_);
  applied_cv_.notify_all();
}

void Processor::RefreshApplied() {
  auto seq = store_.AppliedSeq();
  if (seq.ok()) NoteApplied(*seq);
}

Result<int> Processor::ApplyBatch() {
  std::lock_guard<std::mutex> lock(apply_mu_);
  // More than the first batch size behind (an import is writing): this batch goes before
  // the writes waiting for the writer, and takes all that is waiting (up to
  // max_batch_size): per record a bigger batch writes fewer pages, as its rows share them.
  const bool behind = head_.load() - applied_.load() > options_.batch_size;
  BatchOptions opts;
  opts.limit = behind ? std::max(limit_, options_.max_batch_size) : limit_;
  opts.before_checkpoint = options_.before_checkpoint;
  BatchOutcome out;
  // The batch's own time, from when it holds the writer: waiting for its turn behind
  // imports says nothing of what a bigger batch would cost.
  std::chrono::steady_clock::time_point start;
  auto apply = [&](store::WriteTx& tx) -> Status {
    start = std::chrono::steady_clock::now();
    opts.now = NowMillis();
    // Views and checkpoint only, recomputed from the change log if a database crash
    // undoes them (docs/architecture.md, "Durability of the processor's batches").
    PP_RETURN_IF_ERROR(tx.CommitWithoutWaitingForDisk());
    PP_ASSIGN_OR_RETURN(out, ApplyNextBatch(tx, zones_, opts));
    return Status::Ok();
  };
  Status st = store_.WriteViews(apply, behind);
  if (!st.ok()) return st;
  AdaptLimit(out.records, std::chrono::steady_clock::now() - start);
  if (out.records > 0) {
    const Millis now = NowMillis();
    lag_.Record(out.committed, now);
    std::lock_guard<std::mutex> lock(clients_mu_);
    for (const auto& [client, applied] : out.by_client) {
      auto& mine = clients_[client];
      if (!mine) mine = std::make_unique<ClientLagWindow>();
      mine->lag.Record(applied.committed, now);
      mine->applied_seq = std::max(mine->applied_seq, applied.last_seq);
    }
  }
  NoteApplied(out.applied_seq);
  if (out.records > 0 && options_.on_applied) options_.on_applied(out.applied_seq, out.contacts);
  return out.records;
}

Processor::ClientStats Processor::ClientLag(const std::string& client) const {
  std::lock_guard<std::mutex> lock(clients_mu_);
  auto it = clients_.find(client);
  if (it == clients_.end()) return {};
  return {it->second->lag.Stats(), it->second->applied_seq};
}

void Processor::AdaptLimit(int records, std::chrono::steady_clock::duration took) {
  const int floor = std::max(1, options_.batch_size);
  const int ceiling = std::max(floor, options_.max_batch_size);
  if (took > options_.target_batch_time) {
    limit_ = std::max(floor, limit_ / 2);
  } else if (records >= limit_ && took < options_.target_batch_time / 2) {
    limit_ = std::min(ceiling, limit_ * 2);
  }
}

Status Processor::CatchUp() {
  PP_ASSIGN_OR_RETURN(std::int64_t target, store_.HeadSeq());
  while (applied_.load() < target) {
    PP_ASSIGN_OR_RETURN(int n, ApplyBatch());
    if (n == 0) break;
  }
  return Status::Ok();
}

Result<std::int64_t> Processor::Prune(Millis now) {
  const Millis before = now - options_.retention.count();
  std::int64_t total = 0;
  // Read before the prune's transaction (the views' checkpoint lives beside the views,
  // which SQLite keeps in another file than the log): it only moves forward, so records
  // at or before it stay applied.
  PP_ASSIGN_OR_RETURN(const std::int64_t applied, store_.AppliedSeq());
  // The batches up to it may have committed without an fsync: on disk before any of
  // their records goes.
  PP_RETURN_IF_ERROR(store_.SyncViews());
  while (true) {
    int n = 0;
    Status st = store_.Write([&](store::WriteTx& tx) -> Status {
      // Applied records only: no answer of a read changes (nor wakes anyone).
      tx.MarkReadsUnchanged();
      PP_ASSIGN_OR_RETURN(n, tx.PruneChanges(applied, before, kPruneChunk));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    total += n;
    if (n < kPruneChunk) return total;
  }
}

std::int64_t Processor::HeadSeq() {
  auto head = store_.HeadSeq();
  if (head.ok()) head_.store(*head);
  return head_.load();
}

std::chrono::milliseconds Processor::PaceImports() {
  if (!Leading()) return std::chrono::milliseconds{0};
  const std::int64_t allowed = HeadSeq() - options_.import_backlog;
  if (applied_.load() >= allowed) return std::chrono::milliseconds{0};
  const auto start = std::chrono::steady_clock::now();
  WaitApplied(allowed, options_.import_wait);
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

bool Processor::WaitApplied(std::int64_t seq, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (applied_.load() < seq) {
    if (running_) Notify();
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    {
      std::unique_lock<std::mutex> lock(applied_mu_);
      applied_cv_.wait_for(lock,
                           std::min<std::chrono::steady_clock::duration>(kWaitPoll, deadline - now),
                           [&] { return applied_.load() >= seq; });
    }
    if (applied_.load() < seq) RefreshApplied();
  }
  return true;
}

bool Processor::ViewsMaintained() {
  if (Leading()) return !failing_;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(maintained_mu_);
  if (now - maintained_checked_ < options_.poll_interval) return maintained_;
  maintained_checked_ = now;
  auto applied = store_.AppliedSeq();
  auto head = store_.HeadSeq();
  if (!applied.ok() || !head.ok()) return maintained_ = false;
  NoteApplied(*applied);
  if (maintained_seq_ >= 0 && *applied != maintained_seq_) progress_seen_ = now;
  maintained_seq_ = *applied;
  bool recent =
      progress_seen_.time_since_epoch().count() != 0 && now - progress_seen_ < kMaintainedWindow;
  return maintained_ = *applied >= *head || recent;
}

void Processor::LogFailure(const char* what, const Status& s) {
  const auto now = std::chrono::steady_clock::now();
  std::string text = std::string(what) + " failed, will retry: " + s.ToString();
  if (text == last_failure_ && now - last_failure_at_ < kRepeatLogEvery) return;
  last_failure_ = text;
  last_failure_at_ = now;
  ops::LogWarn("stream: " + text);
}

void Processor::Run() {
  auto next_prune = std::chrono::steady_clock::now();
  while (true) {
    if (!wake_.Begin()) return;
    bool more = false;
    if (!HoldLease()) {
      // A standby: another process applies. Follow its checkpoint and the head; retry
      // the lease every poll_interval.
      RefreshApplied();
      HeadSeq();
      wake_.Wait(options_.poll_interval, /*on_commit=*/false);
      continue;
    }
    if (HeadSeq() > applied_.load()) {
      auto n = ApplyBatch();
      failing_ = !n.ok();
      if (!n.ok()) LogFailure("batch", n.status());
      more = n.ok() && *n > 0;
      // A failing batch is tried again after a pause that doubles (commits do not cut it
      // short), not at every commit of an import.
      failures_ = n.ok() ? 0 : failures_ + 1;
    }
    if (std::chrono::steady_clock::now() >= next_prune) {
      auto pruned = Prune(NowMillis());
      if (!pruned.ok()) LogFailure("prune", pruned.status());
      next_prune = std::chrono::steady_clock::now() + options_.prune_interval;
    }
    if (more) continue;
    if (failures_ > 0) {
      const int doublings = std::min(failures_ - 1, 4);
      wake_.Wait(options_.poll_interval * (1 << doublings), /*on_commit=*/false);
      continue;
    }
    // Woken by commits (OnCommit); when the store also hears other processes' commits,
    // the timed wake is only a safety net.
    const auto idle = store_.HearsOtherCommits()
                          ? std::max<std::chrono::milliseconds>(options_.poll_interval, kHeardPoll)
                          : options_.poll_interval;
    wake_.Wait(idle);
  }
}

}  // namespace packprod::stream
