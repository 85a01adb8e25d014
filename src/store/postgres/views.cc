// PgTx: customer_metrics (searched through its pg_trgm index), product_totals,
// recomputations from the orders, whole-client reads and clears.
#include <array>
#include <limits>

#include "domain/text.h"
#include "store/postgres/tx.h"
#include "store/postgres/view_queries.h"

namespace packprod::store::postgres {
namespace {

ProductView ProductFromRow(const Res& r, int i) {
  ProductView v;
  ProductAggregate& p = v.totals;
  p.code = r.Text(i, 0);
  p.name = r.OptText(i, 1);
  v.name_at = r.OptInt(i, 2);
  v.name_ref = r.OptText(i, 3);
  p.units = r.Int(i, 4);
  p.revenue = r.Int(i, 5);
  p.orders = r.Int(i, 6);
  p.customers = r.Int(i, 7);
  p.first_ordered = r.OptInt(i, 8);
  p.last_ordered = r.OptInt(i, 9);
  return v;
}

Status ReadRollUps(Conn& c, const std::string& client, RollUps* r) {
  PP_ASSIGN_OR_RETURN(
      Res s,
      c.Q("SELECT day, orders, revenue, units FROM sales_daily WHERE client_id = $1", client));
  for (int i = 0; i < s.rows(); ++i) {
    r->sales[static_cast<DayNumber>(s.Int(i, 0))] = {s.Int(i, 1), s.Int(i, 2), s.Int(i, 3)};
  }
  PP_ASSIGN_OR_RETURN(Res p, c.Q("SELECT day, code, orders, revenue, units FROM product_daily "
                                 "WHERE client_id = $1",
                                 client));
  for (int i = 0; i < p.rows(); ++i) {
    r->product_days[{static_cast<DayNumber>(p.Int(i, 0)), p.Text(i, 1)}] = {
        p.Int(i, 2), p.Int(i, 3), p.Int(i, 4)};
  }
  PP_ASSIGN_OR_RETURN(Res d, c.Q("SELECT day, contact_id, orders, revenue FROM contact_days "
                                 "WHERE client_id = $1",
                                 client));
  for (int i = 0; i < d.rows(); ++i) {
    r->contact_days[{static_cast<DayNumber>(d.Int(i, 0)), d.Text(i, 1)}] = {d.Int(i, 2),
                                                                            d.Int(i, 3)};
  }
  PP_ASSIGN_OR_RETURN(Res pc, c.Q("SELECT code, contact_id, orders FROM product_customers "
                                  "WHERE client_id = $1",
                                  client));
  for (int i = 0; i < pc.rows(); ++i) {
    r->product_customers[{pc.Text(i, 0), pc.Text(i, 1)}] = pc.Int(i, 2);
  }
  return Status::Ok();
}

}  // namespace

Result<std::optional<CustomerAggregate>> PgTx::GetCustomerView(const std::string& client,
                                                               const std::string& contact) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_ASSIGN_OR_RETURN(Res r, c_.Q(std::string("SELECT ") + kCustomerViewCols +
                                      " FROM customer_metrics WHERE client_id = $1 AND "
                                      "contact_id = $2",
                                  client, contact));
  if (r.rows() == 0) return std::optional<CustomerAggregate>();
  return std::optional<CustomerAggregate>(CustomerFromViewRow(r, 0));
}

