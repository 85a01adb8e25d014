#include "domain/platform_orders.h"

#include <algorithm>

#include <boost/json.hpp>

#include "domain/money.h"

namespace packprod {
namespace json = boost::json;
namespace {

// Reads fields of one platform order, collecting a detail per problem.
class Reader {
 public:
  explicit Reader(std::vector<Detail>* details) : details_(details) {}

  void Fail(const std::string& path, const std::string& why) { details_->push_back({path, why}); }

  // A string member: "" when absent or null; a detail when of another type.
  std::string Str(const json::object& o, const char* key, const std::string& at) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return "";
    if (!v->is_string()) {
      Fail(at + "/" + key, "must be a string");
      return "";
    }
    return std::string(v->as_string());
  }

  // An object member: nullptr when absent or null; a detail when of another type.
  const json::object* Obj(const json::object& o, const char* key, const std::string& at) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return nullptr;
    if (!v->is_object()) {
      Fail(at + "/" + key, "must be an object");
      return nullptr;
    }
    return &v->as_object();
  }

  const json::array* Arr(const json::object& o, const char* key, const std::string& at) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null()) return nullptr;
    if (!v->is_array()) {
      Fail(at + "/" + key, "must be an array");
      return nullptr;
    }
    return &v->as_array();
  }

  // A money member (a decimal string or a number, rounded to the cent): 0 when absent
  // and not required.
  std::optional<Cents> Money(const json::object& o, const char* key, const std::string& at,
                             bool required) {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null() || (v->is_string() && v->as_string().empty())) {
      if (required) Fail(at + "/" + key, "is required");
      return required ? std::nullopt : std::optional<Cents>(0);
    }
    std::string why;
    auto c = ParseMoney(*v, "", MoneyRounding::kHalfAway, &why);
    if (!c) Fail(at + "/" + key, why);
    return c;
  }

  // A positive integer member (a JSON integer); nullopt with a detail otherwise.
  std::optional<std::int64_t> Count(const json::object& o, const char* key,
                                    const std::string& at) {
    const json::value* v = o.if_contains(key);
    if (v && v->is_int64() && v->get_int64() >= 1) return v->get_int64();
    if (v && v->is_uint64()) return static_cast<std::int64_t>(v->get_uint64());
    Fail(at + "/" + key, v ? "must be an integer >= 1" : "is required");
    return std::nullopt;
  }

 private:
  std::vector<Detail>* details_;
};

std::string IdText(const json::value* v) {
  if (!v) return "";
  if (v->is_int64()) return std::to_string(v->get_int64());
  if (v->is_uint64()) return std::to_string(v->get_uint64());
  if (v->is_string()) return std::string(v->as_string());
  return "";
}

std::string Join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + " " + b;
}

void SetIf(json::object& o, const char* key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}

// A line's product code: its SKU, else the platform's variant or product id.
std::string LineCode(Reader& r, const json::object& line, const std::string& at,
                     const char* prefix, const char* variant_key) {
  std::string sku = r.Str(line, "sku", at);
  if (!sku.empty()) return sku;
  std::string variant = IdText(line.if_contains(variant_key));
  if (!variant.empty() && variant != "0") return std::string(prefix) + "variant-" + variant;
  std::string product = IdText(line.if_contains("product_id"));
  if (!product.empty() && product != "0") return std::string(prefix) + "product-" + product;
  r.Fail(at + "/sku", "is empty and the line names no product or variant id");
  return "";
}

// The parts every line shares; `line_total` is the line's revenue, `unit` the unit price
// when the line has no discount (else the import derives it from the line total).
json::object Item(const std::string& code, const std::string& name, std::int64_t quantity,
                  Cents line_total, std::optional<Cents> unit) {
  json::object item{{"code", code}, {"quantity", quantity}, {"lineTotal", FormatCents(line_total)}};
  if (!name.empty()) item["name"] = name;
  if (unit && *unit * quantity == line_total) item["unitPrice"] = FormatCents(*unit);
  return item;
}

// Billing and shipping addresses as the platform gives them, without empty members.
json::object Address(const json::object& a) {
  json::object out;
  for (const auto& kv : a) {
    if (kv.value().is_null() || (kv.value().is_string() && kv.value().as_string().empty())) {
      continue;
    }
    out[kv.key()] = kv.value();
  }
  return out;
}

