// SqlTx' product-cohort views (domain/product_cohorts.h, docs/metrics.md "Cohorts"):
// contact_first_orders, each contact's first counted order with its codes, and the
// product_cohort_cells counters; and the first counted order recomputed from the orders.
#include <climits>
#include <set>

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
  Session& s = sql();
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
  if (!row) {
    return sql().Run("DELETE FROM contact_first_orders WHERE client_id = ? AND contact_id = ?",
                     {client, contact_id});
  }
  static const std::string kSql = UpsertSql("contact_first_orders", {"client_id", "contact_id"},
                                            {"first_at", "first_ref", "cohort", "codes"});
  return sql().Run(kSql, {client, contact_id, row->at, row->reference, std::int64_t{row->month},
                          EncodeCodes(row->codes)});
}

Status SqlTx::AddProductCohortCells(const std::string& client,
                                         const ProductCohortCells& deltas) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Session& s = sql();
  for (const auto& [key, d] : deltas) {
    if (d == CohortCell{}) continue;
    const auto& [code, cohort, month] = key;
    std::int64_t customers = 0;
    PP_RETURN_IF_ERROR(
        s.QueryOne(
             "INSERT INTO product_cohort_cells (client_id, code, cohort, month, customers, "
             "revenue) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, cohort, code, "
             "month) DO UPDATE SET customers = product_cohort_cells.customers + "
             "excluded.customers, revenue = product_cohort_cells.revenue + "
             "excluded.revenue RETURNING customers",
             {client, code, std::int64_t{cohort}, std::int64_t{month}, d.customers, d.revenue},
             [&](const Row& r) {
               customers = r.Int(0);
               return Status::Ok();
             })
            .status());
    if (customers < 0) {
      return Status::Internal("product_cohort_cells below zero for " + code + " " +
                              FormatMonth(cohort) + " " + FormatMonth(month) +
                              ": rebuild the views");
    }
    if (customers == 0) {
      PP_RETURN_IF_ERROR(
          s.Run("DELETE FROM product_cohort_cells WHERE client_id = ? AND "
                "cohort = ? AND code = ? AND month = ?",
                {client, std::int64_t{cohort}, code, std::int64_t{month}}));
    }
  }
  return Status::Ok();
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

}  // namespace packprod::store::sql
