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

void PushKey(Args& a, DayNumber d) { a.emplace_back(std::int64_t{d}); }
void PushKey(Args& a, const std::pair<DayNumber, std::string>& k) {
  a.insert(a.end(), {std::int64_t{k.first}, k.second});
}
std::vector<std::int64_t> Counts(const DaySums& v) { return {v.orders, v.revenue, v.units}; }
std::vector<std::int64_t> Counts(const ContactDaySums& v) { return {v.orders, v.revenue}; }
// Adds every delta of `deltas` to table `t` (store/sql/counters.h).
template <typename K, typename V>
Status AddAll(Session& s, const CounterTable& t, const std::string& client,
              const std::map<K, V>& deltas) {
  std::vector<CounterChange> changes;
  changes.reserve(deltas.size());
  for (const auto& [key, v] : deltas) {
    CounterChange c;
    PushKey(c.key, key);
    c.deltas = Counts(v);
    changes.push_back(std::move(c));
  }
  return AddCounters(s, client, t, changes, nullptr);
}

}  // namespace

Status SqlTx::AddRollUps(const std::string& client, const RollUps& deltas) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Session& s = sql();
  PP_RETURN_IF_ERROR(AddAll(s, kSales, client, deltas.sales));
  PP_RETURN_IF_ERROR(AddAll(s, kProductDays, client, deltas.product_days));
  PP_RETURN_IF_ERROR(AddAll(s, kProductBlocks, client, ProductBlocksOf(deltas.product_days)));
  return AddAll(s, kContactDays, client, deltas.contact_days);
}

}  // namespace packprod::store::sql
