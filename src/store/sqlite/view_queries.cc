#include "store/sqlite/view_queries.h"

#include <tuple>
#include <variant>

#include "domain/text.h"
#include "store/sql/view_queries.h"
#include "store/sqlite/session.h"

namespace packprod::store::sqlite {
namespace {


// Matches of the search index up to which a listing reads them by key and sorts them.
constexpr std::int64_t kFewMatches = 10000;

// Whether Filters narrows by the trigram index (a search of three or more characters).
bool UsesSearchIndex(const CustomerViewQuery& v) {
  return !v.search.empty() && CodePoints(v.search) >= 3;
}

// WHERE conditions of a customer listing, without the cursor.
void Filters(Query& q, const std::string& client, const CustomerViewQuery& v) {
  q.Sql(" WHERE client_id = ").Text(client);
  if (!v.search.empty()) {
    if (UsesSearchIndex(v)) {
      // The trigram index answers substrings of three or more characters.
      std::string phrase = "\"";
      for (char c : v.search) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
      phrase += "\"";
      q.Sql(
           " AND contact_id IN (SELECT contact_id FROM customer_search WHERE "
           "customer_search MATCH ")
          .Text(phrase)
          .Sql(" AND client_id = ")
          .Text(client);
      q.Sql(") AND instr(search_text, ").Text(v.search).Sql(") > 0");
    } else {
      q.Sql(" AND instr(search_text, ").Text(v.search).Sql(") > 0");
    }
  }
  AppendSegmentFilter(q, v);
}

// Appends up to `want` rows of one part of the listing (the non-null keys, or the
// null ones, which always come last).
// `by_matches`: the search index's matches are few, so read them by key and sort them
// ("+col" keeps the planner off the sort index, which would walk every customer).
Status ReadPart(Db& db, const std::string& client, const CustomerViewQuery& v, bool null_part,
                int want, bool by_matches, std::vector<CustomerAggregate>* out) {
  Query q;
  q.Sql("SELECT ").Sql(kCustomerViewCols).Sql(" FROM customer_metrics");
  Filters(q, client, v);
  AppendCustomerPart(q, v, null_part, want, by_matches);
  Stmt& s = q.Prepare(db);
  while (s.Step()) out->push_back(CustomerFromViewRow(s));
  Status st = s.error();
  s.Reset();
  return st;
}

}  // namespace

CustomerAggregate CustomerFromViewRow(const Stmt& s) {
  CustomerAggregate c;
  c.contact_id = s.Text(0);
  c.email = s.Text(1);
  c.name = s.OptText(2);
  c.company = s.OptText(3);
  c.order_count = s.Int(4);
  c.total_spend = s.Int(5);
  c.first_order = s.OptInt(6);
  c.last_order = s.OptInt(7);
  c.last_order_reference = s.OptText(8);
  c.last_updated = s.Int(9);
  return c;
}

Result<CustomerViewPage> QueryCustomerViews(Db& db, const std::string& client,
                                            const CustomerViewQuery& v) {
  CustomerViewPage page;
  if (v.search.empty() && v.segments.empty()) {
    // Every customer: the count kept beside the rows, not a count over them.
    Stmt& s = db.Prepare("SELECT customers FROM customer_counts WHERE client_id = ?");
    s.Bind(1, client);
    if (s.Step()) page.total = s.Int(0);
    PP_RETURN_IF_ERROR(s.error());
    s.Reset();
  } else {
    Query q;
    q.Sql("SELECT COUNT(*) FROM customer_metrics");
    Filters(q, client, v);
    Stmt& s = q.Prepare(db);
    if (s.Step()) page.total = s.Int(0);
    PP_RETURN_IF_ERROR(s.error());
    s.Reset();
  }
  const int want = v.limit + 1;  // one more tells whether a page follows
  const bool by_matches = UsesSearchIndex(v) && page.total <= kFewMatches;
  bool in_null_part = v.after && v.after->null_key;
  if (!in_null_part)
    PP_RETURN_IF_ERROR(ReadPart(db, client, v, false, want, by_matches, &page.items));
  if (CustomerSortNullable(v.sort) && static_cast<int>(page.items.size()) < want) {
    PP_RETURN_IF_ERROR(ReadPart(db, client, v, true, want - static_cast<int>(page.items.size()),
                                by_matches, &page.items));
  }
  if (static_cast<int>(page.items.size()) > v.limit) {
    page.items.resize(static_cast<size_t>(v.limit));
    page.more = true;
  }
  return page;
}

Result<std::array<std::int64_t, 4>> QuerySegmentCounts(Db& db, const std::string& client,
                                                       const SegmentBounds& b) {
  std::array<std::int64_t, 4> out{};
  const Segment order[] = {Segment::kVip, Segment::kActive, Segment::kNew, Segment::kDormant};
  // One pass over the client's rows, all four counts at once.
  Query q;
  q.Sql("SELECT ");
  for (int i = 0; i < 4; ++i) {
    q.Sql(i ? ", " : "").Sql("COALESCE(SUM(CASE WHEN ");
    AppendSegmentCondition(q, order[i], b);
    q.Sql(" THEN 1 ELSE 0 END), 0)");
  }
  q.Sql(" FROM customer_metrics WHERE client_id = ").Text(client);
  Stmt& s = q.Prepare(db);
  if (s.Step()) {
    for (int i = 0; i < 4; ++i) out[static_cast<size_t>(i)] = s.Int(i);
  }
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Result<std::vector<ProductAggregate>> QueryProductTotals(Db& db, const std::string& client) {
  Stmt& s = db.Prepare(
      "SELECT code, name, units, revenue, orders, customers, first_ordered, last_ordered "
      "FROM product_totals WHERE client_id = ?");
  s.Bind(1, client);
  std::vector<ProductAggregate> out;
  while (s.Step()) {
    ProductAggregate p;
    p.code = s.Text(0);
    p.name = s.OptText(1);
    p.units = s.Int(2);
    p.revenue = s.Int(3);
    p.orders = s.Int(4);
    p.customers = s.Int(5);
    p.first_ordered = s.OptInt(6);
    p.last_ordered = s.OptInt(7);
    out.push_back(std::move(p));
  }
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Result<DayRollups> QueryDayRollups(Db& db, const std::string& client, DayNumber from, DayNumber to,
                                   int parts) {
  DayRollups r;
  if (parts & kSalesRollup) {
    Stmt& s = db.Prepare(
        "SELECT day, orders, revenue, units FROM sales_daily WHERE client_id = ? AND day "
        "BETWEEN ? AND ?");
    s.Bind(1, client).Bind(2, std::int64_t{from}).Bind(3, std::int64_t{to});
    while (s.Step()) {
      r.sales.push_back(
          SalesDayRow{static_cast<DayNumber>(s.Int(0)), s.Int(1), s.Int(2), s.Int(3)});
    }
    PP_RETURN_IF_ERROR(s.error());
    s.Reset();
  }
  if (parts & kContactRollup) {
    Stmt& s = db.Prepare(
        "SELECT day, contact_id, orders, revenue FROM contact_days WHERE client_id = ? AND day "
        "BETWEEN ? AND ?");
    s.Bind(1, client).Bind(2, std::int64_t{from}).Bind(3, std::int64_t{to});
    while (s.Step()) {
      r.contacts.push_back(
          ContactDayRow{static_cast<DayNumber>(s.Int(0)), s.Text(1), s.Int(2), s.Int(3)});
    }
    PP_RETURN_IF_ERROR(s.error());
    s.Reset();
  }
  if (parts & kDayCustomersRollup) {
    SqliteSession session(db);
    PP_RETURN_IF_ERROR(sql::ReadDayCustomerRows(session, client, from, to, &r.day_customers));
  }
  if (!(parts & kProductRollup)) return r;
  Stmt& s = db.Prepare(
      "SELECT day, code, units, revenue, orders FROM product_daily WHERE client_id = ? AND day "
      "BETWEEN ? AND ?");
  s.Bind(1, client).Bind(2, std::int64_t{from}).Bind(3, std::int64_t{to});
  while (s.Step()) {
    r.products.push_back(
        ProductDayRow{static_cast<DayNumber>(s.Int(0)), s.Text(1), s.Int(2), s.Int(3), s.Int(4)});
  }
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return r;
}

Result<std::int64_t> QueryFirstOrders(Db& db, const std::string& client, Millis from, Millis to) {
  Stmt& s = db.Prepare(
      "SELECT COUNT(*) FROM customer_metrics WHERE client_id = ? AND first_order >= ? AND "
      "first_order < ?");
  s.Bind(1, client).Bind(2, from).Bind(3, to);
  std::int64_t n = 0;
  if (s.Step()) n = s.Int(0);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return n;
}

namespace {

// A product's name (Store::FillProductNames): the name of the latest (createdAt,
// orderReference, line) line of `code` that has one, any status: walks the code's index
// from the newest line down and stops after the first instant holding a named line
// (only ties there need the references).
Result<std::optional<std::string>> LatestName(Db& db, const std::string& client,
                                              const std::string& code) {
  Stmt& s = db.Prepare(
      "SELECT created_at, name, order_id, line_no FROM order_items INDEXED BY "
      "order_items_by_code WHERE client_id = ? AND code = ? ORDER BY created_at DESC");
  s.Bind(1, client).Bind(2, code);
  struct Candidate {
    std::string name, order_id;
    std::int64_t line = 0;
  };
  std::vector<Candidate> found;
  std::optional<Millis> at;
  while (s.Step()) {
    if (at && s.Int(0) < *at) break;
    std::optional<std::string> name = s.OptText(1);
    if (!name || name->empty()) continue;
    at = s.Int(0);
    found.push_back(Candidate{std::move(*name), s.Text(2), s.Int(3)});
  }
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  if (found.empty()) return std::optional<std::string>();
  if (found.size() == 1) return std::optional<std::string>(found[0].name);
  std::string best_ref;
  const Candidate* best = nullptr;
  for (const Candidate& c : found) {
    Stmt& r = db.Prepare("SELECT reference FROM orders WHERE client_id = ? AND order_id = ?");
    r.Bind(1, client).Bind(2, c.order_id);
    std::string ref = r.Step() ? r.Text(0) : std::string();
    PP_RETURN_IF_ERROR(r.error());
    r.Reset();
    if (best == nullptr || std::tie(ref, c.line) > std::tie(best_ref, best->line)) {
      best = &c;
      best_ref = std::move(ref);
    }
  }
  return std::optional<std::string>(best->name);
}

}  // namespace

Status QueryProductPeriod(Db& db, const std::string& client, Millis from, Millis to,
                          std::vector<ProductAggregate>* products) {
  for (ProductAggregate& p : *products) {
    Stmt& c = db.Prepare(
        "SELECT COUNT(DISTINCT contact_id) FROM order_items WHERE client_id = ? AND code = ? "
        "AND created_at >= ? AND created_at < ? AND counted = 1");
    c.Bind(1, client).Bind(2, p.code).Bind(3, from).Bind(4, to);
    if (c.Step()) p.customers = c.Int(0);
    PP_RETURN_IF_ERROR(c.error());
    c.Reset();
    PP_ASSIGN_OR_RETURN(p.name, LatestName(db, client, p.code));
  }
  return Status::Ok();
}

Status QueryProductNames(Db& db, const std::string& client,
                         std::vector<ProductAggregate>* products) {
  for (ProductAggregate& p : *products) {
    PP_ASSIGN_OR_RETURN(p.name, LatestName(db, client, p.code));
  }
  return Status::Ok();
}

}  // namespace packprod::store::sqlite
