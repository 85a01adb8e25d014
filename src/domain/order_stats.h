// The statistics report's kept counters (docs/metrics.md "Statistics"): what the stream
// processor keeps so that GET /api/reports/statistics reads a few small rows instead of
// every order. Pure; no I/O.
//
// Four kinds of rows, each a count changed by signed deltas as orders are added, changed
// and removed:
// - cells: orders per (local day, status, local weekday, local hour), every status (counted
//   or not); status counts, ordersByWeekday and ordersByHour are sums of cells;
// - totals: counted orders per (local day, order total): the exact order-total
//   distribution the nearest-rank percentiles read;
// - buckets: counted orders and their revenue per coarse bucket of the total (all time):
//   an all-time percentile reads the buckets, then the totals of one bucket;
// - gaps: customers per mean-gap class (GapKey): frequencyCounts without reading every
//   customer, whatever the client's frequency settings.
// Cells and totals are kept both per local day and once more for all time under the day
// kStatsAllTime, so all time is one small read and a period of whole local days reads its
// days' rows.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/metrics.h"
#include "domain/money.h"
#include "domain/order.h"
#include "domain/time.h"

namespace packprod {

// The day of the all-time rows of cells and totals: below every date's day number (dates
// are years 0001-9999), so no period of dates reaches it.
inline constexpr DayNumber kStatsAllTime = INT32_MIN;
// The gap key of a customer with exactly one counted order.
inline constexpr std::int64_t kOneTimeGap = -1;

struct StatsCellKey {
  DayNumber day = 0;
  OrderStatus status = OrderStatus::kProcessing;
  int weekday = 0;  // 0 = Monday
  int hour = 0;
  auto operator<=>(const StatsCellKey&) const = default;
};

struct BucketSums {
  std::int64_t orders = 0;
  Cents revenue = 0;
  bool operator==(const BucketSums&) const = default;
};

// Rows of the four kinds (or signed deltas of them), keyed; a zero count is no row.
struct StatsRows {
  std::map<StatsCellKey, std::int64_t> cells;
  std::map<std::pair<DayNumber, Cents>, std::int64_t> totals;  // (day, total) -> orders
  std::map<std::int64_t, BucketSums> buckets;                  // TotalBucket -> sums
  std::map<std::int64_t, std::int64_t> gaps;                   // GapKey -> customers

  bool empty() const { return cells.empty() && totals.empty() && buckets.empty() && gaps.empty(); }
  std::size_t size() const { return cells.size() + totals.size() + buckets.size() + gaps.size(); }
  bool operator==(const StatsRows&) const = default;
};

// Adds (sign +1) or takes away (sign -1) one order: its cells (day and all time) and, when
// it counts, its totals (day and all time) and bucket. Entries reaching zero are erased.
void AddOrderStats(StatsRows* rows, Millis created_at, OrderStatus status, Cents total,
                   const TimeZone& tz, int sign);

// The customer's frequency class independent of the settings: kOneTimeGap for one counted
// order, else ceil(ceil(span / (orders - 1)) / 1 day) with span = last - first order, so
// that DeriveFrequency's "mean gap <= d days" is GapKey <= d for every whole d. nullopt
// without counted orders.
std::optional<std::int64_t> GapKey(const CustomerAggregate& agg);
// Moves one customer from its gap class `before` to `after` (either may be nullptr: no
// row before / after).
void MoveGap(StatsRows* rows, const CustomerAggregate* before, const CustomerAggregate* after);
// Customers per Frequency from the gap counts under `settings`.
std::array<std::int64_t, kFrequencyCount> FrequenciesFromGaps(
    const std::map<std::int64_t, std::int64_t>& gaps, const ClientSettings& settings);

// The bucket of an order total: monotone non-decreasing in the total; exact below 256
// cents, then 128 buckets per power of two (a bucket of totals near 100.00 spans 0.64).
std::int64_t TotalBucket(Cents total);
// The smallest and largest total of a bucket (inclusive).
std::pair<Cents, Cents> BucketRange(std::int64_t bucket);

// The figures of the statistics report that come from the orders of the period.
struct StatisticsFigures {
  std::int64_t orders = 0;  // counted
  Cents revenue = 0;
  std::int64_t customers = 0;
  std::array<Cents, 5> percentiles{};  // p25, p50, p75, p90, p99
  std::array<std::int64_t, 7> weekday{};
  std::array<std::int64_t, 24> hour{};
  std::array<std::int64_t, kOrderStatusCount> status{};
  std::array<std::int64_t, kSegmentCount> segments{};
  std::array<std::int64_t, kFrequencyCount> frequencies{};
};

// The report's percentiles, in StatisticsFigures::percentiles' order.
inline constexpr std::array<int, 5> kStatisticsPercentiles = {25, 50, 75, 90, 99};

// status, weekday and hour of `figures` from cell sums (weekday and hour over counted
// statuses only); orders is the counted sum.
void FiguresFromCells(const std::map<StatsCellKey, std::int64_t>& cells,
                      StatisticsFigures* figures);
// The nearest-rank percentiles and the revenue of an ascending (total, orders) list.
void FiguresFromTotals(const std::vector<std::pair<Cents, std::int64_t>>& totals,
                       StatisticsFigures* figures);
// The 1-based rank of percentile p among n values by nearest rank (docs/metrics.md).
std::int64_t NearestRank(int p, std::int64_t n);

}  // namespace packprod
