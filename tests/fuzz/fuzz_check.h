// Property checks shared by the fuzz targets: a failed property aborts, which libFuzzer
// reports as a crash with the input that caused it.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "domain/order.h"
#include "domain/status.h"

namespace packprod::fuzz {

// The client every input is validated for (default settings: Australia/Sydney, AUD).
inline const ClientSettings& Client() {
  static const ClientSettings client = [] {
    ClientSettings c;
    c.client_id = "fuzz";
    return c;
  }();
  return client;
}

inline void Check(bool ok, const char* property) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property failed: %s\n", property);
  std::abort();
}

// A rejection of client input: a 4xx kind of Status with a reason, and every validation
// detail names a field (a JSON Pointer) and what is wrong with it.
inline void CheckRejection(const Status& s) {
  using Code = Status::Code;
  Check(s.code() == Code::kInvalidJson || s.code() == Code::kValidationFailed ||
            s.code() == Code::kPayloadTooLarge,
        "a rejection is invalid_json, validation_failed or payload_too_large");
  Check(!s.message().empty(), "a rejection has a reason");
  for (const Detail& d : s.details()) {
    Check(d.path.empty() || d.path[0] == '/', "a detail's path is a JSON Pointer");
    Check(!d.message.empty(), "a detail has a reason");
  }
  Check(s.code() != Code::kValidationFailed || !s.details().empty(),
        "validation_failed lists its details");
}

}  // namespace packprod::fuzz
