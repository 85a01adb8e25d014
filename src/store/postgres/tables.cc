#include "store/postgres/tables.h"

#include <limits>

#include "domain/text.h"
#include "store/sql/session.h"

namespace packprod::store::postgres {
namespace {

constexpr const char* kClientCols =
    "client_id, name, timezone, currency, vip_spend, vip_orders, dormant_days, new_days, "
    "weekly_days, fortnightly_days, monthly_days, quarterly_days, reorder_window_days, "
    "reorder_tolerance_days, reorder_tolerance_pct";
constexpr const char* kKeyCols =
    "key_id, client_id, role, label, created_at, last_used_at, revoked_at";
constexpr const char* kContactCols = "contact_id, email, name, company, phone, updated_at";
constexpr int kScanPage = 2000;

ClientSettings ClientFromRow(const Res& r, int i) {
  ClientSettings c;
  c.client_id = r.Text(i, 0);
  c.name = r.Text(i, 1);
  c.timezone = r.Text(i, 2);
  c.currency = r.Text(i, 3);
  c.vip_spend = r.Int(i, 4);
  c.vip_orders = r.Int(i, 5);
  c.dormant_days = r.Int(i, 6);
  c.new_days = r.Int(i, 7);
  c.weekly_days = r.Int(i, 8);
  c.fortnightly_days = r.Int(i, 9);
  c.monthly_days = r.Int(i, 10);
  c.quarterly_days = r.Int(i, 11);
  c.reorder_window_days = r.Int(i, 12);
  c.reorder_tolerance_days = r.Int(i, 13);
  c.reorder_tolerance_pct = r.Int(i, 14);
  return c;
}

ApiKey KeyFromRow(const Res& r, int i) {
  ApiKey k;
  k.key_id = r.Text(i, 0);
  k.client_id = r.Text(i, 1);
  k.role = ParseRole(r.Text(i, 2)).value_or(Role::kRead);
  k.label = r.Text(i, 3);
  k.created_at = r.Int(i, 4);
  k.last_used_at = r.OptInt(i, 5);
  k.revoked_at = r.OptInt(i, 6);
  return k;
}

ContactRecord ContactFromRow(const Res& r, int i) {
  ContactRecord c;
  c.contact_id = r.Text(i, 0);
  c.email = r.Text(i, 1);
  c.name = r.OptText(i, 2);
  c.company = r.OptText(i, 3);
  c.phone = r.OptText(i, 4);
  c.updated_at = r.Int(i, 5);
  return c;
}

Result<Order> OrderFromDoc(const Res& r, int i, int col) {
  auto o = OrderFromImage(r.Text(i, col));
  if (!o) return Status::Internal("corrupt order document");
  return std::move(*o);
}

// "$n" for the next parameter of `p`, after adding `v`.
template <typename T>
std::string Arg(Params& p, const T& v) {
  std::string s = "$" + std::to_string(p.Next());
  p.Add(v);
  return s;
}

// WHERE clause of an order listing (without the cursor condition); binds into `p`.
std::string BuildFilter(const OrderQuery& q, const std::string& client, Params& p) {
  std::string w = "client_id = " + Arg(p, client);
  if (q.from) w += " AND created_at >= " + Arg(p, *q.from);
  if (q.to) w += " AND created_at < " + Arg(p, *q.to);
  if (!q.statuses.empty()) {
    w += " AND status IN (";
    for (std::size_t i = 0; i < q.statuses.size(); ++i) {
      w += (i ? ", " : "") + Arg(p, std::string(OrderStatusName(q.statuses[i])));
    }
    w += ")";
  }
  if (q.contact_id) w += " AND contact_id = " + Arg(p, *q.contact_id);
  if (q.search) {
    std::string like = sql::LikeEscape(*q.search);
    w += " AND (ref_folded LIKE " + Arg(p, like + "%") + " OR strpos(who_folded, " +
         Arg(p, *q.search) + ") > 0)";
  }
  if (q.product_code) {
    w += " AND EXISTS (SELECT 1 FROM order_items i WHERE i.client_id = orders.client_id "
         "AND i.order_id = orders.order_id AND i.code = " +
         Arg(p, *q.product_code) + ")";
  }
  return w;
}

std::string CursorCondition(const OrderQuery& q, Params& p) {
  if (!q.after) return "";
  std::string t = Arg(p, q.after->created_at);
  return " AND (created_at < " + t + " OR (created_at = " + t + " AND order_id < " +
         Arg(p, q.after->order_id) + "))";
}

// Orders holding one product, newest first, from order_items_by_code.
Result<OrderPage> QueryProductOrders(Conn& c, const std::string& client, const OrderQuery& q) {
  OrderPage page;
  if (q.count_total) {
    PP_ASSIGN_OR_RETURN(Res n, c.Q("SELECT COALESCE((SELECT orders FROM product_order_counts "
                                   "WHERE client_id = $1 AND code = $2), 0)",
                                   client, *q.product_code));
    page.total = n.Int(0, 0);
  }
  Params p;
  p.Add(client).Add(*q.product_code);
  std::string sql =
      "SELECT o.doc FROM (SELECT DISTINCT created_at, order_id FROM order_items "
      "WHERE client_id = $1 AND code = $2" +
      CursorCondition(q, p) + " ORDER BY created_at DESC, order_id DESC LIMIT " +
      Arg(p, q.limit + 1) +
      ") i JOIN orders o ON o.client_id = $1 AND o.order_id = i.order_id "
      "ORDER BY i.created_at DESC, i.order_id DESC";
  PP_ASSIGN_OR_RETURN(Res r, c.Exec(sql, p));
  for (int i = 0; i < r.rows(); ++i) {
    if (i == q.limit) {
      page.more = true;
      break;
    }
    PP_ASSIGN_OR_RETURN(Order o, OrderFromDoc(r, i, 0));
    page.orders.push_back(std::move(o));
  }
  return page;
}

}  // namespace

Result<std::optional<ClientSettings>> ReadClient(Conn& c, const std::string& id) {
  PP_ASSIGN_OR_RETURN(
      Res r, c.Q(std::string("SELECT ") + kClientCols + " FROM clients WHERE client_id = $1", id));
  if (r.rows() == 0) return std::optional<ClientSettings>();
  return std::optional<ClientSettings>(ClientFromRow(r, 0));
}

Result<std::vector<ClientSettings>> ReadClients(Conn& c) {
  PP_ASSIGN_OR_RETURN(
      Res r, c.Exec(std::string("SELECT ") + kClientCols + " FROM clients ORDER BY client_id"));
  std::vector<ClientSettings> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(ClientFromRow(r, i));
  return out;
}

Status WriteClient(Conn& c, const ClientSettings& s) {
  return c
      .Q(std::string("INSERT INTO clients (") + kClientCols +
             ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
             "ON CONFLICT (client_id) DO UPDATE SET name = $2, timezone = $3, "
             "currency = $4, vip_spend = $5, vip_orders = $6, dormant_days = $7, "
             "new_days = $8, weekly_days = $9, fortnightly_days = $10, "
             "monthly_days = $11, quarterly_days = $12, reorder_window_days = $13, "
             "reorder_tolerance_days = $14, reorder_tolerance_pct = $15",
         s.client_id, s.name, s.timezone, s.currency, s.vip_spend, s.vip_orders, s.dormant_days,
         s.new_days, s.weekly_days, s.fortnightly_days, s.monthly_days, s.quarterly_days,
         s.reorder_window_days, s.reorder_tolerance_days, s.reorder_tolerance_pct)
      .status();
}

Status WriteKey(Conn& c, const ApiKey& k, const std::string& hash) {
  return c
      .Q("INSERT INTO api_keys (key_id, client_id, key_hash, role, label, created_at) "
         "VALUES ($1, $2, $3, $4, $5, $6)",
         k.key_id, k.client_id, hash, RoleName(k.role), k.label, k.created_at)
      .status();
}

Result<std::optional<ApiKey>> ReadKeyByHash(Conn& c, const std::string& hash) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q(std::string("SELECT ") + kKeyCols +
                                     " FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
                                 hash));
  if (r.rows() == 0) return std::optional<ApiKey>();
  return std::optional<ApiKey>(KeyFromRow(r, 0));
}

