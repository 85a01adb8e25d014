// Property: whatever the sequence of creates, updates, status changes, deletes, changed
// e-mails and changed items over several clients (time-zone edges, equal timestamps),
// and wherever the processor is run, failed, or killed and restarted in between, the
// views end exactly equal to a recomputation from the orders (`verify`).
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "stream/processor.h"
#include "stream/stream_test_util.h"

namespace packprod::stream {
namespace {

using testing::CreateClient;
using testing::Differences;
using testing::Import;
using testing::NewOrder;
using testing::TempStore;

struct ClientSpec {
  std::string id, tz;
};
const std::vector<ClientSpec> kClients = {{"syd", "Australia/Sydney"},
                                          {"nyc", "America/New_York"},
                                          {"utc", "UTC"},
                                          {"cht", "Pacific/Chatham"}};

// Instants around local midnights and the 2025 daylight-saving changes of `tz`, few
// enough that equal timestamps are common.
std::vector<Millis> EdgeInstants(const std::string& tz_name) {
  TimeZone tz = *TimeZone::Find(tz_name);
  std::vector<Millis> out;
  for (const char* day : {"2025-03-09", "2025-04-06", "2025-10-05", "2025-11-02"}) {
    Millis midnight = tz.StartOfDay(*ParseDate(day));
    for (Millis delta : {-1LL, 0LL, 1LL, 3'600'000LL, 9'000'000LL, -3'600'000LL}) {
      out.push_back(midnight + delta);
    }
  }
  return out;
}

class RandomShop {
 public:
  explicit RandomShop(unsigned seed) : rng_(seed) {
    for (const auto& c : kClients) instants_[c.id] = EdgeInstants(c.tz);
  }

  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng_)];
  }
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  double Real() { return std::uniform_real_distribution<double>(0, 1)(rng_); }

  const ClientSpec& Client() { return Pick(kClients); }
  std::string Ref() { return "R" + std::to_string(Int(0, 29)); }
  std::string Email() { return "p" + std::to_string(Int(0, 5)) + "@shop.example"; }
  OrderStatus Status() { return static_cast<OrderStatus>(Int(0, kOrderStatusCount - 1)); }
  Millis Instant(const std::string& client) { return Pick(instants_[client]); }

  std::vector<OrderItem> Items() {
    static const std::vector<std::optional<std::string>> kNames = {std::nullopt, "", "Box",
                                                                   "BOX large", "Zoë's tape"};
    std::vector<OrderItem> items(static_cast<std::size_t>(Int(0, 3)));
    for (OrderItem& i : items) {
      i.code = std::string(1, static_cast<char>('A' + Int(0, 4)));
      i.name = Pick(kNames);
      i.quantity = Int(1, 5);
      i.unit_price = Int(0, 900);
      if (Int(0, 3) == 0) i.line_total = Int(0, 5000);
    }
    return items;
  }

  Order NewRandomOrder(const std::string& client, const std::string& ref) {
    static const std::vector<std::optional<std::string>> kPeople = {std::nullopt, "", "Ann",
                                                                    "ANN Lee", "Zoë"};
    static const std::vector<std::optional<std::string>> kCompanies = {std::nullopt, "Acme",
                                                                       "Åsa AB"};
    Order o = NewOrder(client, ref, Email(), Instant(client), Int(0, 200000), Status());
    o.customer.name = Pick(kPeople);
    o.customer.company = Pick(kCompanies);
    o.items = Items();
    return o;
  }

  // Changes one aspect of an existing order (or the whole of it).
  void Mutate(Order& o) {
    switch (Int(0, 4)) {
      case 0:
        o.status = Status();
        break;
      case 1:
        o.customer.email = Email();
        o.contact_id = ContactId(o.client_id, o.customer.email);
        break;
      case 2:
        o.items = Items();
        break;
      case 3:
        o.created_at = Instant(o.client_id);
        break;
      default:
        o.total = Int(0, 200000);
        break;
    }
  }

 private:
  std::mt19937 rng_;
  std::map<std::string, std::vector<Millis>> instants_;
};

// One random write: import 1-3 new or mutated orders, or delete one.
void RandomWrite(RandomShop& shop, store::Store& st) {
  const ClientSpec& c = shop.Client();
  if (shop.Int(0, 9) == 0) {
    store::DeleteOrder(st, c.id, OrderId(c.id, shop.Ref()), NowMillis());  // NotFound is fine
    return;
  }
  std::vector<Order> batch;
  for (int n = shop.Int(1, 3); n > 0; --n) {
    std::string ref = shop.Ref();
    auto existing = st.GetOrder(c.id, OrderId(c.id, ref));
    ASSERT_TRUE(existing.ok());
    if (*existing && shop.Int(0, 2) != 0) {
      Order o = **existing;
      shop.Mutate(o);
      batch.push_back(std::move(o));
    } else {
      batch.push_back(shop.NewRandomOrder(c.id, ref));
    }
  }
  Status s = Import(st, c.id, std::move(batch));
  ASSERT_TRUE(s.ok()) << s.ToString();
}

