// The writers' queue: a write asked ahead goes before the writes already waiting, and
// every waiting write still gets its turn, one at a time.
#include "store/sqlite/writer_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace packprod::store::sqlite {
namespace {

class WriterQueueTest : public ::testing::Test {
 protected:
  // Starts a thread that takes its turn, notes `name` and whether it was alone, and lets go.
  void Start(const std::string& name, bool ahead) {
    threads_.emplace_back([this, name, ahead] {
      WriterQueue::Hold turn(queue_, ahead);
      const int inside = ++inside_;
      {
        std::lock_guard<std::mutex> lock(mu_);
        order_.push_back(name);
        if (inside != 1) overlapped_ = true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      --inside_;
    });
  }
  // Until `n` writes wait (the holder is not one of them).
  void AwaitWaiting(int n) {
    while (queue_.Waiting() < n) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::vector<std::string> Finish() {
    for (auto& t : threads_) t.join();
    threads_.clear();
    return order_;
  }

  WriterQueue queue_;
  std::vector<std::thread> threads_;
  std::atomic<int> inside_{0};
  std::mutex mu_;
  std::vector<std::string> order_;
  bool overlapped_ = false;
};

TEST_F(WriterQueueTest, AWriteAskedAheadGoesBeforeTheWritesAlreadyWaiting) {
  queue_.Lock(false);  // an import holds the writer
  for (int i = 0; i < 4; ++i) Start("import" + std::to_string(i), false);
  AwaitWaiting(4);
  Start("processor", true);
  AwaitWaiting(5);
  queue_.Unlock();
  std::vector<std::string> order = Finish();
  ASSERT_EQ(order.size(), 5u);
  EXPECT_EQ(order.front(), "processor");
  EXPECT_FALSE(overlapped_);
}

TEST_F(WriterQueueTest, TwoWritesAheadBothGoBeforeTheOrdinaryOnes) {
  queue_.Lock(false);
  Start("import", false);
  AwaitWaiting(1);
  Start("ahead-a", true);
  Start("ahead-b", true);
  AwaitWaiting(3);
  queue_.Unlock();
  std::vector<std::string> order = Finish();
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(order.back(), "import");
  EXPECT_FALSE(overlapped_);
}

TEST_F(WriterQueueTest, AWriteAheadDoesNotTakeTheWriterFromItsHolder) {
  queue_.Lock(false);
  Start("ahead", true);
  AwaitWaiting(1);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  {
    std::lock_guard<std::mutex> lock(mu_);
    EXPECT_TRUE(order_.empty());
  }
  queue_.Unlock();
  EXPECT_EQ(Finish(), std::vector<std::string>{"ahead"});
}

TEST_F(WriterQueueTest, ManyWritersOfBothKindsEachGetOneTurnAtATime) {
  constexpr int kEach = 16;
  for (int i = 0; i < kEach; ++i) {
    Start("n" + std::to_string(i), false);
    Start("a" + std::to_string(i), true);
  }
  std::vector<std::string> order = Finish();
  EXPECT_EQ(order.size(), 2u * kEach);
  EXPECT_FALSE(overlapped_);
  EXPECT_EQ(queue_.Waiting(), 0);
}

}  // namespace
}  // namespace packprod::store::sqlite
