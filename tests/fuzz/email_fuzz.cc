// Fuzz target: an order e-mail exactly as `packprod ingest-email` and POST
// /admin/emails/ingest receive it, through the MIME decoder, the layout readers and the
// import validator. Properties: no crash and no sanitizer report; a message that cannot be
// read is refused with a reason naming what failed; every order read is an object whose
// validation either passes or names each problem's field.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/validate.h"
#include "email/mime.h"
#include "email/templates.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace packprod;
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  auto msg = email::DecodeEmail(raw);
  if (!msg.ok()) {
    fuzz::Check(msg.status().code() == Status::Code::kInvalidArgument,
                "an unreadable message is invalid_argument");
    fuzz::Check(!msg.status().message().empty(), "an unreadable message has a reason");
    return 0;
  }
  fuzz::Check(!email::MessageKey(*msg, raw).empty(), "every message has a key");
  auto parsed = email::ParseOrderEmail(*msg, email::EmailRules{}, fuzz::Client().timezone);
  if (!parsed.ok()) {
    fuzz::Check(parsed.status().code() == Status::Code::kValidationFailed,
                "a message without an order is validation_failed");
    fuzz::Check(parsed.status().details().size() == 1, "it names one field");
    fuzz::Check(!parsed.status().details()[0].path.empty() &&
                    !parsed.status().details()[0].message.empty(),
                "the field and the reason are given");
    return 0;
  }
  fuzz::Check(!parsed->template_.empty(), "an order read names its layout");
  std::vector<Detail> details;
  auto v = ValidateOrder(parsed->order, fuzz::Client(), "", &details);
  if (!v) {
    fuzz::Check(!details.empty(), "a rejected order names a problem");
    for (const Detail& d : details) {
      fuzz::Check(d.path.empty() || d.path[0] == '/', "a detail's path is a JSON Pointer");
      fuzz::Check(!d.message.empty(), "a detail has a reason");
    }
  }
  return 0;
}
