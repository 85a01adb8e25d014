// The product-cohort view tables (store/sql/views_product_cohorts.cc) on every store: a
// SQLite file, SQLite in memory and a PostgreSQL database. The first counted order read
// from the orders (ties by reference, codes distinct), the contact_first_orders rows, and
// product_cohort_cells kept by signed deltas (a cell reaching zero goes; below zero fails
// and writes nothing).
#include <gtest/gtest.h>

#include "store/store_on_every_engine.h"

#include <filesystem>

#include "domain/ids.h"
#include "store/importer.h"
#include "store/postgres/test_db.h"
#include "store/store.h"

namespace packprod::store {
namespace {

ValidatedOrder MakeOrder(const std::string& ref, const std::string& email, Millis t,
                         std::vector<std::string> codes, OrderStatus st = OrderStatus::kCompleted) {
  Order o;
  o.client_id = "acme";
  o.reference = ref;
  o.order_id = OrderId("acme", ref);
  o.customer.email = email;
  o.contact_id = ContactId("acme", email);
  o.created_at = t;
  o.status = st;
  o.currency = "AUD";
  o.total = 1000;
  for (auto& c : codes) o.items.push_back(OrderItem{std::move(c), "P", 1, 1000, std::nullopt});
  return ValidatedOrder{o, {}};
}

class ProductCohortTables : public StoreOnEveryEngine {
 protected:
  void SetUp() override {
    StoreOnEveryEngine::SetUp();
    if (HasFatalFailure()) return;
    PutClients({"acme"});
  }
};

TEST_P(ProductCohortTables, FirstCountedOrderIsTheLeastCreatedAtThenReference) {
  const std::string a = ContactId("acme", "a@x.y");
  ASSERT_TRUE(ImportOrders(*store_, "acme",
                           {MakeOrder("R0", "a@x.y", 50, {"LID"}, OrderStatus::kCancelled),
                            MakeOrder("R2", "a@x.y", 100, {"TAPE"}),
                            MakeOrder("R1", "a@x.y", 100, {"BOX", "TAPE", "BOX"}),
                            MakeOrder("A9", "a@x.y", 101, {"WRAP"})},
                           1000)
                  .ok());
  std::optional<FirstOrder> got, none;
  ASSERT_TRUE(store_
                  ->Read([&](ReadTx& tx) -> Status {
                    PP_ASSIGN_OR_RETURN(got, tx.FirstCountedOrder("acme", a));
                    PP_ASSIGN_OR_RETURN(none, tx.FirstCountedOrder("acme", "nobody"));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, (FirstOrder{100, "R1", 0, {"BOX", "TAPE"}}));
  EXPECT_FALSE(none.has_value());
}

TEST_P(ProductCohortTables, RowsAndCellsAreKeptByDeltas) {
  const FirstOrder f{100, "R1", 24300, {"BOX \"L\"", "TAPE"}};
  ProductCohortCells plus{{{"BOX", 24300, 24300}, {2, 1500}},
                          {{"BOX", 24300, 24302}, {1, 200}},
                          {{"TAPE", 24301, 24301}, {1, 90}}};
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    PP_RETURN_IF_ERROR(tx.PutFirstOrder("acme", "c1", &f));
                    PP_RETURN_IF_ERROR(tx.PutFirstOrder("acme", "c2", &f));
                    PP_RETURN_IF_ERROR(tx.PutFirstOrder("acme", "c2", nullptr));
                    return tx.AddProductCohortCells("acme", plus);
                  })
                  .ok());
  EXPECT_EQ(*store_->FirstOrderView("acme", "c1"), f);
  EXPECT_FALSE(store_->FirstOrderView("acme", "c2")->has_value());
  EXPECT_EQ(
      *store_->ReadProductCohortViews("acme", 24300, 24300),
      (ProductCohortCells{{{"BOX", 24300, 24300}, {2, 1500}}, {{"BOX", 24300, 24302}, {1, 200}}}));
  // A cell reaching zero customers goes; one below zero fails and writes nothing.
  ProductCohortCells minus{{{"BOX", 24300, 24302}, {-1, -200}}, {{"TAPE", 24301, 24301}, {0, 10}}};
  ASSERT_TRUE(
      store_->WriteViews([&](WriteTx& tx) { return tx.AddProductCohortCells("acme", minus); })
          .ok());
  ProductCohortCells want{{{"BOX", 24300, 24300}, {2, 1500}}, {{"TAPE", 24301, 24301}, {1, 100}}};
  EXPECT_EQ(*store_->ReadProductCohortViews("acme", INT32_MIN, INT32_MAX), want);
  Status below = store_->WriteViews([&](WriteTx& tx) -> Status {
    PP_RETURN_IF_ERROR(tx.PutFirstOrder("acme", "c1", nullptr));
    return tx.AddProductCohortCells("acme", {{{"TAPE", 24301, 24301}, {-2, 0}}});
  });
  EXPECT_EQ(below.code(), Status::Code::kInternal);
  EXPECT_EQ(*store_->ReadProductCohortViews("acme", INT32_MIN, INT32_MAX), want);
  EXPECT_TRUE(store_->FirstOrderView("acme", "c1")->has_value());
  // ReadViews hands both over; ClearViews removes them.
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    PP_ASSIGN_OR_RETURN(ClientViews v, tx.ReadViews("acme"));
                    EXPECT_EQ(v.product_cohort_cells, want);
                    EXPECT_EQ(v.first_orders.size(), 1u);
                    PP_RETURN_IF_ERROR(tx.ClearViews("acme"));
                    PP_ASSIGN_OR_RETURN(v, tx.ReadViews("acme"));
                    EXPECT_TRUE(v.product_cohort_cells.empty() && v.first_orders.empty());
                    return Status::Ok();
                  })
                  .ok());
}

INSTANTIATE_TEST_SUITE_P(Stores, ProductCohortTables,
                         ::testing::Values("file", "sqlite::memory:", "postgres"), EngineName);

}  // namespace
}  // namespace packprod::store
