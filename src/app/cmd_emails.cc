// `packprod emails failed|replay|dismiss|rules --client ID`: the failure queue of order
// e-mails and the client's template rules. A failure id the client does not have is
// "packprod: no failed message ID" on stderr and exit 2 (after the other ids are done),
// for replay and dismiss alike; a replay that fails again is exit 1.
#include <fmt/core.h>

#include <boost/json.hpp>
#include <iostream>

#include "app/commands.h"
#include "email/ingest.h"

namespace packprod::app {
namespace json = boost::json;
namespace {

struct EmailsArgs {
  std::string client, set;
  std::vector<std::int64_t> ids;
  bool all = false;
  int limit = 100;
};

ClientSettings ClientOrExit(store::Store& st, const std::string& id) {
  auto c = st.GetClient(id);
  ExitIfError(c.status(), "reading client");
  if (!*c) throw CommandExit{2, "no client '" + id + "'"};
  return **c;
}

std::vector<store::IngestFailure> AllFailures(store::Store& st, const std::string& client) {
  std::vector<store::IngestFailure> out;
  std::int64_t after = 0;
  while (true) {
    store::IngestFailurePage page;
    ExitIfError(st.Read([&](store::ReadTx& tx) -> Status {
      PP_ASSIGN_OR_RETURN(page, tx.ListIngestFailures(client, 500, after));
      return Status::Ok();
    }),
                "reading the failure queue");
    for (auto& f : page.failures) out.push_back(std::move(f));
    if (!page.more || out.empty()) break;
    after = out.back().id;
  }
  return out;
}

void RunFailed(const GlobalOptions& g, const EmailsArgs& a) {
  auto st = OpenStoreOrExit(g);
  ClientOrExit(*st, a.client);
  auto failures = AllFailures(*st, a.client);
  for (const auto& f : failures) {
    std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\t{}: {}\n", f.id, FormatRfc3339(f.updated_at),
                             f.from, f.subject, f.message_key, f.field, f.reason);
  }
  std::cerr << fmt::format("{} failed message(s)\n", failures.size());
}

void RunReplay(const GlobalOptions& g, const EmailsArgs& a) {
  if (a.ids.empty() && !a.all) throw CommandExit{2, "replay: name failure IDs or --all"};
  auto st = OpenStoreOrExit(g);
  ClientSettings client = ClientOrExit(*st, a.client);
  std::vector<std::int64_t> ids = a.ids;
  if (a.all) {
    for (const auto& f : AllFailures(*st, a.client)) ids.push_back(f.id);
  }
  int failed = 0, missing = 0;
  for (std::int64_t id : ids) {
    auto r = email::ReplayFailure(*st, client, id, NowMillis());
    if (!r.ok() && r.status().IsNotFound()) {
      std::cerr << "packprod: " << email::NoFailureMessage(id) << "\n";
      ++missing;
      continue;
    }
    ExitIfError(r.status(), fmt::format("replaying failure {}", id));
    if (r->kind == email::IngestResult::Kind::kFailed) {
      ++failed;
      std::cout << fmt::format("{}: still failing at {}: {}\n", id, r->field, r->reason);
    } else {
      std::cout << fmt::format("{}: {} order {}\n", id, email::IngestKindName(r->kind),
                               r->order_id);
    }
  }
  if (missing > 0) throw CommandExit{2, ""};
  if (failed > 0) throw CommandExit{1, ""};
}

void RunDismiss(const GlobalOptions& g, const EmailsArgs& a) {
  if (a.ids.empty()) throw CommandExit{2, "dismiss: name failure IDs"};
  auto st = OpenStoreOrExit(g);
  ClientOrExit(*st, a.client);
  int missing = 0;
  for (std::int64_t id : a.ids) {
    Status s = email::DismissFailure(*st, a.client, id, NowMillis());
    if (s.IsNotFound()) {
      std::cerr << "packprod: " << email::NoFailureMessage(id) << "\n";
      ++missing;
      continue;
    }
    ExitIfError(s, "dismissing");
    std::cout << fmt::format("{}: dismissed\n", id);
  }
  if (missing > 0) throw CommandExit{2, ""};
}

void RunRules(const GlobalOptions& g, const EmailsArgs& a) {
  auto st = OpenStoreOrExit(g);
  ClientOrExit(*st, a.client);
  if (!a.set.empty()) {
    std::string text = a.set;
    if (text.starts_with("@")) text = ReadFileOrExit(text.substr(1));
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) throw CommandExit{2, "--set: not JSON: " + ec.message()};
    Status s = email::SaveRules(*st, a.client, v, NowMillis());
    if (s.code() == Status::Code::kValidationFailed) {
      throw CommandExit{2, "--set: " + s.details()[0].path + ": " + s.details()[0].message};
    }
    ExitIfError(s, "saving the rules");
  }
  auto rules = email::LoadRules(*st, a.client);
  ExitIfError(rules.status(), "reading the rules");
  std::cout << json::serialize(email::EmailRulesJson(*rules)) << "\n";
}

}  // namespace

void RegisterEmails(CLI::App& app, GlobalOptions* g) {
  auto* cmd = app.add_subcommand("emails", "The failure queue of order e-mails, and their rules");
  cmd->require_subcommand(1);
  auto a = std::make_shared<EmailsArgs>();
  auto common = [&](CLI::App* sub) {
    sub->add_option("--client", a->client, "Client id")->required();
    AddDbOption(sub, g);
  };
  auto* failed = cmd->add_subcommand("failed", "List the messages that failed");
  common(failed);
  failed->callback([g, a] { RunFailed(*g, *a); });
  auto* replay = cmd->add_subcommand("replay", "Read failed messages again and import them");
  replay->add_option("ids", a->ids, "Failure ids");
  replay->add_flag("--all", a->all, "Every failed message of the client");
  common(replay);
  replay->callback([g, a] { RunReplay(*g, *a); });
  auto* dismiss = cmd->add_subcommand("dismiss", "Drop failed messages from the queue");
  dismiss->add_option("ids", a->ids, "Failure ids")->required();
  common(dismiss);
  dismiss->callback([g, a] { RunDismiss(*g, *a); });
  auto* rules = cmd->add_subcommand("rules", "Show or set the template rules (JSON)");
  rules->add_option(
      "--set", a->set,
      R"(New rules: {"rules":[{"from":"...","subject":"...","template":"..."}]} or @FILE)");
  common(rules);
  rules->callback([g, a] { RunRules(*g, *a); });
}

}  // namespace packprod::app
