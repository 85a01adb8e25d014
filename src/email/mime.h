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
  std::optional<Millis> date;  // the Date header, when present and readable
  std::string text;            // the first text/plain part that is not an attachment
  std::string html;            // the first text/html part that is not an attachment
};

// Decodes `raw`. InvalidArgument when the bytes are not a MIME message at all.
Result<EmailMessage> DecodeEmail(std::string_view raw);

// A stable identity for de-duplication: the Message-ID, or "sha256:<hex>" of the raw
// bytes when the message has none.
std::string MessageKey(const EmailMessage& m, std::string_view raw);

// Builds an RFC 5322 message (multipart/alternative when both bodies are given, UTF-8,
// quoted-printable) from decoded parts, e.g. what an n8n IMAP trigger hands over; used to
// keep a failed message whole when only its parts are known.
std::string ComposeEmail(const EmailMessage& m);

}  // namespace packprod::email
