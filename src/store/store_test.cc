// Conformance tests: every Store implementation must pass these (docs/api.md semantics of
// import, delete, listing, keys). Parameterised: a SQLite file, SQLite in memory, and a
// fresh database on the test PostgreSQL cluster (postgres/test_db.h).
#include "store/store.h"

#include <gtest/gtest.h>

#include "store/store_on_every_engine.h"

#include <set>

#include <boost/json.hpp>
#include <filesystem>

#include "domain/ids.h"
#include "domain/reports.h"
#include "store/importer.h"
#include "store/postgres/test_db.h"

namespace packprod::store {
namespace {

ClientSettings Client(const std::string& id) {
  ClientSettings c;
  c.client_id = id;
  return c;
}

ValidatedOrder MakeOrder(const std::string& client, const std::string& ref,
                         const std::string& email, Millis t, Cents total,
                         OrderStatus st = OrderStatus::kCompleted) {
  Order o;
  o.client_id = client;
  o.reference = ref;
  o.order_id = OrderId(client, ref);
  o.customer.email = email;
  o.customer.name = "Name " + email;
  o.contact_id = ContactId(client, email);
  o.created_at = t;
  o.status = st;
  o.currency = "AUD";
  o.total = total;
  o.items.push_back(OrderItem{"BOX-1", "Box", 2, total / 2, std::nullopt});
  return ValidatedOrder{o, {}};
}

class StoreConformance : public StoreOnEveryEngine {
 protected:
  void SetUp() override {
    StoreOnEveryEngine::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(store_->PutClient(Client("acme")).ok());
    ASSERT_TRUE(store_->PutClient(Client("globex")).ok());
  }
  ImportOutcome Import(std::vector<ValidatedOrder> v, const std::string& client = "acme") {
    auto r = ImportOrders(*store_, client, std::move(v), 1000);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : ImportOutcome{};
  }
};

TEST_P(StoreConformance, ImportCreatedUnchangedUpdatedWithChangeRecords) {
  auto a = Import({MakeOrder("acme", "R1", "a@x.y", 100, 1000)});
  EXPECT_EQ(a.created, 1);
  EXPECT_TRUE(a.items[0].contact_created);
  auto b = Import({MakeOrder("acme", "R1", "a@x.y", 100, 1000)});
  EXPECT_EQ(b.unchanged, 1);
  EXPECT_EQ(b.seq, a.seq);  // no record written: the head
  auto c = Import({MakeOrder("acme", "R1", "a@x.y", 100, 1000, OrderStatus::kRefunded)});
  EXPECT_EQ(c.updated, 1);
  EXPECT_GT(c.seq, b.seq);
  auto log = store_->ReadChanges(0, 100);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].op, ChangeOp::kInsert);
  EXPECT_FALSE((*log)[0].old_image.has_value());
  EXPECT_EQ((*log)[1].op, ChangeOp::kModify);
  auto old_img = OrderFromImage(*(*log)[1].old_image);
  auto new_img = OrderFromImage(*(*log)[1].new_image);
  ASSERT_TRUE(old_img && new_img);
  EXPECT_EQ(old_img->status, OrderStatus::kCompleted);
  EXPECT_EQ(new_img->status, OrderStatus::kRefunded);
}

