// The queue of this process's write transactions for one SQLite file's single writer:
// one at a time, and a write asked `ahead` goes before every write still waiting in the
// ordinary way (store.h Store::WriteViews: the stream processor when it has fallen more
// than a batch behind). Waiting writes of one kind are not ordered among themselves.
//
// Without it, a plain mutex let whichever thread woke first take the writer: with four
// import connections and the processor waiting, the processor took about one turn in
// five, and while an import ran its backlog grew by tens of thousands of records.
#pragma once

#include <condition_variable>
#include <mutex>

namespace packprod::store::sqlite {

class WriterQueue {
 public:
  // Blocks until this caller holds the writer.
  void Lock(bool ahead) {
    std::unique_lock<std::mutex> lock(mu_);
    if (ahead) ++ahead_waiting_;
    ++waiting_;
    turn_.wait(lock, [&] { return !held_ && (ahead || ahead_waiting_ == 0); });
    --waiting_;
    if (ahead) --ahead_waiting_;
    held_ = true;
  }
  void Unlock() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      held_ = false;
    }
    turn_.notify_all();
  }
  // Writes waiting now (for tests and diagnostics).
  int Waiting() {
    std::lock_guard<std::mutex> lock(mu_);
    return waiting_;
  }

  class Hold {
   public:
    Hold(WriterQueue& q, bool ahead) : q_(q) { q_.Lock(ahead); }
    ~Hold() { q_.Unlock(); }
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    WriterQueue& q_;
  };

 private:
  std::mutex mu_;
  std::condition_variable turn_;
  bool held_ = false;
  int waiting_ = 0;
  int ahead_waiting_ = 0;
};

}  // namespace packprod::store::sqlite
