#include "domain/digest.h"

#include <gtest/gtest.h>

#include "domain/mail_message.h"

namespace packprod {
namespace {

DigestData Sample() {
  DigestData d;
  d.client_id = "acme";
  d.shop_name = "Acme <Boxes> & Co";
  d.currency = "AUD";
  d.timezone = "Australia/Sydney";
  d.week_monday = *ParseDate("2026-11-23");
  d.week = {12, 5, 2, 40, 123450, 10288};
  d.previous = {10, 4, 1, 30, 100000, 10000};
  d.top_products = {{"BOX-1", std::string("Box \"large\""), 20, 6, 60000}};
  d.dormant_vips = {{"c1", "jo@example.com", std::string("Jo <VIP>"), 12, 900000,
                     *ParseRfc3339("2026-05-26T01:00:00Z")}};
  d.failed_emails = 3;
  d.overdue_reorders = {{"c2", "buyer@example.com", std::string("Tape & <Co>"), 14,
                         *ParseDate("2026-11-20"), 16, 45000}};
  return d;
}

TEST(Digest, LastWeekIsTheMondayToSundayBeforeThisLocalWeek) {
  auto tz = *TimeZone::Find("Australia/Sydney");
  // Monday 2026-11-30 07:00 in Sydney is still Sunday 29th in UTC.
  Millis t = *ParseRfc3339("2026-11-29T20:00:00Z");
  EXPECT_EQ(FormatDate(LastWeekMonday(t, tz)), "2026-11-23");
  // Sunday 2026-11-29 23:00 local: last week began on the 16th.
  Millis s = *ParseRfc3339("2026-11-29T12:00:00Z");
  EXPECT_EQ(FormatDate(LastWeekMonday(s, tz)), "2026-11-16");
  EXPECT_EQ(FormatDate(LastWeekMonday(s, TimeZone::Utc())), "2026-11-16");
}

TEST(Digest, ChangeIsRoundedPercentOrNew) {
  EXPECT_EQ(ChangeText(12, 10), "+20%");
  EXPECT_EQ(ChangeText(9, 10), "-10%");
  EXPECT_EQ(ChangeText(1, 3), "-67%");
  EXPECT_EQ(ChangeText(2, 3), "-33%");
  EXPECT_EQ(ChangeText(5, 0), "new");
  EXPECT_EQ(ChangeText(0, 0), "0%");
  EXPECT_EQ(ChangeText(10, 10), "0%");
}

TEST(Digest, HtmlEscapesEveryTextFromTheData) {
  std::string h = DigestHtml(Sample());
  EXPECT_NE(h.find("Acme &lt;Boxes&gt; &amp; Co"), std::string::npos);
  EXPECT_NE(h.find("Box &quot;large&quot;"), std::string::npos);
  EXPECT_NE(h.find("Jo &lt;VIP&gt; &lt;jo@example.com&gt;"), std::string::npos);
  EXPECT_EQ(h.find("<Boxes>"), std::string::npos);
  EXPECT_EQ(h.find("<VIP>"), std::string::npos);
  EXPECT_NE(h.find("1234.50 AUD"), std::string::npos);
  EXPECT_NE(h.find("+23%"), std::string::npos);  // revenue 1234.50 against 1000.00
}

TEST(Digest, TextAndSubjectCarryTheFigures) {
  DigestData d = Sample();
  EXPECT_EQ(DigestSubject(d), "Acme <Boxes> & Co: week of 2026-11-23: 12 orders, 1234.50 AUD (+23%)");
  std::string t = DigestText(d);
  EXPECT_NE(t.find("2026-11-23 to 2026-11-29"), std::string::npos);
  EXPECT_NE(t.find("BOX-1 Box \"large\": 20 units in 6 orders, 600.00 AUD"), std::string::npos);
  EXPECT_NE(t.find("Jo <VIP> <jo@example.com>: 12 orders, 9000.00 AUD spent"), std::string::npos);
  EXPECT_NE(t.find("failure queue: 3"), std::string::npos);
  EXPECT_NE(t.find("Tape & <Co> <buyer@example.com>: every 14 days, expected 2026-11-20, "
                   "16 days late, average order 450.00 AUD"),
            std::string::npos);
  EXPECT_NE(DigestHtml(d).find("Tape &amp; &lt;Co&gt;"), std::string::npos);
}

TEST(MailMessage, QuotedPrintableEscapesAndWrapsAt76) {
  EXPECT_EQ(QuotedPrintable("a=b\n"), "a=3Db\r\n");
  EXPECT_EQ(QuotedPrintable("caf\xC3\xA9 "), "caf=C3=A9=20\r\n");
  EXPECT_EQ(QuotedPrintable(".x"), "=2Ex\r\n");
  std::string longline(100, 'x');
  std::string qp = QuotedPrintable(longline);
  EXPECT_EQ(qp, std::string(75, 'x') + "=\r\n" + std::string(25, 'x') + "\r\n");
}

TEST(MailMessage, HeadersAreEncodedAndTheBodyIsMultipartAlternative) {
  MailMessage m;
  m.from = "packprod@shop.example";
  m.to = {"a@example.com", "b@example.com"};
  m.subject = "Caf\xC3\xA9 digest";
  m.text = "plain";
  m.html = "<p>html</p>";
  m.date = *ParseRfc3339("2026-11-30T08:00:00Z");
  m.message_id = "x@packprod";
  std::string s = ComposeMail(m, "BOUNDARY");
  EXPECT_NE(s.find("Subject: =?UTF-8?B?Q2Fmw6kgZGlnZXN0?=\r\n"), std::string::npos);
  EXPECT_NE(s.find("Date: Mon, 30 Nov 2026 08:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(s.find("To: a@example.com,\r\n b@example.com\r\n"), std::string::npos);
  EXPECT_NE(s.find("Content-Type: multipart/alternative;\r\n boundary=\"BOUNDARY\""), std::string::npos);
  std::size_t text = s.find("Content-Type: text/plain; charset=UTF-8");
  std::size_t html = s.find("Content-Type: text/html; charset=UTF-8");
  ASSERT_NE(text, std::string::npos);
  ASSERT_NE(html, std::string::npos);
  EXPECT_LT(text, html);
  EXPECT_NE(s.find("--BOUNDARY--\r\n"), std::string::npos);
  // No bare LF anywhere.
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') {
      ASSERT_TRUE(i > 0 && s[i - 1] == '\r') << i;
    }
  }
}

TEST(MailMessage, AddressesRejectHeaderInjection) {
  EXPECT_TRUE(ValidMailAddress("jo@example.com"));
  EXPECT_FALSE(ValidMailAddress("jo@example.com\r\nBcc: x@y"));
  EXPECT_FALSE(ValidMailAddress("a@b, c@d"));
  EXPECT_FALSE(ValidMailAddress("no-at"));
  EXPECT_FALSE(ValidMailAddress("@example.com"));
}

}  // namespace
}  // namespace packprod
