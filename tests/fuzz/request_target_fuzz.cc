// Fuzz target: a request target from the wire as the server reads it (api/request_target.h),
// then routed (api/router.h, with the API's route patterns) and its query parameters
// parsed the way the handlers do (api/params.h, domain/period.h), cursors included.
// Properties: no crash and no sanitizer report; a parsed target has a path starting with
// '/'; routing ends in a handler, 404 or 405 (with Allow), and captured placeholders are
// non-empty; every parameter either parses or is refused as invalid_argument naming the
// parameter; a cursor that decodes encodes back to itself; the static resolver refuses
// or resolves the raw path without leaving its (missing) folder.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/params.h"
#include "api/request_target.h"
#include "api/router.h"
#include "api/static_path.h"
#include "domain/period.h"
#include "fuzz_check.h"

namespace {

using packprod::Status;
using packprod::fuzz::Check;
namespace api = packprod::api;
using verb = boost::beast::http::verb;

// The API's route patterns (api/routes.cc), each answering an empty response.
const api::Router& Routes() {
  static const api::Router router = [] {
    api::Router r;
    api::Handler none = [](api::Request&) { return api::Response{}; };
    for (const char* get :
         {"/healthz", "/api/client", "/api/orders", "/api/orders/{id}", "/api/customers",
          "/api/customers/{id}", "/api/products", "/api/products/{code}/orders",
          "/api/reports/overview", "/api/reports/sales", "/api/reports/products",
          "/api/reports/statistics", "/api/ingest/failures", "/api/ingest/failures/{id}",
          "/metrics", "/api/performance", "/api/events"}) {
      r.Add(verb::get, get, none);
    }
    r.Add(verb::post, "/admin/contacts/import", none);
    r.Add(verb::delete_, "/admin/orders/{id}", none);
    r.Add(verb::post, "/api/ingest/failures", none);
    r.Add(verb::delete_, "/api/ingest/failures/{id}", none);
    r.Add(verb::post, "/api/ingest/failures/{id}/replay", none);
    return r;
  }();
  return router;
}

// A refused parameter is a 400 whose reason starts with the parameter's name.
void CheckParamError(const Status& s, std::string_view name) {
  Check(s.code() == Status::Code::kInvalidArgument, "a bad parameter is invalid_argument");
  Check(s.message().starts_with(name), "a bad parameter's reason names it");
}

template <typename R>
void CheckParam(const R& result, std::string_view name) {
  if (!result.ok()) CheckParamError(result.status(), name);
}

void CheckCursor(const std::string& cursor) {
  for (size_t fields = 1; fields <= 6; ++fields) {
    auto decoded = api::DecodeCursor(cursor, fields);
    if (!decoded.ok()) {
      CheckParamError(decoded.status(), "cursor");
      continue;
    }
    Check(decoded->size() == fields, "a cursor has the fields asked for");
    Check(api::EncodeCursor(*decoded) == cursor, "a decoded cursor encodes back to itself");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  api::Request req;
  req.target.assign(reinterpret_cast<const char*>(data), size);
  req.request_id = "fuzz";
  Status parsed = api::ParseRequestTarget(&req);
  if (!parsed.ok()) {
    Check(parsed.code() == Status::Code::kInvalidArgument, "a bad target is invalid_argument");
    return 0;
  }
  Check(req.path.starts_with('/') && req.raw_path.starts_with('/'),
        "a parsed target's path starts with '/'");
  for (verb method : {verb::get, verb::post, verb::delete_, verb::head}) {
    api::Router::Match m = Routes().Find(method, req.raw_path);
    if (m.status.ok()) {
      Check(m.handler != nullptr, "a match has a handler");
      for (const auto& [name, value] : m.params) Check(!value.empty(), "a capture is non-empty");
    } else {
      Check(m.status.code() == Status::Code::kNotFound ||
                (m.status.code() == Status::Code::kMethodNotAllowed && !m.allow.empty()),
            "no match is 404, or 405 with Allow");
    }
  }
  CheckParam(api::LimitParam(req), "limit");
  CheckParam(api::AsOfParam(req, 0), "asOf");
  CheckParam(api::FlagParam(req, "consistent"), "consistent");
  CheckParam(api::StatusesParam(req), "status");
  CheckParam(api::DescendingParam(req), "order");
  CheckParam(api::OrderCursorParam(req), "cursor");
  CheckParam(api::ListCursorParam(req), "cursor");
  if (auto c = req.Param("cursor")) CheckCursor(*c);
  auto period =
      packprod::MakePeriod(req.Param("from"), req.Param("to"), 0, packprod::TimeZone::Utc(), true);
  if (!period.ok()) {
    Check(period.status().code() == Status::Code::kInvalidArgument,
          "a bad period is invalid_argument");
    Check(period.status().message().starts_with("from") ||
              period.status().message().starts_with("to"),
          "a bad period names from or to");
  }
  // A fresh encode/decode round trip of the query's values as cursor fields.
  std::vector<std::string> fields;
  for (const auto& [key, value] : req.query) {
    if (value.find('\x1f') == std::string::npos) fields.push_back(value);
  }
  if (!fields.empty()) {
    auto back = api::DecodeCursor(api::EncodeCursor(fields), fields.size());
    Check(back.ok() && *back == fields, "an encoded cursor decodes to its fields");
  }
  auto t = api::ResolveStaticPath("/nonexistent-packprod-fuzz-root", req.raw_path);
  Check(t.kind != api::StaticTarget::Kind::kFile, "nothing resolves in a missing folder");
  return 0;
}
