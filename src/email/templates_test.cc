// Every fixture e-mail (tests/fixtures/email) decoded and read by the templates, compared
// with the order written beside it; broken ones fail with the expected field and reason.
#include "email/templates.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/validate.h"
#include "email/body_text.h"

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

std::vector<fs::path> Fixtures() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(PACKPROD_EMAIL_FIXTURES)) {
    if (e.path().extension() == ".eml") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(EmailFixtures, AtLeastThirty) { EXPECT_GE(Fixtures().size(), 30u); }

TEST(EmailFixtures, EveryFixtureParsesAsExpected) {
  ClientSettings client;
  client.client_id = "shop";
  int parsed = 0, failed = 0;
  for (const auto& eml : Fixtures()) {
    SCOPED_TRACE(eml.filename().string());
    fs::path expected_path = eml;
    expected_path.replace_extension(".json");
    json::object want = json::parse(ReadFile(expected_path)).as_object();
    auto msg = DecodeEmail(ReadFile(eml));
    ASSERT_TRUE(msg.ok()) << msg.status().ToString();
    EmailRules none;
    auto got = ParseOrderEmail(*msg, none, client.timezone);
    const json::object* failure = want.contains("failure") ? &want["failure"].as_object() : nullptr;
    std::string stage = failure ? std::string(failure->at("stage").as_string()) : "";
    if (stage == "parse") {
      ASSERT_FALSE(got.ok());
      ASSERT_EQ(got.status().details().size(), 1u);
      EXPECT_EQ(got.status().details()[0].path, failure->at("field").as_string());
      EXPECT_NE(got.status().details()[0].message.find(failure->at("reason").as_string()),
                std::string::npos)
          << got.status().details()[0].message;
      ++failed;
      if (!want.contains("rules")) continue;
      auto rules = ParseEmailRules(want["rules"]);
      ASSERT_TRUE(rules.ok());
      got = ParseOrderEmail(*msg, *rules, client.timezone);
    }
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(got->template_, want["template"].as_string());
    EXPECT_EQ(json::value(got->order), want["order"]) << json::serialize(got->order);
    std::vector<Detail> details;
    auto v = ValidateOrder(got->order, client, "", &details);
    if (stage == "validate") {
      EXPECT_FALSE(v.has_value());
      ASSERT_FALSE(details.empty());
      EXPECT_EQ(details[0].path, failure->at("field").as_string());
      EXPECT_NE(details[0].message.find(failure->at("reason").as_string()), std::string::npos)
          << details[0].message;
      ++failed;
    } else {
      EXPECT_TRUE(v.has_value()) << (details.empty() ? ""
                                                     : details[0].path + ": " + details[0].message);
      ++parsed;
    }
  }
  std::cout << parsed << " fixtures import, " << failed << " fail as expected\n";
}

TEST(BodyText, HtmlBlocksCellsAndEntities) {
  auto lines = NormaliseLines(HtmlToText(
      "<html><head><title>x</title><style>p{}</style></head><body><p>A&nbsp;&amp; B</p>"
      "<table><tr><td>one</td><td> &#36;1.00 </td></tr></table><!-- hidden -->x&unknown;</body>"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "A & B");
  EXPECT_EQ(lines[1], "one\t$1.00");
  EXPECT_EQ(lines[2], "x&unknown;");
}

TEST(EmailRulesTest, RejectsUnknownTemplateAndEmptyRule) {
  auto bad = ParseEmailRules(json::parse(R"({"rules":[{"from":"a@b","template":"magento"}]})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().details()[0].path, "/rules/0/template");
  auto empty = ParseEmailRules(json::parse(R"({"rules":[{"template":"plain"}]})"));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().details()[0].path, "/rules/0");
  auto ok = ParseEmailRules(json::parse(R"({"rules":[{"subject":"Order","template":"plain"}]})"));
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(json::value(EmailRulesJson(*ok)),
            json::parse(R"({"rules":[{"subject":"Order","template":"plain"}]})"));
}

TEST(Mime, ComposedMessageDecodesToTheSameParts) {
  EmailMessage m;
  m.message_id = "abc@example.com";
  m.from = "orders@shop.com.au";
  m.reply_to = "zoe@example.com";
  m.subject = "Zoë's order #12";
  m.date = 1760956200000;
  m.text = "Order: 12\nName: Zoë\n";
  m.html = "<p>Order: 12</p>";
  auto back = DecodeEmail(ComposeEmail(m));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->message_id, m.message_id);
  EXPECT_EQ(back->from, m.from);
  EXPECT_EQ(back->reply_to, m.reply_to);
  EXPECT_EQ(back->subject, m.subject);
  EXPECT_EQ(back->date, m.date);
  EXPECT_EQ(back->text, m.text);
  EXPECT_EQ(back->html, m.html);
}

}  // namespace
}  // namespace packprod::email
