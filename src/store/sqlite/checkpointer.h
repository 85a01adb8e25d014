// The WAL checkpointer of a SQLite store file: one background thread per file per
// process, with its own connection, so that no writer's commit ever copies the log back
// into the database. Used only by store/sqlite (docs/architecture.md "WAL").
//
// The writers' connections do not checkpoint (their commit only reports the log's length
// here). When the log passes kCheckpointPages the thread copies it with PASSIVE
// checkpoints, which take no lock a writer or a reader waits for, until what is left is
// a short tail; then it holds the writers of this process (their mutex) for the moment
// of a RESTART checkpoint that never waits (busy timeout 0): it copies the tail and
// starts the log over if no reader is still inside it, else it lets the writers go and
// tries again a little later. A reader on an old snapshot (a long report, serve's
// start-up page check) keeps the log from starting over whatever anyone does; the log
// then grows with what is written while that reader reads, and starts over soon after it
// ends. When the log passes kHardLimitPages although no reader holds it (the writers
// outpace the copy), writers wait before their transaction until it has started over.
// When the thread cannot open its connection (a process out of file descriptors or
// memory), it hands the copies back to the writers: each checkpoints as SQLite does by
// default (kFallbackPages), so the log still starts over.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace packprod::store::sqlite {

struct CheckpointerStats {
  std::int64_t passive = 0;           // PASSIVE checkpoints run
  std::int64_t restarts = 0;          // times the log was started over
  std::int64_t restart_misses = 0;    // RESTART attempts that found readers in the log
  std::int64_t writer_waits = 0;      // writes that waited for the log to come down
  std::int64_t writers_waiting = 0;   // writes waiting now
  std::int64_t held_us_max = 0;       // longest hold of the writers (microseconds)
  std::int64_t held_us_total = 0;     // all holds of the writers (microseconds)
  int log_pages = 0;                  // the log's length as last seen
  bool stalled = false;               // a reader (or another process) keeps the log long
  bool handed_back = false;           // the thread could not open: the writers checkpoint
};

class WalCheckpointer {
 public:
  // The log's length in pages at which the thread starts copying it.
  static constexpr int kCheckpointPages = 4000;
  // Copies go on without holding the writers until one copies fewer frames than this.
  static constexpr int kTailPages = 256;
  // Past this length (when no reader holds the log) writers wait for it to start over.
  static constexpr int kHardLimitPages = 6 * kCheckpointPages;
  // The writers' own checkpoint threshold once the thread has handed the copies back
  // (SQLite's default).
  static constexpr int kFallbackPages = 1000;

  // The checkpointer of the file at `path` in this process, started when none runs.
  static std::shared_ptr<WalCheckpointer> For(const std::string& path);
  // The figures of the checkpointer of `path` if one runs in this process.
  static std::optional<CheckpointerStats> StatsOf(const std::string& path);

  ~WalCheckpointer();  // stops the thread and closes its connection
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // A writer connection of this process: `writer_mu` serialises its transactions (held
  // by the thread while it starts the log over). Installs the commit hook on `writer`.
  void Attach(sqlite3* writer, std::mutex* writer_mu);
  void Detach(sqlite3* writer, std::mutex* writer_mu);
  // Before a write transaction, without its writer mutex: waits while the log is past
  // kHardLimitPages and the thread can bring it down (back-pressure, the last resort).
  void BeforeWrite();
  CheckpointerStats Stats();

 private:
  explicit WalCheckpointer(std::string path);
  static int OnCommit(void* self, sqlite3* db, const char* schema, int pages);
  void Run();
  enum class Outcome { kRestarted, kProgress, kReaderHeld, kReadersInLog, kNotReady, kBusy, kError };
  Outcome Round(sqlite3* db, bool patient);
  // The thread's connection did not open: every writer, attached or to come, checkpoints
  // its own commits from now on.
  void HandBack();

  const std::string path_;
  std::mutex mu_;
  std::condition_variable wake_;     // the thread: work or stop
  std::condition_variable changed_;  // waiting writers: the log came down or stalled
  bool stop_ = false;                // guarded by mu_
  CheckpointerStats stats_;          // guarded by mu_
  bool running_ = false;             // the thread has its connection; guarded by mu_
  sqlite3* conn_ = nullptr;          // the thread's connection while it runs; under mu_
  int last_ckpt_ = -1;               // frames copied as of the last copy (the thread's)
  // Guards writers_ and handed_back_; held across a hold of the writers.
  std::mutex attach_mu_;
  struct Writer {
    sqlite3* db;
    std::mutex* mu;  // serialises its transactions
  };
  std::vector<Writer> writers_;
  bool handed_back_ = false;
  std::thread thread_;
};

}  // namespace packprod::store::sqlite
