#include "api/router.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>

namespace packprod::api {
namespace {

using verb = boost::beast::http::verb;

// Every Cache-Control value of `res`, joined by ", ".
std::string CacheControl(const Response& res) {
  std::string out;
  for (const auto& [name, value] : res.headers) {
    if (!boost::beast::iequals(name, "Cache-Control")) continue;
    out += (out.empty() ? "" : ", ") + value;
  }
  return out;
}

// A handler that answers with a fixed body, so a test can see which route ran.
Handler Named(std::string name) {
  return [name](Request&) { return Response{200, name}; };
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.Add(verb::get, "/api/orders", Named("list"));
    router_.Add(verb::get, "/api/orders/{id}", Named("get"));
    router_.Add(verb::delete_, "/admin/orders/{id}", Named("delete"));
    router_.Add(verb::get, "/api/products/{code}/orders", Named("product-orders"));
    router_.Add(verb::get, "/api/orders/export", Named("export"));
    router_.Add(verb::post, "/admin/contacts/import", Named("import"));
    router_.Add(verb::get, "/", Named("root"));
  }

  std::string Run(verb method, std::string_view path) {
    Match m = router_.Find(method, path);
    if (!m.status.ok()) return Status::CodeName(m.status.code());
    Request req;
    return (*m.handler)(req).body;
  }

  using Match = Router::Match;
  Router router_;
};

TEST_F(RouterTest, MatchesLiteralsAndCapturesParams) {
  Match m = router_.Find(verb::get, "/api/orders/abc-123");
  ASSERT_TRUE(m.status.ok());
  EXPECT_EQ(m.route, "/api/orders/{id}");
  EXPECT_EQ(m.params.at("id"), "abc-123");

  m = router_.Find(verb::get, "/api/products/SKU%2F7%20X/orders");
  ASSERT_TRUE(m.status.ok());
  EXPECT_EQ(m.route, "/api/products/{code}/orders");
  EXPECT_EQ(m.params.at("code"), "SKU/7 X");

  EXPECT_EQ(Run(verb::get, "/api/orders"), "list");
  EXPECT_EQ(Run(verb::get, "/"), "root");
}

TEST_F(RouterTest, LiteralSegmentBeatsPlaceholder) {
  EXPECT_EQ(Run(verb::get, "/api/orders/export"), "export");
  EXPECT_EQ(Run(verb::get, "/api/orders/exports"), "get");
}

TEST_F(RouterTest, PlaceholderNeedsANonEmptySegment) {
  EXPECT_EQ(Run(verb::get, "/api/orders/"), "not_found");
  EXPECT_EQ(Run(verb::get, "/api/products//orders"), "not_found");
  EXPECT_EQ(Run(verb::get, "/api/orders/a/b"), "not_found");
}

TEST_F(RouterTest, UnknownPathIsNotFoundKnownPathWrongMethodIs405) {
  Match m = router_.Find(verb::get, "/api/nothing");
  EXPECT_EQ(m.status.code(), Status::Code::kNotFound);
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_EQ(m.route, "unmatched");

  m = router_.Find(verb::post, "/api/orders/x");
  EXPECT_EQ(m.status.code(), Status::Code::kMethodNotAllowed);
  EXPECT_EQ(m.route, "unmatched");
  EXPECT_EQ(m.allow, "GET, HEAD");

  m = router_.Find(verb::get, "/admin/contacts/import");
  EXPECT_EQ(m.status.code(), Status::Code::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "POST");
}

TEST_F(RouterTest, HeadIsServedByGetUnlessAHeadRouteExists) {
  EXPECT_EQ(Run(verb::head, "/api/orders/1"), "get");
  router_.Add(verb::head, "/api/orders/{id}", Named("head"));
  EXPECT_EQ(Run(verb::head, "/api/orders/1"), "head");
  EXPECT_EQ(Run(verb::head, "/admin/contacts/import"), "method_not_allowed");
}

TEST_F(RouterTest, FallbackServesUnmatchedGetsOnly) {
  router_.SetFallback(verb::get, Named("static"));
  Match m = router_.Find(verb::get, "/assets/app.js");
  ASSERT_TRUE(m.status.ok());
  EXPECT_EQ(m.route, Router::kFallbackRoute);
  EXPECT_EQ(Run(verb::get, "/customers/42"), "static");
  EXPECT_EQ(Run(verb::head, "/customers/42"), "static");
  EXPECT_EQ(Run(verb::post, "/customers/42"), "not_found");
  // A known path with another method stays a 405.
  EXPECT_EQ(Run(verb::get, "/admin/orders/1"), "method_not_allowed");
}

TEST_F(RouterTest, DispatchFillsRequestAndAnswersErrorsAsJson) {
  Request req;
  req.method = verb::get;
  req.raw_path = "/api/orders/o%201";
  req.request_id = "r1";
  EXPECT_EQ(router_.Dispatch(req).body, "get");
  EXPECT_EQ(req.route, "/api/orders/{id}");
  EXPECT_EQ(req.path_params.at("id"), "o 1");

  Request bad;
  bad.method = verb::put;
  bad.raw_path = "/api/orders";
  Response res = router_.Dispatch(bad);
  EXPECT_EQ(res.status, 405u);
  EXPECT_EQ(CacheControl(res), "no-store");
  ASSERT_EQ(std::count_if(res.headers.begin(), res.headers.end(),
                          [](const auto& h) { return h.first == "Allow"; }),
            1);
  auto body = boost::json::parse(res.body);
  EXPECT_EQ(body.at("error").at("code"), "method_not_allowed");

  Request missing;
  missing.path = "/nope";
  res = router_.Dispatch(missing);
  EXPECT_EQ(res.status, 404u);
  EXPECT_EQ(missing.route, "unmatched");
  EXPECT_EQ(CacheControl(res), "no-store");
}

TEST_F(RouterTest, ApiResponsesAreNoStoreTheFallbackKeepsItsOwn) {
  auto with_cache = [](const char* value) {
    return [value](Request&) {
      Response res{200, "x"};
      res.headers.emplace_back("cache-control", value);
      return res;
    };
  };
  router_.Add(verb::get, "/api/events", with_cache("no-cache"));
  router_.SetFallback(verb::get, with_cache("public, max-age=60"));
  Request api;
  api.raw_path = "/api/events";
  EXPECT_EQ(CacheControl(router_.Dispatch(api)), "no-store");
  Request plain;
  plain.raw_path = "/api/orders";
  EXPECT_EQ(CacheControl(router_.Dispatch(plain)), "no-store");
  Request file;
  file.raw_path = "/assets/app.js";
  EXPECT_EQ(CacheControl(router_.Dispatch(file)), "public, max-age=60");
}

}  // namespace
}  // namespace packprod::api
