#include "store/postgres/view_queries.h"

#include "store/postgres/session.h"
#include "store/sql/view_queries.h"


namespace packprod::store::postgres {
namespace {


// WHERE conditions of a customer listing, without the cursor. The search is a LIKE
// '%text%' that the pg_trgm GIN index (customer_metrics_search) answers.
void Filters(Query& q, const std::string& client, const CustomerViewQuery& v) {
  q.Sql(" WHERE client_id = ").Arg(client);
  if (!v.search.empty()) q.Sql(" AND search_text LIKE ").Arg("%" + sql::LikeEscape(v.search) + "%");
  AppendSegmentFilter(q, v);
}

// Appends up to `want` rows of one part of the listing (the non-null keys, or the
// null ones, which always come last).
Status ReadPart(Conn& c, const std::string& client, const CustomerViewQuery& v, bool null_part,
                int want, std::vector<CustomerAggregate>* out) {
  Query q;
  q.Sql("SELECT ").Sql(kCustomerViewCols).Sql(" FROM customer_metrics");
  Filters(q, client, v);
  AppendCustomerPart(q, v, null_part, want);
  PP_ASSIGN_OR_RETURN(Res r, q.Run(c));
  for (int i = 0; i < r.rows(); ++i) out->push_back(CustomerFromViewRow(r, i));
  return Status::Ok();
}

}  // namespace

CustomerAggregate CustomerFromViewRow(const Res& r, int i) {
  CustomerAggregate c;
  c.contact_id = r.Text(i, 0);
  c.email = r.Text(i, 1);
  c.name = r.OptText(i, 2);
  c.company = r.OptText(i, 3);
  c.order_count = r.Int(i, 4);
  c.total_spend = r.Int(i, 5);
  c.first_order = r.OptInt(i, 6);
  c.last_order = r.OptInt(i, 7);
  c.last_order_reference = r.OptText(i, 8);
  c.last_updated = r.Int(i, 9);
  return c;
}

Result<CustomerViewPage> QueryCustomerViews(Conn& c, const std::string& client,
                                            const CustomerViewQuery& v) {
  CustomerViewPage page;
  {
    Query q;
    q.Sql("SELECT COUNT(*) FROM customer_metrics");
    Filters(q, client, v);
    PP_ASSIGN_OR_RETURN(Res r, q.Run(c));
    page.total = r.Int(0, 0);
  }
  const int want = v.limit + 1;  // one more tells whether a page follows
  bool in_null_part = v.after && v.after->null_key;
  if (!in_null_part) PP_RETURN_IF_ERROR(ReadPart(c, client, v, false, want, &page.items));
  if (CustomerSortNullable(v.sort) && static_cast<int>(page.items.size()) < want) {
    PP_RETURN_IF_ERROR(
        ReadPart(c, client, v, true, want - static_cast<int>(page.items.size()), &page.items));
  }
  if (static_cast<int>(page.items.size()) > v.limit) {
    page.items.resize(static_cast<size_t>(v.limit));
    page.more = true;
  }
  return page;
}

Result<std::array<std::int64_t, 4>> QuerySegmentCounts(Conn& c, const std::string& client,
                                                       const SegmentBounds& b) {
  // The four counts in one pass over the client's rows.
  const Segment order[] = {Segment::kVip, Segment::kActive, Segment::kNew, Segment::kDormant};
  Query q;
  q.Sql("SELECT ");
  for (int i = 0; i < 4; ++i) {
    q.Sql(i ? ", " : "").Sql("COUNT(*) FILTER (WHERE ");
    AppendSegmentCondition(q, order[i], b);
    q.Sql(")");
  }
  q.Sql(" FROM customer_metrics WHERE client_id = ").Arg(client);
  PP_ASSIGN_OR_RETURN(Res r, q.Run(c));
  std::array<std::int64_t, 4> out{};
  for (int i = 0; i < 4; ++i) out[static_cast<size_t>(i)] = r.Int(0, i);
  return out;
}

Result<std::vector<ProductAggregate>> QueryProductTotals(Conn& c, const std::string& client) {
  PP_ASSIGN_OR_RETURN(Res r,
                      c.Q("SELECT code, name, units, revenue, orders, customers, first_ordered, "
                          "last_ordered FROM product_totals WHERE client_id = $1",
                          client));
  std::vector<ProductAggregate> out;
  out.reserve(static_cast<std::size_t>(r.rows()));
  for (int i = 0; i < r.rows(); ++i) {
    ProductAggregate p;
    p.code = r.Text(i, 0);
    p.name = r.OptText(i, 1);
    p.units = r.Int(i, 2);
    p.revenue = r.Int(i, 3);
    p.orders = r.Int(i, 4);
    p.customers = r.Int(i, 5);
    p.first_ordered = r.OptInt(i, 6);
    p.last_ordered = r.OptInt(i, 7);
    out.push_back(std::move(p));
  }
  return out;
}

Result<DayRollups> QueryDayRollups(Conn& c, const std::string& client, DayNumber from,
                                   DayNumber to, int parts) {
  DayRollups out;
  const std::int64_t f = from, t = to;
  if (parts & kSalesRollup) {
    PP_ASSIGN_OR_RETURN(Res s, c.Q("SELECT day, orders, revenue, units FROM sales_daily WHERE "
                                   "client_id = $1 AND day BETWEEN $2 AND $3",
                                   client, f, t));
    for (int i = 0; i < s.rows(); ++i) {
      out.sales.push_back(SalesDayRow{static_cast<DayNumber>(s.Int(i, 0)), s.Int(i, 1),
                                      s.Int(i, 2), s.Int(i, 3)});
    }
  }
  if (parts & kContactRollup) {
    PP_ASSIGN_OR_RETURN(Res d, c.Q("SELECT day, contact_id, orders, revenue FROM contact_days "
                                   "WHERE client_id = $1 AND day BETWEEN $2 AND $3",
                                   client, f, t));
    for (int i = 0; i < d.rows(); ++i) {
      out.contacts.push_back(ContactDayRow{static_cast<DayNumber>(d.Int(i, 0)), d.Text(i, 1),
                                           d.Int(i, 2), d.Int(i, 3)});
    }
  }
  if (parts & kProductRollup) {
    PP_ASSIGN_OR_RETURN(Res p, c.Q("SELECT day, code, units, revenue, orders FROM product_daily "
                                   "WHERE client_id = $1 AND day BETWEEN $2 AND $3",
                                   client, f, t));
    for (int i = 0; i < p.rows(); ++i) {
      out.products.push_back(ProductDayRow{static_cast<DayNumber>(p.Int(i, 0)), p.Text(i, 1),
                                           p.Int(i, 2), p.Int(i, 3), p.Int(i, 4)});
    }
  }
  if (parts & kDayCustomersRollup) {
    PgSession s(c);
    PP_RETURN_IF_ERROR(sql::ReadDayCustomerRows(s, client, from, to, &out.day_customers));
  }
  return out;
}

Result<std::int64_t> QueryFirstOrders(Conn& c, const std::string& client, Millis from, Millis to) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q("SELECT COUNT(*) FROM customer_metrics WHERE client_id = $1 "
                                 "AND first_order >= $2 AND first_order < $3",
                                 client, from, to));
  return r.Int(0, 0);
}

