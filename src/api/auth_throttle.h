// AuthThrottle: failed authentication slowed per client address (a token bucket).
//
// Each address starts with `burst` tokens; every request with an unknown or revoked key
// takes one, and tokens come back at `refill_per_second` up to `burst`. While an
// address has less than one token, a key that is not known to be valid is answered 429
// with Retry-After (api/auth.cc) without looking it up in the store. A key that
// authenticated before is never throttled (see KeyCache::KnownValid), so a shop's own
// clients keep working while someone behind the same address guesses keys.
//
// Memory is bounded: beyond max_addresses the buckets that have refilled are dropped,
// and if that is not enough, all of them (the throttle then starts over).
//
// Time is passed in so that tests can drive it. Thread-safety: every method may be
// called from any thread (one mutex).
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace packprod::api {

class AuthThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  struct Options {
    double burst = 20;                // misses allowed in a row
    double refill_per_second = 0.2;   // one more miss every 5 s after that
    std::size_t max_addresses = 100000;
  };

  AuthThrottle() : AuthThrottle(Options{}) {}
  explicit AuthThrottle(Options options) : options_(options) {}

  // 0 when `address` may try a key now; else the whole seconds (>= 1) until it may.
  int RetryAfter(std::string_view address, Clock::time_point now);

  // A request from `address` presented a key that is unknown or revoked.
  void RecordMiss(std::string_view address, Clock::time_point now);

  // Addresses tracked now (for tests).
  std::size_t size() const;

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point at;  // when `tokens` was last brought up to date
  };
  // The bucket's tokens at `now` (refilled, capped at burst).
  double Tokens(const Bucket& b, Clock::time_point now) const;
  void Prune(Clock::time_point now);

  const Options options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mu_
};

}  // namespace packprod::api
