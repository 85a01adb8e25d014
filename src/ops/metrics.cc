#include "ops/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace packprod::ops {
namespace {

bool ValidName(std::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  auto ok = [&](char c, bool first) {
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    return alpha || (allow_colon && c == ':') || (!first && c >= '0' && c <= '9');
  };
  for (size_t i = 0; i < name.size(); ++i) {
    if (!ok(name[i], i == 0)) return false;
  }
  return true;
}

std::string Braced(const std::string& labels) { return labels.empty() ? "" : "{" + labels + "}"; }

// Values read at scrape time.
class CallbackFamily : public FamilyBase {
 public:
  CallbackFamily(std::string name, std::string help, std::string type, std::function<double()> read)
      : FamilyBase(std::move(name), std::move(help), std::move(type), {}), read_(std::move(read)) {}

 protected:
  void WriteSamples(std::string* out) const override {
    *out += name_ + " " + FormatValue(read_()) + "\n";
  }

 private:
  const std::function<double()> read_;
};

}  // namespace

void Counter::Inc(double v) {
  if (v > 0) value_.fetch_add(v, std::memory_order_relaxed);
}

void Gauge::Add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {
  for (size_t i = 0; i < bounds_.size(); ++i) {
    if (!std::isfinite(bounds_[i]) || (i > 0 && bounds_[i] <= bounds_[i - 1])) {
      throw std::invalid_argument("histogram bounds must be finite and strictly increasing");
    }
  }
}

void Histogram::Observe(double v) {
  size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  std::lock_guard lock(mu_);
  counts_[i]++;
  sum_ += v;
  count_++;
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot s;
  s.bounds = bounds_;
  std::lock_guard lock(mu_);
  std::uint64_t running = 0;
  for (std::uint64_t c : counts_) s.cumulative.push_back(running += c);
  s.sum = sum_;
  s.count = count_;
  return s;
}

void WriteSample(const std::string& name, const std::string& labels, const Counter& c,
                 std::string* out) {
  *out += name + Braced(labels) + " " + FormatValue(c.value()) + "\n";
}

void WriteSample(const std::string& name, const std::string& labels, const Gauge& g,
                 std::string* out) {
  *out += name + Braced(labels) + " " + FormatValue(g.value()) + "\n";
}

void WriteSample(const std::string& name, const std::string& labels, const Histogram& h,
                 std::string* out) {
  Histogram::Snapshot s = h.Read();
  std::string prefix = labels.empty() ? "" : labels + ",";
  for (size_t i = 0; i < s.cumulative.size(); ++i) {
    std::string le = i < s.bounds.size() ? FormatValue(s.bounds[i]) : "+Inf";
    *out += fmt::format("{}_bucket{{{}le=\"{}\"}} {}\n", name, prefix, le, s.cumulative[i]);
  }
  *out += name + "_sum" + Braced(labels) + " " + FormatValue(s.sum) + "\n";
  *out += name + "_count" + Braced(labels) + " " + FormatValue(static_cast<double>(s.count)) + "\n";
}

FamilyBase::FamilyBase(std::string name, std::string help, std::string type,
                       std::vector<std::string> label_names)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(std::move(type)),
      label_names_(std::move(label_names)) {}

void FamilyBase::Write(std::string* out) const {
  *out += "# HELP " + name_ + " " + EscapeHelp(help_) + "\n";
  *out += "# TYPE " + name_ + " " + type_ + "\n";
  WriteSamples(out);
}

std::string FamilyBase::LabelText(const LabelValues& values) const {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text += ',';
    text += label_names_[i] + "=\"" + EscapeLabelValue(values[i]) + "\"";
  }
  return text;
}

void FamilyBase::CheckArity(const LabelValues& values) const {
  if (values.size() != label_names_.size()) {
    throw std::invalid_argument(fmt::format("{}: {} label values for {} labels", name_,
                                            values.size(), label_names_.size()));
  }
}

Family<Counter>& Registry::AddCounter(std::string name, std::string help,
                                      std::vector<std::string> label_names) {
  CheckNew(name, label_names);
  auto f = std::make_unique<Family<Counter>>(std::move(name), std::move(help), "counter",
                                             std::move(label_names),
                                             [] { return std::make_unique<Counter>(); });
  auto& ref = *f;
  families_.push_back(std::move(f));
  return ref;
}

Family<Gauge>& Registry::AddGauge(std::string name, std::string help,
                                  std::vector<std::string> label_names) {
  CheckNew(name, label_names);
  auto f = std::make_unique<Family<Gauge>>(std::move(name), std::move(help), "gauge",
                                           std::move(label_names),
                                           [] { return std::make_unique<Gauge>(); });
  auto& ref = *f;
  families_.push_back(std::move(f));
  return ref;
}

Family<Histogram>& Registry::AddHistogram(std::string name, std::string help,
                                          std::vector<std::string> label_names,
                                          std::vector<double> bounds) {
  CheckNew(name, label_names);
  Histogram probe(bounds);  // validates the bounds now rather than on first use
  auto f = std::make_unique<Family<Histogram>>(
      std::move(name), std::move(help), "histogram", std::move(label_names),
      [bounds = std::move(bounds)] { return std::make_unique<Histogram>(bounds); });
  auto& ref = *f;
  families_.push_back(std::move(f));
  return ref;
}

void Registry::AddCallback(std::string name, std::string help, MetricType type,
                           std::function<double()> read) {
  CheckNew(name, {});
  families_.push_back(std::make_unique<CallbackFamily>(
      std::move(name), std::move(help), type == MetricType::kCounter ? "counter" : "gauge",
      std::move(read)));
}

std::string Registry::Expose() const {
  std::string out;
  for (const auto& f : families_) f->Write(&out);
  return out;
}

void Registry::CheckNew(const std::string& name, const std::vector<std::string>& label_names) {
  if (!ValidName(name, true)) throw std::invalid_argument("bad metric name: " + name);
  for (const auto& l : label_names) {
    if (!ValidName(l, false) || l == "le" || l.starts_with("__")) {
      throw std::invalid_argument(fmt::format("{}: bad label name: {}", name, l));
    }
  }
  for (const auto& f : families_) {
    if (f->name() == name) throw std::invalid_argument("metric registered twice: " + name);
  }
}

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::trunc(v) && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{}", v);
}

std::string EscapeLabelValue(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string EscapeHelp(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace packprod::ops
