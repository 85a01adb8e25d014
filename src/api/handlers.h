// The resource handlers. Each parses its request, calls the store or a pure function,
// and serialises; errors go through JsonError (api/envelope.h), never hand-built.
#pragma once

#include "api/context.h"
#include "api/http.h"

#include <boost/json/value.hpp>

namespace packprod::api {

// The JSON body of a request, or invalid_json / unsupported_media_type.
Result<boost::json::value> ParseJsonBody(const Request& req);

// GET /api/client: the caller's client, its settings and the key's role (any role).
Response HandleGetClient(ApiContext& ctx, Request& req, const Principal& p);

// POST /admin/contacts/import
Response HandleImport(ApiContext& ctx, Request& req, const Principal& p);
// DELETE /admin/orders/{id}
Response HandleDeleteOrder(ApiContext& ctx, Request& req, const Principal& p);
// GET /api/orders
Response HandleListOrders(ApiContext& ctx, Request& req, const Principal& p);
// GET /api/orders/{id}
Response HandleGetOrder(ApiContext& ctx, Request& req, const Principal& p);

// GET /api/customers, /api/customers/{id}, /api/customers/{id}/basket
Response HandleListCustomers(ApiContext& ctx, Request& req, const Principal& p);
Response HandleGetCustomer(ApiContext& ctx, Request& req, const Principal& p);
// The usual basket (docs/metrics.md): `limit` 1-1000 (default 100) items, meta
// count/total, no cursor; 404 for an unknown contact; `cache=bypass` computes it from the
// contact's orders.
Response HandleGetCustomerBasket(ApiContext& ctx, Request& req, const Principal& p);
// GET /api/reorders (api/reorders_handler.cc)
Response HandleListReorders(ApiContext& ctx, Request& req, const Principal& p);
// GET /api/segments/movements, /api/reports/cohorts (api/segments_handler.cc)
Response HandleSegmentMovements(ApiContext& ctx, Request& req, const Principal& p);
Response HandleCohorts(ApiContext& ctx, Request& req, const Principal& p);
// GET /api/accounts, /api/accounts/{id}; POST /admin/accounts/merge and
// /admin/accounts/{id}/split (api/accounts_handler.cc)
Response HandleListAccounts(ApiContext& ctx, Request& req, const Principal& p);
Response HandleGetAccount(ApiContext& ctx, Request& req, const Principal& p);
Response HandleMergeAccounts(ApiContext& ctx, Request& req, const Principal& p);
Response HandleSplitAccount(ApiContext& ctx, Request& req, const Principal& p);
// GET /api/products, /api/products/{code}/orders
Response HandleListProducts(ApiContext& ctx, Request& req, const Principal& p);
Response HandleProductOrders(ApiContext& ctx, Request& req, const Principal& p);
// GET /api/reports/overview|sales|products|statistics
Response HandleOverview(ApiContext& ctx, Request& req, const Principal& p);
Response HandleSales(ApiContext& ctx, Request& req, const Principal& p);
Response HandleProductsReport(ApiContext& ctx, Request& req, const Principal& p);
Response HandleStatistics(ApiContext& ctx, Request& req, const Principal& p);

// Order e-mail failure queue (api/ingest_handler.cc): GET /api/ingest/failures,
// GET|DELETE /api/ingest/failures/{id}, POST /api/ingest/failures/{id}/replay,
// POST /api/ingest/failures (a message that failed in an n8n workflow).
Response HandleListIngestFailures(ApiContext& ctx, Request& req, const Principal& p);
Response HandleGetIngestFailure(ApiContext& ctx, Request& req, const Principal& p);
Response HandleDismissIngestFailure(ApiContext& ctx, Request& req, const Principal& p);
Response HandleReplayIngestFailure(ApiContext& ctx, Request& req, const Principal& p);
Response HandleSubmitIngestFailure(ApiContext& ctx, Request& req, const Principal& p);
// POST /admin/emails/ingest: one raw RFC 5322 message (message/rfc822), read exactly as
// `packprod ingest-email` reads it.
Response HandleIngestEmail(ApiContext& ctx, Request& req, const Principal& p);

}  // namespace packprod::api
