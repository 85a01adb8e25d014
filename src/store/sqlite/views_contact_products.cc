// ViewTx's contact_products rows (domain/usual_basket.h) and the recomputation of a row's
// first/latest order and name source from the contact's orders.
#include <map>

#include "store/sqlite/view_queries.h"
#include "store/sqlite/views.h"

namespace packprod::store::sqlite {
namespace {

constexpr const char* kColumns =
    "contact_id, code, name, name_at, name_ref, units, revenue, orders, first_at, first_ref, "
    "last_at, last_ref, last_quantity, last_unit_price, median_quantity, cadence_days, "
    "quantities, days";

// kColumns without the two multisets: what a read of the figures needs.
constexpr const char* kFigureColumns =
    "contact_id, code, name, name_at, name_ref, units, revenue, orders, first_at, first_ref, "
    "last_at, last_ref, last_quantity, last_unit_price, median_quantity, cadence_days";

Result<ContactProduct> FromRow(const Stmt& s, bool sets) {
  ContactProduct p;
  p.contact_id = s.Text(0);
  p.code = s.Text(1);
  p.name = s.OptText(2);
  p.name_at = s.OptInt(3);
  p.name_ref = s.OptText(4);
  p.units = s.Int(5);
  p.revenue = s.Int(6);
  p.orders = s.Int(7);
  p.first_at = s.Int(8);
  p.first_ref = s.Text(9);
  p.last_at = s.Int(10);
  p.last_ref = s.Text(11);
  p.last_quantity = s.Int(12);
  p.last_unit_price = s.Int(13);
  p.median_quantity = s.Int(14);
  p.cadence_days = s.OptInt(15);
  if (!sets) return p;
  PP_ASSIGN_OR_RETURN(p.quantities, QuantityMultiset::Decode(s.Blob(16)));
  PP_ASSIGN_OR_RETURN(p.days, DayMultiset::Decode(s.Blob(17)));
  return p;
}

Result<std::vector<ContactProduct>> Rows(Stmt& s, bool sets = true) {
  std::vector<ContactProduct> out;
  Status st;
  while (st.ok() && s.Step()) {
    auto row = FromRow(s, sets);
    if (row.ok()) {
      out.push_back(std::move(*row));
    } else {
      st = row.status();
    }
  }
  if (st.ok()) st = s.error();
  s.Reset();
  PP_RETURN_IF_ERROR(st);
  return out;
}

}  // namespace

Result<std::optional<ContactProduct>> ViewTx::GetContactProduct(const std::string& client,
                                                                const std::string& contact_id,
                                                                const std::string& code) {
  Stmt& s = vdb_.Prepare(std::string("SELECT ") + kColumns +
                         " FROM contact_products WHERE client_id = ? AND contact_id = ? AND "
                         "code = ?");
  s.Bind(1, client).Bind(2, contact_id).Bind(3, code);
  PP_ASSIGN_OR_RETURN(auto rows, Rows(s));
  if (rows.empty()) return std::optional<ContactProduct>();
  return std::optional<ContactProduct>(std::move(rows.front()));
}

Status ViewTx::PutContactProduct(const std::string& client, const ContactProduct& p) {
  Stmt& s = vdb_.Prepare(std::string("INSERT OR REPLACE INTO contact_products (client_id, ") +
                         kColumns +
                         ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.Bind(1, client).Bind(2, p.contact_id).Bind(3, p.code).Bind(4, p.name).Bind(5, p.name_at);
  s.Bind(6, p.name_ref).Bind(7, p.units).Bind(8, p.revenue).Bind(9, p.orders);
  s.Bind(10, p.first_at).Bind(11, p.first_ref).Bind(12, p.last_at).Bind(13, p.last_ref);
  s.Bind(14, p.last_quantity).Bind(15, p.last_unit_price).Bind(16, p.median_quantity);
  s.Bind(17, p.cadence_days).BindBlob(18, p.quantities.Encode()).BindBlob(19, p.days.Encode());
  return s.Run();
}

Status ViewTx::DeleteContactProduct(const std::string& client, const std::string& contact_id,
                                    const std::string& code) {
  Stmt& s = vdb_.Prepare(
      "DELETE FROM contact_products WHERE client_id = ? AND contact_id = ? AND code = ?");
  s.Bind(1, client).Bind(2, contact_id).Bind(3, code);
  return s.Run();
}

Result<std::vector<ContactProduct>> ViewTx::ListContactProducts(const std::string& client,
                                                                const std::string& contact_id) {
  Stmt& s = vdb_.Prepare(std::string("SELECT ") + kFigureColumns +
                         " FROM contact_products WHERE client_id = ? AND contact_id = ? "
                         "ORDER BY code");
  s.Bind(1, client).Bind(2, contact_id);
  return Rows(s, false);
}

Result<std::vector<ProductInOrder>> ViewTx::ContactProductOrders(const std::string& client,
                                                                const std::string& contact_id,
                                                                const std::string& code) {
  // The contact's orders through orders_by_contact, then their lines of the code.
  Stmt& s = vdb_.Prepare(
      "SELECT o.order_id, o.created_at, o.reference, i.quantity, i.revenue, i.name "
      "FROM orders o INDEXED BY orders_by_contact CROSS JOIN order_items i "
      "ON i.client_id = o.client_id AND i.order_id = o.order_id "
      "WHERE o.client_id = ? AND o.contact_id = ? AND i.code = ? AND i.counted = 1 "
      "ORDER BY o.order_id, i.line_no");
  s.Bind(1, client).Bind(2, contact_id).Bind(3, code);
  std::map<std::string, ProductInOrder> by_order;
  while (s.Step()) {
    ProductInOrder& p = by_order[s.Text(0)];
    p.created_at = s.Int(1);
    p.reference = s.Text(2);
    p.quantity += s.Int(3);
    p.revenue += s.Int(4);
    std::optional<std::string> name = s.OptText(5);
    if (name && !name->empty()) p.name = std::move(name);
  }
  Status st = s.error();
  s.Reset();
  PP_RETURN_IF_ERROR(st);
  std::vector<ProductInOrder> out;
  out.reserve(by_order.size());
  for (auto& [id, p] : by_order) out.push_back(std::move(p));
  return out;
}

Status ReadAllContactProducts(Db& db, const std::string& client,
                              std::vector<ContactProduct>* out) {
  Stmt& s = db.Prepare(std::string("SELECT ") + kColumns +
                       " FROM contact_products WHERE client_id = ? ORDER BY contact_id, code");
  s.Bind(1, client);
  PP_ASSIGN_OR_RETURN(*out, Rows(s));
  return Status::Ok();
}

}  // namespace packprod::store::sqlite
