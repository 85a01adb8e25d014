// The Store: every persistent read and write of packprod goes through this interface.
//
// Implementations: SQLite (embedded, `sqlite:PATH` or `sqlite::memory:`, sqlite/) and
// PostgreSQL (`postgresql://...`, postgres/). Nothing engine-specific appears here:
// callers see orders, contacts, clients, keys and the change log, never SQL or connections.
//
// Thread-safety: a Store is safe to use from many threads at once. Writes are
// serialised; reads run concurrently with writes and see the last committed state.
// Errors: Unavailable when the engine cannot be reached or stays busy; Internal for
// corrupt data. Any failed Write leaves nothing behind.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/listing.h"
#include "domain/metrics.h"
#include "domain/reports_rollup.h"
#include "domain/order.h"
#include "domain/status.h"
#include "store/view_rows.h"

namespace packprod::store {

enum class Role { kRead, kAdmin };
const char* RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);

struct ApiKey {
  std::string key_id;  // public id, shown by `keys list`, used by `keys revoke`
  std::string client_id;
  Role role = Role::kRead;
  std::string label;
  Millis created_at = 0;
  std::optional<Millis> last_used_at;
  std::optional<Millis> revoked_at;
};

enum class ChangeOp { kInsert, kModify, kRemove };
const char* ChangeOpName(ChangeOp op);

// One change-log entry: the order's image before and after (absent for INSERT /
// REMOVE respectively), in OrderToImage form.
struct ChangeRecord {
  std::int64_t seq = 0;
  std::string client_id;
  std::string order_id;
  ChangeOp op = ChangeOp::kInsert;
  std::optional<std::string> old_image, new_image;
  Millis committed_at = 0;
};

// Position in the newest-first order listing: (createdAt desc, orderID desc).
struct OrderCursor {
  Millis created_at = 0;
  std::string order_id;
};

struct OrderQuery {
  std::optional<Millis> from, to;            // [from, to)
  std::vector<OrderStatus> statuses;         // empty: all
  std::optional<std::string> contact_id;
  std::optional<std::string> search;         // folded: reference prefix, name/email substring
  std::optional<std::string> product_code;   // orders holding this code
  int limit = 50;
  std::optional<OrderCursor> after;
  bool count_total = true;  // false: OrderPage::total need not be counted (may be 0)
};

// Parts of DayRollups to read: sales_daily, product_daily.
// kDayCustomersRollup: day_customers (domain/day_customers.h), the distinct-customer counts.
enum RollupPart : int {
  kSalesRollup = 1,
  kProductRollup = 4,
  kDayCustomersRollup = 8,
  // DayRollups::products summed over the whole period, one row per code dated `from`
  // (product_blocks' whole blocks plus the edge days of product_daily).
  kProductRangeRollup = 16
};
inline constexpr int kAllRollups = kSalesRollup | kProductRollup | kDayCustomersRollup;

// GET /api/reports/overview's figures for the local days [from_day, to_day] and the
// previous period's days before them (Store::OverviewView).
struct OverviewFigures {
  // sales_daily and day_customers rows of [previous from, to_day] (the others left empty).
  DayRollups totals;
  // The period's products ranked by revenue desc, code asc, at most `top`; units,
  // revenue, orders, customers and name filled (as FillProductDays).
  std::vector<ProductAggregate> top_products;
  // The period's contacts (contact_days summed) ranked by revenue desc, contactID asc, at
  // most `top`; name and email from their customer_metrics rows.
  std::vector<ContactSum> top_customers;
  // {VIP, Active, New, Dormant} for the bounds (CountSegmentsView).
  std::array<std::int64_t, 4> segments{};
};

// What the statistics need of an order (StatisticsBuilder).
struct OrderFact {
  std::string contact_id;
  Millis created_at = 0;
  OrderStatus status = OrderStatus::kProcessing;
  Cents total = 0;
};

struct OrderPage {
  std::vector<Order> orders;
  std::int64_t total = 0;  // matching the filters, ignoring the cursor
  bool more = false;       // another page follows
};

// One customer's detail as the views hold it (Store::CustomerDetailView).
struct CustomerDetail {
  std::optional<ContactRecord> contact;   // nullopt: no such contact (the rest left empty)
  std::vector<Order> recent_orders;       // the newest orders, any status, newest first
  std::optional<CustomerAggregate> view;  // customer_metrics (nullopt: not applied yet)
  // Its contact_products rows with the most revenue (desc, then code asc): code, units,
  // revenue, and the product's name by Store::FillProductNames' rule. Empty when `view`
  // is nullopt.
  std::vector<ProductAggregate> top_products;
};

// A product's page of orders as the views hold it (Store::ProductOrdersView).
struct ProductOrders {
  OrderPage page;                          // as ListOrders
  std::optional<ProductAggregate> product;  // product_totals (nullopt: no row)
  std::optional<std::string> name;          // by Store::FillProductNames' rule
};

// Customer and product listings served from the views (domain/listing.h rules).
struct CustomerViewQuery {
  std::string search;             // folded; name, e-mail or company substring
  std::vector<Segment> segments;  // empty: all
  SegmentBounds bounds;           // for `segments`
  CustomerSort sort = CustomerSort::kTotalSpend;
  bool desc = true;
  int limit = 50;
  std::optional<ListCursor> after;
};
using CustomerViewPage = Listing<CustomerAggregate>;
struct ProductViewQuery {
  std::string search;  // folded; code prefix or name substring
  ProductSort sort = ProductSort::kRevenue;
  bool desc = true;
  int limit = 50;
  std::optional<ListCursor> after;
};
using ProductViewPage = Listing<ProductAggregate>;

