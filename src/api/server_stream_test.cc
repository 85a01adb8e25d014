// Streaming responses (api/server_stream.h) through a real Server over a real socket.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include "api/server.h"
#include "api/server_stream.h"

namespace packprod::api {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A body fed by the test: Push() from any thread, Finish() ends it.
class FakeBody : public StreamBody {
 public:
  void Start(std::function<void()> wake) override {
    std::lock_guard lock(mu_);
    wake_ = std::move(wake);
    started = true;
  }
  bool Pull(std::string* out) override {
    std::lock_guard lock(mu_);
    for (auto& piece : pending_) *out += piece;
    pending_.clear();
    return !finished_;
  }
  std::string Heartbeat() override { return ":hb\n"; }
  std::chrono::milliseconds heartbeat_interval() const override { return interval; }
  void Cancel() override { cancels++; }

  void Push(std::string piece, bool finish = false) {
    std::lock_guard lock(mu_);
    pending_.push_back(std::move(piece));
    finished_ = finish;
    if (wake_) wake_();
  }

  std::chrono::milliseconds interval = 200ms;
  std::atomic<bool> started{false};
  std::atomic<int> cancels{0};

 private:
  std::mutex mu_;
  std::function<void()> wake_;
  std::deque<std::string> pending_;
  bool finished_ = false;
};

// A raw client: what arrives on the socket, as text.
class RawClient {
 public:
  explicit RawClient(uint16_t port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    timeval tv{0, 100'000};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~RawClient() { Close(); }
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }
  bool connected() const { return connected_; }
  void Send(const std::string& s) { ASSERT_EQ(write(fd_, s.data(), s.size()), ssize_t(s.size())); }

  // Reads until `part` has arrived, the peer closes, or `limit` passes.
  bool WaitFor(const std::string& part, std::chrono::milliseconds limit = 10000ms) {
    auto deadline = Clock::now() + limit;
    while (text.find(part) == std::string::npos && Clock::now() < deadline) {
      if (!ReadSome()) return text.find(part) != std::string::npos;
    }
    return text.find(part) != std::string::npos;
  }
  // Reads until the server closes (true) or `limit` passes (false).
  bool WaitClosed(std::chrono::milliseconds limit = 10000ms) {
    auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
      if (!ReadSome()) return closed_;
    }
    return false;
  }

  std::string text;

 private:
  // False once the peer closed; a timeout returns true (try again).
  bool ReadSome() {
    char buf[4096];
    ssize_t n = read(fd_, buf, sizeof buf);
    if (n > 0) text.append(buf, size_t(n));
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) closed_ = true;
    return !closed_;
  }

  int fd_;
  bool connected_ = false;
  bool closed_ = false;
};

class ServerEventStreamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    options.read_timeout = 2s;
    options.shutdown_grace = 2s;
    server_ = std::make_unique<Server>(
        options,
        [this](Request& req) {
          if (req.path != "/stream") return Response{200, "{}"};
          Response res;
          res.content_type = "text/event-stream";
          res.headers.emplace_back("Cache-Control", "no-cache");
          res.stream = body_;
          return res;
        },
        nullptr);
    ASSERT_TRUE(server_->Listen().ok());
    thread_ = std::thread([this] { server_->Run(); });
  }

  void TearDown() override {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
  }

  std::string StreamRequest() { return "GET /stream HTTP/1.1\r\nHost: t\r\n\r\n"; }

  std::shared_ptr<FakeBody> body_ = std::make_shared<FakeBody>();
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(ServerEventStreamTest, WritesChunksAsTheyArriveThenTheLastChunk) {
  RawClient client(server_->port());
  ASSERT_TRUE(client.connected());
  client.Send(StreamRequest());
  ASSERT_TRUE(client.WaitFor("\r\n\r\n"));
  EXPECT_NE(client.text.find("HTTP/1.1 200 OK\r\n"), std::string::npos) << client.text;
  EXPECT_NE(client.text.find("Transfer-Encoding: chunked\r\n"), std::string::npos);
  EXPECT_NE(client.text.find("Content-Type: text/event-stream\r\n"), std::string::npos);
  EXPECT_NE(client.text.find("Cache-Control: no-cache\r\n"), std::string::npos);
  EXPECT_NE(client.text.find("X-Request-Id: "), std::string::npos);
  EXPECT_NE(client.text.find("Server-Timing: app;dur="), std::string::npos);
  EXPECT_EQ(client.text.find("Content-Length"), std::string::npos);
  EXPECT_EQ(server_->open_connections(), 1u);

  body_->Push("data: one\n\n");
  ASSERT_TRUE(client.WaitFor("b\r\ndata: one\n\n\r\n")) << client.text;
  body_->Push("data: two\n\n", /*finish=*/true);
  ASSERT_TRUE(client.WaitFor("data: two\n\n\r\n0\r\n\r\n")) << client.text;
  EXPECT_TRUE(client.WaitClosed());
  EXPECT_EQ(body_->cancels.load(), 1);
}

