// `packprod webhooks create|list|revoke`: the signing secrets of the shop platforms'
// webhooks (docs/webhooks.md). A secret is printed once, at creation, never again.
#include <cstdlib>
#include <iostream>

#include <fmt/core.h>

#include "app/commands.h"
#include "domain/ids.h"
#include "domain/platform_orders.h"

namespace packprod::app {
namespace {

struct WebhookArgs {
  std::string client, platform, secret_file;
};

Platform PlatformOrExit(const std::string& s) {
  auto p = ParsePlatform(s);
  if (!p) throw CommandExit{2, "--platform: must be woocommerce or shopify"};
  return *p;
}

std::string PathOf(const std::string& client, const std::string& platform) {
  return "/webhooks/" + platform + "/" + client;
}

// A secret given by the operator (Shopify signs with one it shows you): from the file,
// else $PACKPROD_WEBHOOK_SECRET; trailing white space dropped. Empty: none given.
std::string GivenSecret(const std::string& file) {
  std::string s;
  if (!file.empty()) {
    s = ReadFileOrExit(file);
  } else if (const char* env = std::getenv("PACKPROD_WEBHOOK_SECRET")) {
    s = env;
  }
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(0, 1);
  return s;
}

void RunCreate(const GlobalOptions& g, const WebhookArgs& a) {
  Platform p = PlatformOrExit(a.platform);
  std::string given = GivenSecret(a.secret_file);
  if (!a.secret_file.empty() && given.empty()) {
    throw CommandExit{2, "--secret-file: " + a.secret_file + " is empty"};
  }
  auto st = OpenStoreOrExit(g);
  auto client = st->GetClient(a.client);
  ExitIfError(client.status(), "reading client " + a.client);
  if (!*client) {
    throw CommandExit{2, "no client '" + a.client + "'; create it with `packprod clients create`"};
  }
  store::WebhookSecret w;
  w.client_id = a.client;
  w.platform = PlatformName(p);
  w.secret = given.empty() ? "whsec_" + RandomHex(24) : given;
  w.created_at = NowMillis();
  ExitIfError(st->PutWebhookSecret(w), "saving the webhook secret");
  std::cout << fmt::format("{} webhook for client {}: POST {}\n", w.platform, a.client,
                           PathOf(a.client, w.platform));
  if (given.empty()) {
    std::cout << "signing secret (shown once; keep it safe):\n" << w.secret << "\n";
  } else {
    std::cout << "signing secret: the one given (not shown)\n";
  }
}

void RunList(const GlobalOptions& g) {
  auto st = OpenStoreOrExit(g);
  auto all = st->ListWebhookSecrets();
  ExitIfError(all.status(), "listing webhooks");
  std::cout << fmt::format("{:<16} {:<12} {:<21} {}\n", "CLIENT", "PLATFORM", "CREATED", "PATH");
  for (const auto& w : *all) {
    std::cout << fmt::format("{:<16} {:<12} {:<21} {}\n", w.client_id, w.platform,
                             FormatRfc3339(w.created_at), PathOf(w.client_id, w.platform));
  }
}

void RunRevoke(const GlobalOptions& g, const WebhookArgs& a) {
  Platform p = PlatformOrExit(a.platform);
  auto st = OpenStoreOrExit(g);
  ExitIfError(st->DeleteWebhookSecret(a.client, PlatformName(p)), "revoking");
  std::cout << fmt::format("revoked the {} webhook of client {}; its deliveries now get 401\n",
                           PlatformName(p), a.client);
}

}  // namespace

void RegisterWebhooks(CLI::App& app, GlobalOptions* g) {
  auto* hooks = app.add_subcommand("webhooks", "Manage shop platform webhooks (signing secrets)");
  hooks->require_subcommand(1);
  auto a = std::make_shared<WebhookArgs>();
  auto* create = hooks->add_subcommand(
      "create", "Set a client's webhook secret for a platform; prints the URL path and the "
                "secret once (replaces an existing one)");
  create->add_option("--client", a->client, "Client id")->required();
  create->add_option("--platform", a->platform, "woocommerce or shopify")->required();
  create->add_option("--secret-file", a->secret_file,
                     "Use the secret in this file (e.g. Shopify's signing key; also "
                     "$PACKPROD_WEBHOOK_SECRET) instead of a new random one");
  AddDbOption(create, g);
  create->callback([g, a] { RunCreate(*g, *a); });

  auto* list = hooks->add_subcommand("list", "List webhooks (never the secrets)");
  AddDbOption(list, g);
  list->callback([g] { RunList(*g); });

  auto* revoke = hooks->add_subcommand("revoke", "Delete a client's webhook secret for a platform");
  revoke->add_option("--client", a->client, "Client id")->required();
  revoke->add_option("--platform", a->platform, "woocommerce or shopify")->required();
  AddDbOption(revoke, g);
  revoke->callback([g, a] { RunRevoke(*g, *a); });
}

}  // namespace packprod::app
