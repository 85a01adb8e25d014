#include "api/ops_handler.h"

#include <fmt/format.h>

#include <boost/beast/http/verb.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <set>

#include "api/envelope.h"
#include "domain/time.h"
#include "ops/events.h"
#include "ops/log.h"
#include "ops/metrics_server.h"
#include "stream/change_feed.h"
#include "stream/processor.h"

namespace packprod::api {
namespace json = boost::json;
namespace {

constexpr std::chrono::seconds kHeartbeat{15};

// One subscriber of the EventHub, written as server-sent events.
class SseBody : public StreamBody {
 public:
  SseBody(ops::EventHub& hub, std::string client, std::optional<std::int64_t> last_event_id)
      : hub_(hub), client_(std::move(client)), last_event_id_(last_event_id) {}
  ~SseBody() override { Cancel(); }

  void Start(std::function<void()> wake) override {
    sub_ = hub_.Subscribe(client_, last_event_id_, std::move(wake));
    preamble_ = ": connected\nretry: 2000\n\n";
  }

  bool Pull(std::string* out) override {
    events_.clear();
    bool live = sub_->Take(&events_);
    for (const ops::Event& e : events_) *out += ops::FormatSse(e);
    if (!preamble_.empty()) {
      // After any replayed events: the position to resume from if no event follows.
      *out = std::exchange(preamble_, {}) + *out + fmt::format("id: {}\n\n", sub_->start_id());
    }
    return live;
  }

  std::string Heartbeat() override { return ": heartbeat\n\n"; }
  std::chrono::milliseconds heartbeat_interval() const override { return kHeartbeat; }

  void Cancel() override {
    if (sub_) sub_->Close();
  }

 private:
  ops::EventHub& hub_;
  const std::string client_;
  const std::optional<std::int64_t> last_event_id_;
  std::shared_ptr<ops::Subscription> sub_;
  std::string preamble_;
  std::vector<ops::Event> events_;
};

Result<std::optional<std::int64_t>> LastEventId(const Request& req) {
  std::string_view text = req.Header("Last-Event-ID");
  if (text.empty()) return std::optional<std::int64_t>();
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id < 0) {
    return Status::InvalidArgument("Last-Event-ID must be an event id from this stream");
  }
  return std::optional<std::int64_t>(id);
}

// The processor's figures now; without one, the head counts as applied.
ops::StreamStats StreamNow(ApiContext& ctx) {
  ops::StreamStats s;
  if (ctx.processor == nullptr) {
    auto head = ctx.store->HeadSeq();
    s.head_seq = s.applied_seq = head.ok() ? *head : 0;
    return s;
  }
  s.processor = true;
  s.running = ctx.processor->Running();
  s.active = ctx.processor->Leading();
  ctx.processor->ViewsMaintained();  // refreshes the checkpoint when another process applies
  s.applied_seq = ctx.processor->AppliedSeq();  // before the head: applied <= head
  s.head_seq = std::max(ctx.processor->HeadSeq(), s.applied_seq);
  stream::LagStats lag = ctx.processor->Lag();
  s.applied_events = lag.applied_events;
  s.lag_p50_ms = lag.p50_ms;
  s.lag_p90_ms = lag.p90_ms;
  s.lag_p99_ms = lag.p99_ms;
  return s;
}

// `client`'s share of the stream: its records not yet applied (counted in the store
// after the checkpoint), the newest of them, the newest of its records the views applied
// (by this process's processor, or by another's as the change feed saw), and the lag of
// its events. Nothing about other clients.
struct ClientStream {
  ops::StreamStats stats;
  std::int64_t backlog = 0;
};

ClientStream ClientStreamNow(ApiContext& ctx, const std::string& client) {
  ClientStream out;
  if (ctx.processor == nullptr) return out;
  ops::StreamStats& s = out.stats;
  s.processor = true;
  s.running = ctx.processor->Running();
  s.active = ctx.processor->Leading();
  ctx.processor->ViewsMaintained();  // refreshes the checkpoint when another process applies
  std::int64_t checkpoint = ctx.processor->AppliedSeq();
  stream::Processor::ClientStats mine = ctx.processor->ClientLag(client);
  // Applied by this process, or by another (a standby learns it from the change feed).
  std::int64_t applied = mine.applied_seq;
  if (ctx.feed != nullptr) applied = std::max(applied, ctx.feed->ClientAppliedSeq(client));
  s.applied_seq = std::min(applied, checkpoint);
  s.head_seq = s.applied_seq;
  auto pending = ctx.store->ClientPendingChanges(client, checkpoint);
  if (pending.ok() && pending->count > 0) {
    out.backlog = pending->count;
    s.head_seq = pending->newest_seq;
  }
  s.applied_events = mine.lag.applied_events;
  s.lag_p50_ms = mine.lag.p50_ms;
  s.lag_p90_ms = mine.lag.p90_ms;
  s.lag_p99_ms = mine.lag.p99_ms;
  return out;
}

double Round2(double x) { return std::round(x * 100) / 100; }

std::string WindowText(int minutes) {
  return minutes % 60 == 0 ? fmt::format("{}h", minutes / 60) : fmt::format("{}m", minutes);
}

json::array RoutesJson(const std::vector<ops::RouteSummary>& routes) {
  json::array out;
  for (const auto& r : routes) {
    json::value rate = nullptr;
    if (r.cache_hit_rate) rate = Round2(*r.cache_hit_rate * 100) / 100;
    out.push_back(json::object{{"route", r.route},
                               {"requests", r.requests},
                               {"errors", r.errors},
                               {"clientErrors", r.client_errors},
                               {"p50Ms", r.p50_ms},
                               {"p90Ms", r.p90_ms},
                               {"p99Ms", r.p99_ms},
                               {"cacheHitRate", rate}});
  }
  return out;
}

json::object StreamJson(const ops::StreamStats& s, std::int64_t backlog) {
  return json::object{{"backlog", backlog},
                      {"lagMsP50", Round2(s.lag_p50_ms)},
                      {"lagMsP90", Round2(s.lag_p90_ms)},
                      {"lagMsP99", Round2(s.lag_p99_ms)},
                      {"lastAppliedSeq", s.applied_seq},
                      {"headSeq", s.head_seq},
                      {"appliedEvents", s.applied_events},
                      {"processor", s.active},
                      {"role", !s.running ? "off" : s.active ? "active" : "standby"}};
}

}  // namespace

