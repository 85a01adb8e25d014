// packprod: one binary, sub-commands (docs/cli.md).
#include <unistd.h>

#include <iostream>

#include "app/commands.h"
#include "app/settings.h"

int main(int argc, char** argv) {
  using namespace packprod::app;
  CLI::App app{"packprod: web orders in, customer metrics and sales reports out"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  // A command's unknown options fall through to here: `packprod serve --config FILE`.
  app.fallthrough();
  app.set_version_flag("--version", "packprod " PACKPROD_VERSION);
  std::string config_flag;
  app.add_option("--config", config_flag,
                 std::string("Config file (TOML; else $PACKPROD_CONFIG, else ") +
                     kDefaultConfigPath + " when it exists)");
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
  RegisterInit(app, &global);
  RegisterBackup(app, &global);
  RegisterRestore(app, &global);
  RegisterAccounts(app, &global);
  // After the command line is parsed, before the command runs: the environment and the
  // config file fill in what the command line left out (app/settings.h).
  app.parse_complete_callback([&app, &config_flag, &global] {
    bool named = false;
    std::string config = ChooseConfigFile(config_flag, &named);
    if (!named && !config.empty() && access(config.c_str(), R_OK) != 0) {
      std::cerr << "packprod: note: " << config << " is not readable by this user; not using it\n";
      config.clear();
    }
    ApplySettings(app, config);
    const std::string command = RunningCommand(app);
    for (const char* c : kStoreCreatingCommands) {
      if (command == c) global.create_store = true;
    }
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
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
