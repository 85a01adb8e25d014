#include "store/sql/counters.h"

#include <variant>

namespace packprod::store::sql {
namespace {

// The upsert of `rows` rows into `t`, returning each row's keys and new counts.
std::string UpsertSql(const CounterTable& t, std::size_t rows) {
  std::string cols = "client_id", tuple = "(?", set, ret;
  for (const std::string& k : t.keys) {
    cols += ", " + k;
    tuple += ", ?";
    ret += (ret.empty() ? "" : ", ") + k;
  }
  for (const std::string& c : t.counts) {
    cols += ", " + c;
    tuple += ", ?";
    set += (set.empty() ? "" : ", ") + c + " = " + t.name + "." + c + " + excluded." + c;
    ret += ", " + c;
  }
  tuple += ")";
  std::string sql = "INSERT INTO " + t.name + " (" + cols + ") VALUES ";
  for (std::size_t i = 0; i < rows; ++i) sql += (i ? ", " : "") + tuple;
  std::string keys = "client_id";
  for (const std::string& k : t.keys) keys += ", " + k;
  return sql + " ON CONFLICT (" + keys + ") DO UPDATE SET " + set + " RETURNING " + ret;
}

std::string DeleteSql(const CounterTable& t) {
  std::string sql = "DELETE FROM " + t.name + " WHERE client_id = ?";
  for (const std::string& k : t.keys) sql += " AND " + k + " = ?";
  return sql;
}

bool AllZero(const std::vector<std::int64_t>& v) {
  for (std::int64_t x : v) {
    if (x != 0) return false;
  }
  return true;
}

}  // namespace

Status AddCounters(Session& s, const std::string& client, const CounterTable& t,
                   const std::vector<CounterChange>& changes, const CounterRowFn& on_row) {
  std::vector<const CounterChange*> rows;
  for (const CounterChange& c : changes) {
    if (!AllZero(c.deltas)) rows.push_back(&c);
  }
  if (rows.empty()) return Status::Ok();
  // The key columns' types, to read the returned keys back as arguments.
  std::vector<bool> int_key;
  for (const Arg& a : rows.front()->key) {
    int_key.push_back(std::holds_alternative<std::int64_t>(a.value()));
  }
  const int nk = static_cast<int>(t.keys.size()), nc = static_cast<int>(t.counts.size());
  std::vector<Args> emptied;
  bool out_of_step = false;
  for (std::size_t done = 0; done < rows.size();) {
    // Rows per statement: a power of two (few distinct prepared statements).
    std::size_t n = s.MaxRowsPerStatement();
    while (n > rows.size() - done) n /= 2;
    Args args;
    args.reserve(n * (1 + nk + nc));
    for (std::size_t r = done; r < done + n; ++r) {
      args.emplace_back(client);
      args.insert(args.end(), rows[r]->key.begin(), rows[r]->key.end());
      for (std::int64_t d : rows[r]->deltas) args.emplace_back(d);
    }
    PP_RETURN_IF_ERROR(s.Query(UpsertSql(t, n), args, [&](const Row& r) {
      std::vector<std::int64_t> now;
      for (int c = 0; c < nc; ++c) now.push_back(r.Int(nk + c));
      bool remove = false;
      if (t.remove == CounterTable::Remove::kAllZero) {
        for (std::int64_t x : now) out_of_step = out_of_step || x < 0;
        remove = AllZero(now);
      } else if (now[0] < 0) {
        out_of_step = true;
      } else if (now[0] == 0) {
        remove = true;
        out_of_step = out_of_step || !AllZero(now);
      }
      if (remove) {
        Args key = {client};
        for (int k = 0; k < nk; ++k) {
          if (int_key[k]) {
            key.emplace_back(r.Int(k));
          } else {
            key.emplace_back(r.Text(k));
          }
        }
        emptied.push_back(std::move(key));
      }
      if (on_row) on_row(r);
      return Status::Ok();
    }));
    if (out_of_step) return Status::Internal(t.name + " below zero: rebuild the views");
    done += n;
  }
  const std::string remove = DeleteSql(t);
  for (const Args& key : emptied) PP_RETURN_IF_ERROR(s.Send(remove, key));
  return Status::Ok();
}

}  // namespace packprod::store::sql
