// `packprod stream` (the processor alone), `packprod rebuild` and `packprod verify`.
#include <fmt/core.h>
#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <iostream>

#include "app/commands.h"
#include "ops/log.h"
#include "stream/maintenance.h"
#include "stream/processor.h"

namespace packprod::app {
namespace {

// The clients to work on: the one named, or every client.
std::vector<ClientSettings> SelectClients(store::Store& st, const std::string& client) {
  if (!client.empty()) {
    auto c = st.GetClient(client);
    ExitIfError(c.status(), "reading client " + client);
    if (!*c) throw CommandExit{2, "no client '" + client + "'"};
    return {**c};
  }
  auto all = st.ListClients();
  ExitIfError(all.status(), "listing clients");
  return *all;
}

// Progress on a terminal: "\r<verb> <client>: N / M orders" on stderr.
stream::Progress TerminalProgress(store::Store& st, const std::string& verb,
                                  const std::string& client) {
  if (!isatty(STDERR_FILENO)) return nullptr;
  store::OrderQuery q;
  q.limit = 1;
  auto page = st.ListOrders(client, q);
  std::int64_t total = page.ok() ? page->total : 0;
  return [verb, client, total](std::int64_t n) {
    std::cerr << fmt::format("\r{} {}: {} / {} orders", verb, client, n, total) << std::flush;
  };
}

void EndProgress(const stream::Progress& p) {
  if (p) std::cerr << "\n";
}

double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void RunRebuild(const GlobalOptions& g, const std::string& client) {
  auto st = OpenStoreOrExit(g);
  for (const ClientSettings& c : SelectClients(*st, client)) {
    auto t0 = std::chrono::steady_clock::now();
    stream::Progress progress = TerminalProgress(*st, "rebuild", c.client_id);
    Status s = stream::RebuildClient(*st, c.client_id, progress);
    EndProgress(progress);
    ExitIfError(s, "rebuilding " + c.client_id);
    std::cout << fmt::format("rebuilt the views of {} in {:.0f} ms\n", c.client_id, MsSince(t0));
  }
}

// The store's page check (SQLite: PRAGMA integrity_check): prints what it found and
// throws CommandExit{1} naming the check when the pages are damaged. On PostgreSQL it
// says that there is no such check.
void VerifyPages(store::Store& st) {
  auto report = st.CheckIntegrity(/*full=*/true);
  ExitIfError(report.status(), "checking the store's pages");
  if (!report->ran) {
    std::cout << "page check: " << report->check << "\n";
    return;
  }
  for (const std::string& p : report->problems) std::cout << report->check << ": " << p << "\n";
  if (report->problems.empty()) {
    std::cout << report->check << ": ok\n";
    return;
  }
  std::cout.flush();
  throw CommandExit{1, fmt::format("the store's pages are damaged: {} reported {} problem(s); "
                                   "restore the store from a backup",
                                   report->check, report->problems.size())};
}

void RunVerify(const GlobalOptions& g, const std::string& client) {
  auto st = OpenStoreOrExit(g);
  // Pages first: comparing views over a damaged file would fail on the damage itself.
  VerifyPages(*st);
  std::int64_t differences = 0;
  for (const ClientSettings& c : SelectClients(*st, client)) {
    stream::Progress progress = TerminalProgress(*st, "verify", c.client_id);
    auto r = stream::VerifyClient(*st, c, progress);
    EndProgress(progress);
    ExitIfError(r.status(), "verifying " + c.client_id);
    for (const std::string& d : r->differences) std::cout << c.client_id << ": " << d << "\n";
    differences += static_cast<std::int64_t>(r->differences.size());
    std::cout << fmt::format("verified {}: {} orders at seq {}, {} difference(s)\n", c.client_id,
                             r->orders, r->applied_seq, r->differences.size());
  }
  std::cout.flush();
  if (differences > 0) throw CommandExit{1, fmt::format("{} difference(s) found", differences)};
}

void RunStream(const GlobalOptions& g, int batch) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  // Blocked before any other thread starts, so only sigwait below receives them.
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ops::InitLogging(ops::LogFormat::kText);
  auto st = OpenStoreOrExit(g);
  stream::ProcessorOptions options;
  options.max_batch_size = batch;
  options.batch_size = std::min(batch, stream::kDefaultBatch);
  stream::Processor processor(*st, options);
  processor.Start();
  ops::LogInfo(fmt::format("stream processor running: applied seq {}, head {}",
                           processor.AppliedSeq(), processor.HeadSeq()));
  int sig = 0;
  sigwait(&signals, &sig);
  processor.Stop();
  stream::LagStats lag = processor.Lag();
  ops::LogInfo(fmt::format("stream processor stopped: applied seq {}, {} events applied",
                           processor.AppliedSeq(), lag.applied_events));
}

}  // namespace

void RegisterStream(CLI::App& app, GlobalOptions* g) {
  auto* stream_cmd = app.add_subcommand("stream", "Run only the stream processor (until SIGTERM)");
  auto batch = std::make_shared<int>(stream::ProcessorOptions{}.max_batch_size);
  stream_cmd->add_option("--max-batch", *batch, "Change records applied per transaction at most")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  AddDbOption(stream_cmd, g);
  stream_cmd->callback([g, batch] { RunStream(*g, *batch); });

  auto client = std::make_shared<std::string>();
  auto* rebuild = app.add_subcommand("rebuild", "Recompute every view from the orders");
  rebuild->add_option("--client", *client, "Only this client");
  AddDbOption(rebuild, g);
  rebuild->callback([g, client] { RunRebuild(*g, *client); });

  auto* verify = app.add_subcommand(
      "verify",
      "Check the store's pages (SQLite PRAGMA integrity_check), then recompute the views "
      "aside and compare; exit 1 on damage or any difference");
  verify->add_option("--client", *client, "Only this client");
  AddDbOption(verify, g);
  verify->callback([g, client] { RunVerify(*g, *client); });
}

}  // namespace packprod::app
