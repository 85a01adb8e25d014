// The weekly digest: what happened in a shop last week against the week before, as an
// e-mail's subject, plain text and HTML. Pure: the caller (src/notify/digest) reads the
// figures from the store; this file only chooses the week and renders.
//
// Weeks are local Monday-Sunday in the shop's zone. Money is integer cents rendered with
// two decimals and the currency code. Every text taken from the data (shop, product and
// customer names, e-mails) is HTML-escaped in the HTML part.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/money.h"
#include "domain/time.h"

namespace packprod {

// The Monday of the last complete local week before the one holding `now`.
DayNumber LastWeekMonday(Millis now, const TimeZone& tz);

struct DigestKpis {
  std::int64_t orders = 0, customers = 0, new_customers = 0, units = 0;
  Cents revenue = 0, average_order_value = 0;
};

struct DigestProduct {
  std::string code;
  std::optional<std::string> name;
  std::int64_t units = 0, orders = 0;
  Cents revenue = 0;
};

struct DigestCustomer {
  std::string contact_id, email;
  std::optional<std::string> name;
  std::int64_t order_count = 0;
  Cents total_spend = 0;
  Millis last_order = 0;
};

// A contact whose reorder is overdue (domain/reorders.h) on the day the digest is made.
struct DigestReorder {
  std::string contact_id, email;
  std::optional<std::string> name;
  std::int64_t cadence_days = 0;
  DayNumber expected_day = 0;
  std::int64_t days_late = 0;
  Cents average_order_value = 0;
};

struct DigestData {
  std::string client_id, shop_name, currency, timezone;
  DayNumber week_monday = 0;           // last week: [week_monday, week_monday + 6]
  DigestKpis week, previous;           // last week and the week before it
  std::vector<DigestProduct> top_products;      // last week, by revenue, at most 5
  std::vector<DigestCustomer> dormant_vips;  // moved VIP -> Dormant during the week
  std::int64_t failed_emails = 0;      // order e-mails waiting in the failure queue
  // Overdue reorders as of the day the digest is made, by value at risk, at most 10.
  std::vector<DigestReorder> overdue_reorders;
};

// "acme: week of 2026-11-23: 42 orders, 1234.50 AUD (+12%)".
std::string DigestSubject(const DigestData& d);
// The plain-text part (LF line ends; the MIME writer makes them CRLF).
std::string DigestText(const DigestData& d);
// A whole HTML document with inline styles (mail clients drop <style> blocks).
std::string DigestHtml(const DigestData& d);

// "+12%", "-3%", "0%", or "new" when the previous figure is 0 and this one is not.
std::string ChangeText(std::int64_t now, std::int64_t before);
// &, <, >, " and ' as entities.
std::string HtmlEscape(std::string_view s);

}  // namespace packprod
