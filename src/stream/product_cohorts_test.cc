// The product-cohort views against each real store: a contact's first order (ties on
// createdAt by reference) and its cohorts follow edits of the first order's products,
// its cancellation and its deletion; verify names a wrong row; a store without the rows
// (an upgrade) is rebuilt once by BuildMissingViews.
#include "stream/product_cohorts.h"

#include <gtest/gtest.h>

#include "store/importer.h"
#include "stream/maintenance.h"
#include "stream/processor.h"
#include "stream/stream_test_util.h"

namespace packprod::stream {
namespace {

using testing::CreateClient;
using testing::Differences;
using testing::Engine;
using testing::Import;
using testing::NewOrder;
using testing::TempStore;

constexpr Millis kT = 1'750'000'000'000;  // 2025-06-16 in Sydney
constexpr Millis kDay = 86'400'000;

Order WithItems(Order o, std::vector<std::string> codes) {
  for (auto& c : codes) o.items.push_back(OrderItem{std::move(c), "Prod", 1, o.total, {}});
  return o;
}

class ProductCohortViewsTest : public ::testing::TestWithParam<Engine> {
 protected:
  ProductCohortViewsTest() : tmp_(GetParam()) {}
  void SetUp() override {
    store_ = tmp_.Open();
    CreateClient(*store_, "acme", "Australia/Sydney");
    june_ = MonthOfDay(TimeZone::Find("Australia/Sydney")->LocalDay(kT));
  }
  void CatchUp() {
    Processor p(*store_);
    ASSERT_TRUE(p.CatchUp().ok());
    EXPECT_EQ(Differences(*store_, "acme"), std::vector<std::string>{});
  }
  // contact e-mail -> (reference, codes) of its first order as the views hold it.
  std::map<std::string, std::pair<std::string, std::vector<std::string>>> Firsts() {
    std::map<std::string, std::pair<std::string, std::vector<std::string>>> out;
    for (const auto& [id, f] : testing::StoredViews(*store_, "acme").first_orders) {
      out[id == a_ ? "a" : id == b_ ? "b" : id] = {f.reference, f.codes};
    }
    return out;
  }
  ProductCohortCells Cells() { return testing::StoredViews(*store_, "acme").product_cohort_cells; }

  TempStore tmp_;
  std::unique_ptr<store::Store> store_;
  MonthNumber june_ = 0;
  const std::string a_ = ContactId("acme", "a@x.io"), b_ = ContactId("acme", "b@x.io");
};

TEST_P(ProductCohortViewsTest, FirstOrderMovesWithEditsCancellationsAndDeletes) {
  Order r1 = WithItems(NewOrder("acme", "R1", "a@x.io", kT, 1000), {"BOX", "TAPE", "BOX"});
  Order r2 = WithItems(NewOrder("acme", "R2", "a@x.io", kT + 40 * kDay, 700), {"WRAP"});
  // b: two orders at one instant; the smaller reference (R0) is the first.
  Order r3 = WithItems(NewOrder("acme", "R3", "b@x.io", kT, 300), {"WRAP"});
  Order r0 = WithItems(NewOrder("acme", "R0", "b@x.io", kT, 200), {"LBL"});
  ASSERT_TRUE(Import(*store_, "acme", {r1, r2, r3, r0}).ok());
  CatchUp();
  using Firsts_ = std::map<std::string, std::pair<std::string, std::vector<std::string>>>;
  EXPECT_EQ(Firsts(), (Firsts_{{"a", {"R1", {"BOX", "TAPE"}}}, {"b", {"R0", {"LBL"}}}}));
  ProductCohortCells want{{{"BOX", june_, june_}, {1, 1000}},
                          {{"BOX", june_, june_ + 1}, {1, 700}},
                          {{"TAPE", june_, june_}, {1, 1000}},
                          {{"TAPE", june_, june_ + 1}, {1, 700}},
                          {{"LBL", june_, june_}, {1, 500}}};
  EXPECT_EQ(Cells(), want);

  // The first order's products change: a moves to FOAM's cohort, months and all.
  r1.items.clear();
  ASSERT_TRUE(Import(*store_, "acme", {WithItems(r1, {"FOAM"})}).ok());
  CatchUp();
  EXPECT_EQ(Firsts()["a"], (std::pair<std::string, std::vector<std::string>>{"R1", {"FOAM"}}));
  // b's first order cancelled: R3 (WRAP) is its first.
  r0.status = OrderStatus::kCancelled;
  ASSERT_TRUE(Import(*store_, "acme", {r0}).ok());
  CatchUp();
  EXPECT_EQ(Firsts()["b"], (std::pair<std::string, std::vector<std::string>>{"R3", {"WRAP"}}));
  // a's first order deleted: R2 (WRAP, July) is its first; WRAP holds both.
  ASSERT_TRUE(store::DeleteOrder(*store_, "acme", r1.order_id, NowMillis()).ok());
  CatchUp();
  want = {{{"WRAP", june_, june_}, {1, 300}}, {{"WRAP", june_ + 1, june_ + 1}, {1, 700}}};
  EXPECT_EQ(Cells(), want);

  // verify names a wrong cell and a missing first order.
  ASSERT_TRUE(store_
                  ->WriteViews([&](store::WriteTx& tx) -> Status {
                    PP_RETURN_IF_ERROR(tx.PutFirstOrder("acme", b_, nullptr));
                    return tx.AddProductCohortCells("acme", {{{"WRAP", june_, june_}, {1, 5}}});
                  })
                  .ok());
  auto diff = Differences(*store_, "acme");
  ASSERT_EQ(diff.size(), 2u);
  EXPECT_NE(diff[0].find("contact_first_orders " + b_), std::string::npos) << diff[0];
  EXPECT_NE(diff[1].find("product_cohort_cells WRAP"), std::string::npos) << diff[1];

  // As a store from before the tables: no rows; BuildMissingViews rebuilds it once.
  ProductCohortCells minus;
  for (const auto& [key, c] : Cells()) minus[key] = CohortCell{-c.customers, -c.revenue};
  ASSERT_TRUE(store_
                  ->WriteViews([&](store::WriteTx& tx) -> Status {
                    PP_RETURN_IF_ERROR(tx.AddProductCohortCells("acme", minus));
                    return tx.PutFirstOrder("acme", a_, nullptr);
                  })
                  .ok());
  EXPECT_TRUE(Cells().empty());
  EXPECT_TRUE(Firsts().empty());
  auto rebuilt = BuildMissingViews(*store_);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().ToString();
  EXPECT_EQ(*rebuilt, 1);
  EXPECT_EQ(Cells(), want);
  EXPECT_EQ(Differences(*store_, "acme"), std::vector<std::string>{});
  EXPECT_EQ(*BuildMissingViews(*store_), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, ProductCohortViewsTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace packprod::stream
