// EventHub: the live events behind GET /api/events (server-sent events), per client.
//
// Publishers: the change feed (stream/change_feed.h) of `packprod serve` publishes `order`
// when order changes are committed and `metrics` when the views have applied them, from
// the change log, whatever wrote them. Subscribers: one per open event stream; a
// subscriber sees only its own client's events.
//
// Ids: every event gets an id from one hub-wide counter, strictly increasing in publish
// order. The counter starts at the hub's creation time in microseconds, so an id handed
// out by an earlier process is always below every id of this one. The change-log seq
// travels in the event's data, not in its id (an `order` and a `metrics` event may share
// a seq, and imports may publish slightly out of seq order).
//
// Resuming (Last-Event-ID): each client keeps a ring of its recent events (bounded by
// count and bytes). A subscriber that gives the id of the last event it saw first gets
// every later event from the ring, then live ones. When that id is older than the ring
// (events were evicted), from an earlier process, or unknown, it gets one `reset` event
// instead (data: {"reason": ...}) carrying the current id: the dashboard then reloads what
// it shows, and a later resume from that id is exact again.
//
// Slow subscribers: each has a bounded queue (count and bytes). When a publish would
// overflow it, the subscriber is dropped: it keeps what was queued, then reports
// dropped() so that its stream ends; the client reconnects with Last-Event-ID.
//
// Thread-safety: every method of EventHub and Subscription may be called from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ops/metrics.h"

namespace packprod::ops {

struct Event {
  std::int64_t id = 0;
  std::string type;  // "order", "metrics", "reset"
  std::string data;  // one line (JSON)
};

// The data of the events the dashboard listens to (one place for their shape):
// `order`, published when order changes are committed (by any import path, a delete, or
// another process): the last change seq, the orders created, updated or removed and their
// contacts (each once, in seq order), and the counts.
std::string OrderEventData(std::int64_t seq, const std::vector<std::string>& order_ids,
                           const std::vector<std::string>& contact_ids, int created, int updated,
                           int removed);
// `metrics`, published per client when the processor has applied changes: the checkpoint
// after the batch and the contacts whose metrics changed.
std::string MetricsEventData(std::int64_t applied_seq, const std::vector<std::string>& contact_ids);

// The server-sent-events form of `e`: "id: ...\nevent: ...\ndata: ...\n\n". Line breaks in
// data become separate data lines.
std::string FormatSse(const Event& e);

struct EventHubOptions {
  std::size_t ring_events = 1000;     // per client
  std::size_t ring_bytes = 4 << 20;   // per client
  std::size_t queue_events = 1000;    // per subscriber
  std::size_t queue_bytes = 8 << 20;  // per subscriber
};

class EventHub;

class Subscription {
 public:
  // Moves the queued events to the end of *out. Returns false once the subscription is
  // dropped or closed and nothing more will come (after this call's events).
  bool Take(std::vector<Event>* out);
  bool dropped() const;
  // The newest event id when it subscribed: resuming from it misses nothing. The event
  // stream sends it first (an `id:` line without data) for clients that see no event.
  std::int64_t start_id() const { return start_id_; }
  // Stops delivery; `notify` is not called after Close returns. Idempotent.
  void Close();

 private:
  friend class EventHub;
  enum class Delivery { kQueued, kDropped, kGone };
  // Queues `e` unless full (then marks dropped); calls notify when the queue was empty or
  // on dropping. kGone when already dropped or closed.
  Delivery Deliver(const Event& e, const EventHubOptions& limits);

  std::int64_t start_id_ = 0;  // set before it is shared

  mutable std::mutex mu_;
  std::deque<Event> queue_;       // guarded by mu_
  std::size_t queued_bytes_ = 0;  // guarded by mu_
  bool dropped_ = false;          // guarded by mu_
  bool closed_ = false;           // guarded by mu_
  std::function<void()> notify_;  // guarded by mu_
};

class EventHub {
 public:
  explicit EventHub(EventHubOptions options = {});
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // Appends an event to `client`'s ring and delivers it to its subscribers; returns its id.
  std::int64_t Publish(const std::string& client, std::string type, std::string data);

  // A new subscriber of `client`. `notify` is called (with the subscription's lock held:
  // it must only schedule work, e.g. post to an executor) when events become available
  // or the subscription is dropped. With `last_event_id`, the events after it are queued
  // first, or a `reset` event (see above).
  std::shared_ptr<Subscription> Subscribe(const std::string& client,
                                          std::optional<std::int64_t> last_event_id,
                                          std::function<void()> notify);

  std::size_t subscribers() const;
  // Registers packprod_events_published_total, packprod_events_subscribers and
  // packprod_events_dropped_subscribers_total. `this` must outlive `registry`'s use.
  void AddMetrics(Registry& registry);

 private:
  struct ClientState {
    std::deque<Event> ring;
    std::size_t ring_bytes = 0;
    std::int64_t evicted_up_to = 0;  // newest id no longer in the ring
    std::vector<std::weak_ptr<Subscription>> subscribers;
  };

  void Append(ClientState& c, Event e);
  // The events to queue first for a subscriber resuming after `last`.
  std::vector<Event> Replay(const ClientState& c, std::int64_t last) const;

  const EventHubOptions options_;
  const std::int64_t first_id_;
  mutable std::mutex mu_;
  std::map<std::string, ClientState, std::less<>> clients_;  // guarded by mu_
  std::int64_t next_id_;                                     // guarded by mu_
  std::uint64_t published_ = 0;                              // guarded by mu_
  std::uint64_t dropped_ = 0;                                // guarded by mu_
};

}  // namespace packprod::ops
