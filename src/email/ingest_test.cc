// Ingestion over a real SQLite store: every fixture imported or queued, nothing imported
// twice, failures kept whole with their field, replay after a rules fix, tenancy.
#include "email/ingest.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace packprod::email {
namespace {
namespace json = boost::json;
namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("packprod-ingest-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto st = store::Store::Open("sqlite:" + (dir_ / "shop.db").string());
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::move(st).value();
    for (const char* id : {"shop", "other"}) {
      ClientSettings c;
      c.client_id = id;
      ASSERT_TRUE(store_->PutClient(c).ok());
    }
    client_.client_id = "shop";
    for (const auto& e : fs::directory_iterator(PACKPROD_EMAIL_FIXTURES)) {
      if (e.path().extension() == ".eml") fixtures_.push_back(e.path());
    }
    std::sort(fixtures_.begin(), fixtures_.end());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  json::object Expected(const fs::path& eml) {
    fs::path p = eml;
    p.replace_extension(".json");
    return json::parse(ReadFile(p)).as_object();
  }

  store::IngestFailurePage Failures(const std::string& client) {
    store::IngestFailurePage page;
    EXPECT_TRUE(store_
                    ->Read([&](store::WriteTx& tx) -> Status {
                      PP_ASSIGN_OR_RETURN(page, tx.ListIngestFailures(client, 500, 0));
                      return Status::Ok();
                    })
                    .ok());
    return page;
  }

  fs::path dir_;
  std::unique_ptr<store::Store> store_;
  ClientSettings client_;
  std::vector<fs::path> fixtures_;
};

TEST_F(IngestTest, EveryFixtureOnceAndFailuresQueuedWhole) {
  int want_imported = 0, want_failed = 0;
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& eml : fixtures_) {
      SCOPED_TRACE(eml.filename().string());
      json::object want = Expected(eml);
      std::string raw = ReadFile(eml);
      auto r = IngestMessage(*store_, client_, EmailRules{}, raw, "file", 1000 + pass);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      if (want.contains("failure")) {
        want_failed += pass == 0;
        EXPECT_EQ(r->kind, IngestResult::Kind::kFailed);
        EXPECT_EQ(r->field, want["failure"].at("field").as_string());
        EXPECT_NE(r->reason.find(want["failure"].at("reason").as_string()), std::string::npos)
            << r->reason;
        std::optional<store::IngestFailure> f;
        ASSERT_TRUE(store_
                        ->Read([&](store::WriteTx& tx) -> Status {
                          PP_ASSIGN_OR_RETURN(f, tx.GetIngestFailure("shop", r->failure_id));
                          return Status::Ok();
                        })
                        .ok());
        ASSERT_TRUE(f.has_value());
        EXPECT_EQ(f->raw, raw);
        EXPECT_EQ(f->attempts, pass + 1);
      } else {
        want_imported += pass == 0;
        EXPECT_EQ(r->kind,
                  pass == 0 ? IngestResult::Kind::kImported : IngestResult::Kind::kDuplicate);
      }
    }
  }
  auto head = store_->HeadSeq();
  ASSERT_TRUE(head.ok());
  // One change record per imported message, none on the second pass (the two Woo
  // messages of one order would be two; every fixture is its own order).
  EXPECT_EQ(*head, want_imported);
  auto page = Failures("shop");
  EXPECT_EQ(page.total, want_failed);
  EXPECT_EQ(Failures("other").total, 0);
  EXPECT_GE(want_imported + want_failed, 30);
}

TEST_F(IngestTest, ReplayAfterRulesFixImportsAndEmptiesTheQueue) {
  fs::path eml = fs::path(PACKPROD_EMAIL_FIXTURES) / "shopify-custom-needs-rule.eml";
  auto r = IngestMessage(*store_, client_, EmailRules{}, ReadFile(eml), "imap", 1);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->kind, IngestResult::Kind::kFailed);
  EXPECT_EQ(r->field, "template");
  // Another client cannot see or replay it.
  ClientSettings other;
  other.client_id = "other";
  EXPECT_TRUE(ReplayFailure(*store_, other, r->failure_id, 2).status().IsNotFound());
  // Replay without a fix: still failing, attempts counted.
  auto again = ReplayFailure(*store_, client_, r->failure_id, 3);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->kind, IngestResult::Kind::kFailed);
  EXPECT_EQ(again->failure_id, r->failure_id);
  ASSERT_TRUE(SaveRules(*store_, "shop", Expected(eml)["rules"], 4).ok());
  auto fixed = ReplayFailure(*store_, client_, r->failure_id, 5);
  ASSERT_TRUE(fixed.ok()) << fixed.status().ToString();
  EXPECT_EQ(fixed->kind, IngestResult::Kind::kImported);
  EXPECT_EQ(fixed->template_, "shopify");
  EXPECT_EQ(Failures("shop").total, 0);
  auto order = store_->GetOrder("shop", fixed->order_id);
  ASSERT_TRUE(order.ok() && order->has_value());
  EXPECT_EQ((*order)->reference, "1060");
  // The same message again is a duplicate; nothing is queued.
  auto dup = IngestMessage(*store_, client_, *LoadRules(*store_, "shop"), ReadFile(eml), "imap", 6);
  ASSERT_TRUE(dup.ok());
  EXPECT_EQ(dup->kind, IngestResult::Kind::kDuplicate);
  EXPECT_EQ(Failures("shop").total, 0);
}

TEST_F(IngestTest, QueueFailureFromElsewhereAndDismiss) {
  fs::path eml = fs::path(PACKPROD_EMAIL_FIXTURES) / "shopify-missing-total.eml";
  auto r = QueueFailure(*store_, "shop", ReadFile(eml), "n8n", "no total line", "/total", 1);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->kind, IngestResult::Kind::kFailed);
  EXPECT_EQ(r->message_key, "1010.shopify-shopify-missing-total@shopify.com");
  Status other = store_->Write(
      [&](store::WriteTx& tx) { return tx.DeleteIngestFailure("other", r->failure_id); });
  EXPECT_TRUE(other.IsNotFound());
  EXPECT_TRUE(DismissFailure(*store_, "other", r->failure_id, 2).IsNotFound());
  Status mine = DismissFailure(*store_, "shop", r->failure_id, 2);
  EXPECT_TRUE(mine.ok()) << mine.ToString();
  EXPECT_EQ(Failures("shop").total, 0);
  Status again = DismissFailure(*store_, "shop", r->failure_id, 3);
  EXPECT_TRUE(again.IsNotFound());
  EXPECT_EQ(again.message(), NoFailureMessage(r->failure_id));
  // Reading the same mailbox again: the dismissal sticks (by Message-ID).
  auto reread = IngestMessage(*store_, client_, EmailRules{}, ReadFile(eml), "imap", 4);
  ASSERT_TRUE(reread.ok());
  EXPECT_EQ(reread->kind, IngestResult::Kind::kDismissed);
  EXPECT_EQ(Failures("shop").total, 0);
  // Another client's mailbox holding the same message is not affected.
  ClientSettings other_client;
  other_client.client_id = "other";
  auto theirs = IngestMessage(*store_, other_client, EmailRules{}, ReadFile(eml), "imap", 5);
  ASSERT_TRUE(theirs.ok());
  EXPECT_EQ(theirs->kind, IngestResult::Kind::kFailed);
}

}  // namespace
}  // namespace packprod::email
