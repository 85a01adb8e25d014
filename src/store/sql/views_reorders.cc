// SqlTx and the read side for reorder_cadence (docs/metrics.md "Reorders"): the days a
// contact's cadence is computed from, its row, each contact's contact_order_days row, and
// the listing (store/reorder_sql.h).
#include "store/reorder_sql.h"
#include "store/sql/view_queries.h"
#include "store/sql/sql_tx.h"

namespace packprod::store::sql {
namespace {

ReorderView ReorderFromRow(const Row& r) {
  ReorderView v;
  v.contact_id = r.Text(0);
  v.cadence.order_count = r.Int(1);
  v.cadence.cadence_days = r.Int(2);
  v.cadence.last_day = static_cast<DayNumber>(r.Int(3));
  v.cadence.expected_day = static_cast<DayNumber>(r.Int(4));
  v.average_order_value = r.Int(5);
  return v;
}

}  // namespace

Result<std::vector<DayNumber>> SqlTx::ContactOrderDays(const std::string& client,
                                                            const std::string& contact_id) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Session& s = sql();
  std::vector<DayNumber> days;
  // Without statistics SQLite's planner prefers the primary key (client_id, day, ...) for
  // ORDER BY day, a scan of the client's whole history: name the index.
  PP_RETURN_IF_ERROR(s.Query("SELECT day, orders FROM contact_days" +
                                 s.IndexedBy("contact_days_by_contact") +
                                 " WHERE client_id = ? AND contact_id = ? ORDER BY day",
                             {client, contact_id}, [&](const Row& r) {
                               days.insert(days.end(), r.Int(1),
                                           static_cast<DayNumber>(r.Int(0)));
                               return Status::Ok();
                             }));
  return days;
}

Status SqlTx::PutReorderView(const std::string& client, const ReorderView& row) {
  PP_RETURN_IF_ERROR(BeforeViews());
  static const std::string kSql =
      UpsertSql("reorder_cadence", {"client_id", "contact_id"},
                {"order_count", "cadence_days", "last_day", "expected_day", "average_order_value"});
  return sql().Run(kSql, {client, row.contact_id, row.cadence.order_count,
                          row.cadence.cadence_days, std::int64_t{row.cadence.last_day},
                          std::int64_t{row.cadence.expected_day}, row.average_order_value});
}

Status SqlTx::DeleteReorderView(const std::string& client, const std::string& contact_id) {
  PP_RETURN_IF_ERROR(BeforeViews());
  return sql().Run("DELETE FROM reorder_cadence WHERE client_id = ? AND contact_id = ?",
                   {client, contact_id});
}

Result<std::optional<std::string>> SqlTx::GetContactDaySet(const std::string& client,
                                                                const std::string& contact_id) {
  PP_RETURN_IF_ERROR(BeforeViews());
  std::optional<std::string> out;
  PP_RETURN_IF_ERROR(sql()
                         .QueryOne("SELECT days FROM contact_order_days WHERE client_id = ? "
                                   "AND contact_id = ?",
                                   {client, contact_id},
                                   [&](const Row& r) {
                                     out = r.Bytes(0);
                                     return Status::Ok();
                                   })
                         .status());
  return out;
}

Status SqlTx::PutContactDaySet(const std::string& client, const std::string& contact_id,
                                    const std::string& encoded) {
  PP_RETURN_IF_ERROR(BeforeViews());
  if (encoded.empty()) {
    return sql().Run("DELETE FROM contact_order_days WHERE client_id = ? AND contact_id = ?",
                     {client, contact_id});
  }
  static const std::string kSql =
      UpsertSql("contact_order_days", {"client_id", "contact_id"}, {"days"});
  return sql().Run(kSql, {client, contact_id, Bytes{encoded}});
}

Status ReadContactDaySets(Session& s, const std::string& client,
                          std::vector<std::pair<std::string, std::string>>* out) {
  return s.Query(
      "SELECT contact_id, days FROM contact_order_days WHERE client_id = ? ORDER BY contact_id",
      {client}, [&](const Row& r) {
        out->emplace_back(r.Text(0), r.Bytes(1));
        return Status::Ok();
      });
}

Status ReadReorderViews(Session& s, const std::string& client, std::vector<ReorderView>* out) {
  return s.Query(
      "SELECT contact_id, order_count, cadence_days, last_day, expected_day, "
      "average_order_value FROM reorder_cadence WHERE client_id = ? ORDER BY contact_id",
      {client}, [&](const Row& r) {
        out->push_back(ReorderFromRow(r));
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
    row.email = r.Text(6);
    row.name = r.OptText(7);
    row.company = r.OptText(8);
    page.items.push_back(std::move(row));
    return Status::Ok();
  }));
  if (static_cast<int>(page.items.size()) > q.limit) {
    page.items.resize(q.limit);
    page.more = true;
  }
  Query count;
  AppendReorderCount(count, client, q);
  PP_RETURN_IF_ERROR(s.Query(count, [&](const Row& r) {
    page.total = r.Int(0);
    return Status::Ok();
  }));
  return page;
}

}  // namespace packprod::store::sql
