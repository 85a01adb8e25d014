#include "notify/alerts.h"

#include <boost/json.hpp>
#include <fmt/core.h>

#include "domain/digest.h"
#include "domain/ids.h"
#include "domain/mail_message.h"
#include "notify/doc.h"
#include "notify/transport.h"
#include "ops/log.h"

namespace packprod::notify {
namespace json = boost::json;
namespace {

constexpr const char* kDoc = "alerts";
constexpr Millis kSendingMs = 2 * 60 * 1000;  // a claimed delivery is retried after this

using Doc = JsonDoc;

// What the alert state always holds: pending and firing maps, active and recent lists.
void AlertDefaults(json::object& body) {
  for (const char* k : {"pending", "firing"}) {
    if (!body[k].is_object()) body[k] = json::object();
  }
  for (const char* k : {"active", "recent"}) {
    if (!body[k].is_array()) body[k] = json::array();
  }
}

Result<Doc> ReadDoc(store::Store& st, const std::string& client) {
  return ReadJsonDoc(st, client, kDoc, AlertDefaults);
}

Status Update(store::Store& st, const std::string& client,
              const std::function<bool(json::object&)>& change, bool* written = nullptr) {
  return UpdateJsonDoc(st, client, kDoc, "alert state", change, written, AlertDefaults);
}

std::int64_t IntOr(const json::value* v, std::int64_t dflt) {
  return v != nullptr && v->is_int64() ? v->as_int64() : dflt;
}

std::string Str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

void QueueDeliveries(json::object& alert, const NotifySettings& s, const char* event, Millis now) {
  json::array& out = alert["deliveries"].as_array();
  auto add = [&](const char* channel, const std::string& target) {
    out.push_back(json::object{{"event", event},
                               {"channel", channel},
                               {"target", target},
                               {"state", "pending"},
                               {"attempts", 0},
                               {"lastError", nullptr},
                               {"nextAttemptAt", now},
                               {"deliveredAt", nullptr}});
  };
  if (!s.recipients.empty() && !s.smtp.url.empty()) add("email", "");
  for (const std::string& url : s.webhooks) add("webhook", url);
}

std::string Origin(const std::string& url) {
  std::size_t p = url.find("://");
  if (p == std::string::npos) return "webhook";
  std::string o = url.substr(0, url.find_first_of("/?#", p + 3));
  std::size_t at = o.find('@', p + 3);
  return at == std::string::npos ? o : o.substr(0, p + 3) + o.substr(at + 1);
}

// The alert as the API and the webhooks show it (no deliveries).
json::object PublicAlert(const json::object& a) {
  json::object o;
  for (const char* k : {"id", "rule", "type", "state", "message", "value", "threshold", "minutes",
                        "firedAt", "resolvedAt", "resolvedMessage"}) {
    if (const json::value* v = a.if_contains(k)) o[k] = *v;
  }
  for (const char* k : {"firedAt", "resolvedAt"}) {
    if (o.contains(k) && o[k].is_int64()) o[k] = FormatRfc3339(o[k].as_int64());
  }
  return o;
}

std::string AlertLine(const std::string& client, const json::object& a, const std::string& event) {
  bool resolved = event == "resolved";
  std::string msg = resolved ? Str(a, "resolvedMessage") : Str(a, "message");
  return fmt::format("[packprod] {}: {} {}: {}", client, resolved ? "RESOLVED" : "FIRING",
                     Str(a, "rule"), msg);
}

Status Deliver(const ClientSettings& client, const NotifySettings& s, const json::object& alert,
               const json::object& delivery, Millis now) {
  const std::string event = Str(delivery, "event");
  const std::string line = AlertLine(client.client_id, alert, event);
  if (Str(delivery, "channel") == "email") {
    MailMessage m;
    m.from = s.smtp.from;
    m.to = s.recipients;
    m.subject = line;
    m.text = line + "\n\nAlert " + std::to_string(IntOr(alert.if_contains("id"), 0)) + " of " +
             client.client_id + ", rule " + Str(alert, "rule") + " (" + Str(alert, "type") + ").\n";
    m.html = "<!DOCTYPE html>\n<html><body><p>" + HtmlEscape(line) + "</p></body></html>\n";
    m.date = now;
    m.message_id = fmt::format("alert.{}.{}.{}@packprod", Sha256Hex(client.client_id).substr(0, 16),
                               IntOr(alert.if_contains("id"), 0), RandomHex(8));
    return SendMail(s.smtp, s.recipients, ComposeMail(m, "=_packprod_" + RandomHex(12)));
  }
  const std::string url = Str(delivery, "target");
  return PostJson(url, WebhookBody(url, client.client_id, alert, event));
}

json::object* FindAlert(json::object& doc, std::int64_t id) {
  for (const char* list : {"active", "recent"}) {
    for (json::value& a : doc[list].as_array()) {
      if (a.is_object() && IntOr(a.as_object().if_contains("id"), -1) == id) return &a.as_object();
    }
  }
  return nullptr;
}

}  // namespace

std::string WebhookBody(const std::string& url, const std::string& client,
                        const json::object& alert, const std::string& event) {
  const std::string line = AlertLine(client, alert, event);
  if (IsSlackWebhook(url)) return json::serialize(json::object{{"text", line}});
  return json::serialize(json::object{
      {"client", client}, {"event", event}, {"alert", PublicAlert(alert)}, {"text", line}});
}

Result<int> EvaluateRules(store::Store& st, const ClientSettings& client, const NotifySettings& s,
                          const Observations& o, Millis now) {
  auto tz = TimeZone::Find(client.timezone);
  if (!tz) return Status::Internal("unknown time zone " + client.timezone);
  int changes = 0;
  std::vector<std::string> log;
  PP_RETURN_IF_ERROR(Update(st, client.client_id, [&](json::object& doc) {
    changes = 0;
    log.clear();
    json::object& pending = doc["pending"].as_object();
    json::array& active = doc["active"].as_array();
    json::array& recent = doc["recent"].as_array();
    json::object before = doc;
    auto resolve = [&](std::size_t i, const std::string& why) {
      json::object a = std::move(active[i].as_object());
      active.erase(active.begin() + static_cast<std::ptrdiff_t>(i));
      a["state"] = "resolved";
      a["resolvedAt"] = now;
      a["resolvedMessage"] = why;
      QueueDeliveries(a, s, "resolved", now);
      log.push_back(AlertLine(client.client_id, a, "resolved"));
      recent.insert(recent.begin(), json::value(std::move(a)));
      ++changes;
    };
    for (const AlertRule& r : s.alerts) {
      Breach b = Evaluate(r, o, now, *tz, s.business_hours);
      std::size_t idx = active.size();
      for (std::size_t i = 0; i < active.size(); ++i) {
        if (Str(active[i].as_object(), "rule") == r.id) idx = i;
      }
      RuleState rs;
      rs.firing = idx < active.size();
      if (const json::value* since = pending.if_contains(r.id)) rs.breach_since = IntOr(since, now);
      Transition t = Step(r, b.breached, now, rs);
      if (rs.breach_since) {
        pending[r.id] = *rs.breach_since;
      } else {
        pending.erase(r.id);
      }
      if (t == Transition::kFire) {
        std::int64_t id = IntOr(doc.if_contains("nextId"), 1);
        doc["nextId"] = id + 1;
        json::object a{{"id", id},
                       {"rule", r.id},
                       {"type", RuleKindName(r.kind)},
                       {"state", "firing"},
                       {"message", b.message},
                       {"value", b.value},
                       {"threshold", r.threshold},
                       {"firedAt", now},
                       {"resolvedAt", nullptr},
                       {"deliveries", json::array()}};
        if (r.kind == RuleKind::kStreamLag || r.kind == RuleKind::kErrorRate) a["minutes"] = r.minutes;
        QueueDeliveries(a, s, "fired", now);
        log.push_back(AlertLine(client.client_id, a, "fired"));
        active.push_back(std::move(a));
        ++changes;
      } else if (t == Transition::kResolve) {
        resolve(idx, b.message);
      } else if (rs.firing) {
        active[idx].as_object()["value"] = b.value;  // the latest figure
      }
    }
    for (std::size_t i = active.size(); i-- > 0;) {
      const std::string rule = Str(active[i].as_object(), "rule");
      bool kept = false;
      for (const AlertRule& r : s.alerts) kept = kept || r.id == rule;
      if (!kept) resolve(i, "The rule was removed");
    }
    while (recent.size() > kRecentAlerts) recent.pop_back();
    return changes > 0 || doc["pending"] != before["pending"] ||
           doc["active"] != before["active"];
  }));
  for (const std::string& line : log) ops::LogWarn(line);
  return changes;
}

Result<int> DeliverDue(store::Store& st, const ClientSettings& client, const NotifySettings& s,
                       Millis now, Millis retry_base) {
  int attempted = 0;
  for (int round = 0; round < 100; ++round) {
    // Claim the first due delivery.
    std::int64_t alert_id = -1;
    std::size_t index = 0;
    json::object alert, delivery;
    bool claimed = false;
    PP_RETURN_IF_ERROR(Update(st, client.client_id, [&](json::object& doc) {
      for (const char* list : {"active", "recent"}) {
        for (json::value& av : doc[list].as_array()) {
          json::object& a = av.as_object();
          json::array& ds = a["deliveries"].as_array();
          for (std::size_t i = 0; i < ds.size(); ++i) {
            json::object& d = ds[i].as_object();
            std::string state = Str(d, "state");
            if ((state != "pending" && state != "sending") ||
                IntOr(d.if_contains("nextAttemptAt"), 0) > now) {
              continue;
            }
            d["state"] = "sending";
            d["nextAttemptAt"] = now + kSendingMs;
            d["attempts"] = IntOr(d.if_contains("attempts"), 0) + 1;
            alert_id = IntOr(a.if_contains("id"), -1);
            index = i;
            alert = a;
            delivery = d;
            return true;
          }
        }
      }
      return false;
    }, &claimed));
    if (!claimed) break;
    ++attempted;
    Status sent = Deliver(client, s, alert, delivery, now);
    std::int64_t attempts = IntOr(delivery.if_contains("attempts"), 1);
    Millis done = NowMillis();
    const bool cancelled = !sent.ok() && ThreadCancelled();  // stopping: not an attempt
    PP_RETURN_IF_ERROR(Update(st, client.client_id, [&](json::object& doc) {
      json::object* a = FindAlert(doc, alert_id);
      if (a == nullptr || index >= (*a)["deliveries"].as_array().size()) return false;
      json::object& d = (*a)["deliveries"].as_array()[index].as_object();
      if (cancelled) {
        d["state"] = "pending";
        d["attempts"] = attempts - 1;
        d["nextAttemptAt"] = done;
      } else if (sent.ok()) {
        d["state"] = "delivered";
        d["deliveredAt"] = FormatRfc3339(done);
        d["nextAttemptAt"] = nullptr;
      } else {
        d["lastError"] = sent.message();
        d["lastErrorAt"] = FormatRfc3339(done);
        if (attempts >= kMaxDeliveryAttempts) {
          d["state"] = "failed";
          d["nextAttemptAt"] = nullptr;
        } else {
          Millis wait = retry_base;
          for (std::int64_t i = 1; i < attempts && wait < 3600 * 1000; ++i) wait *= 2;
          d["state"] = "pending";
          d["nextAttemptAt"] = done + std::min<Millis>(wait, 3600 * 1000);
        }
      }
      return true;
    }));
    if (cancelled) break;
    if (!sent.ok()) {
      ops::LogWarn(fmt::format("alert {} of {}: {} delivery (attempt {}) failed: {}", alert_id,
                               client.client_id, Str(delivery, "channel"), attempts,
                               sent.message()));
    }
  }
  return attempted;
}

Result<json::object> AlertsJson(store::Store& st, const std::string& client) {
  PP_ASSIGN_OR_RETURN(Doc d, ReadDoc(st, client));
  json::object out;
  for (const char* list : {"active", "recent"}) {
    json::array items;
    const json::array& src = d.body[list].as_array();
    // active is oldest first in the document; both are shown newest first.
    for (std::size_t k = 0; k < src.size(); ++k) {
      const json::object& a = src[std::string(list) == "active" ? src.size() - 1 - k : k].as_object();
      json::object o = PublicAlert(a);
      json::array ds;
      if (const json::value* dv = a.if_contains("deliveries"); dv != nullptr && dv->is_array()) {
        for (const json::value& x : dv->as_array()) {
          const json::object& dd = x.as_object();
          json::object e{{"event", dd.at("event")},
                         {"channel", dd.at("channel")},
                         {"state", dd.at("state")},
                         {"attempts", dd.at("attempts")},
                         {"lastError", dd.contains("lastError") ? dd.at("lastError") : nullptr},
                         {"deliveredAt", dd.contains("deliveredAt") ? dd.at("deliveredAt") : nullptr}};
          std::string target = Str(dd, "target");
          e["target"] = Str(dd, "channel") == "webhook" ? json::value(Origin(target))
                                                         : json::value("recipients");
          const json::value* next = dd.if_contains("nextAttemptAt");
          e["nextAttemptAt"] = next != nullptr && next->is_int64()
                                   ? json::value(FormatRfc3339(next->as_int64()))
                                   : json::value(nullptr);
          ds.push_back(std::move(e));
        }
      }
      o["deliveries"] = std::move(ds);
      items.push_back(std::move(o));
    }
    out[list] = std::move(items);
  }
  return out;
}

}  // namespace packprod::notify
