// `verify`'s side of the comparison: the views of one client recomputed from scratch
// with the domain functions (independently of the incremental code), and the list of
// differences against the stored rows. Pure; no I/O.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "domain/day_customers.h"
#include "domain/accounts.h"
#include "domain/metrics.h"
#include "domain/order.h"
#include "domain/product_cohorts.h"
#include "domain/order_stats.h"
#include "domain/reports.h"
#include "domain/segment_history.h"
#include "domain/usual_basket.h"
#include "store/view_rows.h"

namespace packprod::stream {

struct ExpectedViews {
  std::vector<CustomerAggregate> customers;  // AggregateCustomers, by contact id
  std::vector<ProductAggregate> products;    // ProductCatalogue, by code
  store::RollUps rollups;                    // per local day in `tz`, counted orders
  std::vector<store::ReorderView> reorders;  // CadenceOf each contact's order days, by id
  // Each contact's counted order days, ascending (what day_customers and the reorder
  // cadences are computed from).
  std::map<std::string, std::vector<DayNumber>> order_days;
  std::vector<DayCustomers> day_customers;  // DayCustomersOf(order_days), by day
  // Segment movements and cohorts: each contact's SpendDays built from its counted orders,
  // its SegmentMoves under `rules`, and the sum of the contacts' cohort cells.
  std::map<std::string, SpendDays> spend_days;
  std::map<std::string, std::vector<SegmentMove>> segment_moves;
  CohortCells cohort_cells;
  // GroupAccounts of the customers under the client's rules, by account id, and each
  // contact's account id.
  std::vector<Account> accounts;
  std::map<std::string, std::string> account_members;
  // contact_products: ContactProductsOf the orders, by (contact_id, code).
  std::vector<ContactProduct> contact_products;
  // Cohorts by first product: each contact's first counted order (OfferFirstOrder over
  // its orders) and the sum of the contacts' product cohort cells.
  std::map<std::string, FirstOrder> first_orders;
  ProductCohortCells product_cohort_cells;
  // product_day_customers: per code, DayCustomersOf each contact's counted order days
  // holding that code.
  KeyedDayCustomers product_day_customers;
  // product_block_customers: store::ProductBlockCustomersOf product_day_customers.
  KeyedDayCustomers product_block_customers;
  // The statistics counters: ExpectedStats (stream/stats_view.h).
  StatsRows stats;
  // segment_days: ExpectedSegmentDays of the customers under the rules' VIP bounds
  // (stream/segment_counts.h); product_blocks: ProductBlocksOf rollups.product_days.
  SegmentDayRows segment_days;
  store::ProductBlocks product_blocks;
};

// `client` and `rules` group the accounts (domain/accounts.h).
ExpectedViews ComputeExpected(const std::vector<ContactRecord>& contacts,
                              const std::vector<Order>& orders, const TimeZone& tz,
                              const SegmentRules& segment_rules, const std::string& client,
                              const AccountRules& rules);

// One human-readable line per difference ("customer <id> (<email>): orderCount: views 3,
// orders 4"); empty when the views are exact. last_updated and the products' name
// source columns are not compared; the search index is (text and entry count).
std::vector<std::string> DiffViews(const ExpectedViews& want, const store::ClientViews& have);

}  // namespace packprod::stream
