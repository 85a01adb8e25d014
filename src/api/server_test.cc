#include "api/server.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <regex>
#include <stdexcept>
#include <thread>

#include "api/envelope.h"

namespace packprod::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using HttpResponse = http::response<http::string_body>;
using namespace std::chrono_literals;

std::atomic<bool> g_slow_started{false};

// /throw throws, /slow takes 300 ms, anything else echoes path, query and body size.
Response TestHandler(Request& req) {
  if (req.path == "/throw") throw std::runtime_error("boom");
  if (req.path == "/slow") {
    g_slow_started = true;
    std::this_thread::sleep_for(300ms);
  }
  return JsonData(
      req, json::object{
               {"path", req.path}, {"q", req.Param("q").value_or("")}, {"bytes", req.body.size()}});
}

// Whether `pred` holds within 10 s (polled); for state the server reaches on its own.
template <typename Pred>
bool Eventually(Pred pred) {
  for (int i = 0; i < 1000; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

std::string Get(std::string_view target, std::string_view extra = "") {
  return fmt::format("GET {} HTTP/1.1\r\nHost: test\r\n{}\r\n", target, extra);
}

// A blocking HTTP client over a real socket; every operation times out after 5 s.
class Client {
 public:
  explicit Client(uint16_t port) : stream_(io_) {
    tcp::endpoint server(asio::ip::make_address("127.0.0.1"), port);
    connect_error_ = Run([&](auto done) {
      stream_.async_connect(server, [done](beast::error_code ec) { done(ec, 0); });
    });
  }

  beast::error_code connect_error() const { return connect_error_; }

  beast::error_code Send(const std::string& data) {
    return Run([&](auto done) { asio::async_write(stream_, asio::buffer(data), done); });
  }

  // Reads one response; `head` when it answers a HEAD request (no body follows).
  beast::error_code Read(HttpResponse* res, bool head = false) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(boost::none);
    parser.skip(head);
    beast::error_code ec =
        Run([&](auto done) { http::async_read(stream_, buffer_, parser, done); });
    *res = parser.release();
    return ec;
  }

  // True when the server closes the connection within `limit`.
  bool WaitClosed(std::chrono::milliseconds limit) {
    stream_.expires_after(limit);
    while (true) {
      beast::error_code ec =
          Run([&](auto done) { stream_.async_read_some(buffer_.prepare(4096), done); }, false);
      if (ec) return ec != beast::error::timeout;
      buffer_.consume(buffer_.size());
    }
  }

 private:
  template <typename Start>
  beast::error_code Run(Start start, bool set_deadline = true) {
    if (set_deadline) stream_.expires_after(5s);
    beast::error_code result;
    start([&result](beast::error_code ec, size_t) { result = ec; });
    io_.restart();
    io_.run();
    return result;
  }

  asio::io_context io_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  beast::error_code connect_error_;
};

class ServerTest : public ::testing::Test {
 protected:
  static ServerOptions Options() {
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.read_timeout = 1s;
    options.idle_timeout = 10s;
    return options;
  }

  void Start(ServerOptions options = Options()) {
    server_ = std::make_unique<Server>(
        options, TestHandler, [this](const Request&, const Response&, double) { ++done_; });
    Status s = server_->Listen();
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_NE(server_->port(), 0);
    thread_ = std::thread([this] { server_->Run(); });
  }

  void TearDown() override {
    if (!thread_.joinable()) return;
    server_->Stop();
    thread_.join();
  }

  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::atomic<int> done_{0};
};

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  Start();
  Client client(server_->port());
  ASSERT_FALSE(client.connect_error());
  HttpResponse res;
  ASSERT_FALSE(client.Send(Get("/a")));
  ASSERT_FALSE(client.Read(&res));
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_TRUE(res.keep_alive());
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_TRUE(
      std::regex_match(std::string(res["Server-Timing"]), std::regex(R"(app;dur=\d+\.\d\d)")))
      << res["Server-Timing"];
  EXPECT_TRUE(std::regex_match(std::string(res["X-Request-Id"]), std::regex("[0-9a-f]{16}")));
  EXPECT_EQ(json::parse(res.body()).at("data").at("path"), "/a");

  ASSERT_FALSE(client.Send(Get("/b%20c?q=x%20y+z", "X-Request-Id: my.id-1\r\n")));
  ASSERT_FALSE(client.Read(&res));
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(res["X-Request-Id"], "my.id-1");
  json::value data = json::parse(res.body()).at("data");
  EXPECT_EQ(data.at("path"), "/b c");
  EXPECT_EQ(data.at("q"), "x y z");
  EXPECT_EQ(done_, 2);
}