// "2017-03-22T16:28:02" (WooCommerce's GMT form has no zone designator) -> "...Z".
std::string GmtTime(std::string t) {
  if (t.empty()) return t;
  bool zoned = t.back() == 'Z' || t.back() == 'z' ||
               (t.size() > 19 && (t.find('+', 19) != std::string::npos ||
                                  t.find('-', 19) != std::string::npos));
  return zoned ? t : t + "Z";
}

json::object MapWooCommerce(const json::object& o, Reader& r) {
  json::object out;
  SetIf(out, "orderReference", PlatformOrderReference(Platform::kWooCommerce, o));
  if (!out.contains("orderReference")) r.Fail("/number", "is required");
  std::string created = r.Str(o, "date_created_gmt", "");
  if (created.empty()) r.Fail("/date_created_gmt", "is required");
  SetIf(out, "createdAt", GmtTime(created));
  std::string status = r.Str(o, "status", "");
  if (auto s = WooCommerceStatus(status)) {
    out["status"] = *s;
  } else {
    r.Fail("/status", "unknown WooCommerce status '" + status + "'");
  }
  SetIf(out, "currency", r.Str(o, "currency", ""));

  json::object customer;
  if (const json::object* b = r.Obj(o, "billing", "")) {
    SetIf(customer, "email", r.Str(*b, "email", "/billing"));
    SetIf(customer, "name", Join(r.Str(*b, "first_name", "/billing"),
                                 r.Str(*b, "last_name", "/billing")));
    SetIf(customer, "company", r.Str(*b, "company", "/billing"));
    SetIf(customer, "phone", r.Str(*b, "phone", "/billing"));
    json::object addr = Address(*b);
    if (!addr.empty()) out["billingAddress"] = std::move(addr);
  }
  if (!customer.contains("email")) r.Fail("/billing/email", "is required");
  out["customer"] = std::move(customer);
  if (const json::object* s = r.Obj(o, "shipping", "")) {
    json::object addr = Address(*s);
    if (!addr.empty()) out["shippingAddress"] = std::move(addr);
  }

  // Line and shipping figures are net of tax in the REST API; a shop whose prices include
  // tax shows them gross, so the tax goes back in there.
  const json::value* incl_v = o.if_contains("prices_include_tax");
  bool incl = incl_v && incl_v->is_bool() && incl_v->get_bool();
  json::array items;
  Cents subtotal = 0;
  if (const json::array* lines = r.Arr(o, "line_items", "")) {
    for (std::size_t i = 0; i < lines->size(); ++i) {
      std::string at = "/line_items/" + std::to_string(i);
      if (!(*lines)[i].is_object()) {
        r.Fail(at, "must be an object");
        continue;
      }
      const json::object& l = (*lines)[i].as_object();
      std::string code = LineCode(r, l, at, "woo-", "variation_id");
      auto qty = r.Count(l, "quantity", at);
      auto total = r.Money(l, "total", at, true);
      auto total_tax = r.Money(l, "total_tax", at, false);
      auto sub = r.Money(l, "subtotal", at, false);
      auto sub_tax = r.Money(l, "subtotal_tax", at, false);
      if (code.empty() || !qty || !total || !total_tax || !sub || !sub_tax) continue;
      Cents line_total = *total + (incl ? *total_tax : 0);
      Cents before = *sub + (incl ? *sub_tax : 0);
      std::optional<Cents> unit;
      if (before == line_total && line_total % *qty == 0) unit = line_total / *qty;
      items.push_back(Item(code, r.Str(l, "name", at), *qty, line_total, unit));
      subtotal += line_total;
    }
  }
  if (!items.empty()) {
    out["items"] = std::move(items);
    out["subtotal"] = FormatCents(subtotal);
  }
  auto ship = r.Money(o, "shipping_total", "", false);
  auto ship_tax = r.Money(o, "shipping_tax", "", false);
  if (ship && ship_tax) out["shipping"] = FormatCents(*ship + (incl ? *ship_tax : 0));
  if (auto tax = r.Money(o, "total_tax", "", false)) out["tax"] = FormatCents(*tax);
  if (auto total = r.Money(o, "total", "", true)) out["total"] = FormatCents(*total);
  out["source"] = "woocommerce";
  return out;
}

