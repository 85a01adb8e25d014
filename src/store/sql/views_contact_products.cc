// SqlTx' contact_products rows (domain/usual_basket.h) and the contact's orders of
// one product they are recomputed from.
#include <limits>
#include <map>

#include "store/sql/view_queries.h"
#include "store/sql/sql_tx.h"

namespace packprod::store::sql {
namespace {

constexpr const char* kFigureColumns =
    "contact_id, code, name, name_at, name_ref, units, revenue, orders, first_at, first_ref, "
    "last_at, last_ref, last_quantity, last_unit_price, median_quantity, cadence_days";
// kFigureColumns and the two multisets.
constexpr const char* kColumns =
    "contact_id, code, name, name_at, name_ref, units, revenue, orders, first_at, first_ref, "
    "last_at, last_ref, last_quantity, last_unit_price, median_quantity, cadence_days, "
    "quantities, days";

ContactProduct Figures(const Row& r) {
  ContactProduct p;
  p.contact_id = r.Text(0);
  p.code = r.Text(1);
  p.name = r.OptText(2);
  p.name_at = r.OptInt(3);
  p.name_ref = r.OptText(4);
  p.units = r.Int(5);
  p.revenue = r.Int(6);
  p.orders = r.Int(7);
  p.first_at = r.Int(8);
  p.first_ref = r.Text(9);
  p.last_at = r.Int(10);
  p.last_ref = r.Text(11);
  p.last_quantity = r.Int(12);
  p.last_unit_price = r.Int(13);
  p.median_quantity = r.Int(14);
  p.cadence_days = r.OptInt(15);
  return p;
}

Result<ContactProduct> WithSets(const Row& r) {
  ContactProduct p = Figures(r);
  PP_ASSIGN_OR_RETURN(p.quantities, QuantityMultiset::Decode(r.Bytes(16)));
  PP_ASSIGN_OR_RETURN(p.days, DayMultiset::Decode(r.Bytes(17)));
  return p;
}

}  // namespace

Result<std::optional<ContactProduct>> SqlTx::GetContactProduct(const std::string& client,
                                                                    const std::string& contact_id,
                                                                    const std::string& code) {
  PP_RETURN_IF_ERROR(BeforeViews());
  if (auto* hit = Cached(&ViewCache::contact_products, client, std::pair(contact_id, code))) {
    return *hit;
  }
  PP_ASSIGN_OR_RETURN(auto rows, sql().QueryAll<ContactProduct>(
                                     std::string("SELECT ") + kColumns +
                                         " FROM contact_products WHERE client_id = ? AND "
                                         "contact_id = ? AND code = ?",
                                     {client, contact_id, code}, WithSets));
  if (rows.empty()) return std::optional<ContactProduct>();
  return std::optional<ContactProduct>(std::move(rows.front()));
}

Status SqlTx::PutContactProduct(const std::string& client, const ContactProduct& p) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Forget(&ViewCache::contact_products, client, std::pair(p.contact_id, p.code));
  static const std::string kSql = UpsertSql(
      "contact_products", {"client_id", "contact_id", "code"},
      {"name", "name_at", "name_ref", "units", "revenue", "orders", "first_at", "first_ref",
       "last_at", "last_ref", "last_quantity", "last_unit_price", "median_quantity",
       "cadence_days", "quantities", "days"});
  return sql().Send(kSql, {client, p.contact_id, p.code, p.name, p.name_at, p.name_ref, p.units,
                          p.revenue, p.orders, p.first_at, p.first_ref, p.last_at, p.last_ref,
                          p.last_quantity, p.last_unit_price, p.median_quantity, p.cadence_days,
                          Bytes{p.quantities.Encode()}, Bytes{p.days.Encode()}});
}

Status SqlTx::DeleteContactProduct(const std::string& client, const std::string& contact_id,
                                        const std::string& code) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Forget(&ViewCache::contact_products, client, std::pair(contact_id, code));
  return sql().Send(
      "DELETE FROM contact_products WHERE client_id = ? AND contact_id = ? AND code = ?",
      {client, contact_id, code});
}

Result<std::vector<ContactProduct>> SqlTx::ListContactProducts(
    const std::string& client, const std::string& contact_id) {
  PP_RETURN_IF_ERROR(BeforeViews());
  return sql().QueryAll<ContactProduct>(
      std::string("SELECT ") + kFigureColumns +
          " FROM contact_products WHERE client_id = ? AND contact_id = ? ORDER BY code",
      {client, contact_id}, [](const Row& r) -> Result<ContactProduct> { return Figures(r); });
}

Result<std::vector<ProductAggregate>> QueryTopContactProducts(Session& s,
                                                              const std::string& client,
                                                              const std::string& contact_id,
                                                              int limit) {
  return s.QueryAll<ProductAggregate>(
      std::string(kGenericPlan) +
          "SELECT code, units, revenue FROM contact_products WHERE client_id = ? AND "
          "contact_id = ? ORDER BY revenue DESC, code LIMIT ?",
      {client, contact_id, std::int64_t{limit}}, [](const Row& r) -> Result<ProductAggregate> {
        ProductAggregate p;
        p.code = r.Text(0);
        p.units = r.Int(1);
        p.revenue = r.Int(2);
        return p;
      });
}