// ChangeStamp::kCommit: the record carries the clock read as its transaction commits
// (after the transaction's other work), not the import's `now`; kNow records of the same
// transaction keep their time.
TEST_P(StoreConformance, ChangeRecordsStampedAtCommitCarryTheCommitTime) {
  std::vector<ValidatedOrder> given{MakeOrder("acme", "R1", "a@x.y", 100, 1000)};
  std::vector<ValidatedOrder> stamped{MakeOrder("acme", "R2", "b@x.y", 100, 1000)};
  Millis inside = 0;
  Status st = store_->Write([&](WriteTx& tx) -> Status {
    ImportOutcome out;
    PP_RETURN_IF_ERROR(ImportOrdersInTx(tx, "acme", given, 1000, &out, ChangeStamp::kNow));
    PP_RETURN_IF_ERROR(
        ImportOrdersInTx(tx, "acme", stamped, 1000, &out, ChangeStamp::kCommit));
    inside = NowMillis();  // the transaction's work is done, its commit not yet
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();
  const Millis after_commit = NowMillis();
  auto log = store_->ReadChanges(0, 10);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].committed_at, 1000);
  EXPECT_GE((*log)[1].committed_at, inside);
  EXPECT_LE((*log)[1].committed_at, after_commit);
  auto order = store_->GetOrder("acme", OrderId("acme", "R2"));
  ASSERT_TRUE(order.ok() && order->has_value());
  EXPECT_EQ((*order)->imported_at, 1000);  // the orders keep `now`

  const Millis before_delete = NowMillis();
  auto seq = DeleteOrder(*store_, "acme", OrderId("acme", "R1"), 5, ChangeStamp::kCommit);
  ASSERT_TRUE(seq.ok());
  auto removed = store_->ReadChanges(*seq - 1, 1);
  ASSERT_TRUE(removed.ok());
  ASSERT_EQ(removed->size(), 1u);
  EXPECT_GE((*removed)[0].committed_at, before_delete);
}

TEST_P(StoreConformance, DeleteWritesRemoveAndIsNotFoundTwice) {
  Import({MakeOrder("acme", "R1", "a@x.y", 100, 1000)});
  std::string id = OrderId("acme", "R1");
  EXPECT_TRUE(DeleteOrder(*store_, "globex", id, 5).status().IsNotFound());
  auto seq = DeleteOrder(*store_, "acme", id, 5);
  ASSERT_TRUE(seq.ok());
  EXPECT_TRUE(DeleteOrder(*store_, "acme", id, 6).status().IsNotFound());
  auto got = store_->GetOrder("acme", id);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
  auto log = store_->ReadChanges(*seq - 1, 10);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].op, ChangeOp::kRemove);
  EXPECT_TRUE((*log)[0].old_image.has_value());
}

TEST_P(StoreConformance, FailedWriteLeavesNothing) {
  Status s = store_->Write([](WriteTx& tx) -> Status {
    auto v = MakeOrder("acme", "R9", "z@x.y", 1, 1);
    ContactRecord contact;
    contact.contact_id = v.order.contact_id;
    contact.email = "z@x.y";
    PP_RETURN_IF_ERROR(tx.PutContact("acme", contact));
    PP_RETURN_IF_ERROR(tx.PutOrder(v.order, OrderToImage(v.order), false));
    return Status::Internal("injected");
  });
  EXPECT_FALSE(s.ok());
  auto page = store_->ListOrders("acme", OrderQuery{});
  EXPECT_EQ(page->total, 0);
  EXPECT_TRUE(store_->ListContacts("acme")->empty());
  EXPECT_EQ(*store_->HeadSeq(), 0);
}

TEST_P(StoreConformance, ListingIsNewestFirstPagesExactlyOnceAndIsPerClient) {
  std::vector<ValidatedOrder> batch;
  for (int i = 0; i < 25; ++i) {
    batch.push_back(MakeOrder("acme", "R" + std::to_string(i), "c" + std::to_string(i % 3) + "@x.y",
                              1000 * (i / 2), 100 + i));
  }
  Import(batch);
  Import({MakeOrder("globex", "G1", "g@x.y", 5, 1)}, "globex");
  OrderQuery q;
  q.limit = 4;
  std::vector<std::string> seen;
  Millis last_t = INT64_MAX;
  for (;;) {
    auto page = store_->ListOrders("acme", q);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, seen.size() < 8 ? 25 : 26);
    for (const auto& o : page->orders) {
      EXPECT_LE(o.created_at, last_t);
      last_t = o.created_at;
      seen.push_back(o.reference);
    }
    if (!page->more) break;
    // an order arriving between pages does not disturb the walk
    if (seen.size() == 8) Import({MakeOrder("acme", "LATE", "l@x.y", 999999, 1)});
    q.after = OrderCursor{page->orders.back().created_at, page->orders.back().order_id};
  }
  EXPECT_EQ(seen.size(), 25u);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end());
  OrderQuery f;
  f.search = "r1";  // reference prefix, folded
  f.limit = 100;
  EXPECT_EQ(store_->ListOrders("acme", f)->total, 11);  // R1, R10..R19
  f.search = "name c1@";
  EXPECT_EQ(store_->ListOrders("acme", f)->total, 8);
  OrderQuery g;
  g.contact_id = ContactId("acme", "c0@x.y");
  g.from = 2000;
  g.to = 6000;
  EXPECT_EQ(store_->ListOrders("acme", g)->total, 2);  // R6 (t=3000) and R9 (t=4000)
  OrderQuery p;
  p.product_code = "BOX-1";
  EXPECT_EQ(store_->ListOrders("globex", p)->total, 1);
}

