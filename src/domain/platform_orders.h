// Orders pushed (webhooks) or listed (REST) by the shop platforms, mapped to the import
// contract's order object (api.md "Import"), and the webhook signature they carry.
//
// - WooCommerce: the REST API v3 order (`/wp-json/wc/v3/orders`, the same body as the
//   order.created / order.updated webhooks).
// - Shopify: the Admin REST API order (`orders.json`, the same body as the orders/*
//   webhooks).
// Pure: no I/O. The order objects returned still go through ValidateOrder (the client's
// currency, the e-mail, money rules), exactly as an HTTP import does.
// The status mapping is written down in docs/webhooks.md; the tests pin it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "domain/status.h"

namespace packprod {

enum class Platform { kWooCommerce, kShopify };
const char* PlatformName(Platform p);  // "woocommerce", "shopify"
std::optional<Platform> ParsePlatform(std::string_view s);

// The order's reference as the platform's e-mails show it, so that one order arriving by
// e-mail and by webhook is one order: WooCommerce `number` ("1043"; `id` when absent),
// Shopify `name` without its leading '#' ("#1043" -> "1043"). Empty when neither is there.
std::string PlatformOrderReference(Platform p, const boost::json::value& order);
// The platform's own order id (`id`) as text; empty when absent. The only field of a
// delete delivery.
std::string PlatformOrderId(const boost::json::value& order);

// The spec status of a WooCommerce order status (`processing` ...); nullopt when unknown.
std::optional<std::string> WooCommerceStatus(std::string_view status);
// The spec status of a Shopify order from its financial_status, fulfillment_status
// (empty for null) and whether cancelled_at is set; nullopt for an unknown
// financial_status.
std::optional<std::string> ShopifyStatus(std::string_view financial, std::string_view fulfillment,
                                         bool cancelled);

// Maps one platform order to the import contract's order object (`source` is
// "woocommerce" or "shopify"). ValidationFailed with a detail per problem, its path a
// JSON Pointer into the platform's payload (e.g. "/billing/email", "/line_items/2/quantity"),
// when a required field is missing or of the wrong type, or a status is unknown.
Result<boost::json::object> MapPlatformOrder(Platform p, const boost::json::value& order);

// Base64 of HMAC-SHA256(secret, body): what X-WC-Webhook-Signature and
// X-Shopify-Hmac-Sha256 carry.
std::string WebhookSignature(std::string_view secret, std::string_view body);
// Whether `signature` (the header's value, surrounding spaces ignored) is the body's
// signature under `secret`. Constant time in the signature's content.
bool VerifyWebhookSignature(std::string_view secret, std::string_view body,
                            std::string_view signature);

}  // namespace packprod
