// What several packprod processes on one PostgreSQL database share, each over a
// dedicated connection (not the pool):
//  - ChangeListener: LISTENs on the change channel (the write transaction that appends
//    change records NOTIFYs at commit) and calls back on each notification, and once
//    after every reconnect (notifications may have been missed meanwhile).
//  - ProcessorLease: a session-level advisory lock; its holder is the one active stream
//    processor. PostgreSQL releases it when the holder's session ends (process killed,
//    connection lost), and the next TryHold of another process takes it.
// Used only by store/postgres.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "store/postgres/pg.h"

namespace packprod::store::postgres {

class ChangeListener {
 public:
  // Starts the thread; `on_change` runs on it.
  ChangeListener(std::string url, std::function<void()> on_change);
  // Stops and joins the thread (within about kPollMs).
  ~ChangeListener();

 private:
  void Run();
  const std::string url_;
  const std::function<void()> on_change_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

class ProcessorLease {
 public:
  explicit ProcessorLease(std::string url) : url_(std::move(url)) {}
  // True when this process holds the lease (taking it if free). Checks that the session
  // still lives; Unavailable when the database cannot be reached (not held then).
  Result<bool> TryHold();
  // Gives the lease up (closes the session).
  void Release();

 private:
  const std::string url_;
  std::mutex mu_;
  std::unique_ptr<Conn> conn_;  // guarded by mu_
  bool held_ = false;           // guarded by mu_
};

}  // namespace packprod::store::postgres
