// The processor against each real store (a SQLite file, a PostgreSQL database):
// applying, checkpoint atomicity under an injected failure, read-your-writes across store
// objects, pruning, rebuild, verify; on PostgreSQL also the processor lease and
// wake-ups by other processes' commits (LISTEN/NOTIFY).
#include "stream/processor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>

#include "stream/stream_test_util.h"

namespace packprod::stream {
namespace {

using testing::CreateClient;
using testing::Differences;
using testing::Engine;
using testing::Import;
using testing::NewOrder;
using testing::TempStore;

constexpr Millis kT = 1'750'000'000'000;

class StreamProcessorTest : public ::testing::TestWithParam<Engine> {
 protected:
  StreamProcessorTest() : tmp_(GetParam()) {}
  void SetUp() override {
    store_ = tmp_.Open();
    CreateClient(*store_, "acme", "Australia/Sydney");
  }
  // `n` orders of acme in one import each, spread over a few contacts and products.
  void ImportOrders(int n, int first = 0) {
    for (int i = first; i < first + n; ++i) {
      Order o = NewOrder("acme", "R" + std::to_string(i), "c" + std::to_string(i % 7) + "@x.io",
                         kT + i * 3'600'000LL, 1000 + i);
      o.items.push_back(OrderItem{"P" + std::to_string(i % 3), "Prod", 2, 500, std::nullopt});
      ASSERT_TRUE(Import(*store_, "acme", {o}).ok());
    }
  }
  store::ClientViews Views() { return testing::StoredViews(*store_, "acme"); }

