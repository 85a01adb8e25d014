#include "email/woocommerce_jsonld.h"

#include <boost/json.hpp>
#include <cmath>

#include "domain/money.h"
#include "email/template_util.h"

namespace packprod::email::internal {
namespace json = boost::json;
namespace {

std::string Str(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (!v) return "";
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  return "";
}

const json::object* Obj(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

// A JSON number or numeric string to cents; nullopt when neither.
std::optional<long long> Cents(const json::value* v) {
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64() * 100;
  if (v->is_uint64()) return static_cast<long long>(v->as_uint64()) * 100;
  if (v->is_double()) {
    double d = v->as_double();
    if (!std::isfinite(d) || std::fabs(d) > 1e13) return std::nullopt;
    return std::llround(d * 100);
  }
  if (v->is_string()) {
    std::string why;
    auto c = ParseMoneyString(std::string(v->as_string()), "", MoneyRounding::kHalfAway, &why);
    if (c) return *c;
  }
  return std::nullopt;
}

std::optional<long long> Integer(const json::value* v) {
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<long long>(v->as_uint64());
  if (v->is_string()) {
    std::string s(v->as_string());
    if (!s.empty() && s.size() < 10 && s.find_first_not_of("0123456789") == std::string::npos) {
      return std::stoll(s);
    }
  }
  return std::nullopt;
}

std::string DecodeRefs(std::string s) {
  static const std::pair<const char*, const char*> kRefs[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#039;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : kRefs) {
    std::string out;
    std::size_t pos = 0, hit;
    std::string_view f(from);
    while ((hit = s.find(f, pos)) != std::string::npos) {
      out.append(s, pos, hit - pos);
      out += to;
      pos = hit + f.size();
    }
    out.append(s, pos);
    s = std::move(out);
  }
  return s;
}

const json::object* FindOrder(const json::value& v, int depth) {
  if (depth > 4) return nullptr;
  if (v.is_array()) {
    for (const auto& e : v.as_array()) {
      if (const json::object* o = FindOrder(e, depth + 1)) return o;
    }
    return nullptr;
  }
  if (!v.is_object()) return nullptr;
  const json::object& o = v.as_object();
  const json::value* type = o.if_contains("@type");
  if (type && type->is_string() && type->as_string() == "Order") return &o;
  if (const json::value* g = o.if_contains("@graph")) return FindOrder(*g, depth + 1);
  return nullptr;
}

JsonLdOrder Read(const json::object& o) {
  JsonLdOrder out;
  out.order_number = Str(o, "orderNumber");
  out.order_date = Str(o, "orderDate");
  out.total_cents = Cents(o.if_contains("price"));
  if (const json::object* b = Obj(o, "billingAddress")) {
    out.email = Trim(Str(*b, "email"));
    out.phone = Trim(Str(*b, "telephone"));
    out.name = Trim(Str(*b, "name"));
  }
  if (const json::object* c = Obj(o, "customer"); c && out.name.empty()) {
    out.name = Trim(Str(*c, "name"));
  }
  const json::value* offers = o.if_contains("acceptedOffer");
  if (offers && offers->is_array()) {
    for (const auto& e : offers->as_array()) {
      if (!e.is_object()) continue;
      const json::object& of = e.as_object();
      JsonLdOffer x;
      x.price_cents = Cents(of.if_contains("price"));
      if (const json::object* item = Obj(of, "itemOffered")) {
        x.sku = Trim(Str(*item, "sku"));
        x.name = Trim(Str(*item, "name"));
      }
      if (const json::object* spec = Obj(of, "priceSpecification")) {
        if (const json::object* q = Obj(*spec, "eligibleQuantity")) {
          x.quantity = Integer(q->if_contains("value"));
        }
      }
      out.offers.push_back(std::move(x));
    }
  }
  return out;
}

std::optional<long long> OrderCents(const json::object& order, const char* key) {
  return Cents(order.if_contains(key));
}

}  // namespace

std::optional<JsonLdOrder> FindOrderJsonLd(const std::string& html) {
  std::string lower = AsciiLower(html);
  std::size_t pos = 0;
  while (true) {
    std::size_t at = lower.find("application/ld+json", pos);
    if (at == std::string::npos) return std::nullopt;
    std::size_t open = lower.find('>', at);
    if (open == std::string::npos) return std::nullopt;
    std::size_t close = lower.find("</script", open);
    if (close == std::string::npos) return std::nullopt;
    pos = close;
    boost::system::error_code ec;
    json::value v = json::parse(DecodeRefs(html.substr(open + 1, close - open - 1)), ec);
    if (ec) continue;
    if (const json::object* o = FindOrder(v, 0)) return Read(*o);
  }
}

void CrossCheckJsonLd(const JsonLdOrder& ld, const json::object& order,
                      std::vector<Detail>* problems) {
  auto disagree = [&](const std::string& path, const std::string& what) {
    problems->push_back({path, "the order table and the message's schema.org data disagree: " +
                                   what});
  };
  if (const json::value* ref = order.if_contains("orderReference");
      ref && ref->is_string() && !ld.order_number.empty() && ref->as_string() != ld.order_number) {
    disagree("/orderReference", "#" + std::string(ref->as_string()) + " vs #" + ld.order_number);
  }
  auto total = OrderCents(order, "total");
  if (total && ld.total_cents && *total != *ld.total_cents) {
    disagree("/total", "the totals differ");
  }
  const json::value* items = order.if_contains("items");
  std::size_t n = items && items->is_array() ? items->as_array().size() : 0;
  if (!ld.offers.empty() && n != ld.offers.size()) {
    disagree("/items", std::to_string(n) + " lines vs " + std::to_string(ld.offers.size()));
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const json::value& it = items->as_array()[i];
    if (!it.is_object()) continue;
    const json::object& io = it.as_object();
    std::string path = "/items/" + std::to_string(i);
    const JsonLdOffer& of = ld.offers[i];
    std::string code = io.contains("code") && io.at("code").is_string()
                           ? std::string(io.at("code").as_string())
                           : "";
    if (!code.empty() && !of.sku.empty() && code != of.sku) {
      disagree(path + "/code", code + " vs " + of.sku);
    }
    const json::value* q = io.if_contains("quantity");
    if (q && q->is_int64() && of.quantity && q->as_int64() != *of.quantity) {
      disagree(path + "/quantity", "the quantities differ");
    }
  }
}

}  // namespace packprod::email::internal
