// `packprod init`: creates the store at --db when there is none, or brings an existing
// one to this version's schema (the Debian package runs it before (re)starting the
// service, so an upgrade migrates before serving).
#include <fmt/core.h>

#include <iostream>

#include "app/commands.h"
#include "stream/maintenance.h"
#include "store/copy.h"

namespace packprod::app {

void RegisterInit(CLI::App& app, GlobalOptions* g) {
  auto* cmd = app.add_subcommand(
      "init", "Create the store at --db, or migrate an existing one to this version");
  AddDbOption(cmd, g);
  cmd->callback([g] {
    auto st = OpenStoreOrExit(*g);  // main lets init create
    auto rebuilt = stream::BuildMissingViews(*st);
    ExitIfError(rebuilt.status(), "building the views a migration added");
    if (*rebuilt > 0) std::cout << fmt::format("rebuilt the views of {} client(s)\n", *rebuilt);
    auto n = store::CountStore(*st);
    ExitIfError(n.status(), "counting");
    std::cout << fmt::format("store {} ready: {} client(s), {} order(s)\n",
                             g->db.empty() ? kDefaultDb : g->db, n->clients, n->orders);
  });
}

}  // namespace packprod::app