  TempStore tmp_;
  std::unique_ptr<store::Store> store_;
};

TEST_P(StreamProcessorTest, AppliesInBatchesUpToTheHead) {
  ImportOrders(25);
  ProcessorOptions o;
  o.batch_size = o.max_batch_size = 10;
  Processor p(*store_, o);
  EXPECT_EQ(*p.ApplyBatch(), 10);
  EXPECT_EQ(p.AppliedSeq(), 10);
  ASSERT_TRUE(p.CatchUp().ok());
  EXPECT_EQ(p.AppliedSeq(), 25);
  EXPECT_EQ(p.HeadSeq(), 25);
  EXPECT_EQ(*store_->AppliedSeq(), 25);
  EXPECT_EQ(*p.ApplyBatch(), 0);
  EXPECT_EQ(p.Lag().applied_events, 25);
  EXPECT_TRUE(Differences(*store_, "acme").empty());
  store::ClientViews v = Views();
  EXPECT_EQ(v.customers.size(), 7u);
  EXPECT_EQ(v.products.size(), 3u);
}

// The segment-movement and cohort views are kept with the others and checked by verify;
// a store without them (an upgrade) is rebuilt once by BuildMissingViews.
TEST_P(StreamProcessorTest, SegmentViewsAreKeptVerifiedAndBuiltWhenMissing) {
  ImportOrders(20);
  Processor p(*store_);
  ASSERT_TRUE(p.CatchUp().ok());
  store::ClientViews v = Views();
  ASSERT_EQ(v.spend_days.size(), 7u);
  ASSERT_FALSE(v.segment_moves.empty());
  ASSERT_FALSE(v.cohort_cells.empty());
  EXPECT_EQ(Differences(*store_, "acme"), std::vector<std::string>{});
  const std::string id = v.segment_moves[0].first;
  ASSERT_TRUE(store_
                  ->WriteViews([&](store::WriteTx& tx) -> Status {
                    PP_RETURN_IF_ERROR(tx.ReplaceSegmentMoves("acme", id, {}));
                    CohortCells one{{v.cohort_cells.begin()->first, CohortCell{1, 5}}};
                    return tx.AddCohortCells("acme", one);
                  })
                  .ok());
  auto diff = Differences(*store_, "acme");
  ASSERT_EQ(diff.size(), 2u);
  EXPECT_NE(diff[0].find("segment_moves " + id), std::string::npos) << diff[0];
  EXPECT_NE(diff[1].find("cohort_cells"), std::string::npos) << diff[1];
  // As a store from before these tables: no rows at all; rebuilt once.
  CohortCells minus;
  for (const auto& [key, c] : Views().cohort_cells) {
    minus[key] = CohortCell{-c.customers, -c.revenue};
  }
  ASSERT_TRUE(store_
                  ->WriteViews([&](store::WriteTx& tx) -> Status {
                    PP_RETURN_IF_ERROR(tx.AddCohortCells("acme", minus));
                    for (const auto& [contact, days] : v.spend_days) {
                      PP_RETURN_IF_ERROR(tx.PutSpendDays("acme", contact, ""));
                      PP_RETURN_IF_ERROR(tx.ReplaceSegmentMoves("acme", contact, {}));
                    }
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_TRUE(Views().cohort_cells.empty());
  auto rebuilt = BuildMissingViews(*store_);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  EXPECT_EQ(*rebuilt, 1);
  EXPECT_EQ(Differences(*store_, "acme"), std::vector<std::string>{});
  ImportOrders(30, 20);
  ASSERT_TRUE(p.CatchUp().ok());
  EXPECT_EQ(Differences(*store_, "acme"), std::vector<std::string>{});
}

// The statistics counters are kept with the others and checked by verify; a store
// without them (an upgrade from before the tables) is rebuilt once by BuildMissingViews.
TEST_P(StreamProcessorTest, StatsCountersAreKeptVerifiedAndBuiltWhenMissing) {
  ImportOrders(20);
  Processor p(*store_);
  ASSERT_TRUE(p.CatchUp().ok());
  store::ClientViews v = Views();
  ASSERT_FALSE(v.stats.cells.empty());
  ASSERT_FALSE(v.stats.totals.empty());
  ASSERT_FALSE(v.stats.buckets.empty());
  ASSERT_FALSE(v.stats.gaps.empty());
  EXPECT_EQ(Differences(*store_, "acme"), std::vector<std::string>{});
  StatsRows one;
  one.totals[v.stats.totals.begin()->first] = 1;
  ASSERT_TRUE(
      store_->WriteViews([&](store::WriteTx& tx) { return tx.AddStatsRows("acme", one); }).ok());
  auto diff = Differences(*store_, "acme");
  ASSERT_EQ(diff.size(), 1u);
  EXPECT_NE(diff[0].find("stats_totals"), std::string::npos) << diff[0];
  // As a store from before these tables: no rows at all; rebuilt once.
  StatsRows minus;
  for (const auto& [k, n] : Views().stats.cells) minus.cells[k] = -n;
  for (const auto& [k, n] : Views().stats.totals) minus.totals[k] = -n;
  for (const auto& [k, b] : Views().stats.buckets) minus.buckets[k] = {-b.orders, -b.revenue};
  for (const auto& [k, n] : Views().stats.gaps) minus.gaps[k] = -n;
  ASSERT_TRUE(
      store_->WriteViews([&](store::WriteTx& tx) { return tx.AddStatsRows("acme", minus); }).ok());
  EXPECT_TRUE(Views().stats.empty());
  auto rebuilt = BuildMissingViews(*store_);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  EXPECT_EQ(*rebuilt, 1);
  EXPECT_EQ(Differences(*store_, "acme"), std::vector<std::string>{});
  ImportOrders(30, 20);
  ASSERT_TRUE(p.CatchUp().ok());
  EXPECT_EQ(Differences(*store_, "acme"), std::vector<std::string>{});
}

TEST_P(StreamProcessorTest, BatchesGrowWhileFastAndABacklogLasts) {
  ImportOrders(30);
  ProcessorOptions o;
  o.batch_size = 2;
  o.max_batch_size = 8;
  o.target_batch_time = std::chrono::seconds(60);
  Processor p(*store_, o);
  std::vector<int> sizes;
  for (int i = 0; i < 6; ++i) sizes.push_back(*p.ApplyBatch());
  EXPECT_EQ(sizes, (std::vector<int>{2, 4, 8, 8, 8, 0}));
}

TEST_P(StreamProcessorTest, ABatchBehindTakesAllThatWaitsUpToTheMost) {
  ImportOrders(30);
  ProcessorOptions o;
  o.batch_size = 2;
  o.max_batch_size = 12;
  o.target_batch_time = std::chrono::seconds(60);
  Processor p(*store_, o);
  EXPECT_EQ(p.HeadSeq(), 30);  // 30 waiting: more than batch_size
  EXPECT_EQ(*p.ApplyBatch(), 12);
  EXPECT_EQ(*p.ApplyBatch(), 12);
  EXPECT_EQ(*p.ApplyBatch(), 6);
  ImportOrders(2, 30);  // no more than batch_size waiting: an ordinary batch
  EXPECT_EQ(p.HeadSeq(), 32);
  EXPECT_EQ(*p.ApplyBatch(), 2);
  EXPECT_EQ(Differences(*store_, "acme"), std::vector<std::string>{});
}

TEST_P(StreamProcessorTest, FailureBeforeCheckpointAppliesNothingTwice) {
  ImportOrders(30);
  int calls = 0;
  ProcessorOptions o;
  o.batch_size = 8;
  // Fails the second batch after its view writes, once.
  o.before_checkpoint = [&calls]() -> Status {
    return ++calls == 2 ? Status::Unavailable("injected") : Status::Ok();
  };
  Processor p(*store_, o);
  EXPECT_EQ(*p.ApplyBatch(), 8);
  auto failed = p.ApplyBatch();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().message(), "injected");
  EXPECT_EQ(*store_->AppliedSeq(), 8);
  // The rolled-back batch left no view change: the views still reflect 8 events.
  std::int64_t orders_in_views = 0;
  for (const auto& c : Views().customers) orders_in_views += c.order_count;
  EXPECT_EQ(orders_in_views, 8);
  ASSERT_TRUE(p.CatchUp().ok());
  EXPECT_EQ(p.Lag().applied_events, 30);
  EXPECT_TRUE(Differences(*store_, "acme").empty());
}

TEST_P(StreamProcessorTest, AFailingBatchWaitsBeforeItsNextTryWhateverCommits) {
  std::atomic<int> tries{0};
  std::atomic<bool> fail{true};
  ProcessorOptions o;
  o.poll_interval = std::chrono::milliseconds(100);
  o.before_checkpoint = [&]() -> Status {
    ++tries;
    return fail ? Status::Unavailable("injected") : Status::Ok();
  };
  Processor p(*store_, o);
  p.Start();
  // 40 commits, each of which wakes a processor that is not failing, in about 0.6 s:
  // the pauses (0.1, 0.2, 0.4 s, ...) allow a handful of tries.
  for (int i = 0; i < 40; ++i) {
    ImportOrders(1, i);
    std::this_thread::sleep_for(std::chrono::milliseconds(15));
  }
  EXPECT_GE(tries.load(), 1);
  EXPECT_LE(tries.load(), 6);
  fail = false;  // the pause is at most 1.6 s
  EXPECT_TRUE(p.WaitApplied(40, std::chrono::seconds(10)));
  p.Stop();
  EXPECT_TRUE(Differences(*store_, "acme").empty());
}

TEST_P(StreamProcessorTest, ImportsWaitWhileTheViewsAreFarBehind) {
  std::atomic<bool> held{true};
  ProcessorOptions o;
  o.import_backlog = 5;
  o.import_wait = std::chrono::seconds(10);
  o.before_checkpoint = [&]() -> Status {  // no batch commits while held
    while (held) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return Status::Ok();
  };
  Processor p(*store_, o);
  p.Start();
  for (int i = 0; i < 200 && !p.Leading(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(p.Leading());
  EXPECT_EQ(p.PaceImports().count(), 0);  // nothing waits to be applied
  ImportOrders(20);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    held = false;
  });
  const auto waited = p.PaceImports();  // 20 waiting, 5 allowed: waits for the batch
  release.join();
  EXPECT_GE(waited.count(), 250);
  EXPECT_GE(p.AppliedSeq(), 15);
  EXPECT_EQ(p.PaceImports().count(), 0);
  p.Stop();
  EXPECT_TRUE(Differences(*store_, "acme").empty());
}

TEST_P(StreamProcessorTest, RestartAfterFailureResumesAtTheCheckpoint) {
  ImportOrders(12);
  {
    ProcessorOptions o;
    o.batch_size = 5;
    o.before_checkpoint = [] { return Status::Internal("crash"); };
    Processor doomed(*store_, o);
    EXPECT_FALSE(doomed.ApplyBatch().ok());
  }
  store_.reset();
  store_ = tmp_.Open();
  Processor p(*store_);
  ASSERT_TRUE(p.CatchUp().ok());
  EXPECT_EQ(p.Lag().applied_events, 12);
  EXPECT_TRUE(Differences(*store_, "acme").empty());
}

TEST_P(StreamProcessorTest, WaitAppliedSeesAnotherProcessorsCheckpoint) {
  ImportOrders(5);
  Processor watcher(*store_);  // never started: polls the store
  EXPECT_FALSE(watcher.WaitApplied(5, std::chrono::milliseconds(30)));
  auto other_store = tmp_.Open();
  std::thread other([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    Processor p(*other_store);
    EXPECT_TRUE(p.CatchUp().ok());
  });
  EXPECT_TRUE(watcher.WaitApplied(5, std::chrono::seconds(10)));
  other.join();
  EXPECT_EQ(watcher.AppliedSeq(), 5);
  EXPECT_TRUE(watcher.ViewsMaintained());
}

TEST_P(StreamProcessorTest, RunningProcessorIsWokenByCommits) {
  ProcessorOptions o;
  o.poll_interval = std::chrono::seconds(30);  // only a commit can wake it in time
  Processor p(*store_, o);
  p.Start();
  ImportOrders(3);
  EXPECT_TRUE(p.WaitApplied(3, std::chrono::seconds(5)));
  p.Stop();
  EXPECT_EQ(*store_->AppliedSeq(), 3);
  EXPECT_TRUE(Differences(*store_, "acme").empty());
}

TEST_P(StreamProcessorTest, PrunesOnlyAppliedRecordsOlderThanTheRetention) {
  Millis now = NowMillis();
  Millis old = now - 2 * kDayMs;
  for (int i = 0; i < 6; ++i) {
    Order o = NewOrder("acme", "R" + std::to_string(i), "a@x.io", kT, 100);
    ASSERT_TRUE(Import(*store_, "acme", {o}, i < 4 ? old : now).ok());
  }
  ProcessorOptions opts;
  opts.batch_size = opts.max_batch_size = 3;
  Processor p(*store_, opts);
  ASSERT_TRUE(p.ApplyBatch().ok());  // seq 1-3 applied; 4 old but not applied
  EXPECT_EQ(*p.Prune(now), 3);
  ASSERT_TRUE(p.CatchUp().ok());
  EXPECT_EQ(*p.Prune(now), 1);  // 5 and 6 are young
  auto left = store_->ReadChanges(0, 100);
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 2u);
  EXPECT_EQ(left->front().seq, 5);
  EXPECT_EQ(*store_->HeadSeq(), 6);
}

TEST_P(StreamProcessorTest, RebuildMatchesAndMovesTheCheckpointToTheHead) {
  CreateClient(*store_, "other", "UTC");
  ImportOrders(20);
  ASSERT_TRUE(Import(*store_, "other", {NewOrder("other", "O1", "o@x.io", kT, 5)}).ok());
  ASSERT_TRUE(RebuildClient(*store_, "acme", nullptr).ok());
  EXPECT_EQ(*store_->AppliedSeq(), 21);
  EXPECT_TRUE(Differences(*store_, "acme").empty());
  EXPECT_TRUE(Differences(*store_, "other").empty());  // applied, not skipped
  EXPECT_TRUE(RebuildClient(*store_, "nobody", nullptr).IsNotFound());
}

TEST_P(StreamProcessorTest, VerifyReportsATamperedView) {
  ImportOrders(4);
  Processor p(*store_);
  ASSERT_TRUE(p.CatchUp().ok());
  ASSERT_TRUE(store_
                  ->WriteViews([](store::WriteTx& tx) {
                    store::RollUps r;
                    r.sales[TimeZone::Utc().LocalDay(kT)] = {1, 99, 0};
                    return tx.AddRollUps("acme", r);
                  })
                  .ok());
  auto diffs = Differences(*store_, "acme");
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_NE(diffs[0].find("sales_daily"), std::string::npos) << diffs[0];
}

// A product's distinct customers move only when a contact comes to hold it or ceases to
// (its contact_products row appears or vanishes), whatever else the batch does.
TEST_P(StreamProcessorTest, AProductsCustomersFollowTheContactsThatHoldIt) {
  auto order = [](const std::string& ref, const std::string& email, int hour,
                  std::vector<std::string> codes, OrderStatus status = OrderStatus::kPaid) {
    Order o = NewOrder("acme", ref, email, kT + hour * 3'600'000LL, 1000, status);
    for (const std::string& code : codes) {
      o.items.push_back(OrderItem{code, "Prod " + code, 1, 1000, std::nullopt});
    }
    return o;
  };
  auto customers = [&]() {
    std::map<std::string, std::int64_t> out;
    for (const auto& p : Views().products) out[p.totals.code] = p.totals.customers;
    return out;
  };
  using Counts = std::map<std::string, std::int64_t>;
  Processor p(*store_);
  ASSERT_TRUE(Import(*store_, "acme",
                     {order("R1", "alice@x.io", 0, {"P"}), order("R2", "alice@x.io", 1, {"P", "Q"}),
                      order("R3", "bob@x.io", 2, {"P"})})
                  .ok());
  ASSERT_TRUE(p.CatchUp().ok());
  EXPECT_EQ(customers(), (Counts{{"P", 2}, {"Q", 1}}));
  // In one batch: bob's only order of P cancelled (P loses him); alice's R2 no longer
  // holds P (she keeps it through R1).
  ASSERT_TRUE(Import(*store_, "acme",
                     {order("R3", "bob@x.io", 2, {"P"}, OrderStatus::kCancelled),
                      order("R2", "alice@x.io", 1, {"Q"})})
                  .ok());
  ASSERT_TRUE(p.CatchUp().ok());
  EXPECT_EQ(customers(), (Counts{{"P", 1}, {"Q", 1}}));
  // alice's last order of P cancelled and carol's first in the same batch: one out, one in.
  ASSERT_TRUE(Import(*store_, "acme",
                     {order("R1", "alice@x.io", 0, {"P"}, OrderStatus::kCancelled),
                      order("R4", "carol@x.io", 3, {"P", "P"})})
                  .ok());
  ASSERT_TRUE(p.CatchUp().ok());
  EXPECT_EQ(customers(), (Counts{{"P", 1}, {"Q", 1}}));
  // The last holder of Q leaves it: the product has no counted order and no row.
  ASSERT_TRUE(Import(*store_, "acme", {order("R2", "alice@x.io", 1, {"P"})}).ok());
  ASSERT_TRUE(p.CatchUp().ok());
  EXPECT_EQ(customers(), (Counts{{"P", 2}}));
  EXPECT_TRUE(Differences(*store_, "acme").empty());
}

TEST_P(StreamProcessorTest, ZeroOrderContactKeepsARowAndSearchEntry) {
  Order o = NewOrder("acme", "R1", "zoe@x.io", kT, 100, OrderStatus::kCancelled);
  o.customer.name = "Zoë Ångström";
  ASSERT_TRUE(Import(*store_, "acme", {o}).ok());
  Processor p(*store_);
  ASSERT_TRUE(p.CatchUp().ok());
  store::ClientViews v = Views();
  ASSERT_EQ(v.customers.size(), 1u);
  EXPECT_EQ(v.customers[0].order_count, 0);
  EXPECT_EQ(v.customers[0].name, "Zoë Ångström");
  EXPECT_EQ(v.indexed_texts[0], "zoë ångström\nzoe@x.io\n");
  EXPECT_TRUE(Differences(*store_, "acme").empty());
}

// Two Store objects on one database (a PostgreSQL database, or a SQLite file and its
// lock file) stand for two processes.
class LeaseTest : public StreamProcessorTest {};
class PostgresProcessorTest : public StreamProcessorTest {};

TEST_P(LeaseTest, OneProcessHoldsTheLeaseUntilItEnds) {
  auto other = tmp_.Open();
  EXPECT_TRUE(*store_->HoldProcessorLease());
  EXPECT_TRUE(*store_->HoldProcessorLease());  // still held
  EXPECT_FALSE(*other->HoldProcessorLease());
  store_.reset();  // the holder ends: its session closes
  bool taken = false;
  for (int i = 0; i < 100 && !taken; ++i) {
    taken = *other->HoldProcessorLease();
    if (!taken) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(taken);
}

TEST_P(LeaseTest, StandbyAppliesNothingAndTakesOverWhenTheActiveStops) {
  auto other = tmp_.Open();
  ProcessorOptions o;
  o.poll_interval = std::chrono::milliseconds(50);
  auto active = std::make_unique<Processor>(*store_, o);
  active->Start();
  ImportOrders(2);
  ASSERT_TRUE(active->WaitApplied(2, std::chrono::seconds(5)));
  Processor standby(*other, o);
  standby.Start();
  ImportOrders(2, 2);
  ASSERT_TRUE(active->WaitApplied(4, std::chrono::seconds(5)));
  EXPECT_EQ(standby.Lag().applied_events, 0);
  // The standby follows the shared checkpoint and head, and says it stands by.
  for (int i = 0; i < 200 && standby.AppliedSeq() < 4; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(standby.AppliedSeq(), 4);
  EXPECT_EQ(standby.HeadSeq(), 4);
  EXPECT_TRUE(active->Leading());
  EXPECT_FALSE(standby.Leading());
  EXPECT_TRUE(standby.Running());
  active.reset();  // stops and releases the lease
  ImportOrders(2, 4);
  EXPECT_TRUE(standby.WaitApplied(6, std::chrono::seconds(10)));
  EXPECT_EQ(standby.Lag().applied_events, 2);
  EXPECT_TRUE(standby.Leading());
  standby.Stop();
  EXPECT_TRUE(Differences(*store_, "acme").empty());
}

TEST_P(PostgresProcessorTest, WokenByAnotherProcessesCommits) {
  auto writer = tmp_.Open();
  ProcessorOptions o;
  o.poll_interval = std::chrono::seconds(30);  // only a notification can wake it in time
  Processor p(*store_, o);
  p.Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // LISTENing by now
  for (int i = 0; i < 3; ++i) {
    Order ord = NewOrder("acme", "W" + std::to_string(i), "w@x.io", kT, 100);
    ASSERT_TRUE(Import(*writer, "acme", {ord}).ok());
    EXPECT_TRUE(p.WaitApplied(i + 1, std::chrono::seconds(5))) << i;
  }
  p.Stop();
  EXPECT_TRUE(Differences(*store_, "acme").empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, StreamProcessorTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);
INSTANTIATE_TEST_SUITE_P(Stores, LeaseTest, ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);
INSTANTIATE_TEST_SUITE_P(Stores, PostgresProcessorTest, ::testing::Values(Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace packprod::stream
