// Fuzz target: a CSV order file as `packprod import FILE.csv` reads it (bytes checked as
// UTF-8 first, as the command does), then every order the CSV reader produces through the
// validator. Properties: no crash and no sanitizer report; every rejected row names its
// line and a reason; every order the validator refuses is refused with a reason.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json/value.hpp>

#include "domain/csv_orders.h"
#include "domain/text_encoding.h"
#include "domain/validate.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace packprod;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (!IsValidUtf8(bytes)) return 0;  // the command decodes or refuses such files first
  CsvOptions options;
  options.round_money = size % 2 == 1;  // both money modes, chosen by the input
  auto result = CsvToOrders(bytes, options);
  if (!result.ok()) {
    fuzz::Check(!result.status().message().empty(), "a refused file has a reason");
    return 0;
  }
  for (const CsvRejected& r : result->rejected) {
    fuzz::Check(r.line >= 1 && !r.reason.empty(), "a rejected row has its line and a reason");
  }
  for (const CsvOrder& o : result->orders) {
    auto body = ValidateImportBody(boost::json::value(o.order), fuzz::Client());
    if (!body.ok()) fuzz::CheckRejection(body.status());
  }
  return 0;
}
