// SqlTx and the read side for the segment movements and cohorts (docs/metrics.md
// "Segment movements", "Cohorts"): contact_spend_days, segment_moves and cohort_cells.
#include "store/segment_sql.h"
#include "store/sql/view_queries.h"
#include "store/sql/counters.h"
#include "store/sql/sql_tx.h"

namespace packprod::store::sql {
namespace {

Result<Segment> ToSegment(const std::string& s) {
  PP_ASSIGN_OR_RETURN(auto seg, MoveSegmentFromRow(s));
  if (!seg) return Status::Internal("segment_moves: a move to no segment");
  return *seg;
}

}  // namespace

Result<std::optional<std::string>> SqlTx::GetSpendDays(const std::string& client,
                                                            const std::string& contact_id) {
  PP_RETURN_IF_ERROR(BeforeViews());
  if (auto* hit = Cached(&ViewCache::spend_days, client, contact_id)) return *hit;
  std::optional<std::string> out;
  PP_RETURN_IF_ERROR(sql()
                         .QueryOne("SELECT days FROM contact_spend_days WHERE client_id = ? "
                                   "AND contact_id = ?",
                                   {client, contact_id},
                                   [&](const Row& r) {
                                     out = r.Text(0);
                                     return Status::Ok();
                                   })
                         .status());
  return out;
}

Status SqlTx::PutSpendDays(const std::string& client, const std::string& contact_id,
                                const std::string& encoded) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Forget(&ViewCache::spend_days, client, contact_id);
  if (encoded.empty()) {
    return sql().Send("DELETE FROM contact_spend_days WHERE client_id = ? AND contact_id = ?",
                     {client, contact_id});
  }
  static const std::string kSql =
      UpsertSql("contact_spend_days", {"client_id", "contact_id"}, {"days"});
  return sql().Send(kSql, {client, contact_id, encoded});
}

Status SqlTx::ReplaceSegmentMoves(const std::string& client, const std::string& contact_id,
                                       const std::vector<SegmentMove>& moves) {
  PP_RETURN_IF_ERROR(BeforeViews());
  PP_RETURN_IF_ERROR(sql().Send("DELETE FROM segment_moves WHERE client_id = ? AND contact_id = ?",
                               {client, contact_id}));
  return ChangeSegmentMoves(client, contact_id, {}, moves);
}

Status SqlTx::ChangeSegmentMoves(const std::string& client, const std::string& contact_id,
                                 const std::vector<SegmentMove>& stored,
                                 const std::vector<SegmentMove>& moves) {
  PP_RETURN_IF_ERROR(BeforeViews());
  // Rows of `stored` whose day has no move now are deleted; moves new or changed on their
  // day are written (one statement for the contact's few).
  auto now = moves.begin();
  for (const SegmentMove& old : stored) {
    while (now != moves.end() && now->day < old.day) ++now;
    if (now != moves.end() && now->day == old.day) continue;
    PP_RETURN_IF_ERROR(
        sql().Send("DELETE FROM segment_moves WHERE client_id = ? AND contact_id = ? AND day = ?",
                  {client, contact_id, std::int64_t{old.day}}));
  }
  std::string text =
      "INSERT INTO segment_moves (client_id, contact_id, day, from_segment, to_segment) VALUES ";
  Args args;
  auto was = stored.begin();
  for (const SegmentMove& m : moves) {
    while (was != stored.end() && was->day < m.day) ++was;
    if (was != stored.end() && *was == m) continue;
    text += args.empty() ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)";
    args.insert(args.end(), {client, contact_id, std::int64_t{m.day}, MoveSegmentName(m.from),
                             SegmentName(m.to)});
  }
  if (args.empty()) return Status::Ok();
  text +=
      " ON CONFLICT (client_id, contact_id, day) DO UPDATE SET from_segment = "
      "excluded.from_segment, to_segment = excluded.to_segment";
  return sql().Send(text, args);
}

Status SqlTx::AddCohortCells(const std::string& client, const CohortCells& deltas) {
  PP_RETURN_IF_ERROR(BeforeViews());
  static const CounterTable kTable{"cohort_cells", {"cohort", "month"}, {"customers", "revenue"}};
  std::vector<CounterChange> changes;
  for (const auto& [key, d] : deltas) {
    changes.push_back({{std::int64_t{key.first}, std::int64_t{key.second}}, {d.customers, d.revenue}});
  }
  return AddCounters(sql(), client, kTable, changes);
}

