#include "app/settings.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>
#include <toml++/toml.h>

#include "app/commands.h"

namespace packprod::app {
namespace {

std::string Join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// A scalar TOML value as the text an option would get on the command line.
std::optional<std::string> ScalarText(const toml::node& n) {
  if (auto v = n.as_string()) return v->get();
  if (auto v = n.as_integer()) return std::to_string(v->get());
  if (auto v = n.as_floating_point()) return fmt::format("{}", v->get());
  if (auto v = n.as_boolean()) return v->get() ? std::string("true") : std::string("false");
  return std::nullopt;
}

Status Collect(const toml::table& table, std::vector<std::string>& section, const std::string& path,
               std::vector<ConfigEntry>* out) {
  for (const auto& [k, node] : table) {
    const std::string key(k.str());
    const int line = static_cast<int>(node.source().begin.line);
    if (const toml::table* sub = node.as_table()) {
      section.push_back(key);
      PP_RETURN_IF_ERROR(Collect(*sub, section, path, out));
      section.pop_back();
      continue;
    }
    ConfigEntry e{section, key, {}, line};
    if (const toml::array* arr = node.as_array()) {
      for (const toml::node& item : *arr) {
        auto text = ScalarText(item);
        if (!text) {
          return Status::InvalidArgument(fmt::format(
              "{}:{}: {}: an array holds strings, numbers or booleans only", path, line, key));
        }
        e.values.push_back(*text);
      }
    } else if (auto text = ScalarText(node)) {
      e.values.push_back(*text);
    } else {
      return Status::InvalidArgument(
          fmt::format("{}:{}: {}: must be a string, number or boolean", path, line, key));
    }
    out->push_back(std::move(e));
  }
  return Status::Ok();
}

// The subcommand of `app` at `path`, or nullptr.
CLI::App* FindCommand(CLI::App& app, const std::vector<std::string>& path) {
  CLI::App* cmd = &app;
  for (const auto& name : path) {
    try {
      cmd = cmd->get_subcommand(name);
    } catch (const CLI::OptionNotFound&) {
      return nullptr;
    }
  }
  return cmd;
}

// The option `--key` of `cmd` that a config file may set (not help, not positional).
CLI::Option* FindOption(CLI::App* cmd, const std::string& key) {
  if (key.empty() || key == "help" || key == "help-all" || key == "config") return nullptr;
  CLI::Option* opt = cmd->get_option_no_throw("--" + key);
  if (opt == nullptr || opt->get_lnames().empty()) return nullptr;
  return opt;
}

std::string Where(const std::string& path, const ConfigEntry& e) {
  std::string key = Join(e.section, ".");
  if (!key.empty()) key += ".";
  return fmt::format("{}:{}: {}{}", path, e.line, key, e.key);
}

// Sets `opt` from `values` as if given on the command line; validates and converts.
void SetOption(CLI::Option* opt, const std::vector<std::string>& values, const std::string& where) {
  try {
    if (opt->get_expected_min() == 0 && values.size() == 1 && values[0] != "true" &&
        values[0] != "false") {
      throw CommandExit{2, where + ": must be true or false"};
    }
    opt->add_result(values);
    opt->run_callback();
  } catch (const CLI::Error& e) {
    throw CommandExit{2, where + ": " + e.what()};
  }
}

}  // namespace

Result<std::vector<ConfigEntry>> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec(errno, std::generic_category());
    return Status::Unavailable("cannot read " + path + ": " + ec.message());
  }
  std::ostringstream text;
  text << in.rdbuf();
  toml::table root;
  try {
    root = toml::parse(text.str(), path);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(fmt::format("{}:{}:{}: {}", path, e.source().begin.line,
                                               e.source().begin.column, e.description()));
  }
  std::vector<ConfigEntry> entries;
  std::vector<std::string> section;
  PP_RETURN_IF_ERROR(Collect(root, section, path, &entries));
  return entries;
}

std::string ChooseConfigFile(const std::string& flag, bool* explicitly_named) {
  *explicitly_named = true;
  if (!flag.empty()) return flag;
  const char* env = std::getenv("PACKPROD_CONFIG");
  if (env != nullptr && *env != '\0') return env;
  *explicitly_named = false;
  std::error_code ec;
  return std::filesystem::exists(kDefaultConfigPath, ec) ? kDefaultConfigPath : "";
}

std::string RunningCommand(CLI::App& app) {
  std::vector<std::string> names;
  for (CLI::App* cmd = &app; !cmd->get_subcommands().empty();) {
    cmd = cmd->get_subcommands().front();
    names.push_back(cmd->get_name());
  }
  return Join(names, " ");
}

void ApplySettings(CLI::App& app, const std::string& config) {
  // The chain being run: app, then each parsed subcommand.
  std::vector<CLI::App*> chain{&app};
  while (!chain.back()->get_subcommands().empty()) {
    chain.push_back(chain.back()->get_subcommands().front());
  }
  // The environment.
  const char* env_db = std::getenv("PACKPROD_DB");
  if (env_db != nullptr && *env_db != '\0') {
    for (CLI::App* cmd : chain) {
      CLI::Option* db = FindOption(cmd, "db");
      if (db != nullptr && db->count() == 0) SetOption(db, {env_db}, "PACKPROD_DB");
    }
  }
  if (config.empty()) return;
  auto entries = LoadConfigFile(config);
  if (!entries.ok()) throw CommandExit{2, entries.status().message()};

  // Every key is checked, whichever command runs; a top-level key is the store URL only.
  for (const ConfigEntry& e : *entries) {
    if (e.section.empty()) {
      if (e.key != "db") {
        throw CommandExit{2, Where(config, e) + ": unknown key (the top level has only `db`; "
                                                "a command's options go in its table, e.g. "
                                                "[serve])"};
      }
      continue;
    }
    CLI::App* cmd = FindCommand(app, e.section);
    if (cmd == nullptr || cmd == &app) {
      throw CommandExit{2, fmt::format("{}:{}: [{}]: no such command", config, e.line,
                                       Join(e.section, "."))};
    }
    if (FindOption(cmd, e.key) == nullptr) {
      throw CommandExit{2, Where(config, e) + ": unknown key (`packprod " +
                               Join(e.section, " ") + " --help` lists the options)"};
    }
  }
  // The command's own table first, then the top-level db.
  for (std::size_t i = 1; i < chain.size(); ++i) {
    std::vector<std::string> path;
    for (std::size_t j = 1; j <= i; ++j) path.push_back(chain[j]->get_name());
    for (const ConfigEntry& e : *entries) {
      if (e.section != path) continue;
      CLI::Option* opt = FindOption(chain[i], e.key);
      if (opt->count() == 0) SetOption(opt, e.values, Where(config, e));
    }
  }
  for (const ConfigEntry& e : *entries) {
    if (!e.section.empty()) continue;
    for (std::size_t i = 1; i < chain.size(); ++i) {
      CLI::Option* db = FindOption(chain[i], "db");
      if (db != nullptr && db->count() == 0) SetOption(db, e.values, Where(config, e));
    }
  }
}

}  // namespace packprod::app
