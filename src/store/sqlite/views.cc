// ViewTx: the checkpoint, the change log, customer_metrics with its search index,
// product_totals and product_customers.
#include "store/sqlite/views.h"

#include "domain/text.h"
#include "store/sqlite/tables.h"
#include "store/sqlite/view_queries.h"

namespace packprod::store::sqlite {
namespace {

// Binds the customer_metrics columns after client_id (?2..?12) in kCustomerViewCols order
// plus name_folded and search_text.
void BindCustomer(Stmt& s, const CustomerAggregate& c, const std::string& search) {
  s.Bind(2, c.contact_id).Bind(3, c.email).Bind(4, c.name).Bind(5, c.company);
  s.Bind(6, c.order_count).Bind(7, c.total_spend).Bind(8, c.first_order);
  s.Bind(9, c.last_order).Bind(10, c.last_order_reference).Bind(11, c.last_updated);
  s.Bind(12, FoldedName(c)).Bind(13, search);
}

Status InsertCustomer(Db& db, const std::string& client, const CustomerAggregate& c,
                      const std::string& search) {
  Stmt& fts = db.Prepare(
      "INSERT INTO customer_search (search_text, client_id, contact_id) VALUES (?, ?, ?)");
  fts.Bind(1, search).Bind(2, client).Bind(3, c.contact_id);
  PP_RETURN_IF_ERROR(fts.Run());
  Stmt& s = db.Prepare(std::string("INSERT INTO customer_metrics (client_id, ") + kCustomerViewCols +
                       ", name_folded, search_text, search_rowid) VALUES "
                       "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
  s.Bind(1, client);
  BindCustomer(s, c, search);
  s.Bind(14, db.LastInsertRowid());
  PP_RETURN_IF_ERROR(s.Run());
  Stmt& n = db.Prepare(
      "INSERT INTO customer_counts (client_id, customers) VALUES (?, 1) "
      "ON CONFLICT (client_id) DO UPDATE SET customers = customers + 1");
  n.Bind(1, client);
  return n.Run();
}

Status ReindexCustomer(Db& db, const std::string& client, const std::string& contact_id,
                       const std::string& search) {
  Stmt& s = db.Prepare(
      "UPDATE customer_search SET search_text = ?1 WHERE rowid = (SELECT search_rowid FROM "
      "customer_metrics WHERE client_id = ?2 AND contact_id = ?3)");
  s.Bind(1, search).Bind(2, client).Bind(3, contact_id);
  return s.Run();
}

ProductView ProductFromRow(const Stmt& s) {
  ProductView v;
  ProductAggregate& p = v.totals;
  p.code = s.Text(0);
  p.name = s.OptText(1);
  v.name_at = s.OptInt(2);
  v.name_ref = s.OptText(3);
  p.units = s.Int(4);
  p.revenue = s.Int(5);
  p.orders = s.Int(6);
  p.customers = s.Int(7);
  p.first_ordered = s.OptInt(8);
  p.last_ordered = s.OptInt(9);
  return v;
}

}  // namespace

Result<std::int64_t> ReadAppliedSeq(Db& db) {
  Stmt& s = db.Prepare("SELECT applied_seq FROM stream_state WHERE id = 1");
  std::int64_t seq = 0;
  if (s.Step()) seq = s.Int(0);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return seq;
}

Result<std::int64_t> ViewTx::AppliedSeq() { return ReadAppliedSeq(vdb_); }

Status ViewTx::SetAppliedSeq(std::int64_t seq, Millis at) {
  Stmt& s = vdb_.Prepare("UPDATE stream_state SET applied_seq = ?, updated_at = ? WHERE id = 1");
  s.Bind(1, seq).Bind(2, at);
  return s.Run();
}

Result<std::vector<ChangeRecord>> ViewTx::ReadChanges(std::int64_t after, int limit) {
  return ReadChangeLog(vdb_, after, limit);
}

Result<std::optional<ClientSettings>> ViewTx::GetClient(const std::string& client) {
  return ReadClient(vdb_, client);
}

Result<std::vector<ContactRecord>> ViewTx::ListContacts(const std::string& client) {
  return ReadContacts(vdb_, client);
}

Status ViewTx::ScanOrders(const std::string& client, const std::function<bool(Order&&)>& fn) {
  return ScanOrderDocs(vdb_, client, fn);
}

Result<std::optional<CustomerAggregate>> ViewTx::GetCustomerView(const std::string& client,
                                                                 const std::string& contact) {
  Stmt& s = vdb_.Prepare(std::string("SELECT ") + kCustomerViewCols +
                         " FROM customer_metrics WHERE client_id = ? AND contact_id = ?");
  s.Bind(1, client).Bind(2, contact);
  std::optional<CustomerAggregate> out;
  if (s.Step()) out = CustomerFromViewRow(s);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Status ViewTx::PutCustomerView(const std::string& client, const CustomerAggregate& row,
                               const CustomerAggregate* before) {
  const std::string search = CustomerSearchText(row);
  if (before == nullptr) return InsertCustomer(vdb_, client, row, search);
  const bool identity = CustomerSearchText(*before) != search || before->name != row.name ||
                        before->company != row.company || before->email != row.email;
  if (identity) PP_RETURN_IF_ERROR(ReindexCustomer(vdb_, client, row.contact_id, search));
  const bool dates = before->first_order != row.first_order ||
                     before->last_order != row.last_order ||
                     before->last_order_reference != row.last_order_reference;
  // Only the changed column groups: SQLite then leaves the other indexes alone.
  std::string sql =
      "UPDATE customer_metrics SET order_count = ?6, total_spend = ?7, "
      "last_updated = ?11";
  if (dates) sql += ", first_order = ?8, last_order = ?9, last_order_reference = ?10";
  if (identity) {
    sql += ", email = ?3, name = ?4, company = ?5, name_folded = ?12, search_text = ?13";
  }
  Stmt& s = vdb_.Prepare(sql + " WHERE client_id = ?1 AND contact_id = ?2");
  s.Bind(1, client).Bind(2, row.contact_id).Bind(6, row.order_count).Bind(7, row.total_spend);
  s.Bind(11, row.last_updated);
  if (dates) {
    s.Bind(8, row.first_order).Bind(9, row.last_order).Bind(10, row.last_order_reference);
  }
  if (identity) {
    s.Bind(3, row.email).Bind(4, row.name).Bind(5, row.company).Bind(12, FoldedName(row));
    s.Bind(13, search);
  }
  PP_RETURN_IF_ERROR(s.Run());
  if (vdb_.Changes() != 1) {
    return Status::Internal("customer_metrics has no row for " + row.contact_id);
  }
  return Status::Ok();
}

Result<std::optional<ProductView>> ViewTx::GetProductView(const std::string& client,
                                                          const std::string& code) {
  Stmt& s = vdb_.Prepare(std::string("SELECT ") + kProductViewCols +
                         " FROM product_totals WHERE client_id = ? AND code = ?");
  s.Bind(1, client).Bind(2, code);
  std::optional<ProductView> out;
  if (s.Step()) out = ProductFromRow(s);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Status ViewTx::PutProductView(const std::string& client, const ProductView& row) {
  Stmt& s = vdb_.Prepare(std::string("INSERT OR REPLACE INTO product_totals (client_id, ") +
                         kProductViewCols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const ProductAggregate& p = row.totals;
  s.Bind(1, client).Bind(2, p.code).Bind(3, p.name).Bind(4, row.name_at).Bind(5, row.name_ref);
  s.Bind(6, p.units).Bind(7, p.revenue).Bind(8, p.orders).Bind(9, p.customers);
  s.Bind(10, p.first_ordered).Bind(11, p.last_ordered);
  return s.Run();
}

Status ViewTx::DeleteProductView(const std::string& client, const std::string& code) {
  Stmt& s = vdb_.Prepare("DELETE FROM product_totals WHERE client_id = ? AND code = ?");
  s.Bind(1, client).Bind(2, code);
  return s.Run();
}

}  // namespace packprod::store::sqlite