// The listing totals kept beside the orders (all orders; orders holding a code) follow
// creates, updates that change the items, and deletes, and agree with counting.
TEST_P(StoreConformance, ListingTotalsFollowImportUpdateAndDelete) {
  auto two_lines = MakeOrder("acme", "R2", "a@x.y", 200, 1000);
  two_lines.order.items.push_back(OrderItem{"BOX-1", "Box", 1, 10, std::nullopt});
  two_lines.order.items.push_back(OrderItem{"TAPE", "Tape", 1, 5, std::nullopt});
  Import({MakeOrder("acme", "R1", "a@x.y", 100, 1000), two_lines,
          MakeOrder("acme", "R3", "b@x.y", 300, 500, OrderStatus::kCancelled)});
  Import({MakeOrder("globex", "G1", "g@x.y", 5, 1)}, "globex");
  auto total = [&](std::optional<std::string> code) {
    OrderQuery q;
    q.product_code = code;
    auto page = store_->ListOrders("acme", q);
    EXPECT_TRUE(page.ok());
    OrderQuery counted = q;  // a filter that matches everything: counted, not kept
    counted.from = 0;
    auto check = store_->ListOrders("acme", counted);
    EXPECT_EQ(page->total, check->total);
    return page->total;
  };
  EXPECT_EQ(total(std::nullopt), 3);
  EXPECT_EQ(total("BOX-1"), 3);  // R2 holds it twice: one order
  EXPECT_EQ(total("TAPE"), 1);
  auto tape_only = MakeOrder("acme", "R1", "a@x.y", 100, 1000);
  tape_only.order.items[0].code = "TAPE";
  EXPECT_EQ(Import({tape_only}).updated, 1);
  EXPECT_EQ(total(std::nullopt), 3);
  EXPECT_EQ(total("BOX-1"), 2);
  EXPECT_EQ(total("TAPE"), 2);
  ASSERT_TRUE(DeleteOrder(*store_, "acme", OrderId("acme", "R2"), 9).ok());
  EXPECT_EQ(total(std::nullopt), 2);
  EXPECT_EQ(total("BOX-1"), 1);
  EXPECT_EQ(total("TAPE"), 1);
  OrderQuery uncounted;
  uncounted.count_total = false;
  auto page = store_->ListOrders("acme", uncounted);
  EXPECT_EQ(page->orders.size(), 2u);  // the page itself; `total` need not be counted
}

// A contact's products (customer detail) follow the catalogue's rules over its orders.
TEST_P(StoreConformance, ContactProductsMatchTheCatalogueOfItsOrders) {
  auto a = MakeOrder("acme", "R1", "a@x.y", 100, 1000);
  a.order.items.push_back(OrderItem{"TAPE", "Tape old", 3, 7, std::nullopt});
  auto b = MakeOrder("acme", "R2", "a@x.y", 200, 400);
  b.order.items.push_back(OrderItem{"TAPE", "Tape new", 1, 9, std::nullopt});
  b.order.items.push_back(OrderItem{"TAPE", "Tape newest line", 1, 9, std::nullopt});
  auto c = MakeOrder("acme", "R3", "a@x.y", 300, 800, OrderStatus::kCancelled);
  c.order.items.push_back(OrderItem{"LID", "Lid", 1, 1, std::nullopt});
  Import({a, b, c, MakeOrder("acme", "R4", "b@x.y", 100, 5000)});
  auto got = store_->ContactProducts("acme", ContactId("acme", "a@x.y"));
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  auto want = ProductCatalogue({a.order, b.order, c.order});
  ASSERT_EQ(got->size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ((*got)[i].code, want[i].code);
    EXPECT_EQ((*got)[i].name, want[i].name);
    EXPECT_EQ((*got)[i].units, want[i].units);
    EXPECT_EQ((*got)[i].revenue, want[i].revenue);
  }
}

