// SqlTx::AddRollUps: the additive roll-up tables, counter tables (store/sql/counters.h)
// whose first count is `orders`.
#include "store/sql/counters.h"
#include "store/sql/sql_tx.h"

namespace packprod::store::sql {
namespace {

const CounterTable kSales = {"sales_daily", {"day"}, {"orders", "revenue", "units"}};
const CounterTable kProductDays = {
    "product_daily", {"day", "code"}, {"orders", "revenue", "units"}};
const CounterTable kContactDays = {"contact_days", {"day", "contact_id"}, {"orders", "revenue"}};
const CounterTable kProductBlocks = {
    "product_blocks", {"block", "code"}, {"orders", "revenue", "units"}};
const CounterTable kProductCustomers = {"product_customers", {"code", "contact_id"}, {"orders"}};

void PushKey(Args& a, DayNumber d) { a.emplace_back(std::int64_t{d}); }
void PushKey(Args& a, const std::pair<DayNumber, std::string>& k) {
  a.insert(a.end(), {std::int64_t{k.first}, k.second});
}
void PushKey(Args& a, const std::pair<std::string, std::string>& k) {
  a.insert(a.end(), {k.first, k.second});
}
std::vector<std::int64_t> Counts(const DaySums& v) { return {v.orders, v.revenue, v.units}; }
std::vector<std::int64_t> Counts(const ContactDaySums& v) { return {v.orders, v.revenue}; }
std::vector<std::int64_t> Counts(std::int64_t orders) { return {orders}; }
void ReadKey(const Row& r, DayNumber* k) { *k = static_cast<DayNumber>(r.Int(0)); }
void ReadKey(const Row& r, std::pair<DayNumber, std::string>* k) {
  *k = {static_cast<DayNumber>(r.Int(0)), r.Text(1)};
}
void ReadKey(const Row& r, std::pair<std::string, std::string>* k) { *k = {r.Text(0), r.Text(1)}; }

// Adds every delta of `deltas` to table `t` (store/sql/counters.h); calls on_count(key,
// new orders count) for each changed row.
template <typename K, typename V, typename OnCount>
Status AddAll(Session& s, const CounterTable& t, const std::string& client,
              const std::map<K, V>& deltas, OnCount on_count) {
  std::vector<CounterChange> changes;
  changes.reserve(deltas.size());
  for (const auto& [key, v] : deltas) {
    CounterChange c;
    PushKey(c.key, key);
    c.deltas = Counts(v);
    changes.push_back(std::move(c));
  }
  return AddCounters(s, client, t, changes, [&](const Row& r) {
    K key;
    ReadKey(r, &key);
    on_count(key, r.Int(static_cast<int>(t.keys.size())));
  });
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
