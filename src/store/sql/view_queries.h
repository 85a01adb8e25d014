// The read side of the views written once over sql::Session: what the Store's read
// methods run on a snapshot (a reader connection), and what ReadViews reads of each view.
// Used only by store/sqlite and store/postgres.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/sql/session.h"
#include "store/store.h"

namespace packprod::store::sql {

// Rows of customer_metrics (kCustomerViewCols) and product_totals (kProductViewCols).
CustomerAggregate CustomerFromRow(const Row& r);
ProductView ProductViewFromRow(const Row& r);
// One row of each (nullopt: none).
Result<std::optional<CustomerAggregate>> GetCustomerRow(Session& s, const std::string& client,
                                                        const std::string& contact_id);
Result<std::optional<ProductView>> GetProductRow(Session& s, const std::string& client,
                                                 const std::string& code);
// The product's product_totals row (nullopt: none) and, when `orders` is given, the
// orders holding it (product_order_counts, any status; 0 without a row), in one statement.
Result<std::optional<ProductAggregate>> QueryProductAndOrderCount(Session& s,
                                                                  const std::string& client,
                                                                  const std::string& code,
                                                                  std::int64_t* orders);

// The Store's view reads (store.h), each on the caller's snapshot.
Result<CustomerViewPage> QueryCustomerViews(Session& s, const std::string& client,
                                            const CustomerViewQuery& q);
// A page of every customer in an order without NULL keys (no search, no segments; sorted
// by total spend or order count) and its total, in one statement: its own snapshot.
// nullopt when the query is not of that kind or the page is empty (QueryCustomerViews
// then answers it).
Result<std::optional<CustomerViewPage>> QueryCustomerPageAlone(Session& s,
                                                               const std::string& client,
                                                               const CustomerViewQuery& q);
Result<std::array<std::int64_t, 4>> QuerySegmentCounts(Session& s, const std::string& client,
                                                       const SegmentBounds& b);
Result<DayRollups> QueryDayRollups(Session& s, const std::string& client, DayNumber from,
                                   DayNumber to, int parts);
// The contacts of local days [from, to] (contact_days summed) ranked by revenue desc,
// contactID asc, at most `k`, with name and email from customer_metrics (one statement).
Result<std::vector<ContactSum>> QueryTopContacts(Session& s, const std::string& client,
                                                 DayNumber from, DayNumber to, std::size_t k);
Result<std::int64_t> QueryFirstOrders(Session& s, const std::string& client, Millis from,
                                      Millis to);
Status QueryProductPeriod(Session& s, const std::string& client, Millis from, Millis to,
                          std::vector<ProductAggregate>* products);
// Store::FillProductNames: each product's name from its latest named line, any status.
Status QueryProductNames(Session& s, const std::string& client,
                         std::vector<ProductAggregate>* products);
// Every product_totals row of the client.
Result<std::vector<ProductAggregate>> QueryProductTotals(Session& s, const std::string& client);
// sales_daily, product_daily and contact_days: every row (ReadViews).
Status ReadRollUps(Session& s, const std::string& client, RollUps* r);

// segment_days and product_blocks (views_segment_counts.cc): every row (ReadViews); the
// segment counts {VIP, Active, New, Dormant} for `b` from the kept rows (nullopt: answer
// them from customer_metrics); the products' sums over days [from, to], by code.
Status ReadSegmentDayRows(Session& s, const std::string& client, SegmentDayRows* out);
Status ReadProductBlocks(Session& s, const std::string& client, ProductBlocks* out);
Result<std::optional<std::array<std::int64_t, 4>>> QueryKeptSegmentCounts(
    Session& s, const std::string& client, const SegmentBounds& b);
Result<std::vector<ProductAggregate>> QueryProductRange(Session& s, const std::string& client,
                                                        DayNumber from, DayNumber to);

// reorder_cadence (views_reorders.cc): every row of the client by contact_id, and a page.
Status ReadReorderViews(Session& s, const std::string& client, std::vector<ReorderView>* out);
// reorder_day_counts (views_reorders.cc): every row of the client by day; and the client's
// rows made afresh from its reorder_cadence days.
Status ReadReorderDayCounts(Session& s, const std::string& client,
                            std::vector<ReorderDayCount>* out);
Status RecountReorderDays(Session& s, const std::string& client);
Result<ReorderPage> QueryReorderViews(Session& s, const std::string& client,
                                      const ReorderQuery& q);

// A day_customers row (also product_day_customers' columns day, firsts, previous).
Result<DayCustomers> DayCustomersFromRow(const Row& r);
// contact_products (views_contact_products.cc): the contact's `limit` rows with the most
// revenue (desc, then code asc) as code, units and revenue.
Result<std::vector<ProductAggregate>> QueryTopContactProducts(Session& s,
                                                              const std::string& client,
                                                              const std::string& contact_id,
                                                              int limit);
// Store::FillProductDays' customers (views_product_day_customers.cc): each product's
// distinct customers over days [from, to] from its product_day_customers rows, read for
// every code at once (one statement per batch of codes).
Status QueryProductDayCustomers(Session& s, const std::string& client, DayNumber from,
                                DayNumber to, std::vector<ProductAggregate>* products);
// day_customers (views_day_customers.cc): the rows of days [from, to], by day, appended.
Status ReadDayCustomerRows(Session& s, const std::string& client, DayNumber from, DayNumber to,
                           std::vector<DayCustomers>* out);
// account_metrics and account_members (views_accounts.cc): every row, and a listing page.
Status ReadAccountViews(Session& s, const std::string& client, ClientViews* out);
Result<AccountPage> QueryAccountViews(Session& s, const std::string& client,
                                      const CustomerViewQuery& v);
// contact_spend_days, segment_moves and cohort_cells (views_segments.cc): every row; the
// movement counts of days [from_day, to_day]; a page of one transition's contacts; the
// cohort cells of cohorts [from, to].
Status ReadSegmentViews(Session& s, const std::string& client, ClientViews* v);
Result<std::vector<SegmentMoveCount>> QuerySegmentMoveCounts(Session& s,
                                                             const std::string& client,
                                                             DayNumber from_day,
                                                             DayNumber to_day);
Result<SegmentMovePage> QuerySegmentMoves(Session& s, const std::string& client,
                                          const SegmentMoveQuery& v);
Result<CohortCells> QueryCohortCells(Session& s, const std::string& client, MonthNumber from,
                                     MonthNumber to);

}  // namespace packprod::store::sql
