#include "api/server_stream.h"

#include <fmt/format.h>
#include <sys/socket.h>

#include <cerrno>

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/write.hpp>

namespace packprod::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

StreamWriter::StreamWriter(beast::tcp_stream& stream,
                           std::chrono::steady_clock::duration write_timeout,
                           std::function<void()> on_end)
    : stream_(stream),
      write_timeout_(write_timeout),
      on_end_(std::move(on_end)),
      heartbeat_(stream.get_executor()) {}

void StreamWriter::Start(Response res, unsigned version, const std::string& request_id, double ms) {
  body_ = std::move(res.stream);
  head_.version(version);
  head_.result(res.status);
  head_.set(http::field::content_type, res.content_type);
  for (auto& [name, value] : res.headers) head_.insert(name, value);
  head_.set("Server-Timing", fmt::format("app;dur={:.2f}", ms));
  head_.set("X-Request-Id", request_id);
  head_.keep_alive(false);
  head_.chunked(true);
  serializer_.emplace(head_);
  body_->Start([weak = weak_from_this(), executor = stream_.get_executor()] {
    asio::post(executor, [weak] {
      if (auto self = weak.lock()) self->OnWake();
    });
  });
  writing_ = true;
  stream_.expires_after(write_timeout_);
  http::async_write_header(stream_, *serializer_,
                           [self = shared_from_this()](beast::error_code ec, size_t) {
                             self->writing_ = false;
                             if (ec) return self->Finish();
                             self->WatchPeer();
                             self->Pump();
                           });
}

void StreamWriter::Stop() {
  stopping_ = true;
  if (!writing_ && !done_) Pump();
}

// The client has nothing to send on an event stream: readable means closed (or misuse).
// A wait for readability may also complete with nothing to read (the reactor reporting
// readiness it saw before, such as the request's own bytes, read meanwhile): only a peek
// tells, and then the watch goes on.
void StreamWriter::WatchPeer() {
  stream_.socket().async_wait(tcp::socket::wait_read,
                              [self = shared_from_this()](beast::error_code ec) {
                                if (!ec && !self->done_ &&
                                    PeerState(self->stream_.socket()) == Peer::kQuiet) {
                                  return self->WatchPeer();
                                }
                                self->Finish();
                              });
}

Peer PeerState(tcp::socket& socket) {
  char byte;
  ssize_t n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n > 0) return Peer::kSent;
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return Peer::kQuiet;
  return Peer::kClosed;  // end of file, or the connection failed
}

void StreamWriter::Pump() {
  if (writing_ || done_) return;
  if (stopping_ || ended_) return WriteLast();
  std::string data;
  ended_ = !body_->Pull(&data);
  if (!data.empty()) return WriteChunk(std::move(data));
  if (ended_) return WriteLast();
  ArmHeartbeat();
}

void StreamWriter::OnWake() {
  if (!writing_ && !done_) Pump();
}

void StreamWriter::ArmHeartbeat() {
  heartbeat_.expires_after(body_->heartbeat_interval());
  heartbeat_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->writing_ || self->done_) return;
    std::string beat = self->body_->Heartbeat();
    if (beat.empty()) return self->ArmHeartbeat();
    self->WriteChunk(std::move(beat));
  });
}

void StreamWriter::WriteChunk(std::string data) {
  heartbeat_.cancel();
  writing_ = true;
  chunk_ = std::move(data);
  stream_.expires_after(write_timeout_);
  asio::async_write(stream_, http::make_chunk(asio::buffer(chunk_)),
                    [self = shared_from_this()](beast::error_code ec, size_t) {
                      self->writing_ = false;
                      if (ec) return self->Finish();
                      self->Pump();
                    });
}

void StreamWriter::WriteLast() {
  heartbeat_.cancel();
  writing_ = true;
  stream_.expires_after(write_timeout_);
  asio::async_write(stream_, http::make_chunk_last(),
                    [self = shared_from_this()](beast::error_code, size_t) {
                      self->writing_ = false;
                      self->Finish();
                    });
}

void StreamWriter::Finish() {
  if (done_) return;
  done_ = true;
  heartbeat_.cancel();
  if (body_) body_->Cancel();
  auto on_end = std::move(on_end_);
  on_end_ = nullptr;
  if (on_end) on_end();
}

}  // namespace packprod::api
