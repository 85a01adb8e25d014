// PgTx's search index hooks (sql::SqlTx): customers are searched through a pg_trgm GIN
// index over customer_search.search_text, one row per customer_metrics row with the same
// text, written only when a customer's text is new or changed. (When the index was on
// customer_metrics itself, every update of a customer's counters, which change indexed
// columns and so are never HOT updates, added the row's trigrams to it again.)
#include "store/postgres/tx.h"
#include "store/sql/session.h"

namespace packprod::store::postgres {
namespace {

// A single-row upsert setting every column: the connection merges a batch's rows into
// multi-row statements.
const std::string& PutSearchSql() {
  static const std::string kSql =
      sql::UpsertSql("customer_search", {"client_id", "contact_id"}, {"search_text"});
  return kSql;
}

}  // namespace

Result<std::optional<std::int64_t>> PgTx::IndexNewCustomer(const std::string& client,
                                                          const std::string& contact_id,
                                                          const std::string& search) {
  PP_RETURN_IF_ERROR(sql().Send(PutSearchSql(), {client, contact_id, search}));
  return std::optional<std::int64_t>();
}

Status PgTx::ReindexCustomer(const std::string& client, const std::string& contact_id,
                             const std::string& search) {
  return sql().Send(PutSearchSql(), {client, contact_id, search});
}

Status PgTx::ClearSearchIndex(const std::string& client) {
  return sql().Send("DELETE FROM customer_search WHERE client_id = ?", {client});
}

Status PgTx::ReadSearchIndex(const std::string& client, ClientViews* v) {
  PP_RETURN_IF_ERROR(sql().Query(
      "SELECT s.search_text FROM customer_metrics m LEFT JOIN customer_search s "
      "ON s.client_id = m.client_id AND s.contact_id = m.contact_id "
      "WHERE m.client_id = ? ORDER BY m.contact_id",
      {client}, [&](const sql::Row& r) {
        v->indexed_texts.push_back(r.OptText(0));
        return Status::Ok();
      }));
  return sql().Query("SELECT COUNT(*) FROM customer_search WHERE client_id = ?", {client},
                     [&](const sql::Row& r) {
                       v->search_rows = r.Int(0);
                       return Status::Ok();
                     });
}

}  // namespace packprod::store::postgres
