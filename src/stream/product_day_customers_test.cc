// product_day_customers on both stores: through random creates, status flips, edits of
// items, days and e-mails, and deletes, applied by the processor in batches of random
// size, each product's distinct customers of every range of days (Store::FillProductDays)
// equal a brute-force count over the orders as stored, and `verify` finds the rows exact.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "stream/processor.h"
#include "stream/stream_test_util.h"

namespace packprod::stream {
namespace {

using testing::CreateClient;
using testing::Differences;
using testing::Import;
using testing::NewOrder;
using testing::RandomOrders;
using testing::TempStore;

constexpr const char* kClient = "acme";
constexpr const char* kZone = "Australia/Sydney";
constexpr int kDays = 12;
const std::vector<std::string> kCodes = {"A", "B", "C", "D"};

class ProductDayCustomersTest : public ::testing::TestWithParam<testing::Engine> {
 protected:
  // Orders on `days` local days from first_day_.
  explicit ProductDayCustomersTest(int days = kDays)
      : rng_(GetParam() == testing::Engine::kSqlite ? 5 : 6), days_(days) {}

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  // code -> contact -> local days of its counted orders holding the code.
  std::map<std::string, std::map<std::string, std::set<DayNumber>>> BruteDays(store::Store& st) {
    std::map<std::string, std::map<std::string, std::set<DayNumber>>> out;
    EXPECT_TRUE(st.ScanOrdersByContact(kClient, [&](Order&& o) {
                    if (!Counts(o.status)) return true;
                    for (const OrderItem& i : o.items) {
                      out[i.code][o.contact_id].insert(zone_.LocalDay(o.created_at));
                    }
                    return true;
                  }).ok());
    return out;
  }

  // FillProductDays for every range of days around the orders' days against the brute
  // force, for every code (and one never ordered).
  void ExpectEveryRangeExact(store::Store& st, int round) {
    const auto days = BruteDays(st);
    for (DayNumber a = first_day_ - 1; a <= first_day_ + days_; ++a) {
      for (DayNumber b = a; b <= first_day_ + days_; ++b) {
        std::vector<ProductAggregate> rows;
        for (const std::string& code : kCodes) rows.emplace_back().code = code;
        rows.emplace_back().code = "never";
        ASSERT_TRUE(st.FillProductDays(kClient, a, b, &rows).ok());
        for (const ProductAggregate& p : rows) {
          std::int64_t want = 0;
          auto it = days.find(p.code);
          if (it != days.end()) {
            for (const auto& [contact, ds] : it->second) {
              auto first = ds.lower_bound(a);
              if (first != ds.end() && *first <= b) ++want;
            }
          }
          ASSERT_EQ(p.customers, want)
              << "round " << round << " code " << p.code << " days " << a << ".." << b;
        }
      }
    }
  }

  // `rounds` rounds of `ops` random order changes, about one in four followed by a batch
  // of 1-20 records applied; after each round the views caught up, every range exact
  // and `verify` clean.
  void ChangeAndCheck(store::Store& st, int rounds, int ops) {
    ProcessorOptions opts;
    for (int round = 0; round < rounds; ++round) {
      for (int op = 0; op < ops; ++op) {
        ASSERT_NO_FATAL_FAILURE(orders_.Write(st));
        if (Int(0, 4) == 0) {
          opts.batch_size = Int(1, 20);
          ASSERT_TRUE(Processor(st, opts).ApplyBatch().ok());
        }
      }
      ASSERT_TRUE(Processor(st).CatchUp().ok());
      ASSERT_NO_FATAL_FAILURE(ExpectEveryRangeExact(st, round));
      EXPECT_EQ(Differences(st, kClient), std::vector<std::string>{}) << "round " << round;
    }
  }

