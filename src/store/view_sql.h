// SQL shared by the stores' view tables. customer_metrics and product_totals have the
// same columns on every store, and the orders the same status column, so their column
// lists, the counted-orders filter, the name_folded value and the customer listing's
// conditions are written once here.
//
// Q is a store's query builder: Q& Sql(std::string_view) appends SQL text, and
// Q& Int(std::int64_t) and Q& Text(std::string) append a bound parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/listing.h"
#include "domain/metrics.h"
#include "domain/order.h"
#include "domain/text.h"
#include "store/store.h"

namespace packprod::store {

// customer_metrics columns in the order each store's CustomerFromViewRow reads them.
inline constexpr const char* kCustomerViewCols =
    "contact_id, email, name, company, order_count, total_spend, first_order, last_order, "
    "last_order_reference, last_updated";

// product_totals columns in the order each store reads and writes them.
inline constexpr const char* kProductViewCols =
    "code, name, name_at, name_ref, units, revenue, orders, customers, first_ordered, "
    "last_ordered";

// customer_metrics.name_folded of a row: its name case-folded; NULL without a name.
inline std::optional<std::string> FoldedName(const CustomerAggregate& c) {
  if (!c.name) return std::nullopt;
  return FoldCase(*c.name);
}

// "status NOT IN ('cancelled', ...)": the orders that count (domain Counts).
inline const std::string& CountedStatusFilter() {
  static const std::string kFilter = [] {
    std::string f = "status NOT IN (";
    bool first = true;
    for (int i = 0; i < kOrderStatusCount; ++i) {
      auto s = static_cast<OrderStatus>(i);
      if (Counts(s)) continue;
      f += first ? "'" : ", '";
      f += OrderStatusName(s);
      f += "'";
      first = false;
    }
    return f + ")";
  }();
  return kFilter;
}

// The customer_metrics column a listing sorts by.
inline const char* CustomerSortColumn(CustomerSort s) {
  switch (s) {
    case CustomerSort::kTotalSpend:
      return "total_spend";
    case CustomerSort::kOrderCount:
      return "order_count";
    case CustomerSort::kLastOrderDate:
      return "last_order";
    case CustomerSort::kFirstOrderDate:
      return "first_order";
    case CustomerSort::kName:
      return "name_folded";
  }
  return "total_spend";
}

// Whether that column can be NULL (a contact without counted orders, or without a name):
// such rows sort after every other in either direction.
inline bool CustomerSortNullable(CustomerSort s) {
  return s != CustomerSort::kTotalSpend && s != CustomerSort::kOrderCount;
}

// Appends one segment's condition, parenthesised (the domain's segment rules at the
// instant `b` was computed for; see SegmentBoundsAt).
template <class Q>
void AppendSegmentCondition(Q& q, Segment seg, const SegmentBounds& b) {
  q.Sql("(order_count > 0 AND ");
  if (seg == Segment::kDormant) {
    q.Sql("last_order <= ").Int(b.dormant_last_max).Sql(")");
    return;
  }
  q.Sql("last_order > ").Int(b.dormant_last_max).Sql(" AND ");
  q.Sql(seg == Segment::kVip ? "" : "NOT ");
  q.Sql("(total_spend >= ").Int(b.vip_spend).Sql(" OR order_count >= ").Int(b.vip_orders);
  q.Sql(")");
  if (seg == Segment::kNew) q.Sql(" AND first_order > ").Int(b.new_first_min);
  if (seg == Segment::kActive) q.Sql(" AND first_order <= ").Int(b.new_first_min);
  q.Sql(")");
}

// Appends " AND (one segment OR another ...)" for the listing's segments; nothing when
// it lists every segment.
template <class Q>
void AppendSegmentFilter(Q& q, const CustomerViewQuery& v) {
  if (v.segments.empty()) return;
  q.Sql(" AND (");
  for (std::size_t i = 0; i < v.segments.size(); ++i) {
    if (i) q.Sql(" OR ");
    AppendSegmentCondition(q, v.segments[i], v.bounds);
  }
  q.Sql(")");
}

// Appends what follows a listing's filters for one of its parts (the rows whose sort key
// is not NULL, or the NULL ones, which always come last): the part's condition, the
// keyset cursor's (key, contact_id) condition, ORDER BY and LIMIT `want`.
// `no_sort_index`: order by "+column", which keeps SQLite's planner off the sort index
// (for a few search matches read by key).
// `id`: the table's id column (account_metrics: account_id).
template <class Q>
void AppendCustomerPart(Q& q, const CustomerViewQuery& v, bool null_part, int want,
                        bool no_sort_index = false, const char* id = "contact_id") {
  const char* col = CustomerSortColumn(v.sort);
  if (CustomerSortNullable(v.sort)) {
    q.Sql(" AND ").Sql(col).Sql(null_part ? " IS NULL" : " IS NOT NULL");
  }
  if (v.after && v.after->null_key == null_part) {
    if (null_part) {
      q.Sql(" AND ").Sql(id).Sql(" > ").Text(v.after->id);
    } else {
      auto key = [&] {
        if (v.sort == CustomerSort::kName) {
          q.Text(v.after->str_key);
        } else {
          q.Int(v.after->int_key);
        }
      };
      q.Sql(" AND (").Sql(col).Sql(v.desc ? " < " : " > ");
      key();
      q.Sql(" OR (").Sql(col).Sql(" = ");
      key();
      q.Sql(" AND ").Sql(id).Sql(" > ").Text(v.after->id).Sql("))");
    }
  }
  q.Sql(" ORDER BY ");
  if (!null_part) q.Sql(no_sort_index ? "+" : "").Sql(col).Sql(v.desc ? " DESC, " : " ASC, ");
  q.Sql(id).Sql(" ASC LIMIT ").Int(want);
}

}  // namespace packprod::store
