#include "api/auth_throttle.h"

#include <algorithm>
#include <cmath>

namespace packprod::api {

double AuthThrottle::Tokens(const Bucket& b, Clock::time_point now) const {
  double elapsed = std::chrono::duration<double>(now - b.at).count();
  return std::min(options_.burst, b.tokens + std::max(0.0, elapsed) * options_.refill_per_second);
}

int AuthThrottle::RetryAfter(std::string_view address, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(std::string(address));
  if (it == buckets_.end()) return 0;
  double tokens = Tokens(it->second, now);
  if (tokens >= 1) return 0;
  if (options_.refill_per_second <= 0) return 3600;
  return std::max(1, static_cast<int>(std::ceil((1 - tokens) / options_.refill_per_second)));
}

void AuthThrottle::RecordMiss(std::string_view address, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(std::string(address));
  if (it == buckets_.end()) {
    if (buckets_.size() >= options_.max_addresses) Prune(now);
    it = buckets_.emplace(std::string(address), Bucket{options_.burst, now}).first;
  }
  Bucket& b = it->second;
  b.tokens = std::max(0.0, Tokens(b, now) - 1);
  b.at = now;
}

void AuthThrottle::Prune(Clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    it = Tokens(it->second, now) >= options_.burst ? buckets_.erase(it) : std::next(it);
  }
  if (buckets_.size() >= options_.max_addresses) buckets_.clear();
}

std::size_t AuthThrottle::size() const {
  std::lock_guard lock(mu_);
  return buckets_.size();
}

}  // namespace packprod::api
