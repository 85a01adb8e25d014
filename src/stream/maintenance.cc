#include "stream/maintenance.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "domain/reorders.h"
#include "ops/log.h"
#include "stream/accounts.h"
#include "stream/apply.h"
#include "stream/expected_views.h"
#include "stream/reorder_days_diff.h"

namespace packprod::stream {
namespace {

// Rows a rebuild holds in memory before writing them out.
constexpr std::size_t kRebuildFlushRows = 200000;
constexpr std::int64_t kProgressEvery = 10000;
// Snapshot comparisons tried before holding the write lock for one.
constexpr int kSnapshotAttempts = 5;

Status RebuildInTx(store::WriteTx& tx, ZoneCache& zones, const std::string& client,
                   const Progress& progress) {
  // No import commits in what this reads: the change log caught up, the client's
  // contacts and orders, and the head its views are then at are one state of the store.
  PP_RETURN_IF_ERROR(tx.LockWrites());
  PP_ASSIGN_OR_RETURN(auto settings, tx.GetClient(client));
  if (!settings) return Status::NotFound("no client '" + client + "'");
  BatchOptions opts;
  opts.skip_client = &client;
  opts.now = NowMillis();
  PP_RETURN_IF_ERROR(CatchUpInTx(tx, zones, opts));
  PP_RETURN_IF_ERROR(tx.ClearViews(client));
  BatchApplier applier(tx, zones);
  PP_ASSIGN_OR_RETURN(auto contacts, tx.ListContacts(client));
  for (const ContactRecord& c : contacts) {
    PP_RETURN_IF_ERROR(applier.TouchContact(client, c.contact_id, c.updated_at));
  }
  std::int64_t n = 0;
  Status inner;
  PP_RETURN_IF_ERROR(tx.ScanOrders(client, [&](Order&& o) {
    inner = applier.AddOrder(o, std::max(o.imported_at, o.updated_at));
    if (inner.ok() && applier.pending_rows() >= kRebuildFlushRows) inner = applier.Flush();
    if (progress && ++n % kProgressEvery == 0) progress(n);
    return inner.ok();
  }));
  PP_RETURN_IF_ERROR(inner);
  PP_RETURN_IF_ERROR(applier.Flush());
  if (progress) progress(n);
  PP_ASSIGN_OR_RETURN(std::int64_t head, tx.HeadSeq());
  return tx.SetAppliedSeq(head, opts.now);
}

// Compares the views of `client` in `tx` with a recomputation from its orders.
Status CompareInTx(store::ReadTx& tx, const ClientSettings& client, const TimeZone& tz,
                   const Progress& progress, VerifyOutcome* out) {
  PP_ASSIGN_OR_RETURN(out->applied_seq, tx.AppliedSeq());
  PP_ASSIGN_OR_RETURN(auto contacts, tx.ListContacts(client.client_id));
  std::vector<Order> orders;
  PP_RETURN_IF_ERROR(tx.ScanOrders(client.client_id, [&](Order&& o) {
    o.shipping_address.reset();  // not part of any view; saves memory on big shops
    o.billing_address.reset();
    orders.push_back(std::move(o));
    if (progress && orders.size() % kProgressEvery == 0) {
      progress(static_cast<std::int64_t>(orders.size()));
    }
    return true;
  }));
  out->orders = static_cast<std::int64_t>(orders.size());
  PP_ASSIGN_OR_RETURN(auto have, tx.ReadViews(client.client_id));
  PP_ASSIGN_OR_RETURN(AccountRules rules, LoadAccountRules(tx, client.client_id));
  ExpectedViews want =
      ComputeExpected(contacts, orders, tz, SegmentRulesOf(client), client.client_id, rules);
  out->differences = DiffViews(want, have);
  DiffReorderDays(out->differences, want.reorders, have, ReorderSettingsOf(client));
  return Status::Ok();
}

}  // namespace

Status RebuildClient(store::Store& store, const std::string& client, const Progress& progress) {
  ZoneCache zones;
  return store.WriteViews(
      [&](store::WriteTx& tx) { return RebuildInTx(tx, zones, client, progress); });
}

Result<VerifyOutcome> VerifyClient(store::Store& store, const ClientSettings& client,
                                   const Progress& progress) {
  auto tz = TimeZone::Find(client.timezone);
  if (!tz) return Status::InvalidArgument("client " + client.client_id + ": unknown time zone");
  ZoneCache zones;
  BatchOptions opts;
  VerifyOutcome out;
  for (int attempt = 0; attempt < kSnapshotAttempts; ++attempt) {
    PP_RETURN_IF_ERROR(store.WriteViews([&](store::WriteTx& tx) {
      opts.now = NowMillis();
      return CatchUpInTx(tx, zones, opts);
    }));
    bool moved = false;
    PP_RETURN_IF_ERROR(store.Read([&](store::ReadTx& tx) -> Status {
      PP_ASSIGN_OR_RETURN(std::int64_t applied, tx.AppliedSeq());
      PP_ASSIGN_OR_RETURN(std::int64_t head, tx.HeadSeq());
      moved = applied != head;
      return moved ? Status::Ok() : CompareInTx(tx, client, *tz, progress, &out);
    }));
    if (!moved) return out;
  }
  PP_RETURN_IF_ERROR(store.WriteViews([&](store::WriteTx& tx) -> Status {
    PP_RETURN_IF_ERROR(tx.LockWrites());  // the orders compared are those caught up to
    opts.now = NowMillis();
    PP_RETURN_IF_ERROR(CatchUpInTx(tx, zones, opts));
    return CompareInTx(tx, client, *tz, progress, &out);
  }));
  return out;
}

namespace {

// Whether `client` has a contact with a cadence in the customer view but no reorder row:
// the processor writes both in one batch, so only an upgraded store shows this.
Result<bool> ReorderViewMissing(store::Store& store, const std::string& client) {
  store::CustomerViewQuery busiest;
  busiest.sort = CustomerSort::kOrderCount;
  busiest.limit = 1;
  PP_ASSIGN_OR_RETURN(auto top, store.ListCustomerViews(client, busiest));
  if (top.items.empty() || top.items[0].order_count < kReorderMinOrders) return false;
  store::ReorderQuery any;
  any.limit = 1;
  PP_ASSIGN_OR_RETURN(auto rows, store.ListReorderViews(client, any));
  return rows.items.empty();
}

// Whether `client` has counted orders on a day without a day_customers row: the processor
// writes both in one batch, so only a store upgraded from before schema 9 shows this.
Result<bool> DayCustomersMissing(store::Store& store, const std::string& client) {
  constexpr DayNumber kFirst = std::numeric_limits<DayNumber>::min();
  constexpr DayNumber kLast = std::numeric_limits<DayNumber>::max();
  PP_ASSIGN_OR_RETURN(DayRollups sales,
                      store.ReadDayRollups(client, kFirst, kLast, store::kSalesRollup));
  std::optional<DayNumber> last;
  for (const SalesDayRow& s : sales.sales) {
    if (s.orders > 0 && (!last || s.day > *last)) last = s.day;
  }
  if (!last) return false;
  PP_ASSIGN_OR_RETURN(DayRollups rows,
                      store.ReadDayRollups(client, *last, *last, store::kDayCustomersRollup));
  return rows.day_customers.empty();
}

// Whether `client` has a customer with a counted order but no cohort cell: the processor
// writes both in one batch, so only a store upgraded from before schema 10 shows this.
Result<bool> SegmentViewsMissing(store::Store& store, const std::string& client) {
  store::CustomerViewQuery busiest;
  busiest.sort = CustomerSort::kOrderCount;
  busiest.limit = 1;
  PP_ASSIGN_OR_RETURN(auto top, store.ListCustomerViews(client, busiest));
  if (top.items.empty() || top.items[0].order_count < 1) return false;
  PP_ASSIGN_OR_RETURN(auto cells, store.ReadCohortCells(client, INT32_MIN, INT32_MAX));
  return cells.empty();
}

// Whether `client` has customers but no account, or accounts without their days: the
// processor groups every customer row it writes and keeps every account's days, so only
// a store upgraded from before the account tables (or before their days) shows this.
Result<bool> AccountViewMissing(store::Store& store, const std::string& client) {
  store::CustomerViewQuery one;
  one.limit = 1;
  PP_ASSIGN_OR_RETURN(auto customers, store.ListCustomerViews(client, one));
  if (customers.items.empty()) return false;
  PP_ASSIGN_OR_RETURN(auto accounts, store.ListAccountViews(client, one));
  if (accounts.items.empty()) return true;
  std::optional<Account> row;  // the listing does not read the days; the row does
  PP_RETURN_IF_ERROR(store.Read([&](store::ReadTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(row, tx.GetAccountView(client, accounts.items[0].account_id));
    return Status::Ok();
  }));
  return !row || !row->days;
}

// Whether `client`'s busiest customer has counted orders but no contact_products row:
// the processor writes both in one batch, so only an upgraded store shows this (or a
// customer whose every counted order has no line, which then costs a rebuild per start).
Result<bool> ContactProductsMissing(store::Store& store, const std::string& client) {
  store::CustomerViewQuery busiest;
  busiest.sort = CustomerSort::kOrderCount;
  busiest.limit = 1;
  PP_ASSIGN_OR_RETURN(auto top, store.ListCustomerViews(client, busiest));
  if (top.items.empty() || top.items[0].order_count < 1) return false;
  PP_ASSIGN_OR_RETURN(auto rows, store.ContactProductViews(client, top.items[0].contact_id));
  return rows.empty();
}

// Whether `client`'s busiest customer has counted orders but no contact_first_orders row:
// the processor writes both in one batch, so only a store upgraded from before the
// product-cohort tables shows this.
Result<bool> ProductCohortsMissing(store::Store& store, const std::string& client) {
  store::CustomerViewQuery busiest;
  busiest.sort = CustomerSort::kOrderCount;
  busiest.limit = 1;
  PP_ASSIGN_OR_RETURN(auto top, store.ListCustomerViews(client, busiest));
  if (top.items.empty() || top.items[0].order_count < 1) return false;
  PP_ASSIGN_OR_RETURN(auto first, store.FirstOrderView(client, top.items[0].contact_id));
  return !first.has_value();
}

// What `client`'s top product (by revenue) shows of its customer views: no
// product_day_customers row (a store from before that table), or day rows but no
// product_block_customers row for the block of the first one (a store from before the
// block table). The processor writes product_totals and both tables in one batch, so only
// an upgraded store shows either.
struct ProductCustomerViews {
  bool days_missing = false;
  bool blocks_missing = false;
};
Result<ProductCustomerViews> ProductCustomerViewsMissing(store::Store& store,
                                                         const std::string& client) {
  store::ProductViewQuery top;
  top.limit = 1;
  PP_ASSIGN_OR_RETURN(auto products, store.ListProductViews(client, top));
  ProductCustomerViews out;
  if (products.items.empty() || products.items[0].orders < 1) return out;
  PP_RETURN_IF_ERROR(store.Read([&](store::ReadTx& tx) -> Status {
    const std::string& code = products.items[0].code;
    PP_ASSIGN_OR_RETURN(auto rows, tx.ReadProductDayCustomers(
                                       client, code, std::numeric_limits<DayNumber>::min(),
                                       std::numeric_limits<DayNumber>::max()));
    if (rows.empty()) {
      out.days_missing = true;
      return Status::Ok();
    }
    PP_ASSIGN_OR_RETURN(auto block, tx.GetProductBlockCustomers(
                                        client, code, store::ProductBlockOf(rows.front().day)));
    out.blocks_missing = !block.has_value();
    return Status::Ok();
  }));
  return out;
}

// Writes `client`'s product_block_customers rows from its product_day_customers rows
// (store::ProductBlockCustomersOf), every product's in one transaction: an upgraded
// store's blocks without a rebuild of the client.
Status FillProductBlockCustomers(store::Store& store, const std::string& client) {
  std::vector<std::string> codes;
  store::ProductViewQuery page;
  page.sort = ProductSort::kCode;
  page.desc = false;
  page.limit = 1000;
  for (;;) {
    PP_ASSIGN_OR_RETURN(auto products, store.ListProductViews(client, page));
    for (const ProductAggregate& p : products.items) codes.push_back(p.code);
    if (!products.more || products.items.empty()) break;
    page.after = ProductCursorOf(products.items.back(), page.sort);
  }
  return store.WriteViews([&](store::WriteTx& tx) -> Status {
    for (const std::string& code : codes) {
      KeyedDayCustomers days;
      PP_ASSIGN_OR_RETURN(days[code], tx.ReadProductDayCustomers(
                                          client, code, std::numeric_limits<DayNumber>::min(),
                                          std::numeric_limits<DayNumber>::max()));
      const KeyedDayCustomers blocks = store::ProductBlockCustomersOf(days);
      auto it = blocks.find(code);
      if (it == blocks.end()) continue;
      for (const DayCustomers& row : it->second) {
        PP_RETURN_IF_ERROR(tx.PutProductBlockCustomers(client, code, row));
      }
    }
    return Status::Ok();
  });
}

// Whether `client`'s busiest customer has counted orders but the client has no
// stats_buckets row: the processor writes both in one batch, so only a store upgraded from
// before the statistics counters shows this.
Result<bool> StatsViewsMissing(store::Store& store, const std::string& client) {
  store::CustomerViewQuery busiest;
  busiest.sort = CustomerSort::kOrderCount;
  busiest.limit = 1;
  PP_ASSIGN_OR_RETURN(auto top, store.ListCustomerViews(client, busiest));
  if (top.items.empty() || top.items[0].order_count < 1) return false;
  bool empty = false;
  PP_RETURN_IF_ERROR(store.Read([&](store::ReadTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(auto buckets, tx.ReadStatsBuckets(client));
    empty = buckets.empty();
    return Status::Ok();
  }));
  return empty;
}

}  // namespace

Result<int> BuildMissingViews(store::Store& store) {
  PP_ASSIGN_OR_RETURN(auto clients, store.ListClients());
  int rebuilt = 0;
  PP_ASSIGN_OR_RETURN(bool all, store.ViewsAwaitRebuild());
  if (all) {
    for (const ClientSettings& c : clients) {
      ops::LogInfo("views of client " + c.client_id +
                   ": the views file was new or no longer followed the change log; "
                   "rebuilding the client's views");
      PP_RETURN_IF_ERROR(RebuildClient(store, c.client_id, nullptr));
      ++rebuilt;
    }
    PP_RETURN_IF_ERROR(store.ViewsRebuilt());
    return rebuilt;
  }
  for (const ClientSettings& c : clients) {
    // A change of the client's reorder settings is followed by its views in a
    // transaction of their own: done here if a crash came between the two.
    std::int64_t followed = 0;
    PP_RETURN_IF_ERROR(store.WriteViews([&](store::WriteTx& tx) -> Status {
      PP_ASSIGN_OR_RETURN(followed, tx.FollowReorderSettings(c));
      return Status::Ok();
    }));
    if (followed > 0) {
      ops::LogInfo("views of client " + c.client_id + ": " + std::to_string(followed) +
                   " reorder rows moved to the client's reorder settings");
    }
    // Each view added by a migration, checked in the order the migrations added them.
    const char* missing = nullptr;
    PP_ASSIGN_OR_RETURN(bool no_reorders, ReorderViewMissing(store, c.client_id));
    if (no_reorders) missing = "reorder";
    if (!missing) {
      PP_ASSIGN_OR_RETURN(bool no_days, DayCustomersMissing(store, c.client_id));
      if (no_days) missing = "day_customers";
    }
    if (!missing) {
      PP_ASSIGN_OR_RETURN(bool no_segments, SegmentViewsMissing(store, c.client_id));
      if (no_segments) missing = "segment-movement and cohort";
    }
    if (!missing) {
      PP_ASSIGN_OR_RETURN(bool no_accounts, AccountViewMissing(store, c.client_id));
      if (no_accounts) missing = "account";
    }
    if (!missing) {
      PP_ASSIGN_OR_RETURN(bool no_products, ContactProductsMissing(store, c.client_id));
      if (no_products) missing = "contact products";
    }
    if (!missing) {
      PP_ASSIGN_OR_RETURN(bool no_firsts, ProductCohortsMissing(store, c.client_id));
      if (no_firsts) missing = "product cohort";
    }
    ProductCustomerViews product_customers;
    if (!missing) {
      PP_ASSIGN_OR_RETURN(product_customers, ProductCustomerViewsMissing(store, c.client_id));
      if (product_customers.days_missing) missing = "product day customers";
    }
    if (!missing) {
      PP_ASSIGN_OR_RETURN(bool no_stats, StatsViewsMissing(store, c.client_id));
      if (no_stats) missing = "statistics";
    }
    if (!missing) {
      if (product_customers.blocks_missing) {
        ops::LogInfo("views of client " + c.client_id +
                     ": product_block_customers never built (a store from an earlier "
                     "version); building it from product_day_customers");
        PP_RETURN_IF_ERROR(FillProductBlockCustomers(store, c.client_id));
      }
      continue;
    }
    ops::LogInfo("views of client " + c.client_id + ": the " + missing +
                 " view was never built (a store from an earlier version); "
                 "rebuilding the client's views");
    PP_RETURN_IF_ERROR(RebuildClient(store, c.client_id, nullptr));
    ++rebuilt;
  }
  return rebuilt;
}

}  // namespace packprod::stream
