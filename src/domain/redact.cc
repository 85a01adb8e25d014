#include "domain/redact.h"

#include <algorithm>
#include <cctype>

namespace packprod {
namespace {

constexpr std::string_view kHidden = "***";
constexpr std::string_view kPasswordKey = "password=";

bool StartsWithNoCase(std::string_view s, std::size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[at + i])) != prefix[i]) return false;
  }
  return true;
}

// `user:pass@` of scheme://user:pass@host... -> `user:***@`.
std::string RedactUserInfo(std::string_view url) {
  const std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::string(url);
  const std::size_t start = scheme_end + 3;
  // The user information ends at the last '@' before the query: a raw '@' or '/' in a
  // password stays inside what is hidden.
  const std::size_t query = url.find('?', start);
  const std::size_t at = url.substr(0, query).rfind('@');
  if (at == std::string_view::npos || at < start) return std::string(url);
  const std::size_t colon = url.find(':', start);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + std::string(kHidden) +
         std::string(url.substr(at));
}

}  // namespace

std::string RedactUrl(std::string_view url) {
  std::string s = RedactUserInfo(url);
  // Every password=VALUE (a URI query parameter or a key=value connection string).
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool boundary = i == 0 || s[i - 1] == '?' || s[i - 1] == '&' ||
                          std::isspace(static_cast<unsigned char>(s[i - 1]));
    if (!boundary || !StartsWithNoCase(s, i, kPasswordKey)) continue;
    const std::size_t value = i + kPasswordKey.size();
    std::size_t end = value;
    if (end < s.size() && s[end] == '\'') {  // a quoted conninfo value
      end = s.find('\'', end + 1);
      end = end == std::string::npos ? s.size() : end + 1;
    } else {
      while (end < s.size() && s[end] != '&' && !std::isspace(static_cast<unsigned char>(s[end])))
        ++end;
    }
    s.replace(value, end - value, kHidden);
    i = value + kHidden.size() - 1;
  }
  return s;
}

}  // namespace packprod
