// Shop platform webhooks: POST /webhooks/woocommerce/{client} and
// POST /webhooks/shopify/{client} (docs/webhooks.md).
//
// No API key: the body's HMAC-SHA256 under the client's secret for that platform
// (`packprod webhooks create`) is the authentication, compared in constant time. A missing
// or wrong signature, or a client without a secret, is 401. A verified delivery is
// applied at once in one transaction (store/platform_ingest.h): imported, removed, a
// duplicate of a delivery seen before, ignored (a topic that is not about orders), or
// queued in the failure queue; each of those answers 200 so that the platform does not
// retry. WooCommerce's unsigned ping (`webhook_id=N`, sent when a webhook is saved)
// answers 200 and writes nothing. Nothing here calls out.
//
// Each delivery is counted in packprod_webhook_deliveries_total{platform,outcome}
// (outcome: imported, removed, duplicate, ignored, failed, ping, unauthorized).
#pragma once

#include "api/context.h"
#include "api/router.h"

namespace packprod::api {

// Adds both routes; registers the counter on ctx.metrics when set (before serving).
void AddWebhookRoutes(Router& router, ApiContext& ctx);

}  // namespace packprod::api
