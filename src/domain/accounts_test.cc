#include "domain/accounts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <tuple>
#include <regex>
#include <sstream>

namespace packprod {
namespace {

TEST(NormaliseCompanyTest, FoldsPunctuationSpacesAndLegalForms) {
  EXPECT_EQ(NormaliseCompany("Acme Packaging Pty Ltd"), "acme packaging");
  EXPECT_EQ(NormaliseCompany("  ACME   packaging, pty. ltd. "), "acme packaging");
  EXPECT_EQ(NormaliseCompany("The Box Co."), "box");
  EXPECT_EQ(NormaliseCompany("O'Brien & Sons GmbH"), "obrien and sons");
  EXPECT_EQ(NormaliseCompany("O\xE2\x80\x99"
                             "Brien and Sons"),
            "obrien and sons");
  EXPECT_EQ(NormaliseCompany("A.B.C. Wraps"), "abc wraps");
  EXPECT_EQ(NormaliseCompany("Émballages Dupont SARL"), "émballages dupont");
}

TEST(NormaliseCompanyTest, KeepsTheLastWordAndEmptyIsNoCompany) {
  EXPECT_EQ(NormaliseCompany("Limited"), "limited");
  EXPECT_EQ(NormaliseCompany("The"), "the");
  EXPECT_EQ(NormaliseCompany(" -- "), "");
  EXPECT_EQ(NormaliseCompany(""), "");
}

TEST(EmailDomainTest, AfterTheLastAtFolded) {
  EXPECT_EQ(EmailDomain("Jo@Example.COM"), "example.com");
  EXPECT_EQ(EmailDomain("a@b@shop.example."), "shop.example");
  EXPECT_EQ(EmailDomain("no-at-sign"), "");
}

TEST(FreeMailTest, ListedDomainsOnly) {
  EXPECT_TRUE(IsFreeMailDomain("gmail.com"));
  EXPECT_TRUE(IsFreeMailDomain("bigpond.com"));
  EXPECT_TRUE(IsFreeMailDomain("zoho.com"));
  EXPECT_TRUE(IsFreeMailDomain("aim.com"));
  EXPECT_FALSE(IsFreeMailDomain("acme.com.au"));
  EXPECT_FALSE(IsFreeMailDomain("mail.gmail.com"));
}

TEST(FreeMailTest, TheDataFileIsSortedLowerCaseAndUnique) {
  std::ifstream in(std::string(PACKPROD_SOURCE_DIR) + "/src/domain/free_mail_domains.inc");
  ASSERT_TRUE(in.good());
  std::string line, prev;
  int n = 0;
  const std::regex entry("^\"([a-z0-9.-]+)\",$");
  while (std::getline(in, line)) {
    if (line.rfind("//", 0) == 0 || line.empty()) continue;
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, entry)) << line;
    EXPECT_LT(prev, m[1].str()) << "not sorted or repeated: " << m[1].str();
    EXPECT_TRUE(IsFreeMailDomain(m[1].str()));
    prev = m[1].str();
    ++n;
  }
  EXPECT_GT(n, 50);
}

TEST(NaturalKeyTest, CompanyThenDomainThenContact) {
  EXPECT_EQ(NaturalAccountKey("c1", "jo@acme.com", std::string("Acme Ltd")), "company:acme");
  EXPECT_EQ(NaturalAccountKey("c1", "jo@acme.com", std::nullopt), "domain:acme.com");
  EXPECT_EQ(NaturalAccountKey("c1", "jo@acme.com", std::string(" . ")), "domain:acme.com");
  EXPECT_EQ(NaturalAccountKey("c1", "jo@gmail.com", std::nullopt), "contact:c1");
  EXPECT_EQ(NaturalAccountKey("c1", "jo@gmail.com", std::string("Acme")), "company:acme");
}

TEST(AccountRulesTest, SplitThenMergesFollowedToTheEnd) {
  AccountRules r;
  ASSERT_TRUE(AddMerge(r, "domain:b.com", "company:a").ok());
  ASSERT_TRUE(AddMerge(r, "company:a", "company:z").ok());
  EXPECT_EQ(ResolveAccountKey(r, "c1", "domain:b.com"), "company:z");
  EXPECT_EQ(ResolveAccountKey(r, "c1", "domain:other.com"), "domain:other.com");
  AddSplit(r, "c1");
  EXPECT_EQ(ResolveAccountKey(r, "c1", "domain:b.com"), "contact:c1");
  ASSERT_TRUE(AddMerge(r, "contact:c1", "company:z").ok());
  EXPECT_EQ(ResolveAccountKey(r, "c1", "domain:b.com"), "company:z");
  AddSplit(r, "c1");  // splitting again undoes the merge of the lone account
  EXPECT_EQ(ResolveAccountKey(r, "c1", "domain:b.com"), "contact:c1");
  EXPECT_FALSE(AddMerge(r, "company:z", "company:z").ok());
}

