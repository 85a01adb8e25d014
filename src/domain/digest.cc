#include "domain/digest.h"

#include <fmt/core.h>

namespace packprod {
namespace {

std::string Money(Cents c, const std::string& currency) {
  return FormatCents(c) + " " + currency;
}

std::string WeekLabel(DayNumber monday) {
  return FormatDate(monday) + " to " + FormatDate(monday + 6);
}

template <typename Customer>
std::string CustomerLabel(const Customer& c) {
  return c.name ? *c.name + " <" + c.email + ">" : c.email;
}

std::string ReorderLine(const DigestReorder& r, const std::string& currency) {
  return fmt::format("{}: every {} days, expected {}, {} days late, average order {}",
                     CustomerLabel(r), r.cadence_days, FormatDate(r.expected_day), r.days_late,
                     Money(r.average_order_value, currency));
}

struct KpiRow {
  const char* label;
  std::int64_t now, before;
  bool money;
};

std::vector<KpiRow> KpiRows(const DigestData& d) {
  return {{"Orders", d.week.orders, d.previous.orders, false},
          {"Revenue", d.week.revenue, d.previous.revenue, true},
          {"Average order", d.week.average_order_value, d.previous.average_order_value, true},
          {"Customers", d.week.customers, d.previous.customers, false},
          {"New customers", d.week.new_customers, d.previous.new_customers, false},
          {"Units", d.week.units, d.previous.units, false}};
}

std::string Figure(const KpiRow& r, std::int64_t v, const std::string& currency) {
  return r.money ? Money(v, currency) : std::to_string(v);
}

}  // namespace

DayNumber LastWeekMonday(Millis now, const TimeZone& tz) {
  DayNumber today = tz.LocalDay(now);
  return today - WeekdayOfDay(today) - 7;
}

std::string ChangeText(std::int64_t now, std::int64_t before) {
  if (before == 0) return now == 0 ? "0%" : "new";
  // 100 x (now - before) / before, rounded half away from zero, in integers.
  std::int64_t num = (now - before) * 100;
  std::int64_t den = before;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  std::int64_t mag = ((num < 0 ? -num : num) * 2 + den) / (2 * den);
  std::int64_t pct = num < 0 ? -mag : mag;
  return (pct > 0 ? "+" : "") + std::to_string(pct) + "%";
}

std::string HtmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string DigestSubject(const DigestData& d) {
  return fmt::format("{}: week of {}: {} orders, {} ({})", d.shop_name, FormatDate(d.week_monday),
                     d.week.orders, Money(d.week.revenue, d.currency),
                     ChangeText(d.week.revenue, d.previous.revenue));
}

std::string DigestText(const DigestData& d) {
  std::string t;
  t += fmt::format("Weekly digest for {} ({}), {} ({})\n\n", d.shop_name, d.client_id,
                   WeekLabel(d.week_monday), d.timezone);
  t += fmt::format("{:<16}{:>18}{:>18}{:>9}\n", "", "last week", "week before", "change");
  for (const KpiRow& r : KpiRows(d)) {
    t += fmt::format("{:<16}{:>18}{:>18}{:>9}\n", r.label, Figure(r, r.now, d.currency),
                     Figure(r, r.before, d.currency), ChangeText(r.now, r.before));
  }
  t += "\nTop products\n";
  if (d.top_products.empty()) t += "  (no orders last week)\n";
  for (const DigestProduct& p : d.top_products) {
    t += fmt::format("  {} {}: {} units in {} orders, {}\n", p.code, p.name.value_or(""),
                     p.units, p.orders, Money(p.revenue, d.currency));
  }
  t += "\nVIPs who became dormant\n";
  if (d.dormant_vips.empty()) t += "  (none)\n";
  for (const DigestCustomer& c : d.dormant_vips) {
    t += fmt::format("  {}: {} orders, {} spent, last order {}\n", CustomerLabel(c),
                     c.order_count, Money(c.total_spend, d.currency), FormatRfc3339(c.last_order));
  }
  t += "\nOverdue reorders\n";
  if (d.overdue_reorders.empty()) t += "  (none)\n";
  for (const DigestReorder& r : d.overdue_reorders) t += "  " + ReorderLine(r, d.currency) + "\n";
  t += fmt::format("\nOrder e-mails waiting in the failure queue: {}\n", d.failed_emails);
  return t;
}

std::string DigestHtml(const DigestData& d) {
  const char* td = "style=\"padding:4px 10px;border-bottom:1px solid #ddd;text-align:right\"";
  const char* tdl = "style=\"padding:4px 10px;border-bottom:1px solid #ddd;text-align:left\"";
  std::string h;
  h += "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>";
  h += HtmlEscape(DigestSubject(d));
  h += "</title></head>\n<body style=\"font-family:Arial,sans-serif;color:#222\">\n";
  h += fmt::format("<h1 style=\"font-size:20px\">Weekly digest for {}</h1>\n",
                   HtmlEscape(d.shop_name));
  h += fmt::format("<p>{} ({}), against the week before.</p>\n", WeekLabel(d.week_monday),
                   HtmlEscape(d.timezone));
  h += "<table style=\"border-collapse:collapse\">\n";
  h += fmt::format("<tr><th {}></th><th {}>Last week</th><th {}>Week before</th><th {}>Change</th></tr>\n",
                   tdl, td, td, td);
  for (const KpiRow& r : KpiRows(d)) {
    h += fmt::format("<tr><td {}>{}</td><td {}>{}</td><td {}>{}</td><td {}>{}</td></tr>\n", tdl,
                     r.label, td, HtmlEscape(Figure(r, r.now, d.currency)), td,
                     HtmlEscape(Figure(r, r.before, d.currency)), td,
                     ChangeText(r.now, r.before));
  }
  h += "</table>\n<h2 style=\"font-size:16px\">Top products</h2>\n";
  if (d.top_products.empty()) {
    h += "<p>No orders last week.</p>\n";
  } else {
    h += fmt::format("<table style=\"border-collapse:collapse\">\n<tr><th {}>Code</th><th {}>Name</th>"
                     "<th {}>Units</th><th {}>Orders</th><th {}>Revenue</th></tr>\n",
                     tdl, tdl, td, td, td);
    for (const DigestProduct& p : d.top_products) {
      h += fmt::format("<tr><td {}>{}</td><td {}>{}</td><td {}>{}</td><td {}>{}</td><td {}>{}</td></tr>\n",
                       tdl, HtmlEscape(p.code), tdl, HtmlEscape(p.name.value_or("")), td, p.units,
                       td, p.orders, td, HtmlEscape(Money(p.revenue, d.currency)));
    }
    h += "</table>\n";
  }
  h += "<h2 style=\"font-size:16px\">VIPs who became dormant</h2>\n";
  if (d.dormant_vips.empty()) {
    h += "<p>None.</p>\n";
  } else {
    h += "<ul>\n";
    for (const DigestCustomer& c : d.dormant_vips) {
      h += fmt::format("<li>{}: {} orders, {} spent, last order {}</li>\n",
                       HtmlEscape(CustomerLabel(c)), c.order_count,
                       HtmlEscape(Money(c.total_spend, d.currency)), FormatRfc3339(c.last_order));
    }
    h += "</ul>\n";
  }
  h += "<h2 style=\"font-size:16px\">Overdue reorders</h2>\n";
  if (d.overdue_reorders.empty()) {
    h += "<p>None.</p>\n";
  } else {
    h += "<ul>\n";
    for (const DigestReorder& r : d.overdue_reorders) {
      h += "<li>" + HtmlEscape(ReorderLine(r, d.currency)) + "</li>\n";
    }
    h += "</ul>\n";
  }
  h += fmt::format("<h2 style=\"font-size:16px\">Order e-mails</h2>\n<p>{} waiting in the "
                   "failure queue.</p>\n",
                   d.failed_emails);
  h += "</body></html>\n";
  return h;
}

}  // namespace packprod
