// The processor lease of a SQLite store (Store::HoldProcessorLease): an exclusive
// flock(2) on a file beside the database (`<db>-processor.lock`). One process at a time
// holds it; the kernel frees it when the holder closes it or ends (killed included), and
// the next TryHold of another process then takes it. Used only by store/sqlite.
#pragma once

#include <mutex>
#include <string>

#include "domain/status.h"

namespace packprod::store::sqlite {

class FileLease {
 public:
  // `path`: the lock file (created when missing, never removed: its content is unused).
  explicit FileLease(std::string path) : path_(std::move(path)) {}
  ~FileLease() { Release(); }
  FileLease(const FileLease&) = delete;
  FileLease& operator=(const FileLease&) = delete;

  // True when this object holds the lease (taking it if free). Unavailable when the
  // file cannot be opened (not held then).
  Result<bool> TryHold();
  // Gives the lease up.
  void Release();

 private:
  const std::string path_;
  std::mutex mu_;
  int fd_ = -1;  // guarded by mu_; open (and locked) while held
};

// The lock file of the database at `db_path`.
std::string ProcessorLockPath(const std::string& db_path);

}  // namespace packprod::store::sqlite