// GET /api/reorders from reorder_cadence (docs/metrics.md "Reorders"): the rows whose
// status as of local day `today` is one of `statuses` (empty: all), sorted by
// averageOrderValue desc, then contactID asc; `after` holds (int_key = averageOrderValue,
// id = contactID) of the last row shown.
struct ReorderQuery {
  DayNumber today = 0;
  ReorderSettings settings;
  std::vector<ReorderStatus> statuses;
  int limit = 50;
  std::optional<ListCursor> after;
};
struct ReorderRow {
  ReorderView view;
  std::string email;
  std::optional<std::string> name, company;
};
using ReorderPage = Listing<ReorderRow>;

// GET /api/segments/movements (docs/metrics.md "Segment movements"): the moves of local
// days [from_day, to_day]; per (from, to) how many, or the contacts of one (from, to) by
// day then contactID; `after` holds (int_key = day, id = contactID) of the last row shown.
struct SegmentMoveCount {
  std::optional<Segment> from;
  Segment to = Segment::kNew;
  std::int64_t contacts = 0;
};
struct SegmentMoveQuery {
  DayNumber from_day = 0, to_day = 0;
  std::optional<Segment> from;
  Segment to = Segment::kNew;
  int limit = 50;
  std::optional<ListCursor> after;
};
struct SegmentMoveRow {
  std::string contact_id;
  SegmentMove move;
  std::string email;
  std::optional<std::string> name, company;
};
using SegmentMovePage = Listing<SegmentMoveRow>;
// GET /api/accounts from account_metrics (docs/metrics.md "Accounts"): the customer
// listing's rules over each account's totals (CustomerAggregate with contact_id = the
// account id; `search` matches the folded name or key).
using AccountPage = Listing<Account>;

// Order e-mail ingestion (src/email): a message that could not be read or imported, kept
// whole until it is replayed or dismissed. One per (client, message_key).
struct IngestFailure {
  std::int64_t id = 0;      // store-wide, increasing
  std::string client_id;
  std::string message_key;  // the Message-ID, or "sha256:<hex>" of the raw message
  std::string from, subject;
  std::string source;       // where it came from: "file", "imap", "n8n", ...
  std::string reason;       // why it failed, for a person
  std::string field;        // what failed: a JSON Pointer of the order, "template" or "body"
  std::string raw;          // the whole RFC 5322 message (empty in listings)
  std::int64_t attempts = 1;
  Millis received_at = 0, updated_at = 0;
};

struct IngestFailurePage {
  std::vector<IngestFailure> failures;  // oldest first
  std::int64_t total = 0;               // every failure of the client
  bool more = false;
};

// A shop platform's webhook signing secret for one client (src/store/platform_ingest.h).
// Stored as given (HMAC needs the secret itself), so it is never printed after creation.
struct WebhookSecret {
  std::string client_id;
  std::string platform;  // "woocommerce" | "shopify"
  std::string secret;    // empty in listings
  Millis created_at = 0;
};

// What one transaction may read: inside Store::Read, one consistent snapshot; inside
// Store::Write (as a WriteTx), the transaction's own state, its writes included. Grouped
// by concern; each group's rows are written through the matching group of WriteTx.
class ReadTx {
 public:
  virtual ~ReadTx() = default;

  // ---- orders and contacts (as committed, or as this write transaction left them)
  virtual Result<std::optional<Order>> GetOrder(const std::string& client,
                                                const std::string& order_id) = 0;
  virtual Result<std::optional<ContactRecord>> GetContact(const std::string& client,
                                                          const std::string& contact_id) = 0;
  virtual Result<std::vector<ContactRecord>> ListContacts(const std::string& client) = 0;
  // Every order of the client, any status; `fn` returning false stops. `fn` may call
  // the other methods of this transaction.
  virtual Status ScanOrders(const std::string& client,
                            const std::function<bool(Order&&)>& fn) = 0;
  virtual Result<std::optional<ClientSettings>> GetClient(const std::string& client) = 0;

  // ---- change log
  virtual Result<std::int64_t> HeadSeq() = 0;
  // Up to `limit` records with seq > after, ascending.
  virtual Result<std::vector<ChangeRecord>> ReadChanges(std::int64_t after, int limit) = 0;
  // The change-log position the views reflect (0 before any).
  virtual Result<std::int64_t> AppliedSeq() = 0;

