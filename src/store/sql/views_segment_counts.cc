// SqlTx and the store's reads for segment_days (domain/segment_counts.h: the segment
// counts as of any instant without a pass over the customers) and product_blocks
// (store/view_rows.h: a period's product sums from its whole blocks and edge days).
#include <algorithm>
#include <unordered_map>

#include "store/sql/counters.h"
#include "store/sql/sql_tx.h"
#include "store/sql/view_queries.h"

namespace packprod::store::sql {

Status SqlTx::AddSegmentDays(const std::string& client, const SegmentDayRows& deltas) {
  PP_RETURN_IF_ERROR(BeforeViews());
  static const CounterTable kTable{"segment_days", {"kind", "day"}, {"customers"}};
  std::vector<CounterChange> changes;
  for (const auto& [key, n] : deltas) {
    changes.push_back({{std::int64_t{key.first}, std::int64_t{key.second}}, {n}});
  }
  return AddCounters(sql(), client, kTable, changes);
}

Status ReadSegmentDayRows(Session& s, const std::string& client, SegmentDayRows* out) {
  return s.Query("SELECT kind, day, customers FROM segment_days WHERE client_id = ?", {client},
                 [&](const Row& r) {
                   (*out)[{static_cast<int>(r.Int(0)), static_cast<DayNumber>(r.Int(1))}] =
                       r.Int(2);
                   return Status::Ok();
                 });
}

Status ReadProductBlocks(Session& s, const std::string& client, ProductBlocks* out) {
  return s.Query(
      "SELECT block, code, orders, revenue, units FROM product_blocks WHERE client_id = ?",
      {client}, [&](const Row& r) {
        (*out)[{static_cast<DayNumber>(r.Int(0)), r.Text(1)}] = {r.Int(2), r.Int(3), r.Int(4)};
        return Status::Ok();
      });
}

Result<std::optional<std::array<std::int64_t, 4>>> QueryKeptSegmentCounts(
    Session& s, const std::string& client, const SegmentBounds& b) {
  using Out = std::optional<std::array<std::int64_t, 4>>;
  if (b.new_first_min < b.dormant_last_max) return Out();
  const std::int64_t last_day = UtcDayOf(b.dormant_last_max);
  const std::int64_t first_day = UtcDayOf(b.new_first_min);
  const Millis last_day_end = (last_day + 1) * kDayMs;
  const Millis first_day_end = (first_day + 1) * kDayMs;
  // One statement, each part by its own index range, tagged by its first column:
  // 0 the kinds' totals (kSegmentAllDays), 1 kinds 0 and 1 on the whole days after the
  // dormant bound's day, 2 kind 2 on those after the new bound's day, 3 and 4 the
  // contacts of the bounds' own days past the bound (total_spend, order_count). Each
  // part reads its index whatever the values: planned once per connection.
  SegmentDaySums sums;
  bool kept = false;
  PP_RETURN_IF_ERROR(s.Query(
      std::string(kGenericPlan) +
      "SELECT 0, kind, customers FROM segment_days WHERE client_id = ? AND kind IN (0, 1, 2) "
      "AND day = ? "
      "UNION ALL SELECT 1, kind, CAST(SUM(customers) AS BIGINT) FROM segment_days WHERE "
      "client_id = ? AND kind IN (0, 1) AND day > ? GROUP BY kind "
      "UNION ALL SELECT 2, 2, CAST(SUM(customers) AS BIGINT) FROM segment_days WHERE "
      "client_id = ? AND kind = 2 AND day > ? "
      "UNION ALL SELECT 3, total_spend, order_count FROM customer_metrics WHERE client_id = ? "
      "AND last_order > ? AND last_order < ? AND order_count > 0 "
      "UNION ALL SELECT 4, total_spend, order_count FROM customer_metrics WHERE client_id = ? "
      "AND first_order > ? AND first_order < ? AND order_count > 0",
      {client, std::int64_t{kSegmentAllDays}, client, last_day, client, first_day, client,
       b.dormant_last_max, last_day_end, client, b.new_first_min, first_day_end},
      [&](const Row& r) {
        const std::int64_t part = r.Int(0);
        if (part <= 2) {
          if (part == 0) kept = true;
          auto& to = part == 0 ? sums.total : sums.after;
          to[static_cast<std::size_t>(r.Int(1))] += r.Int(2);
          return Status::Ok();
        }
        CustomerAggregate c;
        c.total_spend = r.Int(1);
        c.order_count = r.Int(2);
        const bool vip = IsVipCustomer(c, b.vip_spend, b.vip_orders);
        if (part == 3) {
          ++sums.after[vip ? kLastVip : kLastOther];
        } else if (!vip) {
          ++sums.after[kFirstOther];
        }
        return Status::Ok();
      }));
  if (!kept) return Out();  // no contact with a counted order (or rows not built)
  return SegmentCountsOf(sums, b);
}

Result<std::vector<ProductAggregate>> QueryProductRange(Session& s, const std::string& client,
                                                        DayNumber from, DayNumber to) {
  // Whole blocks [first_block, last_block]; the days before and after them from
  // product_daily (all of [from, to] when no block lies wholly inside).
  const DayNumber first_block = ProductBlockOf(from - 1) + 1;
  const DayNumber last_block = ProductBlockOf(to + 1) - 1;
  Args args = {client};
  // The rows of the range (`sql`), summed per code below (by the engine on PostgreSQL).
  std::string sql;
  if (first_block <= last_block) {
    sql +=
        "SELECT code, orders, revenue, units FROM product_blocks WHERE client_id = ? AND block "
        "BETWEEN ? AND ? UNION ALL SELECT code, orders, revenue, units FROM product_daily WHERE "
        "client_id = ? AND day BETWEEN ? AND ? UNION ALL SELECT code, orders, revenue, units "
        "FROM product_daily WHERE client_id = ? AND day BETWEEN ? AND ?";
    args.insert(args.end(), {std::int64_t{first_block}, std::int64_t{last_block}, client,
                             std::int64_t{from}, std::int64_t{first_block} * kProductBlockDays - 1,
                             client, (std::int64_t{last_block} + 1) * kProductBlockDays,
                             std::int64_t{to}});
  } else {
    sql += "SELECT code, orders, revenue, units FROM product_daily WHERE client_id = ? AND day "
           "BETWEEN ? AND ?";
    args.insert(args.end(), {std::int64_t{from}, std::int64_t{to}});
  }
  if (s.engine() == Engine::kSqlite) {
    // SQLite would sort every row into a temporary B-tree for its GROUP BY (the blocks
    // are keyed by block, then code: ~17,500 rows for 365 days and 500 products); a hash
    // map by code and a sort of the sums cost less.
    std::unordered_map<std::string, ProductAggregate> sums;
    PP_RETURN_IF_ERROR(s.Query(sql, args, [&](const Row& r) {
      auto [it, added] = sums.try_emplace(r.Text(0));
      ProductAggregate& p = it->second;
      if (added) p.code = it->first;
      p.orders += r.Int(1);
      p.revenue += r.Int(2);
      p.units += r.Int(3);
      return Status::Ok();
    }));
    std::vector<ProductAggregate> out;
    out.reserve(sums.size());
    for (auto& [code, p] : sums) out.push_back(std::move(p));
    std::sort(out.begin(), out.end(),
              [](const ProductAggregate& a, const ProductAggregate& b) { return a.code < b.code; });
    return out;
  }
  sql = "SELECT code, SUM(orders), SUM(revenue), SUM(units) FROM (" + sql +
        ") r GROUP BY code ORDER BY code";
  return s.QueryAll<ProductAggregate>(sql, args, [](const Row& r) -> Result<ProductAggregate> {
    ProductAggregate p;
    p.code = r.Text(0);
    p.orders = r.Int(1);
    p.revenue = r.Int(2);
    p.units = r.Int(3);
    return p;
  });
}

}  // namespace packprod::store::sql