// The statistics' facts: every order of the client once, each contact's together.
TEST_P(StoreConformance, OrderFactsCoverEveryOrderGroupedByContact) {
  Import({MakeOrder("acme", "R1", "a@x.y", 100, 1000), MakeOrder("acme", "R2", "b@x.y", 50, 7),
          MakeOrder("acme", "R3", "a@x.y", 300, 500, OrderStatus::kRefunded)});
  Import({MakeOrder("globex", "G1", "g@x.y", 5, 1)}, "globex");
  std::vector<OrderFact> facts;
  ASSERT_TRUE(store_->ScanOrderFacts("acme", [&](const OrderFact& f) { facts.push_back(f); }).ok());
  ASSERT_EQ(facts.size(), 3u);
  std::set<std::string> done;
  for (size_t i = 0; i < facts.size(); ++i) {
    if (i > 0 && facts[i].contact_id != facts[i - 1].contact_id) {
      EXPECT_TRUE(done.insert(facts[i - 1].contact_id).second) << "contact split";
    }
  }
  Cents sum = 0;
  int refunded = 0;
  for (const auto& f : facts) {
    sum += f.total;
    refunded += f.status == OrderStatus::kRefunded;
  }
  EXPECT_EQ(sum, 1507);
  EXPECT_EQ(refunded, 1);
}

TEST_P(StoreConformance, KeysAreFoundByHashAndRevoked) {
  ApiKey k;
  k.key_id = "key_1";
  k.client_id = "acme";
  k.role = Role::kAdmin;
  ASSERT_TRUE(store_->CreateKey(k, "hash1").ok());
  auto f = store_->FindKey("hash1");
  ASSERT_TRUE(f.ok() && f->has_value());
  EXPECT_EQ((*f)->role, Role::kAdmin);
  EXPECT_TRUE(store_->RevokeKey("key_1", 7).ok());
  EXPECT_FALSE(store_->FindKey("hash1")->has_value());
  EXPECT_TRUE(store_->RevokeKey("nope", 7).IsNotFound());
}