  // ---- views, as the stream processor reads them (src/stream only)
  // The customer_metrics row of one contact (nullopt: none yet).
  virtual Result<std::optional<CustomerAggregate>> GetCustomerView(
      const std::string& client, const std::string& contact_id) = 0;
  virtual Result<std::optional<ProductView>> GetProductView(const std::string& client,
                                                            const std::string& code) = 0;
  // Recomputed from the orders as committed (the head, possibly ahead of the views).
  virtual Result<OrderDates> CountedOrderDates(const std::string& client,
                                               const std::string& contact_id) = 0;
  virtual Result<ProductDates> CountedProductDates(const std::string& client,
                                                   const std::string& code) = 0;
  // The day_customers row of local day `day` (domain/day_customers.h); nullopt: no
  // contact ordered that day (or a store upgraded from before the table: BuildMissingViews).
  virtual Result<std::optional<DayCustomers>> GetDayCustomers(const std::string& client,
                                                              DayNumber day) = 0;
  // The contact's contact_spend_days row (domain/segment_history.h SpendDays encoding);
  // nullopt when it has none (no counted order, or a store not rebuilt since the table
  // was added). Also the source of the contact's order days (stream/segment_views.h
  // StoredOrderDays).
  virtual Result<std::optional<std::string>> GetSpendDays(const std::string& client,
                                                          const std::string& contact_id) = 0;
  // ---- accounts (stream/accounts.h; docs/metrics.md "Accounts")
  // The client's merge/split rules (domain AccountRulesJson); nullopt when never set.
  // Not a view: ClearViews keeps them.
  virtual Result<std::optional<std::string>> GetAccountRules(const std::string& client) = 0;
  // account_members: the account a contact is in (nullopt: none yet), the contacts of an
  // account (ascending).
  virtual Result<std::optional<std::string>> GetAccountOf(const std::string& client,
                                                          const std::string& contact_id) = 0;
  virtual Result<std::vector<std::string>> AccountMembers(const std::string& client,
                                                          const std::string& account_id) = 0;
  // account_metrics: one row.
  virtual Result<std::optional<Account>> GetAccountView(const std::string& client,
                                                        const std::string& account_id) = 0;
  // contact_products (domain/usual_basket.h): the contact's row for one product (nullopt:
  // none). Internal for a damaged row.
  virtual Result<std::optional<ContactProduct>> GetContactProduct(const std::string& client,
                                                                  const std::string& contact_id,
                                                                  const std::string& code) = 0;
  // Every contact_products row of the contact, by code; its multisets left empty.
  virtual Result<std::vector<ContactProduct>> ListContactProducts(
      const std::string& client, const std::string& contact_id) = 0;
  // The product in each counted order of the contact that contains it (lines merged; `day`
  // left 0), from the orders as committed (the head, possibly ahead of the views).
  virtual Result<std::vector<ProductInOrder>> ContactProductOrders(
      const std::string& client, const std::string& contact_id, const std::string& code) = 0;
  // contact_first_orders (docs/metrics.md "Cohorts", by first product): the contact's
  // first counted order as the views hold it (nullopt: none). Internal for a damaged row.
  virtual Result<std::optional<FirstOrder>> GetFirstOrder(const std::string& client,
                                                          const std::string& contact_id) = 0;
  // The contact's first counted order (least createdAt, then reference) with the codes
  // of its lines, from the orders as committed (the head, possibly ahead of the views);
  // `month` left 0 (the caller knows the zone). nullopt: no counted order.
  virtual Result<std::optional<FirstOrder>> FirstCountedOrder(const std::string& client,
                                                              const std::string& contact_id) = 0;
  // product_cohort_cells of the cohort months in [from, to] (every activity month).
  virtual Result<ProductCohortCells> ReadProductCohortCells(const std::string& client,
                                                            MonthNumber from,
                                                            MonthNumber to) = 0;
  // product_day_customers (domain/day_customers.h, keyed by product code): the row of
  // `code` on local day `day` (nullopt: no contact ordered the product that day, or a
  // store upgraded from before the table: BuildMissingViews), and the rows of `code` in
  // [from, to], by day. Internal for a damaged row.
  virtual Result<std::optional<DayCustomers>> GetProductDayCustomers(const std::string& client,
                                                                     const std::string& code,
                                                                     DayNumber day) = 0;
  virtual Result<std::vector<DayCustomers>> ReadProductDayCustomers(const std::string& client,
                                                                    const std::string& code,
                                                                    DayNumber from,
                                                                    DayNumber to) = 0;
  // product_block_customers (view_rows.h ProductBlockCustomersOf): the row of `code` for
  // block `block` (its `day` is the block; nullopt: no customer in the block, or a store
  // upgraded from before the table: BuildMissingViews). Internal for a damaged row.
  virtual Result<std::optional<DayCustomers>> GetProductBlockCustomers(
      const std::string& client, const std::string& code, DayNumber block) = 0;
  // ---- statistics counters (domain/order_stats.h; docs/metrics.md "Statistics")
  // stats_cells of local days [from_day, to_day] (kStatsAllTime..kStatsAllTime: all time)
  // summed per (status, weekday, hour); the keys' day is from_day.
  virtual Result<std::map<StatsCellKey, std::int64_t>> SumStatsCells(const std::string& client,
                                                                   DayNumber from_day,
                                                                   DayNumber to_day) = 0;
  // stats_totals of days [from_day, to_day] with a total in [lo, hi], counted orders
  // summed per total, by total ascending.
  virtual Result<std::vector<std::pair<Cents, std::int64_t>>> SumStatsTotals(
      const std::string& client, DayNumber from_day, DayNumber to_day, Cents lo, Cents hi) = 0;
  // stats_totals of all time with a total in any of `ranges` ([lo, hi] each, ascending
  // and disjoint), by total ascending: one read for several ranges.
  virtual Result<std::vector<std::pair<Cents, std::int64_t>>> SumAllTimeStatsTotals(
      const std::string& client, const std::vector<std::pair<Cents, Cents>>& ranges) = 0;
  // The segment counts {VIP, Active, New, Dormant} for `b`, as Store::CountSegmentsView,
  // in this transaction.
  virtual Result<std::array<std::int64_t, 4>> CountSegments(const std::string& client,
                                                            const SegmentBounds& b) = 0;
  // Every stats_buckets row (all time) / stats_gaps row of the client.
  virtual Result<std::map<std::int64_t, BucketSums>> ReadStatsBuckets(
      const std::string& client) = 0;
  virtual Result<std::map<std::int64_t, std::int64_t>> ReadStatsGaps(
      const std::string& client) = 0;
  // Every view row of the client, with the search index's text of each customer.
  virtual Result<ClientViews> ReadViews(const std::string& client) = 0;

  // ---- order e-mail ingestion (src/email): Message-ID dedupe, failure queue, rules.
  // The order id a message was imported as; nullopt when it never was.
  virtual Result<std::optional<std::string>> IngestedOrder(const std::string& client,
                                                          const std::string& message_key) = 0;
  // Up to `limit` failures with id > after, oldest first, without `raw`.
  virtual Result<IngestFailurePage> ListIngestFailures(const std::string& client, int limit,
                                                       std::int64_t after) = 0;
  // One failure with `raw`; nullopt when the client has none with that id.
  virtual Result<std::optional<IngestFailure>> GetIngestFailure(const std::string& client,
                                                                std::int64_t id) = 0;
  // The client's e-mail rules as JSON ({"rules": [...]}); nullopt when never set.
  virtual Result<std::optional<std::string>> GetEmailRules(const std::string& client) = 0;
};

