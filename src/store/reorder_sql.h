// SQL of the reorder listing (store.h ReorderQuery), shared by the stores. Each
// reorder_cadence row keeps the days its status changes (domain/reorders.h ReorderDays,
// under the client's stored settings): as of `today` a row is
//   on-track <=> today < due_day        due    <=> due_day <= today < overdue_day
//   overdue  <=> overdue_day <= today < lapse_day          lapsed <=> lapse_day <= today
// so the page is read from the (client_id, average_order_value DESC, contact_id, due_day,
// overdue_day, lapse_day) index, its filter evaluated on the index entries; and the
// totals come from reorder_day_counts (how many rows have each day as their due, overdue
// and lapse day): one pass over the client's few thousand day rows, whatever the number
// of contacts.
//
// Q is a store's query builder (store/sql/session.h Query).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "store/store.h"

namespace packprod::store {

// reorder_cadence columns joined with customer_metrics (r and m), in the order each
// store's row reader reads them.
inline constexpr const char* kReorderRowCols =
    "r.contact_id, r.order_count, r.cadence_days, r.last_day, r.expected_day, "
    "r.average_order_value, r.due_day, r.overdue_day, r.lapse_day, m.email, m.name, m.company";

template <class Q>
void AppendReorderStatus(Q& q, const ReorderQuery& v, ReorderStatus s) {
  switch (s) {
    case ReorderStatus::kOnTrack:
      q.Sql("r.due_day > ").Int(v.today);
      return;
    case ReorderStatus::kDue:
      q.Sql("(r.due_day <= ").Int(v.today).Sql(" AND r.overdue_day > ").Int(v.today).Sql(")");
      return;
    case ReorderStatus::kOverdue:
      q.Sql("(r.overdue_day <= ").Int(v.today).Sql(" AND r.lapse_day > ").Int(v.today).Sql(")");
      return;
    case ReorderStatus::kLapsed:
      q.Sql("r.lapse_day <= ").Int(v.today);
      return;
  }
}

// FROM, the client and status conditions (no cursor), joined with customer_metrics for
// the contact fields; reorder_cadence stays the outer table (CROSS JOIN keeps SQLite on
// its value index, the status filtered before the join), one customer row per reorder row.
template <class Q>
void AppendReorderFilters(Q& q, const std::string& client, const ReorderQuery& v) {
  q.Sql(" FROM reorder_cadence r CROSS JOIN customer_metrics m WHERE m.client_id = "
        "r.client_id AND m.contact_id = r.contact_id AND r.client_id = ");
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
  AppendReorderFilters(q, client, v);
  if (v.after) {
    q.Sql(" AND (r.average_order_value < ").Int(v.after->int_key);
    q.Sql(" OR (r.average_order_value = ").Int(v.after->int_key);
    q.Sql(" AND r.contact_id > ").Text(v.after->id).Sql("))");
  }
  q.Sql(" ORDER BY r.average_order_value DESC, r.contact_id ASC LIMIT ").Int(v.limit + 1);
}

// The client's rows, and those whose due, overdue and lapse day is on or before today:
// one row (all, due_le, overdue_le, lapse_le) from reorder_day_counts
// (ReorderStatusTotals turns it into the four totals).
template <class Q>
void AppendReorderCount(Q& q, const std::string& client, const ReorderQuery& v) {
  q.Sql("SELECT CAST(COALESCE(SUM(due_n), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN day <= ")
      .Int(v.today)
      .Sql(" THEN due_n ELSE 0 END), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN day <= ")
      .Int(v.today)
      .Sql(" THEN overdue_n ELSE 0 END), 0) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN day <= ")
      .Int(v.today)
      .Sql(" THEN lapsed_n ELSE 0 END), 0) AS BIGINT) FROM reorder_day_counts WHERE "
           "client_id = ")
      .Text(client);
}

// Per status (indexed by ReorderStatus) from AppendReorderCount's row: every row's days
// are ordered due_day <= overdue_day <= lapse_day.
inline std::array<std::int64_t, kReorderStatusCount> ReorderStatusTotals(
    std::int64_t all, std::int64_t due_le, std::int64_t overdue_le, std::int64_t lapse_le) {
  std::array<std::int64_t, kReorderStatusCount> t{};
  t[static_cast<int>(ReorderStatus::kDue)] = due_le - overdue_le;
  t[static_cast<int>(ReorderStatus::kOverdue)] = overdue_le - lapse_le;
  t[static_cast<int>(ReorderStatus::kLapsed)] = lapse_le;
  t[static_cast<int>(ReorderStatus::kOnTrack)] = all - due_le;
  return t;
}

}  // namespace packprod::store
