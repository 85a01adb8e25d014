// The weekly digest of one client: its figures read from the store (the views: daily
// roll-ups, customer metrics; the e-mail failure queue), rendered by domain/digest.h,
// and sent by SMTP to the client's recipients. Each week is sent at most once per
// client: the "digest" notify document keeps the weeks claimed, so neither a restart
// nor a second process sends it again.
#pragma once

#include <string>

#include "domain/digest.h"
#include "domain/mail_message.h"
#include "notify/settings.h"
#include "store/store.h"

namespace packprod::notify {

// Last week's and the week before's figures of `client` (week_monday: a local Monday).
Result<DigestData> GatherDigest(store::Store& st, const ClientSettings& client,
                                DayNumber week_monday);

// The digest as a message to the settings' recipients.
MailMessage DigestMail(const DigestData& d, const NotifySettings& s, Millis now);

enum class DigestOutcome { kSent, kAlreadySent, kFailed };

// Sends the digest of the week starting `week_monday` unless that week was already sent
// (or is being sent by another process); records the week, or on failure the reason and
// when to retry (back-off from 1 minute, doubling, at most 1 hour). `force` sends even
// when the week was sent. Returns the failure's Status when it failed.
Result<DigestOutcome> SendDigest(store::Store& st, const ClientSettings& client,
                                 const NotifySettings& s, DayNumber week_monday, Millis now,
                                 bool force = false);

// Whether the scheduler should try the digest of client now: enabled, past the weekly
// day and hour (local), the current week's digest (of last week) neither sent nor waiting
// for its retry time. Sets *week_monday to the week to send.
Result<bool> DigestDue(store::Store& st, const ClientSettings& client, const NotifySettings& s,
                       Millis now, DayNumber* week_monday);

// The "digest" document as JSON for GET /api/alerts: {lastSentWeek, lastSentAt,
// lastError, lastErrorAt, attempts, nextAttemptAt} (nulls when none).
Result<boost::json::object> DigestStatusJson(store::Store& st, const std::string& client);

}  // namespace packprod::notify
