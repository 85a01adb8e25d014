// The notifier: a background thread of `packprod serve` that, every interval and for
// every client with notify settings, sends the weekly digest when it is due, evaluates
// the alert rules and delivers what is queued (retrying failures with back-off). It
// never blocks imports or reads: it runs on its own thread, and all it shares with
// request threads is the store and the RequestTally.
//
// Thread-safety: Start/Stop from one thread; Tick is what the thread runs (public for
// tests and `packprod notify run-once`).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "notify/rules.h"
#include "store/store.h"

namespace packprod::notify {

struct NotifierOptions {
  std::chrono::milliseconds interval{std::chrono::seconds(30)};
  // First wait before retrying a failed delivery (doubles per attempt, at most 1 h).
  std::chrono::milliseconds retry_base{std::chrono::seconds(30)};
  RequestTally* requests = nullptr;  // the errorRate rule's source (none: no rate)
};

class Notifier {
 public:
  Notifier(store::Store& st, NotifierOptions options);
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  void Start();
  // Wakes the thread, aborts a delivery in progress (retried later) and joins it.
  void Stop();
  // One round over every client; errors are logged, never thrown.
  void Tick(Millis now);

 private:
  void Run();
  double StreamLagSeconds(Millis now);

  store::Store& st_;
  NotifierOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::atomic<bool> stopping_{false};  // aborts a delivery in progress on Stop
  std::thread thread_;
};

}  // namespace packprod::notify
