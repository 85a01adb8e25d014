// The sub-commands of the packprod binary (docs/cli.md). Each Register* adds its command to
// the CLI11 app; the callback runs it and returns the process exit status through
// CommandExit (0 ok, 1 failed check, 2 bad usage or runtime error).
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "domain/status.h"
#include "store/store.h"

namespace packprod::app {

// Thrown by a command's callback to end the process with `code` (after printing `why`
// on stderr when non-empty). Caught in main.
struct CommandExit {
  int code;
  std::string why;
};

// Options every command shares.
struct GlobalOptions {
  std::string db;
};

// Adds `--db URL` (env PACKPROD_DB, default sqlite:./data/packprod.db) to `cmd`.
void AddDbOption(CLI::App* cmd, GlobalOptions* g);
// Opens the store or throws CommandExit{2, reason}.
std::unique_ptr<store::Store> OpenStoreOrExit(const GlobalOptions& g);
// The whole content of the file at `path`, or throws CommandExit{2, "cannot read PATH"}.
std::string ReadFileOrExit(const std::string& path);
// Throws CommandExit{2, ...} when `s` is not OK.
void ExitIfError(const Status& s, const std::string& what);

void RegisterServe(CLI::App& app, GlobalOptions* g);
void RegisterClients(CLI::App& app, GlobalOptions* g);
void RegisterKeys(CLI::App& app, GlobalOptions* g);
void RegisterImport(CLI::App& app, GlobalOptions* g);
void RegisterDemoData(CLI::App& app, GlobalOptions* g);
void RegisterStream(CLI::App& app, GlobalOptions* g);  // stream, rebuild, verify
void RegisterIngestEmail(CLI::App& app, GlobalOptions* g);
void RegisterEmails(CLI::App& app, GlobalOptions* g);  // emails failed|replay|dismiss|rules
void RegisterMigrateStore(CLI::App& app);              // migrate-store --from --to
void RegisterWebhooks(CLI::App& app, GlobalOptions* g);  // webhooks create|list|revoke
void RegisterBackfill(CLI::App& app, GlobalOptions* g);  // backfill woocommerce|shopify
void RegisterDigest(CLI::App& app, GlobalOptions* g);  // digest; notify show|set|alerts

}  // namespace packprod::app
