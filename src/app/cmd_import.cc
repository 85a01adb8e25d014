// `packprod import FILE... --client ID`: JSON Lines or CSV, same validation and
// idempotency as the HTTP import, committed in batches; progress on a terminal.
#include <unistd.h>

#include <iostream>
#include <sstream>

#include <boost/json.hpp>
#include <fmt/core.h>

#include "app/commands.h"
#include "domain/csv_orders.h"
#include "domain/text_encoding.h"
#include "store/importer.h"

namespace packprod::app {
namespace json = boost::json;
namespace {

struct ImportArgs {
  std::vector<std::string> files;
  std::string client, format, date_format, timezone, encoding = "utf-8";
  std::vector<std::string> map;
  bool round_money = false;
  int batch = 500;
};

// One order ready for validation, with where it came from.
struct Pending {
  json::value order;
  int line = 0;
  std::vector<int> item_lines;  // CSV: line of each item row
};

struct Totals {
  std::int64_t created = 0, updated = 0, unchanged = 0, rejected = 0, lines = 0;
};

std::string ReadAll(const std::string& path) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    return ss.str();
  }
  return ReadFileOrExit(path);
}

std::string ToUtf8(std::string raw, const std::string& encoding, const std::string& file) {
  if (encoding == "latin1") return Latin1ToUtf8(raw);
  if (encoding == "cp1252") return Cp1252ToUtf8(raw);
  if (!IsValidUtf8(raw)) {
    throw CommandExit{2, file + ": not UTF-8; use --encoding latin1 or cp1252"};
  }
  return raw;
}

// The line a validation detail points at: the item's row for /items/N/..., else the order's.
int LineOf(const Pending& p, const std::string& path) {
  if (p.item_lines.empty() || !path.starts_with("/items/")) return p.line;
  std::size_t n = std::strtoul(path.c_str() + 7, nullptr, 10);
  return n < p.item_lines.size() ? p.item_lines[n] : p.line;
}

class Importer {
 public:
  Importer(store::Store& st, ClientSettings client, const ImportArgs& a)
      : st_(st), client_(std::move(client)), args_(a), tty_(isatty(STDERR_FILENO)) {}

  void Add(const std::string& file, Pending p) {
    std::vector<Detail> details;
    auto v = ValidateOrder(p.order, client_, "", &details);
    if (!v) {
      ++totals_.rejected;
      for (const auto& d : details) {
        std::cerr << fmt::format("{}:{}: rejected: {}: {}\n", file, LineOf(p, d.path),
                                 d.path.empty() ? "/" : d.path, d.message);
      }
      return;
    }
    batch_.push_back(std::move(*v));
    if (static_cast<int>(batch_.size()) >= args_.batch) Flush();
  }

  void Reject(const std::string& file, int line, const std::string& why) {
    ++totals_.rejected;
    std::cerr << fmt::format("{}:{}: rejected: {}\n", file, line, why);
  }

  void Flush() {
    if (batch_.empty()) return;
    auto out = store::ImportOrders(st_, client_.client_id, std::move(batch_), NowMillis(),
                                   store::ChangeStamp::kCommit);
    batch_.clear();
    ExitIfError(out.status(), "import failed; the orders of this batch were not written");
    totals_.created += out->created;
    totals_.updated += out->updated;
    totals_.unchanged += out->unchanged;
    if (tty_) {
      std::cerr << fmt::format("\rimported {} orders ({} rejected)...",
                               totals_.created + totals_.updated + totals_.unchanged,
                               totals_.rejected)
                << std::flush;
    }
  }

  const Totals& totals() const { return totals_; }
  bool tty() const { return tty_; }

 private:
  store::Store& st_;
  ClientSettings client_;
  const ImportArgs& args_;
  bool tty_;
  std::vector<ValidatedOrder> batch_;
  Totals totals_;
};

