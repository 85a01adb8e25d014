// Shop platform orders into every Store: webhook secrets, a delivery imported once, a
// delete by platform id, an unmappable order queued and cleared by a good copy, a backfill
// page. Parameterised like store_test.cc: SQLite in memory and PostgreSQL.
#include "store/platform_ingest.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "store/postgres/test_db.h"

namespace packprod::store {
namespace {
namespace json = boost::json;

std::string WooOrder(int id, const std::string& currency = "AUD") {
  json::object o{{"id", id},
                 {"number", std::to_string(id)},
                 {"status", "processing"},
                 {"currency", currency},
                 {"date_created_gmt", "2025-10-20T10:30:00"},
                 {"billing", json::object{{"first_name", "Jo"}, {"email", "jo@example.com"}}},
                 {"line_items", json::array{json::object{{"sku", "BOX"},
                                                         {"quantity", 2},
                                                         {"subtotal", "4.00"},
                                                         {"total", "4.00"}}}},
                 {"total", "4.00"}};
  return json::serialize(o);
}

class PlatformIngest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string url = GetParam();
    if (url == "postgres") {
      auto db = postgres::TestDatabase::Create();
      ASSERT_TRUE(db.ok()) << db.status().ToString();
      pg_ = std::move(db).value();
      url = pg_->url();
    }
    auto s = Store::Open(url);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    client_.client_id = "acme";
    ASSERT_TRUE(store_->PutClient(client_).ok());
  }
  PlatformResult Deliver(const std::string& body, const std::string& delivery = "",
                         bool remove = false) {
    PlatformDelivery d{Platform::kWooCommerce, remove, delivery, "order.created", body};
    auto r = ApplyPlatformDelivery(*store_, client_, d, 1000);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : PlatformResult{};
  }
  std::int64_t Failures() {
    std::int64_t total = -1;
    EXPECT_TRUE(store_->Read([&](ReadTx& tx) -> Status {
      PP_ASSIGN_OR_RETURN(auto page, tx.ListIngestFailures("acme", 100, 0));
      total = page.total;
      return Status::Ok();
    }).ok());
    return total;
  }
  std::unique_ptr<postgres::TestDatabase> pg_;
  std::unique_ptr<Store> store_;
  ClientSettings client_;
};

TEST_P(PlatformIngest, WebhookSecretsArePutListedWithoutSecretAndDeleted) {
  ASSERT_TRUE(store_->PutWebhookSecret({"acme", "shopify", "s1", 5}).ok());
  ASSERT_TRUE(store_->PutWebhookSecret({"acme", "shopify", "s2", 6}).ok());  // replaces
  ASSERT_TRUE(store_->PutWebhookSecret({"acme", "woocommerce", "w1", 7}).ok());
  auto got = store_->GetWebhookSecret("acme", "shopify");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->secret, "s2");
  EXPECT_EQ((*got)->created_at, 6);
  auto all = store_->ListWebhookSecrets();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].platform, "shopify");
  EXPECT_TRUE((*all)[0].secret.empty());
  EXPECT_TRUE(store_->DeleteWebhookSecret("acme", "shopify").ok());
  EXPECT_TRUE(store_->DeleteWebhookSecret("acme", "shopify").IsNotFound());
  EXPECT_FALSE(*store_->GetWebhookSecret("acme", "shopify"));
  EXPECT_FALSE(*store_->GetWebhookSecret("globex", "woocommerce"));
}

TEST_P(PlatformIngest, ADeliveryIsImportedOnceAndADeleteFindsItByPlatformId) {
  PlatformResult a = Deliver(WooOrder(55), "d1");
  EXPECT_EQ(a.kind, PlatformResult::Kind::kImported);
  EXPECT_EQ(a.import, ImportResult::kCreated);
  EXPECT_EQ(a.reference, "55");
  EXPECT_GT(a.seq, 0);
  auto head = store_->HeadSeq();
  PlatformResult again = Deliver(WooOrder(55), "d1");
  EXPECT_EQ(again.kind, PlatformResult::Kind::kDuplicate);
  EXPECT_EQ(again.order_id, a.order_id);
  EXPECT_EQ(*store_->HeadSeq(), *head);
  // Another delivery of the same order: unchanged, no change record.
  PlatformResult other = Deliver(WooOrder(55), "d2");
  EXPECT_EQ(other.import, ImportResult::kUnchanged);
  EXPECT_EQ(*store_->HeadSeq(), *head);
  PlatformResult gone = Deliver(R"({"id": 55})", "d3", /*remove=*/true);
  EXPECT_EQ(gone.kind, PlatformResult::Kind::kRemoved);
  EXPECT_EQ(gone.order_id, a.order_id);
  EXPECT_FALSE(*store_->GetOrder("acme", a.order_id));
  auto changes = store_->ReadChanges(*head, 10);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->size(), 1u);
  EXPECT_EQ((*changes)[0].op, ChangeOp::kRemove);
  EXPECT_EQ(Deliver(R"({"id": 55})", "d4", true).kind, PlatformResult::Kind::kIgnored);
}

TEST_P(PlatformIngest, AnUnimportableOrderIsQueuedOnceAndClearedByAGoodCopy) {
  PlatformResult bad = Deliver(WooOrder(60, "USD"));
  EXPECT_EQ(bad.kind, PlatformResult::Kind::kFailed);
  EXPECT_EQ(bad.field, "/currency");
  EXPECT_EQ(Deliver(WooOrder(60, "USD")).failure_id, bad.failure_id);
  EXPECT_EQ(Failures(), 1);
  std::optional<IngestFailure> f;
  ASSERT_TRUE(store_->Read([&](ReadTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(f, tx.GetIngestFailure("acme", bad.failure_id));
    return Status::Ok();
  }).ok());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->raw, WooOrder(60, "USD"));
  EXPECT_EQ(f->attempts, 2);
  EXPECT_EQ(f->source, "webhook:woocommerce");
  EXPECT_TRUE(IsPlatformFailure(*f));
  EXPECT_EQ(Deliver(WooOrder(60)).kind, PlatformResult::Kind::kImported);
  EXPECT_EQ(Failures(), 0);
  EXPECT_EQ(Deliver("{not json").field, "body");
}

TEST_P(PlatformIngest, ABackfillPageImportsAndQueuesInOneGo) {
  std::vector<json::value> page = {json::parse(WooOrder(1)), json::parse(WooOrder(2)),
                                   json::parse(WooOrder(3, "NZD"))};
  auto out = ImportPlatformPage(*store_, client_, Platform::kWooCommerce, page, 1000);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(out->created, 2);
  EXPECT_EQ(out->failed, 1);
  auto again = ImportPlatformPage(*store_, client_, Platform::kWooCommerce, page, 2000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 2);
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(Failures(), 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, PlatformIngest, ::testing::Values("sqlite::memory:", "postgres"),
                         [](const auto& info) {
                           return info.param == "postgres" ? std::string("Postgres")
                                                           : std::string("SqliteMemory");
                         });

}  // namespace
}  // namespace packprod::store
