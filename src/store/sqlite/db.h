// Thin RAII wrappers over the SQLite C API: a connection with a statement cache, and a
// statement with typed bind/column helpers. Used only inside store/sqlite.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <unordered_map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "domain/status.h"

namespace packprod::store::sqlite {

// Process-wide SQLite settings, applied once before the first connection opens (every
// open here calls it).
void ConfigureSqlite();

// fsync of the file (or, with O_DIRECTORY in `flags`, the directory) at `path`, opened
// with `flags`. Unavailable, naming the path, when it cannot be opened or synced.
Status SyncPath(const std::string& path, int flags);

class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Binds are 1-based, like SQLite's.
  Stmt& Bind(int i, std::int64_t v);
  Stmt& Bind(int i, std::string_view v);
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const std::optional<std::string>& v);
  Stmt& Bind(int i, const std::optional<std::int64_t>& v);
  Stmt& BindNull(int i);
  // Binds bytes as a BLOB (Bind binds TEXT).
  Stmt& BindBlob(int i, std::string_view bytes);

  // Advances; true when a row is available. A failed step returns false and sets error().
  bool Step();
  // Steps to completion (for writes); returns the outcome.
  Status Run();
  const Status& error() const { return error_; }

  std::int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  std::string Text(int col) const;
  // The same without a copy: valid until the next Step or Reset.
  std::string_view TextView(int col) const;
  std::optional<std::string> OptText(int col) const;
  // A BLOB (or any) column's bytes.
  std::string Blob(int col) const;
  std::optional<std::int64_t> OptInt(int col) const;
  bool IsNull(int col) const { return sqlite3_column_type(s_, col) == SQLITE_NULL; }

  void Reset();
  sqlite3_stmt* raw() { return s_; }

 private:
  sqlite3_stmt* s_;
  Status error_;
};

// A connection; not thread-safe (the store gives each thread its own or locks).
class Db {
 public:
  // Opens `path` (":memory:" for a private in-memory db, or a shared-cache URI).
  static Result<std::unique_ptr<Db>> Open(const std::string& path, bool read_only);
  // How long a statement waits for another connection's lock before it fails.
  static constexpr int kBusyTimeoutMs = 10000;
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Executes one or more statements without results.
  Status Exec(std::string_view sql);
  // A cached prepared statement, reset and with bindings cleared. Valid until the Db dies;
  // do not hold two uses of the same SQL at once.
  Stmt& Prepare(std::string_view sql);
  std::int64_t LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() { return db_; }

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  // Hashed by the whole text, looked up without a copy: the processor runs hundreds of
  // statements per batch, many of them long multi-row upserts sharing long prefixes.
  struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::unique_ptr<Stmt>, TextHash, std::equal_to<>> cache_;
};

// Maps an SQLite result code to a Status (busy/locked/IO -> Unavailable). A damaged
// page (SQLITE_CORRUPT, SQLITE_NOTADB) is Internal and noted for DamageSeen.
Status SqliteStatus(int rc, sqlite3* db, std::string_view what);

// Whether any connection of this process met a damaged page in the database file of
// `db` (same file name as sqlite3_db_filename reports). Thread-safe.
bool DamageSeen(sqlite3* db);

}  // namespace packprod::store::sqlite
