// SqlTx: WriteTx's tables written once over sql::Session (store/sql/session.h): the views,
// the change log as the processor reads it, e-mail ingestion, and the reads of orders and
// contacts. Each engine's transaction derives from it and supplies its session, its search
// index, and (PostgreSQL) the locks taken before views, the change log or a whole client
// are read or written. Used only by store/sqlite and store/postgres.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/sql/session.h"
#include "store/store.h"

namespace packprod::store::sql {

// Runs `select` (ending in "... WHERE client_id = ? AND <column> IN ") once per chunk of
// `keys` with the chunk's placeholders appended: chunks of a power of two up to the
// session's MaxRowsPerStatement, so that few distinct statements are prepared. `fn` is
// called for each row.
Status ForEachIn(Session& s, const std::string& select, const std::string& client,
                 const std::vector<std::string>& keys, const RowFn& fn);

class SqlTx : public WriteTx {
 public:
  // ---- change_log.cc: the checkpoint, the change log, whole-client reads
  Result<std::int64_t> AppliedSeq() override;
  Status SetAppliedSeq(std::int64_t seq, Millis at) override;
  Result<std::vector<ChangeRecord>> ReadChanges(std::int64_t after, int limit) override;
  Result<int> PruneChanges(std::int64_t up_to, Millis before, int limit) override;
  Result<std::optional<ClientSettings>> GetClient(const std::string& client) override;
  Result<std::vector<ContactRecord>> ListContacts(const std::string& client) override;
  Status ScanOrders(const std::string& client, const std::function<bool(Order&&)>& fn) override;

  // ---- views_prefetch.cc: the rows a batch reads, read ahead (ViewCache below)
  bool BatchReadsPay() override { return sql().BatchReadsPay(); }
  Status PrefetchViews(const std::string& client, const ViewKeys& keys) override;

  // ---- views.cc: customer_metrics, product_totals, recomputations, clear and read
  Result<std::optional<CustomerAggregate>> GetCustomerView(const std::string& client,
                                                           const std::string& contact_id) override;
  Status PutCustomerView(const std::string& client, const CustomerAggregate& row,
                         const CustomerAggregate* before) override;
  Status PutCustomerViews(const std::string& client,
                          const std::vector<CustomerPut>& puts) override;
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
  // ---- views_product_day_customers.cc: product_day_customers (domain/day_customers.h)
  Result<std::optional<DayCustomers>> GetProductDayCustomers(const std::string& client,
                                                             const std::string& code,
                                                             DayNumber day) override;
  Result<std::vector<DayCustomers>> ReadProductDayCustomers(const std::string& client,
                                                            const std::string& code,
                                                            DayNumber from,
                                                            DayNumber to) override;
  Result<std::optional<DayCustomers>> GetProductBlockCustomers(const std::string& client,
                                                               const std::string& code,
                                                               DayNumber block) override;
  Status PutProductDayCustomers(const std::string& client, const std::string& code,
                                const DayCustomers& row) override;
  Status PutProductBlockCustomers(const std::string& client, const std::string& code,
                                  const DayCustomers& row) override;

  // ---- views_rollups.cc: sales_daily, product_daily, product_blocks, contact_days
  Status AddRollUps(const std::string& client, const RollUps& deltas) override;

  // ---- views_reorders.cc: reorder_cadence (docs/metrics.md "Reorders")
  Status ChangeReorderViews(const std::string& client, const std::vector<ReorderView>& puts,
                            const std::vector<std::string>& deletes) override;
  Status PutClient(const ClientSettings& c) override;
  Result<std::int64_t> FollowReorderSettings(const ClientSettings& c) override;

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
  using WriteTx::ChangeSegmentMoves;
  Status ChangeSegmentMoves(const std::string& client,
                            const std::vector<SegmentMovesChange>& changes) override;
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

