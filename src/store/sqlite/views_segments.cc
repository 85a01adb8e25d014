// ViewTx and the read side for the segment movements and cohorts (docs/metrics.md
// "Segment movements", "Cohorts"): contact_spend_days, segment_moves and cohort_cells.
#include "store/segment_sql.h"
#include "store/sqlite/view_queries.h"
#include "store/sqlite/views.h"

namespace packprod::store::sqlite {
namespace {

Status Finish(Stmt& s) {
  Status st = s.error();
  s.Reset();
  return st;
}

Result<std::optional<Segment>> SegmentCol(const Stmt& s, int col) {
  return MoveSegmentFromRow(s.Text(col));
}

Result<Segment> ToSegmentCol(const Stmt& s, int col) {
  PP_ASSIGN_OR_RETURN(auto seg, SegmentCol(s, col));
  if (!seg) return Status::Internal("segment_moves: a move to no segment");
  return *seg;
}

}  // namespace

Result<std::optional<std::string>> ViewTx::GetSpendDays(const std::string& client,
                                                        const std::string& contact_id) {
  Stmt& s = vdb_.Prepare(
      "SELECT days FROM contact_spend_days WHERE client_id = ? AND contact_id = ?");
  s.Bind(1, client).Bind(2, contact_id);
  std::optional<std::string> out;
  if (s.Step()) out = s.Text(0);
  PP_RETURN_IF_ERROR(Finish(s));
  return out;
}

Status ViewTx::PutSpendDays(const std::string& client, const std::string& contact_id,
                            const std::string& encoded) {
  if (encoded.empty()) {
    Stmt& s =
        vdb_.Prepare("DELETE FROM contact_spend_days WHERE client_id = ? AND contact_id = ?");
    s.Bind(1, client).Bind(2, contact_id);
    return s.Run();
  }
  Stmt& s = vdb_.Prepare(
      "INSERT OR REPLACE INTO contact_spend_days (client_id, contact_id, days) VALUES (?, ?, ?)");
  s.Bind(1, client).Bind(2, contact_id).Bind(3, encoded);
  return s.Run();
}

Status ViewTx::ReplaceSegmentMoves(const std::string& client, const std::string& contact_id,
                                   const std::vector<SegmentMove>& moves) {
  Stmt& d = vdb_.Prepare("DELETE FROM segment_moves WHERE client_id = ? AND contact_id = ?");
  d.Bind(1, client).Bind(2, contact_id);
  PP_RETURN_IF_ERROR(d.Run());
  for (const SegmentMove& m : moves) {
    Stmt& s = vdb_.Prepare(
        "INSERT INTO segment_moves (client_id, contact_id, day, from_segment, to_segment) "
        "VALUES (?, ?, ?, ?, ?)");
    s.Bind(1, client).Bind(2, contact_id).Bind(3, std::int64_t{m.day});
    s.Bind(4, MoveSegmentName(m.from)).Bind(5, SegmentName(m.to));
    PP_RETURN_IF_ERROR(s.Run());
  }
  return Status::Ok();
}

Status ViewTx::AddCohortCells(const std::string& client, const CohortCells& deltas) {
  for (const auto& [key, d] : deltas) {
    if (d == CohortCell{}) continue;
    Stmt& s = vdb_.Prepare(
        "INSERT INTO cohort_cells (client_id, cohort, month, customers, revenue) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (client_id, cohort, month) DO UPDATE SET "
        "customers = customers + excluded.customers, revenue = revenue + excluded.revenue "
        "RETURNING customers");
    s.Bind(1, client).Bind(2, std::int64_t{key.first}).Bind(3, std::int64_t{key.second});
    s.Bind(4, d.customers).Bind(5, d.revenue);
    std::int64_t now = 0;
    if (s.Step()) now = s.Int(0);
    PP_RETURN_IF_ERROR(Finish(s));
    if (now < 0) {
      return Status::Internal("cohort_cells below zero for " + FormatMonth(key.first) +
                              ": rebuild the views");
    }
    if (now == 0) {
      Stmt& del = vdb_.Prepare(
          "DELETE FROM cohort_cells WHERE client_id = ? AND cohort = ? AND month = ?");
      del.Bind(1, client).Bind(2, std::int64_t{key.first}).Bind(3, std::int64_t{key.second});
      PP_RETURN_IF_ERROR(del.Run());
    }
  }
  return Status::Ok();
}

Status ReadSegmentViews(Db& db, const std::string& client, ClientViews* v) {
  Stmt& a = db.Prepare(
      "SELECT contact_id, days FROM contact_spend_days WHERE client_id = ? ORDER BY contact_id");
  a.Bind(1, client);
  while (a.Step()) v->spend_days.emplace_back(a.Text(0), a.Text(1));
  PP_RETURN_IF_ERROR(Finish(a));
  Stmt& m = db.Prepare(
      "SELECT contact_id, day, from_segment, to_segment FROM segment_moves WHERE client_id = ? "
      "ORDER BY contact_id, day");
  m.Bind(1, client);
  Status bad;
  while (bad.ok() && m.Step()) {
    auto from = SegmentCol(m, 2);
    auto to = ToSegmentCol(m, 3);
    if (!from.ok() || !to.ok()) {
      bad = from.ok() ? to.status() : from.status();
      break;
    }
    v->segment_moves.emplace_back(m.Text(0),
                                  SegmentMove{static_cast<DayNumber>(m.Int(1)), *from, *to});
  }
  Status st = Finish(m);
  PP_RETURN_IF_ERROR(bad);
  PP_RETURN_IF_ERROR(st);
  PP_ASSIGN_OR_RETURN(v->cohort_cells, QueryCohortCells(db, client, INT32_MIN, INT32_MAX));
  return Status::Ok();
}

Result<std::vector<SegmentMoveCount>> QuerySegmentMoveCounts(Db& db, const std::string& client,
                                                             DayNumber from_day,
                                                             DayNumber to_day) {
  Query q;
  AppendSegmentMoveCounts(q, client, from_day, to_day);
  Stmt& s = q.Prepare(db);
  std::vector<SegmentMoveCount> out;
  Status bad;
  while (s.Step()) {
    auto from = SegmentCol(s, 0);
    auto to = ToSegmentCol(s, 1);
    if (!from.ok() || !to.ok()) {
      bad = from.ok() ? to.status() : from.status();
      break;
    }
    out.push_back({*from, *to, s.Int(2)});
  }
  Status st = Finish(s);
  PP_RETURN_IF_ERROR(bad);
  PP_RETURN_IF_ERROR(st);
  return out;
}

Result<SegmentMovePage> QuerySegmentMoves(Db& db, const std::string& client,
                                          const SegmentMoveQuery& v) {
  SegmentMovePage page;
  Query rows;
  AppendSegmentMovePage(rows, client, v);
  Stmt& s = rows.Prepare(db);
  while (s.Step()) {
    SegmentMoveRow r;
    r.contact_id = s.Text(0);
    r.move = SegmentMove{static_cast<DayNumber>(s.Int(1)), v.from, v.to};
    r.email = s.Text(4);
    r.name = s.OptText(5);
    r.company = s.OptText(6);
    page.items.push_back(std::move(r));
  }
  PP_RETURN_IF_ERROR(Finish(s));
  if (static_cast<int>(page.items.size()) > v.limit) {
    page.items.resize(v.limit);
    page.more = true;
  }
  Query count;
  AppendSegmentMoveTotal(count, client, v);
  Stmt& c = count.Prepare(db);
  if (c.Step()) page.total = c.Int(0);
  PP_RETURN_IF_ERROR(Finish(c));
  return page;
}

Result<CohortCells> QueryCohortCells(Db& db, const std::string& client, MonthNumber from,
                                     MonthNumber to) {
  Query q;
  AppendCohortCells(q, client, from, to);
  Stmt& s = q.Prepare(db);
  CohortCells out;
  while (s.Step()) {
    out[{static_cast<MonthNumber>(s.Int(0)), static_cast<MonthNumber>(s.Int(1))}] =
        CohortCell{s.Int(2), s.Int(3)};
  }
  PP_RETURN_IF_ERROR(Finish(s));
  return out;
}

}  // namespace packprod::store::sqlite
