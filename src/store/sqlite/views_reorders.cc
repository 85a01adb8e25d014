// ViewTx and the read side for reorder_cadence (docs/metrics.md "Reorders"): the days a
// contact's cadence is computed from, its row, and the listing (store/reorder_sql.h).
#include "store/reorder_sql.h"
#include "store/sqlite/view_queries.h"
#include "store/sqlite/views.h"

namespace packprod::store::sqlite {
namespace {


ReorderView ReorderFromRow(const Stmt& s) {
  ReorderView v;
  v.contact_id = s.Text(0);
  v.cadence.order_count = s.Int(1);
  v.cadence.cadence_days = s.Int(2);
  v.cadence.last_day = static_cast<DayNumber>(s.Int(3));
  v.cadence.expected_day = static_cast<DayNumber>(s.Int(4));
  v.average_order_value = s.Int(5);
  return v;
}

}  // namespace

Result<std::vector<DayNumber>> ViewTx::ContactOrderDays(const std::string& client,
                                                        const std::string& contact_id) {
  Stmt& s = vdb_.Prepare(
      // Without statistics the planner prefers the primary key (client_id, day, ...) for
      // ORDER BY day, a scan of the client's whole history: name the index.
      "SELECT day, orders FROM contact_days INDEXED BY contact_days_by_contact "
      "WHERE client_id = ? AND contact_id = ? ORDER BY day");
  s.Bind(1, client).Bind(2, contact_id);
  std::vector<DayNumber> days;
  while (s.Step()) days.insert(days.end(), s.Int(1), static_cast<DayNumber>(s.Int(0)));
  Status st = s.error();
  s.Reset();
  PP_RETURN_IF_ERROR(st);
  return days;
}

Status ViewTx::PutReorderView(const std::string& client, const ReorderView& row) {
  Stmt& s = vdb_.Prepare(
      "INSERT OR REPLACE INTO reorder_cadence (client_id, contact_id, order_count, "
      "cadence_days, last_day, expected_day, average_order_value) VALUES (?, ?, ?, ?, ?, ?, ?)");
  s.Bind(1, client).Bind(2, row.contact_id).Bind(3, row.cadence.order_count);
  s.Bind(4, row.cadence.cadence_days).Bind(5, std::int64_t{row.cadence.last_day});
  s.Bind(6, std::int64_t{row.cadence.expected_day}).Bind(7, row.average_order_value);
  return s.Run();
}

Status ViewTx::DeleteReorderView(const std::string& client, const std::string& contact_id) {
  Stmt& s = vdb_.Prepare("DELETE FROM reorder_cadence WHERE client_id = ? AND contact_id = ?");
  s.Bind(1, client).Bind(2, contact_id);
  return s.Run();
}

Result<std::optional<std::string>> ViewTx::GetContactDaySet(const std::string& client,
                                                            const std::string& contact_id) {
  Stmt& s = vdb_.Prepare(
      "SELECT days FROM contact_order_days WHERE client_id = ? AND contact_id = ?");
  s.Bind(1, client).Bind(2, contact_id);
  std::optional<std::string> out;
  if (s.Step()) out = s.Blob(0);
  Status st = s.error();
  s.Reset();
  PP_RETURN_IF_ERROR(st);
  return out;
}

Status ViewTx::PutContactDaySet(const std::string& client, const std::string& contact_id,
                                const std::string& encoded) {
  if (encoded.empty()) {
    Stmt& s =
        vdb_.Prepare("DELETE FROM contact_order_days WHERE client_id = ? AND contact_id = ?");
    s.Bind(1, client).Bind(2, contact_id);
    return s.Run();
  }
  Stmt& s = vdb_.Prepare(
      "INSERT OR REPLACE INTO contact_order_days (client_id, contact_id, days) VALUES (?, ?, ?)");
  s.Bind(1, client).Bind(2, contact_id).BindBlob(3, encoded);
  return s.Run();
}

Status ReadContactDaySets(Db& db, const std::string& client,
                          std::vector<std::pair<std::string, std::string>>* out) {
  Stmt& s = db.Prepare(
      "SELECT contact_id, days FROM contact_order_days WHERE client_id = ? ORDER BY contact_id");
  s.Bind(1, client);
  while (s.Step()) out->emplace_back(s.Text(0), s.Blob(1));
  Status st = s.error();
  s.Reset();
  return st;
}

Status ReadReorderViews(Db& db, const std::string& client, std::vector<ReorderView>* out) {
  Stmt& s = db.Prepare(
      "SELECT contact_id, order_count, cadence_days, last_day, expected_day, "
      "average_order_value FROM reorder_cadence WHERE client_id = ? ORDER BY contact_id");
  s.Bind(1, client);
  while (s.Step()) out->push_back(ReorderFromRow(s));
  Status st = s.error();
  s.Reset();
  return st;
}

Result<ReorderPage> QueryReorderViews(Db& db, const std::string& client, const ReorderQuery& q) {
  ReorderPage page;
  Query rows;
  AppendReorderPage(rows, client, q);
  Stmt& s = rows.Prepare(db);
  while (s.Step()) {
    ReorderRow r;
    r.view = ReorderFromRow(s);
    r.email = s.Text(6);
    r.name = s.OptText(7);
    r.company = s.OptText(8);
    page.items.push_back(std::move(r));
  }
  Status st = s.error();
  s.Reset();
  PP_RETURN_IF_ERROR(st);
  if (static_cast<int>(page.items.size()) > q.limit) {
    page.items.resize(q.limit);
    page.more = true;
  }
  Query count;
  AppendReorderCount(count, client, q);
  Stmt& c = count.Prepare(db);
  if (c.Step()) page.total = c.Int(0);
  st = c.error();
  c.Reset();
  PP_RETURN_IF_ERROR(st);
  return page;
}

}  // namespace packprod::store::sqlite
