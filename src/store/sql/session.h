// The engine-neutral SQL layer the store's table code is written over once: a session
// (one connection inside the caller's transaction) that runs statements written with `?`
// placeholders, binds typed arguments, and hands out typed rows. store/sqlite and
// store/postgres each implement it over their own connection; what truly differs per
// engine (schema and migrations, the search index, bulk paths, locking) stays there.
//
// SQL written here must mean the same on both engines: standard SQL plus
// `INSERT ... ON CONFLICT (...) DO UPDATE SET x = excluded.x` (SQLite >= 3.24),
// booleans compared as `= TRUE` / `= FALSE`, and a cast (`CAST(? AS BIGINT)`) where
// PostgreSQL could not infer a parameter's type. Byte strings are BLOB on SQLite and
// BYTEA on PostgreSQL; bind them with Bytes{} and read them with Row::Bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/status.h"

namespace packprod::store::sql {

enum class Engine { kSqlite, kPostgres };

// A byte string argument (BLOB / BYTEA), as opposed to text.
struct Bytes {
  std::string data;
};

// One statement argument: NULL, an integer, text or bytes. Booleans bind as integers
// 1/0 (PostgreSQL reads "1"/"0" as a boolean's input).
class Arg {
 public:
  using Value = std::variant<std::monostate, std::int64_t, std::string, Bytes>;
  Arg() = default;
  Arg(std::int64_t v) : v_(v) {}  // NOLINT: implicit by design, like a bind call
  Arg(int v) : v_(std::int64_t{v}) {}
  Arg(bool v) : v_(std::int64_t{v ? 1 : 0}) {}
  Arg(std::string v) : v_(std::move(v)) {}
  Arg(std::string_view v) : v_(std::string(v)) {}
  Arg(const char* v) : v_(std::string(v)) {}
  Arg(Bytes v) : v_(std::move(v)) {}
  Arg(const std::optional<std::string>& v) {
    if (v) v_ = *v;
  }
  Arg(const std::optional<std::int64_t>& v) {
    if (v) v_ = *v;
  }
  const Value& value() const { return v_; }

 private:
  Value v_;
};

using Args = std::vector<Arg>;

// A statement built from SQL text and arguments in one pass (the listings' filters and
// cursors): Int and Text append a placeholder and its argument.
class Query {
 public:
  Query& Sql(std::string_view s) {
    sql_ += s;
    return *this;
  }
  // A BIGINT argument, typed so that PostgreSQL needs no inference for arithmetic on it.
  Query& Int(std::int64_t v) {
    sql_ += "CAST(? AS BIGINT)";
    args_.emplace_back(v);
    return *this;
  }
  Query& Text(std::string v) {
    sql_ += "?";
    args_.emplace_back(std::move(v));
    return *this;
  }
  const std::string& text() const { return sql_; }
  const Args& args() const { return args_; }

 private:
  std::string sql_;
  Args args_;
};

// One result row; valid only inside the callback that received it. Columns are 0-based.
class Row {
 public:
  virtual ~Row() = default;
  virtual bool IsNull(int col) const = 0;
  // 0 for NULL.
  virtual std::int64_t Int(int col) const = 0;
  // "" for NULL.
  virtual std::string Text(int col) const = 0;
  // The same text without a copy: valid only until the row callback returns.
  virtual std::string_view TextView(int col) const = 0;
  // A BLOB / BYTEA column's bytes ("" for NULL).
  virtual std::string Bytes(int col) const = 0;
  // A boolean column (an integer on SQLite); false for NULL.
  virtual bool Bool(int col) const = 0;

  std::optional<std::string> OptText(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Text(col);
  }
  std::optional<std::int64_t> OptInt(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Int(col);
  }
};

// Called once per row, in order; a non-Ok status stops the query and is its result, except
// StopRows(), which stops it as a success.
using RowFn = std::function<Status(const Row&)>;
Status StopRows();
bool IsStopRows(const Status& s);

// One connection inside the caller's transaction. Not thread-safe. Statements are
// prepared once per distinct text and connection, so build the text from constants (the
// values go in the arguments). A row callback may run other statements, but not the same
// text again while its own rows are being read.
class Session {
 public:
  virtual ~Session() = default;
  virtual Engine engine() const = 0;
  // Whether reading ahead pays on this engine: one statement listing many keys
  // (`IN (?, ...)`, `(a, b) IN (VALUES ...)`) instead of a point read per key when the
  // key is needed. Where a statement is a round trip to a server (PostgreSQL), the batch
  // saves one per key; where it is a call into this process (SQLite), the point reads
  // cost less than the list and the cache it fills. The one place this is decided per
  // engine: every read-ahead (WriteTx::PrefetchViews, and the callers that gather its
  // keys) asks it instead of naming an engine.
  virtual bool BatchReadsPay() const = 0;
  // The most rows a multi-row statement of this engine should carry (a power of two).
  std::size_t MaxRowsPerStatement() const { return engine() == Engine::kSqlite ? 64 : 512; }

