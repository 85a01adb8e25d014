#include "api/server.h"

#include <fmt/format.h>
#include <malloc.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "api/envelope.h"
#include "api/request_target.h"
#include "api/server_stream.h"
#include "domain/thread_name.h"

namespace packprod::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using HttpRequest = http::request<http::string_body>;

namespace {

constexpr size_t kHeaderLimit = size_t{16} * 1024;
constexpr size_t kReadChunk = size_t{64} * 1024;
constexpr std::chrono::seconds kMaxLinger{5};

// glibc keeps what a request freed in its per-thread arenas instead of giving it back to
// the system: after the cache=bypass reads of a 1,000,000-order shop (maps of every
// customer, product and bucket, freed once answered) serve's resident set stayed at 620
// MiB in the benchmark; nine such reads in a row left 259 MiB without this and 131 MiB
// with it. Handing it back walks the heap, so it is done only after a request whose
// handler ran this long, the kind that allocates much (reads from the views take a few
// milliseconds).
constexpr double kReleaseMemoryAfterMs = 100;

bool SaneRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

std::string RequestIdFrom(std::string_view header) {
  if (SaneRequestId(header)) return std::string(header);
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return fmt::format("{:016x}", rng());
}

// Copies method, target and headers (what a partly parsed message has, too).
Request RequestHead(const HttpRequest& msg) {
  Request req;
  req.method = msg.method();
  req.target = std::string(msg.target());
  for (const auto& field : msg) {
    req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  req.request_id = RequestIdFrom(req.Header("X-Request-Id"));
  req.path = req.raw_path = req.target.substr(0, req.target.find('?'));
  return req;
}

// Splits the target into decoded path and query. InvalidArgument when malformed.
// True for errors in what the client sent, as opposed to the connection ending early.
bool IsParseError(beast::error_code ec) {
  static const auto& kHttpErrors = http::make_error_code(http::error::bad_target).category();
  return ec.category() == kHttpErrors && ec != http::error::end_of_stream &&
         ec != http::error::partial_message;
}

}  // namespace

// One connection: read a request, serve it, write the response, repeat while
// keep-alive. All members are used on the session's strand only.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Server& server)
      : stream_(std::move(socket)), server_(server), options_(server.options_) {
    beast::error_code ec;
    auto peer = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = peer.address().to_string();
  }
  ~Session() { server_.Unregister(this); }

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Wait(); });
  }

  // Answers 503 `unavailable` with `reason` and closes; for connections not taken.
  void Reject(std::string reason) {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this(), reason = std::move(reason)] {
      Request req;
      req.request_id = RequestIdFrom({});
      self->Fail(req, Status::Unavailable(reason));
    });
  }

  // Closes the connection if it still waits for its next request (chosen by
  // Server::Register to make room for a new client); else nothing.
  void Evict() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->marked_idle_) self->stream_.cancel();
    });
  }

  // Closes the connection if it waits for a request; else it closes after the response.
  void Shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->shutdown_ = true;
      if (self->idle_) self->stream_.cancel();
      if (self->writer_) self->writer_->Stop();
    });
  }

 private:
  // Waits for the first bytes of the next request: idle_timeout between requests,
  // read_timeout on a fresh connection.
  void Wait() {
    idle_ = true;
    if (shutdown_) return Close();
    if (buffer_.size() > 0) return ReadHeader();
    if (!fresh_) {
      marked_idle_ = true;
      server_.SetIdle(this, true);
    }
    stream_.expires_after(fresh_ ? options_.read_timeout : options_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              if (ec) return self->Close();
                              self->buffer_.commit(n);
                              self->ReadHeader();
                            });
  }

  // The whole request (header and body) must arrive within read_timeout from here.
  void ReadHeader() {
    idle_ = false;
    fresh_ = false;
    if (marked_idle_) {
      marked_idle_ = false;
      server_.SetIdle(this, false);
    }
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(options_.body_limit);
    stream_.expires_after(options_.read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->OnReadError(ec);
                              self->OnHeader();
                            });
  }

  void OnHeader() {
    if (parser_->is_done()) return Handle();
    // The body's whole size comes out of the shared budget before any of it is read.
    auto declared = parser_->content_length();
    size_t want = declared ? static_cast<size_t>(*declared) : options_.body_limit;
    auto lease = server_.body_budget_.TryAcquire(want);
    if (!lease) {
      return Fail(RequestHead(parser_->get()),
                  Status::Unavailable("too many request bodies in flight; retry shortly"));
    }
    lease_.emplace(std::move(*lease));
    if (!beast::iequals(parser_->get()[http::field::expect], "100-continue")) return ReadBody();
    static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    asio::async_write(stream_, asio::buffer(kContinue),
                      [self = shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return self->Close();
                        self->ReadBody();
                      });
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec) return self->OnReadError(ec);
                       self->Handle();
                     });
  }

  // Body too large: 413. Malformed HTTP: 400. Timeouts, resets, EOF: just close.
  void OnReadError(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      return Fail(RequestHead(parser_->get()),
                  Status::PayloadTooLarge(fmt::format("body over {} bytes", options_.body_limit)));
    }
    if (IsParseError(ec)) {
      return Fail(RequestHead(parser_->get()),
                  Status::InvalidArgument("malformed HTTP request: " + ec.message()));
    }
    Close();
  }

  void Handle() {
    HttpRequest& msg = parser_->get();
    Request req = RequestHead(msg);
    req.remote_address = remote_;
    req.body = std::move(msg.body());
    Status target = ParseRequestTarget(&req);
    req.start = std::chrono::steady_clock::now();
    Response res = target.ok() ? server_.Serve(req) : JsonError(req, target);
    double ms = ElapsedMs(req.start);
    // Checked after the handler: Shutdown() cannot run on this strand meanwhile.
    bool keep_alive = msg.keep_alive() && !shutdown_ && !server_.stopping();
    server_.Done(req, res, ms);
    WriteResponse(req, std::move(res), keep_alive, ms);
    lease_.reset();
    if (ms >= kReleaseMemoryAfterMs) malloc_trim(0);
  }

  // Answers an error found before any handler ran, then closes (lingering).
  void Fail(Request req, const Status& status) {
    linger_ = true;
    lease_.reset();
    req.remote_address = remote_;
    Response res = JsonError(req, status);
    server_.Done(req, res, 0);
    WriteResponse(req, std::move(res), /*keep_alive=*/false, 0, /*version=*/11);
  }

  void WriteResponse(const Request& req, Response res, bool keep_alive, double ms,
                     unsigned version = 0) {
    if (res.stream && req.method != http::verb::head) return WriteStream(req, std::move(res), ms);
    res_ = {};
    res_.version(version != 0 ? version : parser_->get().version());
    res_.result(res.status);
    res_.set(http::field::content_type, res.content_type);
    for (auto& [name, value] : res.headers) res_.insert(name, value);
    res_.set("Server-Timing", fmt::format("app;dur={:.2f}", ms));
    res_.set("X-Request-Id", req.request_id);
    res_.keep_alive(keep_alive);
    if (keep_alive) res_.set(http::field::connection, "keep-alive");
    bool no_body = res.status < 200 || res.status == 204 || res.status == 304;
    if (!no_body) res_.body() = std::move(res.body);
    res_.prepare_payload();
    if (req.method == http::verb::head) res_.body().clear();
    stream_.expires_after(options_.read_timeout);
    http::async_write(stream_, res_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->Close();
      if (self->linger_) return self->Linger();
      if (!self->res_.keep_alive()) return self->Close();
      self->Wait();
    });
  }

  // Streams res.stream (server-sent events) until it ends or the server stops; then closes.
  void WriteStream(const Request& req, Response res, double ms) {
    auto on_end = [self = shared_from_this()] {
      self->writer_.reset();
      self->Close();
    };
    writer_ = std::make_shared<StreamWriter>(stream_, options_.read_timeout, std::move(on_end));
    writer_->Start(std::move(res), parser_->get().version(), req.request_id, ms);
    if (shutdown_ || server_.stopping()) writer_->Stop();
  }

  // Stops sending, then reads and discards what the client still sends (the rest of an
  // oversized body) so that closing does not reset the connection before the client has
  // read the response.
  void Linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::min<std::chrono::seconds>(options_.read_timeout, kMaxLinger));
    Drain();
  }

  void Drain() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              if (ec) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  std::shared_ptr<StreamWriter> writer_;  // while streaming a response
  std::optional<BodyBudget::Lease> lease_;  // the body budget taken by the current request
  Server& server_;
  const ServerOptions& options_;
  std::string remote_;         // the peer's address
  bool fresh_ = true;          // no request read yet on this connection
  bool idle_ = false;          // waiting for the next request
  bool marked_idle_ = false;   // idle after a request: Server::SetIdle(this, true) told
  bool shutdown_ = false;  // the server is stopping: no keep-alive
  bool linger_ = false;    // close with Linger() after the response
};

