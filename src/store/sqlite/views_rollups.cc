// ViewTx::AddRollUps: the additive roll-up tables, upserted many rows per statement
// (a multi-row INSERT ... ON CONFLICT DO UPDATE ... RETURNING), since per-statement
// overhead dominates row-at-a-time upserts.
#include <utility>

#include "store/sqlite/views.h"

namespace packprod::store::sqlite {
namespace {

// Rows per statement: a power of two at most this (few distinct cached statements).
constexpr std::size_t kMaxRows = 64;

struct Table {
  const char* name;
  const char* insert;  // "INSERT INTO t (client_id, <keys>, <values>) VALUES "
  const char* tuple;   // one row's placeholders
  const char* upsert;  // " ON CONFLICT ... DO UPDATE ... RETURNING <keys>, orders"
  const char* remove;  // "DELETE ... WHERE client_id = ? AND <keys>"
  int key_columns;
};

constexpr Table kSales = {
    "sales_daily",
    "INSERT INTO sales_daily (client_id, day, orders, revenue, units) VALUES ",
    "(?, ?, ?, ?, ?)",
    " ON CONFLICT (client_id, day) DO UPDATE SET orders = orders + excluded.orders, "
    "revenue = revenue + excluded.revenue, units = units + excluded.units RETURNING day, orders",
    "DELETE FROM sales_daily WHERE client_id = ? AND day = ?",
    1};
constexpr Table kProductDays = {
    "product_daily",
    "INSERT INTO product_daily (client_id, day, code, orders, revenue, units) VALUES ",
    "(?, ?, ?, ?, ?, ?)",
    " ON CONFLICT (client_id, day, code) DO UPDATE SET orders = orders + excluded.orders, "
    "revenue = revenue + excluded.revenue, units = units + excluded.units "
    "RETURNING day, code, orders",
    "DELETE FROM product_daily WHERE client_id = ? AND day = ? AND code = ?",
    2};
constexpr Table kContactDays = {
    "contact_days",
    "INSERT INTO contact_days (client_id, day, contact_id, orders, revenue) VALUES ",
    "(?, ?, ?, ?, ?)",
    " ON CONFLICT (client_id, day, contact_id) DO UPDATE SET orders = orders + excluded.orders, "
    "revenue = revenue + excluded.revenue RETURNING day, contact_id, orders",
    "DELETE FROM contact_days WHERE client_id = ? AND day = ? AND contact_id = ?",
    2};
constexpr Table kProductCustomers = {
    "product_customers",
    "INSERT INTO product_customers (client_id, code, contact_id, orders) VALUES ",
    "(?, ?, ?, ?)",
    " ON CONFLICT (client_id, code, contact_id) DO UPDATE SET orders = orders + excluded.orders "
    "RETURNING code, contact_id, orders",
    "DELETE FROM product_customers WHERE client_id = ? AND code = ? AND contact_id = ?",
    2};

int BindKey(Stmt& s, int i, DayNumber day) {
  s.Bind(i, std::int64_t{day});
  return i + 1;
}
int BindKey(Stmt& s, int i, const std::pair<DayNumber, std::string>& k) {
  s.Bind(i, std::int64_t{k.first}).Bind(i + 1, k.second);
  return i + 2;
}
int BindKey(Stmt& s, int i, const std::pair<std::string, std::string>& k) {
  s.Bind(i, k.first).Bind(i + 1, k.second);
  return i + 2;
}
int BindValue(Stmt& s, int i, const DaySums& v) {
  s.Bind(i, v.orders).Bind(i + 1, v.revenue).Bind(i + 2, v.units);
  return i + 3;
}
int BindValue(Stmt& s, int i, const ContactDaySums& v) {
  s.Bind(i, v.orders).Bind(i + 1, v.revenue);
  return i + 2;
}
int BindValue(Stmt& s, int i, std::int64_t orders) {
  s.Bind(i, orders);
  return i + 1;
}
void ReadKey(const Stmt& s, DayNumber* k) { *k = static_cast<DayNumber>(s.Int(0)); }
void ReadKey(const Stmt& s, std::pair<DayNumber, std::string>* k) {
  *k = {static_cast<DayNumber>(s.Int(0)), s.Text(1)};
}
void ReadKey(const Stmt& s, std::pair<std::string, std::string>* k) { *k = {s.Text(0), s.Text(1)}; }

std::string UpsertSql(const Table& t, std::size_t rows) {
  std::string sql = t.insert;
  for (std::size_t i = 0; i < rows; ++i) {
    if (i) sql += ", ";
    sql += t.tuple;
  }
  return sql + t.upsert;
}

// Adds every non-zero delta of `deltas` to table `t`; calls on_count(key, new count) for
// each row; removes the rows whose count reached 0.
template <typename K, typename V, typename OnCount>
Status AddAll(Db& db, const Table& t, const std::string& client, const std::map<K, V>& deltas,
              OnCount on_count) {
  std::vector<typename std::map<K, V>::const_iterator> rows;
  for (auto it = deltas.begin(); it != deltas.end(); ++it) {
    if (!(it->second == V{})) rows.push_back(it);
  }
  std::vector<K> emptied;
  for (std::size_t done = 0; done < rows.size();) {
    std::size_t n = kMaxRows;
    while (n > rows.size() - done) n /= 2;
    Stmt& s = db.Prepare(UpsertSql(t, n));
    int p = 1;
    for (std::size_t r = done; r < done + n; ++r) {
      s.Bind(p, client);
      p = BindValue(s, BindKey(s, p + 1, rows[r]->first), rows[r]->second);
    }
    bool negative = false;
    while (s.Step()) {
      K key;
      ReadKey(s, &key);
      std::int64_t count = s.Int(t.key_columns);
      negative = negative || count < 0;
      if (count == 0) emptied.push_back(key);
      on_count(key, count);
    }
    Status st = s.error();
    s.Reset();
    PP_RETURN_IF_ERROR(st);
    if (negative) return Status::Internal(std::string(t.name) + " below zero: rebuild the views");
    done += n;
  }
  for (const K& key : emptied) {
    Stmt& d = db.Prepare(t.remove);
    d.Bind(1, client);
    BindKey(d, 2, key);
    PP_RETURN_IF_ERROR(d.Run());
  }
  return Status::Ok();
}

}  // namespace

Status ViewTx::AddRollUps(const std::string& client, const RollUps& deltas,
                          std::map<std::string, std::int64_t>* new_customers) {
  auto ignore = [](const auto&, std::int64_t) {};
  PP_RETURN_IF_ERROR(AddAll(vdb_, kSales, client, deltas.sales, ignore));
  PP_RETURN_IF_ERROR(AddAll(vdb_, kProductDays, client, deltas.product_days, ignore));
  PP_RETURN_IF_ERROR(AddAll(vdb_, kContactDays, client, deltas.contact_days, ignore));
  return AddAll(vdb_, kProductCustomers, client, deltas.product_customers,
                [&](const std::pair<std::string, std::string>& key, std::int64_t count) {
                  if (!new_customers) return;
                  std::int64_t was = count - deltas.product_customers.at(key);
                  (*new_customers)[key.first] += (count > 0) - (was > 0);
                });
}

}  // namespace packprod::store::sqlite