Result<std::vector<ApiKey>> ReadKeys(Conn& c) {
  PP_ASSIGN_OR_RETURN(Res r, c.Exec(std::string("SELECT ") + kKeyCols +
                                    " FROM api_keys ORDER BY client_id, created_at, key_id"));
  std::vector<ApiKey> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(KeyFromRow(r, i));
  return out;
}

Result<std::vector<std::pair<ApiKey, std::string>>> ReadKeysWithHashes(Conn& c) {
  PP_ASSIGN_OR_RETURN(Res r, c.Exec(std::string("SELECT ") + kKeyCols +
                                    ", key_hash FROM api_keys ORDER BY client_id, created_at, "
                                    "key_id"));
  std::vector<std::pair<ApiKey, std::string>> out;
  for (int i = 0; i < r.rows(); ++i) out.emplace_back(KeyFromRow(r, i), r.Text(i, 7));
  return out;
}

Status WriteRevoke(Conn& c, const std::string& key_id, Millis at) {
  PP_ASSIGN_OR_RETURN(
      Res r, c.Q("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE key_id = $2", at,
                 key_id));
  if (r.Affected() == 0) return Status::NotFound("no key with id " + key_id);
  return Status::Ok();
}

Status WriteTouch(Conn& c, const std::string& key_id, Millis at) {
  return c.Q("UPDATE api_keys SET last_used_at = $1 WHERE key_id = $2", at, key_id).status();
}

