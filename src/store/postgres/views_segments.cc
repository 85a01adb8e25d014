// PgTx and the read side for the segment movements and cohorts (docs/metrics.md
// "Segment movements", "Cohorts"): contact_spend_days, segment_moves and cohort_cells.
#include "store/postgres/tx.h"
#include "store/postgres/view_queries.h"
#include "store/segment_sql.h"

namespace packprod::store::postgres {
namespace {

Result<Segment> ToSegment(const std::string& s) {
  PP_ASSIGN_OR_RETURN(auto seg, MoveSegmentFromRow(s));
  if (!seg) return Status::Internal("segment_moves: a move to no segment");
  return *seg;
}

}  // namespace

Result<std::optional<std::string>> PgTx::GetSpendDays(const std::string& client,
                                                      const std::string& contact_id) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_ASSIGN_OR_RETURN(Res r, c_.Q("SELECT days FROM contact_spend_days WHERE client_id = $1 "
                                  "AND contact_id = $2",
                                  client, contact_id));
  if (r.rows() == 0) return std::optional<std::string>();
  return std::optional<std::string>(r.Text(0, 0));
}

Status PgTx::PutSpendDays(const std::string& client, const std::string& contact_id,
                          const std::string& encoded) {
  PP_RETURN_IF_ERROR(ViewLock());
  if (encoded.empty()) {
    return c_
        .Q("DELETE FROM contact_spend_days WHERE client_id = $1 AND contact_id = $2", client,
           contact_id)
        .status();
  }
  return c_
      .Q("INSERT INTO contact_spend_days (client_id, contact_id, days) VALUES ($1, $2, $3) "
         "ON CONFLICT (client_id, contact_id) DO UPDATE SET days = EXCLUDED.days",
         client, contact_id, encoded)
      .status();
}

Status PgTx::ReplaceSegmentMoves(const std::string& client, const std::string& contact_id,
                                 const std::vector<SegmentMove>& moves) {
  PP_RETURN_IF_ERROR(ViewLock());
  PP_RETURN_IF_ERROR(
      c_.Q("DELETE FROM segment_moves WHERE client_id = $1 AND contact_id = $2", client,
           contact_id)
          .status());
  if (moves.empty()) return Status::Ok();
  // Array literals: days are integers and segment names plain words.
  std::string days = "{", froms = "{", tos = "{";
  for (std::size_t i = 0; i < moves.size(); ++i) {
    const char* sep = i ? "," : "";
    days += sep + std::to_string(moves[i].day);
    froms += sep + MoveSegmentName(moves[i].from);
    tos += std::string(sep) + SegmentName(moves[i].to);
  }
  days += "}", froms += "}", tos += "}";
  return c_
      .Q("INSERT INTO segment_moves (client_id, contact_id, day, from_segment, to_segment) "
         "SELECT $1, $2, d, f, t FROM unnest($3::bigint[], $4::text[], $5::text[]) AS m(d, f, t)",
         client, contact_id, days, froms, tos)
      .status();
}

Status PgTx::AddCohortCells(const std::string& client, const CohortCells& deltas) {
  PP_RETURN_IF_ERROR(ViewLock());
  for (const auto& [key, d] : deltas) {
    if (d == CohortCell{}) continue;
    const std::int64_t cohort = key.first, month = key.second;
    PP_ASSIGN_OR_RETURN(
        Res r, c_.Q("INSERT INTO cohort_cells (client_id, cohort, month, customers, revenue) "
                    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (client_id, cohort, month) DO "
                    "UPDATE SET customers = cohort_cells.customers + EXCLUDED.customers, "
                    "revenue = cohort_cells.revenue + EXCLUDED.revenue RETURNING customers",
                    client, cohort, month, d.customers, d.revenue));
    const std::int64_t now = r.Int(0, 0);
    if (now < 0) {
      return Status::Internal("cohort_cells below zero for " + FormatMonth(key.first) +
                              ": rebuild the views");
    }
    if (now == 0) {
      PP_RETURN_IF_ERROR(c_.Q("DELETE FROM cohort_cells WHERE client_id = $1 AND cohort = $2 "
                              "AND month = $3",
                              client, cohort, month)
                             .status());
    }
  }
  return Status::Ok();
}

