#include "stream/stats_view.h"

#include <fmt/core.h>

#include <set>

#include "stream/view_diff.h"

namespace packprod::stream {
namespace {

std::string DayText(DayNumber d) { return d == kStatsAllTime ? "all time" : FormatDate(d); }
std::string KeyText(const StatsCellKey& k) {
  return fmt::format("{} {} weekday {} hour {}", DayText(k.day), OrderStatusName(k.status),
                     k.weekday, k.hour);
}
std::string KeyText(const std::pair<DayNumber, Cents>& k) {
  return fmt::format("{} total {}", DayText(k.first), k.second);
}
std::string KeyText(std::int64_t k) { return std::to_string(k); }
std::string ValueText(std::int64_t n) { return std::to_string(n); }
std::string ValueText(const BucketSums& b) {
  return fmt::format("orders {} revenue {}", b.orders, b.revenue);
}

template <typename K, typename V>
void DiffRows(std::vector<std::string>& out, const char* table, const std::map<K, V>& view,
              const std::map<K, V>& want) {
  DiffKeyed(
      out, table, view, want, [](const K& k) { return KeyText(k); },
      [](const V& v) { return ValueText(v); });
}

}  // namespace

StatsRows ExpectedStats(const std::vector<Order>& orders,
                        const std::vector<CustomerAggregate>& customers, const TimeZone& tz) {
  StatsRows rows;
  for (const Order& o : orders) AddOrderStats(&rows, o.created_at, o.status, o.total, tz, +1);
  for (const CustomerAggregate& c : customers) MoveGap(&rows, nullptr, &c);
  return rows;
}

void DiffStats(std::vector<std::string>& out, const StatsRows& have, const StatsRows& want) {
  DiffRows(out, "stats_cells", have.cells, want.cells);
  DiffRows(out, "stats_totals", have.totals, want.totals);
  DiffRows(out, "stats_buckets", have.buckets, want.buckets);
  DiffRows(out, "stats_gaps", have.gaps, want.gaps);
}

void StatsFold::AddChange(const std::string& client, const Order* before, const Order* after,
                          const TimeZone& tz) {
  if (before && after && before->created_at == after->created_at &&
      before->status == after->status && before->total == after->total) {
    return;  // nothing the counters hold changed
  }
  StatsRows& rows = clients_[client];
  if (before) AddOrderStats(&rows, before->created_at, before->status, before->total, tz, -1);
  if (after) AddOrderStats(&rows, after->created_at, after->status, after->total, tz, +1);
}

void StatsFold::MoveCustomer(const std::string& client, const CustomerAggregate* before,
                             const CustomerAggregate& after) {
  if (before && GapKey(*before) == GapKey(after)) return;
  if (!before && !GapKey(after)) return;
  MoveGap(&clients_[client], before, &after);
}

Status StatsFold::Flush(store::WriteTx& tx, const std::string& client) {
  auto it = clients_.find(client);
  if (it == clients_.end()) return Status::Ok();
  Status st = it->second.empty() ? Status::Ok() : tx.AddStatsRows(client, it->second);
  clients_.erase(it);
  return st;
}

std::size_t StatsFold::pending_rows() const {
  std::size_t n = 0;
  for (const auto& [client, rows] : clients_) n += rows.size();
  return n;
}

}  // namespace packprod::stream
