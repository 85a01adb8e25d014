#include "domain/validate.h"

#include <cmath>

#include <boost/json.hpp>

#include "domain/ids.h"
#include "domain/text.h"

namespace packprod {
namespace json = boost::json;
namespace {

class Checker {
 public:
  Checker(const std::string& prefix, std::vector<Detail>* details)
      : prefix_(prefix), details_(details) {}
  void Fail(const std::string& path, std::string msg) {
    details_->push_back({prefix_ + path, std::move(msg)});
    failed_ = true;
  }
  bool failed() const { return failed_; }

  // An optional string field of at most `max` code points (min 1 when required).
  std::optional<std::string> String(const json::object& o, std::string_view key,
                                    const std::string& path, std::size_t max, bool required) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) {
      if (required) Fail(path, "is required");
      return std::nullopt;
    }
    if (!v->is_string()) {
      Fail(path, "must be a string");
      return std::nullopt;
    }
    std::string s(v->get_string());
    std::size_t n = CodePoints(s);
    if ((required && n == 0) || n > max) {
      Fail(path, required ? "must be 1-" + std::to_string(max) + " characters"
                          : "must be at most " + std::to_string(max) + " characters");
      return std::nullopt;
    }
    return s;
  }

  std::optional<Cents> Money(const json::object& o, std::string_view key, const std::string& path,
                             const std::string& currency, bool required) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr || v->is_null()) {
      if (required) Fail(path, "is required");
      return std::nullopt;
    }
    std::string why;
    auto c = ParseMoney(*v, currency, MoneyRounding::kReject, &why);
    if (!c) Fail(path, why);
    return c;
  }

 private:
  const std::string& prefix_;
  std::vector<Detail>* details_;
  bool failed_ = false;
};

std::optional<std::int64_t> Quantity(const json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) return std::nullopt;
  if (v->is_double()) {
    double d = v->get_double();
    if (std::floor(d) == d && d >= 1 && d < 1e12) return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

void ValidateCustomer(const json::object& o, Checker& ck, Order* out) {
  const json::value* cv = o.if_contains("customer");
  if (cv == nullptr || cv->is_null()) return ck.Fail("/customer", "is required");
  if (!cv->is_object()) return ck.Fail("/customer", "must be an object");
  const json::object& c = cv->get_object();
  if (auto e = ck.String(c, "email", "/customer/email", 320, true)) {
    std::string email = NormaliseEmail(*e);
    auto at = email.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == email.size() ||
        email.find('@', at + 1) != std::string::npos) {
      ck.Fail("/customer/email", "must contain one '@' with text on either side");
    }
    out->customer.email = std::move(email);
  }
  out->customer.name = ck.String(c, "name", "/customer/name", 200, false);
  out->customer.company = ck.String(c, "company", "/customer/company", 200, false);
  out->customer.phone = ck.String(c, "phone", "/customer/phone", 200, false);
}

void ValidateItems(const json::object& o, Checker& ck, const std::string& currency, Order* out) {
  const json::value* iv = o.if_contains("items");
  if (iv == nullptr || iv->is_null()) return;
  if (!iv->is_array()) return ck.Fail("/items", "must be an array");
  const json::array& items = iv->get_array();
  if (items.size() > kMaxItems) return ck.Fail("/items", "at most 500 items");
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string p = "/items/" + std::to_string(i);
    if (!items[i].is_object()) {
      ck.Fail(p, "must be an object");
      continue;
    }
    const json::object& it = items[i].get_object();
    OrderItem item;
    auto code = ck.String(it, "code", p + "/code", 64, true);
    item.name = ck.String(it, "name", p + "/name", 200, false);
    auto qty = Quantity(it.if_contains("quantity"));
    if (!qty || *qty < 1) ck.Fail(p + "/quantity", "must be an integer >= 1");
    item.line_total = ck.Money(it, "lineTotal", p + "/lineTotal", currency, false);
    const json::value* up = it.if_contains("unitPrice");
    std::optional<Cents> unit;
    if ((up == nullptr || up->is_null()) && item.line_total) {
      if (qty && *qty >= 1) unit = (2 * *item.line_total + *qty) / (2 * *qty);  // display only
    } else {
      unit = ck.Money(it, "unitPrice", p + "/unitPrice", currency, true);
    }
    if (code && qty && *qty >= 1 && unit) {
      item.code = std::move(*code);
      item.quantity = *qty;
      item.unit_price = *unit;
      out->items.push_back(std::move(item));
    }
  }
}

std::vector<std::string> Warnings(const Order& o) {
  std::vector<std::string> w;
  Cents lines = 0;
  for (std::size_t i = 0; i < o.items.size(); ++i) {
    const auto& it = o.items[i];
    if (it.line_total && *it.line_total != it.quantity * it.unit_price) {
      w.push_back("items/" + std::to_string(i) + ": lineTotal " + FormatCents(*it.line_total) +
                  " differs from quantity x unitPrice " + FormatCents(it.quantity * it.unit_price));
    }
    lines += it.Revenue();
  }
  if (o.subtotal && !o.items.empty() && *o.subtotal != lines) {
    w.push_back("subtotal " + FormatCents(*o.subtotal) + " differs from the sum of line totals " +
                FormatCents(lines));
  }
  if (o.subtotal) {
    Cents base = *o.subtotal + o.shipping.value_or(0);
    if (o.total != base && o.total != base + o.tax.value_or(0)) {
      w.push_back("total " + FormatCents(o.total) +
                  " equals neither subtotal + shipping nor subtotal + shipping + tax");
    }
  }
  return w;
}

}  // namespace

