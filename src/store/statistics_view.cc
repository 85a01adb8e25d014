// Store::StatisticsView: the statistics report's figures from the kept counters
// (domain/order_stats.h), written once over ReadTx for every engine.
#include <limits>
#include <map>
#include <utility>
#include <vector>

#include "store/store.h"

namespace packprod::store {
namespace {

// The nearest-rank percentiles over all time: the buckets locate each rank, then the
// all-time totals of those buckets alone are read, all of them in one statement.
Status AllTimePercentiles(ReadTx& tx, const std::string& client,
                          const std::map<std::int64_t, BucketSums>& buckets,
                          StatisticsFigures* f) {
  std::int64_t n = 0;
  for (const auto& [b, sums] : buckets) {
    n += sums.orders;
    f->revenue += sums.revenue;
  }
  if (n != f->orders) {
    return Status::Internal("stats_buckets and stats_cells disagree: rebuild the views");
  }
  // Each percentile's bucket and the orders in the buckets below it.
  struct Located {
    std::size_t percentile;
    std::int64_t rank, bucket, before;
  };
  std::vector<Located> located;
  std::vector<std::pair<Cents, Cents>> ranges;  // ascending: the ranks ascend
  for (std::size_t i = 0; i < kStatisticsPercentiles.size(); ++i) {
    const std::int64_t rank = NearestRank(kStatisticsPercentiles[i], n);
    if (rank == 0) continue;
    std::int64_t before = 0;
    for (const auto& [b, sums] : buckets) {
      if (before + sums.orders < rank) {
        before += sums.orders;
        continue;
      }
      located.push_back(Located{i, rank, b, before});
      if (ranges.empty() || located[located.size() - 2].bucket != b) {
        ranges.push_back(BucketRange(b));
      }
      break;
    }
  }
  PP_ASSIGN_OR_RETURN(auto totals, tx.SumAllTimeStatsTotals(client, ranges));
  for (const Located& at : located) {
    const auto [lo, hi] = BucketRange(at.bucket);
    std::int64_t seen = at.before;
    bool found = false;
    for (const auto& [total, orders] : totals) {
      if (total < lo || total > hi) continue;
      seen += orders;
      if (seen >= at.rank) {
        f->percentiles[at.percentile] = total;
        found = true;
        break;
      }
    }
    if (!found) {
      return Status::Internal("stats_totals and stats_buckets disagree: rebuild the views");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<StatisticsFigures> Store::StatisticsView(
    const std::string& client, const ClientSettings& settings,
    std::optional<std::pair<DayNumber, DayNumber>> days, const SegmentBounds* segments) {
  StatisticsFigures f;
  PP_RETURN_IF_ERROR(Read([&](ReadTx& tx) -> Status {
    const DayNumber from = days ? days->first : kStatsAllTime;
    const DayNumber to = days ? days->second : kStatsAllTime;
    PP_ASSIGN_OR_RETURN(auto cells, tx.SumStatsCells(client, from, to));
    FiguresFromCells(cells, &f);
    if (days) {
      PP_ASSIGN_OR_RETURN(auto totals,
                          tx.SumStatsTotals(client, from, to, std::numeric_limits<Cents>::min(),
                                            std::numeric_limits<Cents>::max()));
      FiguresFromTotals(totals, &f);
    } else {
      PP_ASSIGN_OR_RETURN(auto buckets, tx.ReadStatsBuckets(client));
      PP_RETURN_IF_ERROR(AllTimePercentiles(tx, client, buckets, &f));
    }
    PP_ASSIGN_OR_RETURN(auto gaps, tx.ReadStatsGaps(client));
    f.frequencies = FrequenciesFromGaps(gaps, settings);
    if (segments != nullptr) {
      PP_ASSIGN_OR_RETURN(auto seg, tx.CountSegments(client, *segments));
      f.segments[static_cast<int>(Segment::kVip)] = seg[0];
      f.segments[static_cast<int>(Segment::kActive)] = seg[1];
      f.segments[static_cast<int>(Segment::kNew)] = seg[2];
      f.segments[static_cast<int>(Segment::kDormant)] = seg[3];
      if (!days) f.customers = seg[0] + seg[1] + seg[2] + seg[3];
    }
    return Status::Ok();
  }));
  return f;
}

}  // namespace packprod::store
