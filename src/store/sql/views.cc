// SqlTx: customer_metrics (its search index through the engine's hooks) and its
// count, product_totals, the recomputations from the orders, and the whole-client clear
// and read.
#include <array>
#include <limits>

#include "domain/text.h"
#include "store/sql/sql_tx.h"
#include "store/sql/view_queries.h"
#include "store/view_sql.h"

namespace packprod::store::sql {
namespace {

std::optional<Millis> FirstTime(Session& s, const std::string& sql, const Args& args, Status* st) {
  std::optional<Millis> t;
  *st = s.Query(sql, args, [&](const Row& r) {
    if (!t) t = r.Int(0);
    return Status::Ok();
  });
  return t;
}

}  // namespace

Result<std::optional<CustomerAggregate>> SqlTx::GetCustomerView(const std::string& client,
                                                                const std::string& contact) {
  PP_RETURN_IF_ERROR(BeforeViews());
  if (auto* hit = Cached(&ViewCache::customers, client, contact)) return *hit;
  return GetCustomerRow(sql(), client, contact);
}

Status SqlTx::PutCustomerView(const std::string& client, const CustomerAggregate& row,
                              const CustomerAggregate* before) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Forget(&ViewCache::customers, client, row.contact_id);
  Session& s = sql();
  const std::string search = CustomerSearchText(row);
  if (before != nullptr && s.engine() == Engine::kPostgres) {
    // An update as a whole-row upsert (the search index is a column of the row): the
    // connection writes a batch's rows as a few multi-row statements rather than one
    // UPDATE each. (Naming unchanged columns costs PostgreSQL nothing: whether an update
    // adds index entries depends on the values that changed, not on the columns it sets.)
    // A new row stays a plain INSERT, which fails on a row already there.
    static const std::string kSql = UpsertSql(
        "customer_metrics", {"client_id", "contact_id"},
        {"email", "name", "company", "order_count", "total_spend", "first_order", "last_order",
         "last_order_reference", "last_updated", "name_folded", "search_text"});
    return s.Send(kSql, {client, row.contact_id, row.email, row.name, row.company,
                         row.order_count, row.total_spend, row.first_order, row.last_order,
                         row.last_order_reference, row.last_updated, FoldedName(row), search});
  }
  if (before == nullptr) {
    PP_ASSIGN_OR_RETURN(std::optional<std::int64_t> entry,
                        IndexNewCustomer(client, row.contact_id, search));
    std::string text = std::string("INSERT INTO customer_metrics (client_id, ") +
                       kCustomerViewCols + ", name_folded, search_text" +
                       (entry ? ", search_rowid" : "") +
                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?" + (entry ? ", ?)" : ")");
    Args args = {client,         row.contact_id,           row.email,        row.name,
                 row.company,    row.order_count,          row.total_spend,  row.first_order,
                 row.last_order, row.last_order_reference, row.last_updated, FoldedName(row),
                 search};
    if (entry) args.emplace_back(*entry);
    PP_RETURN_IF_ERROR(s.Send(text, args));
    return s.Send(
        "INSERT INTO customer_counts (client_id, customers) VALUES (?, 1) ON CONFLICT "
        "(client_id) DO UPDATE SET customers = customer_counts.customers + 1",
        {client});
  }
  const bool identity = CustomerSearchText(*before) != search || before->name != row.name ||
                        before->company != row.company || before->email != row.email;
  if (identity) PP_RETURN_IF_ERROR(ReindexCustomer(client, row.contact_id, search));
  const bool dates = before->first_order != row.first_order ||
                     before->last_order != row.last_order ||
                     before->last_order_reference != row.last_order_reference;
  // Only the changed column groups: the engine then leaves the other indexes alone.
  std::string text =
      "UPDATE customer_metrics SET order_count = ?, total_spend = ?, "
      "last_updated = ?";
  Args args = {row.order_count, row.total_spend, row.last_updated};
  if (dates) {
    text += ", first_order = ?, last_order = ?, last_order_reference = ?";
    args.insert(args.end(), {row.first_order, row.last_order, row.last_order_reference});
  }
  if (identity) {
    text += ", email = ?, name = ?, company = ?, name_folded = ?, search_text = ?";
    args.insert(args.end(), {row.email, row.name, row.company, FoldedName(row), search});
  }
  args.insert(args.end(), {client, row.contact_id});
  // `before` is the row as this transaction read it: the row is there to update.
  return s.Send(text + " WHERE client_id = ? AND contact_id = ?", args);
}