TEST_P(StoreConformance, IngestFailuresAreKeptWholeOncePerMessageAndPerClient) {
  IngestFailure f;
  f.client_id = "acme";
  f.message_key = "m1@shop";
  f.from = "orders@shop.com.au";
  f.subject = "New order #1";
  f.source = "imap";
  f.reason = "is required";
  f.field = "/total";
  f.raw = std::string("Subject: x\r\n\r\nRen\xE9" "e\r\n");
  f.received_at = f.updated_at = 1000;
  std::int64_t id1 = 0, id2 = 0, id3 = 0;
  ASSERT_TRUE(store_
                  ->Write([&](WriteTx& tx) -> Status {
                    PP_ASSIGN_OR_RETURN(id1, tx.PutIngestFailure(f));
                    f.updated_at = 2000;
                    f.reason = "still required";
                    PP_ASSIGN_OR_RETURN(id2, tx.PutIngestFailure(f));
                    IngestFailure g = f;
                    g.message_key = "m2@shop";
                    PP_ASSIGN_OR_RETURN(id3, tx.PutIngestFailure(g));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(id1, id2);
  EXPECT_GT(id3, id1);
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) -> Status {
                    PP_ASSIGN_OR_RETURN(auto got, tx.GetIngestFailure("acme", id1));
                    EXPECT_TRUE(got.has_value());
                    if (got) {
                      EXPECT_EQ(got->raw, f.raw);
                      EXPECT_EQ(got->attempts, 2);
                      EXPECT_EQ(got->received_at, 1000);
                      EXPECT_EQ(got->updated_at, 2000);
                      EXPECT_EQ(got->reason, "still required");
                    }
                    PP_ASSIGN_OR_RETURN(auto none, tx.GetIngestFailure("globex", id1));
                    EXPECT_FALSE(none.has_value());
                    PP_ASSIGN_OR_RETURN(auto page, tx.ListIngestFailures("acme", 1, 0));
                    EXPECT_EQ(page.total, 2);
                    EXPECT_TRUE(page.more);
                    EXPECT_EQ(page.failures.at(0).id, id1);
                    EXPECT_TRUE(page.failures.at(0).raw.empty());
                    PP_ASSIGN_OR_RETURN(auto rest, tx.ListIngestFailures("acme", 1, id1));
                    EXPECT_FALSE(rest.more);
                    EXPECT_EQ(rest.failures.at(0).id, id3);
                    PP_ASSIGN_OR_RETURN(auto other, tx.ListIngestFailures("globex", 10, 0));
                    EXPECT_EQ(other.total, 0);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_TRUE(store_->Write([&](WriteTx& tx) { return tx.DeleteIngestFailure("globex", id3); })
                  .IsNotFound());
  EXPECT_TRUE(store_->Write([&](WriteTx& tx) { return tx.DeleteIngestFailure("acme", id3); }).ok());
}

TEST_P(StoreConformance, IngestedMessagesAreRecordedAndClearTheirFailure) {
  IngestFailure f;
  f.client_id = "acme";
  f.message_key = "m1@shop";
  f.raw = "x";
  std::int64_t id = 0;
  ASSERT_TRUE(store_
                  ->Write([&](WriteTx& tx) -> Status {
                    PP_ASSIGN_OR_RETURN(id, tx.PutIngestFailure(f));
                    PP_ASSIGN_OR_RETURN(auto before, tx.IngestedOrder("acme", "m1@shop"));
                    EXPECT_FALSE(before.has_value());
                    return tx.PutIngested("acme", "m1@shop", "order-1", 5);
                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) -> Status {
                    PP_ASSIGN_OR_RETURN(auto got, tx.IngestedOrder("acme", "m1@shop"));
                    EXPECT_EQ(got, std::optional<std::string>("order-1"));
                    PP_ASSIGN_OR_RETURN(auto other, tx.IngestedOrder("globex", "m1@shop"));
                    EXPECT_FALSE(other.has_value());
                    PP_ASSIGN_OR_RETURN(auto failure, tx.GetIngestFailure("acme", id));
                    EXPECT_FALSE(failure.has_value());
                    PP_ASSIGN_OR_RETURN(auto rules, tx.GetEmailRules("acme"));
                    EXPECT_FALSE(rules.has_value());
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(
      store_->Write([&](WriteTx& tx) { return tx.PutEmailRules("acme", R"({"rules":[]})", 6); })
          .ok());
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) -> Status {
                    PP_ASSIGN_OR_RETURN(auto rules, tx.GetEmailRules("acme"));
                    EXPECT_EQ(rules, std::optional<std::string>(R"({"rules":[]})"));
                    return Status::Ok();
                  })
                  .ok());
}

TEST_P(StoreConformance, NotifyDocsWriteOnlyOverTheVersionRead) {
  Store& st = *store_;
  auto none = st.GetNotifyDoc("acme", "alerts");
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_FALSE(none->has_value());
  // Creating needs expected 0, and only the first creation wins.
  EXPECT_FALSE(*st.PutNotifyDoc("acme", "alerts", "{\"a\":1}", 3, 10));
  EXPECT_TRUE(*st.PutNotifyDoc("acme", "alerts", "{\"a\":1}", 0, 10));
  EXPECT_FALSE(*st.PutNotifyDoc("acme", "alerts", "{\"a\":2}", 0, 11));
  auto one = st.GetNotifyDoc("acme", "alerts");
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_EQ((*one)->body, "{\"a\":1}");
  EXPECT_EQ((*one)->version, 1);
  // A writer holding a stale version loses; the current one wins and bumps it.
  EXPECT_TRUE(*st.PutNotifyDoc("acme", "alerts", "{\"a\":3}", 1, 12));
  EXPECT_FALSE(*st.PutNotifyDoc("acme", "alerts", "{\"a\":4}", 1, 13));
  auto two = st.GetNotifyDoc("acme", "alerts");
  EXPECT_EQ((*two)->body, "{\"a\":3}");
  EXPECT_EQ((*two)->version, 2);
  // Per client and per name.
  EXPECT_FALSE(st.GetNotifyDoc("other", "alerts")->has_value());
  EXPECT_FALSE(st.GetNotifyDoc("acme", "digest")->has_value());
}

TEST_P(StoreConformance, StatsCountersAddSumAndRefuseToGoBelowZero) {
  auto tz = TimeZone::Find("Australia/Sydney");
  ASSERT_TRUE(tz);
  const Millis t = 1'735'000'000'000;  // 2024-12-24 in Sydney
  const DayNumber day = tz->LocalDay(t);
  StatsRows d;
  for (Cents total : {1000, 1000, 2500, 99999, -300}) {
    AddOrderStats(&d, t, OrderStatus::kCompleted, total, *tz, +1);
  }
  AddOrderStats(&d, t + kDayMs, OrderStatus::kPaid, 1000, *tz, +1);
  AddOrderStats(&d, t, OrderStatus::kRefunded, 700, *tz, +1);
  CustomerAggregate once, twice;
  once.order_count = 1;
  once.first_order = once.last_order = t;
  twice.order_count = 2;
  twice.first_order = t;
  twice.last_order = t + 3 * kDayMs + 1;
  MoveGap(&d, nullptr, &once);
  MoveGap(&d, nullptr, &twice);
  ASSERT_TRUE(store_->WriteViews([&](WriteTx& tx) { return tx.AddStatsRows("acme", d); }).ok());
  // another client's rows stay apart
  ASSERT_TRUE(store_->WriteViews([&](WriteTx& tx) { return tx.AddStatsRows("globex", d); }).ok());

  ClientSettings settings = Client("acme");
  auto all = store_->StatisticsView("acme", settings, std::nullopt, nullptr);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->orders, 6);
  EXPECT_EQ(all->revenue, 1000 + 1000 + 2500 + 99999 - 300 + 1000);
  EXPECT_EQ(all->status[static_cast<int>(OrderStatus::kRefunded)], 1);
  EXPECT_EQ(all->status[static_cast<int>(OrderStatus::kCompleted)], 5);
  std::vector<Cents> sorted = {-300, 1000, 1000, 1000, 2500, 99999};
  for (std::size_t i = 0; i < kStatisticsPercentiles.size(); ++i) {
    EXPECT_EQ(all->percentiles[i], PercentileNearestRank(sorted, kStatisticsPercentiles[i]));
  }
  EXPECT_EQ(all->frequencies[static_cast<int>(Frequency::kOneTime)], 1);
  EXPECT_EQ(all->frequencies[static_cast<int>(Frequency::kWeekly)], 1);
  EXPECT_EQ(all->hour[tz->LocalHour(t)], 6);
  EXPECT_EQ(all->weekday[tz->LocalWeekday(t)], 5);

  auto first_day = store_->StatisticsView("acme", settings, std::make_pair(day, day), nullptr);
  ASSERT_TRUE(first_day.ok()) << first_day.status().ToString();
  EXPECT_EQ(first_day->orders, 5);
  EXPECT_EQ(first_day->percentiles[1], 1000);  // rank 3 of 5
  auto both = store_->StatisticsView("acme", settings, std::make_pair(day, day + 1), nullptr);
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->orders, 6);
  EXPECT_EQ(both->revenue, all->revenue);
  EXPECT_EQ(both->percentiles, all->percentiles);

  // Taking everything away leaves no row; going below zero is refused whole.
  StatsRows undo;
  for (const auto& [k, n] : d.cells) undo.cells[k] = -n;
  for (const auto& [k, n] : d.totals) undo.totals[k] = -n;
  for (const auto& [k, b] : d.buckets) undo.buckets[k] = BucketSums{-b.orders, -b.revenue};
  for (const auto& [k, n] : d.gaps) undo.gaps[k] = -n;
  StatsRows too_far = undo;
  too_far.gaps[kOneTimeGap] = -2;
  Status st = store_->WriteViews([&](WriteTx& tx) { return tx.AddStatsRows("acme", too_far); });
  EXPECT_EQ(st.code(), Status::Code::kInternal) << st.ToString();
  ASSERT_TRUE(store_->WriteViews([&](WriteTx& tx) { return tx.AddStatsRows("acme", undo); }).ok());
  StatsRows left;
  ASSERT_TRUE(store_->Read([&](ReadTx& tx) -> Status {
                      PP_ASSIGN_OR_RETURN(ClientViews v, tx.ReadViews("acme"));
                      left = v.stats;
                      return Status::Ok();
                    }).ok());
  EXPECT_TRUE(left.empty());
  auto other = store_->StatisticsView("globex", Client("globex"), std::nullopt, nullptr);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->orders, 6);
}

