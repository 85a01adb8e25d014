#include "app/platform_http.h"

#include <curl/curl.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>
#include <mutex>

namespace packprod::app {
namespace {

std::size_t Collect(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

std::string Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' ||
                        s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

std::size_t CollectHeader(char* data, std::size_t size, std::size_t n, void* out) {
  auto* headers = static_cast<std::vector<std::pair<std::string, std::string>>*>(out);
  std::string_view line(data, size * n);
  if (line.starts_with("HTTP/")) headers->clear();  // a new response (after a 100 Continue)
  auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    headers->emplace_back(std::move(name), Trim(line.substr(colon + 1)));
  }
  return size * n;
}

HttpReply GetOnce(const HttpGet& req) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  HttpReply r;
  std::unique_ptr<CURL, void (*)(CURL*)> c(curl_easy_init(), curl_easy_cleanup);
  if (!c) {
    r.error = "cannot start libcurl";
    return r;
  }
  curl_slist* list = nullptr;
  for (const auto& h : req.headers) list = curl_slist_append(list, h.c_str());
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> headers(list, curl_slist_free_all);
  curl_easy_setopt(c.get(), CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(c.get(), CURLOPT_HTTPHEADER, list);
  if (!req.user.empty()) {
    curl_easy_setopt(c.get(), CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(c.get(), CURLOPT_USERNAME, req.user.c_str());
    curl_easy_setopt(c.get(), CURLOPT_PASSWORD, req.password.c_str());
  }
  curl_easy_setopt(c.get(), CURLOPT_USERAGENT, "packprod-backfill");
  curl_easy_setopt(c.get(), CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(c.get(), CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c.get(), CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c.get(), CURLOPT_HEADERFUNCTION, CollectHeader);
  curl_easy_setopt(c.get(), CURLOPT_HEADERDATA, &r.headers);
  curl_easy_setopt(c.get(), CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt(c.get(), CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt(c.get(), CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(c.get());
  if (rc != CURLE_OK) {
    r.error = curl_easy_strerror(rc);
    return r;
  }
  curl_easy_getinfo(c.get(), CURLINFO_RESPONSE_CODE, &r.status);
  return r;
}

double ParseSeconds(std::string_view s, double fallback) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0 || !std::isfinite(v)) {
    return fallback;
  }
  return std::min(v, 300.0);
}

}  // namespace

std::string HttpReply::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return "";
}

double ThrottleSeconds(const HttpReply& r) {
  if (r.status == 429 || r.status == 503) return ParseSeconds(r.Header("retry-after"), 2.0);
  std::string limit = r.Header("x-shopify-shop-api-call-limit");
  auto slash = limit.find('/');
  if (slash != std::string::npos) {
    int used = 0, size = 0;
    std::from_chars(limit.data(), limit.data() + slash, used);
    std::from_chars(limit.data() + slash + 1, limit.data() + limit.size(), size);
    // The bucket leaks 2 calls a second: leave room for a few.
    if (size > 0 && used >= size - 4) return 1.0;
  }
  return 0;
}

HttpReply GetWithRetry(const HttpGet& req, int attempts,
                       const std::function<void(double)>& wait) {
  HttpReply r;
  double backoff = 1;
  for (int i = 0; i < attempts; ++i) {
    r = GetOnce(req);
    bool retry = r.status == 0 || r.status == 429 || r.status == 503 || r.status == 502 ||
                 r.status == 504;
    double pause = ThrottleSeconds(r);
    if (!retry) {
      if (pause > 0) wait(pause);
      return r;
    }
    if (i + 1 == attempts) break;
    wait(std::max(pause, r.status == 0 || r.status >= 502 ? backoff : 0.0));
    backoff = std::min(backoff * 2, 60.0);
  }
  return r;
}

std::optional<std::string> NextLink(std::string_view link) {
  // <url>; rel="next", <url>; rel="previous"
  std::size_t pos = 0;
  while (pos < link.size()) {
    auto open = link.find('<', pos);
    if (open == std::string_view::npos) return std::nullopt;
    auto close = link.find('>', open);
    if (close == std::string_view::npos) return std::nullopt;
    auto end = link.find(',', close);
    std::string_view params = link.substr(close + 1, end == std::string_view::npos
                                                         ? std::string_view::npos
                                                         : end - close - 1);
    if (params.find("rel=\"next\"") != std::string_view::npos ||
        params.find("rel=next") != std::string_view::npos) {
      return std::string(link.substr(open + 1, close - open - 1));
    }
    if (end == std::string_view::npos) return std::nullopt;
    pos = end + 1;
  }
  return std::nullopt;
}

std::string UrlEncode(std::string_view s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace packprod::app
