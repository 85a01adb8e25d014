// SqlTx and the read side for reorder_cadence (docs/metrics.md "Reorders"): the days a
// contact's cadence is computed from, its row with the days its status changes
// (ReorderDaysOf under the client's settings) and their per-day counts
// (reorder_day_counts), a settings change that recomputes the client's days, and the
// listing (store/reorder_sql.h).
#include <algorithm>
#include <array>
#include <map>

#include "store/reorder_sql.h"
#include "store/sql/tables.h"
#include "store/sql/view_queries.h"
#include "store/sql/counters.h"
#include "store/sql/sql_tx.h"

namespace packprod::store::sql {
namespace {

// Columns 0-8 of kReorderRowCols.
ReorderView ReorderFromRow(const Row& r) {
  ReorderView v;
  v.contact_id = r.Text(0);
  v.cadence.order_count = r.Int(1);
  v.cadence.cadence_days = r.Int(2);
  v.cadence.last_day = static_cast<DayNumber>(r.Int(3));
  v.cadence.expected_day = static_cast<DayNumber>(r.Int(4));
  v.average_order_value = r.Int(5);
  v.days.due_day = static_cast<DayNumber>(r.Int(6));
  v.days.overdue_day = static_cast<DayNumber>(r.Int(7));
  v.days.lapse_day = static_cast<DayNumber>(r.Int(8));
  return v;
}

// The client's reorder settings as stored (defaults when the client has no row).
Result<ReorderSettings> StoredReorderSettings(Session& s, const std::string& client) {
  PP_ASSIGN_OR_RETURN(std::optional<ClientSettings> c, ReadClient(s, client));
  return c ? ReorderSettingsOf(*c) : ReorderSettings{};
}

// Per day, the change of (due, overdue, lapsed) counts.
using DayDeltas = std::map<DayNumber, std::array<std::int64_t, 3>>;

void AddDays(DayDeltas& d, const ReorderDays& days, std::int64_t sign) {
  d[days.due_day][0] += sign;
  d[days.overdue_day][1] += sign;
  d[days.lapse_day][2] += sign;
}

Status ApplyDayDeltas(Session& s, const std::string& client, const DayDeltas& deltas) {
  static const CounterTable kTable{"reorder_day_counts", {"day"},
                                   {"due_n", "overdue_n", "lapsed_n"},
                                   CounterTable::Remove::kAllZero};
  std::vector<CounterChange> changes;
  for (const auto& [day, d] : deltas) changes.push_back({{std::int64_t{day}}, {d[0], d[1], d[2]}});
  return AddCounters(s, client, kTable, changes);
}

// The stored days of these contacts' rows (those that have one), read together.
Result<std::map<std::string, ReorderDays>> StoredDays(Session& s, const std::string& client,
                                                      std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  std::map<std::string, ReorderDays> out;
  PP_RETURN_IF_ERROR(ForEachIn(s,
                               "SELECT contact_id, due_day, overdue_day, lapse_day FROM "
                               "reorder_cadence WHERE client_id = ? AND contact_id IN ",
                               client, ids, [&](const Row& r) {
                                 out[r.Text(0)] = ReorderDays{static_cast<DayNumber>(r.Int(1)),
                                                              static_cast<DayNumber>(r.Int(2)),
                                                              static_cast<DayNumber>(r.Int(3))};
                                 return Status::Ok();
                               }));
  return out;
}

}  // namespace

Status SqlTx::ChangeReorderViews(const std::string& client, const std::vector<ReorderView>& puts,
                                 const std::vector<std::string>& deletes) {
  if (puts.empty() && deletes.empty()) return Status::Ok();
  PP_RETURN_IF_ERROR(BeforeViews());
  Session& s = sql();
  DayDeltas deltas;
  std::vector<std::string> ids = deletes;
  for (const ReorderView& row : puts) ids.push_back(row.contact_id);
  PP_ASSIGN_OR_RETURN(const auto stored, StoredDays(s, client, std::move(ids)));
  auto stored_of = [&](const std::string& id) -> std::optional<ReorderDays> {
    auto it = stored.find(id);
    if (it == stored.end()) return std::nullopt;
    return it->second;
  };
  if (!puts.empty()) {
    PP_ASSIGN_OR_RETURN(ReorderSettings settings, StoredReorderSettings(store_sql(), client));
    static const std::string kSql = UpsertSql(
        "reorder_cadence", {"client_id", "contact_id"},
        {"order_count", "cadence_days", "last_day", "expected_day", "average_order_value",
         "due_day", "overdue_day", "lapse_day"});
    for (const ReorderView& row : puts) {
      const ReorderDays days = ReorderDaysOf(row.cadence, settings);
      const std::optional<ReorderDays> before = stored_of(row.contact_id);
      PP_RETURN_IF_ERROR(s.Send(
          kSql, {client, row.contact_id, row.cadence.order_count, row.cadence.cadence_days,
                 std::int64_t{row.cadence.last_day}, std::int64_t{row.cadence.expected_day},
                 row.average_order_value, std::int64_t{days.due_day},
                 std::int64_t{days.overdue_day}, std::int64_t{days.lapse_day}}));
      if (before == days) continue;
      if (before) AddDays(deltas, *before, -1);
      AddDays(deltas, days, +1);
    }
  }
  for (const std::string& contact_id : deletes) {
    const std::optional<ReorderDays> before = stored_of(contact_id);
    if (!before) continue;
    PP_RETURN_IF_ERROR(s.Send("DELETE FROM reorder_cadence WHERE client_id = ? AND contact_id = ?",
                             {client, contact_id}));
    AddDays(deltas, *before, -1);
  }
  return ApplyDayDeltas(s, client, deltas);
}

Status SqlTx::PutClient(const ClientSettings& c) {
  PP_RETURN_IF_ERROR(BeforeViews());
  return WriteClient(sql(), c);
}

Result<std::int64_t> SqlTx::FollowReorderSettings(const ClientSettings& c) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Session& s = sql();
  // Each row's days under the settings (ReorderDaysOf as integer SQL: the settings are
  // positive, so the division's truncation is the floor), written where they differ.
  const ReorderSettings now = ReorderSettingsOf(c);
  const std::string t = std::to_string(now.tolerance_days);
  const std::string pct = "cadence_days * " + std::to_string(now.tolerance_pct) + " / 100";
  const std::string overdue =
      "(expected_day + 1 + CASE WHEN " + t + " >= " + pct + " THEN " + t + " ELSE " + pct + " END)";
  const std::string lapse =
      "(expected_day + " + std::to_string(now.lapsed_cadences) + " * cadence_days + 1)";
  const std::string window = "(expected_day - " + std::to_string(now.window_days) + ")";
  const std::string lapse_day =
      "CASE WHEN " + overdue + " >= " + lapse + " THEN " + overdue + " ELSE " + lapse + " END";
  const std::string due_day =
      "CASE WHEN " + window + " <= " + overdue + " THEN " + window + " ELSE " + overdue + " END";
  PP_ASSIGN_OR_RETURN(
      std::int64_t changed,
      s.Exec("UPDATE reorder_cadence SET overdue_day = " + overdue + ", lapse_day = " + lapse_day +
                 ", due_day = " + due_day + " WHERE client_id = ? AND (overdue_day <> " + overdue +
                 " OR lapse_day <> " + lapse_day + " OR due_day <> " + due_day + ")",
             {c.client_id}));
  if (changed > 0) PP_RETURN_IF_ERROR(RecountReorderDays(s, c.client_id));
  return changed;
}

