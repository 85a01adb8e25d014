// Delivery over libcurl: a message to an SMTP server, a JSON POST to a webhook. Each call
// blocks for at most its timeouts (connect 10 s, whole transfer 30 s) and is safe to call
// from several threads at once (one curl handle per call).
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "domain/status.h"
#include "notify/settings.h"

namespace packprod::notify {

// Sends `message` (a whole RFC 5322 message, CRLF line ends) from smtp.from to every
// address of `to`. The password (when smtp.username is set) comes from smtp.password_file
// or else the environment variable smtp.password_env, read now. STARTTLS per
// smtp.starttls. Unavailable with the server's or libcurl's reason on failure (e.g.
// "smtp://mail:25: Login denied"); InvalidArgument when the password cannot be read.
Status SendMail(const SmtpSettings& smtp, const std::vector<std::string>& to,
                const std::string& message);

// POSTs `body` as application/json to `url`. Unavailable unless the answer is 2xx
// ("HTTP 500 from https://..." or libcurl's reason).
Status PostJson(const std::string& url, const std::string& body);

// Makes every transfer started later on the calling thread abort (Unavailable
// "cancelled") soon after *flag becomes true, waiting or not; null: never. For a
// background thread that must stop promptly while a server hangs.
void SetThreadCancelFlag(const std::atomic<bool>* flag);
// True when the calling thread's cancel flag is set.
bool ThreadCancelled();

// True for a Slack incoming-webhook URL (https://hooks.slack.com/...).
bool IsSlackWebhook(const std::string& url);

}  // namespace packprod::notify
