// A small HTTPS client (libcurl) for the shop platforms' REST APIs, used by `packprod
// backfill`: GET with headers, the rate-limit rules of both platforms, and the `Link`
// header's next page.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace packprod::app {

struct HttpReply {
  long status = 0;  // 0: no answer (transport error)
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string error;                                         // transport error

  // The first header named `name` (lower-case); empty when absent.
  std::string Header(std::string_view name) const;
};

struct HttpGet {
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string user, password;        // HTTP Basic when user is set
};

// Seconds to wait before the next request, from the headers of `r`: Retry-After on 429
// or 503 (seconds, fractions allowed; 2 when absent), else Shopify's
// X-Shopify-Shop-Api-Call-Limit ("used/size": 1 s when the bucket is nearly full), else 0.
double ThrottleSeconds(const HttpReply& r);

// GETs `req`, waiting out 429/503 and transport errors (with back-off) up to `attempts`
// times; `wait` is called with each pause's seconds (it sleeps; tests may shorten it).
HttpReply GetWithRetry(const HttpGet& req, int attempts,
                       const std::function<void(double)>& wait);

// The URL of `rel="next"` in a Link header (RFC 8288); nullopt when there is none.
std::optional<std::string> NextLink(std::string_view link);

// Percent-encodes a query value.
std::string UrlEncode(std::string_view s);

}  // namespace packprod::app
