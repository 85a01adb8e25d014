// The change feed against each real store: every write path's changes are reported once,
// in seq order, from where the feed started; the applied position follows any processor
// (here another Store object, as another process); a second store object (another
// instance) sees the same records.
#include "stream/change_feed.h"

#include <gtest/gtest.h>

#include "stream/processor.h"
#include "stream/stream_test_util.h"

namespace packprod::stream {
namespace {

using testing::CreateClient;
using testing::Engine;
using testing::Import;
using testing::NewOrder;
using testing::TempStore;

constexpr Millis kT = 1'750'000'000'000;

TEST(SummariseChangesTest, PerClientDistinctIdsAndCounts) {
  auto image = [](const std::string& contact) {
    return std::optional<std::string>(R"({"contactID":")" + contact + R"("})");
  };
  std::vector<store::ChangeRecord> records = {
      {1, "acme", "o1", store::ChangeOp::kInsert, std::nullopt, image("c1"), 0},
      {2, "other", "o9", store::ChangeOp::kInsert, std::nullopt, image("c9"), 0},
      {3, "acme", "o1", store::ChangeOp::kModify, image("c1"), image("c2"), 0},
      {4, "acme", "o2", store::ChangeOp::kRemove, image("c1"), std::nullopt, 0},
      {5, "acme", "o3", store::ChangeOp::kInsert, std::nullopt, std::string("not json"), 0},
  };
  std::vector<FeedBatch> out = SummariseChanges(records);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].client, "acme");
  EXPECT_EQ(out[0].seq, 5);
  EXPECT_EQ(out[0].order_ids, (std::vector<std::string>{"o1", "o2", "o3"}));
  EXPECT_EQ(out[0].contact_ids, (std::vector<std::string>{"c1", "c2"}));
  EXPECT_EQ(out[0].created, 2);
  EXPECT_EQ(out[0].updated, 1);
  EXPECT_EQ(out[0].removed, 1);
  EXPECT_EQ(out[1].client, "other");
  EXPECT_EQ(out[1].seq, 2);
  EXPECT_EQ(out[1].order_ids, std::vector<std::string>{"o9"});
}

class ChangeFeedTest : public ::testing::TestWithParam<Engine> {
 protected:
  ChangeFeedTest() : tmp_(GetParam()) {}
  void SetUp() override {
    store_ = tmp_.Open();
    CreateClient(*store_, "acme", "Australia/Sydney");
  }
  Order At(int i, const std::string& email) {
    return NewOrder("acme", "R" + std::to_string(i), email, kT + i * 60'000LL, 1000 + i);
  }
  ChangeFeedOptions Recording() {
    ChangeFeedOptions o;
    o.batch = 2;  // several store reads per poll
    o.on_committed = [this](const FeedBatch& b) { committed_.push_back(b); };
    o.on_applied = [this](const FeedBatch& b) { applied_.push_back(b); };
    return o;
  }
  int Sum(const std::vector<FeedBatch>& v, int FeedBatch::*field) {
    int n = 0;
    for (const FeedBatch& b : v) n += b.*field;
    return n;
  }

  TempStore tmp_;
  std::unique_ptr<store::Store> store_;
  std::vector<FeedBatch> committed_, applied_;
};

TEST_P(ChangeFeedTest, ReportsEveryChangeOnceFromWhereItStarted) {
  ASSERT_TRUE(Import(*store_, "acme", {At(0, "a@x.io")}).ok());  // before the feed: not reported
  ChangeFeed feed(*store_, Recording());
  ASSERT_TRUE(Import(*store_, "acme", {At(1, "a@x.io"), At(2, "b@x.io"), At(3, "c@x.io")}).ok());
  Order changed = At(1, "a@x.io");
  changed.total = 5;
  ASSERT_TRUE(Import(*store_, "acme", {changed}).ok());
  ASSERT_TRUE(Import(*store_, "acme", {changed}).ok());  // unchanged: no record
  ASSERT_TRUE(store::DeleteOrder(*store_, "acme", OrderId("acme", "R2"), kT).ok());
  ASSERT_TRUE(feed.Poll().ok());
  ASSERT_TRUE(feed.Poll().ok());  // nothing new: nothing reported twice
  EXPECT_EQ(Sum(committed_, &FeedBatch::created), 3);
  EXPECT_EQ(Sum(committed_, &FeedBatch::updated), 1);
  EXPECT_EQ(Sum(committed_, &FeedBatch::removed), 1);
  EXPECT_EQ(committed_.back().seq, *store_->HeadSeq());
  EXPECT_EQ(feed.committed_seq(), *store_->HeadSeq());
  EXPECT_TRUE(applied_.empty()) << "no processor has applied anything";
}

TEST_P(ChangeFeedTest, FollowsWhatAnotherProcessApplies) {
  ChangeFeed feed(*store_, Recording());
  ASSERT_TRUE(Import(*store_, "acme", {At(1, "a@x.io"), At(2, "b@x.io")}).ok());
  auto other = tmp_.Open();  // another process's processor
  Processor processor(*other);
  ASSERT_TRUE(processor.CatchUp().ok());
  ASSERT_TRUE(feed.Poll().ok());
  EXPECT_EQ(Sum(applied_, &FeedBatch::created), 2);
  EXPECT_EQ(applied_.back().contact_ids.size(), 2u);
  EXPECT_EQ(feed.applied_seq(), processor.AppliedSeq());
}

TEST_P(ChangeFeedTest, RunningFeedHearsAnotherStoreObjectsImport) {
  ChangeFeedOptions o = Recording();
  std::mutex mu;
  std::condition_variable cv;
  int created = 0;
  o.on_committed = [&](const FeedBatch& b) {
    std::lock_guard<std::mutex> lock(mu);
    created += b.created;
    cv.notify_all();
  };
  o.on_applied = nullptr;
  ChangeFeed feed(*store_, o);
  feed.Start();
  auto other = tmp_.Open();  // another instance's import
  ASSERT_TRUE(Import(*other, "acme", {At(1, "a@x.io")}).ok());
  std::unique_lock<std::mutex> lock(mu);
  EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return created == 1; }));
  lock.unlock();
  feed.Stop();
}

INSTANTIATE_TEST_SUITE_P(Stores, ChangeFeedTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace packprod::stream