Result<std::optional<ContactRecord>> ReadContact(Conn& c, const std::string& client,
                                                 const std::string& contact_id) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q(std::string("SELECT ") + kContactCols +
                                     " FROM contacts WHERE client_id = $1 AND contact_id = $2",
                                 client, contact_id));
  if (r.rows() == 0) return std::optional<ContactRecord>();
  return std::optional<ContactRecord>(ContactFromRow(r, 0));
}

Result<std::vector<ContactRecord>> ReadContactsByIds(Conn& c, const std::string& client,
                                                     const std::vector<std::string>& ids) {
  PP_ASSIGN_OR_RETURN(
      Res r, c.Q(std::string("SELECT ") + kContactCols +
                     " FROM contacts WHERE client_id = $1 AND contact_id = ANY($2::text[])",
                 client, TextArray({ids.begin(), ids.end()})));
  std::vector<ContactRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(ContactFromRow(r, i));
  return out;
}

Result<std::vector<Order>> ReadOrdersByIds(Conn& c, const std::string& client,
                                           const std::vector<std::string>& ids) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q("SELECT doc FROM orders WHERE client_id = $1 AND "
                                 "order_id = ANY($2::text[])",
                                 client, TextArray({ids.begin(), ids.end()})));
  std::vector<Order> out;
  for (int i = 0; i < r.rows(); ++i) {
    PP_ASSIGN_OR_RETURN(Order o, OrderFromDoc(r, i, 0));
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::vector<ContactRecord>> ReadContacts(Conn& c, const std::string& client) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q(std::string("SELECT ") + kContactCols +
                                     " FROM contacts WHERE client_id = $1 ORDER BY contact_id",
                                 client));
  std::vector<ContactRecord> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(ContactFromRow(r, i));
  return out;
}

Status WriteContact(Conn& c, const std::string& client, const ContactRecord& r) {
  return c
      .Q("INSERT INTO contacts (client_id, contact_id, email, name, company, phone, "
         "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (client_id, "
         "contact_id) DO UPDATE SET email = $3, name = $4, company = $5, phone = $6, "
         "updated_at = $7",
         client, r.contact_id, r.email, r.name, r.company, r.phone, r.updated_at)
      .status();
}