// One write transaction: its reads (ReadTx) and its writes, which commit together, with
// the change records, or not at all (Store::Write).
class WriteTx : public ReadTx {
 public:
  // ---- what its commit tells
  // This transaction changes nothing that a read answers from: no order, contact, view,
  // setting or key (e.g. it only prunes applied change records). Its commit then calls
  // no OnCommit listener, so that answers kept while the store is unchanged (the API's
  // response cache) stay valid. A transaction that marks itself so and still changes
  // such data would leave stale answers kept.
  void MarkReadsUnchanged() { reads_unchanged_ = true; }
  bool reads_unchanged() const { return reads_unchanged_; }

  // ---- coordination
  // Takes the store-wide writers' lock now (held to the end of the transaction), so
  // that what this transaction reads next is what its writes build on: no other writer
  // of orders, contacts or the change log commits meanwhile. An import calls it before
  // reading the orders and contacts it decides on; a rebuild or a verify before it reads
  // the change log. SQLite: a no-op in a transaction of orders (it holds the store file's
  // writer from its start); in a transaction of views (Store::WriteViews), whose reads of
  // the store file otherwise each see the latest commit, they see one snapshot from now on.
  virtual Status LockWrites() { return Status::Ok(); }
  // This transaction writes only what can be recomputed from records committed before it
  // (the stream processor's batch: view rows and their checkpoint, from the change log),
  // so its commit may return before it reaches the disk: a crash of the database server
  // may undo it (never half of it), and the views are then re-applied from the
  // checkpoint. PostgreSQL: SET LOCAL synchronous_commit = off (its log is written in
  // order, so a later durable commit makes this one durable too). SQLite, a transaction
  // of the views file's writer: it returns without the fsync of that file's log that the
  // other transactions of views wait for (Store::SyncViews before a prune); elsewhere a
  // no-op.
  virtual Status CommitWithoutWaitingForDisk() { return Status::Ok(); }
  // Whether this store reads ahead (Prefetch, PrefetchViews): true where a read is a
  // round trip to a server (PostgreSQL), false where it is a call into this process
  // (SQLite), whose point reads cost less than a statement listing the keys. A caller
  // gathers the keys of a read-ahead only when it is true; both calls are no-ops when
  // it is false.
  virtual bool BatchReadsPay() { return false; }
  // Reads ahead, in a few round trips, the orders and contacts of `client` that
  // GetOrder / GetContact will be asked for next (an import's batch, after LockWrites);
  // later reads and writes of them in this transaction stay consistent. A no-op where
  // each read is cheap (SQLite).
  virtual Status Prefetch(const std::string& client, const std::vector<std::string>& order_ids,
                          const std::vector<std::string>& contact_ids) {
    return Status::Ok();
  }

  // Reads ahead, in a few statements, the view rows the stream processor's batch is about
  // to read one by one: for `keys.contacts` their customer, contact, order-day, spend-day,
  // first-order and account-member rows; the contact_products rows of
  // `keys.contact_products` ((contact, code) pairs: the products of the batch's orders,
  // not every product a contact ever bought); for `keys.codes` their product
  // rows; the product_day_customers rows of `keys.product_days` and the
  // product_block_customers rows of `keys.product_blocks` ((code, block) pairs); the
  // account_metrics rows of `keys.accounts` (account ids). This transaction's later
  // reads of them answer from memory; its writes keep that true. A hint: a store may do
  // nothing (SQLite does: its reads cost no round trip).
  struct ViewKeys {
    std::vector<std::string> contacts, codes, accounts;
    std::vector<std::pair<std::string, DayNumber>> product_days, product_blocks;
    std::vector<std::pair<std::string, std::string>> contact_products;
  };
  virtual Status PrefetchViews(const std::string& client, const ViewKeys& keys) {
    return Status::Ok();
  }

  // ---- orders and contacts
  // Inserts or replaces the contact.
  virtual Status PutContact(const std::string& client, const ContactRecord& c) = 0;
  // Inserts or replaces the order with its items (its contact must exist). `image` is
  // OrderToImage(o), which the caller also puts in the change record.
  virtual Status PutOrder(const Order& o, const std::string& image, bool replace) = 0;
  virtual Status DeleteOrder(const std::string& client, const std::string& order_id) = 0;

  // ---- change log
  // Appends to the change log; returns its seq (strictly increasing, store-wide).
  virtual Result<std::int64_t> AppendChange(const ChangeRecord& c) = 0;
  // The views' checkpoint: they reflect the log up to `seq` (applied at `at`).
  virtual Status SetAppliedSeq(std::int64_t seq, Millis at) = 0;
  // Deletes change records with seq <= up_to whose whole prefix of the log is older
  // than `before` (stops at the first younger one), at most `limit`; returns how many.
  virtual Result<int> PruneChanges(std::int64_t up_to, Millis before, int limit) = 0;

