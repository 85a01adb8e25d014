// The view tables of WriteTx written once over sql::Session (store/sql/session.h). Each
// engine's transaction derives from ViewTables and supplies its session and, on
// PostgreSQL, the view lock taken before any view row is read or written. Used only by
// store/sqlite and store/postgres.
#pragma once

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

  // ---- views_reorders.cc: reorder_cadence and contact_order_days (docs/metrics.md
  // "Reorders")
  Result<std::vector<DayNumber>> ContactOrderDays(const std::string& client,
                                                  const std::string& contact_id) override;
  Status PutReorderView(const std::string& client, const ReorderView& row) override;
  Status DeleteReorderView(const std::string& client, const std::string& contact_id) override;
  Result<std::optional<std::string>> GetContactDaySet(const std::string& client,
                                                      const std::string& contact_id) override;
  Status PutContactDaySet(const std::string& client, const std::string& contact_id,
                          const std::string& encoded) override;

  // ---- views_day_customers.cc: day_customers (domain/day_customers.h)
  Result<std::optional<DayCustomers>> GetDayCustomers(const std::string& client,
                                                      DayNumber day) override;
  Status PutDayCustomers(const std::string& client, const DayCustomers& row) override;

  // ---- views_segments.cc: contact_spend_days, segment_moves, cohort_cells
  Result<std::optional<std::string>> GetSpendDays(const std::string& client,
                                                  const std::string& contact_id) override;
  Status PutSpendDays(const std::string& client, const std::string& contact_id,
                      const std::string& encoded) override;
  Status ReplaceSegmentMoves(const std::string& client, const std::string& contact_id,
                             const std::vector<SegmentMove>& moves) override;
  Status AddCohortCells(const std::string& client, const CohortCells& deltas) override;

  // ---- views_accounts.cc: account_rules (not a view), account_members, account_metrics
  Result<std::optional<std::string>> GetAccountRules(const std::string& client) override;
  Status PutAccountRules(const std::string& client, const std::string& rules_json,
                         Millis at) override;
  Result<std::optional<std::string>> GetAccountOf(const std::string& client,
                                                  const std::string& contact_id) override;
  Result<std::vector<std::string>> AccountMembers(const std::string& client,
                                                  const std::string& account_id) override;
  Status PutAccountMember(const std::string& client, const std::string& contact_id,
                          const std::string& account_id) override;
  Result<std::optional<Account>> GetAccountView(const std::string& client,
                                                const std::string& account_id) override;
  Status PutAccountView(const std::string& client, const Account& row) override;
  Status DeleteAccountView(const std::string& client, const std::string& account_id) override;

 protected:
  // This transaction's session.
  virtual Session& sql() = 0;
  // Runs before a view row is read or written (PostgreSQL: the view lock, tx.h).
  virtual Status BeforeViews() { return Status::Ok(); }

  // ReadViews' part for the tables written here: reorders, day sets, day customers,
  // segments and cohorts, accounts, contact products.
  Status ReadViewTables(const std::string& client, ClientViews* v);
};

}  // namespace packprod::store::sql
