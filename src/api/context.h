// What every handler may use: the store, the key cache, the processor's state, settings.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "api/auth_throttle.h"
#include "api/http.h"
#include "api/response_cache.h"
#include "domain/order.h"
#include "domain/time.h"
#include "store/store.h"

namespace packprod::stream {
class ChangeFeed;
class Processor;
}  // namespace packprod::stream

namespace packprod::ops {
class EventHub;
class ServerMetrics;
}  // namespace packprod::ops

namespace packprod::api {

// The authenticated caller of a request.
class StoreIntegrity;

struct Principal {
  ClientSettings client;
  TimeZone tz = TimeZone::Utc();
  store::Role role = store::Role::kRead;
  std::string key_id;
  bool admin() const { return role == store::Role::kAdmin; }
};

// Caches key hash -> principal for a few seconds so that reads do not hit the key table
// on every request; a revoked key stops working within kKeyCacheTtl. Thread-safe.
class KeyCache {
 public:
  static constexpr std::chrono::seconds kKeyCacheTtl{2};
  explicit KeyCache(store::Store& store) : store_(store) {}
  // Unauthorized when the key is unknown or revoked; Unavailable when the store fails.
  Result<Principal> Lookup(const std::string& key);
  // Whether `key` is known to be valid without looking it up: it authenticated in this
  // process, or it was an active key when the store's key hashes were last read (at
  // most every kKnownKeysRefresh, only from here), and was not found unknown or revoked
  // since. Such a key is never throttled (api/auth_throttle.h).
  bool KnownValid(const std::string& key);
  static constexpr std::chrono::seconds kKnownKeysRefresh{10};

 private:
  struct Entry {
    Principal principal;
    std::chrono::steady_clock::time_point expires;
  };
  store::Store& store_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // by key hash
  std::unordered_map<std::string, Millis> touched_;  // key_id -> last_used written
  std::unordered_set<std::string> valid_;            // key hashes known valid
  std::chrono::steady_clock::time_point valid_loaded_{};  // store's keys last read
};

struct ApiContext {
  store::Store* store = nullptr;
  std::unique_ptr<KeyCache> keys;
  int slow_ms = 1000;
  // Set when a stream processor keeps the views: whether they can serve reads now, and
  // a bounded wait until every change up to `seq` is applied (read-your-writes).
  std::function<bool()> views_ready;
  std::function<bool(std::int64_t seq, std::chrono::milliseconds timeout)> wait_applied;
  // The stream processor of this process (running, or with --no-stream only answering
  // from the store); its lag and backlog for the operations endpoints. Not owned.
  stream::Processor* processor = nullptr;
  // The change feed of this process (what the views applied, per client, whoever applied
  // it). Not owned; null: only this process's own applying is known.
  stream::ChangeFeed* feed = nullptr;
  // Operations (api/ops_handler.h): request metrics and the performance window, and the
  // live events of GET /api/events. Not owned; null: those endpoints answer 503.
  ops::ServerMetrics* metrics = nullptr;
  ops::EventHub* events = nullptr;
  // Answers of point reads kept while the store is unchanged (api/response_cache.h). Not
  // owned; null: nothing is kept.
  ResponseCache* responses = nullptr;
  // Slows failed authentication per client address; null: no throttling.
  std::unique_ptr<AuthThrottle> auth_throttle;
  // The bearer token of /metrics; empty: any API key may read it (api/routes.h).
  std::string metrics_token;
  // /metrics is served on its own listener, not beside the API.
  bool metrics_elsewhere = false;
  // Damaged store pages (api/integrity.h): /healthz unavailable, writes refused with
  // 503. Not owned; null: not checked.
  StoreIntegrity* integrity = nullptr;
};

// The key of a request: `Authorization: Bearer <key>` or `X-Api-Key: <key>`.
// Unauthorized when missing or malformed.
Result<std::string> KeyOf(const Request& req);

// The caller of `req`: its key looked up through ctx.keys. A key that is unknown or
// revoked is counted (ctx.metrics) and taken from req.remote_address's bucket in
// ctx.auth_throttle; while that bucket is empty, a key not known to be valid is
// TooManyRequests at once (no store look-up) and *retry_after_s is set to the seconds
// to wait (else left alone). Unauthorized / Unavailable as KeyCache::Lookup.
Result<Principal> Authenticate(ApiContext& ctx, const Request& req, int* retry_after_s);

}  // namespace packprod::api
