// The resource handlers. Each parses its request, calls the store or a pure function,
// and serialises; errors go through JsonError (api/envelope.h), never hand-built.
#pragma once

#include "api/context.h"
#include "api/http.h"

namespace packprod::api {

// POST /admin/contacts/import
Response HandleImport(ApiContext& ctx, Request& req, const Principal& p);
// DELETE /admin/orders/{id}
Response HandleDeleteOrder(ApiContext& ctx, Request& req, const Principal& p);
// GET /api/orders
Response HandleListOrders(ApiContext& ctx, Request& req, const Principal& p);
// GET /api/orders/{id}
Response HandleGetOrder(ApiContext& ctx, Request& req, const Principal& p);

}  // namespace packprod::api
