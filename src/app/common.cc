#include <cstdlib>
#include <fstream>
#include <sstream>

#include "app/commands.h"
#include "domain/redact.h"

namespace packprod::app {

void AddDbOption(CLI::App* cmd, GlobalOptions* g) {
  // Not CLI11's envname: it lets PACKPROD_DB override the command line when several
  // commands share the variable (app/settings.cc applies it, after the command line).
  cmd->add_option("--db", g->db,
                  "Store URL: sqlite:PATH or postgresql://user:pass@host:port/db "
                  "(else $PACKPROD_DB, else the config file's db)")
      ->default_str(kDefaultDb);
}

std::string ReadFileOrExit(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CommandExit{2, "cannot read " + path};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::unique_ptr<store::Store> OpenStoreOrExit(const GlobalOptions& g) {
  std::string url = g.db.empty() ? kDefaultDb : g.db;
  auto s = store::Store::Open(url, {.create = g.create_store});
  if (!s.ok() && s.status().code() == Status::Code::kNotFound) {
    throw CommandExit{2, s.status().message() +
                             " (check --db, PACKPROD_DB or the config file; `packprod clients "
                             "create` or `keys create` makes a new one)"};
  }
  if (!s.ok()) throw CommandExit{2, "cannot open the store " + RedactUrl(url) + ": " + s.status().message()};
  return std::move(s).value();
}

void ExitIfError(const Status& s, const std::string& what) {
  if (!s.ok()) throw CommandExit{2, what + ": " + s.message()};
}

}  // namespace packprod::app
