#include "api/envelope.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cmath>
#include <limits>
#include <regex>

namespace packprod::api {
namespace {

namespace json = boost::json;
using C = Status::Code;

// The values of every header `name` of `res`, joined by ", ".
std::string Header(const Response& res, std::string_view name) {
  std::string out;
  for (const auto& [key, value] : res.headers) {
    if (key != name) continue;
    if (!out.empty()) out += ", ";
    out += value;
  }
  return out;
}

Request MakeRequest() {
  Request req;
  req.request_id = "req-42";
  req.start = std::chrono::steady_clock::now();
  return req;
}

TEST(EnvelopeTest, HttpStatusOfFollowsTheErrorsTable) {
  EXPECT_EQ(HttpStatusOf(C::kOk), 200u);
  EXPECT_EQ(HttpStatusOf(C::kInvalidJson), 400u);
  EXPECT_EQ(HttpStatusOf(C::kInvalidArgument), 400u);
  EXPECT_EQ(HttpStatusOf(C::kUnauthorized), 401u);
  EXPECT_EQ(HttpStatusOf(C::kForbidden), 403u);
  EXPECT_EQ(HttpStatusOf(C::kNotFound), 404u);
  EXPECT_EQ(HttpStatusOf(C::kMethodNotAllowed), 405u);
  EXPECT_EQ(HttpStatusOf(C::kPayloadTooLarge), 413u);
  EXPECT_EQ(HttpStatusOf(C::kUnsupportedMedia), 415u);
  EXPECT_EQ(HttpStatusOf(C::kValidationFailed), 422u);
  EXPECT_EQ(HttpStatusOf(C::kUnavailable), 503u);
  EXPECT_EQ(HttpStatusOf(C::kInternal), 500u);
  EXPECT_EQ(HttpStatusOf(C::kTooManyRequests), 429u);
}

TEST(EnvelopeTest, ErrorBodyHasCodeMessageAndDetails) {
  Status s = Status::ValidationFailed(
      "2 problems", {{"/items/0/quantity", "must be >= 1"}, {"/total", "required"}});
  Response res = JsonError(MakeRequest(), s);
  EXPECT_EQ(res.status, 422u);
  EXPECT_EQ(res.content_type, "application/json");
  json::value body = json::parse(res.body);
  EXPECT_EQ(body, json::parse(R"({"error": {"code": "validation_failed", "message": "2 problems",
      "details": [{"path": "/items/0/quantity", "message": "must be >= 1"},
                  {"path": "/total", "message": "required"}]}})"));
}

TEST(EnvelopeTest, ErrorDetailsAlwaysPresent) {
  json::value body = json::parse(JsonError(MakeRequest(), Status::NotFound("no order")).body);
  EXPECT_EQ(body.at("error").at("code"), "not_found");
  EXPECT_EQ(body.at("error").at("message"), "no order");
  EXPECT_TRUE(body.at("error").at("details").as_array().empty());
}

TEST(EnvelopeTest, UnauthorizedAsksForBearer) {
  Response res = JsonError(MakeRequest(), Status::Unauthorized("missing key"));
  EXPECT_EQ(res.status, 401u);
  EXPECT_EQ(Header(res, "WWW-Authenticate"), "Bearer");
}

TEST(EnvelopeTest, InternalErrorShowsRequestIdNotTheCause) {
  Response res = JsonError(MakeRequest(), Status::Internal("sqlite: disk I/O error"));
  EXPECT_EQ(res.status, 500u);
  std::string message(json::parse(res.body).at("error").at("message").as_string());
  EXPECT_NE(message.find("req-42"), std::string::npos);
  EXPECT_EQ(message.find("sqlite"), std::string::npos);
}

TEST(EnvelopeTest, UnavailableNamesTheProblemNotTheInfrastructure) {
  Response res = JsonError(
      MakeRequest(),
      Status::Unavailable("cannot connect to PostgreSQL: connection to server at \"db.internal\" "
                          "(10.0.0.7), port 5433 failed; SELECT 1 FROM orders"));
  EXPECT_EQ(res.status, 503u);
  EXPECT_EQ(Header(res, "Retry-After"), "1");
  json::value body = json::parse(res.body);
  EXPECT_EQ(body.at("error").at("code"), "unavailable");
  std::string message(body.at("error").at("message").as_string());
  EXPECT_EQ(message, std::string(kUnavailableMessage) + " (request id req-42)");
  for (const char* leak : {"PostgreSQL", "db.internal", "10.0.0.7", "5433", "SELECT"}) {
    EXPECT_EQ(res.body.find(leak), std::string::npos) << leak;
  }
}

TEST(EnvelopeTest, EveryResponseIsNoStore) {
  for (const Response& res :
       {JsonData(MakeRequest(), json::object{}), JsonError(MakeRequest(), Status::NotFound("x")),
        JsonError(MakeRequest(), Status::Unavailable("x")),
        JsonError(MakeRequest(), Status::Internal("x")),
        JsonBare(200, json::object{{"status", "ok"}})}) {
    EXPECT_EQ(Header(res, "Cache-Control"), "no-store") << res.body;
  }
}

TEST(EnvelopeTest, DataDefaultsToCacheHit) {
  Response res = JsonData(MakeRequest(), json::array{1, 2});
  EXPECT_EQ(res.status, 200u);
  json::value body = json::parse(res.body);
  EXPECT_EQ(body.at("data"), (json::array{1, 2}));
  const json::object& meta = body.at("meta").as_object();
  EXPECT_EQ(meta.at("cacheHit"), true);
  EXPECT_EQ(meta.at("source"), "cache");
  std::string rt(meta.at("responseTime").as_string());
  EXPECT_TRUE(std::regex_match(rt, std::regex(R"(\d+\.\d\dms)"))) << rt;
  EXPECT_TRUE(meta.at("responseTimeMs").is_number());
}

TEST(EnvelopeTest, SourceFollowsCacheHitAndViceVersa) {
  json::value a = json::parse(JsonData(MakeRequest(), nullptr, {{"cacheHit", false}}).body);
  EXPECT_EQ(a.at("meta").at("source"), "orders");
  json::value b = json::parse(JsonData(MakeRequest(), nullptr, {{"source", "orders"}}).body);
  EXPECT_EQ(b.at("meta").at("cacheHit"), false);
  json::value c =
      json::parse(JsonData(MakeRequest(), nullptr, {{"count", 2}, {"nextCursor", nullptr}}).body);
  EXPECT_EQ(c.at("meta").at("count"), 2);
  EXPECT_TRUE(c.at("meta").at("nextCursor").is_null());
  EXPECT_EQ(c.at("meta").at("cacheHit"), true);
}

TEST(EnvelopeTest, ResponseTimeIsRoundedToTwoDecimals) {
  Request req = MakeRequest();
  req.start -= std::chrono::microseconds(12345);
  json::value meta = json::parse(JsonData(req, nullptr).body).at("meta");
  double ms = meta.at("responseTimeMs").to_number<double>();
  EXPECT_GE(ms, 12.34);
  EXPECT_EQ(std::round(ms * 100) / 100, ms);
  EXPECT_EQ(std::string(meta.at("responseTime").as_string()).substr(0, 3), "12.");
}

TEST(EnvelopeTest, DoublesPrintAsPlainDecimals) {
  EXPECT_EQ(ToJson(1234.5), "1234.5");
  EXPECT_EQ(ToJson(1234.56), "1234.56");
  EXPECT_EQ(ToJson(0.1), "0.1");
  EXPECT_EQ(ToJson(24.7), "24.7");
  EXPECT_EQ(ToJson(10.0), "10");
  EXPECT_EQ(ToJson(0.0), "0");
  EXPECT_EQ(ToJson(-5.25), "-5.25");
  EXPECT_EQ(ToJson(1e14 + 0.5), "100000000000000.5");
  EXPECT_EQ(ToJson(1e20), "1e+20");
  EXPECT_EQ(ToJson(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(ToJson(std::numeric_limits<double>::infinity()), "null");
}

TEST(EnvelopeTest, ToJsonMatchesBoostForEverythingElse) {
  json::value v = json::parse(R"({"s": "a\"b\\c\n\u0001é", "n": null, "t": true, "f": false,
      "i": -7, "u": 18446744073709551615, "a": [1, [], {}], "o": {"k": [0.5]}})");
  std::string out = ToJson(v);
  EXPECT_EQ(json::parse(out), v);
  EXPECT_EQ(out.find(' '), std::string::npos);
  EXPECT_NE(out.find(R"("a\"b\\c\n\u0001é")"), std::string::npos) << out;
}

TEST(EnvelopeTest, BareBodyHasNoEnvelope) {
  Response res = JsonBare(503, json::object{{"status", "unavailable"}});
  EXPECT_EQ(res.status, 503u);
  EXPECT_EQ(res.body, R"({"status":"unavailable"})");
}


// A kept answer's response is the one JsonData writes for the same data.
TEST(EnvelopeTest, SerializedDataGivesJsonDatasBytes) {
  Request req;
  json::value data = json::object{{"a", 1.5}, {"b", json::array{1, "x", nullptr}}};
  json::object meta{{"asOf", "2025-06-30T14:00:00Z"}};
  Response plain = JsonData(req, data, meta);
  Response kept = JsonDataSerialized(req, ToJson(data), meta);
  EXPECT_EQ(kept.body, plain.body);
  EXPECT_EQ(kept.headers, plain.headers);
  EXPECT_EQ(kept.cache_hit, plain.cache_hit);
}

}  // namespace
}  // namespace packprod::api