TEST_F(ServerEventStreamTest, HeartbeatsWhileSilent) {
  RawClient client(server_->port());
  client.Send(StreamRequest());
  ASSERT_TRUE(client.WaitFor("\r\n\r\n"));
  auto t0 = Clock::now();
  ASSERT_TRUE(client.WaitFor("4\r\n:hb\n\r\n")) << client.text;
  EXPECT_GE(Clock::now() - t0, 150ms);
}

// The write timeout (read_timeout, 2 s here) bounds each write, not the silence between.
TEST_F(ServerEventStreamTest, SilenceLongerThanTheWriteTimeoutIsFine) {
  body_->interval = 2500ms;
  RawClient client(server_->port());
  client.Send(StreamRequest());
  ASSERT_TRUE(client.WaitFor("\r\n\r\n"));
  ASSERT_TRUE(client.WaitFor("4\r\n:hb\n\r\n", 10000ms)) << client.text;
  body_->Push("data: late\n\n");
  EXPECT_TRUE(client.WaitFor("data: late")) << client.text;
}

TEST_F(ServerEventStreamTest, ClientClosingEndsTheStream) {
  {
    RawClient client(server_->port());
    client.Send(StreamRequest());
    ASSERT_TRUE(client.WaitFor("\r\n\r\n"));
  }
  auto deadline = Clock::now() + 3s;
  while (body_->cancels.load() == 0 && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(body_->cancels.load(), 1);
  while (server_->open_connections() > 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(server_->open_connections(), 0u);
}

TEST_F(ServerEventStreamTest, ShutdownEndsOpenStreamsPromptly) {
  RawClient client(server_->port());
  client.Send(StreamRequest());
  ASSERT_TRUE(client.WaitFor("\r\n\r\n"));
  auto t0 = Clock::now();
  server_->Stop();
  thread_.join();
  EXPECT_LT(Clock::now() - t0, 5s);  // not the stream's 2 s write timeout, nor hanging
  EXPECT_TRUE(client.WaitFor("0\r\n\r\n")) << client.text;
  EXPECT_TRUE(client.WaitClosed());
  EXPECT_EQ(body_->cancels.load(), 1);
}

TEST_F(ServerEventStreamTest, HeadDoesNotStartTheStream) {
  RawClient client(server_->port());
  client.Send("HEAD /stream HTTP/1.1\r\nHost: t\r\n\r\n");
  ASSERT_TRUE(client.WaitFor("\r\n\r\n"));
  EXPECT_NE(client.text.find("200 OK"), std::string::npos);
  EXPECT_FALSE(body_->started.load());
}

// The check behind "the client closed its side": a wait for readability can complete with
// nothing to read, so the stream ends only on what a peek at the socket shows.
TEST(PeerStateTest, TellsQuietFromSentFromClosed) {
  namespace asio = boost::asio;
  using tcp = asio::ip::tcp;
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  auto pair = [&] {
    tcp::socket client(io), server(io);
    client.connect(acceptor.local_endpoint());
    acceptor.accept(server);
    return std::pair(std::move(client), std::move(server));
  };
  // Polls until the peer's action has reached the socket (loopback: at once in practice).
  auto settles_to = [](tcp::socket& s, Peer want) {
    auto deadline = Clock::now() + 5s;
    while (PeerState(s) != want && Clock::now() < deadline) std::this_thread::sleep_for(5ms);
    return PeerState(s) == want;
  };

  auto [quiet_client, quiet_server] = pair();
  EXPECT_EQ(PeerState(quiet_server), Peer::kQuiet);

  auto [talking_client, talking_server] = pair();
  asio::write(talking_client, asio::buffer(std::string("x")));
  EXPECT_TRUE(settles_to(talking_server, Peer::kSent));
  EXPECT_EQ(PeerState(talking_server), Peer::kSent);  // a peek leaves the byte there

  auto [closing_client, closing_server] = pair();
  closing_client.close();
  EXPECT_TRUE(settles_to(closing_server, Peer::kClosed));
  EXPECT_EQ(PeerState(quiet_server), Peer::kQuiet);  // the others are untouched
}

}  // namespace
}  // namespace packprod::api
