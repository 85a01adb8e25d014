// ViewTx: recomputations from the orders, whole-client reads and clears, and
// change-log pruning.
#include <array>
#include <limits>

#include "store/sqlite/view_queries.h"
#include "store/sqlite/views.h"

namespace packprod::store::sqlite {
namespace {

// The statement's outcome, after resetting it for its next use.
Status Finish(Stmt& s) {
  Status st = s.error();
  s.Reset();
  return st;
}

std::optional<Millis> OneTime(Db& db, const std::string& sql, const std::string& client,
                              const std::string& key, Status* st) {
  Stmt& s = db.Prepare(sql);
  s.Bind(1, client).Bind(2, key);
  std::optional<Millis> t;
  if (s.Step()) t = s.Int(0);
  *st = s.error();
  s.Reset();
  return t;
}

Status ReadRollUps(Db& db, const std::string& client, RollUps* r) {
  Stmt& s = db.Prepare("SELECT day, orders, revenue, units FROM sales_daily WHERE client_id = ?");
  s.Bind(1, client);
  while (s.Step()) r->sales[static_cast<DayNumber>(s.Int(0))] = {s.Int(1), s.Int(2), s.Int(3)};
  PP_RETURN_IF_ERROR(Finish(s));
  Stmt& p =
      db.Prepare("SELECT day, code, orders, revenue, units FROM product_daily WHERE client_id = ?");
  p.Bind(1, client);
  while (p.Step()) {
    r->product_days[{static_cast<DayNumber>(p.Int(0)), p.Text(1)}] = {p.Int(2), p.Int(3), p.Int(4)};
  }
  PP_RETURN_IF_ERROR(Finish(p));
  Stmt& c =
      db.Prepare("SELECT day, contact_id, orders, revenue FROM contact_days WHERE client_id = ?");
  c.Bind(1, client);
  while (c.Step()) {
    r->contact_days[{static_cast<DayNumber>(c.Int(0)), c.Text(1)}] = {c.Int(2), c.Int(3)};
  }
  PP_RETURN_IF_ERROR(Finish(c));
  Stmt& pc =
      db.Prepare("SELECT code, contact_id, orders FROM product_customers WHERE client_id = ?");
  pc.Bind(1, client);
  while (pc.Step()) r->product_customers[{pc.Text(0), pc.Text(1)}] = pc.Int(2);
  return Finish(pc);
}

Status ReadCustomers(Db& db, const std::string& client, ClientViews* v) {
  Stmt& s = db.Prepare(
      "SELECT m.contact_id, m.email, m.name, m.company, m.order_count, m.total_spend, "
      "m.first_order, m.last_order, m.last_order_reference, m.last_updated, m.search_text, "
      "s.search_text FROM customer_metrics m LEFT JOIN customer_search s "
      "ON s.rowid = m.search_rowid WHERE m.client_id = ? ORDER BY m.contact_id");
  s.Bind(1, client);
  while (s.Step()) {
    v->customers.push_back(CustomerFromViewRow(s));
    v->search_texts.push_back(s.Text(10));
    v->indexed_texts.push_back(s.OptText(11));
  }
  PP_RETURN_IF_ERROR(Finish(s));
  Stmt& n = db.Prepare("SELECT COUNT(*) FROM customer_search WHERE client_id = ?");
  n.Bind(1, client);
  if (n.Step()) v->search_rows = n.Int(0);
  return Finish(n);
}

Status ReadProducts(Db& db, const std::string& client, ClientViews* v) {
  Stmt& s = db.Prepare(
      "SELECT code, name, name_at, name_ref, units, revenue, orders, customers, first_ordered, "
      "last_ordered FROM product_totals WHERE client_id = ? ORDER BY code");
  s.Bind(1, client);
  while (s.Step()) {
    ProductView p;
    p.totals.code = s.Text(0);
    p.totals.name = s.OptText(1);
    p.name_at = s.OptInt(2);
    p.name_ref = s.OptText(3);
    p.totals.units = s.Int(4);
    p.totals.revenue = s.Int(5);
    p.totals.orders = s.Int(6);
    p.totals.customers = s.Int(7);
    p.totals.first_ordered = s.OptInt(8);
    p.totals.last_ordered = s.OptInt(9);
    v->products.push_back(std::move(p));
  }
  return Finish(s);
}

}  // namespace

Result<OrderDates> ViewTx::CountedOrderDates(const std::string& client,
                                             const std::string& contact_id) {
  const std::string where =
      " FROM orders WHERE client_id = ?1 AND contact_id = ?2 AND " + CountedStatusFilter();
  OrderDates d;
  Status st;
  d.first = OneTime(vdb_, "SELECT created_at" + where + " ORDER BY created_at LIMIT 1", client,
                    contact_id, &st);
  PP_RETURN_IF_ERROR(st);
  Stmt& s = vdb_.Prepare("SELECT created_at, reference" + where +
                         " ORDER BY created_at DESC, reference DESC LIMIT 1");
  s.Bind(1, client).Bind(2, contact_id);
  if (s.Step()) {
    d.last = s.Int(0);
    d.last_reference = s.Text(1);
  }
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return d;
}

Result<ProductDates> ViewTx::CountedProductDates(const std::string& client,
                                                 const std::string& code) {
  const std::string where = " FROM order_items WHERE client_id = ?1 AND code = ?2 AND counted = 1";
  ProductDates d;
  Status st;
  d.first = OneTime(vdb_, "SELECT created_at" + where + " ORDER BY created_at LIMIT 1", client,
                    code, &st);
  PP_RETURN_IF_ERROR(st);
  d.last = OneTime(vdb_, "SELECT created_at" + where + " ORDER BY created_at DESC LIMIT 1", client,
                   code, &st);
  PP_RETURN_IF_ERROR(st);
  Stmt& s = vdb_.Prepare(
      "SELECT i.name, i.created_at, o.reference FROM order_items i JOIN orders o "
      "ON o.client_id = i.client_id AND o.order_id = i.order_id WHERE i.client_id = ?1 AND "
      "i.code = ?2 AND i.counted = 1 AND i.name <> '' "
      "ORDER BY i.created_at DESC, o.reference DESC, i.line_no DESC LIMIT 1");
  s.Bind(1, client).Bind(2, code);
  if (s.Step()) {
    d.name = s.Text(0);
    d.name_at = s.Int(1);
    d.name_ref = s.Text(2);
  }
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return d;
}

Status ViewTx::ClearViews(const std::string& client) {
  static constexpr std::array<const char*, 21> kDeletes = {
      "DELETE FROM customer_search WHERE rowid IN "
      "(SELECT search_rowid FROM customer_metrics WHERE client_id = ?)",
      "DELETE FROM customer_metrics WHERE client_id = ?",
      "DELETE FROM customer_counts WHERE client_id = ?",
      "DELETE FROM product_totals WHERE client_id = ?",
      "DELETE FROM product_customers WHERE client_id = ?",
      "DELETE FROM sales_daily WHERE client_id = ?",
      "DELETE FROM product_daily WHERE client_id = ?",
      "DELETE FROM contact_days WHERE client_id = ?",
      "DELETE FROM reorder_cadence WHERE client_id = ?",
      "DELETE FROM contact_order_days WHERE client_id = ?",
      "DELETE FROM day_customers WHERE client_id = ?",
      "DELETE FROM contact_spend_days WHERE client_id = ?",
      "DELETE FROM segment_moves WHERE client_id = ?",
      "DELETE FROM cohort_cells WHERE client_id = ?",
      "DELETE FROM account_metrics WHERE client_id = ?",
      "DELETE FROM account_members WHERE client_id = ?",
      "DELETE FROM contact_products WHERE client_id = ?",
      "DELETE FROM stats_cells WHERE client_id = ?",
      "DELETE FROM stats_totals WHERE client_id = ?",
      "DELETE FROM stats_buckets WHERE client_id = ?",
      "DELETE FROM stats_gaps WHERE client_id = ?",
  };
  for (const char* sql : kDeletes) {
    Stmt& s = vdb_.Prepare(sql);
    s.Bind(1, client);
    PP_RETURN_IF_ERROR(s.Run());
  }
  return Status::Ok();
}

Result<ClientViews> ViewTx::ReadViews(const std::string& client) {
  ClientViews v;
  PP_RETURN_IF_ERROR(ReadCustomers(vdb_, client, &v));
  PP_RETURN_IF_ERROR(ReadProducts(vdb_, client, &v));
  PP_RETURN_IF_ERROR(ReadRollUps(vdb_, client, &v.rollups));
  PP_RETURN_IF_ERROR(ReadReorderViews(vdb_, client, &v.reorders));
  PP_RETURN_IF_ERROR(ReadContactDaySets(vdb_, client, &v.day_sets));
  PP_RETURN_IF_ERROR(ReadDayCustomerRows(vdb_, client, std::numeric_limits<DayNumber>::min(),
                                         std::numeric_limits<DayNumber>::max(),
                                         &v.day_customers));
  PP_RETURN_IF_ERROR(ReadSegmentViews(vdb_, client, &v));
  PP_RETURN_IF_ERROR(ReadAccountViews(vdb_, client, &v));
  PP_RETURN_IF_ERROR(ReadAllContactProducts(client, &v.contact_products));
  PP_RETURN_IF_ERROR(ReadAllStats(client, &v.stats));
  return v;
}

Result<int> ViewTx::PruneChanges(std::int64_t up_to, Millis before, int limit) {
  Stmt& s =
      vdb_.Prepare("SELECT seq, committed_at FROM change_log WHERE seq <= ? ORDER BY seq LIMIT ?");
  s.Bind(1, up_to).Bind(2, std::int64_t{limit});
  std::int64_t last = -1;
  int n = 0;
  while (s.Step() && s.Int(1) < before) {
    last = s.Int(0);
    ++n;
  }
  Status st = s.error();
  s.Reset();
  PP_RETURN_IF_ERROR(st);
  if (n == 0) return 0;
  Stmt& d = vdb_.Prepare("DELETE FROM change_log WHERE seq <= ?");
  d.Bind(1, last);
  PP_RETURN_IF_ERROR(d.Run());
  return n;
}

}  // namespace packprod::store::sqlite