// ChangeSegmentMoves writes the difference between what the store holds and the new
// moves: rows gone, changed on their day, new, and those kept; other contacts untouched.
TEST_P(StoreConformance, SegmentMovesChangeToExactlyTheNewMoves) {
  using S = Segment;
  const std::vector<SegmentMove> first = {
      {100, std::nullopt, S::kNew}, {130, S::kNew, S::kActive}, {220, S::kActive, S::kDormant}};
  const std::vector<SegmentMove> then = {{100, std::nullopt, S::kNew},
                                         {130, S::kNew, S::kVip},
                                         {250, S::kVip, S::kDormant},
                                         {300, S::kDormant, S::kActive}};
  auto moves_of = [&](const std::string& contact) {
    std::vector<SegmentMove> out;
    EXPECT_TRUE(store_
                    ->WriteViews([&](WriteTx& tx) -> Status {
                      PP_ASSIGN_OR_RETURN(ClientViews v, tx.ReadViews("acme"));
                      for (const auto& [id, m] : v.segment_moves) {
                        if (id == contact) out.push_back(m);
                      }
                      return Status::Ok();
                    })
                    .ok());
    return out;
  };
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    PP_RETURN_IF_ERROR(tx.ChangeSegmentMoves("acme", "c1", {}, first));
                    return tx.ChangeSegmentMoves("acme", "c2", {}, first);
                  })
                  .ok());
  EXPECT_EQ(moves_of("c1"), first);
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    return tx.ChangeSegmentMoves("acme", "c1", first, then);
                  })
                  .ok());
  EXPECT_EQ(moves_of("c1"), then);
  EXPECT_EQ(moves_of("c2"), first);
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    return tx.ChangeSegmentMoves("acme", "c1", then, {});
                  })
                  .ok());
  EXPECT_TRUE(moves_of("c1").empty());
  EXPECT_EQ(moves_of("c2"), first);
}

