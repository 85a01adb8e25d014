// PgTx: every WriteTx operation over one PostgreSQL connection inside the caller's
// transaction (pg_store.cc opens it: a write transaction under the store-wide write
// lock, or a read-only REPEATABLE READ snapshot for Store::Read, where the writes fail).
// Used only by store/postgres.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/postgres/pg.h"
#include "store/store.h"

namespace packprod::store::postgres {

class PgTx : public WriteTx {
 public:
  explicit PgTx(Conn& c) : c_(c) {}

  // Whether AppendChange ran (the commit then NOTIFYs the processors).
  bool appended() const { return appended_; }

  // ---- tx.cc: orders, contacts, the change log, the checkpoint
  Result<std::optional<Order>> GetOrder(const std::string& client,
                                        const std::string& order_id) override;
  Result<std::optional<ContactRecord>> GetContact(const std::string& client,
                                                  const std::string& contact_id) override;
  Status PutContact(const std::string& client, const ContactRecord& c) override;
  Status PutOrder(const Order& o, const std::string& image, bool replace) override;
  Status DeleteOrder(const std::string& client, const std::string& order_id) override;
  Result<std::int64_t> AppendChange(const ChangeRecord& c) override;
  Result<std::int64_t> HeadSeq() override;
  Result<std::int64_t> AppliedSeq() override;
  Status SetAppliedSeq(std::int64_t seq, Millis at) override;
  Result<std::vector<ChangeRecord>> ReadChanges(std::int64_t after, int limit) override;
  Result<std::optional<ClientSettings>> GetClient(const std::string& client) override;
  Result<std::vector<ContactRecord>> ListContacts(const std::string& client) override;
  Status ScanOrders(const std::string& client, const std::function<bool(Order&&)>& fn) override;
  Result<int> PruneChanges(std::int64_t up_to, Millis before, int limit) override;

  // ---- views.cc: view rows
  Result<std::optional<CustomerAggregate>> GetCustomerView(const std::string& client,
                                                           const std::string& contact_id) override;
  Status PutCustomerView(const std::string& client, const CustomerAggregate& row,
                         const CustomerAggregate* before) override;
  Result<std::optional<ProductView>> GetProductView(const std::string& client,
                                                    const std::string& code) override;
  Status PutProductView(const std::string& client, const ProductView& row) override;
  Status DeleteProductView(const std::string& client, const std::string& code) override;
  Result<OrderDates> CountedOrderDates(const std::string& client,
                                       const std::string& contact_id) override;
  Result<ProductDates> CountedProductDates(const std::string& client,
                                           const std::string& code) override;
  Status ClearViews(const std::string& client) override;
  Result<ClientViews> ReadViews(const std::string& client) override;

  // ---- views_rollups.cc
  Status AddRollUps(const std::string& client, const RollUps& deltas,
                    std::map<std::string, std::int64_t>* new_customers) override;

 private:
  Conn& c_;
  bool appended_ = false;
};

// stream_state.applied_seq.
Result<std::int64_t> ReadAppliedSeq(Conn& c);

}  // namespace packprod::store::postgres