Status QueryProductPeriod(Conn& c, const std::string& client, Millis from, Millis to,
                          std::vector<ProductAggregate>* products) {
  for (ProductAggregate& p : *products) {
    PP_ASSIGN_OR_RETURN(
        Res n, c.Q("SELECT COUNT(DISTINCT contact_id) FROM order_items WHERE client_id = $1 "
                   "AND code = $2 AND created_at >= $3 AND created_at < $4 AND counted",
                   client, p.code, from, to));
    p.customers = n.Int(0, 0);
  }
  return QueryProductNames(c, client, products);
}

Status QueryProductNames(Conn& c, const std::string& client,
                         std::vector<ProductAggregate>* products) {
  for (ProductAggregate& p : *products) {
    PP_ASSIGN_OR_RETURN(
        Res m, c.Q("SELECT i.name FROM order_items i JOIN orders o ON o.client_id = i.client_id "
                   "AND o.order_id = i.order_id WHERE i.client_id = $1 AND i.code = $2 AND "
                   "i.name IS NOT NULL AND i.name <> '' ORDER BY i.created_at DESC, "
                   "o.reference DESC, i.line_no DESC LIMIT 1",
                   client, p.code));
    p.name = m.rows() ? m.OptText(0, 0) : std::nullopt;
  }
  return Status::Ok();
}

}  // namespace packprod::store::postgres
