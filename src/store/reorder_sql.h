// SQL of the reorder listing (store.h ReorderQuery), shared by the stores: the domain's
// status rules (domain/reorders.h ReorderStatusOf) as integer conditions on
// reorder_cadence's expected_day and cadence_days for one `today`, so the listing is
// read from the view's (client_id, average_order_value DESC, contact_id) index with no
// per-row computation outside SQL. Exact: late = today - expected_day, and
//   overdue-or-lapsed <=> late > tolerance_days AND late * 100 > tolerance_pct * cadence
//   lapsed  <=> that AND late > lapsed_cadences * cadence;   overdue <=> that AND NOT
//   due     <=> NOT that AND late >= -window_days;           on-track <=> NOT that AND NOT
//
// Q is a store's query builder (store/view_sql.h).
#pragma once

#include <string>

#include "store/store.h"

namespace packprod::store {

// reorder_cadence columns joined with customer_metrics (r and m), in the order each
// store's row reader reads them.
inline constexpr const char* kReorderRowCols =
    "r.contact_id, r.order_count, r.cadence_days, r.last_day, r.expected_day, "
    "r.average_order_value, m.email, m.name, m.company";

template <class Q>
void AppendLate(Q& q, const ReorderQuery& v) {
  q.Sql("(").Int(v.today).Sql(" - r.expected_day)");
}

template <class Q>
void AppendOverdueOrLapsed(Q& q, const ReorderQuery& v) {
  q.Sql("(");
  AppendLate(q, v);
  q.Sql(" > ").Int(v.settings.tolerance_days).Sql(" AND ");
  AppendLate(q, v);
  q.Sql(" * 100 > ").Int(v.settings.tolerance_pct).Sql(" * r.cadence_days)");
}

template <class Q>
void AppendReorderStatus(Q& q, const ReorderQuery& v, ReorderStatus s) {
  q.Sql("(");
  if (s == ReorderStatus::kDue || s == ReorderStatus::kOnTrack) q.Sql("NOT ");
  AppendOverdueOrLapsed(q, v);
  q.Sql(" AND ");
  if (s == ReorderStatus::kOverdue || s == ReorderStatus::kLapsed) {
    if (s == ReorderStatus::kOverdue) q.Sql("NOT ");
    AppendLate(q, v);
    q.Sql(" > ").Int(v.settings.lapsed_cadences).Sql(" * r.cadence_days)");
  } else {
    AppendLate(q, v);
    q.Sql(s == ReorderStatus::kDue ? " >= " : " < ").Int(-v.settings.window_days).Sql(")");
  }
}

// FROM, the client and status conditions (no cursor). `with_contact`: joined with
// customer_metrics for the contact fields; reorder_cadence stays the outer table (CROSS
// JOIN keeps SQLite on its value index), one customer row per reorder row.
template <class Q>
void AppendReorderFilters(Q& q, const std::string& client, const ReorderQuery& v,
                          bool with_contact) {
  if (with_contact) {
    q.Sql(" FROM reorder_cadence r CROSS JOIN customer_metrics m WHERE m.client_id = "
          "r.client_id AND m.contact_id = r.contact_id AND r.client_id = ");
  } else {
    q.Sql(" FROM reorder_cadence r WHERE r.client_id = ");
  }
  q.Text(client);
  if (v.statuses.empty()) return;
  q.Sql(" AND (");
  for (std::size_t i = 0; i < v.statuses.size(); ++i) {
    if (i) q.Sql(" OR ");
    AppendReorderStatus(q, v, v.statuses[i]);
  }
  q.Sql(")");
}

// The page query: filters, cursor, order and LIMIT limit + 1 (one more tells `more`).
template <class Q>
void AppendReorderPage(Q& q, const std::string& client, const ReorderQuery& v) {
  q.Sql("SELECT ").Sql(kReorderRowCols);
  AppendReorderFilters(q, client, v, true);
  if (v.after) {
    q.Sql(" AND (r.average_order_value < ").Int(v.after->int_key);
    q.Sql(" OR (r.average_order_value = ").Int(v.after->int_key);
    q.Sql(" AND r.contact_id > ").Text(v.after->id).Sql("))");
  }
  q.Sql(" ORDER BY r.average_order_value DESC, r.contact_id ASC LIMIT ").Int(v.limit + 1);
}

// SELECT COUNT(*) of the filters (the listing's total), from reorder_cadence alone.
template <class Q>
void AppendReorderCount(Q& q, const std::string& client, const ReorderQuery& v) {
  q.Sql("SELECT COUNT(*)");
  AppendReorderFilters(q, client, v, false);
}

}  // namespace packprod::store
