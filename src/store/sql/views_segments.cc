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

Status SqlTx::ChangeSegmentMoves(const std::string& client,
                                 const std::vector<SegmentMovesChange>& changes) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Session& s = sql();
  // Per contact, rows of `stored` whose day has no move now are deleted and moves new or
  // changed on their day are written: the two sets of keys are disjoint, so the order of
  // the deletes and the writes does not matter.
  std::vector<std::pair<const std::string*, DayNumber>> gone;
  std::vector<std::pair<const std::string*, const SegmentMove*>> put;
  for (const SegmentMovesChange& c : changes) {
    auto now = c.moves.begin();
    for (const SegmentMove& old : c.stored) {
      while (now != c.moves.end() && now->day < old.day) ++now;
      if (now != c.moves.end() && now->day == old.day) continue;
      gone.emplace_back(&c.contact_id, old.day);
    }
    auto was = c.stored.begin();
    for (const SegmentMove& m : c.moves) {
      while (was != c.stored.end() && was->day < m.day) ++was;
      if (was != c.stored.end() && *was == m) continue;
      put.emplace_back(&c.contact_id, &m);
    }
  }
  if (s.engine() == Engine::kSqlite) {
    // Statements are calls into this process there: one per row gone, one per contact's
    // rows written (as before the batch form).
    for (const auto& [contact, day] : gone) {
      PP_RETURN_IF_ERROR(
          s.Send("DELETE FROM segment_moves WHERE client_id = ? AND contact_id = ? AND day = ?",
                 {client, *contact, std::int64_t{day}}));
    }
    for (std::size_t i = 0; i < put.size();) {
      const std::string* contact = put[i].first;
      std::string text =
          "INSERT INTO segment_moves (client_id, contact_id, day, from_segment, to_segment) "
          "VALUES ";
      Args args;
      for (; i < put.size() && put[i].first == contact; ++i) {
        const SegmentMove& m = *put[i].second;
        text += args.empty() ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)";
        args.insert(args.end(), {client, *contact, std::int64_t{m.day}, MoveSegmentName(m.from),
                                 SegmentName(m.to)});
      }
      text +=
          " ON CONFLICT (client_id, contact_id, day) DO UPDATE SET from_segment = "
          "excluded.from_segment, to_segment = excluded.to_segment";
      PP_RETURN_IF_ERROR(s.Send(text, args));
    }
    return Status::Ok();
  }
  // PostgreSQL: the batch's rows gone by (contact, day) pairs, a power of two of them per
  // statement (few distinct texts to prepare); then single-row upserts, which the
  // connection keeps and writes as multi-row statements (store/postgres/upsert_rows.h).
  for (std::size_t done = 0; done < gone.size();) {
    std::size_t n = s.MaxRowsPerStatement();
    while (n > gone.size() - done) n /= 2;
    std::string text =
        "DELETE FROM segment_moves WHERE client_id = ? AND (contact_id, day) IN "
        "(VALUES (?, CAST(? AS BIGINT))";
    for (std::size_t i = 1; i < n; ++i) text += ", (?, CAST(? AS BIGINT))";
    text += ")";
    Args args = {client};
    for (std::size_t i = done; i < done + n; ++i) {
      args.emplace_back(*gone[i].first);
      args.emplace_back(std::int64_t{gone[i].second});
    }
    PP_RETURN_IF_ERROR(s.Send(text, args));
    done += n;
  }
  static const std::string kUpsert =
      UpsertSql("segment_moves", {"client_id", "contact_id", "day"}, {"from_segment", "to_segment"});
  for (const auto& [contact, m] : put) {
    PP_RETURN_IF_ERROR(s.Send(kUpsert, {client, *contact, std::int64_t{m->day},
                                        MoveSegmentName(m->from), SegmentName(m->to)}));
  }
  return Status::Ok();
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