Status RecountReorderDays(Session& s, const std::string& client) {
  PP_RETURN_IF_ERROR(s.Send("DELETE FROM reorder_day_counts WHERE client_id = ?", {client}));
  return s.Send(
      "INSERT INTO reorder_day_counts (client_id, day, due_n, overdue_n, lapsed_n) "
      "SELECT client_id, day, SUM(a), SUM(b), SUM(c) FROM ("
      "SELECT client_id, due_day AS day, 1 AS a, 0 AS b, 0 AS c FROM reorder_cadence "
      "WHERE client_id = ? UNION ALL "
      "SELECT client_id, overdue_day, 0, 1, 0 FROM reorder_cadence WHERE client_id = ? "
      "UNION ALL SELECT client_id, lapse_day, 0, 0, 1 FROM reorder_cadence WHERE client_id = ?"
      ") t GROUP BY client_id, day",
      {client, client, client});
}

Status ReadReorderViews(Session& s, const std::string& client, std::vector<ReorderView>* out) {
  return s.Query(
      "SELECT contact_id, order_count, cadence_days, last_day, expected_day, "
      "average_order_value, due_day, overdue_day, lapse_day FROM reorder_cadence WHERE "
      "client_id = ? ORDER BY contact_id",
      {client}, [&](const Row& r) {
        out->push_back(ReorderFromRow(r));
        return Status::Ok();
      });
}

Status ReadReorderDayCounts(Session& s, const std::string& client,
                            std::vector<ReorderDayCount>* out) {
  return s.Query(
      "SELECT day, due_n, overdue_n, lapsed_n FROM reorder_day_counts WHERE client_id = ? "
      "ORDER BY day",
      {client}, [&](const Row& r) {
        out->push_back({static_cast<DayNumber>(r.Int(0)), r.Int(1), r.Int(2), r.Int(3)});
        return Status::Ok();
      });
}

Result<ReorderPage> QueryReorderViews(Session& s, const std::string& client,
                                      const ReorderQuery& q) {
  ReorderPage page;
  Query rows;
  AppendReorderPage(rows, client, q);
  PP_RETURN_IF_ERROR(s.Query(rows, [&](const Row& r) {
    ReorderRow row;
    row.view = ReorderFromRow(r);
    row.email = r.Text(9);
    row.name = r.OptText(10);
    row.company = r.OptText(11);
    page.items.push_back(std::move(row));
    return Status::Ok();
  }));
  if (static_cast<int>(page.items.size()) > q.limit) {
    page.items.resize(q.limit);
    page.more = true;
  }
  Query count;
  AppendReorderCount(count, client, q);
  std::array<std::int64_t, kReorderStatusCount> totals{};
  PP_RETURN_IF_ERROR(s.Query(count, [&](const Row& r) {
    totals = ReorderStatusTotals(r.Int(0), r.Int(1), r.Int(2), r.Int(3));
    return Status::Ok();
  }));
  if (q.statuses.empty()) {
    for (std::int64_t n : totals) page.total += n;
  } else {
    for (ReorderStatus st : q.statuses) page.total += totals[static_cast<int>(st)];
  }
  return page;
}

}  // namespace packprod::store::sql