// The batch form: 600 contacts changed by one call (on PostgreSQL the rows gone leave by
// DELETEs of 512, 64, 16 and 8 pairs), each to its own moves; a contact not named keeps its
// rows.
TEST_P(StoreConformance, SegmentMovesOfManyContactsChangeInOneCall) {
  using S = Segment;
  const std::vector<SegmentMove> first = {
      {100, std::nullopt, S::kNew}, {130, S::kNew, S::kActive}, {220, S::kActive, S::kDormant}};
  auto then = [](int i) {
    return std::vector<SegmentMove>{{100, std::nullopt, S::kNew},
                                    {130, S::kNew, i % 2 ? S::kVip : S::kActive},
                                    {250 + i, S::kActive, S::kDormant}};
  };
  auto id = [](int i) { return "c" + std::to_string(1000 + i); };
  std::vector<WriteTx::SegmentMovesChange> before, after;
  for (int i = 0; i < 600; ++i) {
    before.push_back({id(i), {}, first});
    after.push_back({id(i), first, then(i)});
  }
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    PP_RETURN_IF_ERROR(tx.ChangeSegmentMoves("acme", before));
                    return tx.ChangeSegmentMoves("acme", "keep", {}, first);
                  })
                  .ok());
  ASSERT_TRUE(
      store_
          ->WriteViews([&](WriteTx& tx) -> Status { return tx.ChangeSegmentMoves("acme", after); })
          .ok());
  std::map<std::string, std::vector<SegmentMove>> stored;
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    PP_ASSIGN_OR_RETURN(ClientViews v, tx.ReadViews("acme"));
                    for (const auto& [contact, m] : v.segment_moves) stored[contact].push_back(m);
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(stored.size(), 601u);
  EXPECT_EQ(stored["keep"], first);
  for (int i = 0; i < 600; ++i) EXPECT_EQ(stored[id(i)], then(i)) << id(i);
}

