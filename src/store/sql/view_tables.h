// The view tables of WriteTx written once over sql::Session (store/sql/session.h). Each
// engine's transaction derives from ViewTables and supplies its session and, on
// PostgreSQL, the view lock taken before any view row is read or written. Used only by
// store/sqlite and store/postgres.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/sql/session.h"
#include "store/store.h"

namespace packprod::store::sql {

class ViewTables : public WriteTx {
 public:
  // ---- views_contact_products.cc: contact_products (domain/usual_basket.h)
  Result<std::optional<ContactProduct>> GetContactProduct(const std::string& client,
                                                          const std::string& contact_id,
                                                          const std::string& code) override;
  Status PutContactProduct(const std::string& client, const ContactProduct& row) override;
  Status DeleteContactProduct(const std::string& client, const std::string& contact_id,
                              const std::string& code) override;
  Result<std::vector<ContactProduct>> ListContactProducts(const std::string& client,
                                                          const std::string& contact_id) override;
  Result<std::vector<ProductInOrder>> ContactProductOrders(const std::string& client,
                                                          const std::string& contact_id,
                                                          const std::string& code) override;

  // ---- views_stats.cc: the statistics counters (domain/order_stats.h)
  Result<std::map<StatsCellKey, std::int64_t>> SumStatsCells(const std::string& client,
                                                           DayNumber from_day,
                                                           DayNumber to_day) override;
  Result<std::vector<std::pair<Cents, std::int64_t>>> SumStatsTotals(const std::string& client,
                                                                     DayNumber from_day,
                                                                     DayNumber to_day, Cents lo,
                                                                     Cents hi) override;
  Result<std::map<std::int64_t, BucketSums>> ReadStatsBuckets(const std::string& client) override;
  Result<std::map<std::int64_t, std::int64_t>> ReadStatsGaps(const std::string& client) override;
  Status AddStatsRows(const std::string& client, const StatsRows& deltas) override;

 protected:
  // This transaction's session.
  virtual Session& sql() = 0;
  // Runs before a view row is read or written (PostgreSQL: the view lock, tx.h).
  virtual Status BeforeViews() { return Status::Ok(); }

  // Every contact_products row of the client, multisets included, by (contact, code):
  // ReadViews' part.
  Status ReadAllContactProducts(const std::string& client, std::vector<ContactProduct>* out);
  // Every statistics counter row of the client: ReadViews' part.
  Status ReadAllStats(const std::string& client, StatsRows* out);
};

}  // namespace packprod::store::sql