Server::Server(ServerOptions options, Handler handler, OnDone on_done)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      on_done_(std::move(on_done)),
      body_budget_(options_.body_budget, options_.body_limit),
      max_connections_(options_.max_connections),
      strand_(asio::make_strand(io_)),
      acceptor_(strand_),
      signals_(strand_),
      accept_retry_(strand_),
      grace_timer_(strand_) {}

Server::~Server() = default;

void Server::Run() {
  beast::error_code ignored;
  signals_.add(SIGINT, ignored);
  signals_.add(SIGTERM, ignored);
  signals_.async_wait([this](beast::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("signal {}: shutting down", signal);
    BeginShutdown();
  });
  asio::dispatch(strand_, [this] { DoAccept(); });
  unsigned threads = options_.threads > 0 ? static_cast<unsigned>(options_.threads)
                                          : std::max(4u, 2 * std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) {
    pool.emplace_back([this] {
      NameThisThread("http");
      io_.run();
    });
  }
  io_.run();
  for (auto& t : pool) t.join();
  signals_.clear(ignored);
  std::lock_guard lock(mu_);
  run_returned_ = true;
}

void Server::Stop() {
  asio::post(strand_, [this] { BeginShutdown(); });
}

void Server::DoAccept() {
  if (stopping() || !acceptor_.is_open()) return;
  acceptor_.async_accept(asio::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
    OnAccept(ec, std::move(socket));
  });
}

