// SqlTx' statistics counters (domain/order_stats.h): stats_cells, stats_totals,
// stats_buckets and stats_gaps, changed by signed deltas, read summed over a day range.
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "store/sql/counters.h"
#include "store/sql/sql_tx.h"
#include "store/sql/view_queries.h"

namespace packprod::store::sql {
namespace {

Result<OrderStatus> StatusOf(const Row& r, int col) {
  std::optional<OrderStatus> s = ParseOrderStatus(r.Text(col));
  if (!s) return Status::Internal("stats_cells: unknown status '" + r.Text(col) + "'");
  return *s;
}

}  // namespace

Result<std::map<StatsCellKey, std::int64_t>> SqlTx::SumStatsCells(const std::string& client,
                                                                       DayNumber from_day,
                                                                       DayNumber to_day) {
  PP_RETURN_IF_ERROR(BeforeViews());
  // Summed here rather than by GROUP BY: the day range is read in key order, no sort.
  std::map<StatsCellKey, std::int64_t> out;
  std::string last_name;
  OrderStatus last = OrderStatus::kProcessing;
  PP_RETURN_IF_ERROR(sql().Query(
      "SELECT status, weekday, hour, orders FROM stats_cells WHERE client_id = ? AND day "
      "BETWEEN ? AND ?",
      {client, from_day, to_day}, [&](const Row& r) -> Status {
        std::string name = r.Text(0);
        if (name != last_name) {
          PP_ASSIGN_OR_RETURN(last, StatusOf(r, 0));
          last_name = std::move(name);
        }
        out[StatsCellKey{from_day, last, static_cast<int>(r.Int(1)),
                         static_cast<int>(r.Int(2))}] += r.Int(3);
        return Status::Ok();
      }));
  return out;
}

Result<std::vector<std::pair<Cents, std::int64_t>>> SqlTx::SumStatsTotals(
    const std::string& client, DayNumber from_day, DayNumber to_day, Cents lo, Cents hi) {
  PP_RETURN_IF_ERROR(BeforeViews());
  std::vector<std::pair<Cents, std::int64_t>> out;
  auto add = [&](const Row& r) {
    out.emplace_back(r.Int(0), r.Int(1));
    return Status::Ok();
  };
  if (from_day == to_day) {  // all time, or one day: the rows in the primary key's order
    // A range of the primary key (client_id, day, total) whatever the values: planned once.
    PP_RETURN_IF_ERROR(sql().Query(
        std::string(kGenericPlan) +
            "SELECT total, orders FROM stats_totals WHERE client_id = ? AND day = ? AND total "
            "BETWEEN ? AND ? ORDER BY total",
        {client, from_day, lo, hi}, add));
    return out;
  }
  // Several days: read in key order (day, total), then sorted and summed per total here
  // (cheaper than the engine's GROUP BY sorter).
  PP_RETURN_IF_ERROR(sql().Query(
      "SELECT total, orders FROM stats_totals WHERE client_id = ? AND day BETWEEN ? AND ? AND "
      "total BETWEEN ? AND ?",
      {client, from_day, to_day, lo, hi}, add));
  std::sort(out.begin(), out.end());
  std::size_t n = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (n > 0 && out[n - 1].first == out[i].first) {
      out[n - 1].second += out[i].second;
    } else {
      out[n++] = out[i];
    }
  }
  out.resize(n);
  return out;
}

Result<std::vector<std::pair<Cents, std::int64_t>>> SqlTx::SumAllTimeStatsTotals(
    const std::string& client, const std::vector<std::pair<Cents, Cents>>& ranges) {
  PP_RETURN_IF_ERROR(BeforeViews());
  std::vector<std::pair<Cents, std::int64_t>> out;
  if (ranges.empty()) return out;
  // One range scan of the primary key (client_id, day, total) per range, in range order:
  // ascending totals without a sort. Whatever the values, so planned once per connection
  // (and number of ranges) on PostgreSQL.
  std::string text(kGenericPlan);
  Args args;
  for (const auto& [lo, hi] : ranges) {
    if (args.size() > 0) text += " UNION ALL ";
    text += "SELECT * FROM (SELECT total, orders FROM stats_totals WHERE client_id = ? AND "
            "day = ? AND total BETWEEN ? AND ? ORDER BY total) r";
    args.insert(args.end(), {client, std::int64_t{kStatsAllTime}, lo, hi});
  }
  PP_RETURN_IF_ERROR(sql().Query(text, args, [&](const Row& r) {
    out.emplace_back(r.Int(0), r.Int(1));
    return Status::Ok();
  }));
  // UNION ALL keeps each part's order on both engines, but no SQL promises the parts'
  // order: sorted here (already sorted, a linear check).
  if (!std::is_sorted(out.begin(), out.end())) std::sort(out.begin(), out.end());
  return out;
}

