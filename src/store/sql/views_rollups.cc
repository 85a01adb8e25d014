// SqlTx::AddRollUps: the additive roll-up tables, upserted many rows per statement
// (a multi-row INSERT ... ON CONFLICT DO UPDATE ... RETURNING), since per-statement
// overhead (a round trip on PostgreSQL) dominates row-at-a-time upserts; then the rows
// whose count reached 0 deleted.
#include "store/sql/sql_tx.h"

namespace packprod::store::sql {
namespace {

struct Table {
  const char* name;
  std::vector<const char*> keys;    // after client_id
  std::vector<const char*> values;  // added to; `orders` first
};

const Table kSales = {"sales_daily", {"day"}, {"orders", "revenue", "units"}};
const Table kProductDays = {"product_daily", {"day", "code"}, {"orders", "revenue", "units"}};
const Table kContactDays = {"contact_days", {"day", "contact_id"}, {"orders", "revenue"}};
const Table kProductBlocks = {"product_blocks", {"block", "code"}, {"orders", "revenue", "units"}};
const Table kProductCustomers = {"product_customers", {"code", "contact_id"}, {"orders"}};

void PushKey(Args& a, DayNumber d) { a.emplace_back(std::int64_t{d}); }
void PushKey(Args& a, const std::pair<DayNumber, std::string>& k) {
  a.insert(a.end(), {std::int64_t{k.first}, k.second});
}
void PushKey(Args& a, const std::pair<std::string, std::string>& k) {
  a.insert(a.end(), {k.first, k.second});
}
void PushValue(Args& a, const DaySums& v) { a.insert(a.end(), {v.orders, v.revenue, v.units}); }
void PushValue(Args& a, const ContactDaySums& v) { a.insert(a.end(), {v.orders, v.revenue}); }
void PushValue(Args& a, std::int64_t orders) { a.emplace_back(orders); }
void ReadKey(const Row& r, DayNumber* k) { *k = static_cast<DayNumber>(r.Int(0)); }
void ReadKey(const Row& r, std::pair<DayNumber, std::string>* k) {
  *k = {static_cast<DayNumber>(r.Int(0)), r.Text(1)};
}
void ReadKey(const Row& r, std::pair<std::string, std::string>* k) { *k = {r.Text(0), r.Text(1)}; }

std::string Join(const std::vector<const char*>& cols, const char* sep, const char* suffix) {
  std::string s;
  for (std::size_t i = 0; i < cols.size(); ++i) s += (i ? sep : "") + std::string(cols[i]) + suffix;
  return s;
}

// The upsert of `rows` rows into `t`, returning each row's keys and new orders count.
std::string UpsertSql(const Table& t, std::size_t rows) {
  const std::string keys = Join(t.keys, ", ", "");
  std::string tuple = "(?";
  for (std::size_t i = 0; i < t.keys.size() + t.values.size(); ++i) tuple += ", ?";
  tuple += ")";
  std::string sql = std::string("INSERT INTO ") + t.name + " (client_id, " + keys + ", " +
                    Join(t.values, ", ", "") + ") VALUES ";
  for (std::size_t i = 0; i < rows; ++i) sql += (i ? ", " : "") + tuple;
  sql += " ON CONFLICT (client_id, " + keys + ") DO UPDATE SET ";
  for (std::size_t v = 0; v < t.values.size(); ++v) {
    const std::string col = t.values[v];
    sql += (v ? ", " : "") + col + " = " + t.name + "." + col + " + excluded." + col;
  }
  return sql + " RETURNING " + keys + ", orders";
}

// Adds every non-zero delta of `deltas` to table `t`; calls on_count(key, new count) for
// each row; removes the rows whose count reached 0.
template <typename K, typename V, typename OnCount>
Status AddAll(Session& s, const Table& t, const std::string& client, const std::map<K, V>& deltas,
              OnCount on_count) {
  std::vector<typename std::map<K, V>::const_iterator> rows;
  for (auto it = deltas.begin(); it != deltas.end(); ++it) {
    if (!(it->second == V{})) rows.push_back(it);
  }
  std::vector<K> emptied;
  bool negative = false;
  for (std::size_t done = 0; done < rows.size();) {
    // Rows per statement: a power of two (few distinct prepared statements).
    std::size_t n = s.MaxRowsPerStatement();
    while (n > rows.size() - done) n /= 2;
    Args args;
    args.reserve(n * (1 + t.keys.size() + t.values.size()));
    for (std::size_t r = done; r < done + n; ++r) {
      args.emplace_back(client);
      PushKey(args, rows[r]->first);
      PushValue(args, rows[r]->second);
    }
    PP_RETURN_IF_ERROR(s.Query(UpsertSql(t, n), args, [&](const Row& r) {
      K key;
      ReadKey(r, &key);
      const std::int64_t count = r.Int(static_cast<int>(t.keys.size()));
      negative = negative || count < 0;
      if (count == 0) emptied.push_back(key);
      on_count(key, count);
      return Status::Ok();
    }));
    if (negative) return Status::Internal(std::string(t.name) + " below zero: rebuild the views");
    done += n;
  }
  const std::string remove = std::string("DELETE FROM ") + t.name + " WHERE client_id = ? AND " +
                             Join(t.keys, " AND ", " = ?");
  for (const K& key : emptied) {
    Args args = {client};
    PushKey(args, key);
    PP_RETURN_IF_ERROR(s.Send(remove, args));
  }
  return Status::Ok();
}

}  // namespace

Status SqlTx::AddRollUps(const std::string& client, const RollUps& deltas,
                              std::map<std::string, std::int64_t>* new_customers) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Session& s = sql();
  auto ignore = [](const auto&, std::int64_t) {};
  PP_RETURN_IF_ERROR(AddAll(s, kSales, client, deltas.sales, ignore));
  PP_RETURN_IF_ERROR(AddAll(s, kProductDays, client, deltas.product_days, ignore));
  PP_RETURN_IF_ERROR(AddAll(s, kProductBlocks, client, ProductBlocksOf(deltas.product_days), ignore));
  PP_RETURN_IF_ERROR(AddAll(s, kContactDays, client, deltas.contact_days, ignore));
  return AddAll(s, kProductCustomers, client, deltas.product_customers,
                [&](const std::pair<std::string, std::string>& key, std::int64_t count) {
                  if (!new_customers) return;
                  const std::int64_t was = count - deltas.product_customers.at(key);
                  (*new_customers)[key.first] += (count > 0) - (was > 0);
                });
}

}  // namespace packprod::store::sql