Status SqlTx::PutCustomerViews(const std::string& client, const std::vector<CustomerPut>& puts) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Session& s = sql();
  std::vector<const CustomerAggregate*> added;
  for (const CustomerPut& p : puts) {
    // SQLite (statements are calls into this process, and its search index takes an
    // entry per new row) writes each row as PutCustomerView does.
    if (p.before != nullptr || s.engine() == Engine::kSqlite) {
      PP_RETURN_IF_ERROR(PutCustomerView(client, *p.row, p.before));
    } else {
      added.push_back(p.row);
    }
  }
  if (added.empty()) return Status::Ok();
  // PostgreSQL's new rows (the search index is a column of the row): plain INSERTs of a
  // power of two rows each, so a row already there still fails the transaction.
  constexpr std::size_t kColumns = 13;
  for (std::size_t done = 0; done < added.size();) {
    std::size_t n = s.MaxRowsPerStatement();
    while (n > added.size() - done) n /= 2;
    std::string text = std::string("INSERT INTO customer_metrics (client_id, ") +
                       kCustomerViewCols + ", name_folded, search_text) VALUES ";
    Args args;
    args.reserve(n * kColumns);
    for (std::size_t i = done; i < done + n; ++i) {
      const CustomerAggregate& row = *added[i];
      Forget(&ViewCache::customers, client, row.contact_id);
      text += i == done ? "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        : ", (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
      args.insert(args.end(),
                  {client, row.contact_id, row.email, row.name, row.company, row.order_count,
                   row.total_spend, row.first_order, row.last_order, row.last_order_reference,
                   row.last_updated, FoldedName(row), CustomerSearchText(row)});
    }
    PP_RETURN_IF_ERROR(s.Send(text, args));
    done += n;
  }
  return s.Send(
      "INSERT INTO customer_counts (client_id, customers) VALUES (?, ?) ON CONFLICT "
      "(client_id) DO UPDATE SET customers = customer_counts.customers + excluded.customers",
      {client, static_cast<std::int64_t>(added.size())});
}

Result<std::optional<ProductView>> SqlTx::GetProductView(const std::string& client,
                                                         const std::string& code) {
  PP_RETURN_IF_ERROR(BeforeViews());
  if (auto* hit = Cached(&ViewCache::products, client, code)) return *hit;
  return GetProductRow(sql(), client, code);
}

Status SqlTx::PutProductView(const std::string& client, const ProductView& row) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Forget(&ViewCache::products, client, row.totals.code);
  static const std::string kSql =
      UpsertSql("product_totals", {"client_id", "code"},
                {"name", "name_at", "name_ref", "units", "revenue", "orders", "customers",
                 "first_ordered", "last_ordered"});
  const ProductAggregate& p = row.totals;
  return sql().Send(kSql, {client, p.code, p.name, row.name_at, row.name_ref, p.units, p.revenue,
                          p.orders, p.customers, p.first_ordered, p.last_ordered});
}

Status SqlTx::DeleteProductView(const std::string& client, const std::string& code) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Forget(&ViewCache::products, client, code);
  return sql().Send("DELETE FROM product_totals WHERE client_id = ? AND code = ?", {client, code});
}

Result<OrderDates> SqlTx::CountedOrderDates(const std::string& client,
                                            const std::string& contact_id) {
  Session& s = store_sql();  // orders, not views
  const std::string where =
      " FROM orders WHERE client_id = ? AND contact_id = ? AND " + CountedStatusFilter();
  OrderDates d;
  Status st;
  d.first = FirstTime(s, "SELECT created_at" + where + " ORDER BY created_at LIMIT 1",
                      {client, contact_id}, &st);
  PP_RETURN_IF_ERROR(st);
  PP_RETURN_IF_ERROR(s.Query(
      "SELECT created_at, reference" + where + " ORDER BY created_at DESC, reference DESC LIMIT 1",
      {client, contact_id}, [&](const Row& r) {
        d.last = r.Int(0);
        d.last_reference = r.Text(1);
        return Status::Ok();
      }));
  return d;
}

