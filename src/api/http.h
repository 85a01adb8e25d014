// Plain HTTP request/response types shared by the server, the router and the handlers.
//
// No sockets here: the server (api/server.h) fills a Request from the wire and writes a
// Response back; handlers only see these two types. Both are plain values, owned by the
// session that serves the request and used by one thread at a time.
#pragma once

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/verb.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace packprod::api {

struct Request {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string target;    // raw request target, e.g. "/api/orders?limit=5"
  std::string path;      // percent-decoded path, no query
  std::string raw_path;  // path as sent (still percent-encoded); what the router splits
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::string body;
  // From X-Request-Id if sane (1-64 chars of [A-Za-z0-9._-]), else generated (16 hex).
  std::string request_id;
  std::map<std::string, std::string> path_params;  // filled by the router: {id} -> value
  // The matched route pattern, e.g. "/api/orders/{id}"; "unmatched" when none matched.
  std::string route = "unmatched";
  // When the server started handling the request (after the body was read).
  std::chrono::steady_clock::time_point start;
  // All header fields (name, value) as received, in order.
  std::vector<std::pair<std::string, std::string>> headers;
  // The peer's IP address as text ("127.0.0.1", "::1"); empty when unknown.
  std::string remote_address;
  // The authenticated caller's client id, set by the auth wrapper (api/routes.cc) before
  // the handler runs; empty for requests without a valid key.
  std::string client_id;

  // Value of the first header named `name` (case-insensitive); empty when absent.
  // The view points into `headers` and is valid while they are not modified.
  std::string_view Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (boost::beast::iequals(key, name)) return value;
    }
    return {};
  }

  // First value of the query parameter `name` (exact, case-sensitive); nullopt if absent.
  std::optional<std::string> Param(std::string_view name) const {
    for (const auto& [key, value] : query) {
      if (key == name) return value;
    }
    return std::nullopt;
  }
};

// A response body produced over time (server-sent events). The server writes the
// response head with `Transfer-Encoding: chunked`, then each piece Pull() returns as a
// chunk, Heartbeat() after heartbeat_interval() without data, and the last chunk when
// Pull() reports the end or the server shuts down; then it closes the connection. It
// also stops when the client closes its side.
// Threading: the server calls every method on the connection's strand, one at a time;
// only the `wake` function may be called from other threads.
class StreamBody {
 public:
  virtual ~StreamBody() = default;
  // Called once, before the first Pull(): `wake` (thread-safe, cheap, callable any number
  // of times until Cancel()) tells the server that Pull() has something new.
  virtual void Start(std::function<void()> wake) = 0;
  // Appends what is ready now to *out (may append nothing). False once the stream is over
  // (what it appended in that call is still sent).
  virtual bool Pull(std::string* out) = 0;
  // Sent after heartbeat_interval() without data, to keep the connection alive.
  virtual std::string Heartbeat() = 0;
  virtual std::chrono::milliseconds heartbeat_interval() const = 0;
  // Called once when the stream ends for any reason; releases what Start() took.
  virtual void Cancel() = 0;
};

struct Response {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json";
  // Extra headers. The server sets Content-Type, Content-Length, Connection,
  // Server-Timing and X-Request-Id itself; do not repeat them here.
  std::vector<std::pair<std::string, std::string>> headers = {};
  // meta.cacheHit of an enveloped success (set by JsonData), for metrics; never sent.
  std::optional<bool> cache_hit = std::nullopt;
  // When set, the body is streamed from here (and `body` is ignored); see StreamBody.
  std::shared_ptr<StreamBody> stream = nullptr;
};

// Serves one request. Called on a server io thread; may block (store I/O). Should not
// throw: the server turns an escaping std::exception into a 500 `internal` error.
using Handler = std::function<Response(Request&)>;

}  // namespace packprod::api
