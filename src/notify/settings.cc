#include "notify/settings.h"

#include <set>

#include <boost/json.hpp>
#include <fmt/core.h>

#include "domain/mail_message.h"

namespace packprod::notify {
namespace json = boost::json;
namespace {

constexpr const char* kDoc = "settings";
const std::array<const char*, 7> kDays = {"monday", "tuesday", "wednesday", "thursday",
                                          "friday", "saturday", "sunday"};

Status Bad(const std::string& field, const std::string& why) {
  return Status::InvalidArgument(field + ": " + why);
}

Status OnlyKeys(const json::object& o, const std::string& where,
                std::initializer_list<const char*> keys) {
  for (const auto& kv : o) {
    bool known = false;
    for (const char* k : keys) known = known || kv.key() == k;
    if (!known) return Bad(where + std::string(kv.key()), "unknown setting");
  }
  return Status::Ok();
}

Result<std::string> Str(const json::object& o, const char* key, const std::string& where,
                        std::string dflt) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return dflt;
  if (!v->is_string()) return Bad(where + key, "must be a string");
  return std::string(v->as_string());
}

Result<double> Num(const json::object& o, const char* key, const std::string& where, double dflt,
                   double lo, double hi) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return dflt;
  if (!v->is_number()) return Bad(where + key, "must be a number");
  double d = v->to_number<double>();
  if (!(d >= lo && d <= hi)) {
    return Bad(where + key, fmt::format("must be between {} and {}", lo, hi));
  }
  return d;
}

Result<int> Int(const json::object& o, const char* key, const std::string& where, int dflt,
                int lo, int hi) {
  PP_ASSIGN_OR_RETURN(double d, Num(o, key, where, dflt, lo, hi));
  if (d != static_cast<int>(d)) return Bad(where + key, "must be a whole number");
  return static_cast<int>(d);
}

Result<int> Weekday(const json::value& v, const std::string& field) {
  if (v.is_string()) {
    for (int i = 0; i < 7; ++i) {
      if (v.as_string() == kDays[i]) return i;
    }
  }
  return Bad(field, "must be a day name: monday .. sunday");
}

Result<std::vector<std::string>> StrList(const json::object& o, const char* key) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return Bad(key, "must be an array of strings");
  for (std::size_t i = 0; i < v->as_array().size(); ++i) {
    const json::value& x = v->as_array()[i];
    if (!x.is_string()) return Bad(std::string(key) + "[" + std::to_string(i) + "]", "must be a string");
    out.emplace_back(x.as_string());
  }
  return out;
}

bool HasScheme(std::string_view url, std::initializer_list<const char*> schemes) {
  for (const char* s : schemes) {
    if (url.rfind(s, 0) == 0 && url.size() > std::string_view(s).size()) return true;
  }
  return false;
}

Result<RuleKind> ParseKind(const json::value* v, const std::string& field) {
  for (RuleKind k : {RuleKind::kNoOrders, RuleKind::kEmailFailures, RuleKind::kStreamLag,
                     RuleKind::kErrorRate}) {
    if (v != nullptr && v->is_string() && v->as_string() == RuleKindName(k)) return k;
  }
  return Bad(field, "must be noOrders, emailFailures, streamLag or errorRate");
}

}  // namespace

const char* RuleKindName(RuleKind k) {
  switch (k) {
    case RuleKind::kNoOrders: return "noOrders";
    case RuleKind::kEmailFailures: return "emailFailures";
    case RuleKind::kStreamLag: return "streamLag";
    case RuleKind::kErrorRate: return "errorRate";
  }
  return "?";
}

