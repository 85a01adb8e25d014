// A small Prometheus metrics registry: counters, gauges and histograms with labels, and
// values read at scrape time, written in the text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/).
//
//   Registry r;
//   auto& requests = r.AddCounter("app_requests_total", "Requests.", {"route"});
//   requests.With({"/api/orders"}).Inc();
//   std::string text = r.Expose();
//
// Names must match [a-zA-Z_:][a-zA-Z0-9_:]* and labels [a-zA-Z_][a-zA-Z0-9_]* (not
// "le"); a family name may be registered once. Breaking these, or passing a wrong number
// of label values, is a bug: std::invalid_argument.
//
// Ownership: the registry owns its families and a family its children; references
// returned by Add* and With() stay valid for the registry's lifetime.
// Thread-safety: Add* must happen before the registry is shared. With(), the metric
// operations and Expose() may then be called from any thread; each family has a mutex
// for its child map, counters and gauges are atomics, a histogram child has a mutex so
// that a scrape sees its buckets, sum and count consistent.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace packprod::ops {

using LabelValues = std::vector<std::string>;

class Counter {
 public:
  // Adds `v` (must be >= 0; negative values are ignored).
  void Inc(double v = 1);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double v);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  // `bounds`: the upper bounds of the buckets, strictly increasing (+Inf is implied).
  explicit Histogram(std::vector<double> bounds);
  void Observe(double v);

  struct Snapshot {
    std::vector<double> bounds;
    std::vector<std::uint64_t> cumulative;  // per bound, then +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };
  Snapshot Read() const;

 private:
  const std::vector<double> bounds_;
  mutable std::mutex mu_;
  std::vector<std::uint64_t> counts_;  // per bucket, not cumulative; guarded by mu_
  double sum_ = 0;                     // guarded by mu_
  std::uint64_t count_ = 0;            // guarded by mu_
};

// The part every family shares: name, help, type, label names and how it is written.
class FamilyBase {
 public:
  FamilyBase(std::string name, std::string help, std::string type,
             std::vector<std::string> label_names);
  virtual ~FamilyBase() = default;
  const std::string& name() const { return name_; }
  // Appends the HELP and TYPE lines and every sample.
  void Write(std::string* out) const;

 protected:
  virtual void WriteSamples(std::string* out) const = 0;
  // `l1="v1",l2="v2"` for `values` (escaped), empty without labels.
  std::string LabelText(const LabelValues& values) const;
  void CheckArity(const LabelValues& values) const;

  const std::string name_;
  const std::string help_;
  const std::string type_;
  const std::vector<std::string> label_names_;
};

// Appends the sample line(s) of one child: `labels` is LabelText() of its values.
void WriteSample(const std::string& name, const std::string& labels, const Counter& c,
                 std::string* out);
void WriteSample(const std::string& name, const std::string& labels, const Gauge& g,
                 std::string* out);
void WriteSample(const std::string& name, const std::string& labels, const Histogram& h,
                 std::string* out);

// A metric with labels: one child T per distinct list of label values.
template <typename T>
class Family : public FamilyBase {
 public:
  Family(std::string name, std::string help, std::string type, std::vector<std::string> label_names,
         std::function<std::unique_ptr<T>()> make)
      : FamilyBase(std::move(name), std::move(help), std::move(type), std::move(label_names)),
        make_(std::move(make)) {}

  // The child for `values` (one per label name, in order), created on first use.
  T& With(const LabelValues& values) {
    CheckArity(values);
    std::lock_guard lock(mu_);
    auto it = children_.find(values);
    if (it == children_.end()) it = children_.emplace(values, make_()).first;
    return *it->second;
  }

 protected:
  void WriteSamples(std::string* out) const override {
    std::lock_guard lock(mu_);
    for (const auto& [values, child] : children_) {
      WriteSample(name_, LabelText(values), *child, out);
    }
  }

 private:
  const std::function<std::unique_ptr<T>()> make_;
  mutable std::mutex mu_;
  std::map<LabelValues, std::unique_ptr<T>> children_;  // guarded by mu_
};

enum class MetricType { kCounter, kGauge };

class Registry {
 public:
  Family<Counter>& AddCounter(std::string name, std::string help,
                              std::vector<std::string> label_names = {});
  Family<Gauge>& AddGauge(std::string name, std::string help,
                          std::vector<std::string> label_names = {});
  Family<Histogram>& AddHistogram(std::string name, std::string help,
                                  std::vector<std::string> label_names, std::vector<double> bounds);
  // A metric without labels whose value `read` returns at every Expose(); `read` runs on
  // the scraping thread and must be thread-safe.
  void AddCallback(std::string name, std::string help, MetricType type,
                   std::function<double()> read);

  // The whole exposition, families in registration order, children sorted by labels.
  std::string Expose() const;

 private:
  void CheckNew(const std::string& name, const std::vector<std::string>& label_names);

  std::vector<std::unique_ptr<FamilyBase>> families_;
};

// Exposition helpers, exposed for tests.
// A sample value: integers without a fraction, "+Inf", "-Inf", "NaN", else shortest form.
std::string FormatValue(double v);
// A label value with `\`, `"` and line feeds escaped.
std::string EscapeLabelValue(std::string_view v);
// A HELP text with `\` and line feeds escaped.
std::string EscapeHelp(std::string_view v);

}  // namespace packprod::ops
