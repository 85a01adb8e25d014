// The alert document over a real (in-memory SQLite) store: each rule fires once and
// resolves once, queued deliveries follow the settings, and a removed rule resolves.
#include "notify/alerts.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace packprod::notify {
namespace {
namespace json = boost::json;

class AlertsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::Store::Open("sqlite::memory:");
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    st_ = std::move(s).value();
    client_.client_id = "acme";
    client_.timezone = "UTC";
    settings_.business_hours.days.fill(true);
    settings_.business_hours.start = 0;
    settings_.business_hours.end = 24;
    settings_.alerts = {{"failures", RuleKind::kEmailFailures, 2, 0}};
  }
  json::object Alerts() {
    auto a = AlertsJson(*st_, "acme");
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return *a;
  }
  std::unique_ptr<store::Store> st_;
  ClientSettings client_;
  NotifySettings settings_;
};

TEST_F(AlertsTest, FiresOnceAndResolvesOnce) {
  Observations o;
  o.email_failures = 1;
  EXPECT_EQ(*EvaluateRules(*st_, client_, settings_, o, 1000), 0);
  o.email_failures = 2;
  EXPECT_EQ(*EvaluateRules(*st_, client_, settings_, o, 2000), 1);
  o.email_failures = 3;
  EXPECT_EQ(*EvaluateRules(*st_, client_, settings_, o, 3000), 0);
  json::object a = Alerts();
  ASSERT_EQ(a["active"].as_array().size(), 1u);
  json::object& fired = a["active"].as_array()[0].as_object();
  EXPECT_EQ(fired["rule"], "failures");
  EXPECT_EQ(fired["state"], "firing");
  EXPECT_EQ(fired["value"].to_number<double>(), 3.0);  // the latest figure
  EXPECT_EQ(fired["firedAt"], "1970-01-01T00:00:02Z");
  EXPECT_TRUE(fired["deliveries"].as_array().empty());  // no recipient, no webhook

  o.email_failures = 0;
  EXPECT_EQ(*EvaluateRules(*st_, client_, settings_, o, 4000), 1);
  EXPECT_EQ(*EvaluateRules(*st_, client_, settings_, o, 5000), 0);
  a = Alerts();
  EXPECT_TRUE(a["active"].as_array().empty());
  ASSERT_EQ(a["recent"].as_array().size(), 1u);
  EXPECT_EQ(a["recent"].as_array()[0].as_object()["state"], "resolved");
  EXPECT_EQ(a["recent"].as_array()[0].as_object()["resolvedAt"], "1970-01-01T00:00:04Z");
}

TEST_F(AlertsTest, DeliveriesAreQueuedPerChannelAndARemovedRuleResolves) {
  settings_.recipients = {"owner@shop.example"};
  settings_.smtp.url = "smtp://127.0.0.1:1";
  settings_.smtp.from = "packprod@shop.example";
  settings_.webhooks = {"http://127.0.0.1:1/hook/secret"};
  Observations o;
  o.email_failures = 5;
  EXPECT_EQ(*EvaluateRules(*st_, client_, settings_, o, 1000), 1);
  json::object a = Alerts();
  json::array& ds = a["active"].as_array()[0].as_object()["deliveries"].as_array();
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].as_object()["channel"], "email");
  EXPECT_EQ(ds[1].as_object()["channel"], "webhook");
  EXPECT_EQ(ds[1].as_object()["target"], "http://127.0.0.1:1");  // no path: it may be secret
  EXPECT_EQ(ds[1].as_object()["state"], "pending");

  // Nothing listens on port 1: both fail, are kept for a retry after the back-off.
  EXPECT_EQ(*DeliverDue(*st_, client_, settings_, NowMillis(), 60'000), 2);
  EXPECT_EQ(*DeliverDue(*st_, client_, settings_, NowMillis(), 60'000), 0);  // not due yet
  a = Alerts();
  for (const json::value& d : a["active"].as_array()[0].as_object()["deliveries"].as_array()) {
    EXPECT_EQ(d.as_object().at("state"), "pending");
    EXPECT_EQ(d.as_object().at("attempts"), 1);
    EXPECT_TRUE(d.as_object().at("lastError").is_string());
  }

  settings_.alerts.clear();
  EXPECT_EQ(*EvaluateRules(*st_, client_, settings_, o, 2000), 1);
  a = Alerts();
  EXPECT_TRUE(a["active"].as_array().empty());
  EXPECT_EQ(a["recent"].as_array()[0].as_object()["resolvedMessage"], "The rule was removed");
}

TEST(WebhookBody, SlackGetsItsShapeOthersTheAlert) {
  json::object alert{{"id", 7},          {"rule", "quiet"},    {"type", "noOrders"},
                     {"state", "firing"}, {"message", "No order for 9.0 business hours"},
                     {"value", 9.0},      {"threshold", 8.0},   {"firedAt", 2000},
                     {"resolvedAt", nullptr}, {"deliveries", json::array()}};
  json::value slack = json::parse(
      WebhookBody("https://hooks.slack.com/services/T0/B0/x", "acme", alert, "fired"));
  EXPECT_EQ(slack, json::parse(R"({"text":"[packprod] acme: FIRING quiet: No order for 9.0 business hours"})"));
  json::object other =
      json::parse(WebhookBody("https://ops.example/hook", "acme", alert, "fired")).as_object();
  EXPECT_EQ(other["client"], "acme");
  EXPECT_EQ(other["event"], "fired");
  EXPECT_EQ(other["alert"].as_object()["firedAt"], "1970-01-01T00:00:02Z");
  EXPECT_FALSE(other["alert"].as_object().contains("deliveries"));
  EXPECT_EQ(other["text"], slack.as_object()["text"]);
}

}  // namespace
}  // namespace packprod::notify
