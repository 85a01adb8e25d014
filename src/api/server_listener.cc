// Server's listener side (api/server.h) apart from the sessions themselves: binding,
// fitting the connection cap under the open-file limit, the connection table (with the
// eviction of the longest-idle keep-alive connection when full), and calling the
// handler. Session and the accept loop are in server.cc.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/core.hpp>

#include "api/envelope.h"
#include "api/server.h"
#include "api/server_limits.h"

namespace packprod::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = boost::asio::ip::tcp;

void Server::FitFileLimit() {
  auto limit = RaiseFileLimit();
  if (!limit.ok()) return spdlog::warn("open-file limit: {}", limit.status().message());
  if (limit->soft != limit->before) {
    spdlog::info("raised the open-file limit from {} to {}", limit->before, limit->soft);
  }
  size_t cap = ConnectionCap(options_.max_connections, limit->soft, options_.fd_reserve);
  if (cap < options_.max_connections) {
    spdlog::warn("max connections lowered from {} to {}: the open-file limit is {} ({} kept for "
                 "the store and files)",
                 options_.max_connections, cap, limit->soft, options_.fd_reserve);
  }
  std::lock_guard lock(mu_);
  max_connections_ = cap;
}

bool Server::Register(const std::shared_ptr<Session>& session, std::shared_ptr<Session>* evict) {
  std::lock_guard lock(mu_);
  if (stopping_) return false;
  if (sessions_.size() - evicting_ >= max_connections_) {
    // Full: make room by closing the connection idle the longest, if any.
    Entry* oldest = nullptr;
    for (auto& [ptr, entry] : sessions_) {
      if (entry.evicting || entry.idle_since == std::chrono::steady_clock::time_point{}) continue;
      if (oldest == nullptr || entry.idle_since < oldest->idle_since) oldest = &entry;
    }
    if (oldest == nullptr) return false;
    *evict = oldest->session.lock();
    if (!*evict) return false;
    oldest->evicting = true;
    ++evicting_;
  }
  sessions_.emplace(session.get(), Entry{session});
  return true;
}

void Server::Unregister(Session* session) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(session);
  if (it != sessions_.end()) {
    if (it->second.evicting) --evicting_;
    sessions_.erase(it);
  }
  if (stopping_ && sessions_.empty() && !run_returned_) io_.stop();
}

void Server::SetIdle(Session* session, bool idle) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(session);
  if (it == sessions_.end()) return;
  Entry& entry = it->second;
  entry.idle_since = idle ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
  if (!idle && entry.evicting) {  // busy again before the eviction reached it: it stays
    entry.evicting = false;
    --evicting_;
  }
}

size_t Server::max_connections() const {
  std::lock_guard lock(mu_);
  return max_connections_;
}

size_t Server::open_connections() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

Status Server::Listen() {
  FitFileLimit();
  beast::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address(options_.host, ec), options_.port);
  if (ec) {
    tcp::resolver resolver(io_);
    auto results = resolver.resolve(options_.host, std::to_string(options_.port), ec);
    if (!ec && !results.empty()) endpoint = results.begin()->endpoint();
  }
  if (!ec) acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) port_ = acceptor_.local_endpoint(ec).port();
  if (ec) {
    return Status::Unavailable(
        fmt::format("listen on {}:{}: {}", options_.host, options_.port, ec.message()));
  }
  return Status::Ok();
}

bool Server::stopping() const {
  std::lock_guard lock(mu_);
  return stopping_;
}

Response Server::Serve(Request& req) {
  try {
    return handler_(req);
  } catch (const std::exception& e) {
    return JsonError(req, Status::Internal(std::string("uncaught exception: ") + e.what()));
  } catch (...) {
    return JsonError(req, Status::Internal("uncaught non-standard exception"));
  }
}

void Server::Done(const Request& req, const Response& res, double ms) {
  if (!on_done_) return;
  try {
    on_done_(req, res, ms);
  } catch (const std::exception& e) {
    spdlog::error("on_done: {}", e.what());
  }
}

}  // namespace packprod::api
