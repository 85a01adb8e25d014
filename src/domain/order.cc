#include "domain/order.h"

#include <array>

#include <boost/json.hpp>

namespace packprod {
namespace json = boost::json;
namespace {

constexpr std::array<const char*, kOrderStatusCount> kStatusNames = {
    "pending", "processing", "on-hold", "paid", "shipped",
    "completed", "cancelled", "refunded", "failed"};

json::value OptString(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}
json::value OptCents(const std::optional<Cents>& c) {
  return c ? CentsToJson(*c) : json::value(nullptr);
}

// Image encoding: money as integer cents, times as integer ms, so images round-trip exactly.
json::value ImageOptCents(const std::optional<Cents>& c) {
  return c ? json::value(*c) : json::value(nullptr);
}
std::optional<std::string> ReadOptString(const json::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}
std::optional<Cents> ReadOptInt(const json::object& o, std::string_view k) {
  auto* v = o.if_contains(k);
  if (v == nullptr || !v->is_int64()) return std::nullopt;
  return v->get_int64();
}
std::int64_t ReadInt(const json::object& o, std::string_view k) {
  return ReadOptInt(o, k).value_or(0);
}

}  // namespace

std::optional<OrderStatus> ParseOrderStatus(std::string_view s) {
  for (size_t i = 0; i < kStatusNames.size(); ++i) {
    std::string_view n = kStatusNames[i];
    if (n.size() != s.size()) continue;
    bool eq = true;
    for (size_t j = 0; j < n.size() && eq; ++j) {
      char c = s[j];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      eq = c == n[j];
    }
    if (eq) return static_cast<OrderStatus>(i);
  }
  return std::nullopt;
}

const char* OrderStatusName(OrderStatus s) { return kStatusNames[static_cast<size_t>(s)]; }

bool Counts(OrderStatus s) {
  return s != OrderStatus::kCancelled && s != OrderStatus::kRefunded && s != OrderStatus::kFailed;
}

bool Order::SameContent(const Order& o) const {
  return reference == o.reference && created_at == o.created_at && status == o.status &&
         currency == o.currency && customer == o.customer && items == o.items &&
         subtotal == o.subtotal && shipping == o.shipping && tax == o.tax && total == o.total &&
         source == o.source && shipping_address == o.shipping_address &&
         billing_address == o.billing_address;
}

std::int64_t Order::Units() const {
  std::int64_t u = 0;
  for (const auto& it : items) u += it.quantity;
  return u;
}

std::string OrderToImage(const Order& o) {
  json::array items;
  items.reserve(o.items.size());
  for (const auto& it : o.items) {
    items.push_back(json::object{{"code", it.code},
                                 {"name", OptString(it.name)},
                                 {"quantity", it.quantity},
                                 {"unitPrice", it.unit_price},
                                 {"lineTotal", ImageOptCents(it.line_total)}});
  }
  json::object img{
      {"clientID", o.client_id},
      {"orderID", o.order_id},
      {"contactID", o.contact_id},
      {"orderReference", o.reference},
      {"createdAt", o.created_at},
      {"status", OrderStatusName(o.status)},
      {"currency", o.currency},
      {"customer", json::object{{"email", o.customer.email},
                                {"name", OptString(o.customer.name)},
                                {"company", OptString(o.customer.company)},
                                {"phone", OptString(o.customer.phone)}}},
      {"items", std::move(items)},
      {"subtotal", ImageOptCents(o.subtotal)},
      {"shipping", ImageOptCents(o.shipping)},
      {"tax", ImageOptCents(o.tax)},
      {"total", o.total},
      {"source", OptString(o.source)},
      {"shippingAddress", o.shipping_address ? *o.shipping_address : json::value(nullptr)},
      {"billingAddress", o.billing_address ? *o.billing_address : json::value(nullptr)},
      {"importedAt", o.imported_at},
      {"updatedAt", o.updated_at},
  };
  return json::serialize(img);
}

std::optional<Order> OrderFromImage(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& img = v.get_object();
  Order o;
  o.client_id = ReadOptString(img, "clientID").value_or("");
  o.order_id = ReadOptString(img, "orderID").value_or("");
  o.contact_id = ReadOptString(img, "contactID").value_or("");
  o.reference = ReadOptString(img, "orderReference").value_or("");
  o.created_at = ReadInt(img, "createdAt");
  auto st = ParseOrderStatus(ReadOptString(img, "status").value_or(""));
  if (!st) return std::nullopt;
  o.status = *st;
  o.currency = ReadOptString(img, "currency").value_or("");
  if (auto* c = img.if_contains("customer"); c && c->is_object()) {
    const auto& co = c->get_object();
    o.customer.email = ReadOptString(co, "email").value_or("");
    o.customer.name = ReadOptString(co, "name");
    o.customer.company = ReadOptString(co, "company");
    o.customer.phone = ReadOptString(co, "phone");
  }
  if (auto* items = img.if_contains("items"); items && items->is_array()) {
    for (const auto& iv : items->get_array()) {
      if (!iv.is_object()) return std::nullopt;
      const auto& io = iv.get_object();
      OrderItem it;
      it.code = ReadOptString(io, "code").value_or("");
      it.name = ReadOptString(io, "name");
      it.quantity = ReadInt(io, "quantity");
      it.unit_price = ReadInt(io, "unitPrice");
      it.line_total = ReadOptInt(io, "lineTotal");
      o.items.push_back(std::move(it));
    }
  }
  o.subtotal = ReadOptInt(img, "subtotal");
  o.shipping = ReadOptInt(img, "shipping");
  o.tax = ReadOptInt(img, "tax");
  o.total = ReadInt(img, "total");
  o.source = ReadOptString(img, "source");
  if (auto* a = img.if_contains("shippingAddress"); a && !a->is_null()) o.shipping_address = *a;
  if (auto* a = img.if_contains("billingAddress"); a && !a->is_null()) o.billing_address = *a;
  o.imported_at = ReadInt(img, "importedAt");
  o.updated_at = ReadInt(img, "updatedAt");
  return o;
}

json::object OrderSummaryJson(const Order& o) {
  return json::object{
      {"orderID", o.order_id},
      {"orderReference", o.reference},
      {"createdAt", FormatRfc3339(o.created_at)},
      {"status", OrderStatusName(o.status)},
      {"currency", o.currency},
      {"total", CentsToJson(o.total)},
      {"contactID", o.contact_id},
      {"customer", json::object{{"name", OptString(o.customer.name)},
                                {"email", o.customer.email},
                                {"company", OptString(o.customer.company)}}},
      {"lines", o.Lines()},
      {"units", o.Units()},
  };
}

json::object OrderFullJson(const Order& o) {
  json::object out = OrderSummaryJson(o);
  json::array items;
  items.reserve(o.items.size());
  for (const auto& it : o.items) {
    Cents unit = it.unit_price;
    items.push_back(json::object{{"code", it.code},
                                 {"name", OptString(it.name)},
                                 {"quantity", it.quantity},
                                 {"unitPrice", CentsToJson(unit)},
                                 {"lineTotal", CentsToJson(it.Revenue())}});
  }
  out["customer"].as_object()["phone"] = OptString(o.customer.phone);
  out["subtotal"] = OptCents(o.subtotal);
  out["shipping"] = OptCents(o.shipping);
  out["tax"] = OptCents(o.tax);
  out["items"] = std::move(items);
  out["source"] = OptString(o.source);
  out["shippingAddress"] = o.shipping_address ? *o.shipping_address : json::value(nullptr);
  out["billingAddress"] = o.billing_address ? *o.billing_address : json::value(nullptr);
  out["importedAt"] = FormatRfc3339(o.imported_at);
  out["updatedAt"] = FormatRfc3339(o.updated_at);
  return out;
}

}  // namespace packprod
