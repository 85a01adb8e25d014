// ViewTables' statistics counters (domain/order_stats.h): stats_cells, stats_totals,
// stats_buckets and stats_gaps, changed by signed deltas, read summed over a day range.
#include <algorithm>
#include <limits>

#include "store/sql/view_tables.h"

namespace packprod::store::sql {
namespace {

Result<OrderStatus> StatusOf(const Row& r, int col) {
  std::optional<OrderStatus> s = ParseOrderStatus(r.Text(col));
  if (!s) return Status::Internal("stats_cells: unknown status '" + r.Text(col) + "'");
  return *s;
}

// Adds `delta` to the row's count read by `select` (its key in `key`): writes it with
// `upsert` (key then count), or deletes it with `del` when it reaches 0. Internal below 0.
Status AddCount(Session& s, const char* what, const std::string& select,
                const std::string& upsert, const std::string& del, Args key,
                std::int64_t delta) {
  if (delta == 0) return Status::Ok();
  std::int64_t n = 0;
  PP_RETURN_IF_ERROR(s.QueryOne(select, key, [&](const Row& r) {
                        n = r.Int(0);
                        return Status::Ok();
                      }).status());
  n += delta;
  if (n < 0) return Status::Internal(std::string(what) + " below zero: rebuild the views");
  if (n == 0) return s.Run(del, key);
  key.emplace_back(n);
  return s.Run(upsert, key);
}

}  // namespace

Result<std::map<StatsCellKey, std::int64_t>> ViewTables::SumStatsCells(const std::string& client,
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

Result<std::vector<std::pair<Cents, std::int64_t>>> ViewTables::SumStatsTotals(
    const std::string& client, DayNumber from_day, DayNumber to_day, Cents lo, Cents hi) {
  PP_RETURN_IF_ERROR(BeforeViews());
  std::vector<std::pair<Cents, std::int64_t>> out;
  auto add = [&](const Row& r) {
    out.emplace_back(r.Int(0), r.Int(1));
    return Status::Ok();
  };
  if (from_day == to_day) {  // all time, or one day: the rows in the primary key's order
    PP_RETURN_IF_ERROR(sql().Query(
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

Result<std::map<std::int64_t, BucketSums>> ViewTables::ReadStatsBuckets(
    const std::string& client) {
  PP_RETURN_IF_ERROR(BeforeViews());
  std::map<std::int64_t, BucketSums> out;
  PP_RETURN_IF_ERROR(sql().Query(
      "SELECT bucket, orders, revenue FROM stats_buckets WHERE client_id = ? ORDER BY bucket",
      {client}, [&](const Row& r) {
        out[r.Int(0)] = BucketSums{r.Int(1), r.Int(2)};
        return Status::Ok();
      }));
  return out;
}

Result<std::map<std::int64_t, std::int64_t>> ViewTables::ReadStatsGaps(const std::string& client) {
  PP_RETURN_IF_ERROR(BeforeViews());
  std::map<std::int64_t, std::int64_t> out;
  PP_RETURN_IF_ERROR(sql().Query(
      "SELECT gap_days, customers FROM stats_gaps WHERE client_id = ? ORDER BY gap_days",
      {client}, [&](const Row& r) {
        out[r.Int(0)] = r.Int(1);
        return Status::Ok();
      }));
  return out;
}

Status ViewTables::AddStatsRows(const std::string& client, const StatsRows& d) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Session& s = sql();
  static const std::string kCellUpsert = UpsertSql(
      "stats_cells", {"client_id", "day", "status", "weekday", "hour"}, {"orders"});
  for (const auto& [k, n] : d.cells) {
    PP_RETURN_IF_ERROR(AddCount(
        s, "stats_cells",
        "SELECT orders FROM stats_cells WHERE client_id = ? AND day = ? AND status = ? AND "
        "weekday = ? AND hour = ?",
        kCellUpsert,
        "DELETE FROM stats_cells WHERE client_id = ? AND day = ? AND status = ? AND "
        "weekday = ? AND hour = ?",
        {client, k.day, OrderStatusName(k.status), k.weekday, k.hour}, n));
  }
  static const std::string kTotalUpsert =
      UpsertSql("stats_totals", {"client_id", "day", "total"}, {"orders"});
  for (const auto& [k, n] : d.totals) {
    PP_RETURN_IF_ERROR(AddCount(
        s, "stats_totals",
        "SELECT orders FROM stats_totals WHERE client_id = ? AND day = ? AND total = ?",
        kTotalUpsert, "DELETE FROM stats_totals WHERE client_id = ? AND day = ? AND total = ?",
        {client, k.first, k.second}, n));
  }
  static const std::string kGapUpsert =
      UpsertSql("stats_gaps", {"client_id", "gap_days"}, {"customers"});
  for (const auto& [gap, n] : d.gaps) {
    PP_RETURN_IF_ERROR(AddCount(
        s, "stats_gaps", "SELECT customers FROM stats_gaps WHERE client_id = ? AND gap_days = ?",
        kGapUpsert, "DELETE FROM stats_gaps WHERE client_id = ? AND gap_days = ?",
        {client, gap}, n));
  }
  static const std::string kBucketUpsert =
      UpsertSql("stats_buckets", {"client_id", "bucket"}, {"orders", "revenue"});
  for (const auto& [bucket, delta] : d.buckets) {
    BucketSums now;
    PP_RETURN_IF_ERROR(s.QueryOne("SELECT orders, revenue FROM stats_buckets WHERE client_id = ? "
                                  "AND bucket = ?",
                                  {client, bucket}, [&](const Row& r) {
                                    now = BucketSums{r.Int(0), r.Int(1)};
                                    return Status::Ok();
                                  })
                           .status());
    now.orders += delta.orders;
    now.revenue += delta.revenue;
    if (now.orders < 0 || (now.orders == 0 && now.revenue != 0)) {
      return Status::Internal("stats_buckets below zero: rebuild the views");
    }
    if (now.orders == 0) {
      PP_RETURN_IF_ERROR(s.Run("DELETE FROM stats_buckets WHERE client_id = ? AND bucket = ?",
                               {client, bucket}));
    } else {
      PP_RETURN_IF_ERROR(s.Run(kBucketUpsert, {client, bucket, now.orders, now.revenue}));
    }
  }
  return Status::Ok();
}

Status ViewTables::ReadAllStats(const std::string& client, StatsRows* out) {
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
