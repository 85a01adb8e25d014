#include "domain/validate.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "domain/ids.h"
#include "domain/text.h"

namespace packprod {
namespace {

ClientSettings Acme() {
  ClientSettings c;
  c.client_id = "acme";
  return c;
}

std::vector<std::string> PathsOf(std::string_view body) {
  auto r = ValidateImportBody(boost::json::parse(body), Acme());
  std::vector<std::string> out;
  for (const auto& d : r.status().details()) out.push_back(d.path);
  return out;
}

constexpr const char* kGood =
    R"({"orderReference":"R-1","createdAt":"2025-10-20T21:30:00+11:00",
        "status":"COMPLETED","customer":{"email":"  Jo@Example.COM ","name":"Jo"},
        "items":[{"code":"BOX","quantity":2,"unitPrice":"$1.50"}],"subtotal":3,"total":"3.00"})";

TEST(ValidateTest, NormalisesAValidOrder) {
  auto r = ValidateImportBody(boost::json::parse(kGood), Acme());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Order& o = (*r)[0].order;
  EXPECT_EQ(o.customer.email, "jo@example.com");
  EXPECT_EQ(o.status, OrderStatus::kCompleted);
  EXPECT_EQ(o.created_at, *ParseRfc3339("2025-10-20T10:30:00Z"));
  EXPECT_EQ(o.total, 300);
  EXPECT_EQ(o.items[0].unit_price, 150);
  EXPECT_EQ(o.currency, "AUD");
  EXPECT_EQ(o.order_id, OrderId("acme", "R-1"));
  EXPECT_EQ(o.contact_id, ContactId("acme", "jo@example.com"));
  EXPECT_TRUE((*r)[0].warnings.empty());
}

TEST(ValidateTest, ListsEveryProblemWithItsPointer) {
  auto paths = PathsOf(
      R"({"orderReference":"","createdAt":"soon","status":"delivered","currency":"USD",
          "customer":{"email":"a@b@c","name":5},
          "items":[{"code":"A","quantity":0,"unitPrice":1},{"quantity":1.5,"unitPrice":-1}],
          "tax":"ten","total":"1.005","source":5,"shippingAddress":"1 Quay St"})");
  std::vector<std::string> want = {"/orderReference", "/createdAt", "/status", "/currency",
                                   "/customer/email", "/customer/name", "/items/0/quantity",
                                   "/items/1/code", "/items/1/quantity", "/items/1/unitPrice",
                                   "/tax", "/total", "/source", "/shippingAddress"};
  EXPECT_EQ(paths, want);
}

// Regression: "9999-12-31T23:59:59-23:59" was stored as year 10000.
TEST(ValidateTest, CreatedAtOutsideTheYears1970To9999IsRefusedWithItsPath) {
  for (const char* t : {"9999-12-31T23:59:59-23:59", "1969-12-31T23:59:59Z",
                        "1970-01-01T09:00:00+10:00", "0001-01-01T00:00:00Z"}) {
    auto body = boost::json::parse(kGood);
    body.as_object()["createdAt"] = t;
    auto r = ValidateImportBody(body, Acme());
    ASSERT_FALSE(r.ok()) << t;
    EXPECT_EQ(r.status().code(), Status::Code::kValidationFailed) << t;
    ASSERT_EQ(r.status().details().size(), 1u) << t;
    EXPECT_EQ(r.status().details()[0].path, "/createdAt") << t;
    EXPECT_NE(r.status().details()[0].message.find("years 1970 to 9999"), std::string::npos) << t;
  }
  for (const char* t : {"9999-12-31T23:59:59Z", "9999-12-31T23:59:59+23:59", "1970-01-01T00:00:00Z",
                        "1970-01-01T00:00:00-10:00"}) {
    auto body = boost::json::parse(kGood);
    body.as_object()["createdAt"] = t;
    EXPECT_TRUE(ValidateImportBody(body, Acme()).ok()) << t;
  }
}

TEST(ValidateTest, BatchPathsAndLimits) {
  EXPECT_EQ(PathsOf(R"({"orders":[{"orderReference":"x"}]})"),
            (std::vector<std::string>{"/orders/0/createdAt", "/orders/0/customer",
                                      "/orders/0/total"}));
  EXPECT_EQ(PathsOf(R"({"orders":[]})"), std::vector<std::string>{"/orders"});
  EXPECT_EQ(PathsOf(R"({"orders":{}})"), std::vector<std::string>{"/orders"});
  std::string big = R"({"orders":[)";
  for (int i = 0; i < 1001; ++i) big += std::string(i ? "," : "") + "{}";
  big += "]}";
  auto r = ValidateImportBody(boost::json::parse(big), Acme());
  EXPECT_EQ(r.status().code(), Status::Code::kPayloadTooLarge);
  EXPECT_EQ(ValidateImportBody(boost::json::parse("[1]"), Acme()).status().code(),
            Status::Code::kInvalidJson);
}

TEST(ValidateTest, WarnsAboutInconsistentSumsWithoutRejecting) {
  auto r = ValidateImportBody(
      boost::json::parse(R"({"orderReference":"W","createdAt":"2025-01-01T00:00:00Z",
        "customer":{"email":"w@x.y"},"items":[{"code":"A","quantity":2,"unitPrice":10,
        "lineTotal":19}],"subtotal":25,"shipping":5,"total":99})"),
      Acme());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].warnings.size(), 3u);  // line, subtotal, total
}

TEST(ValidateTest, UnitPriceMayComeFromLineTotal) {
  auto r = ValidateImportBody(
      boost::json::parse(R"({"orderReference":"L","createdAt":"2025-01-01T00:00:00Z",
        "customer":{"email":"w@x.y"},"items":[{"code":"A","quantity":3,"lineTotal":"10.00"}],
        "total":10})"),
      Acme());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ((*r)[0].order.items[0].unit_price, 333);
  EXPECT_EQ((*r)[0].order.items[0].Revenue(), 1000);
}

TEST(TextTest, FoldsUnicodeAndTrimsUnicodeSpace) {
  EXPECT_EQ(FoldCase("ÅNGSTRÖM Zoë"), "ångström zoë");
  EXPECT_EQ(NormaliseEmail("\u00a0\u2003Jo@Example.COM\t"), "jo@example.com");
  EXPECT_EQ(CodePoints("Zoë"), 3u);
}

TEST(IdsTest, UuidV5IsStableAndVersioned) {
  std::string a = UuidV5("acme/ORD-1");
  EXPECT_EQ(a, UuidV5("acme/ORD-1"));
  EXPECT_NE(a, UuidV5("globex/ORD-1"));
  ASSERT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '5');
  EXPECT_TRUE(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b');
  // Ids are a compatibility promise: these are Python's uuid.uuid5 of the same inputs.
  EXPECT_EQ(UuidV5("acme/ORD-1"), "5a3a3041-1251-5846-b22b-caf7ed90121b");
  EXPECT_EQ(UuidV5("acme/jo@example.com"), "630d419e-c6fd-50f4-8f0f-6947f89f2ef6");
  EXPECT_EQ(UuidV5("globex/PP-0000001"), "50d30876-b2da-570c-b494-dd71a41fc602");
  EXPECT_EQ(UuidV5("acme/zo\u00eb@ex\u00e4mple.com"), "334622f5-46e4-5462-a0b6-196b7b06eb20");
  EXPECT_EQ(UuidV5(""), "91aa3c12-fcf5-54d1-8431-81a5451ec3e4");
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace packprod
