// What every handler may use: the store, the key cache, the processor's state, settings.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "api/http.h"
#include "domain/order.h"
#include "domain/time.h"
#include "store/store.h"

namespace packprod::stream {
class Processor;
}  // namespace packprod::stream

namespace packprod::ops {
class EventHub;
class ServerMetrics;
}  // namespace packprod::ops

namespace packprod::api {

// The authenticated caller of a request.
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

 private:
  struct Entry {
    Principal principal;
    std::chrono::steady_clock::time_point expires;
  };
  store::Store& store_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // by key hash
  std::unordered_map<std::string, Millis> touched_;  // key_id -> last_used written
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
  // Operations (api/ops_handler.h): request metrics and the performance window, and the
  // live events of GET /api/events. Not owned; null: those endpoints answer 503.
  ops::ServerMetrics* metrics = nullptr;
  ops::EventHub* events = nullptr;
};

// The key of a request: `Authorization: Bearer <key>` or `X-Api-Key: <key>`.
// Unauthorized when missing or malformed.
Result<std::string> KeyOf(const Request& req);

}  // namespace packprod::api
