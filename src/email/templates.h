// Order templates: read an order, in the shape of POST /admin/contacts/import (docs/api.md),
// out of a decoded order e-mail. The template is chosen by the client's rules (sender and
// subject) first, then by the mail's structure whoever sent it (WooCommerce's order
// heading and table or schema.org Order, Shopify's "placed by" line), then by the
// platforms' footers, then the plain "Field: value" format of docs/email-format.md.
//
// A template extracts what it finds and leaves out what it does not; the import's
// validation then names any field that is missing or malformed. Money is kept as the text
// found ("$24.70", "AUD 24.70"), which the import accepts. Pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "domain/status.h"
#include "email/mime.h"

namespace packprod::email {

// The template names.
inline constexpr const char* kWooCommerce = "woocommerce";
inline constexpr const char* kShopify = "shopify";
inline constexpr const char* kPlain = "plain";

// One rule: when every given pattern is a case-insensitive substring of the sender
// address (`from`) and of the subject (`subject`), the message is read with `template_`.
struct EmailRule {
  std::string from, subject, template_;
};

// A client's rules, tried in order before the defaults.
struct EmailRules {
  std::vector<EmailRule> rules;
};

// {"rules": [{"from": "...", "subject": "...", "template": "woocommerce"}]}. ValidationFailed
// naming the path of a wrong field (unknown template, no pattern, wrong type).
Result<EmailRules> ParseEmailRules(const boost::json::value& v);
boost::json::object EmailRulesJson(const EmailRules& r);

struct ParsedEmail {
  std::string template_;      // which template read it
  boost::json::object order;  // the import contract's order object
};

// Reads the order. ValidationFailed with one detail when no order can be read: path
// "body" (no text or HTML part, or the message is cut off inside its order table),
// "template" (no rule or layout recognises the mail), or the JSON Pointer of a field the
// message contradicts itself on (WooCommerce's schema.org data vs its table) or prints
// unreadably. `zone` is the shop's IANA zone, for layouts that print a local time with no
// year or zone (Shopify's "Nov 20 at 2:07 pm"); "" reads it in the Date header's offset.
Result<ParsedEmail> ParseOrderEmail(const EmailMessage& m, const EmailRules& rules,
                                    const std::string& zone = "");

}  // namespace packprod::email