Result<NotifySettings> ParseNotifySettings(const json::value& v) {
  if (!v.is_object()) return Status::InvalidArgument("settings: must be a JSON object");
  const json::object& o = v.as_object();
  PP_RETURN_IF_ERROR(OnlyKeys(o, "", {"recipients", "smtp", "digest", "webhooks", "alerts",
                                      "businessHours"}));
  NotifySettings s;
  PP_ASSIGN_OR_RETURN(s.recipients, StrList(o, "recipients"));
  for (std::size_t i = 0; i < s.recipients.size(); ++i) {
    if (!ValidMailAddress(s.recipients[i])) {
      return Bad("recipients[" + std::to_string(i) + "]", "not an e-mail address");
    }
  }
  if (const json::value* sm = o.if_contains("smtp"); sm != nullptr && !sm->is_null()) {
    if (!sm->is_object()) return Bad("smtp", "must be an object");
    const json::object& m = sm->as_object();
    const std::string w = "smtp.";
    PP_RETURN_IF_ERROR(OnlyKeys(m, w, {"url", "from", "username", "passwordEnv", "passwordFile",
                                       "starttls", "caFile"}));
    PP_ASSIGN_OR_RETURN(s.smtp.url, Str(m, "url", w, ""));
    if (!HasScheme(s.smtp.url, {"smtp://", "smtps://"})) {
      return Bad("smtp.url", "must start with smtp:// or smtps://");
    }
    PP_ASSIGN_OR_RETURN(s.smtp.from, Str(m, "from", w, ""));
    if (!ValidMailAddress(s.smtp.from)) return Bad("smtp.from", "not an e-mail address");
    PP_ASSIGN_OR_RETURN(s.smtp.username, Str(m, "username", w, ""));
    PP_ASSIGN_OR_RETURN(s.smtp.password_env, Str(m, "passwordEnv", w, s.smtp.password_env));
    PP_ASSIGN_OR_RETURN(s.smtp.password_file, Str(m, "passwordFile", w, ""));
    PP_ASSIGN_OR_RETURN(s.smtp.starttls, Str(m, "starttls", w, s.smtp.starttls));
    if (s.smtp.starttls != "required" && s.smtp.starttls != "optional" &&
        s.smtp.starttls != "off") {
      return Bad("smtp.starttls", "must be required, optional or off");
    }
    PP_ASSIGN_OR_RETURN(s.smtp.ca_file, Str(m, "caFile", w, ""));
  }
  if (const json::value* dg = o.if_contains("digest"); dg != nullptr && !dg->is_null()) {
    if (!dg->is_object()) return Bad("digest", "must be an object");
    const json::object& d = dg->as_object();
    PP_RETURN_IF_ERROR(OnlyKeys(d, "digest.", {"enabled", "weekday", "hour"}));
    if (const json::value* e = d.if_contains("enabled"); e != nullptr) {
      if (!e->is_bool()) return Bad("digest.enabled", "must be true or false");
      s.digest.enabled = e->as_bool();
    }
    if (const json::value* wd = d.if_contains("weekday"); wd != nullptr) {
      PP_ASSIGN_OR_RETURN(s.digest.weekday, Weekday(*wd, "digest.weekday"));
    }
    PP_ASSIGN_OR_RETURN(s.digest.hour, Int(d, "hour", "digest.", 8, 0, 23));
  }
  PP_ASSIGN_OR_RETURN(s.webhooks, StrList(o, "webhooks"));
  for (std::size_t i = 0; i < s.webhooks.size(); ++i) {
    if (!HasScheme(s.webhooks[i], {"http://", "https://"})) {
      return Bad("webhooks[" + std::to_string(i) + "]", "must be an http:// or https:// URL");
    }
  }
  if (const json::value* al = o.if_contains("alerts"); al != nullptr && !al->is_null()) {
    if (!al->is_array()) return Bad("alerts", "must be an array of rules");
    std::set<std::string> ids;
    for (std::size_t i = 0; i < al->as_array().size(); ++i) {
      const std::string w = "alerts[" + std::to_string(i) + "].";
      const json::value& rv = al->as_array()[i];
      if (!rv.is_object()) return Bad(w.substr(0, w.size() - 1), "must be an object");
      const json::object& r = rv.as_object();
      PP_RETURN_IF_ERROR(OnlyKeys(r, w, {"id", "type", "threshold", "minutes"}));
      AlertRule rule;
      PP_ASSIGN_OR_RETURN(rule.kind, ParseKind(r.if_contains("type"), w + "type"));
      PP_ASSIGN_OR_RETURN(rule.id, Str(r, "id", w, RuleKindName(rule.kind)));
      if (rule.id.empty() || rule.id.size() > 64) return Bad(w + "id", "must be 1-64 characters");
      if (!ids.insert(rule.id).second) return Bad(w + "id", "used by another rule");
      if (r.if_contains("threshold") == nullptr) return Bad(w + "threshold", "required");
      double hi = rule.kind == RuleKind::kErrorRate ? 100 : 1e9;
      PP_ASSIGN_OR_RETURN(rule.threshold, Num(r, "threshold", w, 0, 0, hi));
      bool timed = rule.kind == RuleKind::kStreamLag || rule.kind == RuleKind::kErrorRate;
      if (!timed && r.if_contains("minutes") != nullptr) {
        return Bad(w + "minutes", "only streamLag and errorRate rules take minutes");
      }
      PP_ASSIGN_OR_RETURN(rule.minutes, Num(r, "minutes", w, timed ? 5 : 0, 0, 10080));
      s.alerts.push_back(std::move(rule));
    }
  }
  if (const json::value* bh = o.if_contains("businessHours"); bh != nullptr && !bh->is_null()) {
    if (!bh->is_object()) return Bad("businessHours", "must be an object");
    const json::object& b = bh->as_object();
    PP_RETURN_IF_ERROR(OnlyKeys(b, "businessHours.", {"days", "start", "end"}));
    if (const json::value* days = b.if_contains("days"); days != nullptr) {
      if (!days->is_array()) return Bad("businessHours.days", "must be an array of day names");
      s.business_hours.days.fill(false);
      for (std::size_t i = 0; i < days->as_array().size(); ++i) {
        PP_ASSIGN_OR_RETURN(int d, Weekday(days->as_array()[i],
                                           "businessHours.days[" + std::to_string(i) + "]"));
        s.business_hours.days[d] = true;
      }
    }
    PP_ASSIGN_OR_RETURN(s.business_hours.start, Int(b, "start", "businessHours.", 9, 0, 23));
    PP_ASSIGN_OR_RETURN(s.business_hours.end, Int(b, "end", "businessHours.", 17, 1, 24));
    if (s.business_hours.end <= s.business_hours.start) {
      return Bad("businessHours.end", "must be after start");
    }
  }
  bool mails = s.digest.enabled || !s.alerts.empty();
  if (mails && !s.recipients.empty() && s.smtp.url.empty()) {
    return Bad("smtp", "required to mail the recipients");
  }
  return s;
}

