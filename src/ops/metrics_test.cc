#include "ops/metrics.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "ops/metrics_process.h"
#include "ops/metrics_server.h"

namespace packprod::ops {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(MetricsTest, CounterGaugeAndLabels) {
  Registry r;
  auto& c = r.AddCounter("t_requests_total", "Requests.", {"route", "status"});
  auto& g = r.AddGauge("t_temperature", "Degrees.");
  c.With({"/a", "200"}).Inc();
  c.With({"/a", "200"}).Inc(2);
  c.With({"/b", "500"}).Inc(-5);  // ignored
  g.With({}).Set(-1.5);
  std::string text = r.Expose();
  EXPECT_EQ(text,
            "# HELP t_requests_total Requests.\n"
            "# TYPE t_requests_total counter\n"
            "t_requests_total{route=\"/a\",status=\"200\"} 3\n"
            "t_requests_total{route=\"/b\",status=\"500\"} 0\n"
            "# HELP t_temperature Degrees.\n"
            "# TYPE t_temperature gauge\n"
            "t_temperature -1.5\n");
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Registry r;
  auto& h = r.AddHistogram("t_seconds", "Latency.", {"route"}, {0.1, 1});
  for (double v : {0.05, 0.1, 0.5, 3.0}) h.With({"/x"}).Observe(v);
  std::string text = r.Expose();
  EXPECT_TRUE(Contains(text, "t_seconds_bucket{route=\"/x\",le=\"0.1\"} 2\n")) << text;
  EXPECT_TRUE(Contains(text, "t_seconds_bucket{route=\"/x\",le=\"1\"} 3\n")) << text;
  EXPECT_TRUE(Contains(text, "t_seconds_bucket{route=\"/x\",le=\"+Inf\"} 4\n")) << text;
  EXPECT_TRUE(Contains(text, "t_seconds_sum{route=\"/x\"} 3.65\n")) << text;
  EXPECT_TRUE(Contains(text, "t_seconds_count{route=\"/x\"} 4\n")) << text;
}

TEST(MetricsTest, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(EscapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  EXPECT_EQ(EscapeHelp("x\\y\nz \"q\""), "x\\\\y\\nz \"q\"");
  Registry r;
  r.AddCounter("t_total", "Line one\nline two.", {"path"}).With({"/a\"b"}).Inc();
  std::string text = r.Expose();
  EXPECT_TRUE(Contains(text, "# HELP t_total Line one\\nline two.\n")) << text;
  EXPECT_TRUE(Contains(text, "t_total{path=\"/a\\\"b\"} 1\n")) << text;
}

TEST(MetricsTest, FormatValue) {
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(42), "42");
  EXPECT_EQ(FormatValue(0.25), "0.25");
  EXPECT_EQ(FormatValue(1e20), "1e+20");
  EXPECT_EQ(FormatValue(1.0 / 0.0), "+Inf");
  EXPECT_EQ(FormatValue(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(FormatValue(std::nan("")), "NaN");
}

TEST(MetricsTest, MisuseIsABug) {
  Registry r;
  auto& c = r.AddCounter("t_total", "x", {"a"});
  EXPECT_THROW(c.With({}), std::invalid_argument);
  EXPECT_THROW(r.AddCounter("t_total", "again"), std::invalid_argument);
  EXPECT_THROW(r.AddCounter("bad-name", "x"), std::invalid_argument);
  EXPECT_THROW(r.AddCounter("t2_total", "x", {"le"}), std::invalid_argument);
  EXPECT_THROW(r.AddHistogram("t_h", "x", {}, {1, 1}), std::invalid_argument);
}

TEST(MetricsTest, ConcurrentIncrementsAreAllCounted) {
  Registry r;
  auto& c = r.AddCounter("t_total", "x", {"k"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&c, t] {
      for (int i = 0; i < 10000; ++i) c.With({std::to_string((t + i) % 3)}).Inc();
    });
  }
  for (auto& t : threads) t.join();
  double total = 0;
  for (int k = 0; k < 3; ++k) total += c.With({std::to_string(k)}).value();
  EXPECT_EQ(total, 80000);
}

TEST(MetricsTest, ProcessStatsAreRead) {
  ProcessStats s = ReadProcessStats();
  EXPECT_GT(s.resident_bytes, 1 << 20);
  EXPECT_GT(s.virtual_bytes, s.resident_bytes);
  EXPECT_GT(s.open_fds, 2);
  EXPECT_GT(s.start_time_seconds, 1.6e9);
  EXPECT_GE(s.cpu_seconds, 0);
}

// Every family of packprod serve, fed with awkward label values.
std::string ServerExposition() {
  ServerMetrics m;
  m.SetOpenConnections([] { return 3.0; });
  m.RecordRequest({"/api/customers/{id}", "GET", 200, 1.5, true, 1'750'000'000'000});
  m.RecordRequest({"/api/orders", "GET", 400, 0.2, std::nullopt, 1'750'000'000'000});
  m.RecordRequest({"unmatched \"odd\"\\path\n", "<unknown>", 404, 0.1, false, 0});
  m.RecordSlowRequest("/api/reports/sales");
  m.RecordImport("acme", {5, 1, 2});
  m.RecordOrderChanges("acme", {5, 1, 0}, 2, 1'750'000'000'000);
  m.RecordImportRejected(3);
  StreamStats st;
  st.processor = true;
  st.head_seq = 10;
  st.applied_seq = 7;
  st.lag_p50_ms = 12.5;
  m.SetStream(st);
  return m.Expose();
}

TEST(MetricsTest, ServerMetricsHaveTheDocumentedFamilies) {
  std::string text = ServerExposition();
  for (const char* part :
       {"# TYPE packprod_http_requests_total counter\n",
        "packprod_http_requests_total{route=\"/api/customers/{id}\",method=\"GET\",status=\"200\"} "
        "1\n",
        "# TYPE packprod_http_request_duration_seconds histogram\n",
        "packprod_http_request_duration_seconds_bucket{route=\"/api/orders\",le=\"0.0005\"} 1\n",
        "packprod_cache_hits_total{route=\"/api/customers/{id}\"} 1\n",
        "packprod_http_slow_requests_total{route=\"/api/reports/sales\"} 1\n",
        "packprod_import_orders_total{outcome=\"created\"} 5\n",
        "# TYPE packprod_order_changes_total counter\n",
        "packprod_order_changes_total{op=\"removed\"} 2\n",
        "packprod_import_orders_total{outcome=\"rejected\"} 3\n",
        "packprod_import_batches_total{result=\"rejected\"} 1\n",
        "packprod_http_open_connections 3\n", "packprod_stream_backlog 3\n",
        "packprod_stream_lag_p50_seconds 0.0125\n", "# TYPE process_cpu_seconds_total counter\n",
        "process_resident_memory_bytes "}) {
    EXPECT_TRUE(Contains(text, part)) << part << "\n" << text;
  }
  // Every sample line has a TYPE'd family and a parseable shape.
  std::regex sample(R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? -?([0-9.e+]+|\+Inf|NaN)$)");
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("#")) continue;
    EXPECT_TRUE(std::regex_match(line, sample)) << line;
  }
}

// promtool (Debian package `prometheus`) lints the real exposition when installed.
TEST(MetricsTest, PromtoolCheckMetricsPasses) {
  if (std::system("command -v promtool >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "promtool not installed (apt-get install prometheus)";
  }
  std::string path = ::testing::TempDir() + "packprod_metrics_" + std::to_string(getpid());
  std::ofstream(path + ".prom") << ServerExposition();
  std::string cmd = "promtool check metrics < " + path + ".prom > " + path + ".out 2>&1";
  int rc = std::system(cmd.c_str());
  std::ifstream out(path + ".out");
  std::string report((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  EXPECT_EQ(rc, 0) << report;
  std::remove((path + ".prom").c_str());
  std::remove((path + ".out").c_str());
}

}  // namespace
}  // namespace packprod::ops