Status ReadSegmentViews(Conn& c, const std::string& client, ClientViews* v) {
  PP_ASSIGN_OR_RETURN(Res a, c.Q("SELECT contact_id, days FROM contact_spend_days WHERE "
                                 "client_id = $1 ORDER BY contact_id",
                                 client));
  for (int i = 0; i < a.rows(); ++i) v->spend_days.emplace_back(a.Text(i, 0), a.Text(i, 1));
  PP_ASSIGN_OR_RETURN(Res m, c.Q("SELECT contact_id, day, from_segment, to_segment FROM "
                                 "segment_moves WHERE client_id = $1 ORDER BY contact_id, day",
                                 client));
  for (int i = 0; i < m.rows(); ++i) {
    PP_ASSIGN_OR_RETURN(auto from, MoveSegmentFromRow(m.Text(i, 2)));
    PP_ASSIGN_OR_RETURN(Segment to, ToSegment(m.Text(i, 3)));
    v->segment_moves.emplace_back(m.Text(i, 0),
                                  SegmentMove{static_cast<DayNumber>(m.Int(i, 1)), from, to});
  }
  PP_ASSIGN_OR_RETURN(v->cohort_cells, QueryCohortCells(c, client, INT32_MIN, INT32_MAX));
  return Status::Ok();
}

Result<std::vector<SegmentMoveCount>> QuerySegmentMoveCounts(Conn& c, const std::string& client,
                                                             DayNumber from_day,
                                                             DayNumber to_day) {
  Query q;
  AppendSegmentMoveCounts(q, client, from_day, to_day);
  PP_ASSIGN_OR_RETURN(Res r, q.Run(c));
  std::vector<SegmentMoveCount> out;
  for (int i = 0; i < r.rows(); ++i) {
    PP_ASSIGN_OR_RETURN(auto from, MoveSegmentFromRow(r.Text(i, 0)));
    PP_ASSIGN_OR_RETURN(Segment to, ToSegment(r.Text(i, 1)));
    out.push_back({from, to, r.Int(i, 2)});
  }
  return out;
}

Result<SegmentMovePage> QuerySegmentMoves(Conn& c, const std::string& client,
                                          const SegmentMoveQuery& v) {
  SegmentMovePage page;
  Query rows;
  AppendSegmentMovePage(rows, client, v);
  PP_ASSIGN_OR_RETURN(Res r, rows.Run(c));
  for (int i = 0; i < r.rows(); ++i) {
    SegmentMoveRow row;
    row.contact_id = r.Text(i, 0);
    row.move = SegmentMove{static_cast<DayNumber>(r.Int(i, 1)), v.from, v.to};
    row.email = r.Text(i, 4);
    row.name = r.OptText(i, 5);
    row.company = r.OptText(i, 6);
    page.items.push_back(std::move(row));
  }
  if (static_cast<int>(page.items.size()) > v.limit) {
    page.items.resize(v.limit);
    page.more = true;
  }
  Query count;
  AppendSegmentMoveTotal(count, client, v);
  PP_ASSIGN_OR_RETURN(Res n, count.Run(c));
  page.total = n.Int(0, 0);
  return page;
}

Result<CohortCells> QueryCohortCells(Conn& c, const std::string& client, MonthNumber from,
                                     MonthNumber to) {
  Query q;
  AppendCohortCells(q, client, from, to);
  PP_ASSIGN_OR_RETURN(Res r, q.Run(c));
  CohortCells out;
  for (int i = 0; i < r.rows(); ++i) {
    out[{static_cast<MonthNumber>(r.Int(i, 0)), static_cast<MonthNumber>(r.Int(i, 1))}] =
        CohortCell{r.Int(i, 2), r.Int(i, 3)};
  }
  return out;
}

}  // namespace packprod::store::postgres
