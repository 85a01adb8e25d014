#include "api/body_budget.h"

#include <algorithm>

namespace packprod::api {

BodyBudget::BodyBudget(std::size_t total, std::size_t largest)
    : total_(total), small_reserve_(std::min(total / 4, total > largest ? total - largest : 0)) {}

BodyBudget::Lease::~Lease() {
  if (budget_ != nullptr) budget_->Release(bytes_);
}

std::optional<BodyBudget::Lease> BodyBudget::TryAcquire(std::size_t bytes) {
  const std::size_t limit = bytes <= kSmallBody ? total_ : total_ - small_reserve_;
  std::size_t held = held_.load();
  do {
    if (bytes > limit || held > limit - bytes) return std::nullopt;
  } while (!held_.compare_exchange_weak(held, held + bytes));
  return Lease(this, bytes);
}

}  // namespace packprod::api
