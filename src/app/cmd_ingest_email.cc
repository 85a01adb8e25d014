// `packprod ingest-email FILE... --client ID` (also --maildir DIR, --imap URL): reads order
// e-mails and imports their orders; a message that fails goes to the failure queue.
// Exit 1 when any message failed.
#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app/commands.h"
#include "email/imap.h"
#include "email/ingest.h"

namespace packprod::app {
namespace fs = std::filesystem;
namespace {

struct IngestArgs {
  std::vector<std::string> files;
  std::string client, maildir, imap, password_env = "PACKPROD_IMAP_PASSWORD", password_file;
  int poll = 0;
};

struct Tally {
  int imported = 0, duplicate = 0, failed = 0, dismissed = 0;
};

volatile std::sig_atomic_t g_stop = 0;

// An mbox (mboxrd): messages start at lines "From ..."; ">From" lines lose one '>'.
std::vector<std::string> SplitMbox(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  bool in = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string::npos ? text.size() : nl + 1;
    std::string_view line(text.data() + pos, end - pos);
    pos = end;
    if (line.starts_with("From ")) {
      if (in) out.push_back(std::move(cur));
      cur.clear();
      in = true;
      continue;
    }
    std::size_t gt = line.find_first_not_of('>');
    if (gt > 0 && gt != std::string_view::npos && line.substr(gt).starts_with("From ")) {
      line.remove_prefix(1);
    }
    cur.append(line);
  }
  if (in) out.push_back(std::move(cur));
  return out;
}

class Ingester {
 public:
  Ingester(store::Store& st, ClientSettings client, email::EmailRules rules)
      : st_(st), client_(std::move(client)), rules_(std::move(rules)) {}

  // Ingests one message; `where` names it in the output.
  void One(const std::string& where, std::string_view raw, const std::string& source) {
    auto r = email::IngestMessage(st_, client_, rules_, raw, source, NowMillis());
    ExitIfError(r.status(), where);
    switch (r->kind) {
      case email::IngestResult::Kind::kImported:
        ++tally_.imported;
        std::cout << fmt::format("{}: imported order {} ({}, {})\n", where, r->order_id,
                                 store::ImportResultName(r->import), r->template_);
        for (const auto& w : r->warnings) std::cout << fmt::format("{}: warning: {}\n", where, w);
        break;
      case email::IngestResult::Kind::kDuplicate:
        ++tally_.duplicate;
        std::cout << fmt::format("{}: already imported (Message-ID {})\n", where, r->message_key);
        break;
      case email::IngestResult::Kind::kDismissed:
        ++tally_.dismissed;
        std::cout << fmt::format("{}: dismissed before (Message-ID {}); skipped\n", where,
                                 r->message_key);
        break;
      case email::IngestResult::Kind::kFailed:
        ++tally_.failed;
        std::cout << fmt::format("{}: failed at {}: {} (queued as failure {})\n", where, r->field,
                                 r->reason, r->failure_id);
        break;
    }
    std::cout << std::flush;
  }

  const Tally& tally() const { return tally_; }