void ExpectExact(store::Store& st) {
  for (const auto& c : kClients) {
    auto diffs = Differences(st, c.id);
    EXPECT_TRUE(diffs.empty()) << c.id << ": " << diffs.size()
                               << " differences, first: " << (diffs.empty() ? "" : diffs.front());
  }
}

class StreamProperty : public ::testing::TestWithParam<std::tuple<testing::Engine, unsigned>> {};

TEST_P(StreamProperty, ViewsStayExactThroughFailuresAndRestarts) {
  TempStore tmp(std::get<0>(GetParam()));
  RandomShop shop(std::get<1>(GetParam()));
  auto st = tmp.Open();
  for (const auto& c : kClients) CreateClient(*st, c.id, c.tz);
  auto make = [&shop](store::Store& s) {
    ProcessorOptions o;
    o.batch_size = shop.Int(1, 40);
    return std::make_unique<Processor>(s, o);
  };
  auto processor = make(*st);
  int failures = 0, restarts = 0;
  for (int op = 0; op < 1500; ++op) {
    ASSERT_NO_FATAL_FAILURE(RandomWrite(shop, *st));
    double r = shop.Real();
    if (r < 0.3) {
      auto n = processor->ApplyBatch();
      ASSERT_TRUE(n.ok()) << n.status().ToString();
    } else if (r < 0.33) {
      ProcessorOptions o;
      o.batch_size = shop.Int(1, 40);
      o.before_checkpoint = [] { return Status::Unavailable("injected failure"); };
      auto n = Processor(*st, o).ApplyBatch();
      if (n.ok()) {
        EXPECT_EQ(*n, 0);  // nothing pending: no batch, no hook
      } else {
        ++failures;
      }
    } else if (r < 0.36) {
      processor.reset();
      st = tmp.Open();
      processor = make(*st);
      ++restarts;
    } else if (r < 0.365) {
      ASSERT_TRUE(RebuildClient(*st, shop.Client().id, nullptr).ok());
    } else if (r < 0.37) {
      const std::string& id = shop.Client().id;
      EXPECT_TRUE(Differences(*st, id).empty()) << id << " at op " << op;
    }
  }
  ASSERT_TRUE(processor->CatchUp().ok());
  EXPECT_GT(failures, 0);
  EXPECT_GT(restarts, 0);
  ExpectExact(*st);
}

INSTANTIATE_TEST_SUITE_P(Seeds, StreamProperty,
                         ::testing::Combine(::testing::Values(testing::Engine::kSqlite,
                                                              testing::Engine::kPostgres),
                                            ::testing::Values(1u, 2u)),
                         [](const auto& info) {
                           return std::string(std::get<0>(info.param) == testing::Engine::kSqlite
                                                  ? "Sqlite"
                                                  : "Postgres") +
                                  std::to_string(std::get<1>(info.param));
                         });

class StreamPropertyConcurrent : public ::testing::TestWithParam<testing::Engine> {};

// On PostgreSQL the processor lease keeps one of the two applying at a time.
TEST_P(StreamPropertyConcurrent, TwoRunningProcessorsBesideAWriter) {
  TempStore tmp(GetParam());
  RandomShop shop(7);
  auto writer = tmp.Open();
  for (const auto& c : kClients) CreateClient(*writer, c.id, c.tz);
  auto second = tmp.Open();
  ProcessorOptions o;
  o.batch_size = 16;
  o.max_batch_size = 32;  // small batches even when behind: many batch boundaries
  o.poll_interval = std::chrono::milliseconds(20);
  Processor a(*writer, o);
  Processor b(*second, o);
  a.Start();
  b.Start();
  for (int op = 0; op < 400; ++op) ASSERT_NO_FATAL_FAILURE(RandomWrite(shop, *writer));
  std::int64_t head = *writer->HeadSeq();
  EXPECT_TRUE(a.WaitApplied(head, std::chrono::seconds(30)));
  EXPECT_TRUE(b.WaitApplied(head, std::chrono::seconds(30)));
  a.Stop();
  b.Stop();
  EXPECT_EQ(a.Lag().applied_events + b.Lag().applied_events, head);
  ExpectExact(*writer);
}

INSTANTIATE_TEST_SUITE_P(Stores, StreamPropertyConcurrent,
                         ::testing::Values(testing::Engine::kSqlite, testing::Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace packprod::stream
