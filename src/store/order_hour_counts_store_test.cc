// The orders list's total over a date range (sql/tables.cc HourCountTotal: the kept
// order_hour_counts over the range's whole UTC hours plus the orders index over its
// partial edge hours) on every store: a SQLite file, SQLite in memory and a PostgreSQL
// database. Random orders over four months are imported, replaced with a new status and
// createdAt, and deleted; after each round the total of many ranges (local days of UTC,
// Asia/Kathmandu +05:45 and America/St_Johns -03:30, across their DST changes; one hour;
// inside one hour; empty; open at either end; random instants), with and without a status
// filter, equals the orders a plain count finds. A failed write counts nothing.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

#include "store/store_on_every_engine.h"

#include "domain/ids.h"
#include "store/importer.h"
#include "store/sql/tables.h"
#include "store/store.h"

namespace packprod::store {
namespace {

// 2025-02-01T00:00:00Z; the orders span four months from there (St_Johns moves to
// daylight time on 2025-03-09; Kathmandu has none).
constexpr Millis kStart = 1738368000000;
constexpr Millis kSpan = 120 * kDayMs;
constexpr OrderStatus kStatuses[] = {OrderStatus::kPending,   OrderStatus::kProcessing,
                                     OrderStatus::kCompleted, OrderStatus::kCancelled,
                                     OrderStatus::kRefunded,  OrderStatus::kShipped};

struct Kept {
  Millis created_at = 0;
  OrderStatus status = OrderStatus::kCompleted;
};

class OrderRangeTotals : public StoreOnEveryEngine {
 protected:
  void SetUp() override {
    StoreOnEveryEngine::SetUp();
    if (HasFatalFailure()) return;
    PutClients({"acme", "globex"});
  }

  ValidatedOrder MakeOrder(const std::string& client, const std::string& ref, Millis t,
                           OrderStatus st) {
    Order o;
    o.client_id = client;
    o.reference = ref;
    o.order_id = OrderId(client, ref);
    o.customer.email = "c" + std::to_string(rng_() % 40) + "@range.example";
    o.contact_id = ContactId(client, o.customer.email);
    o.created_at = t;
    o.status = st;
    o.currency = "AUD";
    o.total = 1000;
    o.items.push_back(OrderItem{"BOX-" + std::to_string(rng_() % 5), "Box", 1, 1000,
                                std::nullopt});
    return ValidatedOrder{o, {}};
  }

  // Now and then exactly on an hour, or a millisecond either side of one.
  Millis RandomInstant() {
    const Millis t = kStart + static_cast<Millis>(rng_() % kSpan);
    switch (rng_() % 8) {
      case 0: return t - t % sql::kHourMs;
      case 1: return t - t % sql::kHourMs - 1;
      case 2: return t - t % sql::kHourMs + 1;
      default: return t;
    }
  }
  OrderStatus RandomStatus() { return kStatuses[rng_() % std::size(kStatuses)]; }

