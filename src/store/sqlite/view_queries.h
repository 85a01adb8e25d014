// Reads of the views for the query API (store.h "views (read side)"), on one
// connection inside the caller's read transaction. Used only by store/sqlite.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "store/sqlite/db.h"
#include "store/store.h"

namespace packprod::store::sqlite {

// customer_metrics columns in the order CustomerFromViewRow reads them.
inline constexpr const char* kCustomerViewCols =
    "contact_id, email, name, company, order_count, total_spend, first_order, last_order, "
    "last_order_reference, last_updated";
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

}  // namespace packprod::store::sqlite
