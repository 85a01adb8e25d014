#include "domain/order_stats.h"

#include <algorithm>
#include <bit>

namespace packprod {
namespace {

template <typename Map, typename Key>
void AddCount(Map& m, const Key& k, std::int64_t n) {
  if (n == 0) return;
  auto [it, fresh] = m.try_emplace(k, 0);
  it->second += n;
  if (it->second == 0) m.erase(it);
}

// Sub-buckets per power of two, as a shift (128).
constexpr int kSubBits = 7;
constexpr std::int64_t kSub = std::int64_t{1} << kSubBits;

// TotalBucket of a non-negative value.
std::int64_t BucketOf(std::uint64_t v) {
  if (v < 2 * static_cast<std::uint64_t>(kSub)) return static_cast<std::int64_t>(v);
  const int shift = std::bit_width(v) - 1 - kSubBits;  // >= 1
  const auto m = static_cast<std::int64_t>(v >> shift);  // in [kSub, 2 kSub)
  return (shift + 1) * kSub + (m - kSub);
}

std::pair<std::uint64_t, std::uint64_t> RangeOf(std::int64_t b) {
  if (b < 2 * kSub) return {static_cast<std::uint64_t>(b), static_cast<std::uint64_t>(b)};
  const std::int64_t shift = b / kSub - 1;
  const auto m = static_cast<std::uint64_t>(b % kSub + kSub);
  return {m << shift, ((m + 1) << shift) - 1};
}

}  // namespace

std::int64_t TotalBucket(Cents total) {
  if (total >= 0) return BucketOf(static_cast<std::uint64_t>(total));
  // Negative totals mirror the positive ones below -1: -1 - BucketOf(-total - 1).
  return -1 - BucketOf(static_cast<std::uint64_t>(-(total + 1)));
}

std::pair<Cents, Cents> BucketRange(std::int64_t bucket) {
  if (bucket >= 0) {
    auto [lo, hi] = RangeOf(bucket);
    return {static_cast<Cents>(lo), static_cast<Cents>(hi)};
  }
  auto [lo, hi] = RangeOf(-1 - bucket);  // of -total - 1
  return {-static_cast<Cents>(hi) - 1, -static_cast<Cents>(lo) - 1};
}

void AddOrderStats(StatsRows* rows, Millis created_at, OrderStatus status, Cents total,
                   const TimeZone& tz, int sign) {
  const DayNumber day = tz.LocalDay(created_at);
  const int weekday = tz.LocalWeekday(created_at);
  const int hour = tz.LocalHour(created_at);
  for (DayNumber d : {day, kStatsAllTime}) {
    AddCount(rows->cells, StatsCellKey{d, status, weekday, hour}, sign);
  }
  if (!Counts(status)) return;
  for (DayNumber d : {day, kStatsAllTime}) {
    AddCount(rows->totals, std::make_pair(d, total), sign);
  }
  auto [it, fresh] = rows->buckets.try_emplace(TotalBucket(total));
  it->second.orders += sign;
  it->second.revenue += sign * total;
  if (it->second == BucketSums{}) rows->buckets.erase(it);
}

std::optional<std::int64_t> GapKey(const CustomerAggregate& agg) {
  if (agg.order_count <= 0 || !agg.first_order || !agg.last_order) return std::nullopt;
  if (agg.order_count == 1) return kOneTimeGap;
  const std::int64_t n = agg.order_count - 1;
  const Millis span = *agg.last_order - *agg.first_order;
  const Millis ceil_gap = FloorDiv(span + n - 1, n);
  return FloorDiv(ceil_gap + kDayMs - 1, kDayMs);
}

void MoveGap(StatsRows* rows, const CustomerAggregate* before, const CustomerAggregate* after) {
  std::optional<std::int64_t> from = before ? GapKey(*before) : std::nullopt;
  std::optional<std::int64_t> to = after ? GapKey(*after) : std::nullopt;
  if (from == to) return;
  if (from) AddCount(rows->gaps, *from, -1);
  if (to) AddCount(rows->gaps, *to, +1);
}

std::array<std::int64_t, kFrequencyCount> FrequenciesFromGaps(
    const std::map<std::int64_t, std::int64_t>& gaps, const ClientSettings& settings) {
  std::array<std::int64_t, kFrequencyCount> out{};
  for (const auto& [gap, customers] : gaps) {
    Frequency f = gap == kOneTimeGap                  ? Frequency::kOneTime
                  : gap <= settings.weekly_days      ? Frequency::kWeekly
                  : gap <= settings.fortnightly_days ? Frequency::kFortnightly
                  : gap <= settings.monthly_days     ? Frequency::kMonthly
                  : gap <= settings.quarterly_days   ? Frequency::kQuarterly
                                                     : Frequency::kYearly;
    out[static_cast<int>(f)] += customers;
  }
  return out;
}

void FiguresFromCells(const std::map<StatsCellKey, std::int64_t>& cells,
                      StatisticsFigures* figures) {
  for (const auto& [key, n] : cells) {
    figures->status[static_cast<int>(key.status)] += n;
    if (!Counts(key.status)) continue;
    figures->orders += n;
    figures->weekday[key.weekday] += n;
    figures->hour[key.hour] += n;
  }
}

std::int64_t NearestRank(int p, std::int64_t n) {
  if (n <= 0) return 0;
  return std::clamp<std::int64_t>((p * n + 99) / 100, 1, n);
}

void FiguresFromTotals(const std::vector<std::pair<Cents, std::int64_t>>& totals,
                       StatisticsFigures* figures) {
  std::int64_t n = 0;
  figures->revenue = 0;
  for (const auto& [total, orders] : totals) {
    n += orders;
    figures->revenue += total * orders;
  }
  for (std::size_t i = 0; i < kStatisticsPercentiles.size(); ++i) {
    const std::int64_t rank = NearestRank(kStatisticsPercentiles[i], n);
    Cents value = 0;
    std::int64_t seen = 0;
    for (const auto& [total, orders] : totals) {
      seen += orders;
      if (rank > 0 && seen >= rank) {
        value = total;
        break;
      }
    }
    figures->percentiles[i] = value;
  }
}

}  // namespace packprod
