// Rows of the views that the stream processor keeps (docs/architecture.md "Views"), as the
// Store hands them over. Engine-neutral: the SQLite tables are in sqlite/schema.cc
// (migration 2); every row belongs to a client.
//
// All figures are over COUNTED orders (domain Counts(status)); days are local day
// numbers in the client's time zone (TimeZone::LocalDay).
#pragma once

#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/day_customers.h"
#include "domain/accounts.h"
#include "domain/metrics.h"
#include "domain/money.h"
#include "domain/product_cohorts.h"
#include "domain/order_stats.h"
#include "domain/reorders.h"
#include "domain/reports.h"
#include "domain/segment_counts.h"
#include "domain/segment_history.h"
#include "domain/text.h"
#include "domain/time.h"
#include "domain/usual_basket.h"

namespace packprod::store {

// product_totals: a product's all-time figures plus the order its name came from:
// the latest (createdAt, orderReference) counted order with a non-empty name for it.
struct ProductView {
  ProductAggregate totals;
  std::optional<Millis> name_at;
  std::optional<std::string> name_ref;
};

// sales_daily and product_daily: counted orders, their revenue and units in one bucket.
struct DaySums {
  std::int64_t orders = 0;
  Cents revenue = 0;
  std::int64_t units = 0;
  bool operator==(const DaySums&) const = default;
};

// contact_days: one contact's counted orders and their revenue on one local day.
struct ContactDaySums {
  std::int64_t orders = 0;
  Cents revenue = 0;
  bool operator==(const ContactDaySums&) const = default;
};

// product_blocks: product_daily summed over aligned blocks of kProductBlockDays days
// (block = floor(day / kProductBlockDays)), so a long period reads its whole blocks and
// only its edge days (at most 2 x (kProductBlockDays - 1)) per product.
inline constexpr DayNumber kProductBlockDays = 16;
inline DayNumber ProductBlockOf(DayNumber day) {
  return day >= 0 ? day / kProductBlockDays : -((-day - 1) / kProductBlockDays) - 1;
}
using ProductBlocks = std::map<std::pair<DayNumber, std::string>, DaySums>;  // (block, code)
inline ProductBlocks ProductBlocksOf(
    const std::map<std::pair<DayNumber, std::string>, DaySums>& product_days) {
  ProductBlocks out;
  for (const auto& [key, v] : product_days) {
    DaySums& b = out[{ProductBlockOf(key.first), key.second}];
    b.orders += v.orders;
    b.revenue += v.revenue;
    b.units += v.units;
  }
  for (auto it = out.begin(); it != out.end();) it = it->second == DaySums{} ? out.erase(it) : std::next(it);
  return out;
}

// product_block_customers: product_day_customers summed per aligned block of
// kProductBlockDays days (each row's `day` is its block): the block's firsts and the
// union, with multiplicity, of its days' `previous`. For a block wholly inside [a, b],
// firsts + #{p in previous : p < a} is the sum of its days' FirstSince(a), so a product's
// distinct customers of a long period read its whole blocks and only its edge days.
inline KeyedDayCustomers ProductBlockCustomersOf(const KeyedDayCustomers& days) {
  KeyedDayCustomers out;
  for (const auto& [code, rows] : days) {
    std::map<DayNumber, DayCustomers> blocks;
    for (const DayCustomers& r : rows) {
      DayCustomers& b = blocks[ProductBlockOf(r.day)];
      b.day = ProductBlockOf(r.day);
      b.firsts += r.firsts;
      for (const auto& [p, n] : r.previous.entries()) (void)b.previous.Add(p, n);  // adds
    }
    std::vector<DayCustomers>& v = out[code];
    for (auto& [block, b] : blocks) {
      if (b.customers() > 0) v.push_back(std::move(b));
    }
    if (v.empty()) out.erase(code);
  }
  return out;
}
// The deltas of the product_block_customers rows from those of product_day_customers:
// each day's delta added to its block's (a block whose deltas cancel has none).
inline KeyedDayCustomersDeltas ProductBlockDeltasOf(const KeyedDayCustomersDeltas& days) {
  KeyedDayCustomersDeltas out;
  for (const auto& [code, deltas] : days) {
    for (const auto& [day, d] : deltas) {
      DayCustomersDelta& b = out[code][ProductBlockOf(day)];
      b.firsts += d.firsts;
      for (const auto& [p, n] : d.previous) {
        auto [it, added] = b.previous.try_emplace(p, 0);
        it->second += n;
        if (it->second == 0) b.previous.erase(it);
      }
    }
  }
  return out;
}

// The additive roll-ups of one client, keyed like their tables (client implied).
struct RollUps {
  std::map<DayNumber, DaySums> sales;                                             // day
  std::map<std::pair<DayNumber, std::string>, DaySums> product_days;              // (day, code)
  std::map<std::pair<DayNumber, std::string>, ContactDaySums> contact_days;       // (day, contact)
};

// A contact's first and latest counted order, as found in the orders themselves.
struct OrderDates {
  std::optional<Millis> first, last;
  std::optional<std::string> last_reference;  // ties on createdAt: the greater reference
};

// A product's first/last counted order and its name source, from the orders themselves.
struct ProductDates {
  std::optional<Millis> first, last;
  std::optional<std::string> name;
  std::optional<Millis> name_at;
  std::optional<std::string> name_ref;
};

// reorder_cadence: a contact with at least kReorderMinOrders counted orders, its cadence
// and its average order value (AverageCents(total_spend, order_count)), the listing's sort.
// `days`: ReorderDaysOf(cadence, the client's settings), as stored; the store computes
// them on every write (PutReorderView ignores the field) and on a settings change.
struct ReorderView {
  std::string contact_id;
  ReorderCadence cadence;
  Cents average_order_value = 0;
  ReorderDays days;
  bool operator==(const ReorderView&) const = default;
};

// reorder_day_counts: per day, how many of the client's reorder_cadence rows have it as
// their due_day, overdue_day and lapse_day (docs/metrics.md "Reorders"): a status total
// as of today is a sum over these rows. Rows of all zeros are not kept.
struct ReorderDayCount {
  DayNumber day = 0;
  std::int64_t due = 0;
  std::int64_t overdue = 0;
  std::int64_t lapsed = 0;
  bool operator==(const ReorderDayCount&) const = default;
};

// Every view row of one client, as stored (for `verify`).
struct ClientViews {
  std::vector<CustomerAggregate> customers;  // by contact_id
  std::vector<std::string> search_texts;     // customer_metrics.search_text, same order
  std::vector<std::optional<std::string>> indexed_texts;  // the search index's text
  std::int64_t search_rows = 0;                           // search-index entries of the client
  std::vector<ProductView> products;                      // by code
  RollUps rollups;
  std::vector<ReorderView> reorders;  // by contact_id
  std::vector<ReorderDayCount> reorder_days;  // reorder_day_counts, by day
  std::vector<DayCustomers> day_customers;  // day_customers, by day
  // contact_spend_days: contact_id -> encoded SpendDays, by contact_id.
  std::vector<std::pair<std::string, std::string>> spend_days;
  // segment_moves: (contact_id, move), by contact_id then day.
  std::vector<std::pair<std::string, SegmentMove>> segment_moves;
  CohortCells cohort_cells;  // cohort_cells by month
  // account_metrics by account_id; account_members as (contact_id, account_id) by contact.
  std::vector<Account> accounts;
  std::vector<std::pair<std::string, std::string>> account_members;
  // contact_products (domain/usual_basket.h), by (contact_id, code).
  std::vector<ContactProduct> contact_products;
  // contact_first_orders (contact_id -> its first counted order), by contact_id, and
  // product_cohort_cells (docs/metrics.md "Cohorts", by first product).
  std::vector<std::pair<std::string, FirstOrder>> first_orders;
  ProductCohortCells product_cohort_cells;
  // product_day_customers (domain/day_customers.h): code -> its rows by day; and
  // product_block_customers (ProductBlockCustomersOf): code -> its rows by block (each
  // row's `day` is its block).
  KeyedDayCustomers product_day_customers;
  KeyedDayCustomers product_block_customers;
  // stats_cells, stats_totals, stats_buckets and stats_gaps (domain/order_stats.h).
  StatsRows stats;
  // segment_days (domain/segment_counts.h) and product_blocks (above).
  SegmentDayRows segment_days;
  ProductBlocks product_blocks;
};

// The text that `search` matches for a customer: FoldCase(name) \n email \n
// FoldCase(company) (absent parts empty).
inline std::string CustomerSearchText(const CustomerAggregate& c) {
  return FoldCase(c.name.value_or("")) + "\n" + c.email + "\n" + FoldCase(c.company.value_or(""));
}

}  // namespace packprod::store
