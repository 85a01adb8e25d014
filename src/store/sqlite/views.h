// The SQLite side of the views (store.h "views (stream processor)"): the tables of
// migration 2 read and written on one connection inside the caller's transaction.
// Used only by store/sqlite.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/sql/sql_tx.h"
#include "store/sqlite/db.h"
#include "store/sqlite/session.h"
#include "store/store.h"

namespace packprod::store::sqlite {

// The view methods of WriteTx over one connection. SqliteWriteTx derives from it; the
// caller owns the transaction (BEGIN IMMEDIATE for writes, BEGIN for Store::Read).
class ViewTx : public sql::SqlTx {



 protected:
  // The FTS5 table customer_search (sql::SqlTx' search index hooks).
  Result<std::optional<std::int64_t>> IndexNewCustomer(const std::string& client,
                                                       const std::string& contact_id,
                                                       const std::string& search) override;
  Status ReindexCustomer(const std::string& client, const std::string& contact_id,
                         const std::string& search) override;
  Status ClearSearchIndex(const std::string& client) override;
  Status ReadSearchIndex(const std::string& client, ClientViews* v) override;

  explicit ViewTx(Db& db) : vdb_(db), session_(db) {}
  sql::Session& sql() override { return session_; }

 private:
  Db& vdb_;
  SqliteSession session_;
};

}  // namespace packprod::store::sqlite
