// Concurrent writes on a SQLite file: each is all or nothing on its own and counted
// once, whatever runs beside it (the contract any batching of the writer, such as a
// group commit, must keep: a failed write never fails or undoes its neighbours).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <vector>

#include "domain/ids.h"
#include "store/importer.h"
#include "store/store.h"

namespace packprod::store {
namespace {

namespace fs = std::filesystem;

ValidatedOrder MakeOrder(const std::string& ref) {
  Order o;
  o.client_id = "acme";
  o.reference = ref;
  o.order_id = OrderId("acme", ref);
  o.customer.email = "c" + std::to_string(ref.size() % 5) + "@x.y";
  o.contact_id = ContactId("acme", o.customer.email);
  o.created_at = 1000;
  o.status = OrderStatus::kCompleted;
  o.currency = "AUD";
  o.total = 500;
  o.items.push_back(OrderItem{"BOX-1", "Box", 2, 250, std::nullopt});
  return ValidatedOrder{o, {}};
}

class SqliteConcurrentWrites : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("packprod-concurrent-" + RandomHex(6));
    fs::create_directories(dir_);
    auto s = Store::Open("sqlite:" + (dir_ / "g.db").string());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    ClientSettings c;
    c.client_id = "acme";
    ASSERT_TRUE(store_->PutClient(c).ok());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  bool Present(const std::string& ref) {
    bool found = false;
    Status st = store_->Read([&](ReadTx& tx) -> Status {
      PP_ASSIGN_OR_RETURN(auto o, tx.GetOrder("acme", OrderId("acme", ref)));
      found = o.has_value();
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.ToString();
    return found;
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteConcurrentWrites, ConcurrentImportsOfOverlappingOrdersAreCreatedOnce) {
  // 8 batches of 50 orders, each sharing half of its orders with the next one.
  constexpr int kThreads = 8, kBatch = 50;
  std::atomic<int> created{0}, unchanged{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<ValidatedOrder> batch;
      for (int i = 0; i < kBatch; ++i) {
        batch.push_back(MakeOrder("R" + std::to_string(t * kBatch / 2 + i)));
      }
      auto out = ImportOrders(*store_, "acme", std::move(batch), 2000);
      if (!out.ok()) {
        ++failed;
        return;
      }
      created += out->created;
      unchanged += out->unchanged;
      EXPECT_EQ(out->items.size(), static_cast<size_t>(kBatch));
    });
  }
  for (auto& th : threads) th.join();
  const int distinct = (kThreads - 1) * kBatch / 2 + kBatch;  // 225
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(created.load(), distinct);
  EXPECT_EQ(unchanged.load(), kThreads * kBatch - distinct);
  auto head = store_->HeadSeq();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(*head, distinct);  // one change record per created order, none for a re-post
  for (int i = 0; i < distinct; ++i) EXPECT_TRUE(Present("R" + std::to_string(i))) << i;
}

TEST_F(SqliteConcurrentWrites, AFailedWriteIsUndoneAloneAndItsNeighboursCommit) {
  // The first write holds the writer until the others have been submitted, so that they
  // all queue behind it (with a group commit: run as one group).
  constexpr int kOthers = 9;
  std::atomic<int> submitted{0};
  std::vector<Status> results(kOthers + 1);
  std::vector<bool> threw(kOthers + 1, false);
  auto body = [&](int i) {
    return [&, i](WriteTx& tx) -> Status {
      if (i == 0) {
        while (submitted.load() < kOthers) std::this_thread::yield();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      std::vector<ValidatedOrder> one{MakeOrder("G" + std::to_string(i))};
      ImportOutcome out;
      PP_RETURN_IF_ERROR(ImportOrdersInTx(tx, "acme", one, 3000, &out));
      if (i % 3 == 1) return Status::InvalidArgument("refused after writing");
      if (i % 3 == 2 && i > 3) throw std::runtime_error("thrown after writing");
      return Status::Ok();
    };
  };
  std::vector<std::thread> threads;
  threads.emplace_back([&] { results[0] = store_->Write(body(0)); });
  for (int i = 1; i <= kOthers; ++i) {
    threads.emplace_back([&, i] {
      ++submitted;
      try {
        results[i] = store_->Write(body(i));
      } catch (const std::runtime_error&) {
        threw[i] = true;
      }
    });
  }
  for (auto& th : threads) th.join();
  std::int64_t kept = 0;
  for (int i = 0; i <= kOthers; ++i) {
    const bool refused = i % 3 == 1;
    const bool throws = i % 3 == 2 && i > 3;
    EXPECT_EQ(threw[i], throws) << i;
    if (refused) {
      EXPECT_EQ(results[i].code(), Status::Code::kInvalidArgument) << i;
    } else if (!throws) {
      EXPECT_TRUE(results[i].ok()) << i << ": " << results[i].ToString();
    }
    const bool committed = !refused && !throws;
    EXPECT_EQ(Present("G" + std::to_string(i)), committed) << i;
    if (committed) ++kept;
  }
  auto head = store_->HeadSeq();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(*head, kept);  // the undone writes left no change record either
}

}  // namespace
}  // namespace packprod::store
