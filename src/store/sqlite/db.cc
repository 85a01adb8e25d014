#include "store/sqlite/db.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>
#include <stdexcept>

namespace packprod::store::sqlite {
namespace {

std::mutex damaged_mu;
std::set<std::string>& DamagedFiles() {  // guarded by damaged_mu
  static std::set<std::string> files;
  return files;
}

}  // namespace

void ConfigureSqlite() {
  static std::once_flag once;
  std::call_once(once, [] {
    // No global memory statistics: with them every allocation and free of every
    // connection takes one process-wide mutex, and the processor, the import's writer
    // and the readers queue on it (nothing here reads sqlite3_memory_used). Only takes
    // effect before SQLite initialises, which the first open does.
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
}

Status SyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return Status::Unavailable("cannot open " + path + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Status::Unavailable("cannot sync " + path + ": " + std::strerror(err));
  return Status::Ok();
}

namespace {

std::string FileOf(sqlite3* db) {
  const char* f = db ? sqlite3_db_filename(db, "main") : nullptr;
  return f ? std::string(f) : std::string();
}

}  // namespace

bool DamageSeen(sqlite3* db) {
  std::string file = FileOf(db);
  std::lock_guard<std::mutex> lock(damaged_mu);
  return DamagedFiles().count(file) > 0;
}

Status SqliteStatus(int rc, sqlite3* db, std::string_view what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return Status::Ok();
  std::string msg = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  int primary = rc & 0xFF;
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
    std::string file = FileOf(db);
    std::lock_guard<std::mutex> lock(damaged_mu);
    DamagedFiles().insert(file);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_IOERR ||
      primary == SQLITE_CANTOPEN || primary == SQLITE_FULL || primary == SQLITE_READONLY) {
    return Status::Unavailable(msg);
  }
  return Status::Internal(msg);
}

Stmt& Stmt::Bind(int i, std::int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}
Stmt& Stmt::Bind(int i, std::string_view v) {
  sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::Bind(int i, const std::optional<std::string>& v) {
  return v ? Bind(i, std::string_view(*v)) : BindNull(i);
}
Stmt& Stmt::Bind(int i, const std::optional<std::int64_t>& v) {
  return v ? Bind(i, *v) : BindNull(i);
}
Stmt& Stmt::BindNull(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

bool Stmt::Step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) error_ = SqliteStatus(rc, sqlite3_db_handle(s_), "step");
  return false;
}

Status Stmt::Run() {
  while (Step()) {
  }
  Status s = error_;
  Reset();
  return s;
}

Stmt& Stmt::BindBlob(int i, std::string_view bytes) {
  sqlite3_bind_blob(s_, i, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  return *this;
}
std::string Stmt::Blob(int col) const {
  const void* b = sqlite3_column_blob(s_, col);
  return b ? std::string(static_cast<const char*>(b),
                         static_cast<size_t>(sqlite3_column_bytes(s_, col)))
           : std::string();
}

std::string Stmt::Text(int col) const { return std::string(TextView(col)); }
std::string_view Stmt::TextView(int col) const {
  const unsigned char* t = sqlite3_column_text(s_, col);
  return t ? std::string_view(reinterpret_cast<const char*>(t),
                              static_cast<size_t>(sqlite3_column_bytes(s_, col)))
           : std::string_view();
}
std::optional<std::string> Stmt::OptText(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Text(col);
}
std::optional<std::int64_t> Stmt::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

void Stmt::Reset() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
  error_ = Status::Ok();
}

Result<std::unique_ptr<Db>> Db::Open(const std::string& path, bool read_only) {
  ConfigureSqlite();
  sqlite3* raw = nullptr;
  int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
              SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = Status::Unavailable("cannot open " + path + ": " +
                                   (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    sqlite3_close(raw);
    return s;
  }
  sqlite3_busy_timeout(raw, kBusyTimeoutMs);
  sqlite3_extended_result_codes(raw, 1);
  return std::unique_ptr<Db>(new Db(raw));
}

Db::~Db() {
  cache_.clear();
  sqlite3_close_v2(db_);
}

Status Db::Exec(std::string_view sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string m = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  Status s = SqliteStatus(rc, db_, "exec");
  return s.code() == Status::Code::kUnavailable ? Status::Unavailable(m) : Status::Internal(m);
}

Stmt& Db::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    it->second->Reset();
    return *it->second;
  }
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) {
    throw std::logic_error("bad SQL (" + std::string(sqlite3_errmsg(db_)) + "): " +
                           std::string(sql));
  }
  auto& slot = cache_[std::string(sql)];
  slot = std::make_unique<Stmt>(s);
  return *slot;
}

}  // namespace packprod::store::sqlite
