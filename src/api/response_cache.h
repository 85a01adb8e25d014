// ResponseCache: answers of point reads (the serialised `data` of a response) kept while
// the store has not changed, so that reading an unchanged answer again is a memory copy.
//
// Validity. The cache follows one number, the store's generation, which moves (Bump) on
// every commit this process makes or hears: Store::OnCommit (this process's imports and
// stream batches; on PostgreSQL also other processes', by LISTEN; not the commits that
// change nothing a read answers from, e.g. the processor's prune), and the change feed
// seeing the change log's head or the views' checkpoint move (other processes on SQLite,
// within the feed's poll interval). A handler reads generation() BEFORE it reads the
// store and passes it to Put: an answer computed while a commit landed is never kept. An
// entry is served only at the generation it was computed at and before its own expiry
// (answers that depend on the clock, e.g. day counts, say until when they hold).
//
// Memory: bounded by max_bytes (keys and data); when full it starts again empty. Entries
// of an older generation are dropped at the first use after the generation moved.
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/time.h"

namespace packprod::api {

class ResponseCache {
 public:
  explicit ResponseCache(std::size_t max_bytes = std::size_t{64} << 20) : max_bytes_(max_bytes) {}
  ResponseCache(const ResponseCache&) = delete;
  ResponseCache& operator=(const ResponseCache&) = delete;

  std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  // The store changed.
  void Bump() { generation_.fetch_add(1, std::memory_order_acq_rel); }

  // The data kept under `key`, when it was computed at the current generation and `now`
  // is before its expiry.
  std::optional<std::string> Get(const std::string& key, Millis now);
  // Keeps `data`, computed from a store read after `generation` was read, until
  // `expires` (exclusive). Ignored when the generation has moved since.
  void Put(const std::string& key, std::uint64_t generation, Millis expires, std::string data);

  std::uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  std::uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }

 private:
  struct Entry {
    std::string data;
    Millis expires = 0;
  };
  // Empties the map when it holds another generation's entries. Requires mu_.
  void Align(std::uint64_t now_generation);

  const std::size_t max_bytes_;
  std::atomic<std::uint64_t> generation_{0};
  std::atomic<std::uint64_t> hits_{0}, misses_{0};
  std::mutex mu_;
  std::uint64_t map_generation_ = 0;               // guarded by mu_
  std::unordered_map<std::string, Entry> map_;     // guarded by mu_
  std::size_t bytes_ = 0;                          // guarded by mu_
};

}  // namespace packprod::api
