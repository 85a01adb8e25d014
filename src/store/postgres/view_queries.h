// Reads of the views for the query API (store.h "views (read side)"), on one
// connection inside the caller's read transaction. Used only by store/postgres.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "store/postgres/pg.h"
#include "store/store.h"
#include "store/view_sql.h"

namespace packprod::store::postgres {

// SQL text with its parameters, built together so the two never disagree.
class Query {
 public:
  Query& Sql(std::string_view s) {
    sql_ += s;
    return *this;
  }
  template <typename T>
  Query& Arg(const T& v) {
    sql_ += "$" + std::to_string(p_.Next());
    p_.Add(v);
    return *this;
  }
  // A bigint parameter, typed so that arithmetic on it needs no inference.
  Query& Int(std::int64_t v) {
    Arg(v);
    sql_ += "::bigint";
    return *this;
  }
  Query& Text(std::string v) { return Arg(v); }
  Result<Res> Run(Conn& c) const { return c.Exec(sql_, p_); }

 private:
  std::string sql_;
  Params p_;
};

CustomerAggregate CustomerFromViewRow(const Res& r, int row);

Result<CustomerViewPage> QueryCustomerViews(Conn& c, const std::string& client,
                                            const CustomerViewQuery& q);
Result<std::array<std::int64_t, 4>> QuerySegmentCounts(Conn& c, const std::string& client,
                                                       const SegmentBounds& b);
Result<DayRollups> QueryDayRollups(Conn& c, const std::string& client, DayNumber from,
                                   DayNumber to, int parts);
Result<std::int64_t> QueryFirstOrders(Conn& c, const std::string& client, Millis from, Millis to);
Status QueryProductPeriod(Conn& c, const std::string& client, Millis from, Millis to,
                          std::vector<ProductAggregate>* products);
// Store::FillProductNames: each product's name from its latest named line, any status.
Status QueryProductNames(Conn& c, const std::string& client,
                         std::vector<ProductAggregate>* products);
// Every product_totals row of the client.
Result<std::vector<ProductAggregate>> QueryProductTotals(Conn& c, const std::string& client);
// reorder_cadence (views_reorders.cc): every row of the client by contact_id, and a page.
Status ReadReorderViews(Conn& c, const std::string& client, std::vector<ReorderView>* out);
// contact_order_days (views_reorders.cc): every row of the client by contact_id.
Status ReadContactDaySets(Conn& c, const std::string& client,
                          std::vector<std::pair<std::string, std::string>>* out);
// BYTEA travels as hex text (the parameters and results are in text format): bytes to
// lower-case hex and back (views_reorders.cc); Internal for malformed hex.
std::string ToHex(std::string_view bytes);
Result<std::string> FromHex(std::string_view hex);
// day_customers (views_day_customers.cc): the rows of days [from, to], by day.
Status ReadDayCustomerRows(Conn& c, const std::string& client, DayNumber from, DayNumber to,
                           std::vector<DayCustomers>* out);
// account_metrics and account_members (views_accounts.cc): every row of the client into
// `out` (accounts by id, members by contact), and a listing page.
Status ReadAccountViews(Conn& c, const std::string& client, ClientViews* out);
Result<AccountPage> QueryAccountViews(Conn& c, const std::string& client,
                                      const CustomerViewQuery& v);
Result<ReorderPage> QueryReorderViews(Conn& c, const std::string& client, const ReorderQuery& q);
// contact_spend_days, segment_moves and cohort_cells (views_segments.cc): every row of the
// client into `v` (verify), the move counts and pages, and the cells of some cohorts.
Status ReadSegmentViews(Conn& c, const std::string& client, ClientViews* v);
Result<std::vector<SegmentMoveCount>> QuerySegmentMoveCounts(Conn& c, const std::string& client,
                                                             DayNumber from_day,
                                                             DayNumber to_day);
Result<SegmentMovePage> QuerySegmentMoves(Conn& c, const std::string& client,
                                          const SegmentMoveQuery& v);
Result<CohortCells> QueryCohortCells(Conn& c, const std::string& client, MonthNumber from,
                                     MonthNumber to);

}  // namespace packprod::store::postgres
