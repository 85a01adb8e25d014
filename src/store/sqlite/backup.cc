#include "store/sqlite/backup.h"

#include <fcntl.h>
#include <sqlite3.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "store/sqlite/db.h"
#include "store/sqlite/view_file.h"

namespace packprod::store::sqlite {
namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Handle = std::unique_ptr<sqlite3, Closer>;

Result<Handle> OpenFile(const std::string& path, int flags) {
  ConfigureSqlite();
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Handle h(raw);
  if (rc != SQLITE_OK) {
    return Status::Unavailable("cannot open " + path + ": " +
                               (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
  }
  sqlite3_busy_timeout(raw, 10000);
  return h;
}

}  // namespace

Status CopyDatabase(const std::string& from, const std::string& to) {
  PP_ASSIGN_OR_RETURN(Handle src, OpenFile(from, SQLITE_OPEN_READWRITE));
  const std::string partial = to + ".partial";
  std::remove(partial.c_str());
  {
    PP_ASSIGN_OR_RETURN(Handle dst,
                        OpenFile(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
    sqlite3_backup* b = sqlite3_backup_init(dst.get(), "main", src.get(), "main");
    if (!b) {
      std::string m = sqlite3_errmsg(dst.get());
      dst.reset();
      std::remove(partial.c_str());
      return Status::Unavailable("cannot back up " + from + ": " + m);
    }
    // -1: every page in one step, under one read transaction on the source.
    int rc = SQLITE_OK;
    do {
      rc = sqlite3_backup_step(b, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
      std::string m = sqlite3_errstr(rc);
      dst.reset();
      std::remove(partial.c_str());
      return Status::Unavailable("backing up " + from + " failed: " + m);
    }
    // One self-contained file: no -wal beside it.
    char* err = nullptr;
    rc = sqlite3_exec(dst.get(), "PRAGMA journal_mode = DELETE", nullptr, nullptr, &err);
    sqlite3_free(err);
  }
  PP_RETURN_IF_ERROR(SyncPath(partial, O_RDONLY));
  std::error_code ec;
  std::filesystem::rename(partial, to, ec);
  if (ec) return Status::Unavailable("cannot rename " + partial + " to " + to + ": " + ec.message());
  auto dir = std::filesystem::path(to).parent_path();
  return SyncPath(dir.empty() ? "." : dir.string(), O_RDONLY | O_DIRECTORY);
}

Result<std::int64_t> FileSchemaVersion(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) {
    return Status::InvalidArgument(path + ": no such file");
  }
  PP_ASSIGN_OR_RETURN(Handle db, OpenFile(path, SQLITE_OPEN_READONLY));
  sqlite3_stmt* s = nullptr;
  int rc = sqlite3_prepare_v2(db.get(), "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                              -1, &s, nullptr);
  if (rc != SQLITE_OK) {
    std::string m = sqlite3_errmsg(db.get());
    sqlite3_finalize(s);
    return Status::InvalidArgument(path + " is not a packprod store (" + m + ")");
  }
  std::int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
  sqlite3_finalize(s);
  if (v <= 0) return Status::InvalidArgument(path + " is not a packprod store (no schema)");
  return v;
}

Status RestoreDatabase(const std::string& from, const std::string& to) {
  if (std::filesystem::exists(to)) {
    return Status::InvalidArgument("the store sqlite:" + to +
                                   " exists; restore writes a new store only (move it away "
                                   "or name another --db)");
  }
  if (std::filesystem::exists(ViewFilePath(to))) {
    return Status::InvalidArgument(ViewFilePath(to) +
                                   " exists (the views of another store); restore writes a new "
                                   "store only (move it away or name another --db)");
  }
  PP_RETURN_IF_ERROR(FileSchemaVersion(from).status());
  auto parent = std::filesystem::path(to).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) return Status::Unavailable("cannot create " + parent.string() + ": " + ec.message());
  return CopyDatabase(from, to);
}

}  // namespace packprod::store::sqlite
