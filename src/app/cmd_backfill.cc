// `packprod backfill woocommerce|shopify`: a shop's existing orders, page by page from the
// platform's REST API, through the same mapping and import as the webhooks
// (store/platform_ingest.h), one transaction per page. Resumable: after each committed
// page a state file records where to go on (a page re-read after an interruption is
// imported as `unchanged`: never twice). Credentials come from a file or the
// environment, never the command line (docs/webhooks.md).
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <boost/json.hpp>
#include <fmt/core.h>

#include "app/commands.h"
#include "app/platform_http.h"
#include "store/platform_ingest.h"

namespace packprod::app {
namespace json = boost::json;
namespace {

struct BackfillArgs {
  std::string client, url, shop, base_url, since, credentials_file, state_file;
  std::string api_version = "2024-10";
  int per_page = 0;
  bool restart = false;
};

// Where a run is: the next page (WooCommerce: its number; Shopify: its URL), and the
// totals so far. Written after each committed page (to a temporary file, then renamed).
struct State {
  std::string shop;  // what it is about: platform, base URL, client and --since
  std::int64_t next_page = 1;
  std::string next_url;
  bool done = false;
  std::int64_t pages = 0, orders = 0, created = 0, updated = 0, unchanged = 0, failed = 0;
};

State LoadState(const std::string& path, const std::string& shop, bool restart) {
  State s;
  s.shop = shop;
  if (restart || !std::filesystem::exists(path)) return s;
  boost::system::error_code ec;
  json::value v = json::parse(ReadFileOrExit(path), ec);
  if (ec || !v.is_object()) throw CommandExit{2, path + ": not a backfill state file"};
  const json::object& o = v.as_object();
  auto str = [&](const char* k) {
    const json::value* x = o.if_contains(k);
    return x && x->is_string() ? std::string(x->as_string()) : std::string();
  };
  auto num = [&](const char* k) {
    const json::value* x = o.if_contains(k);
    return x && x->is_int64() ? x->get_int64() : std::int64_t{0};
  };
  if (str("shop") != shop) {
    throw CommandExit{2, path + " belongs to another backfill (" + str("shop") +
                             "); give another --state or --restart"};
  }
  s.next_page = std::max<std::int64_t>(1, num("nextPage"));
  s.next_url = str("nextURL");
  s.done = o.contains("done") && o.at("done").is_bool() && o.at("done").as_bool();
  s.pages = num("pages");
  s.orders = num("orders");
  s.created = num("created");
  s.updated = num("updated");
  s.unchanged = num("unchanged");
  s.failed = num("failed");
  return s;
}

void SaveState(const std::string& path, const State& s) {
  json::object o{{"shop", s.shop},          {"nextPage", s.next_page}, {"nextURL", s.next_url},
                 {"done", s.done},          {"pages", s.pages},        {"orders", s.orders},
                 {"created", s.created},    {"updated", s.updated},    {"unchanged", s.unchanged},
                 {"failed", s.failed}};
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << json::serialize(o) << "\n";
    out.flush();
    if (!out) throw CommandExit{2, "cannot write " + tmp};
  }
  std::filesystem::rename(tmp, path);
}

// One line on a terminal, rewritten in place; a line per 10 pages elsewhere.
class Progress {
 public:
  Progress() : tty_(isatty(STDERR_FILENO) == 1) {}
  void Show(const State& s, std::int64_t total_orders, std::int64_t total_pages) {
    std::string line;
    if (total_orders > 0) {
      int width = 30;
      int filled = static_cast<int>(std::min<std::int64_t>(width, s.orders * width / total_orders));
      line = fmt::format("[{}{}] {}/{} orders", std::string(filled, '#'),
                         std::string(width - filled, '.'), s.orders, total_orders);
    } else {
      line = fmt::format("{} orders", s.orders);
    }
    line += total_pages > 0 ? fmt::format(", page {}/{}", s.pages, total_pages)
                            : fmt::format(", {} pages", s.pages);
    if (s.failed > 0) line += fmt::format(", {} queued as failed", s.failed);
    if (tty_) {
      std::cerr << "\r" << line << "\x1b[K" << std::flush;
    } else if (s.pages % 10 == 0) {
      std::cerr << line << "\n";
    }
  }
  void End() {
    if (tty_) std::cerr << "\n";
  }

 private:
  bool tty_;
};

void Sleep(double seconds) {
  std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long>(seconds * 1000)));
}

HttpReply Fetch(const HttpGet& req) {
  HttpReply r = GetWithRetry(req, 8, Sleep);
  if (r.status == 0) throw CommandExit{2, "GET " + req.url + ": " + r.error};
  if (r.status != 200) {
    throw CommandExit{2, fmt::format("GET {}: HTTP {}: {}", req.url, r.status,
                                     r.body.substr(0, 300))};
  }
  return r;
}

