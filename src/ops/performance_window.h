// Windowed<T>: one T per minute for the last 24 hours, in bounded memory, summed over a
// window on demand. T is a value with `void Merge(const T&)` (Tally, ImportTally).
//
// Layout: 60 minute slots (a ring indexed by minute) and 25 hour slots. When a minute
// slot is reused, its old minute is folded into the slot of its clock hour. A window of
// up to 60 minutes is summed from minute slots only and is exact to the minute; a longer
// window adds the hour slots, so its oldest edge is widened to the start of its clock
// hour (at most 59 minutes more). Memory: 85 values of T.
//
// Time is passed in (minutes since the epoch) so that tests can drive it. A minute older
// than its slot's current minute (the clock went back) is counted in that slot.
// Thread-safety: none; the owner locks.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>

#include "ops/histogram.h"

namespace packprod::ops {

// Per-route request figures. `latency_us` holds one sample per request.
struct Tally {
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;         // status >= 500
  std::uint64_t client_errors = 0;  // 400 <= status < 500
  std::uint64_t cache_hits = 0;     // responses whose meta.cacheHit was true
  std::uint64_t cache_misses = 0;   // ... false
  LogHistogram latency_us;

  void Merge(const Tally& other);
};

// Per-client import figures.
struct ImportTally {
  std::uint64_t orders = 0;   // orders in committed imports (created, updated, unchanged)
  std::uint64_t batches = 0;  // committed import requests

  void Merge(const ImportTally& other) {
    orders += other.orders;
    batches += other.batches;
  }
};

inline constexpr int kMaxWindowMinutes = 24 * 60;

namespace internal {
std::int64_t FloorDiv(std::int64_t a, std::int64_t b);
}  // namespace internal

template <typename T>
class Windowed {
 public:
  static constexpr int kMinuteSlots = 60;
  static constexpr int kHourSlots = 25;

  // The value of `minute`, to add to. The older minute sharing its slot is folded first.
  T& At(std::int64_t minute) {
    Slot& slot = minutes_[Index(minute, kMinuteSlots)];
    if (slot.epoch >= minute) return slot.value;
    if (slot.epoch >= 0) FoldIntoHour(slot);
    slot.epoch = minute;
    slot.value = T{};
    return slot.value;
  }

  // The sum over the `window` minutes ending with `now` (inclusive), window clamped to
  // [1, kMaxWindowMinutes]; see the header comment for the precision.
  T Sum(std::int64_t now, int window) const {
    window = std::clamp(window, 1, kMaxWindowMinutes);
    std::int64_t first = now - window + 1;
    T sum{};
    for (const Slot& s : minutes_) {
      if (s.epoch >= first && s.epoch <= now) sum.Merge(s.value);
    }
    if (window <= kMinuteSlots) return sum;
    std::int64_t first_hour = internal::FloorDiv(first, 60);
    std::int64_t last_hour = internal::FloorDiv(now, 60);
    for (const Slot& s : hours_) {
      if (s.epoch >= first_hour && s.epoch <= last_hour) sum.Merge(s.value);
    }
    return sum;
  }

 private:
  struct Slot {
    std::int64_t epoch = -1;  // the minute (or hour) held; -1: never used
    T value{};
  };

  static std::size_t Index(std::int64_t epoch, std::int64_t slots) {
    return static_cast<std::size_t>(epoch - internal::FloorDiv(epoch, slots) * slots);
  }

  void FoldIntoHour(const Slot& minute_slot) {
    std::int64_t hour = internal::FloorDiv(minute_slot.epoch, 60);
    Slot& slot = hours_[Index(hour, kHourSlots)];
    if (slot.epoch > hour) return;  // older than every window: dropped
    if (slot.epoch < hour) {
      slot.epoch = hour;
      slot.value = T{};
    }
    slot.value.Merge(minute_slot.value);
  }

  std::array<Slot, kMinuteSlots> minutes_;
  std::array<Slot, kHourSlots> hours_;
};

}  // namespace packprod::ops
