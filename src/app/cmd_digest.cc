// `packprod digest --client ID [--week DATE] [--preview FILE] [--send] [--force]`: the
// weekly digest, and `packprod notify show|set|alerts --client ID`: the client's digest
// and alert settings (docs/digest-and-alerts.md).
#include <fstream>
#include <iostream>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "app/commands.h"
#include "notify/alerts.h"
#include "notify/digest.h"
#include "notify/notifier.h"
#include "notify/settings.h"

namespace packprod::app {
namespace json = boost::json;
namespace {

struct DigestArgs {
  std::string client, week, preview, set;
  bool send = false, force = false;
};

ClientSettings ClientOrExit(store::Store& st, const std::string& id) {
  auto c = st.GetClient(id);
  ExitIfError(c.status(), "reading client");
  if (!*c) throw CommandExit{2, "no client '" + id + "'"};
  return **c;
}

void RunDigest(const GlobalOptions& g, const DigestArgs& a) {
  auto st = OpenStoreOrExit(g);
  ClientSettings client = ClientOrExit(*st, a.client);
  auto tz = TimeZone::Find(client.timezone);
  if (!tz) throw CommandExit{2, "unknown time zone " + client.timezone};
  Millis now = NowMillis();
  DayNumber monday = LastWeekMonday(now, *tz);
  if (!a.week.empty()) {
    auto d = ParseDate(a.week);
    if (!d) throw CommandExit{2, "--week: not a date YYYY-MM-DD: " + a.week};
    monday = *d - WeekdayOfDay(*d);
  }
  auto data = notify::GatherDigest(*st, client, monday);
  ExitIfError(data.status(), "reading the digest's figures");
  if (!a.preview.empty()) {
    std::ofstream out(a.preview, std::ios::binary | std::ios::trunc);
    out << DigestHtml(*data);
    out.close();
    if (!out) throw CommandExit{2, "cannot write " + a.preview};
    std::cerr << "digest written to " << a.preview << "\n";
  }
  if (!a.send) {
    if (a.preview.empty()) std::cout << DigestText(*data);
    return;
  }
  auto settings = notify::LoadSettings(*st, a.client);
  ExitIfError(settings.status(), "reading the notify settings");
  if (settings->recipients.empty() || settings->smtp.url.empty()) {
    throw CommandExit{2, "--send: set recipients and smtp first (packprod notify set)"};
  }
  auto sent = notify::SendDigest(*st, client, *settings, monday, now, a.force);
  if (!sent.ok()) throw CommandExit{2, "digest not sent: " + sent.status().message()};
  if (*sent == notify::DigestOutcome::kAlreadySent) {
    std::cerr << "the digest of the week of " << FormatDate(monday)
              << " was already sent (--force sends it again)\n";
    throw CommandExit{1, ""};
  }
  std::cerr << fmt::format("digest of the week of {} sent to {}\n", FormatDate(monday),
                           fmt::join(settings->recipients, ", "));
}

void RunNotifyShow(const GlobalOptions& g, const DigestArgs& a) {
  auto st = OpenStoreOrExit(g);
  ClientOrExit(*st, a.client);
  if (!a.set.empty()) {
    std::string text = a.set.starts_with("@") ? ReadFileOrExit(a.set.substr(1)) : a.set;
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec) throw CommandExit{2, "settings: not JSON: " + ec.message()};
    Status s = notify::SaveSettings(*st, a.client, v);
    if (s.code() == Status::Code::kInvalidArgument) throw CommandExit{2, s.message()};
    ExitIfError(s, "saving the settings");
  }
  auto s = notify::LoadSettings(*st, a.client);
  ExitIfError(s.status(), "reading the settings");
  std::cout << json::serialize(notify::NotifySettingsJson(*s)) << "\n";
}

void RunNotifyAlerts(const GlobalOptions& g, const DigestArgs& a) {
  auto st = OpenStoreOrExit(g);
  ClientOrExit(*st, a.client);
  auto alerts = notify::AlertsJson(*st, a.client);
  ExitIfError(alerts.status(), "reading the alerts");
  std::cout << json::serialize(*alerts) << "\n";
}

}  // namespace

void RegisterDigest(CLI::App& app, GlobalOptions* g) {
  auto a = std::make_shared<DigestArgs>();
  auto* cmd = app.add_subcommand("digest", "The weekly digest of a client (last week)");
  cmd->add_option("--client", a->client, "Client id")->required();
  cmd->add_option("--week", a->week, "Any day of the week to digest (default: last week)");
  cmd->add_option("--preview", a->preview, "Write the digest's HTML to this file");
  cmd->add_flag("--send", a->send, "Mail it to the client's recipients (once per week)");
  cmd->add_flag("--force", a->force, "With --send: send even when that week was sent");
  AddDbOption(cmd, g);
  cmd->callback([g, a] { RunDigest(*g, *a); });

  auto* notify = app.add_subcommand("notify", "The digest and alert settings of a client");
  notify->require_subcommand(1);
  auto* show = notify->add_subcommand("show", "Print the settings (JSON)");
  show->add_option("--client", a->client, "Client id")->required();
  AddDbOption(show, g);
  show->callback([g, a] { RunNotifyShow(*g, *a); });
  auto* set = notify->add_subcommand("set", "Replace the settings with JSON (or @FILE)");
  set->add_option("--client", a->client, "Client id")->required();
  set->add_option("settings", a->set, "The settings JSON, or @FILE")->required();
  AddDbOption(set, g);
  set->callback([g, a] { RunNotifyShow(*g, *a); });
  auto* alerts = notify->add_subcommand("alerts", "Print the active and recent alerts (JSON)");
  alerts->add_option("--client", a->client, "Client id")->required();
  AddDbOption(alerts, g);
  alerts->callback([g, a] { RunNotifyAlerts(*g, *a); });
}

}  // namespace packprod::app
