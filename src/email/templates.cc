#include "email/templates.h"

#include <boost/json.hpp>

#include "email/body_text.h"
#include "email/template_util.h"

namespace packprod::email {
namespace json = boost::json;
using internal::IContains;

namespace {

bool KnownTemplate(std::string_view t) { return t == kWooCommerce || t == kShopify || t == kPlain; }

Status RuleError(const std::string& path, const std::string& why) {
  return Status::ValidationFailed("invalid e-mail rules", {Detail{path, why}});
}

// The template by the client's rules, then by what the body says of itself ("" if none).
std::string ChooseTemplate(const EmailMessage& m, const EmailRules& rules,
                           const std::vector<std::string>& lines) {
  for (const auto& r : rules.rules) {
    if (!r.from.empty() && !IContains(m.from, r.from)) continue;
    if (!r.subject.empty() && !IContains(m.subject, r.subject)) continue;
    return r.template_;
  }
  // By structure first: WooCommerce's order heading and product lines (or its schema.org
  // Order), Shopify's "placed by" / "placed order" line; then the platforms' footers.
  if (internal::LooksWooCommerce(m, lines)) return kWooCommerce;
  if (internal::LooksShopify(lines)) return kShopify;
  bool woo = false, shopify = false;
  for (const auto& l : lines) {
    woo = woo || IContains(l, "woocommerce");
    shopify = shopify || IContains(l, "shopify");
  }
  if (woo) return kWooCommerce;
  if (shopify) return kShopify;
  if (internal::LooksPlain(lines)) return kPlain;
  return "";
}

}  // namespace

Result<EmailRules> ParseEmailRules(const json::value& v) {
  if (!v.is_object()) return RuleError("", "must be an object with a \"rules\" array");
  const json::value* arr = v.as_object().if_contains("rules");
  if (!arr || !arr->is_array()) return RuleError("/rules", "must be an array");
  EmailRules out;
  for (std::size_t i = 0; i < arr->as_array().size(); ++i) {
    const json::value& r = arr->as_array()[i];
    std::string path = "/rules/" + std::to_string(i);
    if (!r.is_object()) return RuleError(path, "must be an object");
    EmailRule rule;
    for (auto [key, field] : {std::pair{"from", &rule.from}, std::pair{"subject", &rule.subject},
                              std::pair{"template", &rule.template_}}) {
      const json::value* f = r.as_object().if_contains(key);
      if (!f) continue;
      if (!f->is_string()) return RuleError(path + "/" + key, "must be a string");
      *field = std::string(f->as_string());
    }
    if (!KnownTemplate(rule.template_)) {
      return RuleError(path + "/template", "must be one of woocommerce, shopify, plain");
    }
    if (rule.from.empty() && rule.subject.empty()) {
      return RuleError(path, "needs a \"from\" or \"subject\" pattern");
    }
    out.rules.push_back(std::move(rule));
  }
  return out;
}

json::object EmailRulesJson(const EmailRules& r) {
  json::array rules;
  for (const auto& rule : r.rules) {
    json::object o;
    if (!rule.from.empty()) o["from"] = rule.from;
    if (!rule.subject.empty()) o["subject"] = rule.subject;
    o["template"] = rule.template_;
    rules.push_back(std::move(o));
  }
  return json::object{{"rules", std::move(rules)}};
}

Result<ParsedEmail> ParseOrderEmail(const EmailMessage& m, const EmailRules& rules,
                                    const std::string& zone) {
  std::vector<std::string> lines = BodyLines(m);
  if (lines.empty()) {
    return Status::ValidationFailed("the message has no text to read",
                                    {Detail{"body", "no text or HTML part with any text"}});
  }
  std::string t = ChooseTemplate(m, rules, lines);
  ParsedEmail out;
  out.template_ = t;
  std::vector<Detail> problems;
  if (internal::HtmlCutOff(m)) {
    problems.push_back({"body", "the message is cut off (its HTML ends before </html>)"});
  }
  if (t == kWooCommerce) {
    out.order = internal::ReadWooCommerce(m, lines, &problems);
  } else if (t == kShopify) {
    out.order = internal::ReadShopify(m, lines, zone, &problems);
  } else if (t == kPlain) {
    out.order = internal::ReadPlain(m, lines);
  } else {
    return Status::ValidationFailed(
        "no template matches this message",
        {Detail{"template", "no template matches this message (from " + m.from + ", subject \"" +
                                m.subject + "\"); add a rule naming its template"}});
  }
  if (!problems.empty()) {
    return Status::ValidationFailed("the message cannot be read as a whole order",
                                    {problems.front()});
  }
  out.order["source"] = "email";
  return out;
}

}  // namespace packprod::email
