#include "notify/digest.h"

#include <cmath>

#include <boost/json.hpp>
#include <fmt/core.h>

#include "domain/ids.h"
#include "domain/listing.h"
#include "domain/period.h"
#include "domain/reorders.h"
#include "domain/reports_rollup.h"
#include "notify/doc.h"
#include "notify/transport.h"
#include "ops/log.h"

namespace packprod::notify {
namespace json = boost::json;
namespace {

constexpr const char* kDoc = "digest";
constexpr std::size_t kMaxDormantVips = 20;
constexpr std::size_t kMaxOverdueReorders = 10;
constexpr std::size_t kKeptWeeks = 26;
constexpr Millis kClaimMs = 5 * 60 * 1000;  // a send in progress holds the week this long

Cents ToCents(const json::value& v) {
  return static_cast<Cents>(std::llround(v.to_number<double>() * 100));
}

DigestKpis Kpis(const json::object& o) {
  DigestKpis k;
  k.orders = o.at("orders").to_number<std::int64_t>();
  k.revenue = ToCents(o.at("revenue"));
  k.average_order_value = ToCents(o.at("averageOrderValue"));
  k.customers = o.at("customers").to_number<std::int64_t>();
  k.new_customers = o.at("newCustomers").to_number<std::int64_t>();
  k.units = o.at("units").to_number<std::int64_t>();
  return k;
}

using Doc = JsonDoc;

Result<Doc> ReadDoc(store::Store& st, const std::string& client) {
  return ReadJsonDoc(st, client, kDoc);
}

Status Update(store::Store& st, const std::string& client,
              const std::function<bool(json::object&)>& change, bool* written = nullptr) {
  return UpdateJsonDoc(st, client, kDoc, "digest state", change, written);
}

std::int64_t IntOr(const json::object& o, const char* key, std::int64_t dflt) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_int64() ? v->as_int64() : dflt;
}

bool Sent(const json::object& doc, const std::string& week) {
  const json::value* sent = doc.if_contains("sent");
  return sent != nullptr && sent->is_object() && sent->as_object().contains(week);
}

bool Claimed(const json::object& doc, const std::string& week, Millis now) {
  const json::value* c = doc.if_contains("claim");
  return c != nullptr && c->is_object() && c->as_object().if_contains("week") != nullptr &&
         c->as_object().at("week") == json::value(week) && IntOr(c->as_object(), "until", 0) > now;
}

Millis Backoff(std::int64_t attempts) {
  Millis ms = 60 * 1000;
  for (std::int64_t i = 1; i < attempts && ms < 3600 * 1000; ++i) ms *= 2;
  return std::min<Millis>(ms, 3600 * 1000);
}

}  // namespace

Result<DigestData> GatherDigest(store::Store& st, const ClientSettings& client,
                                DayNumber week_monday) {
  auto tz = TimeZone::Find(client.timezone);
  if (!tz) return Status::Internal("unknown time zone " + client.timezone);
  const std::string& id = client.client_id;
  PP_ASSIGN_OR_RETURN(Period p, MakePeriod(FormatDate(week_monday), FormatDate(week_monday + 6),
                                           NowMillis(), *tz));
  Period prev = PreviousPeriod(p, *tz);
  PP_ASSIGN_OR_RETURN(DayRollups r,
                      st.ReadDayRollups(id, prev.from_day, p.to_day,
                                        store::kSalesRollup | store::kProductRollup |
                                            store::kDayCustomersRollup));
  DigestData d;
  d.client_id = id;
  d.shop_name = client.name.empty() ? id : client.name;
  d.currency = client.currency;
  d.timezone = client.timezone;
  d.week_monday = week_monday;
  d.week = Kpis(SummaryFromRollups(p, r));
  d.previous = Kpis(SummaryFromRollups(prev, r));

  std::vector<ProductAggregate> products = RankProductDays(p, r);
  if (products.size() > kTopRows) products.resize(kTopRows);
  PP_RETURN_IF_ERROR(st.FillProductPeriod(id, p.from, p.to, &products));
  for (const ProductAggregate& x : products) {
    d.top_products.push_back({x.code, x.name, x.units, x.orders, x.revenue});
  }

  // VIPs who became Dormant during the week: the week's VIP -> Dormant segment movements
  // (docs/metrics.md "Segment movements"), by day then contactID, whatever they did since.
  store::SegmentMoveQuery q;
  q.from_day = p.from_day;
  q.to_day = p.to_day;
  q.from = Segment::kVip;
  q.to = Segment::kDormant;
  q.limit = static_cast<int>(kMaxDormantVips);
  PP_ASSIGN_OR_RETURN(store::SegmentMovePage moved, st.ListSegmentMoves(id, q));
  for (const store::SegmentMoveRow& m : moved.items) {
    PP_ASSIGN_OR_RETURN(std::optional<CustomerAggregate> c, st.FindCustomerView(id, m.contact_id));
    if (!c || !c->last_order) continue;
    d.dormant_vips.push_back({c->contact_id, c->email, c->name, c->order_count, c->total_spend,
                              *c->last_order});
  }

  // Overdue reorders today (the day the digest is made), by value at risk.
  store::ReorderQuery rq;
  rq.today = tz->LocalDay(NowMillis());
  rq.settings = ReorderSettingsOf(client);
  rq.statuses = {ReorderStatus::kOverdue};
  rq.limit = static_cast<int>(kMaxOverdueReorders);
  PP_ASSIGN_OR_RETURN(store::ReorderPage due, st.ListReorderViews(id, rq));
  for (const store::ReorderRow& r : due.items) {
    const ReorderCadence& c = r.view.cadence;
    d.overdue_reorders.push_back({r.view.contact_id, r.email, r.name, c.cadence_days,
                                  c.expected_day, rq.today - c.expected_day,
                                  r.view.average_order_value});
  }

  Status s = st.Read([&](store::ReadTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(store::IngestFailurePage f, tx.ListIngestFailures(id, 1, 0));
    d.failed_emails = f.total;
    return Status::Ok();
  });
  PP_RETURN_IF_ERROR(s);
  return d;
}