std::vector<json::value> OrdersOf(const HttpReply& r, const std::string& url, bool wrapped) {
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (!ec && wrapped && v.is_object() && v.as_object().contains("orders")) v = v.at("orders");
  if (ec || !v.is_array()) throw CommandExit{2, "GET " + url + ": the answer is not a list of orders"};
  return std::vector<json::value>(v.as_array().begin(), v.as_array().end());
}

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::string TrimLine(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(0, 1);
  return s;
}

// --since: a date (local midnight UTC) or an RFC 3339 time, as the platforms take it.
std::string SinceParam(const std::string& since) {
  if (since.empty()) return "";
  if (ParseDate(since)) return since + "T00:00:00Z";
  if (ParseRfc3339(since)) return since;
  throw CommandExit{2, "--since: '" + since + "' must be YYYY-MM-DD or an RFC 3339 time"};
}

struct Run {
  const GlobalOptions& g;
  const BackfillArgs& a;
  Platform platform;
  std::unique_ptr<store::Store> st;
  ClientSettings client;
  State state;
  Progress progress;

  void Open(const std::string& shop) {
    st = OpenStoreOrExit(g);
    auto c = st->GetClient(a.client);
    ExitIfError(c.status(), "reading client " + a.client);
    if (!*c) throw CommandExit{2, "no client '" + a.client + "'; create it with `packprod clients create`"};
    client = **c;
    std::string path = a.state_file.empty()
                           ? fmt::format("./data/backfill-{}-{}.json", PlatformName(platform),
                                         a.client)
                           : a.state_file;
    auto dir = std::filesystem::path(path).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir);
    state_path = path;
    state = LoadState(path, shop, a.restart);
    if (state.done) {
      throw CommandExit{0, "this backfill is complete (" + std::to_string(state.orders) +
                               " orders); --restart runs it again"};
    }
    if (state.pages > 0) {
      std::cerr << fmt::format("resuming after {} pages ({} orders) from {}\n", state.pages,
                               state.orders, path);
    }
  }

  void Page(const std::vector<json::value>& orders) {
    auto out = store::ImportPlatformPage(*st, client, platform, orders, NowMillis());
    ExitIfError(out.status(), "importing a page");
    state.pages += 1;
    state.orders += static_cast<std::int64_t>(orders.size());
    state.created += out->created;
    state.updated += out->updated;
    state.unchanged += out->unchanged;
    state.failed += out->failed;
  }

  void Finish() {
    state.done = true;
    SaveState(state_path, state);
    progress.End();
    std::cout << fmt::format(
        "backfill {} {}: {} orders in {} pages: {} created, {} updated, {} unchanged, {} queued "
        "as failed (packprod emails failed)\n",
        PlatformName(platform), a.client, state.orders, state.pages, state.created, state.updated,
        state.unchanged, state.failed);
    if (state.failed > 0) throw CommandExit{1, ""};
  }

  std::string state_path;
};

void RunWooCommerce(const GlobalOptions& g, const BackfillArgs& a) {
  std::string base = a.url;
  while (base.ends_with('/')) base.pop_back();
  if (!base.starts_with("https://") && !base.starts_with("http://")) {
    throw CommandExit{2, "--url: must start with https:// (http:// only for a local test shop)"};
  }
  std::string key = Env("PACKPROD_WC_KEY"), secret = Env("PACKPROD_WC_SECRET");
  if (!a.credentials_file.empty()) {
    std::string text = TrimLine(ReadFileOrExit(a.credentials_file));
    auto sep = text.find_first_of(":\n");
    if (sep == std::string::npos) {
      throw CommandExit{2, a.credentials_file + ": must hold ck_...:cs_... (or two lines)"};
    }
    key = TrimLine(text.substr(0, sep));
    secret = TrimLine(text.substr(sep + 1));
  }
  if (key.empty() || secret.empty()) {
    throw CommandExit{2, "no WooCommerce REST key: --credentials-file FILE (ck_...:cs_...) or "
                         "$PACKPROD_WC_KEY and $PACKPROD_WC_SECRET"};
  }
  std::string since = SinceParam(a.since);
  int per_page = a.per_page > 0 ? std::min(a.per_page, 100) : 100;
  Run run{g, a, Platform::kWooCommerce};
  run.Open("woocommerce " + base + " " + a.client + " " + since);
  std::int64_t total_pages = -1, total_orders = 0;
  while (total_pages < 0 || run.state.next_page <= total_pages) {
    HttpGet req;
    req.url = fmt::format("{}/wp-json/wc/v3/orders?per_page={}&page={}&orderby=date&order=asc",
                          base, per_page, run.state.next_page);
    if (!since.empty()) req.url += "&after=" + UrlEncode(since);
    req.user = key;
    req.password = secret;
    HttpReply r = Fetch(req);
    total_pages = std::atoll(r.Header("x-wp-totalpages").c_str());
    total_orders = std::atoll(r.Header("x-wp-total").c_str());
    auto orders = OrdersOf(r, req.url, false);
    if (orders.empty()) break;
    run.Page(orders);
    run.state.next_page += 1;
    SaveState(run.state_path, run.state);
    run.progress.Show(run.state, total_orders, total_pages);
  }
  run.Finish();
}

