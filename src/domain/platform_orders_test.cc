#include "domain/platform_orders.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "domain/validate.h"

namespace packprod {
namespace {
namespace json = boost::json;

json::value Fixture(const std::string& name) {
  std::ifstream in(std::string(PACKPROD_WEBHOOK_FIXTURES) + "/" + name);
  EXPECT_TRUE(in) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

// The fixture mapped and validated for an AUD client, as a webhook delivery imports it.
struct Mapped {
  Order order;
  std::vector<std::string> warnings;
};
Mapped Import(Platform p, const std::string& name) {
  auto mapped = MapPlatformOrder(p, Fixture(name));
  EXPECT_TRUE(mapped.ok()) << name << ": " << mapped.status().message();
  if (!mapped.ok()) return {};
  ClientSettings client;
  client.client_id = "acme";
  std::vector<Detail> details;
  auto v = ValidateOrder(*mapped, client, "", &details);
  for (const auto& d : details) ADD_FAILURE() << name << " " << d.path << ": " << d.message;
  if (!v) return {};
  return {v->order, v->warnings};
}

// Warnings about the order's sums (subtotal, total), not about a line's rounding.
int SumWarnings(const Mapped& m) {
  int n = 0;
  for (const auto& w : m.warnings) {
    if (!w.starts_with("items/")) {
      ADD_FAILURE() << w;
      ++n;
    }
  }
  return n;
}

const OrderItem& ItemOf(const Order& o, const std::string& code) {
  for (const auto& i : o.items) {
    if (i.code == code) return i;
  }
  ADD_FAILURE() << "no item " << code;
  static OrderItem none;
  return none;
}

TEST(PlatformOrdersTest, WooCommerceGuestTaxExclusive) {
  Mapped m = Import(Platform::kWooCommerce, "woocommerce-guest.json");
  const Order& o = m.order;
  EXPECT_EQ(o.reference, "1043");  // as the "[Order #1043]" e-mail reads it
  EXPECT_EQ(FormatRfc3339(o.created_at), "2025-10-20T10:30:00Z");
  EXPECT_EQ(o.status, OrderStatus::kProcessing);
  EXPECT_EQ(o.customer.email, "jo.guest@example.com");
  EXPECT_EQ(o.customer.name, "Jo Guest");
  EXPECT_EQ(o.customer.company, std::nullopt);
  EXPECT_EQ(o.customer.phone, "0400 000 111");
  ASSERT_EQ(o.items.size(), 2u);
  EXPECT_EQ(ItemOf(o, "MBX-250").quantity, 50);
  EXPECT_EQ(ItemOf(o, "MBX-250").unit_price, 145);
  EXPECT_EQ(ItemOf(o, "MBX-250").line_total, 7250);
  EXPECT_EQ(ItemOf(o, "TAPE-48").name, "Packing Tape 48mm");
  EXPECT_EQ(o.subtotal, 9620);
  EXPECT_EQ(o.shipping, 1200);
  EXPECT_EQ(o.tax, 1082);
  EXPECT_EQ(o.total, 11902);
  EXPECT_EQ(o.source, "woocommerce");
  EXPECT_TRUE(m.warnings.empty()) << m.warnings[0];
  ASSERT_TRUE(o.billing_address.has_value());
  EXPECT_EQ(o.billing_address->as_object().at("city"), "Newtown");
}

TEST(PlatformOrdersTest, WooCommerceCompanyVariableCouponFreeShippingTaxInclusive) {
  Mapped m = Import(Platform::kWooCommerce, "woocommerce-company-variable.json");
  const Order& o = m.order;
  EXPECT_EQ(o.reference, "1044");
  EXPECT_EQ(o.status, OrderStatus::kCompleted);
  EXPECT_EQ(o.customer.company, "Bright Bakery Pty Ltd");
  EXPECT_EQ(o.customer.name, "Priya Natarajan");
  // The variation's own SKU; the discounted line's revenue with its tax (prices include
  // tax); the unit price then derived from the line.
  EXPECT_EQ(ItemOf(o, "PM-L").line_total, 4950);
  EXPECT_EQ(ItemOf(o, "PM-L").quantity, 100);
  EXPECT_EQ(ItemOf(o, "PM-L").name, "Poly Mailer - Large");
  // No SKU: the product id stands in.
  EXPECT_EQ(ItemOf(o, "woo-product-77").line_total, 1800);
  EXPECT_EQ(ItemOf(o, "woo-product-77").unit_price, 900);
  EXPECT_EQ(o.subtotal, 6750);
  EXPECT_EQ(o.shipping, 0);
  EXPECT_EQ(o.tax, 614);
  EXPECT_EQ(o.total, 6750);
  // The sums agree; only the derived unit price of a discounted line is rounded.
  EXPECT_EQ(SumWarnings(m), 0);
}

TEST(PlatformOrdersTest, WooCommerceRefundAndCancellation) {
  Mapped refunded = Import(Platform::kWooCommerce, "woocommerce-refunded.json");
  EXPECT_EQ(refunded.order.status, OrderStatus::kRefunded);
  EXPECT_FALSE(Counts(refunded.order.status));
  EXPECT_EQ(refunded.order.total, 3300);
  Mapped cancelled = Import(Platform::kWooCommerce, "woocommerce-cancelled.json");
  EXPECT_EQ(cancelled.order.status, OrderStatus::kCancelled);
  EXPECT_EQ(cancelled.order.customer.email, "jo.guest@example.com");
}

TEST(PlatformOrdersTest, AnotherCurrencyIsRefusedByTheImportRules) {
  ClientSettings aud;
  for (auto [p, name] : {std::pair{Platform::kWooCommerce, "woocommerce-usd.json"},
                         std::pair{Platform::kShopify, "shopify-nzd.json"}}) {
    auto mapped = MapPlatformOrder(p, Fixture(name));
    ASSERT_TRUE(mapped.ok()) << name;
    std::vector<Detail> details;
    EXPECT_FALSE(ValidateOrder(*mapped, aud, "", &details)) << name;
    ASSERT_EQ(details.size(), 1u) << name;
    EXPECT_EQ(details[0].path, "/currency");
  }
}

TEST(PlatformOrdersTest, ShopifyGuestTaxExclusive) {
  Mapped m = Import(Platform::kShopify, "shopify-guest.json");
  const Order& o = m.order;
  EXPECT_EQ(o.reference, "1001");  // "#1001", as "Order #1001 placed by" reads it
  EXPECT_EQ(FormatRfc3339(o.created_at), "2025-10-20T22:15:00Z");
  EXPECT_EQ(o.status, OrderStatus::kPending);
  EXPECT_EQ(o.customer.email, "lee@cornerflorist.example");
  EXPECT_EQ(o.customer.name, "Lee Park");
  EXPECT_EQ(o.customer.phone, "+61 400 222 333");
  EXPECT_EQ(ItemOf(o, "MBX-250").unit_price, 145);
  EXPECT_EQ(ItemOf(o, "MBX-250").line_total, 2900);
  EXPECT_EQ(o.subtotal, 2900);
  EXPECT_EQ(o.shipping, 995);
  EXPECT_EQ(o.tax, 390);
  EXPECT_EQ(o.total, 4285);
  EXPECT_EQ(o.source, "shopify");
  EXPECT_TRUE(m.warnings.empty()) << m.warnings[0];
}

TEST(PlatformOrdersTest, ShopifyCustomerWithCompanyDiscountFreeShippingTaxInclusive) {
  Mapped m = Import(Platform::kShopify, "shopify-customer.json");
  const Order& o = m.order;
  EXPECT_EQ(o.reference, "1002");
  EXPECT_EQ(o.status, OrderStatus::kCompleted);  // paid and fulfilled
  EXPECT_EQ(o.customer.name, "Ana Costa");
  EXPECT_EQ(o.customer.company, "Costa Deli");  // from the customer's default address
  EXPECT_EQ(o.customer.phone, "+61 411 555 666");
  EXPECT_EQ(ItemOf(o, "PM-L").line_total, 9900);  // 200 x 0.55 less the code's 11.00
  EXPECT_EQ(ItemOf(o, "PM-L").name, "Poly Mailer - Large");
  EXPECT_EQ(ItemOf(o, "shopify-variant-800301").line_total, 1800);
  EXPECT_EQ(o.subtotal, 11700);
  EXPECT_EQ(o.shipping, 0);
  EXPECT_EQ(o.tax, 1064);
  EXPECT_EQ(o.total, 11700);
  EXPECT_EQ(SumWarnings(m), 0);
}

TEST(PlatformOrdersTest, ShopifyRefundAndCancellation) {
  Mapped refunded = Import(Platform::kShopify, "shopify-refunded.json");
  EXPECT_EQ(refunded.order.status, OrderStatus::kRefunded);
  EXPECT_EQ(refunded.order.customer.company, "Mo's Bikes");
  Mapped cancelled = Import(Platform::kShopify, "shopify-cancelled.json");
  EXPECT_EQ(cancelled.order.status, OrderStatus::kCancelled);
}

TEST(PlatformOrdersTest, WooCommerceStatusMapping) {
  EXPECT_EQ(WooCommerceStatus("pending"), "pending");
  EXPECT_EQ(WooCommerceStatus("processing"), "processing");
  EXPECT_EQ(WooCommerceStatus("on-hold"), "on-hold");
  EXPECT_EQ(WooCommerceStatus("completed"), "completed");
  EXPECT_EQ(WooCommerceStatus("cancelled"), "cancelled");
  EXPECT_EQ(WooCommerceStatus("refunded"), "refunded");
  EXPECT_EQ(WooCommerceStatus("failed"), "failed");
  EXPECT_EQ(WooCommerceStatus("wc-completed"), "completed");
  EXPECT_EQ(WooCommerceStatus("checkout-draft"), "pending");
  EXPECT_EQ(WooCommerceStatus("trash"), "cancelled");
  EXPECT_EQ(WooCommerceStatus("awaiting-pickup"), std::nullopt);
}

TEST(PlatformOrdersTest, ShopifyStatusMapping) {
  EXPECT_EQ(ShopifyStatus("pending", "", false), "pending");
  EXPECT_EQ(ShopifyStatus("authorized", "", false), "on-hold");
  EXPECT_EQ(ShopifyStatus("partially_paid", "", false), "on-hold");
  EXPECT_EQ(ShopifyStatus("paid", "", false), "paid");
  EXPECT_EQ(ShopifyStatus("paid", "partial", false), "shipped");
  EXPECT_EQ(ShopifyStatus("pending", "fulfilled", false), "shipped");
  EXPECT_EQ(ShopifyStatus("paid", "fulfilled", false), "completed");
  EXPECT_EQ(ShopifyStatus("partially_refunded", "fulfilled", false), "completed");
  EXPECT_EQ(ShopifyStatus("refunded", "fulfilled", false), "refunded");
  EXPECT_EQ(ShopifyStatus("refunded", "", true), "refunded");
  EXPECT_EQ(ShopifyStatus("paid", "", true), "cancelled");
  EXPECT_EQ(ShopifyStatus("voided", "", false), "cancelled");
  EXPECT_EQ(ShopifyStatus("paid", "restocked", false), "cancelled");
  EXPECT_EQ(ShopifyStatus("expired", "", false), "failed");
  EXPECT_EQ(ShopifyStatus("mystery", "", false), std::nullopt);
  EXPECT_EQ(ShopifyStatus("paid", "mystery", false), std::nullopt);
}

TEST(PlatformOrdersTest, DeletePayloadsCarryOnlyTheId) {
  EXPECT_EQ(PlatformOrderId(Fixture("woocommerce-deleted.json")), "1046");
  EXPECT_EQ(PlatformOrderReference(Platform::kWooCommerce, Fixture("woocommerce-deleted.json")),
            "1046");
  EXPECT_EQ(PlatformOrderId(Fixture("shopify-delete.json")), "6120000001004");
  EXPECT_EQ(PlatformOrderReference(Platform::kShopify, Fixture("shopify-delete.json")), "");
}

TEST(PlatformOrdersTest, UnreadableOrdersNameThePlatformField) {
  auto v = json::parse(R"({"id": 7, "number": "7", "status": "processing",
    "date_created_gmt": "2025-10-20T10:30:00", "billing": {"email": ""},
    "line_items": [{"sku": "A", "quantity": 0, "total": "1.00"}, "x"], "total": "abc"})");
  auto r = MapPlatformOrder(Platform::kWooCommerce, v);
  ASSERT_FALSE(r.ok());
  std::vector<std::string> paths;
  for (const auto& d : r.status().details()) paths.push_back(d.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"/billing/email", "/line_items/0/quantity",
                                             "/line_items/1", "/total"}));
  auto s = MapPlatformOrder(Platform::kShopify, json::parse(R"({"id": 1, "name": "#9",
    "email": "a@b.example", "created_at": "2025-10-20T10:30:00Z",
    "financial_status": "mystery", "total_price": "1.00"})"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().details()[0].path, "/financial_status");
  EXPECT_FALSE(MapPlatformOrder(Platform::kShopify, json::value("x")).ok());
}

TEST(PlatformOrdersTest, SignatureIsBase64HmacSha256ComparedWhole) {
  // RFC 4231 test case 2 ("Jefe"), in base64.
  EXPECT_EQ(WebhookSignature("Jefe", "what do ya want for nothing?"),
            "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
  std::string body = R"({"id":1})";
  std::string sig = WebhookSignature("s3cret", body);
  EXPECT_TRUE(VerifyWebhookSignature("s3cret", body, sig));
  EXPECT_TRUE(VerifyWebhookSignature("s3cret", body, " " + sig + " "));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", body + " ", sig));
  EXPECT_FALSE(VerifyWebhookSignature("other", body, sig));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", body, sig.substr(0, 43)));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", body, ""));
  EXPECT_FALSE(VerifyWebhookSignature("", body, WebhookSignature("", body)));
}

}  // namespace
}  // namespace packprod
