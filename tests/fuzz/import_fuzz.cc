// Fuzz target: an import body exactly as POST /admin/contacts/import receives it, through
// the JSON parser and the validator. Properties: no crash and no sanitizer report; every
// rejection is a client error with a reason; every accepted order survives its change-log
// image round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/order.h"
#include "domain/validate.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace packprod;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto body = ParseImportJson(text);
  if (!body.ok()) {
    fuzz::CheckRejection(body.status());
    return 0;
  }
  auto orders = ValidateImportBody(*body, fuzz::Client());
  if (!orders.ok()) {
    fuzz::CheckRejection(orders.status());
    return 0;
  }
  fuzz::Check(!orders->empty(), "an accepted body holds an order");
  for (const ValidatedOrder& v : *orders) {
    fuzz::Check(!v.order.order_id.empty() && !v.order.contact_id.empty(),
                "an accepted order has its ids");
    auto back = OrderFromImage(OrderToImage(v.order));
    fuzz::Check(back.has_value(), "an accepted order's image reads back");
    fuzz::Check(back->SameContent(v.order), "an accepted order's image round trip is exact");
  }
  return 0;
}
