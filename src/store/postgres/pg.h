// Thin RAII wrappers over libpq: a connection that prepares each distinct SQL text once
// and runs it with text parameters, a result with typed column readers, and the mapping
// of PostgreSQL errors to Status. Used only inside store/postgres.
//
// Why libpq and not libpqxx: Debian 12's libpqxx (6.4) binds neither std::optional
// (NULL) nor a run-time list of parameters without extra glue, reports by exceptions
// where the Store speaks Status, and LISTEN/NOTIFY needs the socket anyway; this file is
// the whole of the glue libpq needs.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/status.h"
#include "store/postgres/upsert_rows.h"

namespace packprod::store::postgres {

// Parameters $1..$n in text format; nullopt is NULL.
class Params {
 public:
  Params& Add(std::string_view v) {
    values_.emplace_back(std::string(v));
    return *this;
  }
  Params& Add(const std::string& v) { return Add(std::string_view(v)); }
  Params& Add(const char* v) { return Add(std::string_view(v)); }
  Params& Add(std::int64_t v) {
    values_.emplace_back(std::to_string(v));
    return *this;
  }
  Params& Add(int v) { return Add(std::int64_t{v}); }
  Params& Add(const std::optional<std::string>& v) {
    values_.push_back(v);
    return *this;
  }
  Params& Add(const std::optional<std::int64_t>& v) {
    if (v) return Add(*v);
    values_.emplace_back(std::nullopt);
    return *this;
  }
  // The number the next Add will have ($n).
  int Next() const { return static_cast<int>(values_.size()) + 1; }
  const std::vector<std::optional<std::string>>& values() const { return values_; }

 private:
  std::vector<std::optional<std::string>> values_;
};

// A PostgreSQL array literal ('{"a","b",NULL}') of text or integers, for unnest().
std::string TextArray(const std::vector<std::optional<std::string>>& v);

class Res {
 public:
  Res() = default;
  explicit Res(PGresult* r) : r_(r, &PQclear) {}
  int rows() const { return r_ ? PQntuples(r_.get()) : 0; }
  bool IsNull(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  std::string Text(int row, int col) const;
  // The same without a copy: valid while this result lives.
  std::string_view TextView(int row, int col) const;
  std::optional<std::string> OptText(int row, int col) const;
  std::int64_t Int(int row, int col) const;
  std::optional<std::int64_t> OptInt(int row, int col) const;
  // Rows changed by an INSERT / UPDATE / DELETE.
  std::int64_t Affected() const;
  PGresult* raw() const { return r_.get(); }

 private:
  std::shared_ptr<PGresult> r_;
};

// One connection; not thread-safe (the store hands each to one thread at a time).
class Conn {
 public:
  // Unavailable when the server cannot be reached or refuses.
  static Result<std::unique_ptr<Conn>> Open(const std::string& url);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  // Runs one statement, prepared on first use of its text on this connection.
  Result<Res> Exec(const std::string& sql, const Params& p = {});
  template <typename... A>
  Result<Res> Q(const std::string& sql, const A&... args) {
    Params p;
    (p.Add(args), ...);
    return Exec(sql, p);
  }
  // Sends one statement (prepared on first use, like Exec) without waiting for its
  // result: the connection enters libpq's pipeline mode and the statements sent travel
  // together. Sync waits for them; every other call here syncs first, so a failure of a
  // sent statement is the result of the next Exec, Simple or Sync (the transaction is then
  // aborted on the server, as after any failed statement).
  // The rows of single-row upserts (upsert_rows.h) are kept and written as multi-row
  // statements before anything sent that may touch their table, and before anything run
  // or synced (a ROLLBACK drops them).
  Status Send(const std::string& sql, const Params& p = {});
  // Waits for the statements sent and leaves pipeline mode: the first failure among them,
  // if any. Nothing sent: Ok at once. `out`: where the result of the statement sent
  // `out_index`-th (0-based, counting the prepares) goes.
  Status Sync(Res* out = nullptr, std::size_t out_index = 0);
  // Runs one or more statements without parameters (not prepared). Syncs first; a
  // ROLLBACK runs even when that fails.
  Status Simple(const std::string& sql);
  // False once the connection broke; a broken connection is not reused.
  bool ok() const { return PQstatus(c_) == CONNECTION_OK; }
  // Not idle in a transaction (clean to reuse).
  bool idle() const { return PQtransactionStatus(c_) == PQTRANS_IDLE; }
  // The SQLSTATE of the last statement that failed on this connection ("" if none).
  const std::string& last_error_state() const { return last_error_state_; }
  void ClearLastError() { last_error_state_.clear(); }
  // Whether that failure is a transient conflict with another transaction, after which
  // the whole transaction may run again: a serialization failure (40001), a deadlock
  // (40P01) or a unique key that another transaction took meanwhile (23505).
  bool LastErrorRetryable() const;
  PGconn* raw() { return c_; }

 private:
  explicit Conn(PGconn* c) : c_(c) {}
  Status Failed(PGresult* r, std::string_view what);
  // The statement name of `sql` when it is prepared, else nullptr.
  const std::string* PreparedName(const std::string& sql) const;
  // Send and Sync without the kept upsert rows.
  Status SendNow(const std::string& sql, const Params& p = {});
  Status SyncSent(Res* out = nullptr, std::size_t out_index = 0);
  // The shape of `sql` when it is an upsert Send keeps (parsed once per text), else nullptr.
  const UpsertShape* ShapeOf(const std::string& sql);
  // OnlyTableOf(sql), worked out once per text.
  const std::optional<std::string>& TableOf(const std::string& sql);
  // Sends the kept upsert rows (multi-row statements of at most kMaxUpsertRows rows): all
  // of them, or (`table`) only those into that table.
  Status SendRows(const std::string* table = nullptr);
  std::string NextName() { return "s" + std::to_string(names_++); }
  PGconn* c_;
  std::string last_error_state_;
  std::map<std::string, std::string, std::less<>> prepared_;  // sql -> statement name
  std::int64_t names_ = 0;
  // Sent and not yet synced: what each result answers (the start of its SQL, for an error
  // message), and the statements prepared within the pipeline (forgotten if it fails).
  std::vector<std::string> sent_;
  std::vector<std::string> sent_prepares_;
  // Upsert statements seen by Send, by text (nullopt: not one that rows are kept of), and
  // the rows kept per statement text, in the order each text was first sent.
  std::map<std::string, std::optional<UpsertShape>, std::less<>> shapes_;
  std::vector<std::pair<std::string, UpsertRows>> pending_;
  std::map<std::string, std::optional<std::string>, std::less<>> tables_;
};

// Maps a failed result (or connection) to a Status: connection loss, serialization
// failures, deadlocks, shutdowns and resource limits are Unavailable; the rest Internal.
Status PgStatus(PGresult* r, PGconn* c, std::string_view what);

}  // namespace packprod::store::postgres
