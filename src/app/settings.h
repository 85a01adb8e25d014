// Where a command's option values come from, in order: the command line, then the
// environment (PACKPROD_DB for --db), then the config file, then the option's default.
//
// The config file is TOML (docs/configuration.md): `--config FILE` or $PACKPROD_CONFIG,
// else /etc/packprod/packprod.conf when it exists. A top-level `db` is the store URL of
// every command; a table per command ([serve], [stream], [keys.create], ...) holds that
// command's options under their long names without dashes (`port = 8080`,
// `body-limit = 1048576`, `no-stream = true`). A key no command has, a table that is not
// a command, or a value the option refuses is an error "FILE:LINE: key: reason" (exit 2).
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "domain/status.h"

namespace packprod::app {

// The config file read when neither --config nor $PACKPROD_CONFIG names one.
inline constexpr const char* kDefaultConfigPath = "/etc/packprod/packprod.conf";

// One value of a config file: `section` is the command path ({} for top level, {"serve"},
// {"keys", "create"}), `values` the value as option text (arrays give several).
struct ConfigEntry {
  std::vector<std::string> section;
  std::string key;
  std::vector<std::string> values;
  int line = 0;
};

// Parses the TOML file at `path`. InvalidArgument "PATH:LINE:COLUMN: reason" for a syntax
// error or a value that is not a string, number, boolean or an array of those;
// Unavailable "cannot read PATH: reason" when it cannot be read.
Result<std::vector<ConfigEntry>> LoadConfigFile(const std::string& path);

// The config file to use: `flag` (from --config) if set, else $PACKPROD_CONFIG, else the
// default path when that file exists; empty when there is none.
std::string ChooseConfigFile(const std::string& flag, bool* explicitly_named);

// For the command being run (the parsed subcommand chain of `app`): fills each option
// that the command line did not set from the environment, then from the config file
// `config` (may be empty). Every key of the file is checked against the commands'
// options. Throws CommandExit{2, "FILE:LINE: key: reason"} on a bad key or value.
void ApplySettings(CLI::App& app, const std::string& config);

// "clients create", "serve", ...: the names of the subcommand chain being run.
std::string RunningCommand(CLI::App& app);

}  // namespace packprod::app
