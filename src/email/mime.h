// MIME decoding of one RFC 5322 message with GMime: the headers an order e-mail parser
// needs and its text and HTML bodies, transfer-decoded (quoted-printable, base64) and
// converted to UTF-8 from the part's charset. RFC 2047 encoded words in headers are
// decoded. Pure: no I/O beyond the bytes given.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/status.h"
#include "domain/time.h"

namespace packprod::email {

struct EmailMessage {
  std::string message_id;      // without angle brackets; empty when the header is absent
  std::string from;            // the first From address ("orders@shop.com.au"), may be empty
  std::string from_name;       // its display name, decoded
  std::string subject;         // decoded UTF-8
  std::string reply_to;        // the first Reply-To address, may be empty
  std::optional<Millis> date;  // the Date header, when present and readable
  int date_offset_minutes = 0; // the Date header's zone offset (east of UTC)
  std::string text;            // the first text/plain part that is not an attachment
  std::string html;            // the first text/html part that is not an attachment
};

// The largest message read, and the most multipart containers one may hold; beyond
// either, DecodeEmail refuses the message (a clear reason, nothing parsed).
inline constexpr std::size_t kMaxMessageBytes = 10 << 20;
inline constexpr int kMaxMultiparts = 64;

// Decodes `raw`. InvalidArgument when the bytes are not a MIME message at all, when the
// message is over kMaxMessageBytes or holds more than kMaxMultiparts multipart parts, or
// when a body's text is not valid UTF-8 after decoding (an unknown or wrong charset); the
// message names the part and the charset.
Result<EmailMessage> DecodeEmail(std::string_view raw);

// A stable identity for de-duplication: the Message-ID, or "sha256:<hex>" of the raw
// bytes when the message has none.
std::string MessageKey(const EmailMessage& m, std::string_view raw);

// Builds an RFC 5322 message (multipart/alternative when both bodies are given, UTF-8,
// quoted-printable) from decoded parts, e.g. what an n8n IMAP trigger hands over; used to
// keep a failed message whole when only its parts are known.
std::string ComposeEmail(const EmailMessage& m);

}  // namespace packprod::email
