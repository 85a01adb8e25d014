#include "ops/performance_window.h"

namespace packprod::ops {

namespace internal {
std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}
}  // namespace internal

void Tally::Merge(const Tally& other) {
  requests += other.requests;
  errors += other.errors;
  client_errors += other.client_errors;
  cache_hits += other.cache_hits;
  cache_misses += other.cache_misses;
  latency_us.Merge(other.latency_us);
}

}  // namespace packprod::ops
