#include <fmt/format.h>

#include "api/context.h"
#include "domain/ids.h"
#include "ops/metrics_server.h"

namespace packprod::api {

Result<std::string> KeyOf(const Request& req) {
  std::string_view auth = req.Header("Authorization");
  if (!auth.empty()) {
    constexpr std::string_view kBearer = "Bearer ";
    if (auth.size() <= kBearer.size() || !boost::beast::iequals(auth.substr(0, 7), kBearer)) {
      return Status::Unauthorized("the Authorization header must be 'Bearer <key>'");
    }
    std::string_view key = auth.substr(kBearer.size());
    while (!key.empty() && key.front() == ' ') key.remove_prefix(1);
    while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
    if (key.empty()) return Status::Unauthorized("empty API key");
    return std::string(key);
  }
  std::string_view x = req.Header("X-Api-Key");
  if (!x.empty()) return std::string(x);
  return Status::Unauthorized(
      "an API key is required: 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'");
}

Result<Principal> KeyCache::Lookup(const std::string& key) {
  const std::string hash = Sha256Hex(key);
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(hash);
    if (it != entries_.end() && it->second.expires > now) return it->second.principal;
  }
  auto forget = [&] {
    std::lock_guard<std::mutex> lock(mu_);
    valid_.erase(hash);
  };
  PP_ASSIGN_OR_RETURN(auto found, store_.FindKey(hash));
  if (!found) {
    forget();
    return Status::Unauthorized("unknown or revoked API key");
  }
  PP_ASSIGN_OR_RETURN(auto client, store_.GetClient(found->client_id));
  if (!client) {
    forget();
    return Status::Unauthorized("the key's client no longer exists");
  }
  Principal p;
  p.client = *client;
  p.tz = TimeZone::Find(client->timezone).value_or(TimeZone::Utc());
  p.role = found->role;
  p.key_id = found->key_id;
  Millis wall = NowMillis();
  bool touch = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (entries_.size() > 10000) entries_.clear();
    entries_[hash] = Entry{p, now + kKeyCacheTtl};
    if (valid_.size() > 100000) valid_.clear();
    valid_.insert(hash);
    Millis& last = touched_[p.key_id];
    if (wall - last > 60'000) {
      last = wall;
      touch = true;
    }
  }
  // last_used is informative: at most one write per key per minute, failures ignored.
  if (touch) store_.TouchKey(p.key_id, wall);
  return p;
}

bool KeyCache::KnownValid(const std::string& key) {
  const std::string hash = Sha256Hex(key);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (valid_.count(hash) > 0) return true;
    if (valid_loaded_ != std::chrono::steady_clock::time_point{} &&
        now - valid_loaded_ < kKnownKeysRefresh) {
      return false;
    }
    valid_loaded_ = now;
  }
  // At most once per kKnownKeysRefresh: the hashes of every active key.
  auto keys = store_.ExportKeys();
  if (!keys.ok()) return false;
  std::lock_guard<std::mutex> lock(mu_);
  if (valid_.size() > 100000) valid_.clear();
  for (const auto& [k, h] : *keys) {
    if (!k.revoked_at) valid_.insert(h);
  }
  return valid_.count(hash) > 0;
}

Result<Principal> Authenticate(ApiContext& ctx, const Request& req, int* retry_after_s) {
  PP_ASSIGN_OR_RETURN(std::string key, KeyOf(req));
  const auto now = AuthThrottle::Clock::now();
  if (ctx.auth_throttle != nullptr) {
    int wait = ctx.auth_throttle->RetryAfter(req.remote_address, now);
    if (wait > 0 && !ctx.keys->KnownValid(key)) {
      if (ctx.metrics != nullptr) ctx.metrics->RecordAuthThrottled();
      *retry_after_s = wait;
      return Status::TooManyRequests(
          fmt::format("too many failed authentications from this address; retry in {} s", wait));
    }
  }
  auto p = ctx.keys->Lookup(key);
  if (!p.ok() && p.status().code() == Status::Code::kUnauthorized) {
    if (ctx.auth_throttle != nullptr) ctx.auth_throttle->RecordMiss(req.remote_address, now);
    if (ctx.metrics != nullptr) ctx.metrics->RecordAuthFailure();
  }
  return p;
}

}  // namespace packprod::api
