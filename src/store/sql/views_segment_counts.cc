// SqlTx and the store's reads for segment_days (domain/segment_counts.h: the segment
// counts as of any instant without a pass over the customers) and product_blocks
// (store/view_rows.h: a period's product sums from its whole blocks and edge days).
#include <algorithm>
#include <unordered_map>

#include "store/sql/counters.h"
#include "store/sql/sql_tx.h"
#include "store/sql/view_queries.h"

namespace packprod::store::sql {
namespace {

// Counts the contacts of one UTC day whose `column` lies after `bound` (the bound's own
// day: its rows, read by index), calling `add(vip)` for each counted one.
template <typename Add>
Status CountBoundaryDay(Session& s, const std::string& client, const char* column, Millis bound,
                        const SegmentBounds& b, Add add) {
  const Millis day_end = (static_cast<Millis>(UtcDayOf(bound)) + 1) * kDayMs;
  return s.Query(std::string("SELECT total_spend, order_count FROM customer_metrics WHERE "
                             "client_id = ? AND ") +
                     column + " > ? AND " + column + " < ? AND order_count > 0",
                 {client, bound, day_end}, [&](const Row& r) {
                   CustomerAggregate c;
                   c.total_spend = r.Int(0);
                   c.order_count = r.Int(1);
                   add(IsVipCustomer(c, b.vip_spend, b.vip_orders));
                   return Status::Ok();
                 });
}

}  // namespace

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
  SegmentDaySums sums;
  bool kept = false;
  PP_RETURN_IF_ERROR(s.Query(
      "SELECT kind, customers FROM segment_days WHERE client_id = ? AND kind IN (0, 1, 2) AND "
      "day = ?",
      {client, std::int64_t{kSegmentAllDays}}, [&](const Row& r) {
        kept = true;
        sums.total[static_cast<std::size_t>(r.Int(0))] = r.Int(1);
        return Status::Ok();
      }));
  if (!kept) return Out();  // no contact with a counted order (or rows not built)
  const std::int64_t last_day = UtcDayOf(b.dormant_last_max);
  const std::int64_t first_day = UtcDayOf(b.new_first_min);
  PP_RETURN_IF_ERROR(s.Query(
      "SELECT kind, SUM(customers) FROM segment_days WHERE client_id = ? AND kind IN (0, 1) AND "
      "day > ? GROUP BY kind",
      {client, last_day}, [&](const Row& r) {
        sums.after[static_cast<std::size_t>(r.Int(0))] += r.Int(1);
        return Status::Ok();
      }));
  PP_RETURN_IF_ERROR(s.Query(
      "SELECT SUM(customers) FROM segment_days WHERE client_id = ? AND kind = 2 AND day > ?",
      {client, first_day}, [&](const Row& r) {
        sums.after[kFirstOther] += r.Int(0);
        return Status::Ok();
      }));
  PP_RETURN_IF_ERROR(CountBoundaryDay(s, client, "last_order", b.dormant_last_max, b,
                                      [&](bool vip) { ++sums.after[vip ? kLastVip : kLastOther]; }));
  PP_RETURN_IF_ERROR(CountBoundaryDay(s, client, "first_order", b.new_first_min, b, [&](bool vip) {
    if (!vip) ++sums.after[kFirstOther];
  }));
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
