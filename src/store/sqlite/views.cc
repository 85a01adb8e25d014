// ViewTx: the FTS5 search index of customer_metrics (sql::SqlTx' hooks).
#include "store/sqlite/views.h"


namespace packprod::store::sqlite {

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

}  // namespace packprod::store::sqlite
