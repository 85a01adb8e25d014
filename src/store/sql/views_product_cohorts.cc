// SqlTx' product-cohort views (domain/product_cohorts.h, docs/metrics.md "Cohorts"):
// contact_first_orders, each contact's first counted order with its codes, and the
// product_cohort_cells counters; and the first counted order recomputed from the orders.
#include <climits>
#include <set>

#include "store/sql/counters.h"
#include "store/sql/sql_tx.h"
#include "store/view_sql.h"

namespace packprod::store::sql {
namespace {

Result<FirstOrder> FirstOrderOf(const Row& r, int col) {
  FirstOrder f;
  f.at = r.Int(col);
  f.reference = r.Text(col + 1);
  f.month = static_cast<MonthNumber>(r.Int(col + 2));
  PP_ASSIGN_OR_RETURN(f.codes, DecodeCodes(r.Text(col + 3)));
  return f;
}

}  // namespace

Result<std::optional<FirstOrder>> SqlTx::GetFirstOrder(const std::string& client,
                                                            const std::string& contact_id) {
  PP_RETURN_IF_ERROR(BeforeViews());
  if (auto* hit = Cached(&ViewCache::first_orders, client, contact_id)) return *hit;
  std::optional<FirstOrder> out;
  PP_RETURN_IF_ERROR(sql()
                         .QueryOne("SELECT first_at, first_ref, cohort, codes FROM "
                                   "contact_first_orders WHERE client_id = ? AND contact_id = ?",
                                   {client, contact_id},
                                   [&](const Row& r) -> Status {
                                     PP_ASSIGN_OR_RETURN(out, FirstOrderOf(r, 0));
                                     return Status::Ok();
                                   })
                         .status());
  return out;
}

Result<std::optional<FirstOrder>> SqlTx::FirstCountedOrder(const std::string& client,
                                                                const std::string& contact_id) {
  Session& s = store_sql();  // orders, not views
  std::optional<FirstOrder> out;
  std::string order_id;
  PP_RETURN_IF_ERROR(s.QueryOne("SELECT order_id, created_at, reference FROM orders" +
                                    s.IndexedBy("orders_by_contact") +
                                    " WHERE client_id = ? AND contact_id = ? AND " +
                                    CountedStatusFilter() +
                                    " ORDER BY created_at, reference LIMIT 1",
                                {client, contact_id},
                                [&](const Row& r) {
                                  order_id = r.Text(0);
                                  out = FirstOrder{r.Int(1), r.Text(2), 0, {}};
                                  return Status::Ok();
                                })
                         .status());
  if (!out) return out;
  std::set<std::string> codes;
  PP_RETURN_IF_ERROR(s.Query("SELECT code FROM order_items WHERE client_id = ? AND order_id = ?",
                             {client, order_id}, [&](const Row& r) {
                               codes.insert(r.Text(0));
                               return Status::Ok();
                             }));
  out->codes.assign(codes.begin(), codes.end());
  return out;
}

Status SqlTx::PutFirstOrder(const std::string& client, const std::string& contact_id,
                                 const FirstOrder* row) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Forget(&ViewCache::first_orders, client, contact_id);
  if (!row) {
    return sql().Send("DELETE FROM contact_first_orders WHERE client_id = ? AND contact_id = ?",
                     {client, contact_id});
  }
  static const std::string kSql = UpsertSql("contact_first_orders", {"client_id", "contact_id"},
                                            {"first_at", "first_ref", "cohort", "codes"});
  return sql().Send(kSql, {client, contact_id, row->at, row->reference, std::int64_t{row->month},
                          EncodeCodes(row->codes)});
}

Status SqlTx::AddProductCohortCells(const std::string& client,
                                    const ProductCohortCells& deltas) {
  PP_RETURN_IF_ERROR(BeforeViews());
  static const CounterTable kTable{
      "product_cohort_cells", {"cohort", "code", "month"}, {"customers", "revenue"}};
  std::vector<CounterChange> changes;
  for (const auto& [key, d] : deltas) {
    const auto& [code, cohort, month] = key;
    changes.push_back({{std::int64_t{cohort}, code, std::int64_t{month}}, {d.customers, d.revenue}});
  }
  return AddCounters(sql(), client, kTable, changes);
}

Result<ProductCohortCells> SqlTx::ReadProductCohortCells(const std::string& client,
                                                              MonthNumber from, MonthNumber to) {
  PP_RETURN_IF_ERROR(BeforeViews());
  ProductCohortCells out;
  PP_RETURN_IF_ERROR(sql().Query(
      "SELECT code, cohort, month, customers, revenue FROM product_cohort_cells WHERE "
      "client_id = ? AND cohort >= ? AND cohort <= ?",
      {client, std::int64_t{from}, std::int64_t{to}}, [&](const Row& r) {
        out[{r.Text(0), static_cast<MonthNumber>(r.Int(1)), static_cast<MonthNumber>(r.Int(2))}] =
            CohortCell{r.Int(3), r.Int(4)};
        return Status::Ok();
      }));
  return out;
}

Status SqlTx::ReadAllProductCohorts(const std::string& client, ClientViews* out) {
  PP_ASSIGN_OR_RETURN(out->product_cohort_cells,
                      ReadProductCohortCells(client, INT32_MIN, INT32_MAX));
  return sql().Query(
      "SELECT contact_id, first_at, first_ref, cohort, codes FROM contact_first_orders WHERE "
      "client_id = ? ORDER BY contact_id",
      {client}, [&](const Row& r) -> Status {
        PP_ASSIGN_OR_RETURN(FirstOrder f, FirstOrderOf(r, 1));
        out->first_orders.emplace_back(r.Text(0), std::move(f));
        return Status::Ok();
      });
}

Status SqlTx::PrefetchFirstOrders(const std::string& client,
                                  const std::vector<std::string>& ids) {
  using Entry = std::pair<std::string, std::optional<FirstOrder>>;
  return PrefetchInto(cache_[client].first_orders,
                      "SELECT contact_id, first_at, first_ref, cohort, codes FROM "
                      "contact_first_orders WHERE client_id = ? AND contact_id IN ",
                      client, ids, [](const Row& r) -> Result<Entry> {
                        PP_ASSIGN_OR_RETURN(FirstOrder f, FirstOrderOf(r, 1));
                        return Entry(r.Text(0), std::move(f));
                      });
}

}  // namespace packprod::store::sql