TEST(AccountRulesTest, JsonRoundTripAndErrors) {
  AccountRules r;
  ASSERT_TRUE(AddMerge(r, "domain:b.com", "company:a").ok());
  AddSplit(r, "c9");
  auto back = ParseAccountRules(AccountRulesJson(r));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, r);
  EXPECT_TRUE(ParseAccountRules("")->merged_into.empty());
  EXPECT_FALSE(ParseAccountRules("[1]").ok());
  EXPECT_FALSE(ParseAccountRules(R"({"merges":[{"from":1}]})").ok());
  EXPECT_FALSE(ParseAccountRules(R"({"splits":[2]})").ok());
}

CustomerAggregate Cust(std::string id, std::string email, std::optional<std::string> company,
                       std::int64_t orders, Cents spend, Millis first, Millis last,
                       std::string ref) {
  CustomerAggregate c;
  c.contact_id = std::move(id);
  c.email = std::move(email);
  c.company = std::move(company);
  c.order_count = orders;
  c.total_spend = spend;
  if (orders > 0) {
    c.first_order = first;
    c.last_order = last;
    c.last_order_reference = std::move(ref);
  }
  return c;
}

TEST(GroupAccountsTest, SumsFiguresAndUnitesOrderDays) {
  const DayNumber d0 = *ParseDate("2026-01-01");
  std::vector<CustomerAggregate> cs = {
      Cust("c1", "a@acme.com", std::nullopt, 2, 1000, 100, 200, "R2"),
      Cust("c2", "b@acme.com", std::string("Acme Pty Ltd"), 1, 500, 50, 200, "R3"),
      Cust("c3", "c@gmail.com", std::nullopt, 1, 700, 300, 300, "R9"),
      Cust("c4", "d@gmail.com", std::string("ACME pty ltd"), 0, 0, 0, 0, ""),
  };
  std::map<std::string, std::vector<DayNumber>> days = {
      {"c1", {d0, static_cast<DayNumber>(d0 + 10)}},
      {"c2", {static_cast<DayNumber>(d0 + 20)}},
      {"c3", {d0}}};
  AccountRules rules;
  ASSERT_TRUE(AddMerge(rules, "domain:acme.com", "company:acme").ok());
  std::map<std::string, std::string> members;
  auto accounts = GroupAccounts("shop", cs, days, rules, &members);
  ASSERT_EQ(accounts.size(), 2u);
  const Account* acme = nullptr;
  for (const Account& a : accounts) {
    if (a.key == "company:acme") acme = &a;
  }
  ASSERT_NE(acme, nullptr);
  EXPECT_EQ(acme->account_id, AccountIdOf("shop", "company:acme"));
  EXPECT_EQ(acme->contacts, 3);  // c1 by its merged domain, c2 and c4 by company
  EXPECT_EQ(acme->totals.order_count, 3);
  EXPECT_EQ(acme->totals.total_spend, 1500);
  EXPECT_EQ(acme->totals.first_order, 50);
  EXPECT_EQ(acme->totals.last_order, 200);
  EXPECT_EQ(acme->totals.last_order_reference, "R3");  // same instant: greater reference
  EXPECT_EQ(acme->totals.name, "Acme Pty Ltd");        // smallest contact id with a company
  ASSERT_TRUE(acme->cadence.has_value());
  EXPECT_EQ(acme->cadence->cadence_days, 10);
  EXPECT_EQ(members.at("c4"), acme->account_id);
  EXPECT_EQ(members.at("c3"), AccountIdOf("shop", "contact:c3"));
}

TEST(GroupAccountsTest, DisplayNameOfDomainAndLoneAccounts) {
  std::vector<CustomerAggregate> cs = {Cust("c1", "a@box.example", std::nullopt, 0, 0, 0, 0, ""),
                                       Cust("c2", "b@gmail.com", std::nullopt, 0, 0, 0, 0, "")};
  auto accounts = GroupAccounts("shop", cs, {}, AccountRules{}, nullptr);
  ASSERT_EQ(accounts.size(), 2u);
  for (const Account& a : accounts) {
    EXPECT_EQ(a.totals.name, a.key == "domain:box.example" ? "box.example" : "b@gmail.com");
    EXPECT_FALSE(a.cadence.has_value());
    EXPECT_EQ(a.contacts, 1);
  }
}

// ChangeAccount against AggregateAccount over all the contacts: random accounts, one contact
// changing (orders added or removed, its earliest or latest among them) or a new contact
// joining (with or without a company); whenever it answers, it is exact.
constexpr Millis kDayMs = 86400000;

struct FakeOrder {
  Millis at;
  std::string ref;
  Cents total;
};

CustomerAggregate Folded(const std::string& id, const std::string& email,
                         const std::optional<std::string>& company,
                         const std::vector<FakeOrder>& orders, DayMultiset* days) {
  CustomerAggregate c = Cust(id, email, company, 0, 0, 0, 0, "");
  *days = DayMultiset();
  for (const FakeOrder& o : orders) {
    ++c.order_count;
    c.total_spend += o.total;
    if (!c.first_order || o.at < *c.first_order) c.first_order = o.at;
    if (!c.last_order || std::tie(o.at, o.ref) > std::tie(*c.last_order, *c.last_order_reference)) {
      c.last_order = o.at;
      c.last_order_reference = o.ref;
    }
    EXPECT_TRUE(days->Add(static_cast<DayNumber>(o.at / kDayMs), 1).ok());
  }
  return c;
}

