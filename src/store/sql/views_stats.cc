// SqlTx' statistics counters (domain/order_stats.h): stats_cells, stats_totals,
// stats_buckets and stats_gaps, changed by signed deltas, read summed over a day range.
#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "store/sql/sql_tx.h"

namespace packprod::store::sql {
namespace {

Result<OrderStatus> StatusOf(const Row& r, int col) {
  std::optional<OrderStatus> s = ParseOrderStatus(r.Text(col));
  if (!s) return Status::Internal("stats_cells: unknown status '" + r.Text(col) + "'");
  return *s;
}

// "INSERT INTO <table> (<keys>, <counts>) VALUES (?, ...) ON CONFLICT (<keys>) DO UPDATE
// SET <count> = <table>.<count> + excluded.<count>, ... RETURNING <counts>": adds signed
// deltas to a row (made when absent) in one statement and returns its new counts.
std::string AddSql(const std::string& table, const std::vector<std::string>& keys,
                   const std::vector<std::string>& counts) {
  std::string cols, marks, set, ret;
  for (const auto& k : keys) {
    cols += (cols.empty() ? "" : ", ") + k;
    marks += marks.empty() ? "?" : ", ?";
  }
  for (const auto& c : counts) {
    cols += ", " + c;
    marks += ", ?";
    set += (set.empty() ? "" : ", ") + c + " = " + table + "." + c + " + excluded." + c;
    ret += (ret.empty() ? "" : ", ") + c;
  }
  std::string key_list;
  for (const auto& k : keys) key_list += (key_list.empty() ? "" : ", ") + k;
  return "INSERT INTO " + table + " (" + cols + ") VALUES (" + marks + ") ON CONFLICT (" +
         key_list + ") DO UPDATE SET " + set + " RETURNING " + ret;
}

// Adds `deltas` (one per count column) to the row of `key` with `add` (AddSql); deletes
// it with `del` (its key as arguments) when its first count reaches 0. Internal when a
// count goes below 0 (the transaction then commits nothing).
Status AddToRow(Session& s, const char* what, const std::string& add, const std::string& del,
                const Args& key, const std::vector<std::int64_t>& deltas) {
  Args args = key;
  for (std::int64_t d : deltas) args.emplace_back(d);
  std::vector<std::int64_t> now;
  PP_RETURN_IF_ERROR(s.Query(add, args, [&](const Row& r) {
    for (std::size_t i = 0; i < deltas.size(); ++i) now.push_back(r.Int(static_cast<int>(i)));
    return Status::Ok();
  }));
  if (now.size() != deltas.size()) return Status::Internal(std::string(what) + ": no row");
  if (now[0] < 0 || (now[0] == 0 && now.size() > 1 && now[1] != 0)) {
    return Status::Internal(std::string(what) + " below zero: rebuild the views");
  }
  if (now[0] == 0) return s.Run(del, key);
  return Status::Ok();
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

Result<std::map<std::int64_t, BucketSums>> SqlTx::ReadStatsBuckets(
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

Result<std::map<std::int64_t, std::int64_t>> SqlTx::ReadStatsGaps(const std::string& client) {
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

Status SqlTx::AddStatsRows(const std::string& client, const StatsRows& d) {
  PP_RETURN_IF_ERROR(BeforeViews());
  Session& s = sql();
  static const std::string kCellAdd =
      AddSql("stats_cells", {"client_id", "day", "status", "weekday", "hour"}, {"orders"});
  for (const auto& [k, n] : d.cells) {
    if (n == 0) continue;
    PP_RETURN_IF_ERROR(AddToRow(
        s, "stats_cells", kCellAdd,
        "DELETE FROM stats_cells WHERE client_id = ? AND day = ? AND status = ? AND "
        "weekday = ? AND hour = ?",
        {client, k.day, OrderStatusName(k.status), k.weekday, k.hour}, {n}));
  }
  static const std::string kTotalAdd =
      AddSql("stats_totals", {"client_id", "day", "total"}, {"orders"});
  for (const auto& [k, n] : d.totals) {
    if (n == 0) continue;
    PP_RETURN_IF_ERROR(AddToRow(
        s, "stats_totals", kTotalAdd,
        "DELETE FROM stats_totals WHERE client_id = ? AND day = ? AND total = ?",
        {client, k.first, k.second}, {n}));
  }
  static const std::string kGapAdd = AddSql("stats_gaps", {"client_id", "gap_days"}, {"customers"});
  for (const auto& [gap, n] : d.gaps) {
    if (n == 0) continue;
    PP_RETURN_IF_ERROR(AddToRow(s, "stats_gaps", kGapAdd,
                                "DELETE FROM stats_gaps WHERE client_id = ? AND gap_days = ?",
                                {client, gap}, {n}));
  }
  static const std::string kBucketAdd =
      AddSql("stats_buckets", {"client_id", "bucket"}, {"orders", "revenue"});
  for (const auto& [bucket, delta] : d.buckets) {
    if (delta == BucketSums{}) continue;
    PP_RETURN_IF_ERROR(AddToRow(s, "stats_buckets", kBucketAdd,
                                "DELETE FROM stats_buckets WHERE client_id = ? AND bucket = ?",
                                {client, bucket}, {delta.orders, delta.revenue}));
  }
  return Status::Ok();
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
