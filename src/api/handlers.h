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

// GET /api/customers, /api/customers/{id}
Response HandleListCustomers(ApiContext& ctx, Request& req, const Principal& p);
Response HandleGetCustomer(ApiContext& ctx, Request& req, const Principal& p);
// GET /api/products, /api/products/{code}/orders
Response HandleListProducts(ApiContext& ctx, Request& req, const Principal& p);
Response HandleProductOrders(ApiContext& ctx, Request& req, const Principal& p);
// GET /api/reports/overview|sales|products|statistics
Response HandleOverview(ApiContext& ctx, Request& req, const Principal& p);
Response HandleSales(ApiContext& ctx, Request& req, const Principal& p);
Response HandleProductsReport(ApiContext& ctx, Request& req, const Principal& p);
Response HandleStatistics(ApiContext& ctx, Request& req, const Principal& p);

}  // namespace packprod::api
