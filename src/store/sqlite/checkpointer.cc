#include "store/sqlite/checkpointer.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include "domain/thread_name.h"
#include "store/sqlite/db.h"

namespace packprod::store::sqlite {
namespace {

using Clock = std::chrono::steady_clock;

std::mutex registry_mu;
// One checkpointer per database file of this process, by its canonical path.
std::map<std::string, std::weak_ptr<WalCheckpointer>>& Registry() {  // under registry_mu
  static std::map<std::string, std::weak_ptr<WalCheckpointer>> checkpointers;
  return checkpointers;
}

std::string Key(const std::string& path) {
  std::error_code ec;
  auto p = std::filesystem::weakly_canonical(path, ec);
  return ec ? path : p.string();
}

// Failed rounds in a row before the thread counts the log as held (by a reader on an old
// snapshot or another process's writer): waiting writers go on, new ones do not wait. The
// retries wait 1, 2, 4 ... ms, so this is about 60 ms of trying.
constexpr int kMissesBeforeStalled = 6;
constexpr int kMaxBackoffMs = 200;
constexpr int kErrorBackoffMs = 1000;
// How long the thread holds the writers for readers still inside the log to leave (a
// reader preempted on a busy machine takes tens of ms).
constexpr int kHoldRetryMs = 20;

}  // namespace

std::shared_ptr<WalCheckpointer> WalCheckpointer::For(const std::string& path) {
  const std::string key = Key(path);
  std::lock_guard<std::mutex> lock(registry_mu);
  auto& slot = Registry()[key];
  if (auto running = slot.lock()) return running;
  std::shared_ptr<WalCheckpointer> c(new WalCheckpointer(path));
  c->thread_ = std::thread([raw = c.get()] {
    NameThisThread("checkpoint");
    raw->Run();
  });
  slot = c;
  return c;
}

std::optional<CheckpointerStats> WalCheckpointer::StatsOf(const std::string& path) {
  std::shared_ptr<WalCheckpointer> c;
  {
    std::lock_guard<std::mutex> lock(registry_mu);
    auto it = Registry().find(Key(path));
    if (it != Registry().end()) c = it->second.lock();
  }
  if (!c) return std::nullopt;
  return c->Stats();
}

WalCheckpointer::WalCheckpointer(std::string path) : path_(std::move(path)) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    if (conn_) sqlite3_interrupt(conn_);  // a long copy stops between pages
  }
  wake_.notify_all();
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(registry_mu);
  auto it = Registry().find(Key(path_));
  if (it != Registry().end() && it->second.expired()) Registry().erase(it);
}

void WalCheckpointer::Attach(sqlite3* writer, std::mutex* writer_mu) {
  std::lock_guard<std::mutex> lock(attach_mu_);
  if (handed_back_) {
    sqlite3_wal_autocheckpoint(writer, kFallbackPages);
  } else {
    // The commit hook replaces SQLite's auto-checkpoint: the commit only reports.
    sqlite3_wal_autocheckpoint(writer, 0);
    sqlite3_wal_hook(writer, &WalCheckpointer::OnCommit, this);
  }
  writers_.push_back(Writer{writer, writer_mu});
}

void WalCheckpointer::Detach(sqlite3* writer, std::mutex* writer_mu) {
  std::lock_guard<std::mutex> lock(attach_mu_);  // not while the thread holds the writers
  // The writer's own checkpoints (handed back) stop too: it is about to close, and its
  // close checkpoints the log.
  sqlite3_wal_hook(writer, nullptr, nullptr);
  std::erase_if(writers_, [&](const Writer& w) { return w.mu == writer_mu; });
}

void WalCheckpointer::HandBack() {
  std::lock_guard<std::mutex> attach(attach_mu_);
  handed_back_ = true;
  for (const Writer& w : writers_) {
    std::lock_guard<std::mutex> turn(*w.mu);  // not inside one of its transactions
    sqlite3_wal_autocheckpoint(w.db, kFallbackPages);
  }
  std::lock_guard<std::mutex> lock(mu_);
  stats_.handed_back = true;
}

int WalCheckpointer::OnCommit(void* self, sqlite3*, const char*, int pages) {
  auto* c = static_cast<WalCheckpointer*>(self);
  bool wake;
  {
    std::lock_guard<std::mutex> lock(c->mu_);
    c->stats_.log_pages = pages;
    wake = pages >= kCheckpointPages;
  }
  if (wake) c->wake_.notify_one();
  return SQLITE_OK;
}

void WalCheckpointer::BeforeWrite() {
  std::unique_lock<std::mutex> lock(mu_);
  auto free = [&] {
    return stop_ || !running_ || stats_.stalled || stats_.log_pages < kHardLimitPages;
  };
  if (free()) return;
  ++stats_.writer_waits;
  ++stats_.writers_waiting;
  wake_.notify_one();
  changed_.wait(lock, free);
  --stats_.writers_waiting;
}