  // ---- views (the stream processor, src/stream, is their only writer)
  // Inserts (`before` null) or replaces the row; `before` is the row as read, so the
  // search index is rewritten only when name, e-mail or company changed.
  virtual Status PutCustomerView(const std::string& client, const CustomerAggregate& row,
                                 const CustomerAggregate* before) = 0;
  // PutCustomerView for many rows (a stream batch's customers, each once), in order.
  // On PostgreSQL the new rows go as multi-row INSERTs (still failing on a row already
  // there) and customer_counts moves once by their number, not once per new row.
  struct CustomerPut {
    const CustomerAggregate* row;
    const CustomerAggregate* before;  // null: a new row
  };
  virtual Status PutCustomerViews(const std::string& client,
                                  const std::vector<CustomerPut>& puts) = 0;
  virtual Status PutProductView(const std::string& client, const ProductView& row) = 0;
  virtual Status DeleteProductView(const std::string& client, const std::string& code) = 0;
  // Adds signed deltas to the roll-up rows (sales_daily, product_daily and its
  // product_blocks, contact_days); a row whose count reaches 0 is removed. Internal when
  // a count would become negative (the views are out of step: rebuild).
  virtual Status AddRollUps(const std::string& client, const RollUps& deltas) = 0;
  // Inserts or replaces the contact's contact_spend_days row; an empty `encoded` deletes it.
  virtual Status PutSpendDays(const std::string& client, const std::string& contact_id,
                              const std::string& encoded) = 0;
  // Replaces every segment_moves row of the contact with `moves`.
  virtual Status ReplaceSegmentMoves(const std::string& client, const std::string& contact_id,
                                     const std::vector<SegmentMove>& moves) = 0;
  // One contact's moves for ChangeSegmentMoves: what the store holds and what it should.
  struct SegmentMovesChange {
    std::string contact_id;
    std::vector<SegmentMove> stored, moves;
  };
  // Turns the contact's segment_moves rows from `stored` (what the store holds: the moves of
  // its spend days before the batch) into `moves`, writing only the rows that differ (a new
  // order usually moves one future row); both are by day ascending, one move per day.
  Status ChangeSegmentMoves(const std::string& client, const std::string& contact_id,
                            const std::vector<SegmentMove>& stored,
                            const std::vector<SegmentMove>& moves) {
    return ChangeSegmentMoves(client, std::vector<SegmentMovesChange>{
                                          SegmentMovesChange{contact_id, stored, moves}});
  }
  // The same for many contacts (a stream batch's, each contact once): on PostgreSQL the
  // rows gone leave by one DELETE per up to 512 rows and the new or changed ones go as
  // multi-row upserts, instead of statements per contact.
  virtual Status ChangeSegmentMoves(const std::string& client,
                                    const std::vector<SegmentMovesChange>& changes) = 0;
  // Adds signed deltas to cohort_cells; a cell whose customers reach 0 is removed.
  // Internal when customers would become negative (the views are out of step: rebuild).
  virtual Status AddCohortCells(const std::string& client, const CohortCells& deltas) = 0;
  // Inserts or replaces the day_customers row; a row without customers deletes it.
  virtual Status PutDayCustomers(const std::string& client, const DayCustomers& row) = 0;
  // Inserts or replaces the reorder_cadence rows of `puts` and deletes those of `deletes`
  // (no-op when absent; one contact in one of them at most), with their days (row.days
  // ignored: ReorderDaysOf under the client's stored settings), and changes the client's
  // reorder_day_counts once per day for all of them (a batch's contacts share few days).
  virtual Status ChangeReorderViews(const std::string& client,
                                    const std::vector<ReorderView>& puts,
                                    const std::vector<std::string>& deletes) = 0;
  Status PutReorderView(const std::string& client, const ReorderView& row) {
    return ChangeReorderViews(client, {row}, {});
  }
  Status DeleteReorderView(const std::string& client, const std::string& contact_id) {
    return ChangeReorderViews(client, {}, {contact_id});
  }
  // Inserts or replaces a client (Store::PutClient).
  virtual Status PutClient(const ClientSettings& c) = 0;
  // The reorder_cadence days of `c`'s contacts under its reorder settings: the rows whose
  // stored days differ are rewritten, and then its reorder_day_counts recounted. A write
  // of views (Store::WriteViews) after a change of the settings, and at the processor's
  // start (a crash between the two leaves nothing behind); a scan that writes nothing
  // when every row follows. Returns the rows rewritten.
  virtual Result<std::int64_t> FollowReorderSettings(const ClientSettings& c) = 0;
  // Accounts: the rules (not a view), a contact's membership (inserts or replaces), an
  // account_metrics row (inserts or replaces; deletes, a no-op when absent).
  virtual Status PutAccountRules(const std::string& client, const std::string& rules_json,
                                 Millis at) = 0;
  virtual Status PutAccountMember(const std::string& client, const std::string& contact_id,
                                  const std::string& account_id) = 0;
  virtual Status PutAccountView(const std::string& client, const Account& row) = 0;
  virtual Status DeleteAccountView(const std::string& client, const std::string& account_id) = 0;
  // Inserts or replaces a contact_products row / deletes it (no-op when absent).
  virtual Status PutContactProduct(const std::string& client, const ContactProduct& row) = 0;
  virtual Status DeleteContactProduct(const std::string& client, const std::string& contact_id,
                                      const std::string& code) = 0;
  // Inserts or replaces the contact's contact_first_orders row; null deletes it.
  virtual Status PutFirstOrder(const std::string& client, const std::string& contact_id,
                               const FirstOrder* row) = 0;
  // Adds signed deltas to product_cohort_cells; a cell whose customers reach 0 is removed.
  // Internal when customers would become negative (the views are out of step: rebuild).
  virtual Status AddProductCohortCells(const std::string& client,
                                       const ProductCohortCells& deltas) = 0;
  // Inserts or replaces the product_day_customers row of `code`; a row without customers
  // deletes it.
  virtual Status PutProductDayCustomers(const std::string& client, const std::string& code,
                                        const DayCustomers& row) = 0;
  // The same for the product_block_customers row of `code` (row.day is its block).
  virtual Status PutProductBlockCustomers(const std::string& client, const std::string& code,
                                          const DayCustomers& row) = 0;
  // Adds signed deltas to the statistics counters (stats_cells, stats_totals,
  // stats_buckets, stats_gaps); a row whose count reaches 0 is removed. Internal when a
  // count would become negative (the views are out of step: rebuild).
  virtual Status AddStatsRows(const std::string& client, const StatsRows& deltas) = 0;
  // Adds signed deltas to segment_days (domain/segment_counts.h); a row reaching 0 is
  // removed. Internal when a count would become negative (rebuild the views).
  virtual Status AddSegmentDays(const std::string& client, const SegmentDayRows& deltas) = 0;
  // Removes every view row of the client (search index included).
  virtual Status ClearViews(const std::string& client) = 0;

  // ---- order e-mail ingestion: each message key is imported at most once.
  // Records the import of a message and removes its failure-queue entry, if any.
  virtual Status PutIngested(const std::string& client, const std::string& message_key,
                             const std::string& order_id, Millis at) = 0;
  // Inserts the failure, or updates the client's failure with the same message key (its
  // id and received_at kept, attempts + 1); returns the id.
  virtual Result<std::int64_t> PutIngestFailure(const IngestFailure& f) = 0;
  // NotFound when the client has no failure with that id.
  virtual Status DeleteIngestFailure(const std::string& client, std::int64_t id) = 0;
  virtual Status PutEmailRules(const std::string& client, const std::string& rules_json,
                               Millis at) = 0;

