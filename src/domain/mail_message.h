// Writing an e-mail (RFC 5322 + MIME): a multipart/alternative message with a plain-text
// and an HTML part, both UTF-8 in quoted-printable, CRLF line ends throughout. Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/time.h"

namespace packprod {

struct MailMessage {
  std::string from;                // an address: "packprod@shop.example"
  std::vector<std::string> to;     // addresses
  std::string subject;             // UTF-8; encoded per RFC 2047 when not plain ASCII
  std::string text, html;          // UTF-8, any line ends
  Millis date = 0;
  std::string message_id;          // without <>; e.g. "digest-acme-2026-11-23@packprod"
};

// The whole message. `boundary` separates the parts: it must not occur in them (a
// random hex string does not survive quoted-printable: '=' is always escaped there).
std::string ComposeMail(const MailMessage& m, std::string_view boundary);

// Quoted-printable (RFC 2045 6.7) with CRLF line ends and soft breaks at 76 columns.
std::string QuotedPrintable(std::string_view utf8);
// RFC 2047 "=?UTF-8?B?...?=" words for a header value that is not printable ASCII;
// the value unchanged otherwise.
std::string EncodeHeaderWord(std::string_view utf8);
// RFC 5322 date-time in UTC: "Mon, 23 Nov 2026 08:00:00 +0000".
std::string Rfc5322Date(Millis t);
// True for a plausible single address (local@domain, no spaces, CR, LF, <, > or ,).
bool ValidMailAddress(std::string_view a);

}  // namespace packprod
