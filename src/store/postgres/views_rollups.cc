// PgTx::AddRollUps: the additive roll-up tables, each upserted in one statement over
// unnest()ed arrays (one round trip per table, whatever the number of rows), then the
// rows whose count reached 0 deleted in one more.
#include <utility>

#include "store/postgres/tx.h"

namespace packprod::store::postgres {
namespace {

using Column = std::vector<std::optional<std::string>>;

struct Table {
  const char* name;
  std::vector<std::pair<const char*, const char*>> keys;    // (column, type) after client_id
  std::vector<std::pair<const char*, const char*>> values;  // (column, type); orders first
};

const Table kSales = {"sales_daily",
                      {{"day", "bigint"}},
                      {{"orders", "bigint"}, {"revenue", "bigint"}, {"units", "bigint"}}};
const Table kProductDays = {"product_daily",
                            {{"day", "bigint"}, {"code", "text"}},
                            {{"orders", "bigint"}, {"revenue", "bigint"}, {"units", "bigint"}}};
const Table kContactDays = {"contact_days",
                            {{"day", "bigint"}, {"contact_id", "text"}},
                            {{"orders", "bigint"}, {"revenue", "bigint"}}};
const Table kProductCustomers = {
    "product_customers", {{"code", "text"}, {"contact_id", "text"}}, {{"orders", "bigint"}}};

void PushKey(std::vector<Column>& cols, DayNumber d) { cols[0].emplace_back(std::to_string(d)); }
void PushKey(std::vector<Column>& cols, const std::pair<DayNumber, std::string>& k) {
  cols[0].emplace_back(std::to_string(k.first));
  cols[1].emplace_back(k.second);
}
void PushKey(std::vector<Column>& cols, const std::pair<std::string, std::string>& k) {
  cols[0].emplace_back(k.first);
  cols[1].emplace_back(k.second);
}
void PushValue(std::vector<Column>& cols, std::size_t at, const DaySums& v) {
  cols[at].emplace_back(std::to_string(v.orders));
  cols[at + 1].emplace_back(std::to_string(v.revenue));
  cols[at + 2].emplace_back(std::to_string(v.units));
}
void PushValue(std::vector<Column>& cols, std::size_t at, const ContactDaySums& v) {
  cols[at].emplace_back(std::to_string(v.orders));
  cols[at + 1].emplace_back(std::to_string(v.revenue));
}
void PushValue(std::vector<Column>& cols, std::size_t at, std::int64_t orders) {
  cols[at].emplace_back(std::to_string(orders));
}
void ReadKey(const Res& r, int i, DayNumber* k) { *k = static_cast<DayNumber>(r.Int(i, 0)); }
void ReadKey(const Res& r, int i, std::pair<DayNumber, std::string>* k) {
  *k = {static_cast<DayNumber>(r.Int(i, 0)), r.Text(i, 1)};
}
void ReadKey(const Res& r, int i, std::pair<std::string, std::string>* k) {
  *k = {r.Text(i, 0), r.Text(i, 1)};
}

std::string Join(const std::vector<std::pair<const char*, const char*>>& cols,
                 const std::string& prefix) {
  std::string s;
  for (std::size_t i = 0; i < cols.size(); ++i) s += (i ? ", " : "") + prefix + cols[i].first;
  return s;
}

// Adds every non-zero delta to table `t`; on_count(key, new count) per row; deletes the
// rows whose count reached 0.
template <typename K, typename V, typename OnCount>
Status AddAll(Conn& c, const Table& t, const std::string& client, const std::map<K, V>& deltas,
              OnCount on_count) {
  const std::size_t nk = t.keys.size();
  std::vector<Column> cols(nk + t.values.size());
  for (const auto& [k, v] : deltas) {
    if (v == V{}) continue;
    PushKey(cols, k);
    PushValue(cols, nk, v);
  }
  if (cols[0].empty()) return Status::Ok();
  Params p;
  p.Add(client);
  std::string sql = std::string("INSERT INTO ") + t.name + " (client_id, " + Join(t.keys, "") +
                    ", " + Join(t.values, "") + ") SELECT $1, * FROM unnest(";
  std::size_t i = 0;
  for (const auto* group : {&t.keys, &t.values}) {
    for (const auto& col : *group) {
      sql += (i ? ", $" : "$") + std::to_string(p.Next()) + "::" + col.second + "[]";
      p.Add(TextArray(cols[i++]));
    }
  }
  sql += ") ON CONFLICT (client_id, " + Join(t.keys, "") + ") DO UPDATE SET ";
  for (std::size_t v = 0; v < t.values.size(); ++v) {
    const std::string col = t.values[v].first;
    sql += (v ? ", " : "") + col + " = " + t.name + "." + col + " + excluded." + col;
  }
  sql += " RETURNING " + Join(t.keys, "") + ", orders";
  PP_ASSIGN_OR_RETURN(Res r, c.Exec(sql, p));
  std::vector<Column> emptied(nk);
  bool negative = false;
  for (int row = 0; row < r.rows(); ++row) {
    K key;
    ReadKey(r, row, &key);
    std::int64_t count = r.Int(row, static_cast<int>(nk));
    negative = negative || count < 0;
    if (count == 0) {
      for (std::size_t k = 0; k < nk; ++k) emptied[k].push_back(r.Text(row, static_cast<int>(k)));
    }
    on_count(key, count);
  }
  if (negative) return Status::Internal(std::string(t.name) + " below zero: rebuild the views");
  if (emptied[0].empty()) return Status::Ok();
  Params d;
  d.Add(client);
  std::string del = std::string("DELETE FROM ") + t.name + " WHERE client_id = $1 AND (" +
                    Join(t.keys, "") + ") IN (SELECT * FROM unnest(";
  for (std::size_t k = 0; k < nk; ++k) {
    del += (k ? ", $" : "$") + std::to_string(d.Next()) + "::" + t.keys[k].second + "[]";
    d.Add(TextArray(emptied[k]));
  }
  return c.Exec(del + "))", d).status();
}

}  // namespace

Status PgTx::AddRollUps(const std::string& client, const RollUps& deltas,
                        std::map<std::string, std::int64_t>* new_customers) {
  PP_RETURN_IF_ERROR(ViewLock());
  auto ignore = [](const auto&, std::int64_t) {};
  PP_RETURN_IF_ERROR(AddAll(c_, kSales, client, deltas.sales, ignore));
  PP_RETURN_IF_ERROR(AddAll(c_, kProductDays, client, deltas.product_days, ignore));
  PP_RETURN_IF_ERROR(AddAll(c_, kContactDays, client, deltas.contact_days, ignore));
  return AddAll(c_, kProductCustomers, client, deltas.product_customers,
                [&](const std::pair<std::string, std::string>& key, std::int64_t count) {
                  if (!new_customers) return;
                  std::int64_t was = count - deltas.product_customers.at(key);
                  (*new_customers)[key.first] += (count > 0) - (was > 0);
                });
}

}  // namespace packprod::store::postgres
