// Router: a (method, path pattern) -> Handler table, kept as data.
//
// A pattern is a '/'-separated list of segments; a segment is either a literal or a
// `{name}` placeholder that matches exactly one non-empty segment. Example:
//   router.Add(verb::get, "/api/orders/{id}", GetOrder);
// When several patterns match a path, the one with the most literal segments wins
// (so "/api/orders/export" beats "/api/orders/{id}"); then the one added first.
// HEAD is served by the GET route when no HEAD route is registered.
//
// Thread-safety: build the table (Add, SetFallback) before serving; Find and Dispatch
// are const and safe to call from many threads afterwards.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/http.h"
#include "domain/status.h"

namespace packprod::api {

class Router {
 public:
  using verb = boost::beast::http::verb;

  struct Match {
    const Handler* handler = nullptr;           // null when status is not OK
    std::string route = "unmatched";            // the matched pattern ("unmatched" if none)
    std::map<std::string, std::string> params;  // placeholder name -> decoded segment
    Status status;                              // OK, NotFound or MethodNotAllowed
    std::string allow;                          // for 405: the allowed methods, e.g. "GET, HEAD"
  };

  // Registers `handler` for `method` on `pattern` (must start with '/'). Adding the same
  // method and pattern twice keeps the first.
  void Add(verb method, std::string pattern, Handler handler);

  // Handler for requests with `method` whose path matches no pattern at all (for GET it
  // also serves HEAD). Meant for the dashboard's static files; the handler decides what
  // to serve and may answer 404 itself. Its route label is kFallbackRoute.
  void SetFallback(verb method, Handler handler);

  // Looks up `path`: the percent-encoded path without query (Request::raw_path). Each
  // segment is percent-decoded before it is compared or captured.
  // - a pattern matches with this method (or GET for HEAD): OK, handler and params;
  // - no pattern matches the path: the fallback for the method if set, else NotFound;
  // - patterns match the path but none with this method: MethodNotAllowed and `allow`.
  Match Find(verb method, std::string_view path) const;

  // Finds the route for req.raw_path (req.path when raw_path is empty), fills
  // req.route and req.path_params, and calls the handler. Unmatched requests get the
  // JSON error (404, or 405 with an Allow header). Exceptions from the handler pass.
  // Every response except the fallback's carries exactly one `Cache-Control: no-store`
  // (replacing what the handler set): API answers are never stored by browsers or proxies.
  Response Dispatch(Request& req) const;

  static constexpr const char* kFallbackRoute = "fallback";

 private:
  struct Route {
    verb method;
    std::string pattern;
    std::vector<std::string> segments;
    int literals = 0;
    Handler handler;
  };

  std::vector<Route> routes_;
  std::map<verb, Handler> fallbacks_;
};

}  // namespace packprod::api
