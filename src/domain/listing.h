// Listing rules shared by every path that lists customers or products (views or the
// orders themselves): filters, sort orders with their tie-breaks, keyset cursors.
// docs/api.md: ties by contactID / code ascending in both directions; null dates sort last
// in both directions; `name` sorts by its case-folded form.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/metrics.h"
#include "domain/reports.h"

namespace packprod {

// A position in a listing: the sort key of the last item shown and its id.
struct ListCursor {
  bool null_key = false;
  std::int64_t int_key = 0;
  std::string str_key;  // for name / code sorts
  std::string id;       // contactID or code
};

// ---- customers
enum class CustomerSort { kTotalSpend, kOrderCount, kLastOrderDate, kFirstOrderDate, kName };
std::optional<CustomerSort> ParseCustomerSort(std::string_view s);

struct CustomerFilter {
  std::string search;  // folded; empty: no search
  std::vector<Segment> segments;  // empty: all
  Millis as_of = 0;
};

bool CustomerMatches(const CustomerAggregate& c, const CustomerFilter& f,
                     const ClientSettings& settings);

// docs/metrics.md's segment rules as conditions on stored values, for `as_of`, so an index
// can answer them: Dormant <=> order_count > 0 and last_order <= dormant_last_max;
// VIP <=> not Dormant and (total_spend >= vip_spend or order_count >= vip_orders);
// New <=> neither and first_order > new_first_min; Active <=> order_count > 0 and none.
struct SegmentBounds {
  Millis dormant_last_max = 0;
  Millis new_first_min = 0;
  Cents vip_spend = 0;
  std::int64_t vip_orders = 0;
};
SegmentBounds SegmentBoundsAt(Millis as_of, const ClientSettings& settings);
// True when a is listed before b.
bool CustomerBefore(const CustomerAggregate& a, const CustomerAggregate& b, CustomerSort sort,
                    bool desc);
ListCursor CustomerCursorOf(const CustomerAggregate& c, CustomerSort sort);
// True when c is listed after the cursor position.
bool CustomerAfter(const CustomerAggregate& c, const ListCursor& cur, CustomerSort sort, bool desc);

// ---- products
enum class ProductSort { kRevenue, kUnits, kOrders, kCustomers, kCode };
std::optional<ProductSort> ParseProductSort(std::string_view s);
// search: folded; code prefix or name substring.
bool ProductMatches(const ProductAggregate& p, const std::string& search);
bool ProductBefore(const ProductAggregate& a, const ProductAggregate& b, ProductSort sort,
                   bool desc);
ListCursor ProductCursorOf(const ProductAggregate& p, ProductSort sort);
bool ProductAfter(const ProductAggregate& p, const ListCursor& cur, ProductSort sort, bool desc);

// One page of a listing: the items, how many match in all, whether a page follows.
template <typename T>
struct Listing {
  std::vector<T> items;
  std::int64_t total = 0;
  bool more = false;
};

// Filters, sorts and pages a whole list in memory (the slow path, and small lists).
Listing<CustomerAggregate> ListCustomers(std::vector<CustomerAggregate> all,
                                         const CustomerFilter& f, const ClientSettings& settings,
                                         CustomerSort sort, bool desc, int limit,
                                         const std::optional<ListCursor>& after);
Listing<ProductAggregate> ListProducts(std::vector<ProductAggregate> all,
                                       const std::string& search, ProductSort sort, bool desc,
                                       int limit, const std::optional<ListCursor>& after);

// Cursor <-> string fields (for the API's opaque cursor).
std::vector<std::string> CursorFields(const ListCursor& c);
std::optional<ListCursor> CursorFromFields(const std::vector<std::string>& f);
inline constexpr size_t kCursorFieldCount = 4;

}  // namespace packprod