 private:
  bool reads_unchanged_ = false;
};

class Store {
 public:
  virtual ~Store() = default;

  struct OpenOptions {
    // false: NotFound "the store URL does not exist" when there is no store there yet (a
    // missing SQLite file; a PostgreSQL database without packprod's tables) instead of
    // creating one.
    bool create = true;
  };

  // Opens (creating if needed and options.create) the store at `url` and runs its
  // migrations. `sqlite:PATH` (the folder is created), `sqlite::memory:`,
  // `postgresql://...` or `postgres://...` (a libpq connection URI). InvalidArgument for
  // an unknown scheme; Unavailable when it cannot be opened; Internal for a store written
  // by a newer packprod.
  static Result<std::unique_ptr<Store>> Open(const std::string& url);
  static Result<std::unique_ptr<Store>> Open(const std::string& url, const OpenOptions& options);

  // Writes a consistent copy of the whole store to the file `to` (replaced atomically
  // when complete), while other connections keep reading and writing. SQLite: the online
  // backup API, a copy that `Restore` (or packprod itself) opens. InvalidArgument for
  // engines that have their own tools (PostgreSQL: pg_dump).
  virtual Status Backup(const std::string& to);

  // Runs `fn` in one write transaction. Commits when fn returns OK (durable: synced to
  // disk before Write returns, unless fn called WriteTx::CommitWithoutWaitingForDisk),
  // rolls back otherwise and returns fn's Status. A transaction that fails on a
  // transient conflict with another one (serialization failure, deadlock, a unique key
  // taken meanwhile: PostgreSQL) is rolled back and `fn` runs again in a fresh one (a
  // few times, after a short random pause): `fn` must start from scratch each time
  // (reset what it captures).
  virtual Status Write(const std::function<Status(WriteTx&)>& fn) = 0;
  // Write for a transaction that writes views only: their rows, their checkpoint
  // (SetAppliedSeq) and the account rules they group by; it may read anything. The
  // stream processor's batches, rebuilds and account merges. SQLite keeps the views in a
  // file of their own with a writer of its own (docs/architecture.md "Two files"), so
  // these run beside the writes of orders instead of between them; a write of anything
  // else in them fails. `ahead`: where the engine lets one write of the views in at a time
  // (SQLite), this one goes before those of this process still waiting (the processor,
  // when it has fallen more than a batch behind, ahead of a rebuild or an account merge).
  // Elsewhere the same as Write.
  virtual Status WriteViews(const std::function<Status(WriteTx&)>& fn, bool ahead = false) {
    return Write(fn);
  }
  // Whether every client's views await a rebuild from its orders: SQLite, when the views
  // file was missing or no longer follows the change log (sqlite/view_file.h); the
  // processor's start runs it (stream/maintenance.h BuildMissingViews), then ViewsRebuilt.
  virtual Result<bool> ViewsAwaitRebuild() { return false; }
  virtual Status ViewsRebuilt() { return Status::Ok(); }
  // Every transaction of views committed so far is on disk when it returns. A prune of
  // the change log calls it before it removes records up to the checkpoint it read, so a
  // power loss cannot undo a batch whose records are gone (WriteTx::
  // CommitWithoutWaitingForDisk). PostgreSQL: nothing to do (one log, written in order:
  // the prune's durable commit makes every batch before it durable).
  virtual Status SyncViews() { return Status::Ok(); }

  // A figure of the engine's own machinery for /metrics: a Prometheus name, its help
  // text, a counter or a gauge, and its value now.
  struct EngineFigure {
    std::string name;
    std::string help;
    bool counter = false;
    double value = 0;
  };
  // The same names on every call for one store. SQLite (a file): the writes waiting for
  // the writer and the WAL checkpointer's figures (docs/operations.md "Metrics"); none on
  // PostgreSQL, whose own statistics views have its figures.
  virtual std::vector<EngineFigure> EngineFigures() { return {}; }

  // What the engine's own settings, where packprod does not set them, would do better
  // for its writes: one sentence per setting, naming it (docs/operations.md). PostgreSQL:
  // the WAL settings of "Server settings" (store/postgres/settings_advice.h); none on
  // SQLite, whose settings packprod makes itself. `serve` logs them as it starts.
  virtual Result<std::vector<std::string>> SettingsAdvice() { return std::vector<std::string>{}; }

  // Called after every commit made by this process (from the committing thread) but
  // those of transactions marked WriteTx::MarkReadsUnchanged, and, when
  // HearsOtherCommits(), after other processes' commits of change records (from a store
  // thread, soon after they commit).
  virtual void OnCommit(std::function<void()> listener) = 0;
  virtual bool HearsOtherCommits() const { return false; }

  // The processor lease, for several processes on one store: true when this process
  // holds it and may run the active stream processor. At most one process holds it at a
  // time; it is freed when the holder releases it or ends (killed included), and the
  // next call of another process then takes it. Unavailable when the store cannot be
  // reached (not held). PostgreSQL: a session advisory lock; SQLite: a lock file beside
  // the database (an in-memory store holds it always).
  virtual Result<bool> HoldProcessorLease() { return true; }
  virtual void ReleaseProcessorLease() {}

  // ---- clients and keys
  virtual Result<std::optional<ClientSettings>> GetClient(const std::string& client_id) = 0;
  virtual Result<std::vector<ClientSettings>> ListClients() = 0;
  virtual Status PutClient(const ClientSettings& c) = 0;
  virtual Status CreateKey(const ApiKey& key, const std::string& key_hash) = 0;
  // The live (not revoked) key with this hash.
  virtual Result<std::optional<ApiKey>> FindKey(const std::string& key_hash) = 0;
  virtual Result<std::vector<ApiKey>> ListKeys() = 0;
  // Every key with its hash, in ListKeys order: for moving a shop to another store
  // (store/copy.h), where the keys must keep working.
  virtual Result<std::vector<std::pair<ApiKey, std::string>>> ExportKeys() = 0;
  // NotFound when no such key.
  virtual Status RevokeKey(const std::string& key_id, Millis at) = 0;
  virtual Status TouchKey(const std::string& key_id, Millis at) = 0;