Status PgTx::PutCustomerView(const std::string& client, const CustomerAggregate& row,
                             const CustomerAggregate* before) {
  PP_RETURN_IF_ERROR(ViewLock());
  // The search index is part of the row (GIN over search_text): it cannot drift from it.
  const std::string search = CustomerSearchText(row);
  if (before == nullptr) {
    return c_
        .Q(std::string("INSERT INTO customer_metrics (client_id, ") + kCustomerViewCols +
               ", name_folded, search_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
               "$10, $11, $12, $13)",
           client, row.contact_id, row.email, row.name, row.company, row.order_count,
           row.total_spend, row.first_order, row.last_order, row.last_order_reference,
           row.last_updated, FoldedName(row), search)
        .status();
  }
  PP_ASSIGN_OR_RETURN(
      Res r, c_.Q("UPDATE customer_metrics SET email = $3, name = $4, company = $5, "
                  "order_count = $6, total_spend = $7, first_order = $8, last_order = $9, "
                  "last_order_reference = $10, last_updated = $11, name_folded = $12, "
                  "search_text = $13 WHERE client_id = $1 AND contact_id = $2",
                  client, row.contact_id, row.email, row.name, row.company, row.order_count,
                  row.total_spend, row.first_order, row.last_order, row.last_order_reference,
                  row.last_updated, FoldedName(row), search));
  if (r.Affected() != 1) {
    return Status::Internal("customer_metrics has no row for " + row.contact_id);
  }
  return Status::Ok();
}

Result<std::optional<ProductView>> PgTx::GetProductView(const std::string& client,
                                                        const std::string& code) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_ASSIGN_OR_RETURN(Res r, c_.Q(std::string("SELECT ") + kProductViewCols +
                                      " FROM product_totals WHERE client_id = $1 AND code = $2",
                                  client, code));
  if (r.rows() == 0) return std::optional<ProductView>();
  return std::optional<ProductView>(ProductFromRow(r, 0));
}

Status PgTx::PutProductView(const std::string& client, const ProductView& row) {
  PP_RETURN_IF_ERROR(ViewLock());
  const ProductAggregate& p = row.totals;
  return c_
      .Q(std::string("INSERT INTO product_totals (client_id, ") + kProductViewCols +
             ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT "
             "(client_id, code) DO UPDATE SET name = $3, name_at = $4, name_ref = $5, "
             "units = $6, revenue = $7, orders = $8, customers = $9, first_ordered = $10, "
             "last_ordered = $11",
         client, p.code, p.name, row.name_at, row.name_ref, p.units, p.revenue, p.orders,
         p.customers, p.first_ordered, p.last_ordered)
      .status();
}

Status PgTx::DeleteProductView(const std::string& client, const std::string& code) {
  PP_RETURN_IF_ERROR(ViewLock());
  return c_.Q("DELETE FROM product_totals WHERE client_id = $1 AND code = $2", client, code)
      .status();
}

Result<OrderDates> PgTx::CountedOrderDates(const std::string& client,
                                           const std::string& contact_id) {
  const std::string where =
      " FROM orders WHERE client_id = $1 AND contact_id = $2 AND " + CountedStatusFilter();
  OrderDates d;
  PP_ASSIGN_OR_RETURN(Res f, c_.Q("SELECT created_at" + where + " ORDER BY created_at LIMIT 1",
                                  client, contact_id));
  if (f.rows()) d.first = f.Int(0, 0);
  PP_ASSIGN_OR_RETURN(Res l, c_.Q("SELECT created_at, reference" + where +
                                      " ORDER BY created_at DESC, reference DESC LIMIT 1",
                                  client, contact_id));
  if (l.rows()) {
    d.last = l.Int(0, 0);
    d.last_reference = l.Text(0, 1);
  }
  return d;
}

Result<ProductDates> PgTx::CountedProductDates(const std::string& client, const std::string& code) {
  ProductDates d;
  PP_ASSIGN_OR_RETURN(Res r, c_.Q("SELECT MIN(created_at), MAX(created_at) FROM order_items "
                                  "WHERE client_id = $1 AND code = $2 AND counted",
                                  client, code));
  d.first = r.OptInt(0, 0);
  d.last = r.OptInt(0, 1);
  PP_ASSIGN_OR_RETURN(
      Res n, c_.Q("SELECT i.name, i.created_at, o.reference FROM order_items i JOIN orders o "
                  "ON o.client_id = i.client_id AND o.order_id = i.order_id WHERE "
                  "i.client_id = $1 AND i.code = $2 AND i.counted AND i.name <> '' "
                  "ORDER BY i.created_at DESC, o.reference DESC, i.line_no DESC LIMIT 1",
                  client, code));
  if (n.rows()) {
    d.name = n.Text(0, 0);
    d.name_at = n.Int(0, 1);
    d.name_ref = n.Text(0, 2);
  }
  return d;
}

