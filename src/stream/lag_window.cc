#include "stream/lag_window.h"

#include <algorithm>

namespace packprod::stream {
namespace {

double NearestRank(const std::vector<Millis>& sorted, int p) {
  if (sorted.empty()) return 0;
  std::size_t rank = (sorted.size() * static_cast<std::size_t>(p) + 99) / 100;
  return static_cast<double>(sorted[std::max<std::size_t>(rank, 1) - 1]);
}

}  // namespace

void LagWindow::Record(const std::vector<Millis>& committed, Millis applied) {
  std::lock_guard<std::mutex> lock(mu_);
  for (Millis c : committed) {
    Millis lag = std::max<Millis>(applied - c, 0);
    if (ring_.size() < capacity_) {
      ring_.push_back(lag);
    } else {
      ring_[next_] = lag;
    }
    next_ = (next_ + 1) % capacity_;
  }
  applied_ += static_cast<std::int64_t>(committed.size());
  last_applied_at_ = applied;
}

LagStats LagWindow::Stats() const {
  std::vector<Millis> sorted;
  LagStats s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    sorted = ring_;
    s.applied_events = applied_;
    s.last_applied_at = last_applied_at_;
  }
  std::sort(sorted.begin(), sorted.end());
  s.window = sorted.size();
  s.p50_ms = NearestRank(sorted, 50);
  s.p90_ms = NearestRank(sorted, 90);
  s.p99_ms = NearestRank(sorted, 99);
  return s;
}

}  // namespace packprod::stream
