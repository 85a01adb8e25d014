// The processor's lag (commit of a change -> its views committed) over the last N
// events, for the operations endpoints. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include "domain/time.h"

namespace packprod::stream {

struct LagStats {
  std::int64_t applied_events = 0;            // by this processor since it started
  std::size_t window = 0;                     // samples behind the percentiles
  double p50_ms = 0, p90_ms = 0, p99_ms = 0;  // nearest rank; 0 without samples
  Millis last_applied_at = 0;                 // when the last batch committed (0: none yet)
};

class LagWindow {
 public:
  explicit LagWindow(std::size_t capacity) : capacity_(capacity ? capacity : 1) {}

  // Records events committed at `committed` (ms each) whose views committed at `applied`.
  // A negative lag (clock skew between processes) counts as 0.
  void Record(const std::vector<Millis>& committed, Millis applied);
  LagStats Stats() const;

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::vector<Millis> ring_;    // guarded by mu_
  std::size_t next_ = 0;        // guarded by mu_
  std::int64_t applied_ = 0;    // guarded by mu_
  Millis last_applied_at_ = 0;  // guarded by mu_
};

}  // namespace packprod::stream