json::object MapShopify(const json::object& o, Reader& r) {
  json::object out;
  SetIf(out, "orderReference", PlatformOrderReference(Platform::kShopify, o));
  if (!out.contains("orderReference")) r.Fail("/name", "is required");
  std::string created = r.Str(o, "created_at", "");
  if (created.empty()) r.Fail("/created_at", "is required");
  SetIf(out, "createdAt", created);
  std::string financial = r.Str(o, "financial_status", "");
  std::string fulfillment = r.Str(o, "fulfillment_status", "");
  bool cancelled = !r.Str(o, "cancelled_at", "").empty();
  if (auto s = ShopifyStatus(financial, fulfillment, cancelled)) {
    out["status"] = *s;
  } else {
    r.Fail("/financial_status", "unknown Shopify status '" + financial + "' / '" + fulfillment +
                                    "'");
  }
  SetIf(out, "currency", r.Str(o, "currency", ""));

  const json::object* cust = r.Obj(o, "customer", "");
  const json::object* bill = r.Obj(o, "billing_address", "");
  const json::object* ship_addr = r.Obj(o, "shipping_address", "");
  json::object customer;
  std::string email = r.Str(o, "email", "");
  if (email.empty()) email = r.Str(o, "contact_email", "");
  if (email.empty() && cust) email = r.Str(*cust, "email", "/customer");
  SetIf(customer, "email", email);
  if (email.empty()) r.Fail("/email", "is required");
  std::string name = bill ? r.Str(*bill, "name", "/billing_address") : "";
  if (name.empty() && cust) {
    name = Join(r.Str(*cust, "first_name", "/customer"), r.Str(*cust, "last_name", "/customer"));
  }
  if (name.empty() && ship_addr) name = r.Str(*ship_addr, "name", "/shipping_address");
  SetIf(customer, "name", name);
  std::string company = bill ? r.Str(*bill, "company", "/billing_address") : "";
  if (company.empty() && cust) {
    if (const json::object* d = r.Obj(*cust, "default_address", "/customer")) {
      company = r.Str(*d, "company", "/customer/default_address");
    }
  }
  SetIf(customer, "company", company);
  std::string phone = bill ? r.Str(*bill, "phone", "/billing_address") : "";
  if (phone.empty()) phone = r.Str(o, "phone", "");
  if (phone.empty() && cust) phone = r.Str(*cust, "phone", "/customer");
  SetIf(customer, "phone", phone);
  out["customer"] = std::move(customer);
  if (bill) out["billingAddress"] = Address(*bill);
  if (ship_addr) out["shippingAddress"] = Address(*ship_addr);

  json::array items;
  if (const json::array* lines = r.Arr(o, "line_items", "")) {
    for (std::size_t i = 0; i < lines->size(); ++i) {
      std::string at = "/line_items/" + std::to_string(i);
      if (!(*lines)[i].is_object()) {
        r.Fail(at, "must be an object");
        continue;
      }
      const json::object& l = (*lines)[i].as_object();
      std::string code = LineCode(r, l, at, "shopify-", "variant_id");
      auto qty = r.Count(l, "quantity", at);
      auto price = r.Money(l, "price", at, true);
      // Discounts allocated to the line (line and order-level ones); the older
      // total_discount when there are none.
      Cents discount = 0;
      bool allocated = false;
      if (const json::array* allocs = r.Arr(l, "discount_allocations", at)) {
        for (std::size_t j = 0; j < allocs->size(); ++j) {
          if (!(*allocs)[j].is_object()) continue;
          std::string aat = at + "/discount_allocations/" + std::to_string(j);
          if (auto a = r.Money((*allocs)[j].as_object(), "amount", aat, false)) discount += *a;
          allocated = true;
        }
      }
      if (!allocated) {
        if (auto d = r.Money(l, "total_discount", at, false)) discount = *d;
      }
      if (code.empty() || !qty || !price) continue;
      std::string name = r.Str(l, "name", at);
      if (name.empty()) name = r.Str(l, "title", at);
      items.push_back(Item(code, name, *qty, *price * *qty - discount, *price));
    }
  }
  if (!items.empty()) out["items"] = std::move(items);
  if (auto sub = r.Money(o, "subtotal_price", "", false); sub && o.contains("subtotal_price")) {
    out["subtotal"] = FormatCents(*sub);
  }
  Cents shipping = 0;
  bool any_shipping = false;
  if (const json::array* lines = r.Arr(o, "shipping_lines", "")) {
    for (std::size_t i = 0; i < lines->size(); ++i) {
      if (!(*lines)[i].is_object()) continue;
      const json::object& l = (*lines)[i].as_object();
      std::string at = "/shipping_lines/" + std::to_string(i);
      const char* key = l.contains("discounted_price") ? "discounted_price" : "price";
      if (auto p = r.Money(l, key, at, false)) shipping += *p;
      any_shipping = true;
    }
  }
  if (any_shipping) out["shipping"] = FormatCents(shipping);
  if (auto tax = r.Money(o, "total_tax", "", false)) out["tax"] = FormatCents(*tax);
  if (auto total = r.Money(o, "total_price", "", true)) out["total"] = FormatCents(*total);
  out["source"] = "shopify";
  return out;
}

}  // namespace

