// StoreIntegrity: whether the store serve runs on has damaged pages, for /healthz and
// for refusing writes (api/routes.cc).
//
// Two signals: the store's page check (Store::CheckIntegrity, SQLite `PRAGMA
// quick_check`), run once on a background thread when serve starts so a large store
// does not delay listening; and any operation of this process that met a damaged page
// (Store::DamageSeen). Either makes Damage() non-empty for the rest of the process's
// life: a damaged file does not heal; restore it from a backup and restart.
//
// Thread-safety: Damage() may be called from any thread.
#pragma once

#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "store/store.h"

namespace packprod::api {

class StoreIntegrity {
 public:
  explicit StoreIntegrity(store::Store& store) : store_(store) {}
  ~StoreIntegrity();
  StoreIntegrity(const StoreIntegrity&) = delete;
  StoreIntegrity& operator=(const StoreIntegrity&) = delete;

  // Starts the page check on its own thread (once); its findings are logged.
  void StartCheck();
  // Waits for the page check started by StartCheck (for tests and the CLI).
  void WaitCheck();

  // Empty while no damage is known; else a short description without paths or SQL
  // (the details are in the log).
  std::optional<std::string> Damage() const;

 private:
  store::Store& store_;
  std::thread check_;
  std::atomic<bool> check_failed_{false};
  mutable std::atomic<bool> logged_seen_{false};
};

}  // namespace packprod::api