  std::mt19937 rng_;
  TimeZone zone_ = *TimeZone::Find(kZone);
  DayNumber first_day_ = *ParseDate("2025-03-28");  // spans Sydney's April DST change
  int days_;
  RandomOrders orders_{rng_, {kClient, zone_, first_day_, days_, kCodes, 3, 40, 8, 9000}};
};

// The same over 50 days: ranges holding whole blocks of product_block_customers (16 days)
// and edge days around them, and ranges within one block.
class ProductBlockCustomersTest : public ProductDayCustomersTest {
 protected:
  ProductBlockCustomersTest() : ProductDayCustomersTest(50) {}
};

TEST_P(ProductDayCustomersTest, EveryRangeExactThroughRandomChanges) {
  TempStore tmp(GetParam());
  auto st = tmp.Open();
  CreateClient(*st, kClient, kZone);
  ASSERT_NO_FATAL_FAILURE(ChangeAndCheck(*st, 6, 40));
  // A rebuild writes the same rows.
  ASSERT_TRUE(RebuildClient(*st, kClient, nullptr).ok());
  ASSERT_NO_FATAL_FAILURE(ExpectEveryRangeExact(*st, -1));
  EXPECT_EQ(Differences(*st, kClient), std::vector<std::string>{});
}

TEST_P(ProductBlockCustomersTest, EveryRangeExactThroughRandomChanges) {
  TempStore tmp(GetParam());
  auto st = tmp.Open();
  CreateClient(*st, kClient, kZone);
  ASSERT_NO_FATAL_FAILURE(ChangeAndCheck(*st, 4, 60));
  // A store from before product_block_customers (its rows gone) gets them summed from
  // product_day_customers by BuildMissingViews, without a rebuild, and counts the same.
  ASSERT_TRUE(st->WriteViews([&](store::WriteTx& tx) -> Status {
                  for (const std::string& code : kCodes) {
                    for (DayNumber b = store::ProductBlockOf(first_day_);
                         b <= store::ProductBlockOf(first_day_ + days_); ++b) {
                      DayCustomers none;
                      none.day = b;
                      PP_RETURN_IF_ERROR(tx.PutProductBlockCustomers(kClient, code, none));
                    }
                  }
                  return Status::Ok();
                }).ok());
  EXPECT_FALSE(Differences(*st, kClient).empty());
  auto rebuilt = BuildMissingViews(*st);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  EXPECT_EQ(*rebuilt, 0);
  ASSERT_NO_FATAL_FAILURE(ExpectEveryRangeExact(*st, -2));
  EXPECT_EQ(Differences(*st, kClient), std::vector<std::string>{});
  // A rebuild writes the same rows.
  ASSERT_TRUE(RebuildClient(*st, kClient, nullptr).ok());
  ASSERT_NO_FATAL_FAILURE(ExpectEveryRangeExact(*st, -1));
  EXPECT_EQ(Differences(*st, kClient), std::vector<std::string>{});
}

// A row changed behind the processor's back is a difference `verify` names.
TEST_P(ProductDayCustomersTest, VerifyNamesADamagedRow) {
  TempStore tmp(GetParam());
  auto st = tmp.Open();
  CreateClient(*st, kClient, kZone);
  Order o = NewOrder(kClient, "R1", "a@shop.example", zone_.StartOfDay(first_day_) + 3600000,
                     500);
  OrderItem& item = o.items.emplace_back();
  item.code = "A";
  item.quantity = 1;
  item.unit_price = 500;
  ASSERT_TRUE(Import(*st, kClient, {o}).ok());
  ASSERT_TRUE(Processor(*st).CatchUp().ok());
  ASSERT_EQ(Differences(*st, kClient), std::vector<std::string>{});
  ASSERT_TRUE(st->WriteViews([&](store::WriteTx& tx) -> Status {
                  DayCustomers row;
                  row.day = first_day_;
                  row.firsts = 2;
                  return tx.PutProductDayCustomers(kClient, "A", row);
                }).ok());
  auto diffs = Differences(*st, kClient);
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_NE(diffs[0].find("product_day_customers A 2025-03-28"), std::string::npos) << diffs[0];
}

INSTANTIATE_TEST_SUITE_P(Stores, ProductDayCustomersTest,
                         ::testing::Values(testing::Engine::kSqlite, testing::Engine::kPostgres),
                         testing::EngineName);
INSTANTIATE_TEST_SUITE_P(Stores, ProductBlockCustomersTest,
                         ::testing::Values(testing::Engine::kSqlite, testing::Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace packprod::stream
