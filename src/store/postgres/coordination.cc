#include "store/postgres/coordination.h"

#include <poll.h>

#include <chrono>

#include "domain/thread_name.h"
#include "store/postgres/schema.h"

namespace packprod::store::postgres {
namespace {

constexpr int kPollMs = 250;                               // stop_ is checked this often
constexpr std::chrono::milliseconds kReconnectDelay{500};  // after a failed connection

}  // namespace

ChangeListener::ChangeListener(std::string url, std::function<void()> on_change)
    : url_(std::move(url)), on_change_(std::move(on_change)) {
  thread_ = std::thread([this] {
    NameThisThread("pg-listen");
    Run();
  });
}

ChangeListener::~ChangeListener() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void ChangeListener::Run() {
  std::unique_ptr<Conn> conn;
  while (!stop_) {
    if (!conn || !conn->ok()) {
      conn.reset();
      auto c = Conn::Open(url_);
      if (!c.ok() || !(*c)->Simple(std::string("LISTEN ") + kChangesChannel).ok()) {
        std::this_thread::sleep_for(kReconnectDelay);
        continue;
      }
      conn = std::move(c).value();
      on_change_();  // whatever was committed while not listening
    }
    pollfd p{PQsocket(conn->raw()), POLLIN, 0};
    if (poll(&p, 1, kPollMs) <= 0) continue;
    if (!PQconsumeInput(conn->raw())) continue;  // broken: reconnects above
    bool any = false;
    while (PGnotify* n = PQnotifies(conn->raw())) {
      any = true;
      PQfreemem(n);
    }
    if (any) on_change_();
  }
}

Result<bool> ProcessorLease::TryHold() {
  std::lock_guard<std::mutex> lock(mu_);
  if (conn_ && held_) {
    // A live session still holds it; a dead one released it server-side.
    if (conn_->Simple("SELECT 1").ok()) return true;
    conn_.reset();
    held_ = false;
  }
  if (!conn_ || !conn_->ok()) {
    conn_.reset();
    PP_ASSIGN_OR_RETURN(conn_, Conn::Open(url_));
  }
  auto r = conn_->Q("SELECT pg_try_advisory_lock($1)", kProcessorLock);
  if (!r.ok()) {
    conn_.reset();
    return r.status();
  }
  held_ = r->Text(0, 0) == "t";
  return held_;
}

void ProcessorLease::Release() {
  std::lock_guard<std::mutex> lock(mu_);
  conn_.reset();
  held_ = false;
}

}  // namespace packprod::store::postgres
