#include "store/postgres/pg.h"

#include <charconv>

#include "domain/redact.h"
#include "store/sql/session.h"

namespace packprod::store::postgres {
namespace {

// Results of a pipeline are read only at Sync: a bounded number of them keeps the
// server's replies well inside the socket buffers (a blocking connection could otherwise
// stall with both sides writing).
constexpr std::size_t kMaxSent = 256;
// Rows per multi-row upsert at most (a power of two; fewer distinct statements to prepare).
constexpr std::size_t kMaxUpsertRows = 256;
// PostgreSQL's limit of parameters per statement.
constexpr std::size_t kMaxParams = 65535;

void AppendQuoted(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string TextArray(const std::vector<std::optional<std::string>>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    if (v[i]) {
      AppendQuoted(out, *v[i]);
    } else {
      out += "NULL";
    }
  }
  return out + "}";
}

std::string Res::Text(int row, int col) const { return std::string(TextView(row, col)); }

std::string_view Res::TextView(int row, int col) const {
  return std::string_view(PQgetvalue(r_.get(), row, col),
                          static_cast<std::size_t>(PQgetlength(r_.get(), row, col)));
}

std::optional<std::string> Res::OptText(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Text(row, col);
}

std::int64_t Res::Int(int row, int col) const {
  const char* p = PQgetvalue(r_.get(), row, col);
  std::int64_t v = 0;
  std::from_chars(p, p + PQgetlength(r_.get(), row, col), v);
  return v;
}

std::optional<std::int64_t> Res::OptInt(int row, int col) const {
  if (IsNull(row, col)) return std::nullopt;
  return Int(row, col);
}

std::int64_t Res::Affected() const {
  const char* n = r_ ? PQcmdTuples(r_.get()) : "";
  std::int64_t v = 0;
  std::from_chars(n, n + std::char_traits<char>::length(n), v);
  return v;
}

Status PgStatus(PGresult* r, PGconn* c, std::string_view what) {
  std::string msg = r ? PQresultErrorMessage(r) : "";
  if (msg.empty() && c) msg = PQerrorMessage(c);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  msg = std::string(what) + ": " + msg;
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view s = state ? state : "";
  if (!c || PQstatus(c) != CONNECTION_OK || s.starts_with("08") || s == "40001" || s == "40P01" ||
      s.starts_with("57P") || s.starts_with("53") || s == "55P03") {
    return Status::Unavailable(msg);
  }
  return Status::Internal(msg);
}

Result<std::unique_ptr<Conn>> Conn::Open(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  if (!c || PQstatus(c) != CONNECTION_OK) {
    std::string msg = c ? PQerrorMessage(c) : "out of memory";
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    // libpq may quote the connection string back (e.g. a malformed one): no password.
    const std::string shown = RedactUrl(url);
    for (std::size_t at = 0; !url.empty() && (at = msg.find(url, at)) != std::string::npos;) {
      msg.replace(at, url.size(), shown);
      at += shown.size();
    }
    msg = RedactUrl(msg);
    if (c) PQfinish(c);
    return Status::Unavailable("cannot connect to PostgreSQL: " + msg);
  }
  auto conn = std::unique_ptr<Conn>(new Conn(c));
  // Quiet NOTICEs (e.g. "relation already exists, skipping") stay off stderr.
  PQsetNoticeProcessor(
      c, [](void*, const char*) {}, nullptr);
  // Custom plans by default: a generic plan (cached after a few runs of a prepared
  // statement, and by the foreign-key checks) chosen while a table was nearly empty keeps
  // scanning it as it grows; planning each run costs far less than one such scan. A
  // statement whose plan cannot depend on its values says so by starting with
  // sql::kGenericPlan (a primary-key lookup, the product names' index walk): Exec runs
  // it between two SETs of plan_cache_mode, in the same round trip, so it is planned once
  // per connection (planning was 0.1-0.4 ms of each such statement's 0.2-0.6 ms).
  // Generic plans for a whole import transaction (its foreign-key checks included) were
  // measured and not kept: planning fell from 14.6 to 3.6 s of a 200,000-order import,
  // but each check of order_items' key in orders ran 26 us instead of 2.4, and the
  // import slowed (1,664 and 1,726 against 2,130 and 2,232 orders/s, alternated).
  // No parallel workers: the store's statements are short index reads, and starting
  // worker processes for one (the products report's 365-day product_blocks sum chose two)
  // cost more than the work they share: 40 ms -> 30 ms per report at 200,000 orders.
  PP_RETURN_IF_ERROR(
      conn->Simple("SET client_min_messages = warning; SET plan_cache_mode = force_custom_plan; "
                   "SET max_parallel_workers_per_gather = 0"));
  return conn;
}

Conn::~Conn() { PQfinish(c_); }

bool Conn::LastErrorRetryable() const {
  return last_error_state_ == "40001" || last_error_state_ == "40P01" ||
         last_error_state_ == "23505";
}

Status Conn::Failed(PGresult* r, std::string_view what) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  last_error_state_ = state ? state : "";
  return PgStatus(r, c_, what);
}

const std::string* Conn::PreparedName(const std::string& sql) const {
  auto it = prepared_.find(sql);
  return it == prepared_.end() ? nullptr : &it->second;
}

const UpsertShape* Conn::ShapeOf(const std::string& sql) {
  auto it = shapes_.find(sql);
  if (it == shapes_.end()) it = shapes_.emplace(sql, ParseUpsert(sql)).first;
  return it->second ? &*it->second : nullptr;
}

const std::optional<std::string>& Conn::TableOf(const std::string& sql) {
  auto it = tables_.find(sql);
  if (it == tables_.end()) it = tables_.emplace(sql, OnlyTableOf(sql)).first;
  return it->second;
}

Status Conn::Send(const std::string& sql, const Params& p) {
  const UpsertShape* shape = ShapeOf(sql);
  if (shape == nullptr || p.values().size() != shape->columns) {
    // Before it, what was kept of the tables it may touch (all of them when unknown).
    const std::optional<std::string>& table = TableOf(sql);
    PP_RETURN_IF_ERROR(table ? SendRows(&*table) : SendRows());
    return SendNow(sql, p);
  }
  UpsertRows* rows = nullptr;
  for (auto& [text, kept] : pending_) {
    if (text == sql) {
      rows = &kept;
    } else if (kept.shape().table == shape->table) {
      // Another statement into the same table: what was kept of it goes first.
      PP_RETURN_IF_ERROR(SendRows(&shape->table));
      rows = nullptr;
      break;
    }
  }
  if (rows == nullptr) rows = &pending_.emplace_back(sql, UpsertRows(shape)).second;
  rows->Add(p.values());
  return Status::Ok();
}

Status Conn::SendRows(const std::string* table) {
  if (pending_.empty()) return Status::Ok();
  std::vector<std::pair<std::string, UpsertRows>> pending;
  if (table == nullptr) {
    pending = std::move(pending_);
    pending_.clear();
  } else {
    // Those of `table` leave pending_, the others stay in their order.
    std::vector<std::pair<std::string, UpsertRows>> rest;
    for (auto& entry : pending_) {
      (entry.second.shape().table == *table ? pending : rest).push_back(std::move(entry));
    }
    pending_ = std::move(rest);
    if (pending.empty()) return Status::Ok();
  }
  for (const auto& [text, rows] : pending) {
    const UpsertShape& shape = rows.shape();
    std::size_t most = kMaxUpsertRows;
    while (most > 1 && most * shape.columns > kMaxParams) most /= 2;
    for (std::size_t done = 0; done < rows.size();) {
      std::size_t n = most;
      while (n > rows.size() - done) n /= 2;
      Params p;
      for (std::size_t r = done; r < done + n; ++r) {
        for (const auto& v : rows.rows()[r]) p.Add(v);
      }
      PP_RETURN_IF_ERROR(SendNow(n == 1 ? text : MultiRowUpsert(shape, n), p));
      done += n;
    }
  }
  return Status::Ok();
}

Status Conn::SendNow(const std::string& sql, const Params& p) {
  if (sent_.size() >= kMaxSent) PP_RETURN_IF_ERROR(SyncSent());
  if (PQpipelineStatus(c_) == PQ_PIPELINE_OFF && PQenterPipelineMode(c_) != 1) {
    return Failed(nullptr, "pipeline mode");
  }
  std::string what = "query (" + sql.substr(0, 60) + ")";
  const std::string* name = PreparedName(sql);
  if (name == nullptr) {
    std::string fresh = NextName();
    if (PQsendPrepare(c_, fresh.c_str(), sql.c_str(), 0, nullptr) != 1) {
      return Failed(nullptr, "prepare (" + sql.substr(0, 60) + ")");
    }
    sent_.push_back("prepare (" + sql.substr(0, 60) + ")");
    sent_prepares_.push_back(sql);
    name = &prepared_.emplace(sql, std::move(fresh)).first->second;
  }
  const auto& vals = p.values();
  std::vector<const char*> ptrs(vals.size());
  for (std::size_t i = 0; i < vals.size(); ++i) ptrs[i] = vals[i] ? vals[i]->c_str() : nullptr;
  if (PQsendQueryPrepared(c_, name->c_str(), static_cast<int>(vals.size()), ptrs.data(), nullptr,
                          nullptr, 0) != 1) {
    return Failed(nullptr, what);
  }
  sent_.push_back(std::move(what));
  return Status::Ok();
}

Status Conn::Sync(Res* out, std::size_t out_index) {
  PP_RETURN_IF_ERROR(SendRows());
  return SyncSent(out, out_index);
}

Status Conn::SyncSent(Res* out, std::size_t out_index) {
  if (PQpipelineStatus(c_) == PQ_PIPELINE_OFF) return Status::Ok();
  Status first = Status::Ok();
  if (PQpipelineSync(c_) != 1) first = Failed(nullptr, "pipeline sync");
  // Each sent statement answers one result then a null; the sync point answers
  // PGRES_PIPELINE_SYNC. After a failure the rest answer PGRES_PIPELINE_ABORTED.
  std::size_t answered = 0;
  int nulls = 0;
  while (first.ok() || PQstatus(c_) == CONNECTION_OK) {
    PGresult* raw = PQgetResult(c_);
    if (raw == nullptr) {
      // Between two statements' results; a broken connection answers nothing more.
      if (PQstatus(c_) != CONNECTION_OK || ++nulls > static_cast<int>(sent_.size()) + 2) {
        if (first.ok()) first = Failed(nullptr, "pipeline");
        break;
      }
      continue;
    }
    Res r(raw);
    const ExecStatusType st = PQresultStatus(raw);
    if (st == PGRES_PIPELINE_SYNC) break;
    const std::string& what = answered < sent_.size() ? sent_[answered] : sent_.back();
    if (out != nullptr && answered == out_index) *out = r;
    ++answered;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_PIPELINE_ABORTED) continue;
    if (first.ok()) first = Failed(raw, what);
  }
  PQexitPipelineMode(c_);
  if (!first.ok()) {
    // A statement prepared in a failed pipeline may not exist: prepare it again when used.
    for (const std::string& sql : sent_prepares_) prepared_.erase(sql);
  }
  sent_.clear();
  sent_prepares_.clear();
  return first;
}

