// CopyStore between real stores: a SQLite file into a fresh PostgreSQL database and
// back into a fresh SQLite file; everything arrives, keys keep hash, use and revocation,
// a failed e-mail keeps its raw bytes.
#include "store/copy.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "domain/ids.h"
#include "store/importer.h"
#include "store/postgres/test_db.h"

namespace packprod::store {
namespace {

std::unique_ptr<Store> OpenOrDie(const std::string& url) {
  auto s = Store::Open(url);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) throw std::runtime_error(s.status().ToString());
  return std::move(s).value();
}

class CopyStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("packprod-copy-" + RandomHex(6));
    auto db = postgres::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    pg_ = std::move(db).value();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  std::unique_ptr<postgres::TestDatabase> pg_;
};

TEST_F(CopyStoreTest, SqliteToPostgresAndBackLosesNothing) {
  auto src = OpenOrDie("sqlite:" + (dir_ / "src.db").string());
  for (const char* id : {"acme", "globex"}) {
    ClientSettings c;
    c.client_id = id;
    c.timezone = "Australia/Sydney";
    c.vip_orders = 7;
    ASSERT_TRUE(src->PutClient(c).ok());
  }
  std::vector<ValidatedOrder> batch;
  for (int i = 0; i < 4500; ++i) {  // more than one chunk
    Order o;
    o.client_id = "acme";
    o.reference = "R" + std::to_string(i);
    o.order_id = OrderId("acme", o.reference);
    o.customer.email = "c" + std::to_string(i % 50) + "@x.io";
    o.customer.company = "Co";
    o.contact_id = ContactId("acme", o.customer.email);
    o.created_at = 1'700'000'000'000 + i * 60'000LL;
    o.status = i % 5 ? OrderStatus::kPaid : OrderStatus::kRefunded;
    o.currency = "AUD";
    o.total = 100 + i;
    o.items.push_back(OrderItem{"P" + std::to_string(i % 4), "Prod", 1, 100 + i, std::nullopt});
    batch.push_back(ValidatedOrder{o, {}});
  }
  ASSERT_TRUE(ImportOrders(*src, "acme", std::move(batch), 5).ok());
  ApiKey live{"key_live", "acme", Role::kAdmin, "ci", 10, std::nullopt, std::nullopt};
  ApiKey gone{"key_gone", "globex", Role::kRead, "", 11, std::nullopt, std::nullopt};
  ASSERT_TRUE(src->CreateKey(live, "hash-live").ok());
  ASSERT_TRUE(src->CreateKey(gone, "hash-gone").ok());
  ASSERT_TRUE(src->TouchKey("key_live", 20).ok());
  ASSERT_TRUE(src->RevokeKey("key_gone", 30).ok());

  IngestFailure failure;
  failure.client_id = "acme";
  failure.message_key = "m1@shop";
  failure.subject = "New order";
  failure.reason = "is required";
  failure.field = "/total";
  failure.raw = std::string("Subject: x\r\n\r\nRen\xE9" "e\r\n");  // not UTF-8
  failure.received_at = failure.updated_at = 40;
  ASSERT_TRUE(src->Write([&](WriteTx& tx) -> Status {
                   PP_RETURN_IF_ERROR(tx.PutIngestFailure(failure).status());
                   return tx.PutEmailRules("acme", R"({"rules":[]})", 41);
                 })
                  .ok());

  auto pg = OpenOrDie(pg_->url());
  ASSERT_TRUE(CopyStore(*src, *pg, nullptr).ok());
  auto want = CountStore(*src);
  auto got = CountStore(*pg);
  ASSERT_TRUE(want.ok() && got.ok());
  EXPECT_EQ(got->orders, 4500);
  EXPECT_EQ(got->contacts, 50);
  EXPECT_EQ(got->revoked_keys, 1);
  EXPECT_TRUE(*got == *want);
  EXPECT_EQ((*pg->GetClient("acme"))->vip_orders, 7);
  auto key = pg->FindKey("hash-live");
  ASSERT_TRUE(key.ok() && key->has_value());
  EXPECT_EQ((*key)->last_used_at, 20);
  EXPECT_FALSE(pg->FindKey("hash-gone")->has_value());
  auto order = pg->GetOrder("acme", OrderId("acme", "R4499"));
  ASSERT_TRUE(order.ok() && order->has_value());
  EXPECT_EQ(OrderToImage(**order), OrderToImage(**src->GetOrder("acme", OrderId("acme", "R4499"))));
  EXPECT_EQ(got->ingest_failures, 1);
  ASSERT_TRUE(pg->Read([&](ReadTx& tx) -> Status {
                  PP_ASSIGN_OR_RETURN(auto page, tx.ListIngestFailures("acme", 10, 0));
                  EXPECT_EQ(page.failures.size(), 1u);
                  if (page.failures.empty()) return Status::Ok();
                  PP_ASSIGN_OR_RETURN(auto whole, tx.GetIngestFailure("acme", page.failures[0].id));
                  EXPECT_TRUE(whole && whole->raw == failure.raw && whole->field == "/total");
                  PP_ASSIGN_OR_RETURN(auto rules, tx.GetEmailRules("acme"));
                  EXPECT_EQ(rules, std::optional<std::string>(R"({"rules":[]})"));
                  return Status::Ok();
                }).ok());

  // A target that is not empty is refused before anything is written.
  Status again = CopyStore(*src, *pg, nullptr);
  EXPECT_EQ(again.code(), Status::Code::kInvalidArgument) << again.ToString();
  EXPECT_TRUE(*CountStore(*pg) == *want);

  auto back = OpenOrDie("sqlite:" + (dir_ / "back.db").string());
  ASSERT_TRUE(CopyStore(*pg, *back, nullptr).ok());
  EXPECT_TRUE(*CountStore(*back) == *want);
}

}  // namespace
}  // namespace packprod::store