Result<std::optional<Order>> ReadOrder(Conn& c, const std::string& client,
                                       const std::string& order_id) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q("SELECT doc FROM orders WHERE client_id = $1 AND order_id = $2",
                                 client, order_id));
  if (r.rows() == 0) return std::optional<Order>();
  PP_ASSIGN_OR_RETURN(Order o, OrderFromDoc(r, 0, 0));
  return std::optional<Order>(std::move(o));
}

Status WriteOrder(Conn& c, const Order& o, const std::string& image, bool replace) {
  std::vector<std::optional<std::string>> codes, names, quantities, revenues;
  for (const auto& it : o.items) {
    codes.emplace_back(it.code);
    names.push_back(it.name);
    quantities.emplace_back(std::to_string(it.quantity));
    revenues.emplace_back(std::to_string(it.Revenue()));
  }
  Params p;
  p.Add(o.client_id).Add(o.order_id).Add(o.reference).Add(o.contact_id).Add(o.created_at);
  p.Add(OrderStatusName(o.status)).Add(o.total).Add(FoldCase(o.reference));
  p.Add(FoldCase(o.customer.name.value_or("")) + "\n" + o.customer.email).Add(image);
  p.Add(Counts(o.status) ? "true" : "false").Add(TextArray(codes)).Add(TextArray(names));
  p.Add(TextArray(quantities)).Add(TextArray(revenues));
  // The lines' statement as the second half of the combined one ($11.. after the order's).
  const std::string items =
      "INSERT INTO order_items (client_id, order_id, line_no, code, name, quantity, revenue, "
      "created_at, contact_id, counted) SELECT $1, $2, t.n - 1, t.code, t.name, t.q, t.r, $5, "
      "$4, $11 FROM unnest($12::text[], $13::text[], $14::bigint[], $15::bigint[]) "
      "WITH ORDINALITY AS t(code, name, q, r, n)";
  const std::string upsert =
      "INSERT INTO orders (client_id, order_id, reference, contact_id, created_at, status, "
      "total, ref_folded, who_folded, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
  if (!replace) {
    // A new order, its lines and the order counts in one statement: one round trip.
    return c.Exec("WITH o AS (" + upsert + ") " + items, p).status();
  }
  PP_RETURN_IF_ERROR(c.Q(upsert +
                             " ON CONFLICT (client_id, order_id) DO UPDATE SET reference = $3, "
                             "contact_id = $4, created_at = $5, status = $6, total = $7, "
                             "ref_folded = $8, who_folded = $9, doc = $10",
                         o.client_id, o.order_id, o.reference, o.contact_id, o.created_at,
                         OrderStatusName(o.status), o.total, FoldCase(o.reference),
                         FoldCase(o.customer.name.value_or("")) + "\n" + o.customer.email, image)
                         .status());
  PP_RETURN_IF_ERROR(
      c.Q("DELETE FROM order_items WHERE client_id = $1 AND order_id = $2", o.client_id, o.order_id)
          .status());
  if (o.items.empty()) return Status::Ok();
  return c
      .Q("INSERT INTO order_items (client_id, order_id, line_no, code, name, quantity, "
         "revenue, created_at, contact_id, counted) SELECT $1, $2, t.n - 1, t.code, t.name, "
         "t.q, t.r, $3, $4, $5 FROM unnest($6::text[], $7::text[], $8::bigint[], "
         "$9::bigint[]) WITH ORDINALITY AS t(code, name, q, r, n)",
         o.client_id, o.order_id, o.created_at, o.contact_id,
         std::string(Counts(o.status) ? "true" : "false"), TextArray(codes), TextArray(names),
         TextArray(quantities), TextArray(revenues))
      .status();
}

Status RemoveOrder(Conn& c, const std::string& client, const std::string& order_id) {
  return c.Q("DELETE FROM orders WHERE client_id = $1 AND order_id = $2", client, order_id)
      .status();
}

