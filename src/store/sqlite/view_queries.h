// Reads of the views for the query API (store.h "views (read side)"), on one
// connection inside the caller's read transaction. Used only by store/sqlite.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "store/sqlite/db.h"
#include "store/store.h"
#include "store/view_sql.h"

namespace packprod::store::sqlite {

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
// Every product_totals row of the client.
Result<std::vector<ProductAggregate>> QueryProductTotals(Db& db, const std::string& client);
// reorder_cadence (views_reorders.cc): every row of the client by contact_id, and a page.
Status ReadReorderViews(Db& db, const std::string& client, std::vector<ReorderView>* out);
Result<ReorderPage> QueryReorderViews(Db& db, const std::string& client, const ReorderQuery& q);

}  // namespace packprod::store::sqlite
