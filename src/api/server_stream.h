// StreamWriter: how a Session (api/server.cc) writes a streaming Response, one whose
// `stream` is set (api/http.h StreamBody): the head with `Transfer-Encoding: chunked`
// and `Connection: close`, then the body's pieces as chunks, a heartbeat chunk after the
// body's interval without data, and the last chunk when the body ends or Stop() is
// called. It also ends when the client closes its side (or sends anything), and when a
// write takes longer than `write_timeout` (a client that does not read). When it ends it
// calls `on_end` once (the session closes the connection there).
//
// Threading: construct, Start() and Stop() on the connection's strand; every handler
// runs there too. The body's wake function posts to that strand from any thread.
// Lifetime: the writer keeps itself alive with its pending operations; `stream` must
// stay valid until `on_end` has been called (`on_end` typically owns the session).
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/serializer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "api/http.h"

namespace packprod::api {

// What the client of an open stream has done, as a non-blocking peek at its socket sees:
// nothing (kQuiet), sent bytes (kSent: misuse, the stream ends), or closed its side or
// broke the connection (kClosed).
enum class Peer { kQuiet, kSent, kClosed };
Peer PeerState(boost::asio::ip::tcp::socket& socket);

class StreamWriter : public std::enable_shared_from_this<StreamWriter> {
 public:
  StreamWriter(boost::beast::tcp_stream& stream, std::chrono::steady_clock::duration write_timeout,
               std::function<void()> on_end);
  StreamWriter(const StreamWriter&) = delete;
  StreamWriter& operator=(const StreamWriter&) = delete;

  // Writes the head of `res` (status, content type, its headers, plus Server-Timing with
  // `ms` and X-Request-Id), then streams res.stream. Precondition: res.stream is set.
  void Start(Response res, unsigned version, const std::string& request_id, double ms);
  // Ends the stream: after the write in flight, the last chunk, then on_end.
  void Stop();

 private:
  using Head = boost::beast::http::response<boost::beast::http::empty_body>;

  void WatchPeer();
  void Pump();
  void OnWake();
  void ArmHeartbeat();
  void WriteChunk(std::string data);
  void WriteLast();
  void Finish();

  boost::beast::tcp_stream& stream_;
  const std::chrono::steady_clock::duration write_timeout_;
  std::function<void()> on_end_;
  boost::asio::steady_timer heartbeat_;
  std::shared_ptr<StreamBody> body_;
  Head head_;
  std::optional<boost::beast::http::response_serializer<boost::beast::http::empty_body>>
      serializer_;
  std::string chunk_;     // the chunk being written
  bool writing_ = false;  // a write is in flight
  bool ended_ = false;    // the body reported its end
  bool stopping_ = false;
  bool done_ = false;
};

}  // namespace packprod::api