// PutCustomerViews: a batch's new rows and updates land as PutCustomerView would write
// them, the listing's total counts each new row once, and a "new" row already there fails
// the write and leaves nothing.
TEST_P(StoreConformance, CustomerViewsOfABatchAreWrittenAndCounted) {
  auto row = [](int i, std::int64_t orders) {
    CustomerAggregate a;
    a.contact_id = "c" + std::to_string(1000 + i);
    a.email = a.contact_id + "@example.com";
    a.name = "Customer " + std::to_string(i);
    a.order_count = orders;
    a.total_spend = 1000 * orders + i;
    a.first_order = 1700000000000 + i;
    a.last_order = 1700000000000 + i;
    a.last_order_reference = "R" + std::to_string(i);
    a.last_updated = 1700000000000;
    return a;
  };
  std::vector<CustomerAggregate> rows, updated;
  for (int i = 0; i < 600; ++i) rows.push_back(row(i, 1));
  for (int i = 0; i < 700; ++i) updated.push_back(row(i, i < 600 ? 2 : 1));
  auto write = [&](std::size_t from, std::size_t to, const std::vector<CustomerAggregate>& r,
                   const std::vector<CustomerAggregate>* before) {
    return store_->WriteViews([&](WriteTx& tx) -> Status {
      std::vector<WriteTx::CustomerPut> puts;
      for (std::size_t i = from; i < to; ++i) {
        puts.push_back({&r[i], before && i < before->size() ? &(*before)[i] : nullptr});
      }
      return tx.PutCustomerViews("acme", puts);
    });
  };
  auto listed = [&]() {
    CustomerViewQuery q;
    q.limit = 1000;
    auto page = store_->ListCustomerViews("acme", q);
    EXPECT_TRUE(page.ok());
    return page.ok() ? *page : CustomerViewPage{};
  };
  ASSERT_TRUE(write(0, 600, rows, nullptr).ok());
  EXPECT_EQ(listed().total, 600);
  ASSERT_TRUE(write(0, 700, updated, &rows).ok());
  const CustomerViewPage page = listed();
  EXPECT_EQ(page.total, 700);
  ASSERT_EQ(page.items.size(), 700u);
  std::map<std::string, CustomerAggregate> by_id;
  for (const CustomerAggregate& a : page.items) by_id[a.contact_id] = a;
  for (const CustomerAggregate& a : updated) {
    ASSERT_EQ(by_id.count(a.contact_id), 1u) << a.contact_id;
    EXPECT_EQ(by_id[a.contact_id].order_count, a.order_count) << a.contact_id;
    EXPECT_EQ(by_id[a.contact_id].total_spend, a.total_spend) << a.contact_id;
    EXPECT_EQ(by_id[a.contact_id].name, a.name) << a.contact_id;
  }
  // c1650 new, c1005 written as new although it is there: nothing of the write stays.
  std::vector<CustomerAggregate> again = {row(650, 1), row(5, 3)};
  EXPECT_FALSE(write(0, 2, again, nullptr).ok());
  EXPECT_EQ(listed().total, 700);
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreConformance,
                         ::testing::Values("file", "sqlite::memory:", "postgres"), EngineName);

}  // namespace
}  // namespace packprod::store
