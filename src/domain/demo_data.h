// A deterministic synthetic packaging shop (docs/cli.md `demo-data`, docs/targets.md): orders as
// JSON Lines in docs/api.md's import shape, for demos and the benchmark.
//
// The same options give byte-identical output on every run (own PRNG, integer
// arithmetic for every choice that shapes the output; no std::*_distribution). The shop
// sells a catalogue of packaging products (boxes, mailers, envelopes, tape, bubble wrap,
// labels, void fill, pallet wrap, ...) to customers skewed like real shops: most order
// once, a few order hundreds of times. Orders come out in createdAt order, referenced
// PP-0000001, PP-0000002, ...; every order passes docs/api.md's validation without
// warnings (lineTotal = quantity x unitPrice, subtotal = sum of lines, total = subtotal
// + shipping, GST of 1/11 included as tax).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "domain/status.h"
#include "domain/time.h"

namespace packprod {

struct DemoOptions {
  std::int64_t orders = 1000;
  std::int64_t customers = 0;  // 0: orders / 10, at least 1
  int products = 500;
  int years = 3;
  std::uint64_t seed = 1;
  // The last day of the period (a UTC date): orders lie in the `years` years ending with
  // it, every createdAt within [end_day - years + 1 day, end_day + 1 day). The caller sets
  // it (docs/cli.md: --end DATE, default today); output depends on it, not on the clock.
  DayNumber end_day = 0;
};

// InvalidArgument when an option is out of range: orders 0..100,000,000, customers
// >= 0, products 1..100,000, years 1..100, end_day within years 1900..9999.
Status ValidateDemoOptions(const DemoOptions& options);

// Generates the orders one at a time. Construction costs O(orders + customers) time
// and about 4 bytes per order of memory; each order then costs O(its items).
// Not thread-safe; one generator per thread.
class DemoGenerator {
 public:
  // `options` must pass ValidateDemoOptions.
  explicit DemoGenerator(DemoOptions options);
  ~DemoGenerator();
  DemoGenerator(const DemoGenerator&) = delete;
  DemoGenerator& operator=(const DemoGenerator&) = delete;

  // Replaces *jsonl_line with the next order: one compact JSON object, no newline.
  // Returns false (leaving *jsonl_line empty) once every order has been written.
  bool Next(std::string* jsonl_line);

  // Distinct customers (and so e-mail addresses) in the output: min(customers, orders).
  std::int64_t customer_count() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace packprod
