#include "notify/settings.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace packprod::notify {
namespace {
namespace json = boost::json;

Result<NotifySettings> Parse(const char* text) { return ParseNotifySettings(json::parse(text)); }

TEST(NotifySettings, ParsesAndRoundTrips) {
  auto s = Parse(R"({"recipients":["owner@shop.example"],
    "smtp":{"url":"smtp://127.0.0.1:2525","from":"packprod@shop.example","username":"u",
            "passwordFile":"/etc/packprod/smtp","starttls":"optional"},
    "digest":{"enabled":true,"weekday":"tuesday","hour":7},
    "webhooks":["https://hooks.slack.com/services/T/B/x"],
    "alerts":[{"type":"noOrders","threshold":8},{"id":"lag","type":"streamLag","threshold":30,"minutes":5}],
    "businessHours":{"days":["monday","saturday"],"start":8,"end":18}})");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->digest.weekday, 1);
  EXPECT_EQ(s->digest.hour, 7);
  ASSERT_EQ(s->alerts.size(), 2u);
  EXPECT_EQ(s->alerts[0].id, "noOrders");
  EXPECT_EQ(s->alerts[1].minutes, 5);
  EXPECT_TRUE(s->business_hours.days[5]);
  EXPECT_FALSE(s->business_hours.days[1]);
  auto again = ParseNotifySettings(NotifySettingsJson(*s));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(json::serialize(NotifySettingsJson(*again)), json::serialize(NotifySettingsJson(*s)));
}

TEST(NotifySettings, ErrorsNameTheField) {
  auto msg = [](const char* text) { return Parse(text).status().message(); };
  EXPECT_EQ(msg(R"({"smtp":{"url":"http://x","from":"a@b"}})"),
            "smtp.url: must start with smtp:// or smtps://");
  EXPECT_EQ(msg(R"({"recipients":["a@b","x\r\nBcc: y@z"]})"), "recipients[1]: not an e-mail address");
  EXPECT_EQ(msg(R"({"alerts":[{"type":"noOrders","threshold":1},{"type":"nope","threshold":1}]})"),
            "alerts[1].type: must be noOrders, emailFailures, streamLag or errorRate");
  EXPECT_EQ(msg(R"({"alerts":[{"type":"errorRate","threshold":150}]})"),
            "alerts[0].threshold: must be between 0 and 100");
  EXPECT_EQ(msg(R"({"alerts":[{"type":"noOrders"}]})"), "alerts[0].threshold: required");
  EXPECT_EQ(msg(R"({"alerts":[{"type":"noOrders","threshold":1},{"type":"noOrders","threshold":2}]})"),
            "alerts[1].id: used by another rule");
  EXPECT_EQ(msg(R"({"digest":{"weekday":"funday"}})"), "digest.weekday: must be a day name: monday .. sunday");
  EXPECT_EQ(msg(R"({"webhooks":["ftp://x"]})"), "webhooks[0]: must be an http:// or https:// URL");
  EXPECT_EQ(msg(R"({"smtp":{"url":"smtp://x","from":"a@b","password":"secret"}})"),
            "smtp.password: unknown setting");
  EXPECT_EQ(msg(R"({"recipients":["a@b"],"digest":{"enabled":true}})"),
            "smtp: required to mail the recipients");
  EXPECT_EQ(msg(R"({"businessHours":{"start":17,"end":9}})"), "businessHours.end: must be after start");
}

}  // namespace
}  // namespace packprod::notify
