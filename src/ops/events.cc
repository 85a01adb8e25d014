#include "ops/events.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "domain/time.h"

namespace packprod::ops {
namespace {

std::size_t SizeOf(const Event& e) { return e.type.size() + e.data.size() + 32; }

std::string ResetData(std::string_view reason) {
  std::string data = "{\"reason\":\"";
  data += reason;  // fixed texts below, nothing to escape
  data += "\"}";
  return data;
}

boost::json::array Strings(const std::vector<std::string>& v) {
  boost::json::array out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

}  // namespace

std::string OrderEventData(std::int64_t seq, const std::vector<std::string>& order_ids,
                           const std::vector<std::string>& contact_ids, int created, int updated,
                           int removed) {
  return boost::json::serialize(boost::json::object{{"seq", seq},
                                                    {"orderIDs", Strings(order_ids)},
                                                    {"contactIDs", Strings(contact_ids)},
                                                    {"created", created},
                                                    {"updated", updated},
                                                    {"removed", removed}});
}

std::string MetricsEventData(std::int64_t applied_seq,
                             const std::vector<std::string>& contact_ids) {
  return boost::json::serialize(
      boost::json::object{{"seq", applied_seq}, {"contactIDs", Strings(contact_ids)}});
}

std::string FormatSse(const Event& e) {
  std::string out = "id: " + std::to_string(e.id) + "\nevent: " + e.type + "\n";
  std::string_view rest = e.data;
  while (true) {
    auto nl = rest.find_first_of("\r\n");
    out += "data: ";
    out += rest.substr(0, nl);
    out += '\n';
    if (nl == std::string_view::npos) break;
    bool crlf = rest[nl] == '\r' && nl + 1 < rest.size() && rest[nl + 1] == '\n';
    rest.remove_prefix(nl + (crlf ? 2 : 1));
  }
  out += '\n';
  return out;
}

bool Subscription::Take(std::vector<Event>* out) {
  std::lock_guard lock(mu_);
  for (auto& e : queue_) out->push_back(std::move(e));
  queue_.clear();
  queued_bytes_ = 0;
  return !dropped_ && !closed_;
}

bool Subscription::dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

void Subscription::Close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  notify_ = nullptr;
}

Subscription::Delivery Subscription::Deliver(const Event& e, const EventHubOptions& limits) {
  std::lock_guard lock(mu_);
  if (dropped_ || closed_) return Delivery::kGone;
  if (queue_.size() + 1 > limits.queue_events || queued_bytes_ + SizeOf(e) > limits.queue_bytes) {
    dropped_ = true;
    if (notify_) notify_();
    return Delivery::kDropped;
  }
  bool was_empty = queue_.empty();
  queue_.push_back(e);
  queued_bytes_ += SizeOf(e);
  if (was_empty && notify_) notify_();
  return Delivery::kQueued;
}

EventHub::EventHub(EventHubOptions options)
    : options_(options), first_id_(NowMillis() * 1000 + 1), next_id_(first_id_) {}

std::int64_t EventHub::Publish(const std::string& client, std::string type, std::string data) {
  std::lock_guard lock(mu_);
  Event e{next_id_++, std::move(type), std::move(data)};
  ClientState& c = clients_[client];
  published_++;
  auto& subs = c.subscribers;
  for (auto it = subs.begin(); it != subs.end();) {
    auto sub = it->lock();
    auto delivery = sub ? sub->Deliver(e, options_) : Subscription::Delivery::kGone;
    if (delivery == Subscription::Delivery::kDropped) dropped_++;
    it = delivery == Subscription::Delivery::kQueued ? it + 1 : subs.erase(it);
  }
  std::int64_t id = e.id;
  Append(c, std::move(e));
  return id;
}

void EventHub::Append(ClientState& c, Event e) {
  c.ring_bytes += SizeOf(e);
  c.ring.push_back(std::move(e));
  while (c.ring.size() > options_.ring_events ||
         (c.ring.size() > 1 && c.ring_bytes > options_.ring_bytes)) {
    c.ring_bytes -= SizeOf(c.ring.front());
    c.evicted_up_to = c.ring.front().id;
    c.ring.pop_front();
  }
}

std::shared_ptr<Subscription> EventHub::Subscribe(const std::string& client,
                                                  std::optional<std::int64_t> last_event_id,
                                                  std::function<void()> notify) {
  auto sub = std::make_shared<Subscription>();
  std::lock_guard lock(mu_);
  ClientState& c = clients_[client];
  std::erase_if(c.subscribers, [](const auto& w) { return w.expired(); });
  sub->start_id_ = next_id_ - 1;
  {
    std::lock_guard sub_lock(sub->mu_);
    sub->notify_ = std::move(notify);
    if (last_event_id) {
      for (Event& e : Replay(c, *last_event_id)) {
        sub->queued_bytes_ += SizeOf(e);
        sub->queue_.push_back(std::move(e));
      }
    }
  }
  c.subscribers.push_back(sub);
  return sub;
}

std::vector<Event> EventHub::Replay(const ClientState& c, std::int64_t last) const {
  const char* reason = nullptr;
  if (last < first_id_ - 1) reason = "the last event id is from an earlier server process";
  if (last > next_id_ - 1) reason = "unknown last event id";
  if (last < c.evicted_up_to) reason = "events after the last event id are no longer kept";
  if (reason != nullptr) return {Event{next_id_ - 1, "reset", ResetData(reason)}};
  std::vector<Event> out;
  for (const Event& e : c.ring) {
    if (e.id > last) out.push_back(e);
  }
  return out;
}

std::size_t EventHub::subscribers() const {
  std::lock_guard lock(mu_);
  std::size_t n = 0;
  for (const auto& [client, c] : clients_) {
    n += std::count_if(c.subscribers.begin(), c.subscribers.end(),
                       [](const auto& w) { return !w.expired(); });
  }
  return n;
}

void EventHub::AddMetrics(Registry& registry) {
  registry.AddCallback("packprod_events_published_total", "Live events published.",
                       MetricType::kCounter, [this] {
                         std::lock_guard lock(mu_);
                         return static_cast<double>(published_);
                       });
  registry.AddCallback("packprod_events_subscribers", "Open event streams.", MetricType::kGauge,
                       [this] { return static_cast<double>(subscribers()); });
  registry.AddCallback("packprod_events_dropped_subscribers_total",
                       "Event streams ended because their client did not keep up.",
                       MetricType::kCounter, [this] {
                         std::lock_guard lock(mu_);
                         return static_cast<double>(dropped_);
                       });
}

}  // namespace packprod::ops
