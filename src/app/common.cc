#include <cstdlib>
#include <fstream>
#include <sstream>

#include "app/commands.h"
#include "domain/redact.h"

namespace packprod::app {

void AddDbOption(CLI::App* cmd, GlobalOptions* g) {
  cmd->add_option("--db", g->db,
                  "Store URL: sqlite:PATH or postgresql://user:pass@host:port/db "
                  "(env PACKPROD_DB)")
      ->envname("PACKPROD_DB")
      ->default_str("sqlite:./data/packprod.db");
}

std::string ReadFileOrExit(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CommandExit{2, "cannot read " + path};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::unique_ptr<store::Store> OpenStoreOrExit(const GlobalOptions& g) {
  std::string url = g.db.empty() ? "sqlite:./data/packprod.db" : g.db;
  auto s = store::Store::Open(url);
  if (!s.ok()) {
    throw CommandExit{2, "cannot open the store " + RedactUrl(url) + ": " + s.status().message()};
  }
  return std::move(s).value();
}

void ExitIfError(const Status& s, const std::string& what) {
  if (!s.ok()) throw CommandExit{2, what + ": " + s.message()};
}

}  // namespace packprod::app