Result<std::vector<ProductInOrder>> SqlTx::ContactProductOrders(
    const std::string& client, const std::string& contact_id, const std::string& code) {
  PP_RETURN_IF_ERROR(BeforeViews());
  // The contact's orders through orders_by_contact, then their lines of the code.
  Session& s = store_sql();
  std::map<std::string, ProductInOrder> by_order;
  PP_RETURN_IF_ERROR(s.Query(
      "SELECT o.order_id, o.created_at, o.reference, i.quantity, i.revenue, i.name "
      "FROM orders o" + s.IndexedBy("orders_by_contact") + " CROSS JOIN order_items i "
      "WHERE i.client_id = o.client_id AND i.order_id = o.order_id AND o.client_id = ? AND "
      "o.contact_id = ? AND i.code = ? AND i.counted = TRUE ORDER BY o.order_id, i.line_no",
      {client, contact_id, code}, [&](const Row& r) {
        ProductInOrder& p = by_order[r.Text(0)];
        p.created_at = r.Int(1);
        p.reference = r.Text(2);
        p.quantity += r.Int(3);
        p.revenue += r.Int(4);
        std::optional<std::string> name = r.OptText(5);
        if (name && !name->empty()) p.name = std::move(name);
        return Status::Ok();
      }));
  std::vector<ProductInOrder> out;
  out.reserve(by_order.size());
  for (auto& [id, p] : by_order) out.push_back(std::move(p));
  return out;
}

Status SqlTx::ReadSqlTx(const std::string& client, ClientViews* v) {
  Session& s = sql();
  PP_RETURN_IF_ERROR(ReadReorderViews(s, client, &v->reorders));
  PP_RETURN_IF_ERROR(ReadReorderDayCounts(s, client, &v->reorder_days));
  PP_RETURN_IF_ERROR(ReadDayCustomerRows(s, client, std::numeric_limits<DayNumber>::min(),
                                         std::numeric_limits<DayNumber>::max(),
                                         &v->day_customers));
  PP_RETURN_IF_ERROR(ReadSegmentViews(s, client, v));
  PP_RETURN_IF_ERROR(ReadAccountViews(s, client, v));
  PP_ASSIGN_OR_RETURN(v->contact_products,
                      s.QueryAll<ContactProduct>(std::string("SELECT ") + kColumns +
                                                     " FROM contact_products WHERE client_id = "
                                                     "? ORDER BY contact_id, code",
                                                 {client}, WithSets));
  PP_RETURN_IF_ERROR(ReadAllProductDayCustomers(client, &v->product_day_customers));
  PP_RETURN_IF_ERROR(ReadAllProductDayCustomers(client, &v->product_block_customers, true));
  PP_RETURN_IF_ERROR(ReadAllStats(client, &v->stats));
  PP_RETURN_IF_ERROR(ReadSegmentDayRows(s, client, &v->segment_days));
  PP_RETURN_IF_ERROR(ReadProductBlocks(s, client, &v->product_blocks));
  return ReadAllProductCohorts(client, v);
}

Status SqlTx::PrefetchContactProducts(
    const std::string& client, const std::vector<std::pair<std::string, std::string>>& keys) {
  // Called by PrefetchViews, only where batch reads pay (Session::BatchReadsPay: on
  // SQLite this statement would walk every row of the client).
  Session& s = sql();
  auto& cache = cache_[client].contact_products;
  std::vector<const std::pair<std::string, std::string>*> wanted;
  for (const auto& key : keys) {
    if (cache.try_emplace(key).second) wanted.push_back(&key);
  }
  for (std::size_t done = 0; done < wanted.size();) {
    std::size_t n = s.MaxRowsPerStatement();
    while (n > wanted.size() - done) n /= 2;
    std::string text = std::string("SELECT ") + kColumns +
                       " FROM contact_products WHERE client_id = ? AND (contact_id, code) IN "
                       "(VALUES (?, ?)";
    for (std::size_t i = 1; i < n; ++i) text += ", (?, ?)";
    text += ")";
    Args args = {client};
    args.reserve(1 + 2 * n);
    for (std::size_t i = done; i < done + n; ++i) {
      args.emplace_back(wanted[i]->first);
      args.emplace_back(wanted[i]->second);
    }
    PP_RETURN_IF_ERROR(s.Query(text, args, [&](const Row& r) -> Status {
      PP_ASSIGN_OR_RETURN(ContactProduct p, WithSets(r));
      std::pair<std::string, std::string> key(p.contact_id, p.code);
      cache[std::move(key)] = std::move(p);
      return Status::Ok();
    }));
    done += n;
  }
  return Status::Ok();
}

}  // namespace packprod::store::sql