  // ---- orders (always the committed state)
  virtual Result<std::optional<Order>> GetOrder(const std::string& client,
                                                const std::string& order_id) = 0;
  virtual Result<OrderPage> ListOrders(const std::string& client, const OrderQuery& q) = 0;
  // Every order of the client, any status, in no particular order; `fn` returning false stops.
  virtual Status ScanOrders(const std::string& client,
                            const std::function<bool(Order&&)>& fn) = 0;
  virtual Result<std::vector<ContactRecord>> ListContacts(const std::string& client) = 0;
  virtual Result<std::optional<ContactRecord>> GetContact(const std::string& client,
                                                          const std::string& contact_id) = 0;
  // Every order of the client (any status, committed state) as its facts, all orders
  // of one contact consecutively (from an index: no order document is read).
  virtual Status ScanOrderFacts(const std::string& client,
                                const std::function<void(const OrderFact&)>& fn) = 0;
  // Every order of the client, any status (committed state), all orders of one contact
  // consecutively (through the contact index); `fn` returning false stops. Holds one
  // order (SQLite) or one page of orders (PostgreSQL) at a time.
  virtual Status ScanOrdersByContact(const std::string& client,
                                     const std::function<bool(Order&&)>& fn) = 0;
  // Sets each product's name (docs/api.md "Products"): the non-empty name of the latest
  // (createdAt, orderReference, then line) order line of its code, whatever the order's
  // status, all time (committed state); nullopt when no line names it. Other fields
  // untouched.
  virtual Status FillProductNames(const std::string& client,
                                  std::vector<ProductAggregate>* products) = 0;
  // Per code over the contact's counted orders (committed state, like the orders): code,
  // units, revenue and the name of the latest (createdAt, orderReference) order naming it
  // (ProductCatalogue's rules over those orders); code ascending; other fields may be set.
  virtual Result<std::vector<ProductAggregate>> ContactProducts(
      const std::string& client, const std::string& contact_id) = 0;

  // ---- views (read side, for the query API): what the processor has applied
  virtual Result<CustomerViewPage> ListCustomerViews(const std::string& client,
                                                     const CustomerViewQuery& q) = 0;
  virtual Result<std::optional<CustomerAggregate>> FindCustomerView(
      const std::string& client, const std::string& contact_id) = 0;
  // The contact's contact_products rows by code, as applied; multisets left empty.
  virtual Result<std::vector<ContactProduct>> ContactProductViews(const std::string& client,
                                                                  const std::string& contact_id);
  // GET /api/customers/{id} from the views, in one snapshot: the contact, its newest
  // `recent` orders, its customer_metrics row and its `top` products (CustomerDetail).
  virtual Result<CustomerDetail> CustomerDetailView(const std::string& client,
                                                    const std::string& contact_id, int recent,
                                                    int top) = 0;
  // The statistics report's figures from the kept counters, in one snapshot: all time
  // (`days` nullopt) or the local days [first, second]: orders, revenue, the percentiles,
  // weekday, hour and status counts, and frequencies under `settings`. With `segments`,
  // the same snapshot also counts the segments for those bounds (CountSegmentsView) and,
  // all time, customers as their sum; otherwise segments are left 0, and customers is
  // left 0 for a period (day_customers holds them). Reads: all time, the all-time cells,
  // the buckets, the totals of the (at most five) buckets holding the percentiles in one
  // statement, the gaps and the segment counts in one; a period, its days' cells and its
  // days' (day, total) rows.
  virtual Result<StatisticsFigures> StatisticsView(
      const std::string& client, const ClientSettings& settings,
      std::optional<std::pair<DayNumber, DayNumber>> days, const SegmentBounds* segments);
  // The overview report's figures from the views, in one snapshot (OverviewFigures):
  // totals of days [previous_from, to_day], the top `top` products and contacts of days
  // [from_day, to_day] and the segment counts for `segments`. Reads: sales_daily and
  // day_customers of the days, the period's product sums (kProductRangeRollup), the kept
  // products' customers (as FillProductDays) and names, the period's contact_days rows, the
  // kept contacts' names in one statement and the segment counts.
  virtual Result<OverviewFigures> OverviewView(const std::string& client,
                                               DayNumber previous_from, DayNumber from_day,
                                               DayNumber to_day, std::size_t top,
                                               const SegmentBounds& segments) = 0;
  // Contacts per segment (VIP, Active, New, Dormant order) for the bounds.
  virtual Result<std::array<std::int64_t, 4>> CountSegmentsView(const std::string& client,
                                                                const SegmentBounds& b) = 0;
  virtual Result<ReorderPage> ListReorderViews(const std::string& client,
                                               const ReorderQuery& q) = 0;
  // segment_moves (docs/metrics.md "Segment movements"): counts per (from, to) of the
  // moves in [q.from_day, q.to_day] (from, to ascending; none first), and one page of the
  // contacts of one (from, to); total counts them all.
  virtual Result<std::vector<SegmentMoveCount>> CountSegmentMoves(const std::string& client,
                                                                  DayNumber from_day,
                                                                  DayNumber to_day) = 0;
  virtual Result<SegmentMovePage> ListSegmentMoves(const std::string& client,
                                                   const SegmentMoveQuery& q) = 0;
  // cohort_cells of the cohorts (first-order months) in [from, to], every month of each.
  virtual Result<CohortCells> ReadCohortCells(const std::string& client, MonthNumber from,
                                              MonthNumber to) = 0;
  // product_cohort_cells of the cohort months in [from, to], as applied (one snapshot).
  virtual Result<ProductCohortCells> ReadProductCohortViews(const std::string& client,
                                                            MonthNumber from, MonthNumber to);
  // The contact's contact_first_orders row, as applied.
  virtual Result<std::optional<FirstOrder>> FirstOrderView(const std::string& client,
                                                           const std::string& contact_id);
  // product_totals filtered, sorted and paged; names by FillProductNames' rule.
  // A page of account_metrics (CustomerViewQuery's search, segments, sort and cursor).
  virtual Result<AccountPage> ListAccountViews(const std::string& client,
                                               const CustomerViewQuery& q) = 0;
  virtual Result<ProductViewPage> ListProductViews(const std::string& client,
                                                   const ProductViewQuery& q) = 0;
  virtual Result<std::optional<ProductAggregate>> FindProductView(const std::string& client,
                                                                  const std::string& code) = 0;
  // GET /api/products/{code}/orders from the views, in one snapshot: ListOrders of `q`
  // (which names q.product_code and no other filter), FindProductView of that code and
  // its name (FillProductNames); the page's total and the product's row are read by one
  // statement.
  virtual Result<ProductOrders> ProductOrdersView(const std::string& client,
                                                  const OrderQuery& q) = 0;
  // Roll-up rows of local days [from_day, to_day]: at least those of the tables in
  // `parts` (a mask of RollupPart); the others may be left empty.
  virtual Result<DayRollups> ReadDayRollups(const std::string& client, DayNumber from_day,
                                            DayNumber to_day, int parts = kAllRollups) = 0;
  // Contacts whose first counted order lies in [from, to).
  virtual Result<std::int64_t> CountFirstOrders(const std::string& client, Millis from,
                                                Millis to) = 0;
  // For each code, over counted orders in [from, to): distinct customers; and its name by
  // FillProductNames' rule (all time, any status). Other fields untouched.
  virtual Status FillProductPeriod(const std::string& client, Millis from, Millis to,
                                   std::vector<ProductAggregate>* products) = 0;
  // For each code, over the counted orders of local days [from_day, to_day] as the views
  // hold them: distinct customers, from its product_block_customers rows of the blocks
  // wholly inside the days and its product_day_customers rows of the other days (at most
  // one row per block, and 30 per code for the edge days, whatever the number of orders
  // and the period's length); and its name by
  // FillProductNames' rule. Other fields untouched.
  virtual Status FillProductDays(const std::string& client, DayNumber from_day,
                                 DayNumber to_day, std::vector<ProductAggregate>* products);

