// A client's digest and alert settings: who gets the mail, how it is sent, when the
// weekly digest goes out, which webhooks hear of alerts, and the alert rules. Stored as
// the client's "settings" notify document (Store::GetNotifyDoc); set with
// `packprod notify set` (docs/digest-and-alerts.md describes the JSON).
//
// Secrets never live here: the SMTP password is read, when a message is sent, from the
// environment variable named by smtp.passwordEnv or the file named by smtp.passwordFile.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "domain/status.h"
#include "store/store.h"

namespace packprod::notify {

struct SmtpSettings {
  std::string url;            // smtp://host[:port] or smtps://host[:port]
  std::string from;           // the sender address
  std::string username;       // empty: no authentication
  std::string password_env = "PACKPROD_SMTP_PASSWORD";
  std::string password_file;  // when set, preferred to password_env
  // STARTTLS on smtp://: "required" (refuse to send in clear), "optional" (when the
  // server offers it) or "off". smtps:// is always TLS.
  std::string starttls = "required";
  std::string ca_file;        // extra CA bundle for the server's certificate
};

struct DigestSchedule {
  bool enabled = false;
  int weekday = 0;  // local day to send: 0 = Monday .. 6 = Sunday
  int hour = 8;     // local hour (0-23) from which it is sent that day
};

enum class RuleKind { kNoOrders, kEmailFailures, kStreamLag, kErrorRate };
const char* RuleKindName(RuleKind k);  // noOrders, emailFailures, streamLag, errorRate

struct AlertRule {
  std::string id;       // unique among the client's rules; default: the kind's name
  RuleKind kind = RuleKind::kNoOrders;
  double threshold = 0;  // business hours, failures, seconds or percent
  double minutes = 0;    // streamLag, errorRate: how long the condition must hold
};

struct BusinessHours {
  std::array<bool, 7> days = {true, true, true, true, true, false, false};  // Monday first
  int start = 9, end = 17;  // local hours [start, end)
};

struct NotifySettings {
  std::vector<std::string> recipients;
  SmtpSettings smtp;
  DigestSchedule digest;
  std::vector<std::string> webhooks;  // http(s) URLs; hooks.slack.com gets Slack's shape
  std::vector<AlertRule> alerts;
  BusinessHours business_hours;
};

// InvalidArgument naming the field ("smtp.url: ...", "alerts[1].threshold: ...") for any
// unknown key, wrong type or out-of-range value.
Result<NotifySettings> ParseNotifySettings(const boost::json::value& v);
boost::json::object NotifySettingsJson(const NotifySettings& s);

// The client's settings (defaults: nothing sent, no rule when never set).
Result<NotifySettings> LoadSettings(store::Store& st, const std::string& client);
// Validates and stores; InvalidArgument as ParseNotifySettings.
Status SaveSettings(store::Store& st, const std::string& client, const boost::json::value& v);

}  // namespace packprod::notify
