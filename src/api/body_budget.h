// BodyBudget: the bytes that request bodies may hold across all connections at once.
//
// A connection asks for its body's size (the declared Content-Length, or the body limit
// for a chunked body) once its header is read, before the body arrives, and keeps the
// lease until the request is answered. When the budget is spent the server answers 503
// with Retry-After instead of reading the body, so memory stays bounded whatever the
// clients declare or how slowly they send.
//
// A quarter of the budget (at most what is left above one large body) is kept for small
// bodies (<= kSmallBody bytes): many slow large uploads cannot keep small imports out.
//
// Thread-safety: every method may be called from any thread; a Lease is used by one.
#pragma once

#include <atomic>
#include <cstddef>
#include <optional>

namespace packprod::api {

class BodyBudget {
 public:
  static constexpr std::size_t kSmallBody = std::size_t{64} * 1024;

  // `total`: bytes at most; `largest`: the largest single body (the body limit), which
  // a large body may always take while the budget is otherwise empty.
  BodyBudget(std::size_t total, std::size_t largest);

  // Bytes reserved by one request; given back when destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept : budget_(other.budget_), bytes_(other.bytes_) {
      other.budget_ = nullptr;
    }
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    std::size_t bytes() const { return bytes_; }

   private:
    friend class BodyBudget;
    Lease(BodyBudget* budget, std::size_t bytes) : budget_(budget), bytes_(bytes) {}
    BodyBudget* budget_;
    std::size_t bytes_;
  };

  // A lease of `bytes`, or nullopt when that would exceed the budget (or, for a body
  // over kSmallBody, eat into the part kept for small ones).
  std::optional<Lease> TryAcquire(std::size_t bytes);

  std::size_t held() const { return held_.load(); }
  std::size_t total() const { return total_; }
  // Bytes only bodies of at most kSmallBody may use.
  std::size_t small_reserve() const { return small_reserve_; }

 private:
  void Release(std::size_t bytes) { held_.fetch_sub(bytes); }

  const std::size_t total_;
  const std::size_t small_reserve_;
  std::atomic<std::size_t> held_{0};
};

}  // namespace packprod::api