Status ReadSegmentViews(Session& s, const std::string& client, ClientViews* v) {
  PP_RETURN_IF_ERROR(s.Query(
      "SELECT contact_id, days FROM contact_spend_days WHERE client_id = ? ORDER BY contact_id",
      {client}, [&](const Row& r) {
        v->spend_days.emplace_back(r.Text(0), r.Text(1));
        return Status::Ok();
      }));
  PP_RETURN_IF_ERROR(s.Query(
      "SELECT contact_id, day, from_segment, to_segment FROM segment_moves WHERE client_id = ? "
      "ORDER BY contact_id, day",
      {client}, [&](const Row& r) -> Status {
        PP_ASSIGN_OR_RETURN(auto from, MoveSegmentFromRow(r.Text(2)));
        PP_ASSIGN_OR_RETURN(Segment to, ToSegment(r.Text(3)));
        v->segment_moves.emplace_back(r.Text(0),
                                      SegmentMove{static_cast<DayNumber>(r.Int(1)), from, to});
        return Status::Ok();
      }));
  PP_ASSIGN_OR_RETURN(v->cohort_cells, QueryCohortCells(s, client, INT32_MIN, INT32_MAX));
  return Status::Ok();
}

Result<std::vector<SegmentMoveCount>> QuerySegmentMoveCounts(Session& s,
                                                             const std::string& client,
                                                             DayNumber from_day,
                                                             DayNumber to_day) {
  Query q;
  AppendSegmentMoveCounts(q, client, from_day, to_day);
  std::vector<SegmentMoveCount> out;
  PP_RETURN_IF_ERROR(s.Query(q, [&](const Row& r) -> Status {
    PP_ASSIGN_OR_RETURN(auto from, MoveSegmentFromRow(r.Text(0)));
    PP_ASSIGN_OR_RETURN(Segment to, ToSegment(r.Text(1)));
    out.push_back({from, to, r.Int(2)});
    return Status::Ok();
  }));
  return out;
}

Result<SegmentMovePage> QuerySegmentMoves(Session& s, const std::string& client,
                                          const SegmentMoveQuery& v) {
  SegmentMovePage page;
  Query rows;
  AppendSegmentMovePage(rows, client, v);
  PP_RETURN_IF_ERROR(s.Query(rows, [&](const Row& r) {
    SegmentMoveRow row;
    row.contact_id = r.Text(0);
    row.move = SegmentMove{static_cast<DayNumber>(r.Int(1)), v.from, v.to};
    row.email = r.Text(4);
    row.name = r.OptText(5);
    row.company = r.OptText(6);
    page.items.push_back(std::move(row));
    return Status::Ok();
  }));
  if (static_cast<int>(page.items.size()) > v.limit) {
    page.items.resize(v.limit);
    page.more = true;
  }
  Query count;
  AppendSegmentMoveTotal(count, client, v);
  PP_RETURN_IF_ERROR(s.Query(count, [&](const Row& r) {
    page.total = r.Int(0);
    return Status::Ok();
  }));
  return page;
}

Result<CohortCells> QueryCohortCells(Session& s, const std::string& client, MonthNumber from,
                                     MonthNumber to) {
  Query q;
  AppendCohortCells(q, client, from, to);
  CohortCells out;
  PP_RETURN_IF_ERROR(s.Query(q, [&](const Row& r) {
    out[{static_cast<MonthNumber>(r.Int(0)), static_cast<MonthNumber>(r.Int(1))}] =
        CohortCell{r.Int(2), r.Int(3)};
    return Status::Ok();
  }));
  return out;
}

Status SqlTx::PrefetchSpendDays(const std::string& client, const std::vector<std::string>& ids) {
  using Entry = std::pair<std::string, std::optional<std::string>>;
  return PrefetchInto(cache_[client].spend_days,
                      "SELECT contact_id, days FROM contact_spend_days WHERE client_id = ? AND "
                      "contact_id IN ",
                      client, ids,
                      [](const Row& r) -> Result<Entry> { return Entry(r.Text(0), r.Text(1)); });
}

}  // namespace packprod::store::sql