 private:
  store::Store& st_;
  ClientSettings client_;
  email::EmailRules rules_;
  Tally tally_;
};

void IngestFile(Ingester& ing, const std::string& path) {
  std::string text = ReadFileOrExit(path);
  if (text.starts_with("From ")) {
    auto messages = SplitMbox(text);
    for (std::size_t i = 0; i < messages.size(); ++i) {
      ing.One(fmt::format("{}#{}", path, i + 1), messages[i], "file");
    }
  } else {
    ing.One(path, text, "file");
  }
}

void IngestMaildir(Ingester& ing, const std::string& dir) {
  std::vector<fs::path> files;
  for (const char* sub : {"cur", "new"}) {
    fs::path d = fs::path(dir) / sub;
    std::error_code ec;
    if (!fs::is_directory(d, ec)) continue;
    for (const auto& e : fs::directory_iterator(d)) {
      if (e.is_regular_file()) files.push_back(e.path());
    }
  }
  if (files.empty() && !fs::is_directory(fs::path(dir) / "cur") &&
      !fs::is_directory(fs::path(dir) / "new")) {
    throw CommandExit{2, "--maildir: " + dir + " has no cur/ or new/ folder"};
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) ing.One(f.string(), ReadFileOrExit(f.string()), "maildir");
}

std::string ImapPassword(const IngestArgs& a) {
  if (!a.password_file.empty()) {
    std::string p = ReadFileOrExit(a.password_file);
    while (!p.empty() && (p.back() == '\n' || p.back() == '\r')) p.pop_back();
    return p;
  }
  const char* p = std::getenv(a.password_env.c_str());
  if (!p) {
    throw CommandExit{2, "--imap: set the password in $" + a.password_env +
                             " or name a file with --password-file"};
  }
  return p;
}

// One pass over the mailbox: every message not yet marked is ingested, then marked.
// Stops at the first IMAP error (a message not marked is read again next time; its
// Message-ID keeps it from being imported twice).
Status IngestImapOnce(Ingester& ing, email::ImapMailbox& box) {
  PP_ASSIGN_OR_RETURN(auto uids, box.Pending());
  for (std::int64_t uid : uids) {
    if (g_stop) break;
    PP_ASSIGN_OR_RETURN(std::string raw, box.Fetch(uid));
    ing.One(fmt::format("imap UID {}", uid), raw, "imap");
    PP_RETURN_IF_ERROR(box.MarkDone(uid));
  }
  return Status::Ok();
}

void RunIngest(const GlobalOptions& g, const IngestArgs& a) {
  if (a.files.empty() && a.maildir.empty() && a.imap.empty()) {
    throw CommandExit{2, "ingest-email: name FILEs, --maildir DIR or --imap URL"};
  }
  auto st = OpenStoreOrExit(g);
  auto client = st->GetClient(a.client);
  ExitIfError(client.status(), "reading client");
  if (!*client) {
    throw CommandExit{2, "no client '" + a.client + "'; create it with `packprod clients create`"};
  }
  auto rules = email::LoadRules(*st, a.client);
  ExitIfError(rules.status(), "reading the e-mail rules");
  Ingester ing(*st, **client, *rules);
  for (const auto& f : a.files) IngestFile(ing, f);
  if (!a.maildir.empty()) IngestMaildir(ing, a.maildir);
  if (!a.imap.empty()) {
    auto box = email::ImapMailbox::Open(a.imap, ImapPassword(a));
    if (!box.ok()) throw CommandExit{2, box.status().message()};
    std::signal(SIGINT, [](int) { g_stop = 1; });
    std::signal(SIGTERM, [](int) { g_stop = 1; });
    while (true) {
      Status s = IngestImapOnce(ing, **box);
      if (!s.ok() && a.poll <= 0) throw CommandExit{2, s.message()};
      if (!s.ok()) std::cerr << "packprod: " << s.message() << "; trying again\n" << std::flush;
      if (a.poll <= 0) break;
      for (int i = 0; i < a.poll * 10 && !g_stop; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      if (g_stop) break;
    }
  }
  const Tally& t = ing.tally();
  std::cout << fmt::format("imported {}, already imported {}, failed {}", t.imported, t.duplicate,
                           t.failed);
  if (t.dismissed > 0) std::cout << fmt::format(", dismissed before {}", t.dismissed);
  std::cout << "\n";
  // A poller stopped by a signal ends well: its failures were reported and queued.
  if (t.failed > 0 && !g_stop) throw CommandExit{1, ""};
}

}  // namespace

void RegisterIngestEmail(CLI::App& app, GlobalOptions* g) {
  auto* cmd = app.add_subcommand("ingest-email", "Import the orders of order e-mails");
  auto a = std::make_shared<IngestArgs>();
  cmd->add_option("files", a->files, "RFC 5322 message files or mboxes");
  cmd->add_option("--client", a->client, "Client id")->required();
  cmd->add_option("--maildir", a->maildir, "A Maildir folder (its cur/ and new/ messages)");
  cmd->add_option("--imap", a->imap, "imaps://user@host/INBOX (imap:// for plain text)");
  cmd->add_option("--password-env", a->password_env, "Environment variable with the IMAP password")
      ->capture_default_str();
  cmd->add_option("--password-file", a->password_file, "File holding the IMAP password");
  cmd->add_option(
         "--poll", a->poll,
         "With --imap: check again every N seconds until SIGTERM/SIGINT (then exit 0); 0: once")
      ->check(CLI::Range(0, 86400))
      ->capture_default_str();
  AddDbOption(cmd, g);
  cmd->callback([g, a] { RunIngest(*g, *a); });
}

}  // namespace packprod::app
