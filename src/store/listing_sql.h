// SQL shared by the stores' customer listings. The customer_metrics view has the same
// columns on every store (total_spend, order_count, first_order, last_order, name_folded),
// so the sort column, its NULL handling and a segment's condition are written once here.
//
// Q is a store's query builder: Q& Sql(std::string_view) appends SQL text and
// Q& Int(std::int64_t) appends a bound integer parameter.
#pragma once

#include <cstdint>

#include "domain/listing.h"
#include "domain/metrics.h"

namespace packprod::store {

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

}  // namespace packprod::store