  // Imports `n` new orders and replaces `changed` stored ones (new status and createdAt).
  void ImportRound(int n, int changed) {
    std::vector<ValidatedOrder> batch;
    std::vector<std::string> refs;
    for (const auto& [ref, k] : kept_) refs.push_back(ref);
    for (int i = 0; i < changed && !refs.empty(); ++i) {
      const std::string& ref = refs[rng_() % refs.size()];
      Kept k{RandomInstant(), RandomStatus()};
      if (rng_() % 3 == 0) k.created_at = kept_[ref].created_at;  // status only
      kept_[ref] = k;
      batch.push_back(MakeOrder("acme", ref, k.created_at, k.status));
    }
    for (int i = 0; i < n; ++i) {
      const std::string ref = "R" + std::to_string(next_++);
      Kept k{RandomInstant(), RandomStatus()};
      kept_[ref] = k;
      batch.push_back(MakeOrder("acme", ref, k.created_at, k.status));
    }
    auto r = ImportOrders(*store_, "acme", std::move(batch), 1000);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  void DeleteSome(int n) {
    for (int i = 0; i < n && !kept_.empty(); ++i) {
      auto it = kept_.begin();
      std::advance(it, rng_() % kept_.size());
      ASSERT_TRUE(DeleteOrder(*store_, "acme", OrderId("acme", it->first), 2000).ok());
      kept_.erase(it);
    }
  }

  std::int64_t Counted(const OrderQuery& q) const {
    std::int64_t n = 0;
    for (const auto& [ref, k] : kept_) {
      if (q.from && k.created_at < *q.from) continue;
      if (q.to && k.created_at >= *q.to) continue;
      if (!q.statuses.empty() &&
          std::find(q.statuses.begin(), q.statuses.end(), k.status) == q.statuses.end()) {
        continue;
      }
      ++n;
    }
    return n;
  }

  // The listing's total for [from, to) (either may be absent), with no status filter and
  // with a random one, against the kept orders; the page itself holds what it should.
  void ExpectTotal(std::optional<Millis> from, std::optional<Millis> to, const std::string& what) {
    for (int filtered = 0; filtered < 2; ++filtered) {
      OrderQuery q;
      q.from = from;
      q.to = to;
      q.limit = 3;
      if (filtered) {
        for (OrderStatus s : kStatuses) {
          if (rng_() % 2) q.statuses.push_back(s);
        }
        if (q.statuses.empty()) q.statuses.push_back(OrderStatus::kRefunded);
      }
      auto page = store_->ListOrders("acme", q);
      ASSERT_TRUE(page.ok()) << page.status().ToString();
      const std::int64_t want = Counted(q);
      EXPECT_EQ(page->total, want) << what << " filtered " << filtered;
      EXPECT_EQ(static_cast<std::int64_t>(page->orders.size()), std::min<std::int64_t>(want, 3))
          << what;
      ++checked_;
    }
  }

  // Ranges of local days in each zone (across St_Johns' change to daylight time), one
  // hour, inside one hour, empty, open ended and random.
  void ExpectTotals() {
    for (const char* name : {"UTC", "Asia/Kathmandu", "America/St_Johns"}) {
      const TimeZone tz = *TimeZone::Find(name);
      const DayNumber first = tz.LocalDay(kStart);
      for (int i = 0; i < 6; ++i) {
        const DayNumber d1 = first + static_cast<DayNumber>(rng_() % 120);
        const DayNumber d2 = d1 + static_cast<DayNumber>(rng_() % 40);
        ExpectTotal(tz.StartOfDay(d1), tz.StartOfDay(d2 + 1),
                    std::string(name) + " " + FormatDate(d1) + ".." + FormatDate(d2));
      }
      // The week of St_Johns' change (2025-03-09) and one local day on each side of it.
      const DayNumber change = *ParseDate("2025-03-09");
      ExpectTotal(tz.StartOfDay(change - 3), tz.StartOfDay(change + 4), std::string(name) + " dst");
      ExpectTotal(tz.StartOfDay(change), tz.StartOfDay(change + 1), std::string(name) + " day");
      ExpectTotal(tz.StartOfDay(change + 1), tz.StartOfDay(change + 2), std::string(name) + " +1");
    }
    for (int i = 0; i < 8; ++i) {
      const Millis h = RandomInstant() / sql::kHourMs * sql::kHourMs;
      ExpectTotal(h, h + sql::kHourMs, "one hour");
      ExpectTotal(h + 1, h + sql::kHourMs - 1, "inside one hour");
      ExpectTotal(h - 1, h + sql::kHourMs + 1, "one hour and two edges");
      ExpectTotal(h + 5, h + 5, "empty");
      ExpectTotal(h + sql::kHourMs, h, "reversed");
      const Millis a = RandomInstant(), b = RandomInstant();
      ExpectTotal(std::min(a, b), std::max(a, b), "random");
      ExpectTotal(a, std::nullopt, "from only");
      ExpectTotal(std::nullopt, b, "to only");
    }
    ExpectTotal(std::nullopt, std::nullopt, "status only");
    ExpectTotal(kStart - 365 * kDayMs, kStart + 2 * kSpan, "everything");
  }

  std::mt19937 rng_{20251207};
  std::map<std::string, Kept> kept_;
  int next_ = 0;
  int checked_ = 0;
};

TEST_P(OrderRangeTotals, EqualACountOfTheOrdersThroughImportsReplacementsAndDeletes) {
  // Another client's orders in the same hours count only for it.
  std::vector<ValidatedOrder> other;
  for (int i = 0; i < 40; ++i) {
    other.push_back(MakeOrder("globex", "G" + std::to_string(i), RandomInstant(), RandomStatus()));
  }
  ASSERT_TRUE(ImportOrders(*store_, "globex", std::move(other), 1000).ok());
  ExpectTotals();  // no orders of acme yet
  for (int round = 0; round < 4; ++round) {
    ImportRound(150, round ? 60 : 0);
    DeleteSome(round ? 15 : 0);
    ExpectTotals();
    if (HasFailure()) return;
  }
  // Every order deleted: every cell of acme is gone, and the totals are 0.
  DeleteSome(static_cast<int>(kept_.size()));
  ExpectTotals();
  EXPECT_GT(checked_, 1000);
}

TEST_P(OrderRangeTotals, AFailedWriteCountsNothing) {
  ImportRound(60, 0);
  const auto before = kept_;
  const std::string replaced = kept_.begin()->first, deleted = std::next(kept_.begin())->first;
  Status s = store_->Write([&](WriteTx& tx) -> Status {
    ValidatedOrder v = MakeOrder("acme", replaced, kStart + 7 * sql::kHourMs + 5,
                                 OrderStatus::kFailed);
    ValidatedOrder fresh = MakeOrder("acme", "NEW", kStart + 7 * sql::kHourMs + 9,
                                     OrderStatus::kFailed);
    for (const ValidatedOrder* o : {&v, &fresh}) {
      ContactRecord contact;
      contact.contact_id = o->order.contact_id;
      contact.email = o->order.customer.email;
      PP_RETURN_IF_ERROR(tx.PutContact("acme", contact));
    }
    PP_RETURN_IF_ERROR(tx.PutOrder(v.order, OrderToImage(v.order), true));
    PP_RETURN_IF_ERROR(tx.PutOrder(fresh.order, OrderToImage(fresh.order), false));
    PP_RETURN_IF_ERROR(tx.DeleteOrder("acme", OrderId("acme", deleted)));
    return Status::Internal("injected");
  });
  EXPECT_FALSE(s.ok());
  ASSERT_EQ(kept_.size(), before.size());
  ExpectTotals();
  OrderQuery failed;
  failed.statuses = {OrderStatus::kFailed};
  failed.from = kStart;
  failed.to = kStart + kSpan;
  EXPECT_EQ(store_->ListOrders("acme", failed)->total, 0);
}

// One transaction moves the same cells several times (the counts are summed per
// transaction and written at its commit): an order written, replaced in another hour and
// status, replaced again; a stored order replaced and then deleted; another deleted.
// Every total equals a plain count of the orders.
TEST_P(OrderRangeTotals, CellsMovedSeveralTimesInOneTransactionAddUp) {
  ImportRound(60, 0);
  auto it = kept_.begin();
  const std::string replaced = it->first, deleted = std::next(it)->first;
  const Millis h1 = kStart + 3 * sql::kHourMs + 5, h2 = kStart + 50 * sql::kHourMs + 7;
  Status s = store_->Write([&](WriteTx& tx) -> Status {
    auto put = [&](const ValidatedOrder& v, bool replace) -> Status {
      ContactRecord contact;
      contact.contact_id = v.order.contact_id;
      contact.email = v.order.customer.email;
      PP_RETURN_IF_ERROR(tx.PutContact("acme", contact));
      return tx.PutOrder(v.order, OrderToImage(v.order), replace);
    };
    PP_RETURN_IF_ERROR(put(MakeOrder("acme", "MOVED", h1, OrderStatus::kFailed), false));
    PP_RETURN_IF_ERROR(put(MakeOrder("acme", "MOVED", h2, OrderStatus::kOnHold), true));
    PP_RETURN_IF_ERROR(put(MakeOrder("acme", "MOVED", h2, OrderStatus::kPaid), true));
    PP_RETURN_IF_ERROR(put(MakeOrder("acme", replaced, h1, OrderStatus::kFailed), true));
    PP_RETURN_IF_ERROR(tx.DeleteOrder("acme", OrderId("acme", replaced)));
    return tx.DeleteOrder("acme", OrderId("acme", deleted));
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  kept_.erase(replaced);
  kept_.erase(deleted);
  kept_["MOVED"] = Kept{h2, OrderStatus::kPaid};
  ExpectTotals();
  // The statuses the transaction went through (none of the round's): the totals of
  // their cells, and of the last one, over the whole span and over each hour.
  for (OrderStatus st : {OrderStatus::kFailed, OrderStatus::kOnHold, OrderStatus::kPaid}) {
    for (Millis h : {h1, h2}) {
      OrderQuery q;
      q.statuses = {st};
      q.from = h - h % sql::kHourMs;
      q.to = *q.from + sql::kHourMs;
      EXPECT_EQ(store_->ListOrders("acme", q)->total, Counted(q)) << OrderStatusName(st);
    }
    OrderQuery all;
    all.statuses = {st};
    all.from = kStart;
    all.to = kStart + kSpan;
    EXPECT_EQ(store_->ListOrders("acme", all)->total,
              st == OrderStatus::kPaid ? 1 : 0) << OrderStatusName(st);
  }
}

INSTANTIATE_TEST_SUITE_P(Stores, OrderRangeTotals,
                         ::testing::Values("file", "sqlite::memory:", "postgres"), EngineName);

}  // namespace
}  // namespace packprod::store