json::object NotifySettingsJson(const NotifySettings& s) {
  json::object o;
  o["recipients"] = json::value_from(s.recipients);
  if (!s.smtp.url.empty()) {
    json::object m{{"url", s.smtp.url}, {"from", s.smtp.from}, {"starttls", s.smtp.starttls}};
    if (!s.smtp.username.empty()) m["username"] = s.smtp.username;
    m["passwordEnv"] = s.smtp.password_env;
    if (!s.smtp.password_file.empty()) m["passwordFile"] = s.smtp.password_file;
    if (!s.smtp.ca_file.empty()) m["caFile"] = s.smtp.ca_file;
    o["smtp"] = std::move(m);
  }
  o["digest"] = json::object{{"enabled", s.digest.enabled},
                             {"weekday", kDays[s.digest.weekday]},
                             {"hour", s.digest.hour}};
  o["webhooks"] = json::value_from(s.webhooks);
  json::array rules;
  for (const AlertRule& r : s.alerts) {
    json::object x{{"id", r.id}, {"type", RuleKindName(r.kind)}, {"threshold", r.threshold}};
    if (r.kind == RuleKind::kStreamLag || r.kind == RuleKind::kErrorRate) x["minutes"] = r.minutes;
    rules.push_back(std::move(x));
  }
  o["alerts"] = std::move(rules);
  json::array days;
  for (int i = 0; i < 7; ++i) {
    if (s.business_hours.days[i]) days.push_back(json::string(kDays[i]));
  }
  o["businessHours"] = json::object{
      {"days", std::move(days)}, {"start", s.business_hours.start}, {"end", s.business_hours.end}};
  return o;
}

Result<NotifySettings> LoadSettings(store::Store& st, const std::string& client) {
  PP_ASSIGN_OR_RETURN(auto doc, st.GetNotifyDoc(client, kDoc));
  if (!doc) return NotifySettings{};
  boost::system::error_code ec;
  json::value v = json::parse(doc->body, ec);
  if (ec) return Status::Internal("stored notify settings of " + client + " are not JSON");
  return ParseNotifySettings(v);
}

Status SaveSettings(store::Store& st, const std::string& client, const json::value& v) {
  PP_ASSIGN_OR_RETURN(NotifySettings s, ParseNotifySettings(v));
  std::string body = json::serialize(NotifySettingsJson(s));
  for (int attempt = 0; attempt < 5; ++attempt) {
    PP_ASSIGN_OR_RETURN(auto doc, st.GetNotifyDoc(client, kDoc));
    PP_ASSIGN_OR_RETURN(bool ok, st.PutNotifyDoc(client, kDoc, body, doc ? doc->version : 0,
                                                 NowMillis()));
    if (ok) return Status::Ok();
  }
  return Status::Unavailable("notify settings of " + client + " keep changing; try again");
}

}  // namespace packprod::notify
