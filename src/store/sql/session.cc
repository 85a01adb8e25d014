#include "store/sql/session.h"

#include <algorithm>

namespace packprod::store::sql {

namespace {
constexpr const char* kStopRows = "(the rows were read far enough)";
}  // namespace

Status StopRows() { return Status::Internal(kStopRows); }
bool IsStopRows(const Status& s) { return !s.ok() && s.message() == kStopRows; }

Result<bool> Session::QueryOne(std::string_view sql, const Args& args, const RowFn& fn) {
  bool seen = false;
  Status st = Query(sql, args, [&](const Row& r) -> Status {
    if (seen) return Status::Internal("more than one row for a single-row query");
    seen = true;
    return fn(r);
  });
  if (!st.ok()) return st;
  return seen;
}

Status ForBatches(Session& s, const std::vector<std::string>& keys,
                  const std::function<Status(const std::vector<std::string>&)>& fn) {
  std::vector<std::string> batch;
  for (std::size_t done = 0; done < keys.size();) {
    std::size_t n = s.MaxRowsPerStatement();
    while (n / 2 >= keys.size() - done) n /= 2;
    const std::size_t real = std::min(n, keys.size() - done);
    batch.assign(keys.begin() + static_cast<std::ptrdiff_t>(done),
                 keys.begin() + static_cast<std::ptrdiff_t>(done + real));
    batch.resize(n, batch.back());
    PP_RETURN_IF_ERROR(fn(batch));
    done += real;
  }
  return Status::Ok();
}

std::string UpsertSql(std::string_view table, std::initializer_list<std::string_view> keys,
                      std::initializer_list<std::string_view> values) {
  std::string cols, marks, set;
  for (std::string_view k : keys) {
    cols += (cols.empty() ? "" : ", ") + std::string(k);
    marks += marks.empty() ? "?" : ", ?";
  }
  const std::string key_cols = cols;
  for (std::string_view v : values) {
    cols += ", " + std::string(v);
    marks += ", ?";
    set += (set.empty() ? "" : ", ") + std::string(v) + " = excluded." + std::string(v);
  }
  std::string sql = "INSERT INTO " + std::string(table) + " (" + cols + ") VALUES (" + marks +
                    ") ON CONFLICT (" + key_cols + ") DO ";
  return sql + (set.empty() ? "NOTHING" : "UPDATE SET " + set);
}

void AppendContains(Query& q, Engine e, std::string_view column, const std::string& needle) {
  if (e == Engine::kSqlite) {
    q.Sql(" AND instr(").Sql(column).Sql(", ").Text(needle).Sql(") > 0");
  } else {
    q.Sql(" AND ").Sql(column).Sql(" LIKE ").Text("%" + LikeEscape(needle) + "%");
  }
}

std::string LikeEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;  // the quote character of the literal or identifier being read
  for (char ch : sql) {
    if (quote) {
      if (ch == quote) quote = 0;  // a doubled quote re-enters at once: same result
      out += ch;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
      out += ch;
    } else if (ch == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace packprod::store::sql
