// Server: the HTTP/1.1 listener and its connections (Boost.Beast over asio).
//
// Listener: accepts, enforces max_connections, handles SIGTERM/SIGINT and shutdown.
// At max_connections a new client is still taken when a keep-alive connection sits idle
// between requests: the one idle longest is closed to make room (else the new one gets
// 503). Listen() raises the soft open-file limit to the hard one and caps
// max_connections below it, keeping fd_reserve descriptors for the store and files; it
// logs both (api/server_limits.h).
// Session (server.cc): one per connection; reads a request with the timeouts and the
// body limit, takes its body's size from the shared body budget (api/body_budget.h;
// when spent: 503 `unavailable` with Retry-After, body not read), builds a Request, calls the Handler synchronously on its io thread,
// writes the Response, then waits for the next request (keep-alive) or closes.
// Handlers never see sockets.
//
// Every response carries Content-Type, Content-Length, Connection, X-Request-Id and
// `Server-Timing: app;dur=<ms>`. Errors found before the handler runs (malformed HTTP:
// 400; body over the limit: 413) are JSON error bodies followed by a close.
// A Response with `stream` set (server-sent events) is written chunked by a
// StreamWriter (api/server_stream.h) until its body ends, the client leaves or the
// server stops; then the connection closes.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "api/body_budget.h"
#include "api/http.h"
#include "domain/status.h"

namespace packprod::api {

struct ServerOptions {
  std::string host = "127.0.0.1";  // address or host name to bind
  uint16_t port = 8080;            // 0: any free port (see Server::port())
  int threads = 0;                 // io threads; 0: max(4, 2 * hardware_concurrency)
  size_t body_limit = 1 << 20;     // bytes; larger bodies get 413
  // Whole request (header and body) must arrive within this; slow clients are dropped.
  // Also bounds writing a response to a client that does not read.
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds idle_timeout{60};   // keep-alive wait for the next request
  size_t max_connections = 10000;          // more are accepted, answered 503 and closed
  // Bytes all request bodies being read or served may hold together (declared lengths).
  size_t body_budget = size_t{256} << 20;
  // Descriptors kept beside the connections (store, WAL, log, listener, epoll, timers).
  size_t fd_reserve = 64;
  std::chrono::seconds shutdown_grace{5};  // how long Run() waits for in-flight requests
};

// Called once per answered request, after the response is built and before it is
// written: for logging and metrics. Runs on an io thread; must not block for long.
using OnDone = std::function<void(const Request&, const Response&, double ms)>;

class Session;

class Server {
 public:
  // `handler` serves every request (typically Router::Dispatch); an escaping
  // std::exception becomes a 500 `internal` error. `on_done` may be empty.
  Server(ServerOptions options, Handler handler, OnDone on_done);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens. OK, or Unavailable naming the address and the reason (e.g.
  // "Address already in use"). Call once, before Run().
  Status Listen();

  // The bound port (the real one when options.port was 0); valid after Listen().
  uint16_t port() const { return port_; }

  // Serves on options.threads threads (the caller's included) until Stop() or
  // SIGTERM/SIGINT. Then: stops accepting, closes idle keep-alive connections, lets
  // in-flight requests finish and answers them with `Connection: close`, and returns.
  // Connections still busy after shutdown_grace are abandoned (closed when the Server
  // is destroyed); a handler already running is not interrupted. Call once, after a
  // successful Listen().
  void Run();

  // Begins the shutdown described at Run(). Thread-safe, idempotent; may be called
  // before Run() (which then returns promptly).
  void Stop();

  // Connections open now (idle, reading, answering or streaming). Thread-safe.
  size_t open_connections() const;

  // The connection cap in force: options.max_connections, lowered by Listen() to fit
  // the open-file limit.
  size_t max_connections() const;

  // Bytes of request bodies held now (see ServerOptions::body_budget). Thread-safe.
  size_t body_bytes_held() const { return body_budget_.held(); }

  // The io_context the server runs on, for timers the app may add. They stop when the
  // server does.
  boost::asio::io_context& io() { return io_; }

 private:
  friend class Session;

  void DoAccept();
  void OnAccept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
  void BeginShutdown();
  // Raises the open-file limit and lowers max_connections_ to fit; logs what it did.
  void FitFileLimit();
  // Registers a new session; false when shutting down or at max_connections with no
  // idle keep-alive connection to close. Sets *evict to the idle one to close, if any.
  bool Register(const std::shared_ptr<Session>& session, std::shared_ptr<Session>* evict);
  void Unregister(Session* session);
  // A session waits for its next request on a kept-alive connection (true) or reads
  // one (false); idle ones may be evicted by Register.
  void SetIdle(Session* session, bool idle);
  bool stopping() const;
  // Calls the handler (catching exceptions) and on_done.
  Response Serve(Request& req);
  void Done(const Request& req, const Response& res, double ms);

  const ServerOptions options_;
  const Handler handler_;
  const OnDone on_done_;
  uint16_t port_ = 0;

  BodyBudget body_budget_;

  struct Entry {
    std::weak_ptr<Session> session;
    // Since when it waits for its next request; default (epoch): not idle.
    std::chrono::steady_clock::time_point idle_since{};
    bool evicting = false;  // chosen to make room; being closed
  };
  // Declared before io_ so that sessions destroyed with io_ can still unregister.
  mutable std::mutex mu_;
  std::unordered_map<Session*, Entry> sessions_;  // guarded by mu_
  size_t evicting_ = 0;                           // entries with evicting set; guarded by mu_
  size_t max_connections_;                        // guarded by mu_
  bool stopping_ = false;                                          // guarded by mu_
  bool run_returned_ = false;                                      // guarded by mu_

  boost::asio::io_context io_;
  // Serialises the listener's own work: accept, signals, shutdown and its timers.
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer accept_retry_;  // backs off after accept errors (EMFILE)
  boost::asio::steady_timer grace_timer_;
};

}  // namespace packprod::api