const char* PlatformName(Platform p) {
  return p == Platform::kWooCommerce ? "woocommerce" : "shopify";
}

std::optional<Platform> ParsePlatform(std::string_view s) {
  if (s == "woocommerce") return Platform::kWooCommerce;
  if (s == "shopify") return Platform::kShopify;
  return std::nullopt;
}

std::string PlatformOrderId(const json::value& order) {
  return order.is_object() ? IdText(order.as_object().if_contains("id")) : "";
}

std::string PlatformOrderReference(Platform p, const json::value& order) {
  if (!order.is_object()) return "";
  const json::object& o = order.as_object();
  if (p == Platform::kWooCommerce) {
    std::string number = IdText(o.if_contains("number"));
    return number.empty() ? IdText(o.if_contains("id")) : number;
  }
  std::string name = IdText(o.if_contains("name"));
  if (name.starts_with('#')) name.erase(0, 1);
  if (name.empty()) name = IdText(o.if_contains("order_number"));
  return name;
}

std::optional<std::string> WooCommerceStatus(std::string_view status) {
  if (status.starts_with("wc-")) status.remove_prefix(3);
  for (const char* s : {"pending", "processing", "on-hold", "completed", "cancelled", "refunded",
                        "failed"}) {
    if (status == s) return std::string(s);
  }
  if (status == "checkout-draft") return "pending";
  if (status == "trash") return "cancelled";
  return std::nullopt;
}

std::optional<std::string> ShopifyStatus(std::string_view financial, std::string_view fulfillment,
                                         bool cancelled) {
  static constexpr std::string_view kKnown[] = {"",     "pending",  "authorized", "partially_paid",
                                                "paid", "partially_refunded", "refunded", "voided",
                                                "expired"};
  if (std::find(std::begin(kKnown), std::end(kKnown), financial) == std::end(kKnown)) {
    return std::nullopt;
  }
  if (fulfillment != "" && fulfillment != "fulfilled" && fulfillment != "partial" &&
      fulfillment != "restocked" && fulfillment != "unfulfilled") {
    return std::nullopt;
  }
  if (financial == "refunded") return "refunded";
  if (cancelled || financial == "voided" || fulfillment == "restocked") return "cancelled";
  if (financial == "expired") return "failed";
  bool paid = financial == "paid" || financial == "partially_refunded";
  if (fulfillment == "fulfilled") return paid ? "completed" : "shipped";
  if (fulfillment == "partial") return "shipped";
  if (paid) return "paid";
  if (financial == "authorized" || financial == "partially_paid") return "on-hold";
  return "pending";
}

Result<json::object> MapPlatformOrder(Platform p, const json::value& order) {
  std::vector<Detail> details;
  if (!order.is_object()) {
    return Status::ValidationFailed("the order is not a JSON object", {{"", "must be an object"}});
  }
  Reader r(&details);
  json::object out = p == Platform::kWooCommerce ? MapWooCommerce(order.as_object(), r)
                                                 : MapShopify(order.as_object(), r);
  if (!details.empty()) {
    return Status::ValidationFailed(
        std::string("the ") + PlatformName(p) + " order cannot be read", std::move(details));
  }
  return out;
}

}  // namespace packprod