  // ---- ingest_tables.cc: order e-mail ingestion (not views: ClearViews keeps them)
  Result<std::optional<std::string>> IngestedOrder(const std::string& client,
                                                   const std::string& message_key) override;
  Status PutIngested(const std::string& client, const std::string& message_key,
                     const std::string& order_id, Millis at) override;
  Result<std::int64_t> PutIngestFailure(const IngestFailure& f) override;
  Status DeleteIngestFailure(const std::string& client, std::int64_t id) override;
  Result<IngestFailurePage> ListIngestFailures(const std::string& client, int limit,
                                               std::int64_t after) override;
  Result<std::optional<IngestFailure>> GetIngestFailure(const std::string& client,
                                                        std::int64_t id) override;
  Result<std::optional<std::string>> GetEmailRules(const std::string& client) override;
  Status PutEmailRules(const std::string& client, const std::string& rules_json,
                       Millis at) override;

  // ---- views_product_cohorts.cc: contact_first_orders and product_cohort_cells
  // (domain/product_cohorts.h)
  Result<std::optional<FirstOrder>> GetFirstOrder(const std::string& client,
                                                  const std::string& contact_id) override;
  Result<std::optional<FirstOrder>> FirstCountedOrder(const std::string& client,
                                                      const std::string& contact_id) override;
  Result<ProductCohortCells> ReadProductCohortCells(const std::string& client, MonthNumber from,
                                                    MonthNumber to) override;
  Status PutFirstOrder(const std::string& client, const std::string& contact_id,
                       const FirstOrder* row) override;
  Status AddProductCohortCells(const std::string& client,
                               const ProductCohortCells& deltas) override;

  // ---- views_stats.cc: the statistics counters (domain/order_stats.h)
  Result<std::map<StatsCellKey, std::int64_t>> SumStatsCells(const std::string& client,
                                                           DayNumber from_day,
                                                           DayNumber to_day) override;
  Result<std::vector<std::pair<Cents, std::int64_t>>> SumStatsTotals(const std::string& client,
                                                                     DayNumber from_day,
                                                                     DayNumber to_day, Cents lo,
                                                                     Cents hi) override;
  Result<std::vector<std::pair<Cents, std::int64_t>>> SumAllTimeStatsTotals(
      const std::string& client, const std::vector<std::pair<Cents, Cents>>& ranges) override;
  Result<std::array<std::int64_t, 4>> CountSegments(const std::string& client,
                                                    const SegmentBounds& b) override;
  Result<std::map<std::int64_t, BucketSums>> ReadStatsBuckets(const std::string& client) override;
  Result<std::map<std::int64_t, std::int64_t>> ReadStatsGaps(const std::string& client) override;
  Status AddStatsRows(const std::string& client, const StatsRows& deltas) override;
  // ---- views_segment_counts.cc: segment_days (domain/segment_counts.h)
  Status AddSegmentDays(const std::string& client, const SegmentDayRows& deltas) override;

 protected:
  // This transaction's session.
  virtual Session& sql() = 0;
  // The session that reads the tables beside the orders (the change log, clients,
  // contacts, orders) in a transaction of views (Store::WriteViews): sql() but where the
  // views have a file of their own (SQLite: a connection to the store file whose every
  // statement reads the latest commit, so that the processor's long transactions hold
  // no snapshot of the store file's log).
  virtual Session& store_sql() { return sql(); }
  // Run before a view row is read or written (PostgreSQL: the view lock, tx.h); before the
  // change log is read or pruned (PostgreSQL: the view lock, and this transaction's own
  // appended records written first); before all of a client's orders or contacts are
  // read (PostgreSQL: the write lock, so that no import commits meanwhile).
  virtual Status BeforeViews() { return Status::Ok(); }
  virtual Status BeforeChangeLog() { return BeforeViews(); }
  virtual Status BeforeWholeReads() { return Status::Ok(); }

  // The customer search index, where it is not customer_metrics.search_text itself
  // (SQLite's FTS5 table): a new customer's entry (its id, stored as search_rowid; nullopt
  // when the index needs no entry), a customer's changed text, the client's entries
  // removed (before its customer_metrics rows), and ReadViews' indexed_texts/search_rows.
  virtual Result<std::optional<std::int64_t>> IndexNewCustomer(const std::string& client,
                                                               const std::string& contact_id,
                                                               const std::string& search) = 0;
  virtual Status ReindexCustomer(const std::string& client, const std::string& contact_id,
                                 const std::string& search) = 0;
  virtual Status ClearSearchIndex(const std::string& client) = 0;
  virtual Status ReadSearchIndex(const std::string& client, ClientViews* v) = 0;

