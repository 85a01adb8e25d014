#include "email/body_text.h"

#include <array>
#include <cstdint>
#include <utility>

namespace packprod::email {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Position of `needle` (lower-case ASCII) in s at or after `from`, case-insensitively.
std::size_t IFind(std::string_view s, std::string_view needle, std::size_t from) {
  for (std::size_t i = from; i + needle.size() <= s.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && Lower(s[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

constexpr std::array<std::pair<std::string_view, std::uint32_t>, 24> kEntities = {{
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", ' '},     {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"rdquo", 0x201D}, {"ldquo", 0x201C},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"times", 0xD7},   {"middot", 0xB7},  {"hellip", 0x2026},
    {"dollar", '$'},   {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122}, {"euro", 0x20AC},
    {"pound", 0xA3},   {"bull", 0x2022},  {"laquo", 0xAB},   {"raquo", 0xBB},
}};

// Decodes the reference at html[i] == '&'; returns the characters consumed (0: not one).
std::size_t DecodeEntity(std::string_view html, std::size_t i, std::string& out) {
  std::size_t semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 12 || semi == i + 1) return 0;
  std::string_view name = html.substr(i + 1, semi - i - 1);
  if (name[0] == '#') {
    std::uint32_t cp = 0;
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char c : digits) {
      int v = (c >= '0' && c <= '9')                      ? c - '0'
              : hex && Lower(c) >= 'a' && Lower(c) <= 'f' ? Lower(c) - 'a' + 10
                                                          : -1;
      if (v < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
      if (cp > 0x10FFFF) return 0;
    }
    AppendUtf8(out, cp == 0xA0 ? ' ' : cp);
    return semi - i + 1;
  }
  for (const auto& [n, cp] : kEntities) {
    if (n == name) {
      AppendUtf8(out, cp);
      return semi - i + 1;
    }
  }
  return 0;
}

bool IsBlock(std::string_view name) {
  static constexpr std::array<std::string_view, 20> kBlock = {
      "br", "p",  "div", "tr", "table", "thead", "tbody", "tfoot",   "h1",     "h2",
      "h3", "h4", "h5",  "h6", "li",    "ul",    "ol",    "address", "center", "blockquote"};
  for (auto b : kBlock) {
    if (b == name) return true;
  }
  return false;
}

}  // namespace

std::string HtmlToText(std::string_view html) {
  std::string out;
  out.reserve(html.size() / 2);
  std::size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      if (html.substr(i, 4) == "<!--") {
        std::size_t e = html.find("-->", i + 4);
        i = e == std::string_view::npos ? html.size() : e + 3;
        continue;
      }
      std::size_t e = html.find('>', i);
      if (e == std::string_view::npos) break;
      std::size_t p = i + 1;
      bool closing = p < e && html[p] == '/';
      if (closing) ++p;
      std::string name;
      while (p < e && ((html[p] >= 'a' && html[p] <= 'z') || (html[p] >= 'A' && html[p] <= 'Z') ||
                       (html[p] >= '0' && html[p] <= '9'))) {
        name += Lower(html[p++]);
      }
      i = e + 1;
      if (!closing && (name == "head" || name == "style" || name == "script" || name == "title")) {
        std::size_t end = IFind(html, "</" + name, i);
        if (end == std::string_view::npos) break;
        std::size_t gt = html.find('>', end);
        i = gt == std::string_view::npos ? html.size() : gt + 1;
        continue;
      }
      if (IsBlock(name)) {
        out += '\n';
      } else if (closing && (name == "td" || name == "th")) {
        out += '\t';
      }
      continue;
    }
    if (c == '&') {
      std::size_t n = DecodeEntity(html, i, out);
      if (n > 0) {
        i += n;
        continue;
      }
    }
    out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
    ++i;
  }
  return out;
}

std::vector<std::string> NormaliseLines(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view raw = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    std::string line, cell;
    bool space = false;
    auto end_cell = [&] {
      if (!cell.empty()) {
        if (!line.empty()) line += '\t';
        line += cell;
      }
      cell.clear();
      space = false;
    };
    for (std::size_t i = 0; i < raw.size(); ++i) {
      char c = raw[i];
      if (c == '\t') {
        end_cell();
        continue;
      }
      bool ws = c == ' ' || c == '\r' || c == '\f' || c == '\v';
      if (c == '\xC2' && i + 1 < raw.size() && raw[i + 1] == '\xA0') {
        ws = true;
        ++i;
      }
      if (ws) {
        space = !cell.empty();
        continue;
      }
      if (space) cell += ' ';
      space = false;
      cell += c;
    }
    end_cell();
    if (!line.empty() && line.size() <= kMaxLineBytes) lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<std::string> BodyLines(const EmailMessage& m) {
  if (!m.html.empty()) return NormaliseLines(HtmlToText(m.html));
  return NormaliseLines(m.text);
}

}  // namespace packprod::email