MailMessage DigestMail(const DigestData& d, const NotifySettings& s, Millis now) {
  MailMessage m;
  m.from = s.smtp.from;
  m.to = s.recipients;
  m.subject = DigestSubject(d);
  m.text = DigestText(d);
  m.html = DigestHtml(d);
  m.date = now;
  m.message_id = fmt::format("digest.{}.{}.{}@packprod", Sha256Hex(d.client_id).substr(0, 16),
                             FormatDate(d.week_monday), RandomHex(8));
  return m;
}

Result<DigestOutcome> SendDigest(store::Store& st, const ClientSettings& client,
                                 const NotifySettings& s, DayNumber week_monday, Millis now,
                                 bool force) {
  const std::string& id = client.client_id;
  const std::string week = FormatDate(week_monday);
  bool claimed = false;
  PP_RETURN_IF_ERROR(Update(
      st, id,
      [&](json::object& doc) {
        if (!force && (Sent(doc, week) || Claimed(doc, week, now))) return false;
        doc["claim"] = json::object{{"week", week}, {"until", now + kClaimMs}};
        return true;
      },
      &claimed));
  if (!claimed) return DigestOutcome::kAlreadySent;

  Status sent = [&]() -> Status {
    PP_ASSIGN_OR_RETURN(DigestData d, GatherDigest(st, client, week_monday));
    MailMessage m = DigestMail(d, s, now);
    return SendMail(s.smtp, s.recipients, ComposeMail(m, "=_packprod_" + RandomHex(12)));
  }();
  Millis done = NowMillis();
  PP_RETURN_IF_ERROR(Update(st, id, [&](json::object& doc) {
    doc.erase("claim");
    if (sent.ok()) {
      json::object& weeks = doc["sent"].is_object() ? doc["sent"].as_object()
                                                    : doc["sent"].emplace_object();
      weeks[week] = FormatRfc3339(done);
      while (weeks.size() > kKeptWeeks) weeks.erase(weeks.begin());  // oldest first
      doc["lastSentWeek"] = week;
      doc["lastSentAt"] = FormatRfc3339(done);
      doc.erase("failure");
    } else {
      std::int64_t attempts = 1;
      if (const json::value* f = doc.if_contains("failure"); f != nullptr && f->is_object() &&
                                                            f->as_object().contains("week") &&
                                                            f->as_object().at("week") == json::value(week)) {
        attempts = IntOr(f->as_object(), "attempts", 0) + 1;
      }
      doc["failure"] = json::object{{"week", week},
                                    {"error", sent.message()},
                                    {"at", done},
                                    {"attempts", attempts},
                                    {"nextAttemptAt", done + Backoff(attempts)}};
    }
    return true;
  }));
  if (!sent.ok()) {
    ops::LogWarn(fmt::format("digest of {} for the week of {} not sent: {}", id, week,
                             sent.message()));
    return sent;
  }
  ops::LogInfo(fmt::format("digest of {} for the week of {} sent to {} recipient(s)", id, week,
                           s.recipients.size()));
  return DigestOutcome::kSent;
}

Result<bool> DigestDue(store::Store& st, const ClientSettings& client, const NotifySettings& s,
                       Millis now, DayNumber* week_monday) {
  if (!s.digest.enabled || s.recipients.empty() || s.smtp.url.empty()) return false;
  auto tz = TimeZone::Find(client.timezone);
  if (!tz) return false;
  DayNumber last = LastWeekMonday(now, *tz);
  Millis due = tz->LocalToInstant(last + 7 + s.digest.weekday,
                                  static_cast<std::int64_t>(s.digest.hour) * 3600 * 1000);
  if (now < due) return false;
  PP_ASSIGN_OR_RETURN(Doc d, ReadDoc(st, client.client_id));
  const std::string week = FormatDate(last);
  if (Sent(d.body, week) || Claimed(d.body, week, now)) return false;
  if (const json::value* f = d.body.if_contains("failure"); f != nullptr && f->is_object()) {
    if (f->as_object().if_contains("week") != nullptr &&
        f->as_object().at("week") == json::value(week) &&
        IntOr(f->as_object(), "nextAttemptAt", 0) > now) {
      return false;
    }
  }
  *week_monday = last;
  return true;
}

Result<json::object> DigestStatusJson(store::Store& st, const std::string& client) {
  PP_ASSIGN_OR_RETURN(Doc d, ReadDoc(st, client));
  json::object o{{"lastSentWeek", nullptr}, {"lastSentAt", nullptr}, {"failure", nullptr}};
  if (const json::value* v = d.body.if_contains("lastSentWeek")) o["lastSentWeek"] = *v;
  if (const json::value* v = d.body.if_contains("lastSentAt")) o["lastSentAt"] = *v;
  if (const json::value* f = d.body.if_contains("failure"); f != nullptr && f->is_object()) {
    const json::object& x = f->as_object();
    o["failure"] = json::object{{"week", x.at("week")},
                                {"error", x.at("error")},
                                {"at", FormatRfc3339(IntOr(x, "at", 0))},
                                {"attempts", IntOr(x, "attempts", 0)},
                                {"nextAttemptAt", FormatRfc3339(IntOr(x, "nextAttemptAt", 0))}};
  }
  return o;
}

}  // namespace packprod::notify