  // ReadViews' part for the tables written here: reorders, day sets, day customers,
  // segments and cohorts, accounts, contact products, product cohorts.
  Status ReadSqlTx(const std::string& client, ClientViews* v);
  // Every contact_first_orders and product_cohort_cells row of the client: ReadViews' part.
  Status ReadAllProductCohorts(const std::string& client, ClientViews* out);
  // Every product_day_customers row of the client, by code then day (`blocks`: every
  // product_block_customers row, by code then block): ReadViews' part.
  Status ReadAllProductDayCustomers(const std::string& client, KeyedDayCustomers* out,
                                    bool blocks = false);
  // Every statistics counter row of the client: ReadViews' part.
  Status ReadAllStats(const std::string& client, StatsRows* out);

  // What PrefetchViews read, per client (absent rows as nullopt), by table and key. A
  // write of a row erases its entry, so a later read goes to the store; ClearViews drops
  // the client's. Reads not found here go to the store.
  struct ViewCache {
    std::map<std::string, std::optional<CustomerAggregate>, std::less<>> customers;
    std::map<std::string, std::optional<ContactRecord>, std::less<>> contacts;
    std::map<std::string, std::optional<std::string>, std::less<>> spend_days,
        account_of;
    std::map<std::string, std::optional<FirstOrder>, std::less<>> first_orders;
    // (contact, code) -> its contact_products row.
    std::map<std::pair<std::string, std::string>, std::optional<ContactProduct>>
        contact_products;
    std::map<std::string, std::optional<ProductView>, std::less<>> products;
    std::map<std::pair<std::string, DayNumber>, std::optional<DayCustomers>> product_days,
        product_blocks;
    std::map<std::string, std::optional<Account>, std::less<>> accounts;  // by account id
  };
  // The entry of `key` in `client`'s table `map` (e.g. &ViewCache::customers), or nullptr.
  template <typename M, typename K>
  auto Cached(M ViewCache::*map, const std::string& client, const K& key)
      -> decltype(&(std::declval<M&>().begin()->second)) {
    auto c = cache_.find(client);
    if (c == cache_.end()) return nullptr;
    M& m = c->second.*map;
    auto it = m.find(key);
    return it == m.end() ? nullptr : &it->second;
  }
  template <typename M, typename K>
  void Forget(M ViewCache::*map, const std::string& client, const K& key) {
    auto c = cache_.find(client);
    if (c != cache_.end()) (c->second.*map).erase(key);
  }
  std::map<std::string, ViewCache, std::less<>> cache_;
  // Fills `map` (one of a ViewCache's) for `ids`: each absent, then each row of `select`
  // (for ForEachIn) as `fn` maps it to its key and value (a Result of a pair).
  template <typename M, typename Fn>
  Status PrefetchInto(M& map, const std::string& select, const std::string& client,
                      const std::vector<std::string>& ids, Fn fn) {
    for (const auto& id : ids) map.try_emplace(id);
    return ForEachIn(sql(), select, client, ids, [&](const Row& r) -> Status {
      auto kv = fn(r);
      if (!kv.ok()) return kv.status();
      map[std::move(kv->first)] = std::move(kv->second);
      return Status::Ok();
    });
  }

 private:
  // PrefetchViews' reads, one per table (each in its table's file).
  Status PrefetchCustomers(const std::string& client, const std::vector<std::string>& ids);
  Status PrefetchContacts(const std::string& client, const std::vector<std::string>& ids);
  Status PrefetchSpendDays(const std::string& client, const std::vector<std::string>& ids);
  Status PrefetchAccountOf(const std::string& client, const std::vector<std::string>& ids);
  Status PrefetchAccounts(const std::string& client, const std::vector<std::string>& ids);
  Status PrefetchFirstOrders(const std::string& client, const std::vector<std::string>& ids);
  Status PrefetchContactProducts(const std::string& client,
                                 const std::vector<std::pair<std::string, std::string>>& keys);
  Status PrefetchProducts(const std::string& client, const std::vector<std::string>& codes);
  // product_day_customers (`blocks`: product_block_customers) rows of (code, day/block).
  Status PrefetchProductDays(const std::string& client,
                             const std::vector<std::pair<std::string, DayNumber>>& keys,
                             bool blocks = false);
};

}  // namespace packprod::store::sql
