// packprod: one binary, sub-commands (docs/cli.md).
#include <iostream>

#include "app/commands.h"

int main(int argc, char** argv) {
  using namespace packprod::app;
  CLI::App app{"packprod: web orders in, customer metrics and sales reports out"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  GlobalOptions global;
  RegisterServe(app, &global);
  RegisterClients(app, &global);
  RegisterKeys(app, &global);
  RegisterImport(app, &global);
  RegisterDemoData(app, &global);
  RegisterStream(app, &global);
  RegisterIngestEmail(app, &global);
  RegisterEmails(app, &global);
  RegisterMigrateStore(app);
  RegisterWebhooks(app, &global);
  RegisterBackfill(app, &global);
  RegisterDigest(app, &global);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the reason (and a hint) on stderr
    return 2;
  } catch (const CommandExit& e) {
    if (!e.why.empty()) std::cerr << "packprod: " << e.why << "\n";
    return e.code;
  }
  return 0;
}
