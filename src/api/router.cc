#include "api/router.h"

#include <set>
#include <utility>

#include "api/envelope.h"

namespace packprod::api {
namespace {

using verb = boost::beast::http::verb;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes; a malformed escape is kept as it is. '+' stays '+' in paths.
std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]);
      int lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

// "/a/b%2Fc" -> {"a", "b/c"}; "/" -> {""}. The leading '/' is optional.
std::vector<std::string> SplitPath(std::string_view path, bool decode) {
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  std::vector<std::string> segments;
  while (true) {
    size_t slash = path.find('/');
    std::string_view seg = path.substr(0, slash);
    segments.push_back(decode ? PercentDecode(seg) : std::string(seg));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsPlaceholder(const std::string& seg) {
  return seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
}

// Matches decoded `segments` against a pattern's segments, capturing placeholders.
bool MatchSegments(const std::vector<std::string>& pattern,
                   const std::vector<std::string>& segments,
                   std::map<std::string, std::string>* params) {
  if (pattern.size() != segments.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (!IsPlaceholder(pattern[i])) {
      if (pattern[i] != segments[i]) return false;
      continue;
    }
    if (segments[i].empty()) return false;
    (*params)[pattern[i].substr(1, pattern[i].size() - 2)] = segments[i];
  }
  return true;
}

std::string AllowHeader(const std::set<verb>& methods) {
  std::set<verb> all = methods;
  if (all.count(verb::get)) all.insert(verb::head);
  std::string out;
  for (verb m : all) {
    if (!out.empty()) out += ", ";
    out += std::string(boost::beast::http::to_string(m));
  }
  return out;
}

// Exactly one `Cache-Control: no-store`, whatever the handler set.
void NoStore(Response* res) {
  std::erase_if(res->headers,
                [](const auto& h) { return boost::beast::iequals(h.first, "Cache-Control"); });
  res->headers.emplace_back("Cache-Control", "no-store");
}

}  // namespace

void Router::Add(verb method, std::string pattern, Handler handler) {
  Route route{method, std::move(pattern), {}, 0, std::move(handler)};
  route.segments = SplitPath(route.pattern, /*decode=*/false);
  for (const auto& seg : route.segments) route.literals += IsPlaceholder(seg) ? 0 : 1;
  routes_.push_back(std::move(route));
}

void Router::SetFallback(verb method, Handler handler) { fallbacks_[method] = std::move(handler); }

Router::Match Router::Find(verb method, std::string_view path) const {
  const std::vector<std::string> segments = SplitPath(path, /*decode=*/true);
  Match best;
  const Route* best_route = nullptr;
  std::set<verb> path_methods;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!MatchSegments(route.segments, segments, &params)) continue;
    path_methods.insert(route.method);
    bool usable = route.method == method || (method == verb::head && route.method == verb::get);
    if (!usable) continue;
    // Exact method beats HEAD-as-GET; then more literal segments; then the first added.
    bool better = best_route == nullptr ||
                  (route.method == method && best_route->method != method) ||
                  (route.method == best_route->method && route.literals > best_route->literals);
    if (!better) continue;
    best_route = &route;
    best.params = std::move(params);
  }
  if (best_route != nullptr) {
    best.handler = &best_route->handler;
    best.route = best_route->pattern;
    return best;
  }
  if (!path_methods.empty()) {
    best.status = Status::MethodNotAllowed("method not allowed on this route");
    best.allow = AllowHeader(path_methods);
    return best;
  }
  auto fallback = fallbacks_.find(method);
  if (fallback == fallbacks_.end() && method == verb::head) fallback = fallbacks_.find(verb::get);
  if (fallback != fallbacks_.end()) {
    best.handler = &fallback->second;
    best.route = kFallbackRoute;
    return best;
  }
  best.status = Status::NotFound("no such route");
  return best;
}

Response Router::Dispatch(Request& req) const {
  Match match = Find(req.method, req.raw_path.empty() ? req.path : req.raw_path);
  req.route = match.route;
  if (!match.status.ok()) {
    Response res = JsonError(req, match.status);
    if (!match.allow.empty()) res.headers.emplace_back("Allow", match.allow);
    return res;
  }
  req.path_params = std::move(match.params);
  Response res = (*match.handler)(req);
  if (match.route != kFallbackRoute) NoStore(&res);
  return res;
}

}  // namespace packprod::api
