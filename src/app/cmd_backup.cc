// `packprod backup --to FILE`: a consistent copy of the embedded store while it is in use
// (serve may be importing): its store file, without the views file beside it (derived);
// `packprod restore --from FILE`: that copy as a new store, brought to this version's
// schema, its views rebuilt from its orders, and verified.
#include <fmt/core.h>

#include <filesystem>
#include <iostream>

#include "app/commands.h"
#include "store/copy.h"
#include "store/sqlite/backup.h"
#include "stream/maintenance.h"

namespace packprod::app {
namespace {

constexpr const char* kPgHint =
    "a PostgreSQL store is backed up with `pg_dump --format=custom` and restored with "
    "`pg_restore` into an empty database (docs/operations.md)";

std::string SqlitePathOrExit(const std::string& url, const char* what) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    throw CommandExit{2, kPgHint};
  }
  if (!url.starts_with("sqlite:") || url == "sqlite:" || url == "sqlite::memory:") {
    throw CommandExit{2, fmt::format("--db: {} needs a store file sqlite:PATH, not '{}'", what, url)};
  }
  return url.substr(7);
}

void RunBackup(const GlobalOptions& g, const std::string& to) {
  const std::string url = g.db.empty() ? kDefaultDb : g.db;
  SqlitePathOrExit(url, "backup");
  if (to.empty()) throw CommandExit{2, "--to: name the backup file"};
  auto st = OpenStoreOrExit(g);  // exists, and is at this version's schema
  ExitIfError(st->Backup(to), "backing up " + url);
  auto version = store::sqlite::FileSchemaVersion(to);
  ExitIfError(version.status(), "checking the backup");
  std::error_code ec;
  auto bytes = std::filesystem::file_size(to, ec);
  std::cout << fmt::format("backed up {} to {} ({} bytes, schema version {})\n", url, to,
                           ec ? 0 : bytes, *version);
}

void RunRestore(GlobalOptions g, const std::string& from) {
  const std::string url = g.db.empty() ? kDefaultDb : g.db;
  const std::string path = SqlitePathOrExit(url, "restore");
  ExitIfError(store::sqlite::RestoreDatabase(from, path), "restoring " + from);
  g.db = url;
  g.create_store = false;
  auto st = OpenStoreOrExit(g);  // runs the migrations of an older backup
  // A backup holds no views (they are derived): rebuilt here from its orders.
  auto rebuilt = stream::BuildMissingViews(*st);
  ExitIfError(rebuilt.status(), "rebuilding the views");
  auto counts = store::CountStore(*st);
  ExitIfError(counts.status(), "counting the restored store");
  std::cout << fmt::format("restored {} to {}: {} client(s), {} key(s), {} order(s)\n", from, url,
                           counts->clients, counts->keys, counts->orders)
            << std::flush;
  auto clients = st->ListClients();
  ExitIfError(clients.status(), "listing clients");
  std::int64_t differences = 0;
  for (const ClientSettings& c : *clients) {
    auto v = stream::VerifyClient(*st, c, nullptr);
    ExitIfError(v.status(), "verifying " + c.client_id);
    for (const std::string& d : v->differences) std::cout << c.client_id << ": " << d << "\n";
    differences += static_cast<std::int64_t>(v->differences.size());
    std::cout << fmt::format("verified {}: {} orders at seq {}, {} difference(s)\n", c.client_id,
                             v->orders, v->applied_seq, v->differences.size());
  }
  std::cout.flush();
  if (differences > 0) throw CommandExit{1, fmt::format("{} difference(s) found", differences)};
}

}  // namespace

void RegisterBackup(CLI::App& app, GlobalOptions* g) {
  auto to = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "backup", "Write a consistent copy of the embedded store to FILE, also while serve runs");
  cmd->add_option("--to", *to, "The backup file (written whole, then renamed into place)")
      ->required();
  AddDbOption(cmd, g);
  cmd->callback([g, to] { RunBackup(*g, *to); });
}

void RegisterRestore(CLI::App& app, GlobalOptions* g) {
  auto from = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "restore",
      "Make a new store at --db from a backup file, migrate it to this version and verify it");
  cmd->add_option("--from", *from, "A file written by packprod backup")->required();
  AddDbOption(cmd, g);
  cmd->callback([g, from] { RunRestore(*g, *from); });
}

}  // namespace packprod::app
