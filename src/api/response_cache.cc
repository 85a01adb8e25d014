#include "api/response_cache.h"

#include <utility>

namespace packprod::api {

void ResponseCache::Align(std::uint64_t now_generation) {
  if (map_generation_ == now_generation) return;
  map_.clear();
  bytes_ = 0;
  map_generation_ = now_generation;
}

std::optional<std::string> ResponseCache::Get(const std::string& key, Millis now) {
  std::lock_guard<std::mutex> lock(mu_);
  Align(generation());
  auto it = map_.find(key);
  if (it == map_.end() || now >= it->second.expires) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  return it->second.data;
}

void ResponseCache::Put(const std::string& key, std::uint64_t generation, Millis expires,
                        std::string data) {
  std::lock_guard<std::mutex> lock(mu_);
  // Checked under the lock: a Bump after this check empties the map at the next use.
  const std::uint64_t now_generation = this->generation();
  if (generation != now_generation) return;
  Align(now_generation);
  const std::size_t size = key.size() + data.size();
  if (size > max_bytes_) return;
  auto it = map_.find(key);
  if (it != map_.end()) {
    bytes_ -= key.size() + it->second.data.size();
    map_.erase(it);
  }
  if (bytes_ + size > max_bytes_) {
    map_.clear();
    bytes_ = 0;
  }
  map_.emplace(key, Entry{std::move(data), expires});
  bytes_ += size;
}

}  // namespace packprod::api
