// What one order contributes to the views, and what one change event does to them:
// the pure first step of view maintenance (no I/O).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/money.h"
#include "domain/order.h"
#include "domain/time.h"

namespace packprod::stream {

// One product within one order: its lines merged.
struct ProductLine {
  std::string code;
  std::int64_t units = 0;
  Cents revenue = 0;
  std::optional<std::string> name;  // the last non-empty name among its lines
  bool operator==(const ProductLine&) const = default;
};

// The view-relevant content of a COUNTED order.
struct OrderFacts {
  std::string contact_id, reference;
  Millis created_at = 0;
  DayNumber day = 0;  // local day of created_at in the client's zone
  Cents total = 0;
  std::int64_t units = 0;
  std::vector<ProductLine> products;  // one per distinct code, by code ascending
  bool operator==(const OrderFacts&) const = default;
};

// nullopt when the order does not count (docs/metrics.md "Orders that count").
std::optional<OrderFacts> FactsOf(const Order& o, const TimeZone& tz);

// One change event seen by the views: the facts to take away and to add (nullopt: none),
// and the contacts whose rows it touches (their record may have changed even when the
// figures did not). When before and after facts are equal both are nullopt.
struct ViewChange {
  std::optional<OrderFacts> before, after;
  std::vector<std::string> contacts;  // 1 or 2, distinct
  Millis committed_at = 0;
};

// The change from order `before` to `after` (either may be null: insert / remove).
ViewChange ChangeOf(const Order* before, const Order* after, const TimeZone& tz,
                    Millis committed_at);

}  // namespace packprod::stream
