// `packprod migrate-store --from URL --to URL`: moves a shop to another store (e.g. from
// the embedded SQLite file to PostgreSQL), rebuilds the views there and checks the copy.
#include <fmt/core.h>
#include <unistd.h>

#include <iostream>

#include "app/commands.h"
#include "domain/redact.h"
#include "store/copy.h"
#include "stream/maintenance.h"

namespace packprod::app {
namespace {

struct MigrateArgs {
  std::string from, to;
};

// The source must exist; the target is created when it does not.
std::unique_ptr<store::Store> OpenOrExit(const std::string& url, const char* flag, bool create) {
  auto s = store::Store::Open(url, {.create = create});
  if (!s.ok())
    throw CommandExit{2, std::string(flag) + ": cannot open " + RedactUrl(url) + ": " +
                             s.status().message()};
  return std::move(s).value();
}

std::string Describe(const store::StoreCounts& n) {
  return fmt::format(
      "{} client(s), {} key(s) ({} revoked), {} contact(s), {} order(s), {} failed e-mail(s)",
      n.clients, n.keys, n.revoked_keys, n.contacts, n.orders, n.ingest_failures);
}

void RunMigrate(const MigrateArgs& a) {
  if (a.from == a.to) throw CommandExit{2, "--from and --to name the same store"};
  auto from = OpenOrExit(a.from, "--from", false);
  auto to = OpenOrExit(a.to, "--to", true);
  auto source = store::CountStore(*from);
  ExitIfError(source.status(), "counting the source");
  std::cout << "source: " << Describe(*source) << "\n" << std::flush;
  const bool tty = isatty(STDERR_FILENO);
  Status st = store::CopyStore(*from, *to, [tty](const std::string& client, std::int64_t n) {
    if (tty) std::cerr << fmt::format("\rcopy {}: {} orders", client, n) << std::flush;
  });
  if (tty) std::cerr << "\n";
  ExitIfError(st, "copying");
  auto target = store::CountStore(*to);
  ExitIfError(target.status(), "counting the target");
  std::cout << "target: " << Describe(*target) << "\n";
  if (!(*target == *source)) throw CommandExit{1, "the copy's counts differ from the source's"};
  auto clients = to->ListClients();
  ExitIfError(clients.status(), "listing clients");
  std::int64_t differences = 0;
  for (const ClientSettings& c : *clients) {
    ExitIfError(stream::RebuildClient(*to, c.client_id, nullptr), "rebuilding " + c.client_id);
    auto v = stream::VerifyClient(*to, c, nullptr);
    ExitIfError(v.status(), "verifying " + c.client_id);
    for (const std::string& d : v->differences) std::cout << c.client_id << ": " << d << "\n";
    differences += static_cast<std::int64_t>(v->differences.size());
  }
  std::cout << fmt::format("moved {} order(s); views rebuilt and verified, {} difference(s)\n",
                           target->orders, differences)
            << std::flush;
  if (differences > 0) throw CommandExit{1, fmt::format("{} difference(s) found", differences)};
}

}  // namespace

void RegisterMigrateStore(CLI::App& app) {
  auto a = std::make_shared<MigrateArgs>();
  auto* cmd = app.add_subcommand(
      "migrate-store",
      "Copy every client, key, contact and order to another (empty) store, rebuild its views "
      "and verify them");
  cmd->add_option("--from", a->from, "Source store URL (e.g. sqlite:./data/packprod.db)")
      ->required();
  cmd->add_option("--to", a->to, "Target store URL, an empty database (e.g. postgresql://...)")
      ->required();
  cmd->callback([a] { RunMigrate(*a); });
}

}  // namespace packprod::app
