// WriteTx::PrefetchViews and the pipelined writes of the view tables on every store (a
// SQLite file, SQLite in memory, a PostgreSQL database; only PostgreSQL reads ahead and
// pipelines, the others must answer the same without): rows read ahead answer as the
// store would, rows written after the read-ahead answer with what was written, another
// client's rows are not answered from them, and a write that fails fails its whole
// transaction even when the engine sent it without waiting.
#include <gtest/gtest.h>

#include "store/store_on_every_engine.h"

#include "domain/day_multiset.h"
#include "store/store.h"

namespace packprod::store {
namespace {

class ViewPrefetch : public StoreOnEveryEngine {
 protected:
  void SetUp() override {
    StoreOnEveryEngine::SetUp();
    if (HasFatalFailure()) return;
    for (const char* id : {"acme", "other"}) {
      ClientSettings c;
      c.client_id = id;
      ASSERT_TRUE(store_->PutClient(c).ok());
    }
  }
  static CustomerAggregate Customer(const std::string& id, std::int64_t orders) {
    CustomerAggregate c;
    c.contact_id = id;
    c.email = id + "@example.com";
    c.order_count = orders;
    c.total_spend = orders * 1000;
    c.first_order = 1'700'000'000'000;
    c.last_order = 1'700'000'000'000 + orders;
    c.last_order_reference = "R" + std::to_string(orders);
    c.last_updated = 5;
    return c;
  }
  static ProductView Product(const std::string& code, std::int64_t orders) {
    ProductView p;
    p.totals.code = code;
    p.totals.name = "Box " + code;
    p.totals.orders = orders;
    p.totals.units = orders * 2;
    p.totals.revenue = orders * 300;
    p.totals.customers = 1;
    p.name_at = 1;
    p.name_ref = "R1";
    return p;
  }
  static DayCustomers DayRow(DayNumber day, std::int64_t firsts) {
    DayCustomers d;
    d.day = day;
    d.firsts = firsts;
    return d;
  }
  static Account AccountRow(const std::string& id, std::int64_t orders) {
    Account a;
    a.account_id = id;
    a.key = "email:" + id + "@example.com";
    a.contacts = 1;
    a.totals.contact_id = id;
    a.totals.name = id + "@example.com";
    a.totals.order_count = orders;
    a.totals.total_spend = orders * 1000;
    a.totals.last_updated = 5;
    return a;
  }
  WriteTx::ViewKeys Keys() const {
    WriteTx::ViewKeys k;
    k.accounts = {"a1", "a2", "a1"};
    k.contacts = {"c1", "c2", "c3", "c1"};
    k.codes = {"P1", "P2"};
    k.product_days = {{"P1", 100}, {"P1", 101}};
    return k;
  }
};

TEST_P(ViewPrefetch, ReadAheadRowsAnswerAsTheStoreThroughWrites) {
  FirstOrder first{1'700'000'000'000, "R1", 640, {"P1"}};
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    PP_RETURN_IF_ERROR(tx.PutCustomerView("acme", Customer("c1", 2), nullptr));
                    PP_RETURN_IF_ERROR(tx.PutCustomerView("acme", Customer("c2", 1), nullptr));
                    PP_RETURN_IF_ERROR(tx.PutSpendDays("acme", "c1", "spend-c1"));
                    PP_RETURN_IF_ERROR(tx.PutSpendDays("acme", "c2", "spend-c2"));
                    PP_RETURN_IF_ERROR(tx.PutAccountMember("acme", "c1", "a1"));
                    PP_RETURN_IF_ERROR(tx.PutAccountView("acme", AccountRow("a1", 2)));
                    PP_RETURN_IF_ERROR(tx.PutFirstOrder("acme", "c1", &first));
                    PP_RETURN_IF_ERROR(tx.PutProductView("acme", Product("P1", 2)));
                    return tx.PutProductDayCustomers("acme", "P1", DayRow(100, 1));
                  })
                  .ok());

  Status st = store_->WriteViews([&](WriteTx& tx) -> Status {
    PP_RETURN_IF_ERROR(tx.PrefetchViews("acme", Keys()));
    // As stored, present or absent.
    auto c1 = tx.GetCustomerView("acme", "c1");
    EXPECT_TRUE(c1.ok() && c1->has_value() && (*c1)->order_count == 2 &&
                (*c1)->last_order_reference == "R2");
    EXPECT_FALSE(tx.GetCustomerView("acme", "c3")->has_value());
    EXPECT_EQ(*tx.GetSpendDays("acme", "c1"), std::optional<std::string>("spend-c1"));
    EXPECT_EQ(*tx.GetSpendDays("acme", "c2"), std::optional<std::string>("spend-c2"));
    EXPECT_FALSE(tx.GetSpendDays("acme", "c3")->has_value());
    EXPECT_EQ(*tx.GetAccountOf("acme", "c1"), std::optional<std::string>("a1"));
    EXPECT_FALSE(tx.GetAccountOf("acme", "c2")->has_value());
    auto a1 = tx.GetAccountView("acme", "a1");
    EXPECT_TRUE(a1.ok() && a1->has_value() && (*a1)->totals.order_count == 2 &&
                (*a1)->key == "email:a1@example.com");
    EXPECT_FALSE(tx.GetAccountView("acme", "a2")->has_value());
    EXPECT_FALSE(tx.GetAccountView("other", "a1")->has_value());
    EXPECT_EQ(*tx.GetFirstOrder("acme", "c1"), std::optional<FirstOrder>(first));
    EXPECT_FALSE(tx.GetContactProduct("acme", "c1", "P1")->has_value());
    auto p1 = tx.GetProductView("acme", "P1");
    EXPECT_TRUE(p1.ok() && p1->has_value() && (*p1)->totals.revenue == 600);
    EXPECT_FALSE(tx.GetProductView("acme", "P2")->has_value());
    EXPECT_EQ(*tx.GetProductDayCustomers("acme", "P1", 100),
              std::optional<DayCustomers>(DayRow(100, 1)));
    EXPECT_FALSE(tx.GetProductDayCustomers("acme", "P1", 101)->has_value());
    // Another client's rows are its own.
    EXPECT_FALSE(tx.GetCustomerView("other", "c1")->has_value());
    EXPECT_FALSE(tx.GetProductView("other", "P1")->has_value());

    // Written after the read-ahead: read back as written.
    CustomerAggregate c1_now = Customer("c1", 3);
    PP_RETURN_IF_ERROR(tx.PutCustomerView("acme", c1_now, &**c1));
    PP_RETURN_IF_ERROR(tx.PutCustomerView("acme", Customer("c3", 1), nullptr));
    PP_RETURN_IF_ERROR(tx.PutSpendDays("acme", "c1", "spend-c1b"));
    PP_RETURN_IF_ERROR(tx.PutSpendDays("acme", "c2", ""));  // removes the row
    PP_RETURN_IF_ERROR(tx.PutAccountMember("acme", "c2", "a2"));
    PP_RETURN_IF_ERROR(tx.DeleteAccountView("acme", "a1"));
    PP_RETURN_IF_ERROR(tx.PutAccountView("acme", AccountRow("a2", 3)));
    PP_RETURN_IF_ERROR(tx.PutFirstOrder("acme", "c1", nullptr));
    ContactProduct cp;
    cp.contact_id = "c1";
    cp.code = "P1";
    cp.units = 4;
    cp.orders = 1;
    cp.first_ref = cp.last_ref = "R3";
    PP_RETURN_IF_ERROR(tx.PutContactProduct("acme", cp));
    PP_RETURN_IF_ERROR(tx.DeleteProductView("acme", "P1"));
    PP_RETURN_IF_ERROR(tx.PutProductView("acme", Product("P2", 1)));
    PP_RETURN_IF_ERROR(tx.PutProductDayCustomers("acme", "P1", DayRow(101, 2)));

    auto c1_read = tx.GetCustomerView("acme", "c1");
    EXPECT_TRUE(c1_read.ok() && c1_read->has_value() && (*c1_read)->order_count == 3);
    EXPECT_TRUE(tx.GetCustomerView("acme", "c3")->has_value());
    EXPECT_EQ(*tx.GetSpendDays("acme", "c1"), std::optional<std::string>("spend-c1b"));
    EXPECT_FALSE(tx.GetSpendDays("acme", "c2")->has_value());
    EXPECT_EQ(*tx.GetAccountOf("acme", "c2"), std::optional<std::string>("a2"));
    EXPECT_FALSE(tx.GetAccountView("acme", "a1")->has_value());
    auto a2 = tx.GetAccountView("acme", "a2");
    EXPECT_TRUE(a2.ok() && a2->has_value() && (*a2)->totals.order_count == 3);
    EXPECT_FALSE(tx.GetFirstOrder("acme", "c1")->has_value());
    auto cp_read = tx.GetContactProduct("acme", "c1", "P1");
    EXPECT_TRUE(cp_read.ok() && cp_read->has_value() && (*cp_read)->units == 4);
    EXPECT_FALSE(tx.GetProductView("acme", "P1")->has_value());
    EXPECT_TRUE(tx.GetProductView("acme", "P2")->has_value());
    EXPECT_EQ(*tx.GetProductDayCustomers("acme", "P1", 101),
              std::optional<DayCustomers>(DayRow(101, 2)));
    // A second read-ahead of the same keys reads what this transaction wrote.
    PP_RETURN_IF_ERROR(tx.PrefetchViews("acme", Keys()));
    EXPECT_EQ((*tx.GetCustomerView("acme", "c1"))->order_count, 3);
    EXPECT_FALSE(tx.GetProductView("acme", "P1")->has_value());
    EXPECT_EQ((*tx.GetAccountView("acme", "a2"))->totals.order_count, 3);
    EXPECT_FALSE(tx.GetAccountView("acme", "a1")->has_value());
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.ToString();

  // Committed as written.
  auto c1 = store_->FindCustomerView("acme", "c1");
  ASSERT_TRUE(c1.ok() && c1->has_value());
  EXPECT_EQ((*c1)->order_count, 3);
  EXPECT_FALSE(store_->FindProductView("acme", "P1")->has_value());
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) -> Status {
                    EXPECT_FALSE(tx.GetAccountView("acme", "a1")->has_value());
                    auto a2 = tx.GetAccountView("acme", "a2");
                    EXPECT_TRUE(a2.ok() && a2->has_value() && (*a2)->totals.order_count == 3);
                    return Status::Ok();
                  })
                  .ok());
}

