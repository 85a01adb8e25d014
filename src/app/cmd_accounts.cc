// `packprod accounts list|show|merge|split` (docs/cli.md): company accounts from the
// views, and the manual merge and split rules (stream/accounts.h), which `rebuild` keeps.
#include <fmt/core.h>

#include <iostream>

#include "app/commands.h"
#include "domain/accounts.h"
#include "domain/money.h"
#include "domain/text.h"
#include "stream/accounts.h"

namespace packprod::app {
namespace {

struct AccountArgs {
  std::string client, into, search;
  std::vector<std::string> accounts, contacts;
  int limit = 50;
};

void PrintHeader() {
  std::cout << fmt::format("{:<36}  {:<8} {:>8} {:>7} {:>12}  {}\n", "ACCOUNT", "KIND", "CONTACTS",
                           "ORDERS", "SPEND", "NAME");
}

void PrintAccount(const Account& a) {
  std::cout << fmt::format("{:<36}  {:<8} {:>8} {:>7} {:>12}  {}\n", a.account_id,
                           AccountKeyKind(a.key), a.contacts, a.totals.order_count,
                           FormatCents(a.totals.total_spend), a.totals.name.value_or(""));
}

// Throws CommandExit{2, ...} when the client does not exist.
void RequireClient(store::Store& st, const std::string& client) {
  auto c = st.GetClient(client);
  ExitIfError(c.status(), "reading client " + client);
  if (!*c) throw CommandExit{2, "no client '" + client + "'"};
}

void RunList(const GlobalOptions& g, const AccountArgs& a) {
  auto st = OpenStoreOrExit(g);
  RequireClient(*st, a.client);
  store::CustomerViewQuery q;
  q.search = FoldCase(a.search);
  q.limit = a.limit;
  auto page = st->ListAccountViews(a.client, q);
  ExitIfError(page.status(), "listing accounts");
  PrintHeader();
  for (const Account& acc : page->items) PrintAccount(acc);
  std::cout << fmt::format("{} of {} accounts (by spend)\n", page->items.size(), page->total);
}

void RunMerge(const GlobalOptions& g, const AccountArgs& a) {
  auto st = OpenStoreOrExit(g);
  RequireClient(*st, a.client);
  auto merged = stream::MergeAccounts(*st, a.client, a.into, a.accounts);
  ExitIfError(merged.status(), "merging");
  std::cout << "merged into:\n";
  PrintHeader();
  PrintAccount(*merged);
}

void RunSplit(const GlobalOptions& g, const AccountArgs& a) {
  auto st = OpenStoreOrExit(g);
  RequireClient(*st, a.client);
  auto parts = stream::SplitAccount(*st, a.client, a.accounts.at(0), a.contacts);
  ExitIfError(parts.status(), "splitting");
  std::cout << "the contacts are now in:\n";
  PrintHeader();
  for (const Account& acc : *parts) PrintAccount(acc);
}

}  // namespace

void RegisterAccounts(CLI::App& app, GlobalOptions* g) {
  auto* cmd = app.add_subcommand("accounts", "Company accounts: list, merge, split");
  cmd->require_subcommand(1);
  auto a = std::make_shared<AccountArgs>();

  auto* list = cmd->add_subcommand("list", "List a client's accounts by spend");
  list->add_option("--client", a->client, "Client id")->required();
  list->add_option("--search", a->search, "Name or key substring");
  list->add_option("--limit", a->limit, "How many (default 50)")->check(CLI::Range(1, 100000));
  AddDbOption(list, g);
  list->callback([g, a] { RunList(*g, *a); });

  auto* merge =
      cmd->add_subcommand("merge", "Merge accounts into another (a rule kept across rebuilds)");
  merge->add_option("--client", a->client, "Client id")->required();
  merge->add_option("--into", a->into, "The account id that stays")->required();
  merge->add_option("accounts", a->accounts, "Account ids merged into it")->required();
  AddDbOption(merge, g);
  merge->callback([g, a] { RunMerge(*g, *a); });

  auto* split = cmd->add_subcommand(
      "split",
      "Split contacts out of an account, each an account alone (a rule kept across "
      "rebuilds); every contact when --contact is not given");
  split->add_option("--client", a->client, "Client id")->required();
  split->add_option("account", a->accounts, "The account id")->required()->expected(1);
  split->add_option("--contact", a->contacts, "A contact id to split out (repeatable)");
  AddDbOption(split, g);
  split->callback([g, a] { RunSplit(*g, *a); });
}

}  // namespace packprod::app
