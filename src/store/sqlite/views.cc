// ViewTx: the checkpoint, the change log and the reads the processor makes of the
// orders, and the FTS5 search index of customer_metrics (sql::ViewTables' hooks).
#include "store/sqlite/views.h"

#include "store/sql/tables.h"

namespace packprod::store::sqlite {

Result<std::int64_t> ReadAppliedSeq(Db& db) {
  Stmt& s = db.Prepare("SELECT applied_seq FROM stream_state WHERE id = 1");
  std::int64_t seq = 0;
  if (s.Step()) seq = s.Int(0);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return seq;
}

Result<std::int64_t> ViewTx::AppliedSeq() { return ReadAppliedSeq(vdb_); }

Status ViewTx::SetAppliedSeq(std::int64_t seq, Millis at) {
  Stmt& s = vdb_.Prepare("UPDATE stream_state SET applied_seq = ?, updated_at = ? WHERE id = 1");
  s.Bind(1, seq).Bind(2, at);
  return s.Run();
}

Result<std::vector<ChangeRecord>> ViewTx::ReadChanges(std::int64_t after, int limit) {
  return sql::ReadChangeLog(sql(), after, limit);
}

Result<std::optional<ClientSettings>> ViewTx::GetClient(const std::string& client) {
  return sql::ReadClient(sql(), client);
}

Result<std::vector<ContactRecord>> ViewTx::ListContacts(const std::string& client) {
  return sql::ReadContacts(sql(), client);
}

Status ViewTx::ScanOrders(const std::string& client, const std::function<bool(Order&&)>& fn) {
  return sql::ScanOrderDocs(sql(), client, fn);
}

Result<std::optional<std::int64_t>> ViewTx::IndexNewCustomer(const std::string& client,
                                                            const std::string& contact_id,
                                                            const std::string& search) {
  Stmt& fts = vdb_.Prepare(
      "INSERT INTO customer_search (search_text, client_id, contact_id) VALUES (?, ?, ?)");
  fts.Bind(1, search).Bind(2, client).Bind(3, contact_id);
  PP_RETURN_IF_ERROR(fts.Run());
  return std::optional<std::int64_t>(vdb_.LastInsertRowid());
}

Status ViewTx::ReindexCustomer(const std::string& client, const std::string& contact_id,
                               const std::string& search) {
  Stmt& s = vdb_.Prepare(
      "UPDATE customer_search SET search_text = ?1 WHERE rowid = (SELECT search_rowid FROM "
      "customer_metrics WHERE client_id = ?2 AND contact_id = ?3)");
  s.Bind(1, search).Bind(2, client).Bind(3, contact_id);
  return s.Run();
}

Status ViewTx::ClearSearchIndex(const std::string& client) {
  Stmt& s = vdb_.Prepare(
      "DELETE FROM customer_search WHERE rowid IN "
      "(SELECT search_rowid FROM customer_metrics WHERE client_id = ?)");
  s.Bind(1, client);
  return s.Run();
}

Status ViewTx::ReadSearchIndex(const std::string& client, ClientViews* v) {
  Stmt& s = vdb_.Prepare(
      "SELECT s.search_text FROM customer_metrics m LEFT JOIN customer_search s "
      "ON s.rowid = m.search_rowid WHERE m.client_id = ? ORDER BY m.contact_id");
  s.Bind(1, client);
  while (s.Step()) v->indexed_texts.push_back(s.OptText(0));
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  Stmt& n = vdb_.Prepare("SELECT COUNT(*) FROM customer_search WHERE client_id = ?");
  n.Bind(1, client);
  if (n.Step()) v->search_rows = n.Int(0);
  PP_RETURN_IF_ERROR(n.error());
  n.Reset();
  return Status::Ok();
}

Result<int> ViewTx::PruneChanges(std::int64_t up_to, Millis before, int limit) {
  Stmt& s =
      vdb_.Prepare("SELECT seq, committed_at FROM change_log WHERE seq <= ? ORDER BY seq LIMIT ?");
  s.Bind(1, up_to).Bind(2, std::int64_t{limit});
  std::int64_t last = -1;
  int n = 0;
  while (s.Step() && s.Int(1) < before) {
    last = s.Int(0);
    ++n;
  }
  Status st = s.error();
  s.Reset();
  PP_RETURN_IF_ERROR(st);
  if (n == 0) return 0;
  Stmt& d = vdb_.Prepare("DELETE FROM change_log WHERE seq <= ?");
  d.Bind(1, last);
  PP_RETURN_IF_ERROR(d.Run());
  return n;
}

}  // namespace packprod::store::sqlite
