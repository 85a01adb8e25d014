// Which path serves a read (docs/architecture.md "Query API"): the views, or a computation
// from the orders themselves (the original design's slow path).
#pragma once

#include <boost/json/array.hpp>
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

// The slow path never holds a client's orders: it folds them as the store streams them
// (Store::ScanOrders, or ScanOrdersByContact where distinct customers are counted) into
// the domain's streamed builders (domain/reports_stream.h, CustomerAggregator), so its
// memory grows with the answer (contacts, products, buckets), not with the orders.

// Sets the "name" of each product object in `items` (each has a "code") by the spec's
// rule (Store::FillProductNames), keeping every other field and the key order.
Status NameProducts(store::Store& st, const std::string& client, boost::json::array& items);

}  // namespace packprod::api