TEST_P(ViewPrefetch, AFailedWriteFailsItsTransactionEvenWhenSentWithoutWaiting) {
  ASSERT_TRUE(store_
                  ->WriteViews([&](WriteTx& tx) {
                    return tx.PutCustomerView("acme", Customer("c1", 1), nullptr);
                  })
                  .ok());
  int attempts = 0;
  Status st = store_->WriteViews([&](WriteTx& tx) -> Status {
    ++attempts;
    PP_RETURN_IF_ERROR(tx.PutProductView("acme", Product("P9", 1)));
    // c1 has a row: inserting it again breaks the primary key. An engine that pipelines
    // writes reports it later, at the latest when the transaction commits.
    Status dup = tx.PutCustomerView("acme", Customer("c1", 1), nullptr);
    if (!dup.ok()) return dup;
    return tx.PutProductView("acme", Product("P8", 1));
  });
  EXPECT_FALSE(st.ok());
  EXPECT_GE(attempts, 1);
  // Nothing of it committed.
  EXPECT_FALSE(store_->FindProductView("acme", "P9")->has_value());
  EXPECT_FALSE(store_->FindProductView("acme", "P8")->has_value());
  // The store goes on working (its connection left clean).
  EXPECT_TRUE(
      store_->WriteViews([&](WriteTx& tx) { return tx.PutProductView("acme", Product("P7", 1)); })
          .ok());
  EXPECT_TRUE(store_->FindProductView("acme", "P7")->has_value());
}

INSTANTIATE_TEST_SUITE_P(Stores, ViewPrefetch,
                         ::testing::Values("file", "sqlite::memory:", "postgres"), EngineName);

}  // namespace
}  // namespace packprod::store
