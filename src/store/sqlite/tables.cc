#include "store/sqlite/tables.h"

#include "domain/text.h"
#include "store/sqlite/order_counts.h"

namespace packprod::store::sqlite {
namespace {

constexpr const char* kClientCols =
    "client_id, name, timezone, currency, vip_spend, vip_orders, dormant_days, new_days, "
    "weekly_days, fortnightly_days, monthly_days, quarterly_days, reorder_window_days, "
    "reorder_tolerance_days, reorder_tolerance_pct";
constexpr const char* kKeyCols =
    "key_id, client_id, role, label, created_at, last_used_at, revoked_at";

ClientSettings ClientFromRow(const Stmt& s) {
  ClientSettings c;
  c.client_id = s.Text(0);
  c.name = s.Text(1);
  c.timezone = s.Text(2);
  c.currency = s.Text(3);
  c.vip_spend = s.Int(4);
  c.vip_orders = s.Int(5);
  c.dormant_days = s.Int(6);
  c.new_days = s.Int(7);
  c.weekly_days = s.Int(8);
  c.fortnightly_days = s.Int(9);
  c.monthly_days = s.Int(10);
  c.quarterly_days = s.Int(11);
  c.reorder_window_days = s.Int(12);
  c.reorder_tolerance_days = s.Int(13);
  c.reorder_tolerance_pct = s.Int(14);
  return c;
}

ApiKey KeyFromRow(const Stmt& s) {
  ApiKey k;
  k.key_id = s.Text(0);
  k.client_id = s.Text(1);
  k.role = ParseRole(s.Text(2)).value_or(Role::kRead);
  k.label = s.Text(3);
  k.created_at = s.Int(4);
  k.last_used_at = s.OptInt(5);
  k.revoked_at = s.OptInt(6);
  return k;
}

ContactRecord ContactFromRow(const Stmt& s) {
  ContactRecord c;
  c.contact_id = s.Text(0);
  c.email = s.Text(1);
  c.name = s.OptText(2);
  c.company = s.OptText(3);
  c.phone = s.OptText(4);
  c.updated_at = s.Int(5);
  return c;
}

Result<Order> OrderFromDoc(const Stmt& s, int col) {
  auto o = OrderFromImage(s.Text(col));
  if (!o) return Status::Internal("corrupt order document");
  return std::move(*o);
}

// WHERE clause and bindings of an order listing (without the cursor condition).
struct Filter {
  std::string where;
  std::vector<std::string> text;  // bound in order after client_id
  std::vector<std::int64_t> ints;
  std::vector<char> kinds;        // 't' or 'i', in binding order
  void Text(std::string v) {
    text.push_back(std::move(v));
    kinds.push_back('t');
  }
  void Int(std::int64_t v) {
    ints.push_back(v);
    kinds.push_back('i');
  }
  int BindAll(Stmt& s, int first) const {
    size_t ti = 0, ii = 0;
    int i = first;
    for (char k : kinds) {
      if (k == 't') {
        s.Bind(i++, std::string_view(text[ti++]));
      } else {
        s.Bind(i++, ints[ii++]);
      }
    }
    return i;
  }
};

Filter BuildFilter(const OrderQuery& q) {
  Filter f;
  f.where = "client_id = ?";
  if (q.from) {
    f.where += " AND created_at >= ?";
    f.Int(*q.from);
  }
  if (q.to) {
    f.where += " AND created_at < ?";
    f.Int(*q.to);
  }
  if (!q.statuses.empty()) {
    f.where += " AND status IN (";
    for (size_t i = 0; i < q.statuses.size(); ++i) {
      f.where += i ? ", ?" : "?";
      f.Text(OrderStatusName(q.statuses[i]));
    }
    f.where += ")";
  }
  if (q.contact_id) {
    f.where += " AND contact_id = ?";
    f.Text(*q.contact_id);
  }
  if (q.search) {
    f.where += " AND (substr(ref_folded, 1, length(?)) = ? OR instr(who_folded, ?) > 0)";
    for (int i = 0; i < 3; ++i) f.Text(*q.search);
  }
  if (q.product_code) {
    f.where += " AND EXISTS (SELECT 1 FROM order_items i WHERE i.client_id = orders.client_id "
               "AND i.order_id = orders.order_id AND i.code = ?)";
    f.Text(*q.product_code);
  }
  return f;
}

}  // namespace

Result<std::optional<ClientSettings>> ReadClient(Db& db, const std::string& id) {
  Stmt& s = db.Prepare(std::string("SELECT ") + kClientCols + " FROM clients WHERE client_id = ?");
  s.Bind(1, id);
  std::optional<ClientSettings> out;
  if (s.Step()) out = ClientFromRow(s);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Result<std::vector<ClientSettings>> ReadClients(Db& db) {
  Stmt& s = db.Prepare(std::string("SELECT ") + kClientCols + " FROM clients ORDER BY client_id");
  std::vector<ClientSettings> out;
  while (s.Step()) out.push_back(ClientFromRow(s));
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Status WriteClient(Db& db, const ClientSettings& c) {
  Stmt& s = db.Prepare(std::string("INSERT OR REPLACE INTO clients (") + kClientCols +
                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.Bind(1, c.client_id).Bind(2, c.name).Bind(3, c.timezone).Bind(4, c.currency);
  s.Bind(5, c.vip_spend).Bind(6, c.vip_orders).Bind(7, c.dormant_days).Bind(8, c.new_days);
  s.Bind(9, c.weekly_days).Bind(10, c.fortnightly_days).Bind(11, c.monthly_days);
  s.Bind(12, c.quarterly_days).Bind(13, c.reorder_window_days);
  s.Bind(14, c.reorder_tolerance_days).Bind(15, c.reorder_tolerance_pct);
  return s.Run();
}

Status WriteKey(Db& db, const ApiKey& k, const std::string& hash) {
  Stmt& s = db.Prepare(
      "INSERT INTO api_keys (key_id, client_id, key_hash, role, label, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  s.Bind(1, k.key_id).Bind(2, k.client_id).Bind(3, hash).Bind(4, RoleName(k.role));
  s.Bind(5, k.label).Bind(6, k.created_at);
  return s.Run();
}

Result<std::optional<ApiKey>> ReadKeyByHash(Db& db, const std::string& hash) {
  Stmt& s = db.Prepare(std::string("SELECT ") + kKeyCols +
                       " FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL");
  s.Bind(1, hash);
  std::optional<ApiKey> out;
  if (s.Step()) out = KeyFromRow(s);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Result<std::vector<ApiKey>> ReadKeys(Db& db) {
  Stmt& s = db.Prepare(std::string("SELECT ") + kKeyCols +
                       " FROM api_keys ORDER BY client_id, created_at, key_id");
  std::vector<ApiKey> out;
  while (s.Step()) out.push_back(KeyFromRow(s));
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Result<std::vector<std::pair<ApiKey, std::string>>> ReadKeysWithHashes(Db& db) {
  Stmt& s = db.Prepare(std::string("SELECT ") + kKeyCols +
                       ", key_hash FROM api_keys ORDER BY client_id, created_at, key_id");
  std::vector<std::pair<ApiKey, std::string>> out;
  while (s.Step()) out.emplace_back(KeyFromRow(s), s.Text(7));
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Status WriteRevoke(Db& db, const std::string& key_id, Millis at) {
  Stmt& s = db.Prepare("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE key_id = ?");
  s.Bind(1, at).Bind(2, key_id);
  PP_RETURN_IF_ERROR(s.Run());
  if (db.Changes() == 0) return Status::NotFound("no key with id " + key_id);
  return Status::Ok();
}

Status WriteTouch(Db& db, const std::string& key_id, Millis at) {
  Stmt& s = db.Prepare("UPDATE api_keys SET last_used_at = ? WHERE key_id = ?");
  s.Bind(1, at).Bind(2, key_id);
  return s.Run();
}

Result<std::optional<ContactRecord>> ReadContact(Db& db, const std::string& client,
                                                 const std::string& contact_id) {
  Stmt& s = db.Prepare(
      "SELECT contact_id, email, name, company, phone, updated_at FROM contacts "
      "WHERE client_id = ? AND contact_id = ?");
  s.Bind(1, client).Bind(2, contact_id);
  std::optional<ContactRecord> out;
  if (s.Step()) out = ContactFromRow(s);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Result<std::vector<ContactRecord>> ReadContacts(Db& db, const std::string& client) {
  Stmt& s = db.Prepare(
      "SELECT contact_id, email, name, company, phone, updated_at FROM contacts "
      "WHERE client_id = ? ORDER BY contact_id");
  s.Bind(1, client);
  std::vector<ContactRecord> out;
  while (s.Step()) out.push_back(ContactFromRow(s));
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Result<std::optional<Order>> ReadOrder(Db& db, const std::string& client,
                                       const std::string& order_id) {
  Stmt& s = db.Prepare("SELECT doc FROM orders WHERE client_id = ? AND order_id = ?");
  s.Bind(1, client).Bind(2, order_id);
  std::optional<Order> out;
  if (s.Step()) {
    auto o = OrderFromDoc(s, 0);
    if (!o.ok()) return o.status();
    out = std::move(o).value();
  }
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Status WriteOrder(Db& db, const Order& o, const std::string& image, bool replace) {
  if (replace) PP_RETURN_IF_ERROR(SubtractStoredOrder(db, o.client_id, o.order_id));
  Stmt& s = db.Prepare(
      "INSERT OR REPLACE INTO orders (client_id, order_id, reference, contact_id, created_at, "
      "status, total, ref_folded, who_folded, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s.Bind(1, o.client_id).Bind(2, o.order_id).Bind(3, o.reference).Bind(4, o.contact_id);
  s.Bind(5, o.created_at).Bind(6, OrderStatusName(o.status)).Bind(7, o.total);
  s.Bind(8, FoldCase(o.reference));
  s.Bind(9, FoldCase(o.customer.name.value_or("")) + "\n" + o.customer.email);
  s.Bind(10, image);
  PP_RETURN_IF_ERROR(s.Run());
  if (replace) {
    Stmt& del = db.Prepare("DELETE FROM order_items WHERE client_id = ? AND order_id = ?");
    del.Bind(1, o.client_id).Bind(2, o.order_id);
    PP_RETURN_IF_ERROR(del.Run());
  }
  Stmt& ins = db.Prepare(
      "INSERT INTO order_items (client_id, order_id, line_no, code, name, quantity, revenue, "
      "created_at, contact_id, counted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (size_t i = 0; i < o.items.size(); ++i) {
    const auto& it = o.items[i];
    ins.Bind(1, o.client_id).Bind(2, o.order_id).Bind(3, static_cast<std::int64_t>(i));
    ins.Bind(4, it.code).Bind(5, it.name).Bind(6, it.quantity).Bind(7, it.Revenue());
    ins.Bind(8, o.created_at).Bind(9, o.contact_id).Bind(10, Counts(o.status) ? 1 : 0);
    PP_RETURN_IF_ERROR(ins.Run());
  }
  std::vector<std::string> codes;
  codes.reserve(o.items.size());
  for (const auto& it : o.items) codes.push_back(it.code);
  return AddOrderCounts(db, o.client_id, codes, +1);
}

// Orders holding one product, newest first, driven by the order_items_by_code index
// (client_id, code, created_at, order_id): a page costs its own rows, not a scan.
Result<OrderPage> QueryProductOrders(Db& db, const std::string& client, const OrderQuery& q) {
  OrderPage page;
  if (q.count_total) {
    PP_ASSIGN_OR_RETURN(page.total, ReadProductOrderCount(db, client, *q.product_code));
  }
  std::string sql =
      "SELECT DISTINCT created_at, order_id FROM order_items WHERE client_id = ? AND code = ?";
  if (q.after) sql += " AND (created_at < ? OR (created_at = ? AND order_id < ?))";
  sql += " ORDER BY created_at DESC, order_id DESC LIMIT ?";
  Stmt& s = db.Prepare(sql);
  s.Bind(1, client).Bind(2, *q.product_code);
  int i = 3;
  if (q.after) {
    s.Bind(i, q.after->created_at).Bind(i + 1, q.after->created_at).Bind(i + 2, q.after->order_id);
    i += 3;
  }
  s.Bind(i, static_cast<std::int64_t>(q.limit) + 1);
  std::vector<std::string> ids;
  while (s.Step()) ids.push_back(s.Text(1));
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  if (static_cast<int>(ids.size()) > q.limit) {
    ids.resize(static_cast<size_t>(q.limit));
    page.more = true;
  }
  for (const auto& id : ids) {
    PP_ASSIGN_OR_RETURN(auto o, ReadOrder(db, client, id));
    if (o) page.orders.push_back(std::move(*o));
  }
  return page;
}

Result<OrderPage> QueryOrders(Db& db, const std::string& client, const OrderQuery& q) {
  const bool only_product = q.product_code && !q.from && !q.to && q.statuses.empty() &&
                            !q.contact_id && !q.search;
  if (only_product) return QueryProductOrders(db, client, q);
  Filter f = BuildFilter(q);
  OrderPage page;
  const bool unfiltered = !q.from && !q.to && q.statuses.empty() && !q.contact_id && !q.search &&
                          !q.product_code;
  if (q.count_total && unfiltered) {
    PP_ASSIGN_OR_RETURN(page.total, ReadOrderCount(db, client));
  } else if (q.count_total) {
    Stmt& c = db.Prepare("SELECT COUNT(*) FROM orders WHERE " + f.where);
    c.Bind(1, client);
    f.BindAll(c, 2);
    if (c.Step()) page.total = c.Int(0);
    PP_RETURN_IF_ERROR(c.error());
    c.Reset();
  }
  std::string sql = "SELECT doc FROM orders WHERE " + f.where;
  if (q.after) sql += " AND (created_at < ? OR (created_at = ? AND order_id < ?))";
  sql += " ORDER BY created_at DESC, order_id DESC LIMIT ?";
  Stmt& s = db.Prepare(sql);
  s.Bind(1, client);
  int i = f.BindAll(s, 2);
  if (q.after) {
    s.Bind(i, q.after->created_at).Bind(i + 1, q.after->created_at).Bind(i + 2, q.after->order_id);
    i += 3;
  }
  s.Bind(i, static_cast<std::int64_t>(q.limit) + 1);
  while (s.Step()) {
    if (static_cast<int>(page.orders.size()) == q.limit) {
      page.more = true;
      break;
    }
    auto o = OrderFromDoc(s, 0);
    if (!o.ok()) return o.status();
    page.orders.push_back(std::move(o).value());
  }
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return page;
}

namespace {

Status ScanDocs(Stmt& s, const std::function<bool(Order&&)>& fn) {
  while (s.Step()) {
    auto o = OrderFromDoc(s, 0);
    if (!o.ok()) {
      s.Reset();
      return o.status();
    }
    if (!fn(std::move(o).value())) break;
  }
  Status st = s.error();
  s.Reset();
  return st;
}

}  // namespace

Status ScanOrderDocsByContact(Db& db, const std::string& client,
                              const std::function<bool(Order&&)>& fn) {
  Stmt& s = db.Prepare(
      "SELECT doc FROM orders INDEXED BY orders_by_contact WHERE client_id = ? "
      "ORDER BY client_id, contact_id");
  s.Bind(1, client);
  return ScanDocs(s, fn);
}

Status ScanOrderDocs(Db& db, const std::string& client, const std::function<bool(Order&&)>& fn) {
  Stmt& s = db.Prepare("SELECT doc FROM orders WHERE client_id = ?");
  s.Bind(1, client);
  return ScanDocs(s, fn);
}

Result<std::int64_t> ReadHeadSeq(Db& db) {
  Stmt& s = db.Prepare("SELECT seq FROM sqlite_sequence WHERE name = 'change_log'");
  std::int64_t seq = 0;
  if (s.Step()) seq = s.Int(0);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return seq;
}

Result<Store::PendingChanges> ReadClientPending(Db& db, const std::string& client,
                                                std::int64_t after) {
  // seq is the key: the scan covers only the records after the checkpoint.
  Stmt& s = db.Prepare(
      "SELECT count(*), coalesce(max(seq), 0) FROM change_log WHERE seq > ? AND client_id = ?");
  s.Bind(1, after).Bind(2, client);
  Store::PendingChanges out;
  if (s.Step()) {
    out.count = s.Int(0);
    out.newest_seq = s.Int(1);
  }
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Result<std::vector<ChangeRecord>> ReadChangeLog(Db& db, std::int64_t after, int limit) {
  Stmt& s = db.Prepare(
      "SELECT seq, client_id, order_id, op, old_image, new_image, committed_at FROM change_log "
      "WHERE seq > ? ORDER BY seq LIMIT ?");
  s.Bind(1, after).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<ChangeRecord> out;
  while (s.Step()) {
    ChangeRecord c;
    c.seq = s.Int(0);
    c.client_id = s.Text(1);
    c.order_id = s.Text(2);
    std::string op = s.Text(3);
    c.op = op == "INSERT" ? ChangeOp::kInsert : op == "MODIFY" ? ChangeOp::kModify
                                                                : ChangeOp::kRemove;
    c.old_image = s.OptText(4);
    c.new_image = s.OptText(5);
    c.committed_at = s.Int(6);
    out.push_back(std::move(c));
  }
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

}  // namespace packprod::store::sqlite