Result<ProductDates> SqlTx::CountedProductDates(const std::string& client,
                                                const std::string& code) {
  Session& s = store_sql();  // orders, not views
  const std::string where = " FROM order_items WHERE client_id = ? AND code = ? AND counted = TRUE";
  ProductDates d;
  Status st;
  d.first = FirstTime(s, "SELECT created_at" + where + " ORDER BY created_at LIMIT 1",
                      {client, code}, &st);
  PP_RETURN_IF_ERROR(st);
  d.last = FirstTime(s, "SELECT created_at" + where + " ORDER BY created_at DESC LIMIT 1",
                     {client, code}, &st);
  PP_RETURN_IF_ERROR(st);
  PP_RETURN_IF_ERROR(
      s.Query("SELECT i.name, i.created_at, o.reference FROM order_items i JOIN orders o "
              "ON o.client_id = i.client_id AND o.order_id = i.order_id WHERE i.client_id = ? AND "
              "i.code = ? AND i.counted = TRUE AND i.name <> '' "
              "ORDER BY i.created_at DESC, o.reference DESC, i.line_no DESC LIMIT 1",
              {client, code}, [&](const Row& r) {
                d.name = r.Text(0);
                d.name_at = r.Int(1);
                d.name_ref = r.Text(2);
                return Status::Ok();
              }));
  return d;
}

Status SqlTx::ClearViews(const std::string& client) {
  PP_RETURN_IF_ERROR(BeforeViews());
  cache_.erase(client);
  PP_RETURN_IF_ERROR(ClearSearchIndex(client));
  static constexpr std::array<const char*, 25> kDeletes = {
      "DELETE FROM customer_metrics WHERE client_id = ?",
      "DELETE FROM customer_counts WHERE client_id = ?",
      "DELETE FROM product_totals WHERE client_id = ?",
      "DELETE FROM sales_daily WHERE client_id = ?",
      "DELETE FROM product_daily WHERE client_id = ?",
      "DELETE FROM contact_days WHERE client_id = ?",
      "DELETE FROM reorder_cadence WHERE client_id = ?",
      "DELETE FROM reorder_day_counts WHERE client_id = ?",
      "DELETE FROM day_customers WHERE client_id = ?",
      "DELETE FROM contact_spend_days WHERE client_id = ?",
      "DELETE FROM segment_moves WHERE client_id = ?",
      "DELETE FROM cohort_cells WHERE client_id = ?",
      "DELETE FROM account_metrics WHERE client_id = ?",
      "DELETE FROM account_members WHERE client_id = ?",
      "DELETE FROM contact_products WHERE client_id = ?",
      "DELETE FROM contact_first_orders WHERE client_id = ?",
      "DELETE FROM product_cohort_cells WHERE client_id = ?",
      "DELETE FROM product_day_customers WHERE client_id = ?",
      "DELETE FROM product_block_customers WHERE client_id = ?",
      "DELETE FROM stats_cells WHERE client_id = ?",
      "DELETE FROM stats_totals WHERE client_id = ?",
      "DELETE FROM stats_buckets WHERE client_id = ?",
      "DELETE FROM stats_gaps WHERE client_id = ?",
      "DELETE FROM segment_days WHERE client_id = ?",
      "DELETE FROM product_blocks WHERE client_id = ?",
  };
  for (const char* text : kDeletes) PP_RETURN_IF_ERROR(sql().Send(text, {client}));
  return Status::Ok();
}

Result<ClientViews> SqlTx::ReadViews(const std::string& client) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Session& s = sql();
  ClientViews v;
  PP_RETURN_IF_ERROR(s.Query(std::string("SELECT ") + kCustomerViewCols +
                                 ", search_text FROM customer_metrics WHERE client_id = ? "
                                 "ORDER BY contact_id",
                             {client}, [&](const Row& r) {
                               v.customers.push_back(CustomerFromRow(r));
                               v.search_texts.push_back(r.Text(10));
                               return Status::Ok();
                             }));
  PP_RETURN_IF_ERROR(ReadSearchIndex(client, &v));
  PP_RETURN_IF_ERROR(s.Query(std::string("SELECT ") + kProductViewCols +
                                 " FROM product_totals WHERE client_id = ? ORDER BY code",
                             {client}, [&](const Row& r) {
                               v.products.push_back(ProductViewFromRow(r));
                               return Status::Ok();
                             }));
  PP_RETURN_IF_ERROR(ReadRollUps(s, client, &v.rollups));
  PP_RETURN_IF_ERROR(ReadSqlTx(client, &v));
  return v;
}

}  // namespace packprod::store::sql
