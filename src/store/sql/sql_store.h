// SqlStore: the Store read methods written once over sql::Session. SQLite's and
// PostgreSQL's stores derive from it and supply OnSnapshot; everything else of Store
// (writes, coordination, the engine's own reads) stays theirs. Used only by store/sqlite
// and store/postgres.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/sql/session.h"
#include "store/store.h"

namespace packprod::store::sql {

class SqlStore : public Store {
 public:
  // ---- clients and keys
  Result<std::optional<ClientSettings>> GetClient(const std::string& id) override;
  Result<std::vector<ClientSettings>> ListClients() override;
  Status PutClient(const ClientSettings& c) override;
  Status CreateKey(const ApiKey& k, const std::string& hash) override;
  Result<std::optional<ApiKey>> FindKey(const std::string& hash) override;
  Result<std::vector<ApiKey>> ListKeys() override;
  Result<std::vector<std::pair<ApiKey, std::string>>> ExportKeys() override;
  Status RevokeKey(const std::string& key_id, Millis at) override;
  Status TouchKey(const std::string& key_id, Millis at) override;

  // ---- orders, contacts, the change log, webhook secrets
  Result<std::optional<Order>> GetOrder(const std::string& client,
                                        const std::string& order_id) override;
  Result<OrderPage> ListOrders(const std::string& client, const OrderQuery& q) override;
  Status ScanOrders(const std::string& client, const std::function<bool(Order&&)>& fn) override;
  Status ScanOrdersByContact(const std::string& client,
                             const std::function<bool(Order&&)>& fn) override;
  Result<std::vector<ContactRecord>> ListContacts(const std::string& client) override;
  Result<std::optional<ContactRecord>> GetContact(const std::string& client,
                                                  const std::string& contact_id) override;
  Result<PendingChanges> ClientPendingChanges(const std::string& client,
                                              std::int64_t after) override;
  Result<std::vector<ChangeRecord>> ReadChanges(std::int64_t after, int limit) override;
  Status PutWebhookSecret(const WebhookSecret& w) override;
  Result<std::optional<WebhookSecret>> GetWebhookSecret(const std::string& client,
                                                        const std::string& platform) override;
  Result<std::vector<WebhookSecret>> ListWebhookSecrets() override;
  Status DeleteWebhookSecret(const std::string& client, const std::string& platform) override;

  // ---- views (read side)
  Result<CustomerViewPage> ListCustomerViews(const std::string& client,
                                             const CustomerViewQuery& q) override;
  Result<std::optional<CustomerAggregate>> FindCustomerView(
      const std::string& client, const std::string& contact_id) override;
  // One snapshot; no customer row: no products read.
  Result<CustomerDetail> CustomerDetailView(const std::string& client,
                                            const std::string& contact_id, int recent,
                                            int top) override;
  Result<OverviewFigures> OverviewView(const std::string& client, DayNumber previous_from,
                                       DayNumber from_day, DayNumber to_day, std::size_t top,
                                       const SegmentBounds& segments) override;
  Result<std::array<std::int64_t, 4>> CountSegmentsView(const std::string& client,
                                                        const SegmentBounds& b) override;
  Result<ProductViewPage> ListProductViews(const std::string& client,
                                           const ProductViewQuery& q) override;
  Result<ProductOrders> ProductOrdersView(const std::string& client,
                                          const OrderQuery& q) override;
  Result<std::optional<ProductAggregate>> FindProductView(const std::string& client,
                                                          const std::string& code) override;
  Result<DayRollups> ReadDayRollups(const std::string& client, DayNumber from, DayNumber to,
                                    int parts) override;
  Result<std::int64_t> CountFirstOrders(const std::string& client, Millis from,
                                        Millis to) override;
  Status FillProductNames(const std::string& client,
                          std::vector<ProductAggregate>* products) override;
  // One snapshot: the days' customers and the names, one statement per batch of codes each.
  Status FillProductDays(const std::string& client, DayNumber from_day, DayNumber to_day,
                         std::vector<ProductAggregate>* products) override;
  Status FillProductPeriod(const std::string& client, Millis from, Millis to,
                           std::vector<ProductAggregate>* products) override;
  Result<AccountPage> ListAccountViews(const std::string& client,
                                       const CustomerViewQuery& q) override;
  Result<ReorderPage> ListReorderViews(const std::string& client, const ReorderQuery& q) override;
  Result<std::vector<SegmentMoveCount>> CountSegmentMoves(const std::string& client,
                                                          DayNumber from_day,
                                                          DayNumber to_day) override;
  Result<SegmentMovePage> ListSegmentMoves(const std::string& client,
                                           const SegmentMoveQuery& q) override;
  Result<CohortCells> ReadCohortCells(const std::string& client, MonthNumber from,
                                      MonthNumber to) override;

 protected:
  // Runs `fn` on one consistent snapshot of the store: a reader connection inside one
  // read transaction (SQLite), a read-only REPEATABLE READ transaction (PostgreSQL).
  virtual Status OnSnapshot(const std::function<Status(Session&)>& fn) = 0;
  // Runs `fn` as one write of the store's own tables (clients, keys, webhook secrets):
  // outside the change log, committed when it returns Ok.
  virtual Status OnWrite(const std::function<Status(Session&)>& fn) = 0;
  // Runs `fn` on a connection without opening a transaction: for a single statement,
  // which is its own snapshot. Where a transaction costs nothing extra, OnSnapshot.
  virtual Status OnConnection(const std::function<Status(Session&)>& fn) { return OnSnapshot(fn); }

  // OnSnapshot / OnConnection for a function returning Result<T>.
  template <typename T, typename Fn>
  Result<T> Snapshot(Fn&& fn, bool one_statement = false) {
    std::optional<T> out;
    auto run = one_statement ? &SqlStore::OnConnection : &SqlStore::OnSnapshot;
    Status st = (this->*run)([&](Session& s) -> Status {
      Result<T> r = fn(s);
      if (!r.ok()) return r.status();
      out.emplace(std::move(*r));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return std::move(*out);
  }
};

}  // namespace packprod::store::sql
