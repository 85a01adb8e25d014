// The JSON envelope of docs/api.md: success `{"data", "meta"}`, error `{"error"}`, and the
// one place where a Status becomes an HTTP status. Handlers never hand-build errors.
//
// Every response built here carries `Cache-Control: no-store`: API answers hold a
// client's data and are never kept by browsers or proxies.
//
// All functions are pure apart from reading the clock (and logging internal errors);
// safe to call from any thread.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <string>
#include <string_view>

#include "api/http.h"
#include "domain/status.h"

namespace packprod::api {

// HTTP status for a Status code (docs/api.md errors table); kOk -> 200.
unsigned HttpStatusOf(Status::Code code);

// Serialises `v` as compact JSON. Unlike boost::json::serialize, doubles print as plain
// decimals in their shortest round-trip form (1234.5 -> "1234.5", 10.0 -> "10") when
// 1e-6 <= |x| < 1e15, else in shortest exponent form; NaN and infinities print as null.
std::string ToJson(const boost::json::value& v);

// Milliseconds elapsed since `start` (0 when `start` is the default time point).
double ElapsedMs(std::chrono::steady_clock::time_point start);

// 200 with `{"data": data, "meta": {...meta, cacheHit, source, responseTime,
// responseTimeMs}}`. Defaults: without `cacheHit`, cacheHit = (source != "orders") and
// source = "cache"; with `cacheHit` but no `source`, source = cacheHit ? "cache" :
// "orders". responseTime ("0.42ms") and responseTimeMs (0.42) are measured from
// req.start, rounded to 2 decimals, and always overwrite what `meta` had. The
// response's cache_hit is meta.cacheHit (for the metrics).
Response JsonData(const Request& req, boost::json::value data, boost::json::object meta = {});
// JsonData with `data` already serialised by ToJson (a kept answer, api/response_cache.h):
// the same bytes.
Response JsonDataSerialized(const Request& req, std::string_view data, boost::json::object meta);

// HttpStatusOf(status) with `{"error": {"code", "message", "details": [{"path",
// "message"}]}}`; `details` is always present. 401 adds `WWW-Authenticate: Bearer`, 503
// adds `Retry-After: 1`. For kInternal (or an OK status passed by mistake) the client
// sees only "internal error (request id <id>)", for kUnavailable only
// kUnavailableMessage and the request id: the real message (which may name a host, a
// port, a file or SQL) is logged here with the request id, never sent.
Response JsonError(const Request& req, const Status& status);
inline constexpr const char* kUnavailableMessage =
    "the service is temporarily unavailable; nothing was written, try again shortly";

// `status` with `v` as the whole body, no envelope (GET /healthz).
Response JsonBare(unsigned status, const boost::json::value& v);

}  // namespace packprod::api
