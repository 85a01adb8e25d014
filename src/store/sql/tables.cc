#include "store/sql/tables.h"

#include <algorithm>
#include <limits>

#include "store/sql/counters.h"

namespace packprod::store::sql {
namespace {

constexpr const char* kClientCols =
    "client_id, name, timezone, currency, vip_spend, vip_orders, dormant_days, new_days, "
    "weekly_days, fortnightly_days, monthly_days, quarterly_days, reorder_window_days, "
    "reorder_tolerance_days, reorder_tolerance_pct";
constexpr const char* kKeyCols =
    "key_id, client_id, role, label, created_at, last_used_at, revoked_at";
// Orders per page of a scan.
constexpr std::int64_t kScanPage = 2000;

ClientSettings ClientFromRow(const Row& r) {
  ClientSettings c;
  c.client_id = r.Text(0);
  c.name = r.Text(1);
  c.timezone = r.Text(2);
  c.currency = r.Text(3);
  c.vip_spend = r.Int(4);
  c.vip_orders = r.Int(5);
  c.dormant_days = r.Int(6);
  c.new_days = r.Int(7);
  c.weekly_days = r.Int(8);
  c.fortnightly_days = r.Int(9);
  c.monthly_days = r.Int(10);
  c.quarterly_days = r.Int(11);
  c.reorder_window_days = r.Int(12);
  c.reorder_tolerance_days = r.Int(13);
  c.reorder_tolerance_pct = r.Int(14);
  return c;
}

ApiKey KeyFromRow(const Row& r) {
  ApiKey k;
  k.key_id = r.Text(0);
  k.client_id = r.Text(1);
  k.role = ParseRole(r.Text(2)).value_or(Role::kRead);
  k.label = r.Text(3);
  k.created_at = r.Int(4);
  k.last_used_at = r.OptInt(5);
  k.revoked_at = r.OptInt(6);
  return k;
}

template <typename T>
Result<std::optional<T>> One(Session& s, std::string_view text, const Args& args,
                             const std::function<Result<T>(const Row&)>& fn) {
  PP_ASSIGN_OR_RETURN(std::vector<T> rows, s.QueryAll<T>(text, args, fn));
  if (rows.empty()) return std::optional<T>();
  return std::optional<T>(std::move(rows.front()));
}

Result<ClientSettings> ClientOf(const Row& r) { return ClientFromRow(r); }
Result<ApiKey> KeyOf(const Row& r) { return KeyFromRow(r); }
Result<ContactRecord> ContactOf(const Row& r) { return ContactFromRow(r); }
Result<Order> DocOf(const Row& r) { return OrderFromDoc(r, 0); }

Status OneInt(Session& s, const Query& q, std::int64_t* out) {
  return s.Query(q, [&](const Row& r) {
    *out = r.Int(0);
    return Status::Ok();
  });
}

// " AND status IN (...)" of v.statuses; nothing when empty.
void StatusIn(Query& q, const OrderQuery& v) {
  if (v.statuses.empty()) return;
  q.Sql(" AND status IN (");
  for (std::size_t i = 0; i < v.statuses.size(); ++i) {
    q.Sql(i ? ", " : "").Text(std::string(OrderStatusName(v.statuses[i])));
  }
  q.Sql(")");
}

// WHERE conditions of an order listing, without the cursor.
void Filters(Engine e, Query& q, const std::string& client, const OrderQuery& v) {
  q.Sql("client_id = ").Text(client);
  if (v.from) q.Sql(" AND created_at >= ").Int(*v.from);
  if (v.to) q.Sql(" AND created_at < ").Int(*v.to);
  StatusIn(q, v);
  if (v.contact_id) q.Sql(" AND contact_id = ").Text(*v.contact_id);
  if (v.search) {
    // A reference prefix (PostgreSQL's LIKE 'x%' uses the index) or a name/e-mail substring.
    if (e == Engine::kSqlite) {
      q.Sql(" AND (substr(ref_folded, 1, length(").Text(*v.search).Sql(")) = ").Text(*v.search);
      q.Sql(" OR instr(who_folded, ").Text(*v.search).Sql(") > 0)");
    } else {
      q.Sql(" AND (ref_folded LIKE ").Text(LikeEscape(*v.search) + "%");
      q.Sql(" OR strpos(who_folded, ").Text(*v.search).Sql(") > 0)");
    }
  }
  if (v.product_code) {
    q.Sql(" AND EXISTS (SELECT 1 FROM order_items i WHERE i.client_id = orders.client_id "
          "AND i.order_id = orders.order_id AND i.code = ")
        .Text(*v.product_code)
        .Sql(")");
  }
}

// The total of a listing filtered only by [from, to) and statuses (either may be absent):
// order_hour_counts summed over the whole UTC hours inside the range, plus COUNT(*) of
// the orders in its partial hours at each edge (a range of orders_by_time each, shorter
// than an hour). A range inside one hour or two is counted from the index alone.
void HourCountTotal(Engine e, Query& q, const std::string& client, const OrderQuery& v) {
  // [first, last): the whole hours inside the range (open where the range is).
  std::optional<std::int64_t> first, last;
  if (v.from) first = OrderHour(*v.from + kHourMs - 1);
  if (v.to) last = OrderHour(*v.to);
  if (first && last && *first >= *last) {
    q.Sql("SELECT COUNT(*) FROM orders WHERE ");
    Filters(e, q, client, v);
    return;
  }
  auto edge = [&](Millis from, Millis to) {
    q.Sql(" + (SELECT COUNT(*) FROM orders WHERE client_id = ").Text(client);
    q.Sql(" AND created_at >= ").Int(from).Sql(" AND created_at < ").Int(to);
    StatusIn(q, v);
    q.Sql(")");
  };
  q.Sql("SELECT CAST(COALESCE((SELECT SUM(orders) FROM order_hour_counts WHERE client_id = ")
      .Text(client);
  if (first) q.Sql(" AND hour >= ").Int(*first);
  if (last) q.Sql(" AND hour < ").Int(*last);
  StatusIn(q, v);
  q.Sql("), 0) AS BIGINT)");
  if (first && *v.from < *first * kHourMs) edge(*v.from, *first * kHourMs);
  if (last && *last * kHourMs < *v.to) edge(*last * kHourMs, *v.to);
}

void Cursor(Query& q, const OrderQuery& v) {
  if (!v.after) return;
  q.Sql(" AND (created_at < ").Int(v.after->created_at);
  q.Sql(" OR (created_at = ").Int(v.after->created_at);
  q.Sql(" AND order_id < ").Text(v.after->order_id).Sql("))");
}

// Reads a page of order documents (limit + 1 rows asked for).
Status ReadPage(Session& s, const Query& q, int limit, OrderPage* page) {
  return s.Query(q, [&](const Row& r) -> Status {
    if (static_cast<int>(page->orders.size()) == limit) {
      page->more = true;
      return StopRows();
    }
    PP_ASSIGN_OR_RETURN(Order o, OrderFromDoc(r, 0));
    page->orders.push_back(std::move(o));
    return Status::Ok();
  });
}

// Orders holding one product, newest first, driven by the order_items_by_code index
// (client_id, code, created_at, order_id): a page costs its own rows, not a scan.
Result<OrderPage> QueryProductOrders(Session& s, const std::string& client,
                                     const OrderQuery& v) {
  // Both statements read their index whatever the values (custom plans of the page took
  // longer to plan than to run): planned once per connection.
  OrderPage page;
  if (v.count_total) {
    Query n;
    n.Sql(kGenericPlan)
        .Sql("SELECT COALESCE((SELECT orders FROM product_order_counts WHERE client_id = ")
        .Text(client)
        .Sql(" AND code = ")
        .Text(*v.product_code)
        .Sql("), 0)");
    PP_RETURN_IF_ERROR(OneInt(s, n, &page.total));
  }
  Query q;
  q.Sql(kGenericPlan)
      .Sql("SELECT o.doc FROM (SELECT DISTINCT created_at, order_id FROM order_items WHERE "
           "client_id = ")
      .Text(client)
      .Sql(" AND code = ")
      .Text(*v.product_code);
  Cursor(q, v);
  q.Sql(" ORDER BY created_at DESC, order_id DESC LIMIT ").Int(v.limit + 1);
  q.Sql(") i JOIN orders o ON o.client_id = ")
      .Text(client)
      .Sql(" AND o.order_id = i.order_id ORDER BY i.created_at DESC, i.order_id DESC");
  PP_RETURN_IF_ERROR(ReadPage(s, q, v.limit, &page));
  return page;
}

// Reads orders page by page: page_query(nullptr) is the first page's query, and
// page_query(its last row) the next one's; `col` is the document's column.
Status ScanPages(Session& s, const std::function<Query(const Row*)>& page_query, int col,
                 const std::function<bool(Order&&)>& fn) {
  std::optional<Query> q = page_query(nullptr);
  while (q) {
    std::int64_t rows = 0;
    bool stopped = false;
    std::optional<Query> next;
    PP_RETURN_IF_ERROR(s.Query(*q, [&](const Row& r) -> Status {
      ++rows;
      PP_ASSIGN_OR_RETURN(Order o, OrderFromDoc(r, col));
      if (!fn(std::move(o))) {
        stopped = true;
        return StopRows();
      }
      if (rows == kScanPage) next = page_query(&r);
      return Status::Ok();
    }));
    if (stopped) return Status::Ok();
    q = std::move(next);
  }
  return Status::Ok();
}

}  // namespace

ContactRecord ContactFromRow(const Row& r) {
  ContactRecord c;
  c.contact_id = r.Text(0);
  c.email = r.Text(1);
  c.name = r.OptText(2);
  c.company = r.OptText(3);
  c.phone = r.OptText(4);
  c.updated_at = r.Int(5);
  return c;
}

Result<Order> OrderFromDoc(const Row& r, int col) {
  auto o = OrderFromImage(r.Text(col));
  if (!o) return Status::Internal("corrupt order document");
  return std::move(*o);
}

Result<std::optional<ClientSettings>> ReadClient(Session& s, const std::string& id) {
  return One<ClientSettings>(
      s, std::string("SELECT ") + kClientCols + " FROM clients WHERE client_id = ?", {id},
      ClientOf);
}

Result<std::vector<ClientSettings>> ReadClients(Session& s) {
  return s.QueryAll<ClientSettings>(
      std::string("SELECT ") + kClientCols + " FROM clients ORDER BY client_id", {}, ClientOf);
}

Status WriteClient(Session& s, const ClientSettings& c) {
  static const std::string kSql = UpsertSql(
      "clients", {"client_id"},
      {"name", "timezone", "currency", "vip_spend", "vip_orders", "dormant_days", "new_days",
       "weekly_days", "fortnightly_days", "monthly_days", "quarterly_days", "reorder_window_days",
       "reorder_tolerance_days", "reorder_tolerance_pct"});
  return s.Run(kSql, {c.client_id, c.name, c.timezone, c.currency, c.vip_spend, c.vip_orders,
                      c.dormant_days, c.new_days, c.weekly_days, c.fortnightly_days,
                      c.monthly_days, c.quarterly_days, c.reorder_window_days,
                      c.reorder_tolerance_days, c.reorder_tolerance_pct});
}

Status WriteKey(Session& s, const ApiKey& k, const std::string& hash) {
  return s.Run(
      "INSERT INTO api_keys (key_id, client_id, key_hash, role, label, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {k.key_id, k.client_id, hash, RoleName(k.role), k.label, k.created_at});
}

Result<std::optional<ApiKey>> ReadKeyByHash(Session& s, const std::string& hash) {
  return One<ApiKey>(s,
                     std::string("SELECT ") + kKeyCols +
                         " FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
                     {hash}, KeyOf);
}

Result<std::vector<ApiKey>> ReadKeys(Session& s) {
  return s.QueryAll<ApiKey>(
      std::string("SELECT ") + kKeyCols + " FROM api_keys ORDER BY client_id, created_at, key_id",
      {}, KeyOf);
}

Result<std::vector<std::pair<ApiKey, std::string>>> ReadKeysWithHashes(Session& s) {
  using Pair = std::pair<ApiKey, std::string>;
  return s.QueryAll<Pair>(std::string("SELECT ") + kKeyCols +
                              ", key_hash FROM api_keys ORDER BY client_id, created_at, key_id",
                          {}, [](const Row& r) -> Result<Pair> {
                            return Pair(KeyFromRow(r), r.Text(7));
                          });
}

Status WriteRevoke(Session& s, const std::string& key_id, Millis at) {
  PP_ASSIGN_OR_RETURN(
      std::int64_t n,
      s.Exec("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE key_id = ?",
             {at, key_id}));
  if (n == 0) return Status::NotFound("no key with id " + key_id);
  return Status::Ok();
}

Status WriteTouch(Session& s, const std::string& key_id, Millis at) {
  return s.Run("UPDATE api_keys SET last_used_at = ? WHERE key_id = ?", {at, key_id});
}

Result<std::optional<ContactRecord>> ReadContact(Session& s, const std::string& client,
                                                 const std::string& contact_id) {
  return One<ContactRecord>(s,
                            std::string(kGenericPlan) + "SELECT " + kContactCols +
                                " FROM contacts WHERE client_id = ? AND contact_id = ?",
                            {client, contact_id}, ContactOf);
}

Result<std::vector<ContactRecord>> ReadContacts(Session& s, const std::string& client) {
  return s.QueryAll<ContactRecord>(
      std::string("SELECT ") + kContactCols +
          " FROM contacts WHERE client_id = ? ORDER BY contact_id",
      {client}, ContactOf);
}

Status WriteContact(Session& s, const std::string& client, const ContactRecord& c) {
  static const std::string kSql =
      UpsertSql("contacts", {"client_id", "contact_id"},
                {"email", "name", "company", "phone", "updated_at"});
  return s.Run(kSql, {client, c.contact_id, c.email, c.name, c.company, c.phone, c.updated_at});
}

Result<std::optional<Order>> ReadOrder(Session& s, const std::string& client,
                                       const std::string& order_id) {
  return One<Order>(s, "SELECT doc FROM orders WHERE client_id = ? AND order_id = ?",
                    {client, order_id}, DocOf);
}

Result<OrderPage> QueryOrders(Session& s, const std::string& client, const OrderQuery& v) {
  const bool only_product =
      v.product_code && !v.from && !v.to && v.statuses.empty() && !v.contact_id && !v.search;
  if (only_product) return QueryProductOrders(s, client, v);
  OrderPage page;
  const bool only_range_status = !v.contact_id && !v.search && !v.product_code;
  const bool unfiltered = only_range_status && !v.from && !v.to && v.statuses.empty();
  if (v.count_total) {
    Query n;
    if (unfiltered) {
      n.Sql("SELECT COALESCE((SELECT orders FROM order_counts WHERE client_id = ")
          .Text(client)
          .Sql("), 0)");
    } else if (only_range_status) {
      HourCountTotal(s.engine(), n, client, v);
    } else {
      n.Sql("SELECT COUNT(*) FROM orders WHERE ");
      Filters(s.engine(), n, client, v);
    }
    PP_RETURN_IF_ERROR(OneInt(s, n, &page.total));
  }
  Query q;
  q.Sql("SELECT doc FROM orders WHERE ");
  Filters(s.engine(), q, client, v);
  Cursor(q, v);
  q.Sql(" ORDER BY created_at DESC, order_id DESC LIMIT ").Int(v.limit + 1);
  PP_RETURN_IF_ERROR(ReadPage(s, q, v.limit, &page));
  return page;
}

Status ScanOrderDocs(Session& s, const std::string& client,
                     const std::function<bool(Order&&)>& fn) {
  return ScanPages(
      s,
      [&](const Row* last) {
        Query q;
        q.Sql("SELECT doc, order_id FROM orders WHERE client_id = ").Text(client);
        if (last) q.Sql(" AND order_id > ").Text(last->Text(1));
        q.Sql(" ORDER BY order_id LIMIT ").Int(kScanPage);
        return q;
      },
      0, fn);
}

Status ScanOrderDocsByContact(Session& s, const std::string& client,
                              const std::function<bool(Order&&)>& fn) {
  return ScanPages(
      s,
      [&](const Row* last) {
        Query q;
        q.Sql("SELECT doc, contact_id, created_at, order_id FROM orders")
            .Sql(s.IndexedBy("orders_by_contact"))
            .Sql(" WHERE client_id = ")
            .Text(client);
        if (last) {
          q.Sql(" AND (contact_id, created_at, order_id) > (")
              .Text(last->Text(1))
              .Sql(", ")
              .Int(last->Int(2))
              .Sql(", ")
              .Text(last->Text(3))
              .Sql(")");
        }
        q.Sql(" ORDER BY contact_id, created_at, order_id LIMIT ").Int(kScanPage);
        return q;
      },
      0, fn);
}

Result<Store::PendingChanges> ReadClientPending(Session& s, const std::string& client,
                                                std::int64_t after) {
  // client_stream (records appended) less client_applied (records the views applied) is
  // the client's backlog after the checkpoint: one row each, whatever its size. Only
  // when `after` is not the checkpoint (a caller's figure a batch old) are the client's
  // records between the two counted: a range of the key, a batch long.
  std::int64_t checkpoint = 0, pending = 0, newest = 0;
  PP_RETURN_IF_ERROR(
      s.Query("SELECT st.applied_seq, cs.appended - COALESCE(ca.applied, 0), cs.newest_seq "
              "FROM stream_state st LEFT JOIN client_stream cs ON cs.client_id = ? "
              "LEFT JOIN client_applied ca ON ca.client_id = ? WHERE st.id = 1",
              {client, client}, [&](const Row& r) {
                checkpoint = r.Int(0);
                pending = r.OptInt(1).value_or(0);
                newest = r.OptInt(2).value_or(0);
                return Status::Ok();
              }));
  if (after != checkpoint) {
    std::int64_t between = 0;
    PP_RETURN_IF_ERROR(s.Query(
        "SELECT count(*) FROM change_log WHERE seq > ? AND seq <= ? AND client_id = ?",
        {std::min(after, checkpoint), std::max(after, checkpoint), client}, [&](const Row& r) {
          between = r.Int(0);
          return Status::Ok();
        }));
    pending += after < checkpoint ? between : -between;
  }
  // Records after the checkpoint are never pruned, so the newest record appended is the
  // newest of those counted whenever any are.
  Store::PendingChanges out;
  if (pending > 0) {
    out.count = pending;
    out.newest_seq = newest;
  }
  return out;
}

Status AddAppended(Session& s, const std::string& client, std::int64_t records,
                   std::int64_t newest_seq) {
  return s.Run(
      "INSERT INTO client_stream (client_id, appended, newest_seq) VALUES (?, ?, ?) "
      "ON CONFLICT (client_id) DO UPDATE SET appended = client_stream.appended + "
      "excluded.appended, newest_seq = CASE WHEN excluded.newest_seq > client_stream.newest_seq "
      "THEN excluded.newest_seq ELSE client_stream.newest_seq END",
      {client, records, newest_seq});
}

Status MoveApplied(Session& log, Session& views, std::int64_t from, std::int64_t to) {
  if (from == to) return Status::Ok();
  std::vector<Arg> args;
  std::string values;
  // Ordered by client: rows are locked in one order by every writer of the table.
  PP_RETURN_IF_ERROR(
      log.Query("SELECT client_id, count(*) FROM change_log WHERE seq > ? AND seq <= ? "
                "GROUP BY client_id ORDER BY client_id",
                {std::min(from, to), std::max(from, to)}, [&](const Row& r) {
                  values += values.empty() ? "(?, ?)" : ", (?, ?)";
                  args.emplace_back(r.Text(0));
                  args.emplace_back(r.Int(1));
                  return Status::Ok();
                }));
  if (values.empty()) return Status::Ok();
  const std::string sign = to > from ? "+" : "-";
  return views.Run("INSERT INTO client_applied (client_id, applied) VALUES " + values +
                       " ON CONFLICT (client_id) DO UPDATE SET applied = "
                       "client_applied.applied " +
                       sign + " excluded.applied",
                   args);
}

Result<std::vector<ChangeRecord>> ReadChangeLog(Session& s, std::int64_t after, int limit) {
  return s.QueryAll<ChangeRecord>(
      "SELECT seq, client_id, order_id, op, old_image, new_image, committed_at FROM change_log "
      "WHERE seq > ? ORDER BY seq LIMIT ?",
      {after, static_cast<std::int64_t>(limit)}, [](const Row& r) -> Result<ChangeRecord> {
        ChangeRecord c;
        c.seq = r.Int(0);
        c.client_id = r.Text(1);
        c.order_id = r.Text(2);
        const std::string op = r.Text(3);
        c.op = op == "INSERT"   ? ChangeOp::kInsert
               : op == "MODIFY" ? ChangeOp::kModify
                                : ChangeOp::kRemove;
        c.old_image = r.OptText(4);
        c.new_image = r.OptText(5);
        c.committed_at = r.Int(6);
        return c;
      });
}

Status WriteWebhookSecret(Session& s, const WebhookSecret& w) {
  static const std::string kSql =
      UpsertSql("webhook_secrets", {"client_id", "platform"}, {"secret", "created_at"});
  return s.Run(kSql, {w.client_id, w.platform, w.secret, w.created_at});
}

Result<std::optional<WebhookSecret>> ReadWebhookSecret(Session& s, const std::string& client,
                                                       const std::string& platform) {
  return One<WebhookSecret>(
      s, "SELECT secret, created_at FROM webhook_secrets WHERE client_id = ? AND platform = ?",
      {client, platform}, [&](const Row& r) -> Result<WebhookSecret> {
        return WebhookSecret{client, platform, r.Text(0), r.Int(1)};
      });
}

Result<std::vector<WebhookSecret>> ReadWebhookSecrets(Session& s) {
  return s.QueryAll<WebhookSecret>(
      "SELECT client_id, platform, created_at FROM webhook_secrets ORDER BY client_id, platform",
      {}, [](const Row& r) -> Result<WebhookSecret> {
        return WebhookSecret{r.Text(0), r.Text(1), "", r.Int(2)};
      });
}

Status RemoveWebhookSecret(Session& s, const std::string& client, const std::string& platform) {
  PP_ASSIGN_OR_RETURN(
      std::int64_t n,
      s.Exec("DELETE FROM webhook_secrets WHERE client_id = ? AND platform = ?",
             {client, platform}));
  if (n == 0) return Status::NotFound("no " + platform + " webhook for client " + client);
  return Status::Ok();
}

void OrderCountDeltas::Add(Millis created_at, OrderStatus status, std::vector<std::string> codes,
                           std::int64_t delta) {
  orders += delta;
  hours[{OrderHour(created_at), OrderStatusName(status)}] += delta;
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  for (auto& code : codes) products[std::move(code)] += delta;
}

Status AddHourCounts(Session& s, const std::string& client, const OrderCountDeltas& d) {
  static const CounterTable kHourCounts{"order_hour_counts", {"hour", "status"}, {"orders"}};
  std::vector<CounterChange> changes;
  for (const auto& [cell, n] : d.hours) {
    changes.push_back(CounterChange{{cell.first, cell.second}, {n}});
  }
  return AddCounters(s, client, kHourCounts, changes);
}

}  // namespace packprod::store::sql
