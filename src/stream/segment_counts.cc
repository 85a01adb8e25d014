#include "stream/segment_counts.h"

namespace packprod::stream {
namespace {

void Add(SegmentDayRows* rows, std::int64_t orders, Cents spend, std::optional<Millis> first,
         std::optional<Millis> last, const ClientSettings& s, int sign) {
  CustomerAggregate c;
  c.order_count = orders;
  c.total_spend = spend;
  c.first_order = first;
  c.last_order = last;
  AddSegmentDays(rows, c, s.vip_spend, s.vip_orders, sign);
}

}  // namespace

SegmentCountsFold::Facts SegmentCountsFold::FactsOf(const CustomerAggregate& c) {
  return Facts{c.order_count, c.total_spend, c.first_order, c.last_order};
}

void SegmentCountsFold::MoveCustomer(const std::string& client, const CustomerAggregate* before,
                                     const CustomerAggregate& after) {
  const Facts now = FactsOf(after);
  std::optional<Facts> was;
  if (before) was = FactsOf(*before);
  if (was ? *was == now : now.orders <= 0) return;
  moves_[client].emplace_back(was, now);
}

Status SegmentCountsFold::Flush(store::WriteTx& tx, const std::string& client) {
  auto it = moves_.find(client);
  if (it == moves_.end()) return Status::Ok();
  auto moves = std::move(it->second);
  moves_.erase(it);
  PP_ASSIGN_OR_RETURN(std::optional<ClientSettings> stored, tx.GetClient(client));
  const ClientSettings settings = stored.value_or(ClientSettings{});
  SegmentDayRows deltas;
  for (const auto& [was, now] : moves) {
    if (was) Add(&deltas, was->orders, was->spend, was->first, was->last, settings, -1);
    Add(&deltas, now.orders, now.spend, now.first, now.last, settings, +1);
  }
  return tx.AddSegmentDays(client, deltas);
}

SegmentDayRows ExpectedSegmentDays(const std::vector<CustomerAggregate>& customers,
                                   Cents vip_spend, std::int64_t vip_orders) {
  SegmentDayRows rows;
  for (const CustomerAggregate& c : customers) AddSegmentDays(&rows, c, vip_spend, vip_orders, +1);
  return rows;
}

}  // namespace packprod::stream
