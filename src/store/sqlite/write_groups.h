// Group commit for the SQLite store: concurrent Store::Write calls share one write
// transaction, so one commit (one WAL fsync, and one write of each page they all touch:
// the change log's tail, the counters) makes all of them durable together.
//
// Contract: a caller's Submit returns only after the group that holds its request has
// committed (its status is then the body's own) or failed (its status says why); a body
// that failed or threw is undone alone (the runner rolls back to its savepoint) and
// does not fail the other bodies of its group. Bodies run one after another, in the
// order they were submitted, on the thread that leads the group: a body must not wait
// for another thread's Write. Used only by store/sqlite.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

#include "domain/status.h"
#include "store/store.h"

namespace packprod::store::sqlite {

class WriteGroups {
 public:
  struct Request {
    const std::function<Status(WriteTx&)>* body = nullptr;
    Status status;             // the outcome once done
    std::exception_ptr error;  // what the body threw (rethrown to its caller)
    bool done = false;
  };
  // Runs one group in one transaction: sets every request's status (and error).
  using Runner = std::function<void(const std::vector<Request*>&)>;

  explicit WriteGroups(std::size_t max_group) : max_group_(max_group) {}

  // Queues `req`; the first caller that finds no group running leads: it takes up to
  // max_group queued requests (its own among them, eventually) and runs them through
  // `run`, again until its own is done, then hands over. Others wait for their outcome.
  void Submit(Request& req, const Runner& run);

  // Groups run and requests in them so far (requests / groups: the mean group size).
  std::size_t groups() const;
  std::size_t requests() const;

 private:
  const std::size_t max_group_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Request*> queue_;  // guarded by mu_
  bool leading_ = false;        // guarded by mu_
  std::size_t groups_ = 0, requests_ = 0;  // guarded by mu_
};

}  // namespace packprod::store::sqlite
