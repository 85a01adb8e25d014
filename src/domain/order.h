// The order model: what an import stores, what the change log's images hold.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "domain/money.h"
#include "domain/time.h"

namespace packprod {

enum class OrderStatus {
  kPending, kProcessing, kOnHold, kPaid, kShipped, kCompleted, kCancelled, kRefunded, kFailed,
};
inline constexpr int kOrderStatusCount = 9;

// "on-hold" etc.; case-insensitive on input.
std::optional<OrderStatus> ParseOrderStatus(std::string_view s);
const char* OrderStatusName(OrderStatus s);
// Orders that count towards every metric (docs/metrics.md): all but cancelled/refunded/failed.
bool Counts(OrderStatus s);

struct OrderItem {
  std::string code;
  std::optional<std::string> name;
  std::int64_t quantity = 0;
  Cents unit_price = 0;
  std::optional<Cents> line_total;  // as given

  // lineTotal when given, else quantity x unitPrice.
  Cents Revenue() const { return line_total ? *line_total : quantity * unit_price; }
  bool operator==(const OrderItem&) const = default;
};

// The customer as written on the order (a snapshot; the contact record is separate).
struct CustomerSnapshot {
  std::string email;  // normalised: trimmed, lower-cased
  std::optional<std::string> name;
  std::optional<std::string> company;
  std::optional<std::string> phone;
  bool operator==(const CustomerSnapshot&) const = default;
};

struct Order {
  std::string client_id;
  std::string order_id;    // UUIDv5 of client/orderReference
  std::string contact_id;  // UUIDv5 of client/normalised email
  std::string reference;
  Millis created_at = 0;
  OrderStatus status = OrderStatus::kProcessing;
  std::string currency;
  CustomerSnapshot customer;
  std::vector<OrderItem> items;
  std::optional<Cents> subtotal, shipping, tax;
  Cents total = 0;
  std::optional<std::string> source;
  std::optional<boost::json::value> shipping_address, billing_address;
  // Bookkeeping, not part of the order's identity for "unchanged".
  Millis imported_at = 0;
  Millis updated_at = 0;

  // Every stored field equal (docs/api.md "identical re-post"), bookkeeping excluded.
  bool SameContent(const Order& o) const;
  std::int64_t Units() const;
  int Lines() const { return static_cast<int>(items.size()); }
};

// The change-log image of an order (all fields, compact JSON) and back.
std::string OrderToImage(const Order& o);
// Fails only on a corrupt image.
std::optional<Order> OrderFromImage(std::string_view json);

// API shapes (docs/api.md "Orders").
boost::json::object OrderSummaryJson(const Order& o);
boost::json::object OrderFullJson(const Order& o);

// A client (tenant) and its settings (docs/cli.md `clients create`).
struct ClientSettings {
  std::string client_id;
  std::string name;
  std::string timezone = "Australia/Sydney";
  std::string currency = "AUD";
  Cents vip_spend = 500000;
  std::int64_t vip_orders = 10;
  std::int64_t dormant_days = 180;
  std::int64_t new_days = 30;
  // purchaseFrequency bounds in days
  std::int64_t weekly_days = 10, fortnightly_days = 20, monthly_days = 45, quarterly_days = 120;
  // Reorder status (domain/reorders.h): the due window in days and the overdue tolerance,
  // max(tolerance days, tolerance % of the cadence).
  std::int64_t reorder_window_days = 7, reorder_tolerance_days = 3, reorder_tolerance_pct = 25;
};

}  // namespace packprod
