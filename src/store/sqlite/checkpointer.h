// Moves WAL checkpoints off the write path. SQLite's automatic checkpoint runs inside the
// commit that crosses its threshold, so one import in every few paid for copying the
// WAL back into the database while it held the single writer. Instead the writer
// connection's WAL hook wakes this thread, which checkpoints from a connection of its
// own (PASSIVE: never blocks a writer or a reader; what a reader still needs is copied
// on a later round). Durability is unchanged: a commit is durable once the WAL is
// synced, before any checkpoint.
#pragma once

#include <sqlite3.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace packprod::store::sqlite {

class Checkpointer {
 public:
  // Checkpoints `path` whenever a commit leaves at least `threshold_pages` in the WAL.
  Checkpointer(std::string path, int threshold_pages);
  ~Checkpointer();  // stops the thread (a round in progress finishes)
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Installs this object as `writer`'s WAL hook (replacing the automatic checkpoint).
  // The hook must be removed, or the connection closed, before this object dies.
  void Attach(sqlite3* writer);
  // Checkpoint rounds run, and those that failed other than by being busy (for tests and
  // diagnostics).
  std::int64_t rounds() const;
  std::int64_t failures() const;

 private:
  static int OnCommit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void Run();

  const std::string path_;
  const int threshold_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool wanted_ = false;
  bool stop_ = false;
  std::int64_t rounds_ = 0;
  std::int64_t failures_ = 0;
  std::thread thread_;
};

}  // namespace packprod::store::sqlite