TEST_F(ServerTest, HeadSendsHeadersOnly) {
  Start();
  Client client(server_->port());
  HttpResponse res;
  ASSERT_FALSE(client.Send("HEAD /x HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_FALSE(client.Read(&res, /*head=*/true));
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_GT(std::stoi(std::string(res[http::field::content_length])), 0);
  EXPECT_TRUE(res.body().empty());
  ASSERT_FALSE(client.Send(Get("/after")));
  ASSERT_FALSE(client.Read(&res));
  EXPECT_EQ(json::parse(res.body()).at("data").at("path"), "/after");
}

TEST_F(ServerTest, OversizedBodyIs413WithJsonErrorThenClose) {
  Start();
  Client client(server_->port());
  std::string request =
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
      "Content-Length: 2097152\r\n\r\n" +
      std::string(2 << 20, 'x');
  ASSERT_FALSE(client.Send(request));
  HttpResponse res;
  ASSERT_FALSE(client.Read(&res));
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_FALSE(res.keep_alive());
  EXPECT_EQ(json::parse(res.body()).at("error").at("code"), "payload_too_large");
  EXPECT_FALSE(res["X-Request-Id"].empty());
  EXPECT_TRUE(client.WaitClosed(3s));
}

TEST_F(ServerTest, OversizedChunkedBodyIs413) {
  ServerOptions options = Options();
  options.body_limit = 1000;
  Start(options);
  Client client(server_->port());
  ASSERT_FALSE(
      client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "7d0\r\n" +
                  std::string(2000, 'x') + "\r\n0\r\n\r\n"));
  HttpResponse res;
  ASSERT_FALSE(client.Read(&res));
  EXPECT_EQ(res.result_int(), 413u);
  EXPECT_EQ(json::parse(res.body()).at("error").at("code"), "payload_too_large");
}

TEST_F(ServerTest, MalformedRequestIs400ThenClose) {
  Start();
  Client client(server_->port());
  ASSERT_FALSE(client.Send("NOT HTTP AT ALL\r\n\r\n"));
  HttpResponse res;
  ASSERT_FALSE(client.Read(&res));
  EXPECT_EQ(res.result_int(), 400u);
  EXPECT_EQ(json::parse(res.body()).at("error").at("code"), "invalid_argument");
  EXPECT_TRUE(client.WaitClosed(3s));
}

TEST_F(ServerTest, ExpectContinueGetsInterimResponse) {
  Start();
  Client client(server_->port());
  ASSERT_FALSE(client.Send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  HttpResponse res;
  ASSERT_FALSE(client.Read(&res));
  EXPECT_EQ(res.result_int(), 100u);
  ASSERT_FALSE(client.Send("hello"));
  ASSERT_FALSE(client.Read(&res));
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_EQ(json::parse(res.body()).at("data").at("bytes"), 5);
}

TEST_F(ServerTest, HandlerExceptionIs500WithRequestId) {
  Start();
  Client client(server_->port());
  HttpResponse res;
  ASSERT_FALSE(client.Send(Get("/throw", "X-Request-Id: abc\r\n")));
  ASSERT_FALSE(client.Read(&res));
  EXPECT_EQ(res.result_int(), 500u);
  json::value error = json::parse(res.body()).at("error");
  EXPECT_EQ(error.at("code"), "internal");
  EXPECT_NE(std::string(error.at("message").as_string()).find("abc"), std::string::npos);
  EXPECT_TRUE(res.keep_alive());
}

TEST_F(ServerTest, SlowClientIsDroppedWhileOthersAreServed) {
  Start();
  Client slow(server_->port());
  ASSERT_FALSE(slow.Send("GET / HTTP/1.1\r\nHost: t\r\n"));
  Clock::time_point sent = Clock::now();

  Client fast(server_->port());
  HttpResponse res;
  ASSERT_FALSE(fast.Send(Get("/fast")));
  ASSERT_FALSE(fast.Read(&res));
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_LT(Clock::now() - sent, 900ms);

  EXPECT_TRUE(slow.WaitClosed(4s));
  EXPECT_GE(Clock::now() - sent, 900ms);
  EXPECT_LT(Clock::now() - sent, 3s);
}

TEST_F(ServerTest, OverConnectionLimitIs503) {
  ServerOptions options = Options();
  options.max_connections = 1;
  Start(options);
  // A connection still to send its first request is not an idle keep-alive: it stays.
  Client first(server_->port());
  ASSERT_FALSE(first.Send("GET /one HTTP/1.1\r\n"));
  Client second(server_->port());
  HttpResponse res;
  ASSERT_FALSE(second.Read(&res));
  EXPECT_EQ(res.result_int(), 503u);
  EXPECT_EQ(json::parse(res.body()).at("error").at("code"), "unavailable");
  ASSERT_FALSE(first.Send("Host: x\r\n\r\n"));
  ASSERT_FALSE(first.Read(&res));
  EXPECT_EQ(res.result_int(), 200u);
}

TEST_F(ServerTest, AtTheLimitTheLongestIdleKeepAliveMakesRoom) {
  ServerOptions options = Options();
  options.max_connections = 2;
  Start(options);
  HttpResponse res;
  Client oldest(server_->port());
  ASSERT_FALSE(oldest.Send(Get("/one")));
  ASSERT_FALSE(oldest.Read(&res));
  std::this_thread::sleep_for(200ms);  // so that `oldest` has been idle longer
  Client newer(server_->port());
  ASSERT_FALSE(newer.Send(Get("/two")));
  ASSERT_FALSE(newer.Read(&res));
  Client third(server_->port());
  ASSERT_FALSE(third.Send(Get("/three")));
  ASSERT_FALSE(third.Read(&res));
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_TRUE(oldest.WaitClosed(2s));
  ASSERT_FALSE(newer.Send(Get("/again")));
  ASSERT_FALSE(newer.Read(&res));
  EXPECT_EQ(res.result_int(), 200u);
}

TEST_F(ServerTest, BodiesOverTheBudgetAre503WithRetryAfter) {
  ServerOptions options = Options();
  options.body_limit = 1000;
  options.body_budget = 1500;  // one large body at a time
  Start(options);
  auto post = [](size_t length) {
    return "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(length) +
           "\r\n\r\n";
  };
  Client holder(server_->port());
  ASSERT_FALSE(holder.Send(post(1000) + std::string(10, 'a')));  // holds 1000 bytes
  EXPECT_TRUE(Eventually([&] { return server_->body_bytes_held() == 1000u; }));
  Client refused(server_->port());
  ASSERT_FALSE(refused.Send(post(600)));
  HttpResponse res;
  ASSERT_FALSE(refused.Read(&res));
  EXPECT_EQ(res.result_int(), 503u);
  EXPECT_EQ(res[http::field::retry_after], "1");
  Client small(server_->port());  // fits in what is left
  ASSERT_FALSE(small.Send(post(100) + std::string(100, 'b')));
  ASSERT_FALSE(small.Read(&res));
  EXPECT_EQ(res.result_int(), 200u);
  ASSERT_FALSE(holder.Send(std::string(990, 'a')));
  ASSERT_FALSE(holder.Read(&res));
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_TRUE(Eventually([&] { return server_->body_bytes_held() == 0u; }));
}

TEST_F(ServerTest, ListenOnABusyPortFails) {
  Start();
  ServerOptions options = Options();
  options.port = server_->port();
  Server other(options, TestHandler, nullptr);
  Status s = other.Listen();
  EXPECT_EQ(s.code(), Status::Code::kUnavailable);
  EXPECT_NE(s.message().find(std::to_string(server_->port())), std::string::npos) << s.message();
}

TEST_F(ServerTest, StopFinishesInFlightRequestAndClosesIdleOnes) {
  Start();
  Client idle(server_->port());
  HttpResponse res;
  ASSERT_FALSE(idle.Send(Get("/idle")));
  ASSERT_FALSE(idle.Read(&res));

  g_slow_started = false;
  Client busy(server_->port());
  ASSERT_FALSE(busy.Send(Get("/slow")));
  while (!g_slow_started) std::this_thread::sleep_for(1ms);
  Clock::time_point stop = Clock::now();
  server_->Stop();

  EXPECT_TRUE(idle.WaitClosed(2s));
  ASSERT_FALSE(busy.Read(&res));
  EXPECT_EQ(res.result_int(), 200u);
  EXPECT_FALSE(res.keep_alive());
  thread_.join();
  EXPECT_LT(Clock::now() - stop, 2s);
}

TEST_F(ServerTest, StopGivesUpOnStalledRequestsAfterTheGrace) {
  ServerOptions options = Options();
  options.read_timeout = 20s;
  options.shutdown_grace = 1s;
  Start(options);
  Client stalled(server_->port());
  ASSERT_FALSE(stalled.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
  std::this_thread::sleep_for(100ms);
  Clock::time_point stop = Clock::now();
  server_->Stop();
  thread_.join();
  EXPECT_GE(Clock::now() - stop, 900ms);
  EXPECT_LT(Clock::now() - stop, 3s);
  server_.reset();
  EXPECT_TRUE(stalled.WaitClosed(1s));
}

TEST_F(ServerTest, StopBeforeRunReturnsPromptly) {
  Server server(Options(), TestHandler, nullptr);
  ASSERT_TRUE(server.Listen().ok());
  server.Stop();
  Clock::time_point start = Clock::now();
  server.Run();
  EXPECT_LT(Clock::now() - start, 1s);
}

}  // namespace
}  // namespace packprod::api
