// Conformance of product_day_customers and product_block_customers (SqlTx, written once
// over sql::Session) on a SQLite file, SQLite in memory and PostgreSQL: rows by (client,
// code, day or block), ranges by day, a row without customers deleted, and
// Store::FillProductDays counting from the rows: whole blocks from their block rows, the
// other days from their day rows.
#include <gtest/gtest.h>

#include "store/store_on_every_engine.h"

#include <filesystem>

#include "domain/ids.h"
#include "store/postgres/test_db.h"
#include "store/store.h"

namespace packprod::store {
namespace {

class ProductDayCustomersStore : public StoreOnEveryEngine {
 protected:
  Status Put(const std::string& client, const std::string& code, const DayCustomers& row) {
    return store_->WriteViews(
        [&](WriteTx& tx) { return tx.PutProductDayCustomers(client, code, row); });
  }
  Status PutBlock(const std::string& client, const std::string& code, const DayCustomers& row) {
    return store_->WriteViews(
        [&](WriteTx& tx) { return tx.PutProductBlockCustomers(client, code, row); });
  }
  std::optional<DayCustomers> GetBlock(const std::string& client, const std::string& code,
                                       DayNumber block) {
    std::optional<DayCustomers> out;
    EXPECT_TRUE(store_->Read([&](ReadTx& tx) -> Status {
                      PP_ASSIGN_OR_RETURN(out, tx.GetProductBlockCustomers(client, code, block));
                      return Status::Ok();
                    }).ok());
    return out;
  }
  std::int64_t Customers(const std::string& code, DayNumber from, DayNumber to) {
    std::vector<ProductAggregate> rows(1);
    rows[0].code = code;
    EXPECT_TRUE(store_->FillProductDays("acme", from, to, &rows).ok());
    return rows[0].customers;
  }
  std::vector<DayCustomers> Range(const std::string& client, const std::string& code,
                                  DayNumber from, DayNumber to) {
    std::vector<DayCustomers> out;
    EXPECT_TRUE(store_->Read([&](ReadTx& tx) -> Status {
                      PP_ASSIGN_OR_RETURN(out, tx.ReadProductDayCustomers(client, code, from, to));
                      return Status::Ok();
                    }).ok());
    return out;
  }
  std::optional<DayCustomers> Get(const std::string& client, const std::string& code,
                                  DayNumber day) {
    std::optional<DayCustomers> out;
    EXPECT_TRUE(store_->Read([&](ReadTx& tx) -> Status {
                      PP_ASSIGN_OR_RETURN(out, tx.GetProductDayCustomers(client, code, day));
                      return Status::Ok();
                    }).ok());
    return out;
  }

};

TEST_P(ProductDayCustomersStore, RowsByCodeAndDay) {
  // Product A: day 20000 two first buyers; day 20003 one first, two back (last seen on
  // 20000 and 19990). Product B and another client's A on the same days.
  const DayCustomers a1 = DayCustomersRow(20000, 2, {});
  const DayCustomers a2 = DayCustomersRow(20003, 1, {19990, 20000});
  ASSERT_TRUE(Put("acme", "A", a1).ok());
  ASSERT_TRUE(Put("acme", "A", a2).ok());
  ASSERT_TRUE(Put("acme", "B", DayCustomersRow(20000, 1, {})).ok());
  ASSERT_TRUE(Put("globex", "A", DayCustomersRow(20003, 5, {})).ok());

  EXPECT_EQ(Get("acme", "A", 20003), std::optional<DayCustomers>(a2));
  EXPECT_EQ(Get("acme", "A", 20001), std::nullopt);
  EXPECT_EQ(Range("acme", "A", 19000, 21000), (std::vector<DayCustomers>{a1, a2}));
  EXPECT_EQ(Range("acme", "A", 20001, 20003), (std::vector<DayCustomers>{a2}));
  EXPECT_EQ(Range("acme", "C", 19000, 21000), std::vector<DayCustomers>{});

  // Distinct customers of A over [20000, 20003]: the 2 firsts of 20000, then on 20003 its
  // first and the contact last seen on 19990 (before the range; the one seen on 20000 is
  // counted there already). Over [20001, 20003]: 20003's first and both returning ones.
  std::vector<ProductAggregate> rows(3);
  rows[0].code = "A";
  rows[1].code = "B";
  rows[2].code = "C";
  ASSERT_TRUE(store_->FillProductDays("acme", 20000, 20003, &rows).ok());
  EXPECT_EQ(rows[0].customers, 4);
  EXPECT_EQ(rows[1].customers, 1);
  EXPECT_EQ(rows[2].customers, 0);
  ASSERT_TRUE(store_->FillProductDays("acme", 20001, 20003, &rows).ok());
  EXPECT_EQ(rows[0].customers, 3);
  EXPECT_EQ(rows[1].customers, 0);

  // Replacing a row; a row left without customers is deleted.
  const DayCustomers a2b = DayCustomersRow(20003, 0, {20000});
  ASSERT_TRUE(Put("acme", "A", a2b).ok());
  EXPECT_EQ(Get("acme", "A", 20003), std::optional<DayCustomers>(a2b));
  ASSERT_TRUE(Put("acme", "A", DayCustomersRow(20003, 0, {})).ok());
  EXPECT_EQ(Get("acme", "A", 20003), std::nullopt);
  EXPECT_EQ(Range("globex", "A", 19000, 21000).size(), 1u);

  // ClearViews removes the client's rows only.
  ASSERT_TRUE(store_->WriteViews([](WriteTx& tx) { return tx.ClearViews("acme"); }).ok());
  EXPECT_EQ(Range("acme", "A", 19000, 21000), std::vector<DayCustomers>{});
  EXPECT_EQ(Range("acme", "B", 19000, 21000), std::vector<DayCustomers>{});
  EXPECT_EQ(Range("globex", "A", 19000, 21000).size(), 1u);
}

TEST_P(ProductDayCustomersStore, WholeBlocksFromBlockRows) {
  // Block 1250 holds days 20000..20015, block 1251 days 20016..20031. Product A: day 20000
  // two first buyers (x, y); day 20003 one first (z) and two back, last seen on 19990 (w)
  // and 20000 (y); day 20016 one back, last seen on 20003. The block rows sum the days'.
  ASSERT_EQ(ProductBlockOf(20000), 1250);
  ASSERT_EQ(ProductBlockOf(20016), 1251);
  ASSERT_TRUE(Put("acme", "A", DayCustomersRow(20000, 2, {})).ok());
  ASSERT_TRUE(Put("acme", "A", DayCustomersRow(20003, 1, {19990, 20000})).ok());
  ASSERT_TRUE(Put("acme", "A", DayCustomersRow(20016, 0, {20003})).ok());
  const DayCustomers b1 = DayCustomersRow(1250, 3, {19990, 20000});
  const DayCustomers b2 = DayCustomersRow(1251, 0, {20003});
  ASSERT_TRUE(PutBlock("acme", "A", b1).ok());
  ASSERT_TRUE(PutBlock("acme", "A", b2).ok());
  ASSERT_TRUE(PutBlock("globex", "A", DayCustomersRow(1250, 9, {})).ok());
  EXPECT_EQ(GetBlock("acme", "A", 1250), std::optional<DayCustomers>(b1));
  EXPECT_EQ(GetBlock("acme", "A", 1249), std::nullopt);
  EXPECT_EQ(GetBlock("acme", "B", 1250), std::nullopt);

  // Both blocks whole: x, y, z, w. With an edge day before them (19999, no row): the same.
  // From 20001: days 20001..20015 from their rows (z, w, y), block 1251 none new.
  EXPECT_EQ(Customers("A", 20000, 20031), 4);
  EXPECT_EQ(Customers("A", 19999, 20031), 4);
  EXPECT_EQ(Customers("A", 20001, 20031), 3);
  EXPECT_EQ(Customers("A", 20000, 20016), 4);  // block 1250 whole, 20016 an edge day
  EXPECT_EQ(Customers("A", 20004, 20016), 1);  // edge days only: 20016's, last seen before

  // A whole block is counted from its block row alone (here one without day rows).
  ASSERT_TRUE(PutBlock("acme", "A", DayCustomersRow(1252, 7, {20016})).ok());
  EXPECT_EQ(Customers("A", 20032, 20047), 8);
  EXPECT_EQ(Customers("A", 20017, 20047), 8);
  EXPECT_EQ(Customers("A", 20033, 20047), 0);  // not whole: from its days' rows (none)

  // A block row without customers is deleted; ClearViews removes the client's rows only.
  ASSERT_TRUE(PutBlock("acme", "A", DayCustomersRow(1252, 0, {})).ok());
  EXPECT_EQ(GetBlock("acme", "A", 1252), std::nullopt);
  ASSERT_TRUE(store_->WriteViews([](WriteTx& tx) { return tx.ClearViews("acme"); }).ok());
  EXPECT_EQ(GetBlock("acme", "A", 1250), std::nullopt);
  EXPECT_EQ(GetBlock("globex", "A", 1250), std::optional<DayCustomers>(DayCustomersRow(1250, 9, {})));
}

INSTANTIATE_TEST_SUITE_P(Stores, ProductDayCustomersStore,
                         ::testing::Values("file", "sqlite::memory:", "postgres"), EngineName);

}  // namespace
}  // namespace packprod::store