Result<std::array<std::int64_t, 4>> SqlTx::CountSegments(const std::string& client,
                                                         const SegmentBounds& b) {
  PP_RETURN_IF_ERROR(BeforeViews());
  return QuerySegmentCounts(sql(), client, b);
}

Result<std::map<std::int64_t, BucketSums>> SqlTx::ReadStatsBuckets(
    const std::string& client) {
  PP_RETURN_IF_ERROR(BeforeViews());
  std::map<std::int64_t, BucketSums> out;
  PP_RETURN_IF_ERROR(sql().Query(
      "SELECT bucket, orders, revenue FROM stats_buckets WHERE client_id = ?",
      {client}, [&](const Row& r) {
        out[r.Int(0)] = BucketSums{r.Int(1), r.Int(2)};
        return Status::Ok();
      }));
  return out;
}

Result<std::map<std::int64_t, std::int64_t>> SqlTx::ReadStatsGaps(const std::string& client) {
  PP_RETURN_IF_ERROR(BeforeViews());
  std::map<std::int64_t, std::int64_t> out;
  PP_RETURN_IF_ERROR(sql().Query(
      "SELECT gap_days, customers FROM stats_gaps WHERE client_id = ?",
      {client}, [&](const Row& r) {
        out[r.Int(0)] = r.Int(1);
        return Status::Ok();
      }));
  return out;
}

Status SqlTx::AddStatsRows(const std::string& client, const StatsRows& d) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Session& s = sql();
  static const CounterTable kCells{"stats_cells", {"day", "status", "weekday", "hour"}, {"orders"}};
  static const CounterTable kTotals{"stats_totals", {"day", "total"}, {"orders"}};
  static const CounterTable kGaps{"stats_gaps", {"gap_days"}, {"customers"}};
  static const CounterTable kBuckets{"stats_buckets", {"bucket"}, {"orders", "revenue"}};
  std::vector<CounterChange> cells, totals, gaps, buckets;
  for (const auto& [k, n] : d.cells) {
    cells.push_back({{k.day, OrderStatusName(k.status), k.weekday, k.hour}, {n}});
  }
  for (const auto& [k, n] : d.totals) totals.push_back({{k.first, k.second}, {n}});
  for (const auto& [gap, n] : d.gaps) gaps.push_back({{gap}, {n}});
  for (const auto& [bucket, v] : d.buckets) buckets.push_back({{bucket}, {v.orders, v.revenue}});
  PP_RETURN_IF_ERROR(AddCounters(s, client, kCells, cells));
  PP_RETURN_IF_ERROR(AddCounters(s, client, kTotals, totals));
  PP_RETURN_IF_ERROR(AddCounters(s, client, kGaps, gaps));
  return AddCounters(s, client, kBuckets, buckets);
}

Status SqlTx::ReadAllStats(const std::string& client, StatsRows* out) {
  Session& s = sql();
  PP_RETURN_IF_ERROR(s.Query(
      "SELECT day, status, weekday, hour, orders FROM stats_cells WHERE client_id = ?", {client},
      [&](const Row& r) -> Status {
        PP_ASSIGN_OR_RETURN(OrderStatus status, StatusOf(r, 1));
        out->cells[StatsCellKey{static_cast<DayNumber>(r.Int(0)), status,
                                static_cast<int>(r.Int(2)), static_cast<int>(r.Int(3))}] =
            r.Int(4);
        return Status::Ok();
      }));
  PP_RETURN_IF_ERROR(s.Query("SELECT day, total, orders FROM stats_totals WHERE client_id = ?",
                             {client}, [&](const Row& r) {
                               out->totals[{static_cast<DayNumber>(r.Int(0)), r.Int(1)}] =
                                   r.Int(2);
                               return Status::Ok();
                             }));
  PP_ASSIGN_OR_RETURN(out->buckets, ReadStatsBuckets(client));
  PP_ASSIGN_OR_RETURN(out->gaps, ReadStatsGaps(client));
  return Status::Ok();
}

}  // namespace packprod::store::sql