  // Runs one statement; `row` is called for each row of its result.
  virtual Status Query(std::string_view sql, const Args& args, const RowFn& row) = 0;
  // Runs one statement without a result set; returns the number of rows it changed.
  virtual Result<std::int64_t> Exec(std::string_view sql, const Args& args) = 0;

  Status Run(std::string_view sql, const Args& args) { return Exec(sql, args).status(); }
  // Runs a write whose result the caller does not need, inside a transaction. An engine
  // may send it without waiting for the server (PostgreSQL pipelines it, sparing a round
  // trip per statement): its failure is then the result of the session's next Query, Exec
  // or commit, and the transaction fails as a whole. SQLite runs it at once.
  virtual Status Send(std::string_view sql, const Args& args) { return Run(sql, args); }
  Status Query(const sql::Query& q, const RowFn& row) { return Query(q.text(), q.args(), row); }
  // The single row of a statement that returns at most one; `fn` is not called when there
  // is none. Returns whether there was one.
  Result<bool> QueryOne(std::string_view sql, const Args& args, const RowFn& fn);
  // Query's rows mapped by `fn` (a Result<T>(const Row&)) into a vector.
  template <typename T, typename Fn>
  Result<std::vector<T>> QueryAll(std::string_view sql, const Args& args, Fn fn) {
    std::vector<T> out;
    Status st = Query(sql, args, [&](const Row& r) -> Status {
      Result<T> v = fn(r);
      if (!v.ok()) return v.status();
      out.push_back(std::move(*v));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  }

  // Engine-specific fragments for the few places where one text cannot serve both.
  // SQLite's planner hint "INDEXED BY <index>" (nothing on PostgreSQL, which plans on
  // statistics): placed after a table name.
  std::string IndexedBy(std::string_view index) const {
    return engine() == Engine::kSqlite ? " INDEXED BY " + std::string(index) : std::string();
  }
};

// The start of a statement whose plan cannot depend on its argument values: a lookup by a
// whole primary key, or by the leading columns of the index its plan must use whatever
// the values. PostgreSQL plans every other statement at each run (plan_cache_mode =
// force_custom_plan, store/postgres/pg.cc) and such a one once per connection; to SQLite
// it is a comment.
inline constexpr std::string_view kGenericPlan = "/* generic plan */ ";

// Calls `fn` with `keys` in batches for statements that list them (`IN (?, ...)`, `VALUES
// (?), ...`): at most MaxRowsPerStatement() keys each, and always a power of two of them,
// the last key repeated to fill the batch, so a statement text is one of a few (each
// prepared once) and any number of keys up to the maximum takes one statement. Keys given
// twice must mean the same to the statement.
Status ForBatches(Session& s, const std::vector<std::string>& keys,
                  const std::function<Status(const std::vector<std::string>&)>& fn);

// "INSERT INTO <table> (<keys>, <values>) VALUES (?, ...) ON CONFLICT (<keys>) DO UPDATE
// SET <value> = excluded.<value>, ...": insert or replace one row by its key, on both
// engines. Arguments: the keys, then the values, in the order given.
std::string UpsertSql(std::string_view table, std::initializer_list<std::string_view> keys,
                      std::initializer_list<std::string_view> values);

// Appends " AND <column> contains <needle>" (a plain substring, no wildcards): instr() on
// SQLite; LIKE with the wildcards escaped on PostgreSQL, where a trigram index serves it.
void AppendContains(Query& q, Engine e, std::string_view column, const std::string& needle);
// `s` with LIKE's wildcards and escape character escaped (ESCAPE '\').
std::string LikeEscape(std::string_view s);

// `sql` with each `?` outside quoted literals and identifiers replaced by $1, $2, ... in
// order (PostgreSQL's placeholders).
std::string NumberPlaceholders(std::string_view sql);

}  // namespace packprod::store::sql
