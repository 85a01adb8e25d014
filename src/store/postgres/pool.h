// A pool of connections to one database. Take() hands out an idle connection (opening
// a new one when none is idle); Give() takes it back unless it broke or was left inside
// a transaction. Thread-safe. Used only by store/postgres.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/pg.h"

namespace packprod::store::postgres {

class Pool {
 public:
  explicit Pool(std::string url, std::size_t max_idle = 32)
      : url_(std::move(url)), max_idle_(max_idle) {}
  const std::string& url() const { return url_; }

  Result<std::unique_ptr<Conn>> Take() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      while (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        if (c->ok()) return c;
      }
    }
    return Conn::Open(url_);
  }

  void Give(std::unique_ptr<Conn> c) {
    if (!c || !c->ok() || !c->idle()) return;
    std::lock_guard<std::mutex> lock(mu_);
    if (idle_.size() < max_idle_) idle_.push_back(std::move(c));
  }

  // Drops every idle connection (after the server restarted, say).
  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    idle_.clear();
  }

 private:
  const std::string url_;
  const std::size_t max_idle_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Conn>> idle_;
};

}  // namespace packprod::store::postgres