Status PgTx::ClearViews(const std::string& client) {
  PP_RETURN_IF_ERROR(ViewLock());
  static constexpr std::array<const char*, 19> kDeletes = {
      "DELETE FROM customer_metrics WHERE client_id = $1",
      "DELETE FROM product_totals WHERE client_id = $1",
      "DELETE FROM product_customers WHERE client_id = $1",
      "DELETE FROM sales_daily WHERE client_id = $1",
      "DELETE FROM product_daily WHERE client_id = $1",
      "DELETE FROM contact_days WHERE client_id = $1",
      "DELETE FROM reorder_cadence WHERE client_id = $1",
      "DELETE FROM contact_order_days WHERE client_id = $1",
      "DELETE FROM day_customers WHERE client_id = $1",
      "DELETE FROM contact_spend_days WHERE client_id = $1",
      "DELETE FROM segment_moves WHERE client_id = $1",
      "DELETE FROM cohort_cells WHERE client_id = $1",
      "DELETE FROM account_metrics WHERE client_id = $1",
      "DELETE FROM account_members WHERE client_id = $1",
      "DELETE FROM contact_products WHERE client_id = $1",
      "DELETE FROM stats_cells WHERE client_id = $1",
      "DELETE FROM stats_totals WHERE client_id = $1",
      "DELETE FROM stats_buckets WHERE client_id = $1",
      "DELETE FROM stats_gaps WHERE client_id = $1",
  };
  for (const char* sql : kDeletes) PP_RETURN_IF_ERROR(c_.Q(sql, client).status());
  return Status::Ok();
}

Result<ClientViews> PgTx::ReadViews(const std::string& client) {
  PP_RETURN_IF_ERROR(ViewLock());
  ClientViews v;
  PP_ASSIGN_OR_RETURN(Res r, c_.Q(std::string("SELECT ") + kCustomerViewCols +
                                      ", search_text FROM customer_metrics WHERE client_id = $1 "
                                      "ORDER BY contact_id",
                                  client));
  for (int i = 0; i < r.rows(); ++i) {
    v.customers.push_back(CustomerFromViewRow(r, i));
    v.search_texts.push_back(r.Text(i, 10));
    v.indexed_texts.push_back(r.Text(i, 10));  // the index is built over this column
  }
  v.search_rows = r.rows();
  PP_ASSIGN_OR_RETURN(Res p, c_.Q(std::string("SELECT ") + kProductViewCols +
                                      " FROM product_totals WHERE client_id = $1 ORDER BY code",
                                  client));
  for (int i = 0; i < p.rows(); ++i) v.products.push_back(ProductFromRow(p, i));
  PP_RETURN_IF_ERROR(ReadRollUps(c_, client, &v.rollups));
  PP_RETURN_IF_ERROR(ReadReorderViews(c_, client, &v.reorders));
  PP_RETURN_IF_ERROR(ReadContactDaySets(c_, client, &v.day_sets));
  PP_RETURN_IF_ERROR(ReadDayCustomerRows(c_, client, std::numeric_limits<DayNumber>::min(),
                                         std::numeric_limits<DayNumber>::max(),
                                         &v.day_customers));
  PP_RETURN_IF_ERROR(ReadSegmentViews(c_, client, &v));
  PP_RETURN_IF_ERROR(ReadAccountViews(c_, client, &v));
  PP_RETURN_IF_ERROR(ReadAllContactProducts(client, &v.contact_products));
  PP_RETURN_IF_ERROR(ReadAllStats(client, &v.stats));
  return v;
}

}  // namespace packprod::store::postgres
