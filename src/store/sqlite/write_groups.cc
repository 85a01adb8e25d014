#include "store/sqlite/write_groups.h"

namespace packprod::store::sqlite {

void WriteGroups::Submit(Request& req, const Runner& run) {
  std::unique_lock<std::mutex> lock(mu_);
  queue_.push_back(&req);
  cv_.wait(lock, [&] { return req.done || !leading_; });
  if (req.done) return;
  leading_ = true;
  while (!req.done) {
    std::vector<Request*> group;
    while (!queue_.empty() && group.size() < max_group_) {
      group.push_back(queue_.front());
      queue_.pop_front();
    }
    ++groups_;
    requests_ += group.size();
    lock.unlock();
    try {
      run(group);
    } catch (...) {
      // The runner itself failed (not a body: those are caught inside it).
      for (Request* r : group) {
        if (!r->error) r->error = std::current_exception();
      }
    }
    lock.lock();
    for (Request* r : group) r->done = true;
    cv_.notify_all();
  }
  leading_ = false;
  cv_.notify_all();
}

std::size_t WriteGroups::groups() const {
  std::lock_guard<std::mutex> lock(mu_);
  return groups_;
}

std::size_t WriteGroups::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

}  // namespace packprod::store::sqlite