Result<std::optional<std::vector<std::string>>> ReadOrderCodes(Conn& c, const std::string& client,
                                                               const std::string& order_id) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q("SELECT o.order_id, i.code FROM orders o LEFT JOIN order_items i "
                                 "ON i.client_id = o.client_id AND i.order_id = o.order_id "
                                 "WHERE o.client_id = $1 AND o.order_id = $2",
                                 client, order_id));
  if (r.rows() == 0) return std::optional<std::vector<std::string>>();
  std::vector<std::string> codes;
  for (int i = 0; i < r.rows(); ++i) {
    if (!r.IsNull(i, 1)) codes.push_back(r.Text(i, 1));
  }
  return std::optional<std::vector<std::string>>(std::move(codes));
}

Status AddOrderCounts(Conn& c, const std::string& client, std::int64_t orders,
                      const std::map<std::string, std::int64_t>& products) {
  if (orders != 0) {
    PP_RETURN_IF_ERROR(c.Q("INSERT INTO order_counts (client_id, orders) VALUES ($1, $2) ON "
                           "CONFLICT (client_id) DO UPDATE SET orders = order_counts.orders + "
                           "EXCLUDED.orders",
                           client, orders)
                           .status());
  }
  std::vector<std::optional<std::string>> codes, deltas;
  for (const auto& [code, n] : products) {
    if (n == 0) continue;
    codes.emplace_back(code);
    deltas.emplace_back(std::to_string(n));
  }
  if (codes.empty()) return Status::Ok();
  return c
      .Q("INSERT INTO product_order_counts (client_id, code, orders) SELECT $1, u.code, u.n "
         "FROM unnest($2::text[], $3::bigint[]) AS u(code, n) ON CONFLICT (client_id, code) DO "
         "UPDATE SET orders = product_order_counts.orders + EXCLUDED.orders",
         client, TextArray(codes), TextArray(deltas))
      .status();
}

Result<OrderPage> QueryOrders(Conn& c, const std::string& client, const OrderQuery& q) {
  const bool only_product =
      q.product_code && !q.from && !q.to && q.statuses.empty() && !q.contact_id && !q.search;
  if (only_product) return QueryProductOrders(c, client, q);
  OrderPage page;
  const bool unfiltered = !q.from && !q.to && q.statuses.empty() && !q.contact_id && !q.search &&
                          !q.product_code;
  if (q.count_total && unfiltered) {
    PP_ASSIGN_OR_RETURN(
        Res n, c.Q("SELECT COALESCE((SELECT orders FROM order_counts WHERE client_id = $1), 0)",
                   client));
    page.total = n.Int(0, 0);
  } else if (q.count_total) {
    Params p;
    std::string where = BuildFilter(q, client, p);
    PP_ASSIGN_OR_RETURN(Res n, c.Exec("SELECT COUNT(*) FROM orders WHERE " + where, p));
    page.total = n.Int(0, 0);
  }
  Params p;
  std::string sql = "SELECT doc FROM orders WHERE " + BuildFilter(q, client, p);
  sql += CursorCondition(q, p);
  sql += " ORDER BY created_at DESC, order_id DESC LIMIT " + Arg(p, q.limit + 1);
  PP_ASSIGN_OR_RETURN(Res r, c.Exec(sql, p));
  for (int i = 0; i < r.rows(); ++i) {
    if (i == q.limit) {
      page.more = true;
      break;
    }
    PP_ASSIGN_OR_RETURN(Order o, OrderFromDoc(r, i, 0));
    page.orders.push_back(std::move(o));
  }
  return page;
}

Status ScanOrderDocs(Conn& c, const std::string& client, const std::function<bool(Order&&)>& fn) {
  std::string after;
  while (true) {
    PP_ASSIGN_OR_RETURN(Res r, c.Q("SELECT order_id, doc FROM orders WHERE client_id = $1 AND "
                                   "order_id > $2 ORDER BY order_id LIMIT $3",
                                   client, after, kScanPage));
    for (int i = 0; i < r.rows(); ++i) {
      PP_ASSIGN_OR_RETURN(Order o, OrderFromDoc(r, i, 1));
      if (!fn(std::move(o))) return Status::Ok();
    }
    if (r.rows() < kScanPage) return Status::Ok();
    after = r.Text(r.rows() - 1, 0);
  }
}

