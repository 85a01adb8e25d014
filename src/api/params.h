// Query-parameter parsing shared by the handlers. Each returns InvalidArgument naming
// the parameter and the reason when a value is malformed; absent values take defaults.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "api/http.h"
#include "domain/order.h"
#include "domain/listing.h"
#include "domain/status.h"
#include "store/store.h"

namespace packprod::api {

// `limit`: 1-500, default 50.
Result<int> LimitParam(const Request& req, int def = 50, int max = 500);
// `asOf`: RFC 3339; default `now`.
Result<Millis> AsOfParam(const Request& req, Millis now);
// A boolean flag: true/false/1/0; default false.
Result<bool> FlagParam(const Request& req, std::string_view name);
// `status`: comma list of order statuses.
Result<std::vector<OrderStatus>> StatusesParam(const Request& req);
// `order`: asc|desc (default desc); true for descending.
Result<bool> DescendingParam(const Request& req);
// `segment`: comma-separated segment names (VIP, Active, New, Dormant); empty: all.
Result<std::vector<Segment>> SegmentsParam(const Request& req);
// A non-empty parameter value, or nullopt when absent or empty.
std::optional<std::string> NonEmptyParam(const Request& req, std::string_view name);

// Adds a list page's meta: count, total and nextCursor (null on the last page).
void AddPageMeta(boost::json::object& meta, std::size_t count, std::int64_t total,
                 const std::optional<std::string>& next_cursor);

// The order listings' cursor (createdAt desc, orderID desc): `cursor` parsed, and the
// one to hand out after a page (nullopt on the last page).
Result<std::optional<store::OrderCursor>> OrderCursorParam(const Request& req);
std::optional<std::string> NextOrderCursor(const store::OrderPage& page);

// The customer and product listings' cursor (domain/listing.h), parsed from `cursor`.
Result<std::optional<ListCursor>> ListCursorParam(const Request& req);

// Opaque cursors: base64url of the fields joined by '\x1f'.
std::string EncodeCursor(const std::vector<std::string>& fields);
// InvalidArgument ("cursor") when malformed or with another number of fields.
Result<std::vector<std::string>> DecodeCursor(const std::string& cursor, size_t fields);

}  // namespace packprod::api
