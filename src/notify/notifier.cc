#include "notify/notifier.h"

#include <fmt/core.h>

#include <algorithm>

#include "domain/thread_name.h"
#include "notify/alerts.h"
#include "notify/digest.h"
#include "notify/transport.h"
#include "ops/log.h"

namespace packprod::notify {

Notifier::Notifier(store::Store& st, NotifierOptions options)
    : st_(st), options_(std::move(options)) {}

Notifier::~Notifier() { Stop(); }

void Notifier::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] {
    NameThisThread("notify");
    Run();
  });
}

void Notifier::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  stopping_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Notifier::Run() {
  SetThreadCancelFlag(&stopping_);
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    lock.unlock();
    try {
      Tick(NowMillis());
    } catch (const std::exception& e) {
      ops::LogError(std::string("notifier: ") + e.what());
    }
    lock.lock();
    cv_.wait_for(lock, options_.interval, [this] { return stop_; });
  }
}

double Notifier::StreamLagSeconds(Millis now) {
  auto applied = st_.AppliedSeq();
  if (!applied.ok()) return 0;
  auto next = st_.ReadChanges(*applied, 1);
  if (!next.ok() || next->empty()) return 0;
  return std::max<double>(0, static_cast<double>(now - next->front().committed_at) / 1000);
}

void Notifier::Tick(Millis now) {
  if (options_.requests != nullptr) options_.requests->Sample(now);
  auto clients = st_.ListClients();
  if (!clients.ok()) {
    ops::LogWarn("notifier: cannot list clients: " + clients.status().message());
    return;
  }
  std::optional<double> lag;
  for (const ClientSettings& c : *clients) {
    if (stopping_) return;
    auto s = LoadSettings(st_, c.client_id);
    if (!s.ok()) {
      ops::LogWarn(fmt::format("notifier: settings of {}: {}", c.client_id, s.status().message()));
      continue;
    }
    DayNumber week = 0;
    auto due = DigestDue(st_, c, *s, now, &week);
    if (!due.ok()) {
      ops::LogWarn(fmt::format("notifier: digest of {}: {}", c.client_id, due.status().message()));
    } else if (*due) {
      SendDigest(st_, c, *s, week, now);  // logs its own outcome
    }
    // Without rules this still resolves the alerts of removed rules and retries deliveries.
    Observations o;
    for (const AlertRule& r : s->alerts) {
      if (r.kind == RuleKind::kNoOrders && !o.last_order) {
        store::OrderQuery q;
        q.limit = 1;
        q.count_total = false;
        auto page = st_.ListOrders(c.client_id, q);
        if (page.ok() && !page->orders.empty()) o.last_order = page->orders.front().created_at;
      } else if (r.kind == RuleKind::kStreamLag) {
        if (!lag) lag = StreamLagSeconds(now);
        o.stream_lag_s = *lag;
      } else if (r.kind == RuleKind::kEmailFailures) {
        st_.Read([&](store::ReadTx& tx) -> Status {
          PP_ASSIGN_OR_RETURN(store::IngestFailurePage f, tx.ListIngestFailures(c.client_id, 1, 0));
          o.email_failures = f.total;
          return Status::Ok();
        });
      } else if (r.kind == RuleKind::kErrorRate && options_.requests != nullptr) {
        o.error_percent = options_.requests->ErrorPercent(60 * 1000);
      }
    }
    auto changed = EvaluateRules(st_, c, *s, o, now);
    if (!changed.ok()) {
      ops::LogWarn(fmt::format("notifier: alerts of {}: {}", c.client_id, changed.status().message()));
    }
    auto sent = DeliverDue(st_, c, *s, NowMillis(), options_.retry_base.count());
    if (!sent.ok()) {
      ops::LogWarn(fmt::format("notifier: deliveries of {}: {}", c.client_id, sent.status().message()));
    }
  }
}

}  // namespace packprod::notify
