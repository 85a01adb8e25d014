#include "api/params.h"

#include <charconv>

#include <boost/beast/core/detail/base64.hpp>

namespace packprod::api {
namespace b64 = boost::beast::detail::base64;

std::optional<std::string> NonEmptyParam(const Request& req, std::string_view name) {
  auto v = req.Param(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

Result<int> LimitParam(const Request& req, int def, int max) {
  auto v = req.Param("limit");
  if (!v) return def;
  int n = 0;
  auto r = std::from_chars(v->data(), v->data() + v->size(), n);
  if (r.ec != std::errc() || r.ptr != v->data() + v->size() || n < 1 || n > max) {
    return Status::InvalidArgument("limit: must be an integer from 1 to " + std::to_string(max));
  }
  return n;
}

Result<Millis> AsOfParam(const Request& req, Millis now) {
  auto v = NonEmptyParam(req, "asOf");
  if (!v) return now;
  auto t = ParseRfc3339(*v);
  if (!t) return Status::InvalidArgument("asOf: must be an RFC 3339 time, e.g. 2025-10-20T10:30:00Z");
  return *t;
}

Result<bool> FlagParam(const Request& req, std::string_view name) {
  auto v = req.Param(name);
  if (!v || v->empty()) return false;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  return Status::InvalidArgument(std::string(name) + ": must be true or false");
}

Result<std::vector<OrderStatus>> StatusesParam(const Request& req) {
  std::vector<OrderStatus> out;
  auto v = NonEmptyParam(req, "status");
  if (!v) return out;
  std::string_view rest = *v;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view one = rest.substr(0, comma);
    while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
    while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
    auto st = ParseOrderStatus(one);
    if (!st) return Status::InvalidArgument("status: unknown status '" + std::string(one) + "'");
    out.push_back(*st);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

Result<bool> DescendingParam(const Request& req) {
  auto v = NonEmptyParam(req, "order");
  if (!v || *v == "desc") return true;
  if (*v == "asc") return false;
  return Status::InvalidArgument("order: must be asc or desc");
}

namespace {
std::string EncodeCursorRaw(const std::string& raw) {
  std::string out(b64::encoded_size(raw.size()), '\0');
  out.resize(b64::encode(out.data(), raw.data(), raw.size()));
  for (char& c : out) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}
}  // namespace

void AddPageMeta(boost::json::object& meta, std::size_t count, std::int64_t total,
                 const std::optional<std::string>& next_cursor) {
  meta["count"] = count;
  meta["total"] = total;
  meta["nextCursor"] = next_cursor ? boost::json::value(*next_cursor) : boost::json::value(nullptr);
}

Result<std::optional<store::OrderCursor>> OrderCursorParam(const Request& req) {
  auto c = NonEmptyParam(req, "cursor");
  if (!c) return std::optional<store::OrderCursor>();
  PP_ASSIGN_OR_RETURN(auto f, DecodeCursor(*c, 2));
  Millis t = 0;
  auto r = std::from_chars(f[0].data(), f[0].data() + f[0].size(), t);
  if (r.ec != std::errc() || r.ptr != f[0].data() + f[0].size()) {
    return Status::InvalidArgument("cursor: not a cursor from meta.nextCursor");
  }
  return std::optional<store::OrderCursor>(store::OrderCursor{t, f[1]});
}

Result<std::optional<ListCursor>> ListCursorParam(const Request& req) {
  auto c = NonEmptyParam(req, "cursor");
  if (!c) return std::optional<ListCursor>();
  PP_ASSIGN_OR_RETURN(auto fields, DecodeCursor(*c, kCursorFieldCount));
  auto cursor = CursorFromFields(fields);
  if (!cursor) return Status::InvalidArgument("cursor: not a cursor from meta.nextCursor");
  return std::optional<ListCursor>(std::move(*cursor));
}

std::optional<std::string> NextOrderCursor(const store::OrderPage& page) {
  if (!page.more || page.orders.empty()) return std::nullopt;
  const Order& last = page.orders.back();
  return EncodeCursor({std::to_string(last.created_at), last.order_id});
}

std::string EncodeCursor(const std::vector<std::string>& fields) {
  std::string raw;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) raw.push_back('\x1f');
    raw += fields[i];
  }
  return EncodeCursorRaw(raw);
}

Result<std::vector<std::string>> DecodeCursor(const std::string& cursor, size_t fields) {
  auto bad = Status::InvalidArgument("cursor: not a cursor from meta.nextCursor");
  std::string in = cursor;
  for (char& c : in) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (!std::isalnum(static_cast<unsigned char>(c))) return bad;
  }
  std::string raw(b64::decoded_size(in.size()) + 3, '\0');
  auto r = b64::decode(raw.data(), in.data(), in.size());
  raw.resize(r.first);
  if (EncodeCursorRaw(raw) != cursor) return bad;
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t sep = raw.find('\x1f', start);
    out.push_back(raw.substr(start, sep == std::string::npos ? std::string::npos : sep - start));
    if (sep == std::string::npos) break;
    start = sep + 1;
  }
  if (out.size() != fields) return bad;
  return out;
}

Result<std::vector<Segment>> SegmentsParam(const Request& req) {
  std::vector<Segment> out;
  auto v = NonEmptyParam(req, "segment");
  if (!v) return out;
  std::string_view rest = *v;
  while (true) {
    size_t comma = rest.find(',');
    std::string_view one = rest.substr(0, comma);
    auto s = ParseSegment(one);
    if (!s) {
      return Status::InvalidArgument("segment: unknown segment '" + std::string(one) +
                                     "' (VIP, Active, New, Dormant)");
    }
    out.push_back(*s);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace packprod::api
