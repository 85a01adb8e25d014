#include "store/sqlite/order_counts.h"

#include <map>
#include <tuple>
#include <utility>

#include "store/sql/tables.h"
#include "store/sqlite/session.h"

namespace packprod::store::sqlite {

void CountOrder(const Order& o, std::int64_t delta, CountDeltas* d) {
  std::vector<std::string> codes;
  codes.reserve(o.items.size());
  for (const auto& it : o.items) codes.push_back(it.code);
  d->Add(o.created_at, o.status, std::move(codes), delta);
}

Status UncountStoredOrder(Db& db, const std::string& client, const std::string& order_id,
                          CountDeltas* d) {
  Stmt& e = db.Prepare("SELECT created_at, status FROM orders WHERE client_id = ? AND order_id = ?");
  e.Bind(1, client).Bind(2, order_id);
  const bool exists = e.Step();
  Millis created_at = 0;
  std::optional<OrderStatus> status;
  if (exists) {
    created_at = e.Int(0);
    status = ParseOrderStatus(e.Text(1));
  }
  PP_RETURN_IF_ERROR(e.error());
  e.Reset();
  if (!exists) return Status::Ok();
  if (!status) return Status::Internal("corrupt order status in the store");
  Stmt& s = db.Prepare("SELECT code FROM order_items WHERE client_id = ? AND order_id = ?");
  s.Bind(1, client).Bind(2, order_id);
  std::vector<std::string> codes;
  while (s.Step()) codes.push_back(s.Text(0));
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  d->Add(created_at, *status, std::move(codes), -1);
  return Status::Ok();
}

Status ApplyCountDeltas(Db& db, const std::string& client, const CountDeltas& d) {
  if (d.orders != 0) {
    Stmt& c = db.Prepare(
        "INSERT INTO order_counts (client_id, orders) VALUES (?1, ?2) "
        "ON CONFLICT (client_id) DO UPDATE SET orders = orders + ?2");
    c.Bind(1, client).Bind(2, d.orders);
    PP_RETURN_IF_ERROR(c.Run());
  }
  Stmt& p = db.Prepare(
      "INSERT INTO product_order_counts (client_id, code, orders) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (client_id, code) DO UPDATE SET orders = orders + ?3");
  for (const auto& [code, n] : d.products) {
    if (n == 0) continue;
    p.Bind(1, client).Bind(2, code).Bind(3, n);
    PP_RETURN_IF_ERROR(p.Run());
  }
  SqliteSession session(db);
  return sql::AddHourCounts(session, client, d);
}

Result<std::int64_t> ReadOrderCount(Db& db, const std::string& client) {
  Stmt& s = db.Prepare("SELECT orders FROM order_counts WHERE client_id = ?");
  s.Bind(1, client);
  std::int64_t n = 0;
  if (s.Step()) n = s.Int(0);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return n;
}

Result<std::int64_t> ReadProductOrderCount(Db& db, const std::string& client,
                                           const std::string& code) {
  Stmt& s = db.Prepare("SELECT orders FROM product_order_counts WHERE client_id = ? AND code = ?");
  s.Bind(1, client).Bind(2, code);
  std::int64_t n = 0;
  if (s.Step()) n = s.Int(0);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return n;
}

Status ScanOrderFactRows(Db& db, const std::string& client,
                         const std::function<void(const OrderFact&)>& fn) {
  Stmt& s = db.Prepare(
      "SELECT contact_id, created_at, status, total FROM orders INDEXED BY orders_by_contact "
      "WHERE client_id = ? ORDER BY client_id, contact_id");
  s.Bind(1, client);
  OrderFact f;
  while (s.Step()) {
    f.contact_id = s.Text(0);
    f.created_at = s.Int(1);
    auto status = ParseOrderStatus(s.Text(2));
    if (!status) {
      s.Reset();
      return Status::Internal("corrupt order status in the store");
    }
    f.status = *status;
    f.total = s.Int(3);
    fn(f);
  }
  Status st = s.error();
  s.Reset();
  return st;
}

Result<std::vector<ProductAggregate>> ReadContactProducts(Db& db, const std::string& client,
                                                          const std::string& contact_id) {
  // The contact's orders through orders_by_contact, then their lines through the items'
  // key (CROSS JOIN fixes that loop order: the planner would otherwise scan every item).
  Stmt& s = db.Prepare(
      "SELECT i.code, i.name, i.quantity, i.revenue, o.created_at, o.reference, i.line_no "
      "FROM orders o INDEXED BY orders_by_contact CROSS JOIN order_items i "
      "ON i.client_id = o.client_id AND i.order_id = o.order_id "
      "WHERE o.client_id = ? AND o.contact_id = ? AND i.counted = 1");
  s.Bind(1, client).Bind(2, contact_id);
  struct Named {
    Millis at = 0;
    std::string ref;
    std::int64_t line = 0;
    bool set = false;
  };
  std::map<std::string, std::pair<ProductAggregate, Named>> by_code;
  while (s.Step()) {
    auto [it, fresh] = by_code.try_emplace(s.Text(0));
    ProductAggregate& p = it->second.first;
    if (fresh) p.code = it->first;
    p.units += s.Int(2);
    p.revenue += s.Int(3);
    std::optional<std::string> name = s.OptText(1);
    Named& n = it->second.second;
    const Millis at = s.Int(4);
    std::string ref = s.Text(5);
    const std::int64_t line = s.Int(6);
    // Same rule as the catalogue: the latest (createdAt, orderReference) order naming it;
    // within one order the later line wins.
    if (name && !name->empty() &&
        (!n.set || std::tie(at, ref, line) >= std::tie(n.at, n.ref, n.line))) {
      p.name = std::move(name);
      n = Named{at, std::move(ref), line, true};
    }
  }
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  std::vector<ProductAggregate> out;
  out.reserve(by_code.size());
  for (auto& [code, v] : by_code) out.push_back(std::move(v.first));
  return out;
}

}  // namespace packprod::store::sqlite
