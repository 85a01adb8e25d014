// PgTx's search index hooks (sql::SqlTx): customer_metrics is searched through a
// pg_trgm GIN index over its own search_text column, so the index is part of the row and
// cannot drift from it: nothing to write or clear beside it.
#include "store/postgres/tx.h"

namespace packprod::store::postgres {

Result<std::optional<std::int64_t>> PgTx::IndexNewCustomer(const std::string&,
                                                          const std::string&,
                                                          const std::string&) {
  return std::optional<std::int64_t>();
}

Status PgTx::ReindexCustomer(const std::string&, const std::string&, const std::string&) {
  return Status::Ok();
}

Status PgTx::ClearSearchIndex(const std::string&) { return Status::Ok(); }

Status PgTx::ReadSearchIndex(const std::string&, ClientViews* v) {
  v->indexed_texts.assign(v->search_texts.begin(), v->search_texts.end());
  v->search_rows = static_cast<std::int64_t>(v->customers.size());
  return Status::Ok();
}

}  // namespace packprod::store::postgres
