// Reads of the views for the query API (store.h "views (read side)"), on one
// connection inside the caller's read transaction. Used only by store/sqlite.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/sqlite/db.h"
#include "store/store.h"
#include "store/view_sql.h"

namespace packprod::store::sqlite {

// SQL text with its bindings, built together so the two never disagree.
class Query {
 public:
  Query& Sql(std::string_view s) {
    sql_ += s;
    return *this;
  }
  Query& Int(std::int64_t v) {
    sql_ += "?";
    args_.emplace_back(v);
    return *this;
  }
  Query& Text(std::string v) {
    sql_ += "?";
    args_.emplace_back(std::move(v));
    return *this;
  }
  Stmt& Prepare(Db& db) const {
    Stmt& s = db.Prepare(sql_);
    int i = 1;
    for (const auto& a : args_) {
      if (std::holds_alternative<std::int64_t>(a)) {
        s.Bind(i++, std::get<std::int64_t>(a));
      } else {
        s.Bind(i++, std::get<std::string>(a));
      }
    }
    return s;
  }

 private:
  std::string sql_;
  std::vector<std::variant<std::int64_t, std::string>> args_;
};

CustomerAggregate CustomerFromViewRow(const Stmt& s);

Result<CustomerViewPage> QueryCustomerViews(Db& db, const std::string& client,
                                            const CustomerViewQuery& q);
Result<std::array<std::int64_t, 4>> QuerySegmentCounts(Db& db, const std::string& client,
                                                       const SegmentBounds& b);
Result<DayRollups> QueryDayRollups(Db& db, const std::string& client, DayNumber from,
                                   DayNumber to, int parts);
Result<std::int64_t> QueryFirstOrders(Db& db, const std::string& client, Millis from, Millis to);
Status QueryProductPeriod(Db& db, const std::string& client, Millis from, Millis to,
                          std::vector<ProductAggregate>* products);
// Store::FillProductNames: each product's name from its latest named line, any status.
Status QueryProductNames(Db& db, const std::string& client,
                         std::vector<ProductAggregate>* products);
// Every product_totals row of the client.
Result<std::vector<ProductAggregate>> QueryProductTotals(Db& db, const std::string& client);
// reorder_cadence (views_reorders.cc): every row of the client by contact_id, and a page.
Status ReadReorderViews(Db& db, const std::string& client, std::vector<ReorderView>* out);
// contact_order_days (views_reorders.cc): every row of the client by contact_id.
Status ReadContactDaySets(Db& db, const std::string& client,
                          std::vector<std::pair<std::string, std::string>>* out);
// day_customers (views_day_customers.cc): the rows of days [from, to], by day.
Status ReadDayCustomerRows(Db& db, const std::string& client, DayNumber from, DayNumber to,
                           std::vector<DayCustomers>* out);
// account_metrics and account_members (views_accounts.cc): every row of the client into
// `out` (accounts by id, members by contact), and a listing page.
Status ReadAccountViews(Db& db, const std::string& client, ClientViews* out);
Result<AccountPage> QueryAccountViews(Db& db, const std::string& client,
                                      const CustomerViewQuery& v);
Result<ReorderPage> QueryReorderViews(Db& db, const std::string& client, const ReorderQuery& q);
// contact_spend_days, segment_moves and cohort_cells (views_segments.cc): every row of the
// client into `v` (verify), the move counts and pages, and the cells of some cohorts.
Status ReadSegmentViews(Db& db, const std::string& client, ClientViews* v);
Result<std::vector<SegmentMoveCount>> QuerySegmentMoveCounts(Db& db, const std::string& client,
                                                             DayNumber from_day,
                                                             DayNumber to_day);
Result<SegmentMovePage> QuerySegmentMoves(Db& db, const std::string& client,
                                          const SegmentMoveQuery& v);
Result<CohortCells> QueryCohortCells(Db& db, const std::string& client, MonthNumber from,
                                     MonthNumber to);

}  // namespace packprod::store::sqlite