Result<Res> Conn::Exec(const std::string& sql, const Params& p) {
  PP_RETURN_IF_ERROR(SendRows());
  if (sql.starts_with(sql::kGenericPlan)) {
    // Room for the four sends below (a statement and its prepare): no sync between them.
    if (sent_.size() + 4 > kMaxSent) PP_RETURN_IF_ERROR(SyncSent());
    // Generic plans for this statement only; a failure aborts the transaction (explicit,
    // or the pipeline's implicit one), which undoes the first SET as well.
    PP_RETURN_IF_ERROR(SendNow("SET plan_cache_mode = force_generic_plan"));
    PP_RETURN_IF_ERROR(SendNow(sql, p));
    const std::size_t answer = sent_.size() - 1;
    PP_RETURN_IF_ERROR(SendNow("SET plan_cache_mode = force_custom_plan"));
    Res r;
    PP_RETURN_IF_ERROR(SyncSent(&r, answer));
    return r;
  }
  PP_RETURN_IF_ERROR(Sync());
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = NextName();
    Res prep(PQprepare(c_, name.c_str(), sql.c_str(), 0, nullptr));
    if (PQresultStatus(prep.raw()) != PGRES_COMMAND_OK) {
      return Failed(prep.raw(), "prepare (" + sql.substr(0, 60) + ")");
    }
    it = prepared_.emplace(sql, name).first;
  }
  const auto& vals = p.values();
  std::vector<const char*> ptrs(vals.size());
  for (std::size_t i = 0; i < vals.size(); ++i) ptrs[i] = vals[i] ? vals[i]->c_str() : nullptr;
  Res r(PQexecPrepared(c_, it->second.c_str(), static_cast<int>(vals.size()), ptrs.data(), nullptr,
                       nullptr, 0));
  ExecStatusType st = PQresultStatus(r.raw());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    return Failed(r.raw(), "query (" + sql.substr(0, 60) + ")");
  }
  return r;
}

Status Conn::Simple(const std::string& sql) {
  if (sql == "ROLLBACK") pending_.clear();
  Status sent = Sync();
  if (!sent.ok() && sql != "ROLLBACK") return sent;
  Res r(PQexec(c_, sql.c_str()));
  ExecStatusType st = PQresultStatus(r.raw());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    return Failed(r.raw(), "exec (" + sql.substr(0, 60) + ")");
  }
  return Status::Ok();
}

}  // namespace packprod::store::postgres
