// The SQLite side of the views (store.h "views (stream processor)"): the tables of
// migration 2 read and written on one connection inside the caller's transaction.
// Used only by store/sqlite.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/sql/view_tables.h"
#include "store/sqlite/db.h"
#include "store/sqlite/session.h"
#include "store/store.h"

namespace packprod::store::sqlite {

// stream_state.applied_seq on `db`.
Result<std::int64_t> ReadAppliedSeq(Db& db);

// The view methods of WriteTx over one connection. SqliteWriteTx derives from it; the
// caller owns the transaction (BEGIN IMMEDIATE for writes, BEGIN for Store::Read).
class ViewTx : public sql::ViewTables {
 public:
  Result<std::int64_t> AppliedSeq() override;
  Status SetAppliedSeq(std::int64_t seq, Millis at) override;
  Result<std::vector<ChangeRecord>> ReadChanges(std::int64_t after, int limit) override;
  Result<std::optional<ClientSettings>> GetClient(const std::string& client) override;
  Result<std::vector<ContactRecord>> ListContacts(const std::string& client) override;
  Status ScanOrders(const std::string& client, const std::function<bool(Order&&)>& fn) override;

  Result<std::optional<CustomerAggregate>> GetCustomerView(const std::string& client,
                                                           const std::string& contact_id) override;
  Status PutCustomerView(const std::string& client, const CustomerAggregate& row,
                         const CustomerAggregate* before) override;
  Result<std::optional<ProductView>> GetProductView(const std::string& client,
                                                    const std::string& code) override;
  Status PutProductView(const std::string& client, const ProductView& row) override;
  Status DeleteProductView(const std::string& client, const std::string& code) override;

  // Defined in views_rollups.cc.
  Status AddRollUps(const std::string& client, const RollUps& deltas,
                    std::map<std::string, std::int64_t>* new_customers) override;

  // Defined in views_reorders.cc.
  Result<std::vector<DayNumber>> ContactOrderDays(const std::string& client,
                                                  const std::string& contact_id) override;
  Status PutReorderView(const std::string& client, const ReorderView& row) override;
  Status DeleteReorderView(const std::string& client, const std::string& contact_id) override;
  Result<std::optional<std::string>> GetContactDaySet(const std::string& client,
                                                      const std::string& contact_id) override;
  Status PutContactDaySet(const std::string& client, const std::string& contact_id,
                          const std::string& encoded) override;

  // Defined in views_day_customers.cc.
  Result<std::optional<DayCustomers>> GetDayCustomers(const std::string& client,
                                                      DayNumber day) override;
  Status PutDayCustomers(const std::string& client, const DayCustomers& row) override;
  // Defined in views_segments.cc.
  Result<std::optional<std::string>> GetSpendDays(const std::string& client,
                                                  const std::string& contact_id) override;
  Status PutSpendDays(const std::string& client, const std::string& contact_id,
                      const std::string& encoded) override;
  Status ReplaceSegmentMoves(const std::string& client, const std::string& contact_id,
                             const std::vector<SegmentMove>& moves) override;
  Status AddCohortCells(const std::string& client, const CohortCells& deltas) override;
  // Defined in views_accounts.cc.
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
  // Defined in views_recompute.cc.
  Result<OrderDates> CountedOrderDates(const std::string& client,
                                       const std::string& contact_id) override;
  Result<ProductDates> CountedProductDates(const std::string& client,
                                           const std::string& code) override;
  Status ClearViews(const std::string& client) override;
  Result<ClientViews> ReadViews(const std::string& client) override;
  Result<int> PruneChanges(std::int64_t up_to, Millis before, int limit) override;

 protected:
  explicit ViewTx(Db& db) : vdb_(db), session_(db) {}
  sql::Session& sql() override { return session_; }

 private:
  Db& vdb_;
  SqliteSession session_;
};

}  // namespace packprod::store::sqlite
