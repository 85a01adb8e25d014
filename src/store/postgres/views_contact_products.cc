// PgTx's contact_products rows (domain/usual_basket.h) and the recomputation of a row's
// first/latest order and name source from the contact's orders.
#include <map>

#include "store/postgres/tx.h"
#include "store/postgres/view_queries.h"

namespace packprod::store::postgres {
namespace {

constexpr const char* kColumns =
    "contact_id, code, name, name_at, name_ref, units, revenue, orders, first_at, first_ref, "
    "last_at, last_ref, last_quantity, last_unit_price, median_quantity, cadence_days, "
    "encode(quantities, 'hex'), encode(days, 'hex')";

// kColumns without the two multisets: what a read of the figures needs.
constexpr const char* kFigureColumns =
    "contact_id, code, name, name_at, name_ref, units, revenue, orders, first_at, first_ref, "
    "last_at, last_ref, last_quantity, last_unit_price, median_quantity, cadence_days";

Result<std::vector<ContactProduct>> Rows(const Res& r, bool sets = true) {
  std::vector<ContactProduct> out;
  out.reserve(r.rows());
  for (int i = 0; i < r.rows(); ++i) {
    ContactProduct p;
    p.contact_id = r.Text(i, 0);
    p.code = r.Text(i, 1);
    p.name = r.OptText(i, 2);
    p.name_at = r.OptInt(i, 3);
    p.name_ref = r.OptText(i, 4);
    p.units = r.Int(i, 5);
    p.revenue = r.Int(i, 6);
    p.orders = r.Int(i, 7);
    p.first_at = r.Int(i, 8);
    p.first_ref = r.Text(i, 9);
    p.last_at = r.Int(i, 10);
    p.last_ref = r.Text(i, 11);
    p.last_quantity = r.Int(i, 12);
    p.last_unit_price = r.Int(i, 13);
    p.median_quantity = r.Int(i, 14);
    p.cadence_days = r.OptInt(i, 15);
    if (!sets) {
      out.push_back(std::move(p));
      continue;
    }
    PP_ASSIGN_OR_RETURN(std::string q, FromHex(r.Text(i, 16)));
    PP_ASSIGN_OR_RETURN(p.quantities, QuantityMultiset::Decode(q));
    PP_ASSIGN_OR_RETURN(std::string d, FromHex(r.Text(i, 17)));
    PP_ASSIGN_OR_RETURN(p.days, DayMultiset::Decode(d));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

Result<std::optional<ContactProduct>> PgTx::GetContactProduct(const std::string& client,
                                                              const std::string& contact_id,
                                                              const std::string& code) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_ASSIGN_OR_RETURN(Res r, c_.Q(std::string("SELECT ") + kColumns +
                                      " FROM contact_products WHERE client_id = $1 AND "
                                      "contact_id = $2 AND code = $3",
                                  client, contact_id, code));
  PP_ASSIGN_OR_RETURN(auto rows, Rows(r));
  if (rows.empty()) return std::optional<ContactProduct>();
  return std::optional<ContactProduct>(std::move(rows.front()));
}

Status PgTx::PutContactProduct(const std::string& client, const ContactProduct& p) {
  PP_RETURN_IF_ERROR(ViewLock());
  return c_
      .Q("INSERT INTO contact_products (client_id, contact_id, code, name, name_at, name_ref, "
         "units, revenue, orders, first_at, first_ref, last_at, last_ref, last_quantity, "
         "last_unit_price, median_quantity, cadence_days, quantities, days) VALUES ($1, $2, "
         "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
         "decode($18, 'hex'), decode($19, 'hex')) "
         "ON CONFLICT (client_id, contact_id, code) DO UPDATE SET name = EXCLUDED.name, "
         "name_at = EXCLUDED.name_at, name_ref = EXCLUDED.name_ref, units = EXCLUDED.units, "
         "revenue = EXCLUDED.revenue, orders = EXCLUDED.orders, first_at = EXCLUDED.first_at, "
         "first_ref = EXCLUDED.first_ref, last_at = EXCLUDED.last_at, "
         "last_ref = EXCLUDED.last_ref, last_quantity = EXCLUDED.last_quantity, "
         "last_unit_price = EXCLUDED.last_unit_price, "
         "median_quantity = EXCLUDED.median_quantity, cadence_days = EXCLUDED.cadence_days, "
         "quantities = EXCLUDED.quantities, days = EXCLUDED.days",
         client, p.contact_id, p.code, p.name, p.name_at, p.name_ref, p.units, p.revenue,
         p.orders, p.first_at, p.first_ref, p.last_at, p.last_ref, p.last_quantity,
         p.last_unit_price, p.median_quantity, p.cadence_days, ToHex(p.quantities.Encode()),
         ToHex(p.days.Encode()))
      .status();
}

Status PgTx::DeleteContactProduct(const std::string& client, const std::string& contact_id,
                                  const std::string& code) {
  PP_RETURN_IF_ERROR(ViewLock());
  return c_
      .Q("DELETE FROM contact_products WHERE client_id = $1 AND contact_id = $2 AND code = $3",
         client, contact_id, code)
      .status();
}

Result<std::vector<ContactProduct>> PgTx::ListContactProducts(const std::string& client,
                                                              const std::string& contact_id) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_ASSIGN_OR_RETURN(Res r, c_.Q(std::string("SELECT ") + kFigureColumns +
                                      " FROM contact_products WHERE client_id = $1 AND "
                                      "contact_id = $2 ORDER BY code",
                                  client, contact_id));
  return Rows(r, false);
}

Result<std::vector<ProductInOrder>> PgTx::ContactProductOrders(const std::string& client,
                                                              const std::string& contact_id,
                                                              const std::string& code) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_ASSIGN_OR_RETURN(
      Res r, c_.Q("SELECT o.order_id, o.created_at, o.reference, i.quantity, i.revenue, i.name "
                  "FROM orders o JOIN order_items i "
                  "ON i.client_id = o.client_id AND i.order_id = o.order_id "
                  "WHERE o.client_id = $1 AND o.contact_id = $2 AND i.code = $3 AND i.counted "
                  "ORDER BY o.order_id, i.line_no",
                  client, contact_id, code));
  std::map<std::string, ProductInOrder> by_order;
  for (int i = 0; i < r.rows(); ++i) {
    ProductInOrder& p = by_order[r.Text(i, 0)];
    p.created_at = r.Int(i, 1);
    p.reference = r.Text(i, 2);
    p.quantity += r.Int(i, 3);
    p.revenue += r.Int(i, 4);
    std::optional<std::string> name = r.OptText(i, 5);
    if (name && !name->empty()) p.name = std::move(name);
  }
  std::vector<ProductInOrder> out;
  out.reserve(by_order.size());
  for (auto& [id, p] : by_order) out.push_back(std::move(p));
  return out;
}

Status ReadAllContactProducts(Conn& c, const std::string& client,
                              std::vector<ContactProduct>* out) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q(std::string("SELECT ") + kColumns +
                                     " FROM contact_products WHERE client_id = $1 "
                                     "ORDER BY contact_id, code",
                                 client));
  PP_ASSIGN_OR_RETURN(*out, Rows(r));
  return Status::Ok();
}

}  // namespace packprod::store::postgres