TEST(ChangeAccountTest, AgreesWithTheWholeAccountWheneverItAnswers) {
  std::mt19937 rng(20261206);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  int answered = 0, joins = 0, stays = 0;
  for (int round = 0; round < 3000; ++round) {
    const std::string key = pick(2) ? "domain:acme.example" : "company:acme";
    struct Member {
      std::string id;
      std::optional<std::string> company;
      std::vector<FakeOrder> orders;
    };
    std::vector<Member> members(1 + pick(5));
    int serial = 0;
    auto order = [&] {
      return FakeOrder{(1000 + pick(60)) * kDayMs + pick(3) * 1000,
                       "R" + std::to_string(pick(4)) + std::to_string(serial++), 100 + pick(900)};
    };
    for (std::size_t i = 0; i < members.size(); ++i) {
      members[i].id = "c" + std::to_string(10 + pick(80));
      if (pick(2)) members[i].company = pick(2) ? "Acme Pty Ltd" : "ACME";
      for (int k = pick(5); k > 0; --k) members[i].orders.push_back(order());
    }
    std::sort(members.begin(), members.end(),
              [](const Member& x, const Member& y) { return x.id < y.id; });
    members.erase(std::unique(members.begin(), members.end(),
                              [](const Member& x, const Member& y) { return x.id == y.id; }),
                  members.end());
    // `fresh`: the contact this change wrote (its last_updated is the newest).
    auto aggregate = [&](const std::vector<Member>& ms, std::vector<CustomerAggregate>* rows,
                         std::vector<DayMultiset>* sets, const std::string& fresh) {
      rows->clear();
      sets->clear();
      rows->reserve(ms.size());
      sets->reserve(ms.size());
      std::vector<AccountMember> am;
      for (const Member& m : ms) {
        sets->emplace_back();
        rows->push_back(Folded(m.id, m.id + "@acme.example", m.company, m.orders, &sets->back()));
        rows->back().last_updated = m.id == fresh ? 2 : 1;
      }
      for (std::size_t i = 0; i < ms.size(); ++i) {
        am.push_back(AccountMember{&(*rows)[i], (*sets)[i].Expanded()});
      }
      return AggregateAccount("shop", key, am);
    };
    std::vector<CustomerAggregate> rows_before, rows_after;
    std::vector<DayMultiset> days_before, days_after;
    const Account before = aggregate(members, &rows_before, &days_before, "");
    std::vector<Member> changed = members;
    AccountMemberChange change;
    std::size_t who = 0;
    const bool join = pick(3) == 0;
    if (join) {
      Member m;
      m.id = "c" + std::to_string(pick(100));
      if (std::any_of(members.begin(), members.end(), [&](const Member& x) { return x.id == m.id; })) {
        continue;
      }
      if (pick(2)) m.company = "Acme";
      for (int k = pick(4) == 0 ? 0 : 1 + pick(3); k > 0; --k) m.orders.push_back(order());
      changed.push_back(m);
      std::sort(changed.begin(), changed.end(),
                [](const Member& x, const Member& y) { return x.id < y.id; });
      who = static_cast<std::size_t>(
          std::find_if(changed.begin(), changed.end(), [&](const Member& x) { return x.id == m.id; }) -
          changed.begin());
    } else {
      who = static_cast<std::size_t>(pick(static_cast<int>(changed.size())));
      auto& orders = changed[who].orders;
      switch (pick(3)) {
        case 0:
          orders.push_back(order());
          break;
        case 1:  // the earliest or latest goes (a cancel)
          if (!orders.empty()) {
            auto it = pick(2) ? std::min_element(orders.begin(), orders.end(),
                                                 [](auto& x, auto& y) { return x.at < y.at; })
                              : std::max_element(orders.begin(), orders.end(),
                                                 [](auto& x, auto& y) { return x.at < y.at; });
            orders.erase(it);
          }
          break;
        default:
          if (!orders.empty()) orders[pick(static_cast<int>(orders.size()))].total += 50;
      }
    }
    const Account after = aggregate(changed, &rows_after, &days_after, changed[who].id);
    if (join) {
      // A contact without counted orders joins with no days (as the batch gives it).
      const bool none = days_after[who].empty() && pick(2);
      change = {nullptr, &rows_after[who], nullptr, none ? nullptr : &days_after[who]};
    } else {
      change = {&rows_before[who], &rows_after[who], &days_before[who], &days_after[who]};
    }
    Account a = before;
    if (!ChangeAccount(a, {change})) continue;
    ++answered;
    (join ? joins : stays) += 1;
    EXPECT_EQ(a, after) << "round " << round << (join ? " join" : " stay");
    EXPECT_EQ(a.totals.last_updated, after.totals.last_updated) << "round " << round;
  }
  // Most changes are answered from the row alone (not a test that cannot fail).
  EXPECT_GT(joins, 300);
  EXPECT_GT(stays, 1000);
}

}  // namespace
}  // namespace packprod
