// `packprod clients create` and `packprod keys create|list|revoke`.
#include <cstdio>
#include <iostream>

#include <fmt/core.h>

#include "app/commands.h"
#include "domain/ids.h"
#include "domain/money.h"
#include "domain/segment_history.h"
#include "stream/maintenance.h"

namespace packprod::app {
namespace {

struct ClientArgs {
  std::string client, timezone, currency, name, vip_spend;
  std::optional<std::int64_t> vip_orders, dormant_days, new_days;
  std::optional<std::int64_t> reorder_window_days, reorder_tolerance_days, reorder_tolerance_pct;
};

bool ValidClientId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      return false;
    }
  }
  return true;
}

// The client, created with defaults when missing (and `create` is set).
ClientSettings LoadClient(store::Store& st, const std::string& id, bool create) {
  if (!ValidClientId(id)) {
    throw CommandExit{2, "--client: '" + id + "' must be 1-64 of [A-Za-z0-9._-]"};
  }
  auto c = st.GetClient(id);
  ExitIfError(c.status(), "reading client " + id);
  if (*c) return **c;
  if (!create) throw CommandExit{2, "no client '" + id + "'; create it with `packprod clients create`"};
  ClientSettings s;
  s.client_id = id;
  s.name = id;
  ExitIfError(st.PutClient(s), "creating client " + id);
  return s;
}

void RunClientsCreate(const GlobalOptions& g, const ClientArgs& a) {
  auto st = OpenStoreOrExit(g);
  ClientSettings c = LoadClient(*st, a.client, true);
  const SegmentRules rules_before = SegmentRulesOf(c);
  if (!a.timezone.empty()) {
    if (!TimeZone::Find(a.timezone)) {
      throw CommandExit{2, "--timezone: '" + a.timezone + "' is not an IANA time zone"};
    }
    c.timezone = a.timezone;
  }
  if (!a.currency.empty()) {
    if (a.currency.size() != 3 || !std::all_of(a.currency.begin(), a.currency.end(),
                                               [](char ch) { return ch >= 'A' && ch <= 'Z'; })) {
      throw CommandExit{2, "--currency: must be three upper-case letters, e.g. AUD"};
    }
    c.currency = a.currency;
  }
  if (!a.name.empty()) c.name = a.name;
  if (!a.vip_spend.empty()) {
    std::string why;
    auto cents = ParseMoneyString(a.vip_spend, c.currency, MoneyRounding::kReject, &why);
    if (!cents) throw CommandExit{2, "--vip-spend: " + why};
    c.vip_spend = *cents;
  }
  auto positive = [](const std::optional<std::int64_t>& v, const char* flag, std::int64_t* out) {
    if (!v) return;
    if (*v < 0) throw CommandExit{2, std::string(flag) + ": must be >= 0"};
    *out = *v;
  };
  positive(a.vip_orders, "--vip-orders", &c.vip_orders);
  positive(a.dormant_days, "--dormant-days", &c.dormant_days);
  positive(a.new_days, "--new-days", &c.new_days);
  positive(a.reorder_window_days, "--reorder-window-days", &c.reorder_window_days);
  positive(a.reorder_tolerance_days, "--reorder-tolerance-days", &c.reorder_tolerance_days);
  positive(a.reorder_tolerance_pct, "--reorder-tolerance-pct", &c.reorder_tolerance_pct);
  ExitIfError(st->PutClient(c), "saving client " + c.client_id);
  if (SegmentRulesOf(c) != rules_before) {
    // The segment movements are kept under the client's bounds: recomputed for the new ones.
    ExitIfError(stream::RebuildClient(*st, c.client_id, nullptr),
                "rebuilding the views of " + c.client_id + " for its segment settings");
  }
  std::cout << fmt::format("client {}: timezone {}, currency {}, VIP at {} or {} orders, "
                           "dormant after {} days, new for {} days\n",
                           c.client_id, c.timezone, c.currency, FormatCents(c.vip_spend),
                           c.vip_orders, c.dormant_days, c.new_days);
}