void Server::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted) return;
  if (ec) {
    // E.g. out of file descriptors: back off instead of spinning.
    spdlog::warn("accept: {}", ec.message());
    accept_retry_.expires_after(std::chrono::milliseconds(100));
    accept_retry_.async_wait([this](beast::error_code e) {
      if (!e) DoAccept();
    });
    return;
  }
  auto session = std::make_shared<Session>(std::move(socket), *this);
  std::shared_ptr<Session> evict;
  if (Register(session, &evict)) {
    if (evict) evict->Evict();
    session->Start();
  } else {
    session->Reject(stopping() ? "shutting down" : "too many connections");
  }
  DoAccept();
}

void Server::BeginShutdown() {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    for (auto& [ptr, entry] : sessions_) {
      if (auto s = entry.session.lock()) live.push_back(std::move(s));
    }
  }
  beast::error_code ignored;
  acceptor_.close(ignored);
  signals_.cancel(ignored);
  accept_retry_.cancel();
  if (live.empty()) return io_.stop();
  for (auto& s : live) s->Shutdown();
  grace_timer_.expires_after(options_.shutdown_grace);
  grace_timer_.async_wait([this](beast::error_code ec) {
    if (ec) return;
    spdlog::warn("shutdown: in-flight requests still running after the grace period");
    io_.stop();
  });
}

}  // namespace packprod::api
