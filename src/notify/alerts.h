// Alert state of one client: the "alerts" notify document. It holds, per rule, since when
// the rule has been in breach; the active (firing) alerts; the last resolved ones; and,
// on each alert, its deliveries (e-mail to the recipients, one per webhook, for the
// firing and for the resolution) with their attempts, last error and next retry. Every
// change is a versioned write (Store::PutNotifyDoc), so processes sharing a store neither
// fire an alert twice nor deliver one twice.
#pragma once

#include <functional>
#include <string>

#include <boost/json/object.hpp>

#include "notify/rules.h"
#include "notify/settings.h"
#include "store/store.h"

namespace packprod::notify {

inline constexpr std::size_t kRecentAlerts = 50;
inline constexpr int kMaxDeliveryAttempts = 10;

// Evaluates every rule of `s` against `o` at `now`, records breaches, fires and resolves
// alerts (an active alert whose rule was removed resolves too) and queues their
// deliveries. Returns how many alerts fired or resolved.
Result<int> EvaluateRules(store::Store& st, const ClientSettings& client, const NotifySettings& s,
                          const Observations& o, Millis now);

// Delivers every queued delivery due at `now` (one at a time: claimed in the document,
// sent, its result recorded). A failed one is retried after retry_base x 2^(attempts-1)
// (at most an hour), up to kMaxDeliveryAttempts, then marked failed. Returns how many
// were attempted.
Result<int> DeliverDue(store::Store& st, const ClientSettings& client, const NotifySettings& s,
                       Millis now, Millis retry_base);

// The JSON POSTed to a webhook for `event` ("fired" / "resolved") of an alert (as stored):
// Slack's {"text"} for a Slack incoming-webhook URL, else {client, event, alert, text}.
std::string WebhookBody(const std::string& url, const std::string& client,
                        const boost::json::object& alert, const std::string& event);

// {active: [...], recent: [...]} for GET /api/alerts, newest first; webhook targets are
// shown as their scheme and host only.
Result<boost::json::object> AlertsJson(store::Store& st, const std::string& client);

}  // namespace packprod::notify
