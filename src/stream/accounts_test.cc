// Account views against each real store: the processor groups contacts as it applies
// their orders, a split regroups at once and survives `rebuild`, and `verify` names an
// account row or a membership that differs from the orders.
#include "stream/accounts.h"

#include <gtest/gtest.h>

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

constexpr Millis kT = 1'750'000'000'000;

class AccountViewsTest : public ::testing::TestWithParam<Engine> {
 protected:
  AccountViewsTest() : tmp_(GetParam()) {}
  void SetUp() override {
    store_ = tmp_.Open();
    CreateClient(*store_, "acme", "Australia/Sydney");
    // Seven buyers at one company domain, one at a free-mail domain.
    for (int i = 0; i < 16; ++i) {
      const std::string email =
          i == 15 ? "solo@gmail.com" : "c" + std::to_string(i % 7) + "@boxes.example";
      ASSERT_TRUE(Import(*store_, "acme",
                         {NewOrder("acme", "R" + std::to_string(i), email,
                                   kT + i * 86'400'000LL, 1000 + i)})
                      .ok());
    }
    Processor p(*store_);
    ASSERT_TRUE(p.CatchUp().ok());
  }
  store::ClientViews Views() { return testing::StoredViews(*store_, "acme"); }

  TempStore tmp_;
  std::unique_ptr<store::Store> store_;
};

TEST_P(AccountViewsTest, GroupsByDomainAndKeepsFreeMailAlone) {
  store::ClientViews v = Views();
  ASSERT_EQ(v.accounts.size(), 2u);
  EXPECT_EQ(v.account_members.size(), 8u);
  const std::string boxes = AccountIdOf("acme", "domain:boxes.example");
  for (const Account& a : v.accounts) {
    if (a.account_id == boxes) {
      EXPECT_EQ(a.contacts, 7);
      EXPECT_EQ(a.totals.order_count, 15);
      EXPECT_EQ(a.totals.name, "boxes.example");
      ASSERT_TRUE(a.cadence.has_value());
      EXPECT_EQ(a.cadence->cadence_days, 1);
    } else {
      EXPECT_EQ(a.key.substr(0, 8), "contact:");
      EXPECT_EQ(a.contacts, 1);
    }
  }
  EXPECT_EQ(Differences(*store_, "acme"), std::vector<std::string>{});
}

TEST_P(AccountViewsTest, SplitRegroupsAndSurvivesRebuild) {
  const std::string boxes = AccountIdOf("acme", "domain:boxes.example");
  const std::string c0 = ContactId("acme", "c0@boxes.example");
  auto parts = SplitAccount(*store_, "acme", boxes, {c0});
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_EQ(parts->size(), 2u);
  EXPECT_EQ(Views().accounts.size(), 3u);
  EXPECT_EQ(Differences(*store_, "acme"), std::vector<std::string>{});
  ASSERT_TRUE(RebuildClient(*store_, "acme", nullptr).ok());
  store::ClientViews v = Views();
  EXPECT_EQ(v.accounts.size(), 3u);
  EXPECT_EQ(Differences(*store_, "acme"), std::vector<std::string>{});
  // Merged back: the lone account joins the domain again.
  auto merged = MergeAccounts(*store_, "acme", boxes, {AccountIdOf("acme", "contact:" + c0)});
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(merged->contacts, 7);
  EXPECT_FALSE(MergeAccounts(*store_, "acme", boxes, {boxes}).ok());
  EXPECT_EQ(MergeAccounts(*store_, "acme", boxes, {"nope"}).status().code(),
            Status::Code::kNotFound);
  auto lone = AccountIdOf("acme", "contact:" + ContactId("acme", "solo@gmail.com"));
  EXPECT_EQ(SplitAccount(*store_, "acme", lone, {}).status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(Differences(*store_, "acme"), std::vector<std::string>{});
}

TEST_P(AccountViewsTest, VerifyNamesADifferentAccountRowOrMembership) {
  store::ClientViews v = Views();
  Account wrong = v.accounts[0];
  wrong.totals.order_count += 1;
  const std::string contact = v.account_members[0].first;
  ASSERT_TRUE(store_
                  ->WriteViews([&](store::WriteTx& tx) -> Status {
                    PP_RETURN_IF_ERROR(tx.PutAccountView("acme", wrong));
                    return tx.PutAccountMember("acme", contact, "elsewhere");
                  })
                  .ok());
  auto diff = Differences(*store_, "acme");
  ASSERT_EQ(diff.size(), 2u);
  EXPECT_NE(diff[0].find("account_metrics " + wrong.account_id), std::string::npos) << diff[0];
  EXPECT_NE(diff[0].find("orderCount"), std::string::npos) << diff[0];
  EXPECT_NE(diff[1].find("account_members " + contact), std::string::npos) << diff[1];
}

INSTANTIATE_TEST_SUITE_P(Stores, AccountViewsTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgres),
                         testing::EngineName);

}  // namespace
}  // namespace packprod::stream
