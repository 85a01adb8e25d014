// CommitWake: how a background thread of the stream layer sleeps between rounds. It wakes
// on a commit the store reports (Store::OnCommit: this process's, and other processes'
// where the store hears them), on Notify(), or after a timeout, and stops on Stop().
//
// The store's listener holds only a weak reference, so the store may outlive this object.
// Thread-safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "store/store.h"

namespace packprod::stream {

class CommitWake {
 public:
  // Wakes Wait() on every commit `store` reports from now on.
  void Listen(store::Store& store) {
    std::weak_ptr<State> weak = state_;
    store.OnCommit([weak] {
      if (auto s = weak.lock()) s->Set([&] { s->pending = true; });
    });
  }
  void Notify() { state_->Set([this] { state_->pending = true; }); }
  void Stop() { state_->Set([this] { state_->stop = true; }); }
  // Re-arms after Stop (a thread started again).
  void Restart() { state_->Set([this] { state_->stop = false; }); }

  // Starts a round: forgets earlier wake-ups. False once stopped.
  bool Begin() {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->pending = false;
    return !state_->stop;
  }
  // Sleeps up to `timeout`, or until a commit or Notify() when `on_commit`, or Stop().
  // False once stopped.
  bool Wait(std::chrono::milliseconds timeout, bool on_commit = true) {
    std::unique_lock<std::mutex> lock(state_->mu);
    state_->cv.wait_for(lock, timeout,
                        [&] { return state_->stop || (on_commit && state_->pending); });
    return !state_->stop;
  }

 private:
  struct State {
    std::mutex mu;
    std::condition_variable cv;
    bool pending = false;  // guarded by mu
    bool stop = false;     // guarded by mu
    template <typename F>
    void Set(F f) {
      std::lock_guard<std::mutex> lock(mu);
      f();
      cv.notify_all();
    }
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace packprod::stream
