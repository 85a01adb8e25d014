// `packprod demo-data`: a deterministic synthetic shop as JSON Lines.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include <fmt/core.h>

#include "app/commands.h"
#include "domain/demo_data.h"

namespace packprod::app {
namespace {

struct DemoArgs {
  std::int64_t orders = 1000;
  std::int64_t customers = 0;
  int products = 500;
  int years = 3;
  std::uint64_t seed = 1;
  std::string end;
  std::string out;
};

void RunDemo(const DemoArgs& a) {
  DemoOptions o;
  o.orders = a.orders;
  o.customers = a.customers;
  o.products = a.products;
  o.years = a.years;
  o.seed = a.seed;
  if (a.end.empty()) {
    // Yesterday, the last whole UTC day: every order lies before today began, so none is
    // later than now (and two runs on one day give the same output).
    o.end_day = static_cast<int>(FloorDiv(NowMillis(), kDayMs)) - 1;
  } else {
    auto d = ParseDate(a.end);
    if (!d) throw CommandExit{2, "--end: must be a date YYYY-MM-DD"};
    o.end_day = *d;
  }
  std::ofstream file;
  if (!a.out.empty()) {
    file.open(a.out, std::ios::binary | std::ios::trunc);
    if (!file) throw CommandExit{2, "cannot write " + a.out};
  }
  std::ostream& out = a.out.empty() ? std::cout : file;
  const bool progress = !a.out.empty() && isatty(STDERR_FILENO);
  DemoGenerator gen(o);
  std::string line;
  std::string buf;
  std::int64_t n = 0;
  while (gen.Next(&line)) {
    buf += line;
    buf += '\n';
    if (buf.size() > (1 << 20)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
    if (progress && ++n % 100000 == 0) {
      std::cerr << fmt::format("\r{} / {} orders", n, a.orders) << std::flush;
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  out.flush();
  if (progress) std::cerr << "\n";
  if (!out) throw CommandExit{2, "writing the demo data failed"};
}

}  // namespace

void RegisterDemoData(CLI::App& app, GlobalOptions* g) {
  auto* cmd = app.add_subcommand("demo-data", "Write a deterministic synthetic shop (JSON Lines)");
  auto a = std::make_shared<DemoArgs>();
  cmd->add_option("--orders", a->orders, "Orders")->check(CLI::Range(0LL, 100000000LL))
      ->capture_default_str();
  cmd->add_option("--customers", a->customers, "Customers (0: orders / 10)")
      ->check(CLI::Range(0LL, 100000000LL));
  cmd->add_option("--products", a->products, "Products in the catalogue")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--years", a->years, "Years of history")->check(CLI::Range(1, 50))
      ->capture_default_str();
  cmd->add_option("--seed", a->seed, "Random seed")->capture_default_str();
  cmd->add_option("--end", a->end, "Last day YYYY-MM-DD (default: yesterday, UTC: no order is later than now)");
  cmd->add_option("--out", a->out, "Write to FILE instead of standard output");
  AddDbOption(cmd, g);  // accepted like everywhere; demo-data writes no store
  cmd->callback([a] { RunDemo(*a); });
}

}  // namespace packprod::app