std::optional<ValidatedOrder> ValidateOrder(const json::value& v, const ClientSettings& client,
                                            const std::string& prefix,
                                            std::vector<Detail>* details) {
  Checker ck(prefix, details);
  if (!v.is_object()) {
    ck.Fail("", "an order must be a JSON object");
    return std::nullopt;
  }
  const json::object& o = v.get_object();
  Order out;
  out.client_id = client.client_id;
  if (auto r = ck.String(o, "orderReference", "/orderReference", 64, true)) out.reference = *r;
  if (auto c = ck.String(o, "createdAt", "/createdAt", 64, true)) {
    auto t = ParseRfc3339(*c);
    if (t) {
      out.created_at = *t;
    } else {
      ck.Fail("/createdAt",
              "must be an RFC 3339 time with Z or an offset, in the years 1970 to 9999 in UTC");
    }
  }
  if (auto s = ck.String(o, "status", "/status", 32, false)) {
    auto st = ParseOrderStatus(*s);
    if (st) {
      out.status = *st;
    } else {
      ck.Fail("/status", "must be one of pending processing on-hold paid shipped completed "
                         "cancelled refunded failed");
    }
  }
  out.currency = client.currency;
  if (auto c = ck.String(o, "currency", "/currency", 8, false); c && *c != client.currency) {
    ck.Fail("/currency", "must be the client's currency " + client.currency);
  }
  ValidateCustomer(o, ck, &out);
  ValidateItems(o, ck, client.currency, &out);
  out.subtotal = ck.Money(o, "subtotal", "/subtotal", client.currency, false);
  out.shipping = ck.Money(o, "shipping", "/shipping", client.currency, false);
  out.tax = ck.Money(o, "tax", "/tax", client.currency, false);
  if (auto t = ck.Money(o, "total", "/total", client.currency, true)) out.total = *t;
  out.source = ck.String(o, "source", "/source", 200, false);
  for (auto [key, field] : {std::pair{"shippingAddress", &out.shipping_address},
                            std::pair{"billingAddress", &out.billing_address}}) {
    const json::value* a = o.if_contains(key);
    if (a == nullptr || a->is_null()) continue;
    if (a->is_object()) {
      *field = *a;
    } else {
      ck.Fail(std::string("/") + key, "must be an object");
    }
  }
  if (ck.failed()) return std::nullopt;
  out.order_id = OrderId(client.client_id, out.reference);
  out.contact_id = ContactId(client.client_id, out.customer.email);
  ValidatedOrder vo{std::move(out), {}};
  vo.warnings = Warnings(vo.order);
  return vo;
}

Result<json::value> ParseImportJson(std::string_view text) {
  if (text.empty()) return Status::InvalidJson("the body is empty; expected a JSON object");
  json::parse_options opts;
  opts.max_depth = 64;
  boost::system::error_code ec;
  // One arena per body (a batch's thousands of strings and objects are allocated in a
  // few blocks and freed at once); shared, so values copied out of it (an order's
  // addresses) keep it alive.
  json::value v = json::parse(text, ec, json::make_shared_resource<json::monotonic_resource>(),
                              opts);
  if (ec) return Status::InvalidJson("the body is not valid JSON: " + ec.message());
  return v;
}

Result<std::vector<ValidatedOrder>> ValidateImportBody(const json::value& body,
                                                       const ClientSettings& client) {
  if (!body.is_object()) return Status::InvalidJson("the body must be a JSON object");
  const json::object& o = body.get_object();
  std::vector<Detail> details;
  std::vector<ValidatedOrder> out;
  const json::value* orders = o.if_contains("orders");
  if (orders == nullptr) {
    auto v = ValidateOrder(body, client, "", &details);
    if (v) out.push_back(std::move(*v));
  } else if (!orders->is_array() || orders->get_array().empty()) {
    details.push_back({"/orders", "must be an array of 1-1000 order objects"});
  } else if (orders->get_array().size() > kMaxBatchOrders) {
    return Status::PayloadTooLarge("a batch holds at most 1000 orders");
  } else {
    const json::array& a = orders->get_array();
    out.reserve(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      auto v = ValidateOrder(a[i], client, "/orders/" + std::to_string(i), &details);
      if (v) out.push_back(std::move(*v));
    }
  }
  if (!details.empty()) {
    std::string msg = std::to_string(details.size()) + " problem" +
                      (details.size() == 1 ? "" : "s") + " in the import; nothing was written";
    return Status::ValidationFailed(std::move(msg), std::move(details));
  }
  return out;
}

}  // namespace packprod