void ImportJsonLines(const std::string& file, const std::string& text, const ImportArgs& a,
                     const ClientSettings& client, Importer& imp) {
  std::size_t pos = 0;
  int line = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view row(text.data() + pos, (nl == std::string::npos ? text.size() : nl) - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    ++line;
    if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
    if (row.find_first_not_of(" \t") == std::string_view::npos) continue;
    boost::system::error_code ec;
    json::value v = json::parse(row, ec);
    if (ec) {
      imp.Reject(file, line, "not JSON: " + ec.message());
      continue;
    }
    if (a.round_money && v.is_object()) RoundMoneyFields(v.as_object(), client.currency);
    imp.Add(file, Pending{std::move(v), line, {}});
  }
}

void ImportCsv(const std::string& file, const std::string& text, const ImportArgs& a,
               const ClientSettings& client, Importer& imp) {
  CsvOptions opts;
  for (const auto& m : a.map) {
    auto eq = m.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw CommandExit{2, "--map: expected field=Header, got '" + m + "'"};
    }
    opts.map.emplace_back(m.substr(0, eq), m.substr(eq + 1));
  }
  opts.date_format = a.date_format;
  opts.timezone = a.timezone.empty() ? client.timezone : a.timezone;
  opts.round_money = a.round_money;
  opts.currency = client.currency;
  auto r = CsvToOrders(text, opts);
  if (!r.ok()) throw CommandExit{2, file + ": " + r.status().message()};
  for (const auto& rej : r->rejected) imp.Reject(file, rej.line, rej.reason);
  for (auto& o : r->orders) {
    imp.Add(file, Pending{json::value(std::move(o.order)), o.line, std::move(o.item_lines)});
  }
}

void RunImport(const GlobalOptions& g, const ImportArgs& a) {
  if (a.files.empty()) throw CommandExit{2, "import: name at least one FILE (or - for stdin)"};
  if (!a.format.empty() && a.format != "csv" && a.format != "jsonl") {
    throw CommandExit{2, "--format: must be csv or jsonl"};
  }
  auto st = OpenStoreOrExit(g);
  auto client = st->GetClient(a.client);
  ExitIfError(client.status(), "reading client");
  if (!*client) {
    throw CommandExit{2, "no client '" + a.client + "'; create it with `packprod clients create`"};
  }
  Importer imp(*st, **client, a);
  for (const auto& file : a.files) {
    bool csv = a.format.empty() ? (file.size() > 4 && file.ends_with(".csv")) : a.format == "csv";
    std::string text = ToUtf8(ReadAll(file), a.encoding, file);
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    if (csv) {
      ImportCsv(file, text, a, **client, imp);
    } else {
      ImportJsonLines(file, text, a, **client, imp);
    }
  }
  imp.Flush();
  const Totals& t = imp.totals();
  if (imp.tty()) std::cerr << "\n";
  std::cout << fmt::format("created {}, updated {}, unchanged {}, rejected {}\n", t.created,
                           t.updated, t.unchanged, t.rejected);
  if (t.rejected > 0) throw CommandExit{1, ""};
}

}  // namespace

void RegisterImport(CLI::App& app, GlobalOptions* g) {
  auto* cmd = app.add_subcommand("import", "Import orders from JSON Lines or CSV files");
  auto a = std::make_shared<ImportArgs>();
  cmd->add_option("files", a->files, "Files to import; - reads standard input")->required();
  cmd->add_option("--client", a->client, "Client id")->required();
  cmd->add_option("--format", a->format, "csv or jsonl (default: by extension)");
  cmd->add_option("--map", a->map, "CSV column for a field: field=Header (repeatable)");
  cmd->add_option("--date-format", a->date_format, "strftime-style format of CSV dates");
  cmd->add_option("--timezone", a->timezone, "Zone of dates without an offset (client's)");
  cmd->add_option("--encoding", a->encoding, "utf-8, latin1 or cp1252")
      ->check(CLI::IsMember({"utf-8", "latin1", "cp1252"}))
      ->capture_default_str();
  cmd->add_flag("--round-money", a->round_money,
                "Round money with more than two decimals to the cent instead of rejecting");
  cmd->add_option("--batch", a->batch, "Orders per transaction")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  AddDbOption(cmd, g);
  cmd->callback([g, a] { RunImport(*g, *a); });
}

}  // namespace packprod::app
