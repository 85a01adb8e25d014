// Store::StatisticsView: the statistics report's figures from the kept counters
// (domain/order_stats.h), written once over ReadTx for every engine.
#include <limits>
#include <map>

#include "store/store.h"

namespace packprod::store {
namespace {

// The nearest-rank percentiles over all time: the buckets locate each rank, then the
// all-time totals of that bucket alone are read (at most one read per distinct bucket).
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
  std::map<std::int64_t, std::vector<std::pair<Cents, std::int64_t>>> read;  // bucket -> totals
  for (std::size_t i = 0; i < kStatisticsPercentiles.size(); ++i) {
    const std::int64_t rank = NearestRank(kStatisticsPercentiles[i], n);
    if (rank == 0) continue;
    std::int64_t before = 0;  // orders in the buckets below
    for (const auto& [b, sums] : buckets) {
      if (before + sums.orders < rank) {
        before += sums.orders;
        continue;
      }
      auto it = read.find(b);
      if (it == read.end()) {
        auto [lo, hi] = BucketRange(b);
        PP_ASSIGN_OR_RETURN(auto totals, tx.SumStatsTotals(client, kStatsAllTime, kStatsAllTime,
                                                           lo, hi));
        it = read.emplace(b, std::move(totals)).first;
      }
      std::int64_t seen = before;
      bool found = false;
      for (const auto& [total, orders] : it->second) {
        seen += orders;
        if (seen >= rank) {
          f->percentiles[i] = total;
          found = true;
          break;
        }
      }
      if (!found) {
        return Status::Internal("stats_totals and stats_buckets disagree: rebuild the views");
      }
      break;
    }
  }
  return Status::Ok();
}

}  // namespace

Result<StatisticsFigures> Store::StatisticsView(
    const std::string& client, const ClientSettings& settings,
    std::optional<std::pair<DayNumber, DayNumber>> days) {
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
    return Status::Ok();
  }));
  return f;
}

}  // namespace packprod::store
