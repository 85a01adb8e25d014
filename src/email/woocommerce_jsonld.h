// The schema.org Order that WooCommerce embeds in its HTML order e-mails as JSON-LD
// (<script type="application/ld+json">), and its cross-check against the visible table.
// Internal to src/email; pure.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "domain/status.h"

namespace packprod::email::internal {

struct JsonLdOffer {
  std::string sku, name;
  std::optional<long long> quantity;
  std::optional<long long> price_cents;  // the line's subtotal
};

struct JsonLdOrder {
  std::string order_number, order_date, email, phone, name;
  std::optional<long long> total_cents;
  std::vector<JsonLdOffer> offers;
};

// The first JSON-LD object of @type Order in `html` (also inside an @graph or an array);
// nullopt when there is none or it is not JSON. HTML character references in the script
// text (&amp; &lt; &gt; &quot;) are decoded first.
std::optional<JsonLdOrder> FindOrderJsonLd(const std::string& html);

// Adds a problem for every way the JSON-LD and the order read from the table disagree:
// the order number, the total, the number of lines, a line's SKU or quantity (line
// prices are not compared: the JSON-LD's exclude tax where the table may include it).
void CrossCheckJsonLd(const JsonLdOrder& ld, const boost::json::object& order,
                      std::vector<Detail>* problems);

}  // namespace packprod::email::internal