Response HandleMetrics(ApiContext& ctx, Request& req, const Principal&) {
  if (ctx.metrics == nullptr) return JsonError(req, Status::Unavailable("metrics are off"));
  ctx.metrics->SetStream(StreamNow(ctx));
  Response res{200, ctx.metrics->Expose(), "text/plain; version=0.0.4; charset=utf-8"};
  res.headers.emplace_back("Cache-Control", "no-store");
  return res;
}

Response HandlePerformance(ApiContext& ctx, Request& req, const Principal& p) {
  if (ctx.metrics == nullptr) return JsonError(req, Status::Unavailable("metrics are off"));
  auto window = ops::ParseWindow(req.Param("window").value_or("1h"));
  if (!window.ok()) return JsonError(req, window.status());
  ops::PerformanceSummary sum =
      ctx.metrics->performance().Summarize(*window, p.client.client_id, NowMillis());
  double per_hour = static_cast<double>(sum.imported_orders) * 60 / sum.window_minutes;
  json::object data{
      {"window", WindowText(sum.window_minutes)},
      {"windowMinutes", sum.window_minutes},
      {"routes", RoutesJson(sum.routes)},
      {"stream", [&] {
         ClientStream mine = ClientStreamNow(ctx, p.client.client_id);
         return StreamJson(mine.stats, mine.backlog);
       }()},
      {"imports", json::object{{"orders", sum.imported_orders},
                               {"batches", sum.import_batches},
                               {"perHour", Round2(per_hour)}}},
  };
  return JsonData(req, std::move(data), json::object{{"cacheHit", false}, {"source", "orders"}});
}

Response HandleEvents(ApiContext& ctx, Request& req, const Principal& p) {
  if (ctx.events == nullptr) return JsonError(req, Status::Unavailable("live events are off"));
  auto last = LastEventId(req);
  if (!last.ok()) return JsonError(req, last.status());
  Response res;
  res.content_type = "text/event-stream; charset=utf-8";
  res.headers.emplace_back("Cache-Control", "no-cache");
  res.headers.emplace_back("X-Accel-Buffering", "no");
  res.stream = std::make_shared<SseBody>(*ctx.events, p.client.client_id, *last);
  return res;
}

void ObserveRequest(ApiContext& ctx, const Request& req, const Response& res, double ms) {
  std::string_view method = boost::beast::http::to_string(req.method);
  ops::LogRequest(req.request_id, method, req.target, req.route, res.status, ms);
  if (ctx.metrics != nullptr) {
    ctx.metrics->RecordRequest(
        {req.route, method, res.status, ms, res.cache_hit, NowMillis(), req.client_id});
  }
  if (ms <= ctx.slow_ms) return;
  if (ctx.metrics != nullptr) ctx.metrics->RecordSlowRequest(req.route);
  ops::LogRequestWarn(req.request_id, fmt::format("SLOW QUERY: {} took {:.0f}ms ({} {})", req.route,
                                                  ms, method, req.target));
}

void NoteImported(ApiContext& ctx, const Principal& p, const store::ImportOutcome& out) {
  if (ctx.metrics == nullptr) return;
  ops::ServerMetrics::ImportCounts counts{static_cast<std::uint64_t>(out.created),
                                          static_cast<std::uint64_t>(out.updated),
                                          static_cast<std::uint64_t>(out.unchanged)};
  ctx.metrics->RecordImport(p.client.client_id, counts);
}

void NoteImportRejected(ApiContext& ctx, const json::value* body) {
  if (ctx.metrics == nullptr) return;
  std::uint64_t orders = 1;
  const json::object* obj = body != nullptr ? body->if_object() : nullptr;
  const json::value* list = obj != nullptr ? obj->if_contains("orders") : nullptr;
  if (list != nullptr && list->is_array() && !list->get_array().empty()) {
    orders = list->get_array().size();
  }
  ctx.metrics->RecordImportRejected(orders);
}

}  // namespace packprod::api
