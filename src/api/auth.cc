#include "domain/ids.h"
#include "api/context.h"

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
  PP_ASSIGN_OR_RETURN(auto found, store_.FindKey(hash));
  if (!found) return Status::Unauthorized("unknown or revoked API key");
  PP_ASSIGN_OR_RETURN(auto client, store_.GetClient(found->client_id));
  if (!client) return Status::Unauthorized("the key's client no longer exists");
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

}  // namespace packprod::api
