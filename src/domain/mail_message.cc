#include "domain/mail_message.h"

#include <openssl/evp.h>

#include <algorithm>

#include <fmt/core.h>

namespace packprod {
namespace {

std::string Base64(std::string_view s) {
  std::string out(4 * ((s.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(s.data()),
                          static_cast<int>(s.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

bool PlainAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// CR LF, lone CR and lone LF all become one line end.
std::vector<std::string_view> Lines(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r' || s[i] == '\n') {
      out.push_back(s.substr(start, i - start));
      if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (start < s.size()) out.push_back(s.substr(start));
  return out;
}

}  // namespace

std::string QuotedPrintable(std::string_view utf8) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (std::string_view line : Lines(utf8)) {
    std::string cur;
    for (std::size_t i = 0; i < line.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(line[i]);
      bool last = i + 1 == line.size();
      std::string piece;
      // Trailing white space is encoded (it would be stripped in transit); so is a '.'
      // opening a line (SMTP dot-stuffing is the transport's, but some mangle it).
      if ((c >= 33 && c <= 126 && c != '=' && !(c == '.' && cur.empty())) ||
          ((c == ' ' || c == '\t') && !last)) {
        piece = std::string(1, static_cast<char>(c));
      } else {
        piece = {'=', kHex[c >> 4], kHex[c & 15]};
      }
      if (cur.size() + piece.size() > 75) {
        out += cur + "=\r\n";
        cur.clear();
      }
      cur += piece;
    }
    out += cur + "\r\n";
  }
  return out;
}

std::string EncodeHeaderWord(std::string_view utf8) {
  if (PlainAscii(utf8)) return std::string(utf8);
  // Encoded words of at most 45 input bytes (60 base64 characters), split between
  // UTF-8 sequences, folded onto continuation lines.
  std::string out;
  std::size_t i = 0;
  while (i < utf8.size()) {
    std::size_t n = std::min<std::size_t>(45, utf8.size() - i);
    while (i + n < utf8.size() && (static_cast<unsigned char>(utf8[i + n]) & 0xC0) == 0x80) --n;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(utf8.substr(i, n)) + "?=";
    i += n;
  }
  return out;
}

std::string Rfc5322Date(Millis t) {
  static const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  DayNumber day = FloorDiv(t, kDayMs);
  std::int64_t sec = FloorDiv(t, 1000) - day * 86400;
  int y;
  unsigned m, d;
  CivilFromDays(day, &y, &m, &d);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kDays[WeekdayOfDay(day)], d,
                     kMonths[m - 1], y, sec / 3600, sec / 60 % 60, sec % 60);
}

bool ValidMailAddress(std::string_view a) {
  std::size_t at = a.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= a.size()) return false;
  if (a.find('@', at + 1) != std::string_view::npos) return false;
  for (unsigned char c : a) {
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';') return false;
  }
  return true;
}

std::string ComposeMail(const MailMessage& m, std::string_view boundary) {
  std::string to;
  for (const std::string& a : m.to) to += (to.empty() ? "" : ",\r\n ") + a;
  std::string out;
  out += "From: " + m.from + "\r\n";
  out += "To: " + to + "\r\n";
  out += "Subject: " + EncodeHeaderWord(m.subject) + "\r\n";
  out += "Date: " + Rfc5322Date(m.date) + "\r\n";
  out += "Message-ID: <" + m.message_id + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += fmt::format("Content-Type: multipart/alternative;\r\n boundary=\"{}\"\r\n\r\n", boundary);
  out += "This is a multi-part message in MIME format.\r\n";
  auto part = [&](const char* type, const std::string& body) {
    out += fmt::format("\r\n--{}\r\nContent-Type: {}; charset=UTF-8\r\n"
                       "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
                       boundary, type);
    out += QuotedPrintable(body);
  };
  part("text/plain", m.text);  // the least preferred first (RFC 2046 5.1.4)
  part("text/html", m.html);
  out += fmt::format("\r\n--{}--\r\n", boundary);
  return out;
}

}  // namespace packprod
