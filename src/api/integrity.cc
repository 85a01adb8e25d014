#include "api/integrity.h"

#include <fmt/format.h>

#include "domain/thread_name.h"
#include "ops/log.h"

namespace packprod::api {

StoreIntegrity::~StoreIntegrity() { WaitCheck(); }

void StoreIntegrity::StartCheck() {
  if (check_.joinable()) return;
  check_ = std::thread([this] {
    NameThisThread("integrity");
    auto report = store_.CheckIntegrity(/*full=*/false);
    if (!report.ok()) {
      ops::LogWarn("store integrity check could not run: " + report.status().message());
      return;
    }
    if (!report->ran) return ops::LogInfo("store integrity: " + report->check);
    if (report->problems.empty()) return ops::LogInfo(report->check + ": ok");
    check_failed_ = true;
    std::string lines;
    for (const std::string& p : report->problems) lines += "\n  " + p;
    ops::LogError(fmt::format("{} found {} problem(s); writes are refused, /healthz is "
                              "unavailable; restore the store from a backup:{}",
                              report->check, report->problems.size(), lines));
  });
}

void StoreIntegrity::WaitCheck() {
  if (check_.joinable()) check_.join();
}

std::optional<std::string> StoreIntegrity::Damage() const {
  if (check_failed_) return "the store's integrity check found damaged pages";
  if (store_.DamageSeen()) {
    if (!logged_seen_.exchange(true)) {
      ops::LogError("the store met a damaged page; writes are refused, /healthz is unavailable");
    }
    return "the store met a damaged page";
  }
  return std::nullopt;
}

}  // namespace packprod::api