  // ---- change log
  virtual Result<std::int64_t> HeadSeq() = 0;
  // Up to `limit` records with seq > after, ascending.
  virtual Result<std::vector<ChangeRecord>> ReadChanges(std::int64_t after, int limit) = 0;
  // `client`'s records with seq > after (not yet applied when after is the checkpoint):
  // how many, and the newest seq among them (0 when none). Read from the client's stream
  // counters (records appended and applied, kept by the writes that append records and
  // move the checkpoint), so its cost does not grow with the backlog; an `after` other
  // than the checkpoint adds the client's records between the two (a range of the key).
  struct PendingChanges {
    std::int64_t count = 0;
    std::int64_t newest_seq = 0;
  };
  virtual Result<PendingChanges> ClientPendingChanges(const std::string& client,
                                                      std::int64_t after) = 0;

  virtual Status Ping() = 0;

  // Page-level integrity. SQLite: `PRAGMA quick_check` (or `PRAGMA integrity_check`
  // when `full`); `problems` holds what it reported (empty: sound). PostgreSQL has no
  // such check (ran false; `check` says so): its pages are guarded by the server's own
  // checksums (initdb --data-checksums). Unavailable when the check cannot run.
  struct IntegrityReport {
    bool ran = false;
    std::string check;                  // what ran (or why nothing did)
    std::vector<std::string> problems;  // empty: no damage found
  };
  virtual Result<IntegrityReport> CheckIntegrity(bool full) = 0;
  // Whether an operation of this process met a damaged page of the store since it
  // started (SQLite: SQLITE_CORRUPT / SQLITE_NOTADB). Cheap; thread-safe.
  virtual bool DamageSeen() { return false; }

  // ---- views (stream processor)
  // stream_state.applied_seq: the change-log position the views reflect.
  virtual Result<std::int64_t> AppliedSeq() = 0;
  // Runs `fn` in one read-only transaction: every read in it sees one consistent
  // snapshot (any process's later commits stay invisible). Returns fn's Status.
  virtual Status Read(const std::function<Status(ReadTx&)>& fn) = 0;

  // ---- shop platform webhooks: one secret per (client, platform)
  // Inserts or replaces the secret of s.client_id and s.platform.
  virtual Status PutWebhookSecret(const WebhookSecret& s) = 0;
  virtual Result<std::optional<WebhookSecret>> GetWebhookSecret(const std::string& client,
                                                                const std::string& platform) = 0;
  // Every client's secrets by client and platform, `secret` left empty.
  virtual Result<std::vector<WebhookSecret>> ListWebhookSecrets() = 0;
  // NotFound when there is none.
  virtual Status DeleteWebhookSecret(const std::string& client, const std::string& platform) = 0;
  // ---- digest and alerts (src/notify): small JSON documents per (client, name), each
  // with a version that every write increments, so writers in several processes never
  // overwrite each other's changes unseen.
  struct NotifyDoc {
    std::string body;
    std::int64_t version = 0;  // 1 after the first write
  };
  virtual Result<std::optional<NotifyDoc>> GetNotifyDoc(const std::string& client,
                                                        const std::string& name) = 0;
  // Writes `body` when the document's version is `expected` (0: it must not exist yet);
  // its version becomes expected + 1. False, with nothing written, when it is not.
  virtual Result<bool> PutNotifyDoc(const std::string& client, const std::string& name,
                                    const std::string& body, std::int64_t expected,
                                    Millis at) = 0;
};

}  // namespace packprod::store
