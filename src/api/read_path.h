// Which path serves a read (docs/architecture.md "Query API"): the views, or a computation
// from the orders themselves (the original design's slow path).
#pragma once

#include <string>
#include <vector>

#include "api/context.h"
#include "domain/metrics.h"
#include "domain/order.h"

namespace packprod::api {

enum class ReadPath { kViews, kOrders };

// Decides the path of a read: `cache=bypass` (admin; checked by the router) -> orders;
// views not kept by any processor -> orders; `consistent=true` -> views once the
// processor has applied every change committed before the request started (bounded
// wait), else orders. InvalidArgument for malformed `cache`/`consistent` values.
Result<ReadPath> ChooseReadPath(ApiContext& ctx, const Request& req);

// meta fields naming the path.
boost::json::object PathMeta(ReadPath p);

// Everything the slow path needs of one client: all orders (any status) and contacts.
struct ClientData {
  std::vector<Order> orders;
  std::vector<ContactRecord> contacts;
};
Result<ClientData> LoadClientData(store::Store& st, const std::string& client);

}  // namespace packprod::api
