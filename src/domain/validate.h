// Import validation (docs/api.md "Import" and "Details that tests rely on").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "domain/order.h"
#include "domain/status.h"

namespace packprod {

inline constexpr std::size_t kMaxBatchOrders = 1000;
inline constexpr std::size_t kMaxItems = 500;

struct ValidatedOrder {
  Order order;                        // ids derived, bookkeeping times unset
  std::vector<std::string> warnings;  // inconsistent sums; never rejections
};

// Validates one order object for `client`. Every problem is appended to *details with a
// JSON Pointer under `prefix` ("" for a single-order body, "/orders/3" in a batch).
// Returns the normalised order when there was no problem.
std::optional<ValidatedOrder> ValidateOrder(const boost::json::value& v,
                                            const ClientSettings& client,
                                            const std::string& prefix,
                                            std::vector<Detail>* details);

// Parses an import body's JSON text (nesting bounded at 64 levels, so a hostile body
// cannot exhaust the stack). Errors: InvalidJson naming the body and the parser's reason.
Result<boost::json::value> ParseImportJson(std::string_view text);

// Validates a whole import body: one order object or {"orders": [...]}.
// Errors: InvalidJson (not an object), PayloadTooLarge (> 1000 orders),
// ValidationFailed with every detail. All-or-nothing: no orders unless all are valid.
Result<std::vector<ValidatedOrder>> ValidateImportBody(const boost::json::value& body,
                                                       const ClientSettings& client);

}  // namespace packprod
