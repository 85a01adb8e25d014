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
                    ->Read([&](store::ReadTx& tx) -> Status {
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
                        ->Read([&](store::ReadTx& tx) -> Status {
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

// Hostile input: each message is queued with a clear reason at "message" (or the import
// names the field), nothing is imported, nothing crashes.
TEST_F(IngestTest, HostileMessagesAreQueuedWithAClearReason) {
  const std::string head =
      "From: shop@example.com\r\nSubject: [Shop]: New order #77\r\nMessage-ID: <%s@x>\r\n"
      "Date: Mon, 24 Nov 2025 10:00:00 +1100\r\nMIME-Version: 1.0\r\n";
  auto with_id = [&](const std::string& id) {
    std::string h = head;
    h.replace(h.find("%s"), 2, id);
    return h;
  };
  struct Case {
    std::string name, raw, field, reason;
  };
  std::vector<Case> cases;
  // 25 MB: refused before parsing; only the head is kept in the queue.
  cases.push_back({"huge",
                   with_id("huge") + "Content-Type: text/plain\r\n\r\n" +
                       std::string(25u << 20, 'x'),
                   "message", "bytes; the most read is"});
  // A zip-bomb-like nest of multiparts.
  std::string nested = with_id("nested");
  for (int i = 0; i < 5000; ++i) {
    nested += "Content-Type: multipart/mixed; boundary=\"b" + std::to_string(i) + "\"\r\n\r\n--b" +
              std::to_string(i) + "\r\n";
  }
  nested += "Content-Type: text/plain\r\n\r\nTotal: $1.00\r\n";
  cases.push_back({"nested", nested, "message", "nests more than"});
  // 10,000 product lines: read, then refused by the import's 500-line rule.
  std::string many = with_id("many") + "Content-Type: text/plain; charset=utf-8\r\n\r\n" +
                     "[ORDER #77] (24/11/2025)\r\n\r\n";
  for (int i = 0; i < 10000; ++i) {
    many += "Box (#B" + std::to_string(i) + ") X 1 = $1.00\r\n\r\n";
  }
  many += "==========\r\n\r\nSubtotal:\t $10000.00\r\nTotal:\t $10000.00\r\n\r\nBilling address\r\n\r\n"
          "A B\r\na@b.com\r\n";
  cases.push_back({"many", many, "/items", "at most 500"});
  // An unknown charset with 8-bit bytes.
  cases.push_back({"charset",
                   with_id("charset") +
                       "Content-Type: text/plain; charset=x-no-such-charset\r\n"
                       "Content-Transfer-Encoding: 8bit\r\n\r\nTotal: \xff\xfe\x80 $1.00\r\n",
                   "message", "x-no-such-charset"});
  // A charset that exists, with bytes that are not in it: GMime replaces them; the rest is
  // read (and here recognised as nothing).
  cases.push_back({"badutf8",
                   with_id("badutf8") +
                       "Content-Type: text/html; charset=utf-8\r\n"
                       "Content-Transfer-Encoding: 8bit\r\n\r\n<p>Total: \xc3\x28 $1.00</p>\r\n",
                   "template", "no template"});
  // One endless line: dropped (no order data is that long), so there is no text.
  cases.push_back({"longline",
                   with_id("longline") + "Content-Type: text/plain\r\n\r\n[ORDER #1] (" +
                       std::string(3u << 20, '(') + ")\r\n",
                   "body", "no text"});
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto r = IngestMessage(*store_, client_, EmailRules{}, c.raw, "file", 1);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->kind, IngestResult::Kind::kFailed);
    EXPECT_EQ(r->field, c.field);
    EXPECT_NE(r->reason.find(c.reason), std::string::npos) << r->reason;
    std::optional<store::IngestFailure> f;
    ASSERT_TRUE(store_
                    ->Read([&](store::ReadTx& tx) -> Status {
                      PP_ASSIGN_OR_RETURN(f, tx.GetIngestFailure("shop", r->failure_id));
                      return Status::Ok();
                    })
                    .ok());
    ASSERT_TRUE(f.has_value());
    EXPECT_LE(f->raw.size(), std::max(kMaxQueuedBytes, c.raw.size() > kMaxMessageBytes
                                                           ? kMaxQueuedBytes
                                                           : c.raw.size()));
  }
  auto head_seq = store_->HeadSeq();
  ASSERT_TRUE(head_seq.ok());
  EXPECT_EQ(*head_seq, 0);
}

}  // namespace
}  // namespace packprod::email