void RunKeysCreate(const GlobalOptions& g, const std::string& client, const std::string& role,
                   const std::string& label) {
  auto parsed = store::ParseRole(role);
  if (!parsed) throw CommandExit{2, "--role: must be admin or read"};
  auto st = OpenStoreOrExit(g);
  LoadClient(*st, client, true);
  store::ApiKey k;
  k.key_id = "key_" + RandomHex(6);
  k.client_id = client;
  k.role = *parsed;
  k.label = label;
  k.created_at = NowMillis();
  const std::string secret = "pp_" + RandomHex(20);
  ExitIfError(st->CreateKey(k, Sha256Hex(secret)), "creating key");
  std::cout << fmt::format("created {} key {} for client {} (shown once; keep it safe):\n",
                           role, k.key_id, client)
            << secret << "\n";
}

std::string TimeOrDash(const std::optional<Millis>& t) {
  return t ? FormatRfc3339(*t) : std::string("-");
}

void RunKeysList(const GlobalOptions& g) {
  auto st = OpenStoreOrExit(g);
  auto keys = st->ListKeys();
  ExitIfError(keys.status(), "listing keys");
  std::cout << fmt::format("{:<17} {:<16} {:<6} {:<21} {:<21} {:<21} {}\n", "ID", "CLIENT", "ROLE",
                           "CREATED", "LAST USED", "REVOKED", "LABEL");
  for (const auto& k : *keys) {
    std::cout << fmt::format("{:<17} {:<16} {:<6} {:<21} {:<21} {:<21} {}\n", k.key_id,
                             k.client_id, store::RoleName(k.role), FormatRfc3339(k.created_at),
                             TimeOrDash(k.last_used_at), TimeOrDash(k.revoked_at), k.label);
  }
}

void RunKeysRevoke(const GlobalOptions& g, const std::string& id) {
  auto st = OpenStoreOrExit(g);
  Status s = st->RevokeKey(id, NowMillis());
  ExitIfError(s, "revoking " + id);
  std::cout << "revoked " << id << "\n";
}

}  // namespace

void RegisterClients(CLI::App& app, GlobalOptions* g) {
  auto* clients = app.add_subcommand("clients", "Manage clients (tenants)");
  clients->require_subcommand(1);
  auto* create = clients->add_subcommand("create", "Create or update a client and its settings");
  auto a = std::make_shared<ClientArgs>();
  create->add_option("--client", a->client, "Client id")->required();
  create->add_option("--timezone", a->timezone, "IANA time zone (default Australia/Sydney)");
  create->add_option("--currency", a->currency, "Currency code (default AUD)");
  create->add_option("--name", a->name, "Display name");
  create->add_option("--vip-spend", a->vip_spend, "VIP when total spend reaches this (5000.00)");
  create->add_option("--vip-orders", a->vip_orders, "VIP at this many orders (10)");
  create->add_option("--dormant-days", a->dormant_days, "Dormant after this many days (180)");
  create->add_option("--reorder-window-days", a->reorder_window_days,
                     "Reorder due when expected within this many days (7)");
  create->add_option("--reorder-tolerance-days", a->reorder_tolerance_days,
                     "Reorder overdue when late by more than this many days (3) ...");
  create->add_option("--reorder-tolerance-pct", a->reorder_tolerance_pct,
                     "... and by more than this % of the cadence (25)");
  create->add_option("--new-days", a->new_days, "New for this many days after a first order (30)");
  AddDbOption(create, g);
  create->callback([g, a] { RunClientsCreate(*g, *a); });
}

void RegisterKeys(CLI::App& app, GlobalOptions* g) {
  auto* keys = app.add_subcommand("keys", "Manage API keys");
  keys->require_subcommand(1);
  auto* create = keys->add_subcommand("create", "Create an API key; prints it once, last line");
  auto client = std::make_shared<std::string>();
  auto role = std::make_shared<std::string>();
  auto label = std::make_shared<std::string>();
  create->add_option("--client", *client, "Client id (created with defaults if missing)")
      ->required();
  create->add_option("--role", *role, "admin or read")->required();
  create->add_option("--label", *label, "A note to recognise the key by");
  AddDbOption(create, g);
  create->callback([g, client, role, label] { RunKeysCreate(*g, *client, *role, *label); });

  auto* list = keys->add_subcommand("list", "List keys (never the keys themselves)");
  AddDbOption(list, g);
  list->callback([g] { RunKeysList(*g); });

  auto* revoke = keys->add_subcommand("revoke", "Revoke a key by its id (from keys list)");
  auto id = std::make_shared<std::string>();
  revoke->add_option("id", *id, "Key id")->required();
  AddDbOption(revoke, g);
  revoke->callback([g, id] { RunKeysRevoke(*g, *id); });
}

}  // namespace packprod::app
