// The SQL of the segment-movement and cohort reads (docs/metrics.md "Segment movements",
// "Cohorts"), built once for both engines over their Query builders (Sql, Int, Text).
#pragma once

#include "domain/segment_history.h"
#include "store/store.h"

namespace packprod::store {

// segment_moves joined with customer_metrics (s and m), in the order the row readers read.
inline constexpr const char* kSegmentMoveRowCols =
    "s.contact_id, s.day, s.from_segment, s.to_segment, m.email, m.name, m.company";

// Moves per (from, to) of the days [from_day, to_day].
template <class Q>
void AppendSegmentMoveCounts(Q& q, const std::string& client, DayNumber from_day,
                             DayNumber to_day) {
  q.Sql("SELECT from_segment, to_segment, COUNT(*) FROM segment_moves WHERE client_id = ")
      .Text(client)
      .Sql(" AND day >= ")
      .Int(from_day)
      .Sql(" AND day <= ")
      .Int(to_day)
      .Sql(" GROUP BY from_segment, to_segment");
}

template <class Q>
void AppendSegmentMoveFilter(Q& q, const std::string& client, const SegmentMoveQuery& v,
                             const char* alias) {
  const std::string a(alias);
  q.Sql(" WHERE " + a + "client_id = ")
      .Text(client)
      .Sql(" AND " + a + "from_segment = ")
      .Text(MoveSegmentName(v.from))
      .Sql(" AND " + a + "to_segment = ")
      .Text(SegmentName(v.to))
      .Sql(" AND " + a + "day >= ")
      .Int(v.from_day)
      .Sql(" AND " + a + "day <= ")
      .Int(v.to_day);
}

// One page (limit + 1 rows: the extra one says another page follows), by day, contactID.
template <class Q>
void AppendSegmentMovePage(Q& q, const std::string& client, const SegmentMoveQuery& v) {
  q.Sql(std::string("SELECT ") + kSegmentMoveRowCols +
        " FROM segment_moves s JOIN customer_metrics m ON m.client_id = s.client_id AND "
        "m.contact_id = s.contact_id");
  AppendSegmentMoveFilter(q, client, v, "s.");
  if (v.after) {
    q.Sql(" AND (s.day > ")
        .Int(v.after->int_key)
        .Sql(" OR (s.day = ")
        .Int(v.after->int_key)
        .Sql(" AND s.contact_id > ")
        .Text(v.after->id)
        .Sql("))");
  }
  q.Sql(" ORDER BY s.day, s.contact_id LIMIT ").Int(v.limit + 1);
}

template <class Q>
void AppendSegmentMoveTotal(Q& q, const std::string& client, const SegmentMoveQuery& v) {
  q.Sql("SELECT COUNT(*) FROM segment_moves");
  AppendSegmentMoveFilter(q, client, v, "");
}

template <class Q>
void AppendCohortCells(Q& q, const std::string& client, MonthNumber from, MonthNumber to) {
  q.Sql("SELECT cohort, month, customers, revenue FROM cohort_cells WHERE client_id = ")
      .Text(client)
      .Sql(" AND cohort >= ")
      .Int(from)
      .Sql(" AND cohort <= ")
      .Int(to)
      .Sql(" ORDER BY cohort, month");
}

// A stored segment name back to a Segment (Internal for a damaged row).
inline Result<std::optional<Segment>> MoveSegmentFromRow(const std::string& s) {
  auto seg = ParseMoveSegment(s);
  if (!seg) return Status::Internal("segment_moves: unknown segment '" + s + "'");
  return *seg;
}

}  // namespace packprod::store