CheckpointerStats WalCheckpointer::Stats() {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

void WalCheckpointer::Run() {
  auto opened = Db::Open(path_, false);
  if (!opened.ok()) {  // writers never wait (running_ stays false) and copy the log themselves
    HandBack();
    return;
  }
  std::unique_ptr<Db> db = std::move(opened).value();
  // The copy syncs the database file before the log may start over, as the writer's
  // own checkpoints did; no lock is ever waited for (see Round).
  db->Exec("PRAGMA synchronous = FULL");
  sqlite3_busy_timeout(db->raw(), 0);
  std::unique_lock<std::mutex> lock(mu_);
  conn_ = db->raw();
  running_ = true;
  int misses = 0;
  while (!stop_) {
    if (misses > 0) {
      const int ms = stats_.stalled && misses > kMissesBeforeStalled
                         ? kMaxBackoffMs
                         : std::min(1 << std::min(misses - 1, 16), kMaxBackoffMs);
      wake_.wait_for(lock, std::chrono::milliseconds(ms), [&] { return stop_; });
    } else {
      wake_.wait(lock, [&] { return stop_ || stats_.log_pages >= kCheckpointPages; });
    }
    if (stop_) break;
    // Of the tries failing in a row, the 1st, 2nd, 4th, 8th ... hold the writers while
    // readers leave the log, the others try once: a long reader costs a few holds.
    const bool patient = ((misses + 1) & misses) == 0;
    lock.unlock();
    const Outcome out = Round(db->raw(), patient);
    lock.lock();
    switch (out) {
      case Outcome::kRestarted:
        ++stats_.restarts;
        stats_.log_pages = 0;
        [[fallthrough]];
      case Outcome::kNotReady:  // the log is short (another process started it over)
      case Outcome::kProgress:
        misses = 0;
        stats_.stalled = false;
        break;
      case Outcome::kReaderHeld:
      case Outcome::kReadersInLog:
      case Outcome::kBusy:
        if (out == Outcome::kReadersInLog) ++stats_.restart_misses;
        if (++misses >= kMissesBeforeStalled) stats_.stalled = true;
        break;
      case Outcome::kError:
        misses = kMissesBeforeStalled + 1;
        stats_.stalled = true;
        lock.unlock();
        changed_.notify_all();
        lock.lock();
        wake_.wait_for(lock, std::chrono::milliseconds(kErrorBackoffMs), [&] { return stop_; });
        break;
    }
    lock.unlock();
    changed_.notify_all();
    lock.lock();
  }
  conn_ = nullptr;
  running_ = false;
  lock.unlock();
  changed_.notify_all();
  // db closes here; the last connection of the file to close checkpoints it as before.
}

WalCheckpointer::Outcome WalCheckpointer::Round(sqlite3* db, bool patient) {
  // Copy without holding anyone until little is left: what came since the last copy and
  // what readers' snapshots kept it from copying (a reader's snapshot is usually a few
  // commits old and gone a moment later). At most 8 copies.
  int previous_log = -1;
  bool tail = false;
  for (int i = 0; i < 8 && !tail; ++i) {
    int log = -1, ckpt = -1;
    const int rc = sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_PASSIVE, &log, &ckpt);
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++stats_.passive;
      if (rc == SQLITE_OK && log >= 0) stats_.log_pages = log;
    }
    if ((rc & 0xFF) == SQLITE_BUSY) return Outcome::kBusy;  // another process's checkpoint
    if (rc != SQLITE_OK) return (rc & 0xFF) == SQLITE_INTERRUPT ? Outcome::kBusy : Outcome::kError;
    if (log < kCheckpointPages) return Outcome::kNotReady;
    // A reader's snapshot stopped the copy and no copy got further since the last one.
    if (ckpt < log && ckpt == last_ckpt_) return Outcome::kReaderHeld;
    last_ckpt_ = ckpt;
    tail = log - ckpt < kTailPages && (previous_log >= 0 && log - previous_log < kTailPages);
    previous_log = log;
    if (!tail && ckpt < log) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!tail) return Outcome::kProgress;  // try again at once
  // The tail, with this process's writers held: a RESTART copies what is left and starts
  // the log over. It waits for no lock (another process's writer makes it fail at once);
  // readers still inside the log make it fail too, but with the writers held no new
  // reader enters the log once it is all copied, so (when `patient`) it is tried again
  // for up to kHoldRetryMs while those readers finish. If they outlast that, the writers
  // go on; the next write still starts the log over by itself if they are gone by then
  // and nothing was written since.
  std::lock_guard<std::mutex> attached(attach_mu_);
  for (const Writer& w : writers_) w.mu->lock();
  const auto start = Clock::now();
  int rc = sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
  while (patient && (rc & 0xFF) == SQLITE_BUSY &&
         Clock::now() - start < std::chrono::milliseconds(kHoldRetryMs)) {
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    rc = sqlite3_wal_checkpoint_v2(db, "main", SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
  }
  const auto held = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start);
  for (auto it = writers_.rbegin(); it != writers_.rend(); ++it) it->mu->unlock();
  {
    std::lock_guard<std::mutex> lock(mu_);
    stats_.held_us_total += held.count();
    stats_.held_us_max = std::max<std::int64_t>(stats_.held_us_max, held.count());
  }
  if (rc == SQLITE_OK) return Outcome::kRestarted;
  if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_INTERRUPT) return Outcome::kReadersInLog;
  return Outcome::kError;
}

}  // namespace packprod::store::sqlite