void RunShopify(const GlobalOptions& g, const BackfillArgs& a) {
  std::string base = a.base_url;
  if (base.empty()) {
    if (a.shop.empty()) throw CommandExit{2, "--shop NAME (NAME.myshopify.com) is required"};
    base = "https://" + (a.shop.find('.') == std::string::npos ? a.shop + ".myshopify.com" : a.shop);
  }
  while (base.ends_with('/')) base.pop_back();
  std::string token = Env("PACKPROD_SHOPIFY_TOKEN");
  if (!a.credentials_file.empty()) token = TrimLine(ReadFileOrExit(a.credentials_file));
  if (token.empty()) {
    throw CommandExit{2, "no Shopify Admin API token: --credentials-file FILE or "
                         "$PACKPROD_SHOPIFY_TOKEN"};
  }
  std::string since = SinceParam(a.since);
  int limit = a.per_page > 0 ? std::min(a.per_page, 250) : 250;
  std::string api = base + "/admin/api/" + a.api_version;
  std::string filter = "status=any" + (since.empty() ? "" : "&created_at_min=" + UrlEncode(since));
  Run run{g, a, Platform::kShopify};
  run.Open("shopify " + base + " " + a.client + " " + since);
  std::vector<std::string> headers = {"X-Shopify-Access-Token: " + token,
                                      "Accept: application/json"};
  std::int64_t total_orders = 0;
  {
    HttpGet count{api + "/orders/count.json?" + filter, headers};
    HttpReply r = GetWithRetry(count, 3, Sleep);
    boost::system::error_code ec;
    json::value v = json::parse(r.body, ec);
    if (r.status == 200 && !ec && v.is_object() && v.as_object().contains("count") &&
        v.at("count").is_int64()) {
      total_orders = v.at("count").as_int64();
    }
  }
  if (run.state.next_url.empty()) {
    run.state.next_url = fmt::format("{}/orders.json?{}&limit={}", api, filter, limit);
  }
  while (!run.state.next_url.empty()) {
    HttpGet req{run.state.next_url, headers};
    HttpReply r = Fetch(req);
    auto orders = OrdersOf(r, req.url, true);
    if (!orders.empty()) run.Page(orders);
    run.state.next_url = NextLink(r.Header("link")).value_or("");
    SaveState(run.state_path, run.state);
    run.progress.Show(run.state, total_orders, 0);
  }
  run.Finish();
}

void AddCommon(CLI::App* cmd, BackfillArgs* a, GlobalOptions* g, const char* credentials_help) {
  cmd->add_option("--client", a->client, "Client id the orders belong to")->required();
  cmd->add_option("--since", a->since, "Only orders created since this date or time");
  cmd->add_option("--credentials-file", a->credentials_file, credentials_help);
  cmd->add_option("--state", a->state_file,
                  "Progress file for resuming (default ./data/backfill-PLATFORM-CLIENT.json)");
  cmd->add_flag("--restart", a->restart, "Ignore the progress file and start from the first page");
  cmd->add_option("--per-page", a->per_page, "Orders per page (WooCommerce 100, Shopify 250)");
  AddDbOption(cmd, g);
}

}  // namespace

void RegisterBackfill(CLI::App& app, GlobalOptions* g) {
  auto* backfill = app.add_subcommand("backfill", "Import a shop's existing orders from its platform");
  backfill->require_subcommand(1);
  auto a = std::make_shared<BackfillArgs>();
  auto* woo = backfill->add_subcommand("woocommerce", "Page through /wp-json/wc/v3/orders");
  woo->add_option("--url", a->url, "The shop's base URL, e.g. https://shop.example.com")
      ->required();
  AddCommon(woo, a.get(), g,
            "File holding the REST key as ck_...:cs_... (else $PACKPROD_WC_KEY and "
            "$PACKPROD_WC_SECRET)");
  woo->callback([g, a] { RunWooCommerce(*g, *a); });

  auto* shopify = backfill->add_subcommand("shopify", "Page through the Admin API's orders");
  shopify->add_option("--shop", a->shop, "The shop's name (NAME.myshopify.com)");
  shopify->add_option("--base-url", a->base_url,
                      "The shop's base URL instead of https://NAME.myshopify.com");
  shopify->add_option("--api-version", a->api_version, "Admin API version (2024-10)");
  AddCommon(shopify, a.get(), g,
            "File holding the Admin API access token (else $PACKPROD_SHOPIFY_TOKEN)");
  shopify->callback([g, a] { RunShopify(*g, *a); });
}

}  // namespace packprod::app
