// sql::Session over one SQLite connection (store/sql/session.h). Used only by store/sqlite.
#pragma once

#include "store/sql/session.h"
#include "store/sqlite/db.h"

namespace packprod::store::sqlite {

class SqliteSession final : public sql::Session {
 public:
  explicit SqliteSession(Db& db) : db_(db) {}
  sql::Engine engine() const override { return sql::Engine::kSqlite; }
  Status Query(std::string_view sql, const sql::Args& args, const sql::RowFn& row) override;
  Result<std::int64_t> Exec(std::string_view sql, const sql::Args& args) override;
  Db& db() { return db_; }

 private:
  Stmt& Bound(std::string_view sql, const sql::Args& args);
  Db& db_;
};

}  // namespace packprod::store::sqlite
