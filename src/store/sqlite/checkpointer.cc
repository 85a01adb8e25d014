#include "store/sqlite/checkpointer.h"

#include <memory>

#include "store/sqlite/db.h"

namespace packprod::store::sqlite {

Checkpointer::Checkpointer(std::string path, int threshold_pages)
    : path_(std::move(path)), threshold_(threshold_pages), thread_([this] { Run(); }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
}

void Checkpointer::Attach(sqlite3* writer) { sqlite3_wal_hook(writer, &OnCommit, this); }

std::int64_t Checkpointer::rounds() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rounds_;
}

std::int64_t Checkpointer::failures() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failures_;
}

int Checkpointer::OnCommit(void* self, sqlite3*, const char*, int wal_pages) {
  auto* c = static_cast<Checkpointer*>(self);
  if (wal_pages < c->threshold_) return SQLITE_OK;
  {
    std::lock_guard<std::mutex> lock(c->mu_);
    c->wanted_ = true;
  }
  c->cv_.notify_one();
  return SQLITE_OK;
}

void Checkpointer::Run() {
  std::unique_ptr<Db> db;
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return wanted_ || stop_; });
    if (stop_) return;
    wanted_ = false;
    lock.unlock();
    if (!db) {
      // A connection learns the file is in WAL mode by reading it; until then a
      // checkpoint is a no-op.
      auto opened = Db::Open(path_, false);
      if (opened.ok() && (*opened)->Exec("SELECT 1 FROM sqlite_schema LIMIT 1").ok()) {
        db = std::move(opened).value();
      }
    }
    int rc = SQLITE_CANTOPEN;
    if (db) {
      rc = sqlite3_wal_checkpoint_v2(db->raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr,
                                     nullptr);
    }
    // Busy (another checkpoint is running, e.g. another process's) is retried on the next
    // commit over the threshold, as is a failure (the WAL only grows meanwhile).
    lock.lock();
    ++rounds_;
    if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ++failures_;
  }
}

}  // namespace packprod::store::sqlite