Status ScanOrderDocsByContact(Conn& c, const std::string& client,
                              const std::function<bool(Order&&)>& fn) {
  std::string contact, order;
  std::int64_t at = std::numeric_limits<std::int64_t>::min();
  while (true) {
    PP_ASSIGN_OR_RETURN(
        Res r, c.Q("SELECT contact_id, created_at, order_id, doc FROM orders WHERE client_id = $1 "
                   "AND (contact_id, created_at, order_id) > ($2, $3, $4) "
                   "ORDER BY contact_id, created_at, order_id LIMIT $5",
                   client, contact, at, order, kScanPage));
    for (int i = 0; i < r.rows(); ++i) {
      PP_ASSIGN_OR_RETURN(Order o, OrderFromDoc(r, i, 3));
      if (!fn(std::move(o))) return Status::Ok();
    }
    if (r.rows() < kScanPage) return Status::Ok();
    contact = r.Text(r.rows() - 1, 0);
    at = r.Int(r.rows() - 1, 1);
    order = r.Text(r.rows() - 1, 2);
  }
}

Status AppendChangeRecords(Conn& c, const std::vector<ChangeRecord>& records) {
  if (records.empty()) return Status::Ok();
  std::vector<std::optional<std::string>> seqs, clients, orders, ops, olds, news, ats;
  for (const ChangeRecord& r : records) {
    seqs.emplace_back(std::to_string(r.seq));
    clients.emplace_back(r.client_id);
    orders.emplace_back(r.order_id);
    ops.emplace_back(ChangeOpName(r.op));
    olds.push_back(r.old_image);
    news.push_back(r.new_image);
    ats.emplace_back(std::to_string(r.committed_at));
  }
  return c
      .Q("WITH h AS (UPDATE change_head SET seq = $8 WHERE id = 1) "
         "INSERT INTO change_log (seq, client_id, order_id, op, old_image, new_image, "
         "committed_at) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], "
         "$4::text[], $5::text[], $6::text[], $7::bigint[])",
         TextArray(seqs), TextArray(clients), TextArray(orders), TextArray(ops), TextArray(olds),
         TextArray(news), TextArray(ats), records.back().seq)
      .status();
}

Result<std::int64_t> ReadHeadSeq(Conn& c) {
  PP_ASSIGN_OR_RETURN(Res r, c.Exec("SELECT seq FROM change_head WHERE id = 1"));
  return r.rows() ? r.Int(0, 0) : 0;
}

Result<Store::PendingChanges> ReadClientPending(Conn& c, const std::string& client,
                                                std::int64_t after) {
  // seq is the key: the scan covers only the records after the checkpoint.
  PP_ASSIGN_OR_RETURN(Res r, c.Q("SELECT count(*), coalesce(max(seq), 0) FROM change_log "
                                 "WHERE seq > $1 AND client_id = $2",
                                 after, client));
  Store::PendingChanges out;
  if (r.rows()) {
    out.count = r.Int(0, 0);
    out.newest_seq = r.Int(0, 1);
  }
  return out;
}

Result<std::vector<ChangeRecord>> ReadChangeLog(Conn& c, std::int64_t after, int limit) {
  PP_ASSIGN_OR_RETURN(Res r,
                      c.Q("SELECT seq, client_id, order_id, op, old_image, new_image, committed_at "
                          "FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2",
                          after, limit));
  std::vector<ChangeRecord> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    ChangeRecord rec;
    rec.seq = r.Int(i, 0);
    rec.client_id = r.Text(i, 1);
    rec.order_id = r.Text(i, 2);
    std::string op = r.Text(i, 3);
    rec.op = op == "INSERT"   ? ChangeOp::kInsert
             : op == "MODIFY" ? ChangeOp::kModify
                              : ChangeOp::kRemove;
    rec.old_image = r.OptText(i, 4);
    rec.new_image = r.OptText(i, 5);
    rec.committed_at = r.Int(i, 6);
    out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace packprod::store::postgres
