// sql::Session over one PostgreSQL connection (store/sql/session.h): `?` placeholders
// numbered, arguments sent as text (bytes in BYTEA's hex input form). Used only by
// store/postgres.
#pragma once

#include "store/postgres/pg.h"
#include "store/sql/session.h"

namespace packprod::store::postgres {

class PgSession final : public sql::Session {
 public:
  explicit PgSession(Conn& c) : c_(c) {}
  sql::Engine engine() const override { return sql::Engine::kPostgres; }
  // Yes (sql::Session::BatchReadsPay): every statement is a round trip to the server.
  bool BatchReadsPay() const override { return true; }
  Status Query(std::string_view sql, const sql::Args& args, const sql::RowFn& row) override;
  Result<std::int64_t> Exec(std::string_view sql, const sql::Args& args) override;
  Status Send(std::string_view sql, const sql::Args& args) override;
  Conn& conn() { return c_; }

 private:
  Result<Res> Run(std::string_view sql, const sql::Args& args);
  static Params ParamsOf(const sql::Args& args);
  Conn& c_;
};

// BYTEA's hex form ("\x0a1b...") of `bytes`, and back (InvalidArgument if malformed).
std::string ByteaHex(std::string_view bytes);
Result<std::string> FromByteaHex(std::string_view text);

}  // namespace packprod::store::postgres
