#include "store/postgres/tables.h"

#include <algorithm>
#include <limits>
#include <map>
#include <utility>

#include "domain/text.h"
#include "store/postgres/session.h"
#include "store/sql/tables.h"

namespace packprod::store::postgres {
Result<std::vector<ContactRecord>> ReadContactsByIds(Conn& c, const std::string& client,
                                                     const std::vector<std::string>& ids) {
  PgSession s(c);
  return s.QueryAll<ContactRecord>(
      std::string("SELECT ") + sql::kContactCols +
          " FROM contacts WHERE client_id = ? AND contact_id = ANY(CAST(? AS text[]))",
      {client, TextArray({ids.begin(), ids.end()})},
      [](const sql::Row& r) -> Result<ContactRecord> { return sql::ContactFromRow(r); });
}

Result<std::vector<Order>> ReadOrdersByIds(Conn& c, const std::string& client,
                                           const std::vector<std::string>& ids) {
  PgSession s(c);
  return s.QueryAll<Order>(
      "SELECT doc FROM orders WHERE client_id = ? AND order_id = ANY(CAST(? AS text[]))",
      {client, TextArray({ids.begin(), ids.end()})},
      [](const sql::Row& r) { return sql::OrderFromDoc(r, 0); });
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

Result<std::optional<CountedOrder>> ReadCountedOrder(Conn& c, const std::string& client,
                                                     const std::string& order_id) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q("SELECT o.created_at, o.status, i.code FROM orders o LEFT JOIN "
                                 "order_items i ON i.client_id = o.client_id AND i.order_id = "
                                 "o.order_id WHERE o.client_id = $1 AND o.order_id = $2",
                                 client, order_id));
  if (r.rows() == 0) return std::optional<CountedOrder>();
  CountedOrder out;
  out.created_at = r.Int(0, 0);
  auto status = ParseOrderStatus(r.Text(0, 1));
  if (!status) return Status::Internal("corrupt order status in the store");
  out.status = *status;
  for (int i = 0; i < r.rows(); ++i) {
    if (!r.IsNull(i, 2)) out.codes.push_back(r.Text(i, 2));
  }
  return std::optional<CountedOrder>(std::move(out));
}

Status AddOrderCounts(Conn& c, const std::string& client, std::int64_t orders,
                      const std::map<std::string, std::int64_t, std::less<>>& products) {
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

Status AppendChangeRecords(Conn& c, const std::vector<ChangeRecord>& records) {
  if (records.empty()) return Status::Ok();
  std::vector<std::optional<std::string>> seqs, clients, orders, ops, olds, news, ats;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> per_client;  // records, newest
  for (const ChangeRecord& r : records) {
    seqs.emplace_back(std::to_string(r.seq));
    clients.emplace_back(r.client_id);
    orders.emplace_back(r.order_id);
    ops.emplace_back(ChangeOpName(r.op));
    olds.push_back(r.old_image);
    news.push_back(r.new_image);
    ats.emplace_back(std::to_string(r.committed_at));
    auto& [n, newest] = per_client[r.client_id];
    ++n;
    newest = std::max(newest, r.seq);
  }
  // client_stream's counters (sql/tables.h AddAppended), one row per client, in client
  // order (the order every writer of the table locks its rows in).
  std::vector<std::optional<std::string>> stream_clients, stream_records, stream_newest;
  for (const auto& [client, counts] : per_client) {
    stream_clients.emplace_back(client);
    stream_records.emplace_back(std::to_string(counts.first));
    stream_newest.emplace_back(std::to_string(counts.second));
  }
  return c
      .Q("WITH h AS (UPDATE change_head SET seq = $8 WHERE id = 1), "
         "cs AS (INSERT INTO client_stream (client_id, appended, newest_seq) "
         "SELECT u.c, u.n, u.s FROM unnest($9::text[], $10::bigint[], $11::bigint[]) "
         "AS u(c, n, s) ON CONFLICT (client_id) DO UPDATE SET appended = "
         "client_stream.appended + EXCLUDED.appended, newest_seq = "
         "GREATEST(client_stream.newest_seq, EXCLUDED.newest_seq)) "
         "INSERT INTO change_log (seq, client_id, order_id, op, old_image, new_image, "
         "committed_at) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], "
         "$4::text[], $5::text[], $6::text[], $7::bigint[])",
         TextArray(seqs), TextArray(clients), TextArray(orders), TextArray(ops), TextArray(olds),
         TextArray(news), TextArray(ats), records.back().seq, TextArray(stream_clients),
         TextArray(stream_records), TextArray(stream_newest))
      .status();
}

Result<std::int64_t> ReadHeadSeq(Conn& c) {
  PP_ASSIGN_OR_RETURN(Res r, c.Exec("SELECT seq FROM change_head WHERE id = 1"));
  return r.rows() ? r.Int(0, 0) : 0;
}

}  // namespace packprod::store::postgres
