#include "api/envelope.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <charconv>
#include <cmath>
#include <utility>

namespace packprod::api {
namespace {

namespace json = boost::json;

// Writes `s` as a JSON string: quotes and backslashes escaped, control characters as
// \n, \r, \t or \u00XX, everything else (UTF-8 included) as is.
void AppendString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u >= 0x20) {
      out->push_back(c);
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out->push_back('\\');
      out->push_back(c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
    } else {
      *out += "\\u00";
      out->push_back(kHex[u >> 4]);
      out->push_back(kHex[u & 0xf]);
    }
  }
  out->push_back('"');
}

void AppendDouble(double x, std::string* out) {
  if (!std::isfinite(x)) {
    *out += "null";
    return;
  }
  char buf[64];
  double a = std::fabs(x);
  auto fmt =
      (a == 0 || (a >= 1e-6 && a < 1e15)) ? std::chars_format::fixed : std::chars_format::general;
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), x, fmt);
  out->append(buf, end);
}

template <typename T>
void AppendInteger(T x, std::string* out) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), x);
  out->append(buf, end);
}

void Append(const json::value& v, std::string* out);

void AppendArray(const json::array& a, std::string* out) {
  out->push_back('[');
  for (size_t i = 0; i < a.size(); ++i) {
    if (i > 0) out->push_back(',');
    Append(a[i], out);
  }
  out->push_back(']');
}

void AppendObject(const json::object& o, std::string* out) {
  out->push_back('{');
  bool first = true;
  for (const auto& [key, item] : o) {
    if (!first) out->push_back(',');
    first = false;
    AppendString(key, out);
    out->push_back(':');
    Append(item, out);
  }
  out->push_back('}');
}

void Append(const json::value& v, std::string* out) {
  switch (v.kind()) {
    case json::kind::null:
      *out += "null";
      return;
    case json::kind::bool_:
      *out += v.get_bool() ? "true" : "false";
      return;
    case json::kind::int64:
      return AppendInteger(v.get_int64(), out);
    case json::kind::uint64:
      return AppendInteger(v.get_uint64(), out);
    case json::kind::double_:
      return AppendDouble(v.get_double(), out);
    case json::kind::string:
      return AppendString(v.get_string(), out);
    case json::kind::array:
      return AppendArray(v.get_array(), out);
    case json::kind::object:
      return AppendObject(v.get_object(), out);
  }
}

// Adds the cacheHit/source defaults described in envelope.h.
void DefaultCacheFields(json::object* meta) {
  const json::value* hit = meta->if_contains("cacheHit");
  const json::value* source = meta->if_contains("source");
  if (hit == nullptr) {
    bool from_orders = source != nullptr && source->is_string() && source->get_string() == "orders";
    (*meta)["cacheHit"] = !from_orders;
    if (source == nullptr) (*meta)["source"] = "cache";
    return;
  }
  if (source == nullptr) {
    bool cached = hit->is_bool() && hit->get_bool();
    (*meta)["source"] = cached ? "cache" : "orders";
  }
}

}  // namespace

unsigned HttpStatusOf(Status::Code code) {
  using C = Status::Code;
  switch (code) {
    case C::kOk:
      return 200;
    case C::kInvalidJson:
    case C::kInvalidArgument:
      return 400;
    case C::kUnauthorized:
      return 401;
    case C::kForbidden:
      return 403;
    case C::kNotFound:
      return 404;
    case C::kMethodNotAllowed:
      return 405;
    case C::kPayloadTooLarge:
      return 413;
    case C::kUnsupportedMedia:
      return 415;
    case C::kValidationFailed:
      return 422;
    case C::kTooManyRequests:
      return 429;
    case C::kUnavailable:
      return 503;
    case C::kInternal:
      return 500;
  }
  return 500;
}

std::string ToJson(const json::value& v) {
  std::string out;
  Append(v, &out);
  return out;
}

double ElapsedMs(std::chrono::steady_clock::time_point start) {
  if (start == std::chrono::steady_clock::time_point{}) return 0;
  std::chrono::duration<double, std::milli> d = std::chrono::steady_clock::now() - start;
  return d.count();
}

Response JsonData(const Request& req, json::value data, json::object meta) {
  return JsonDataSerialized(req, ToJson(data), std::move(meta));
}

Response JsonDataSerialized(const Request& req, std::string_view data, json::object meta) {
  DefaultCacheFields(&meta);
  double ms = std::round(ElapsedMs(req.start) * 100) / 100;
  meta["responseTime"] = fmt::format("{:.2f}ms", ms);
  meta["responseTimeMs"] = ms;
  const json::value* hit = meta.if_contains("cacheHit");
  std::optional<bool> cache_hit;
  if (hit != nullptr && hit->is_bool()) cache_hit = hit->get_bool();
  // ToJson's object form, with `data` as given.
  std::string body = "{\"data\":";
  body += data;
  body += ",\"meta\":";
  AppendObject(meta, &body);
  body += '}';
  Response res{200, std::move(body)};
  res.headers.emplace_back("Cache-Control", "no-store");
  res.cache_hit = cache_hit;
  return res;
}

Response JsonError(const Request& req, const Status& status) {
  Status::Code code = status.ok() ? Status::Code::kInternal : status.code();
  std::string message = status.message();
  if (code == Status::Code::kInternal) {
    spdlog::error("request {} {} {}: {}", req.request_id, req.route, req.target, status.ToString());
    message = "internal error (request id " + req.request_id + ")";
  } else if (code == Status::Code::kUnavailable) {
    spdlog::warn("request {} {} {}: {}", req.request_id, req.route, req.target, status.ToString());
    message = std::string(kUnavailableMessage) + " (request id " + req.request_id + ")";
  }
  json::array details;
  for (const Detail& d : status.details()) {
    details.push_back(json::object{{"path", d.path}, {"message", d.message}});
  }
  json::object error{{"code", Status::CodeName(code)},
                     {"message", std::move(message)},
                     {"details", std::move(details)}};
  Response res{HttpStatusOf(code), ToJson(json::object{{"error", std::move(error)}})};
  res.headers.emplace_back("Cache-Control", "no-store");
  if (code == Status::Code::kUnauthorized) res.headers.emplace_back("WWW-Authenticate", "Bearer");
  if (code == Status::Code::kUnavailable) res.headers.emplace_back("Retry-After", "1");
  return res;
}

Response JsonBare(unsigned status, const json::value& v) {
  Response res{status, ToJson(v)};
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

}  // namespace packprod::api
