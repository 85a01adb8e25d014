// Status and Result<T>: expected failures as values (no exceptions across layers).
//
// A Status is either OK or carries a Code and a message. Result<T> holds a value or a
// non-OK Status. The api layer maps a Code to an HTTP status in one place
// (api/envelope.h); no other layer knows about HTTP.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace packprod {

// One problem found in a request body, located by a JSON Pointer (RFC 6901).
struct Detail {
  std::string path;
  std::string message;
};

class Status {
 public:
  enum class Code {
    kOk,
    kInvalidJson,         // body is not JSON or not the expected top-level shape
    kInvalidArgument,     // a query parameter / CLI argument is malformed
    kUnauthorized,        // missing or unknown key
    kForbidden,           // role may not do this
    kNotFound,            // no such resource for this client
    kMethodNotAllowed,    // route exists, method does not
    kPayloadTooLarge,     // body or batch over the limit
    kUnsupportedMedia,    // wrong content type
    kValidationFailed,    // well-formed input breaking rules; see details()
    kTooManyRequests,     // the caller must slow down (e.g. failed authentication)
    kUnavailable,         // the store cannot be reached / is busy; nothing written
    kInternal,            // a bug
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidJson(std::string m) { return {Code::kInvalidJson, std::move(m)}; }
  static Status InvalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
  static Status Unauthorized(std::string m) { return {Code::kUnauthorized, std::move(m)}; }
  static Status Forbidden(std::string m) { return {Code::kForbidden, std::move(m)}; }
  static Status NotFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
  static Status MethodNotAllowed(std::string m) { return {Code::kMethodNotAllowed, std::move(m)}; }
  static Status PayloadTooLarge(std::string m) { return {Code::kPayloadTooLarge, std::move(m)}; }
  static Status UnsupportedMedia(std::string m) { return {Code::kUnsupportedMedia, std::move(m)}; }
  static Status ValidationFailed(std::string m, std::vector<Detail> d) {
    Status s(Code::kValidationFailed, std::move(m));
    s.details_ = std::move(d);
    return s;
  }
  static Status TooManyRequests(std::string m) { return {Code::kTooManyRequests, std::move(m)}; }
  static Status Unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }
  static Status Internal(std::string m) { return {Code::kInternal, std::move(m)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<Detail>& details() const { return details_; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }

  // "ok" or "<code name>: <message>", for logs and CLI output.
  std::string ToString() const;
  // The stable snake_case name of a code, as used in the API's error body.
  static const char* CodeName(Code c);

 private:
  Status(Code c, std::string m) : code_(c), message_(std::move(m)) {}
  Code code_ = Code::kOk;
  std::string message_;
  std::vector<Detail> details_;
};

// A value of T or a non-OK Status. Accessing value() of a failed Result is a bug.
template <typename T>
class Result {
 public:
  Result(T v) : v_(std::move(v)) {}                 // NOLINT(google-explicit-constructor)
  Result(Status s) : v_(std::move(s)) { assert(!std::get<Status>(v_).ok()); }  // NOLINT
  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define PP_RETURN_IF_ERROR(expr)          \
  do {                                    \
    ::packprod::Status pp_s_ = (expr);    \
    if (!pp_s_.ok()) return pp_s_;        \
  } while (0)

#define PP_CONCAT_INNER(a, b) a##b
#define PP_CONCAT(a, b) PP_CONCAT_INNER(a, b)
// Declares `lhs` from a Result, or returns its Status from the enclosing function.
#define PP_ASSIGN_OR_RETURN(lhs, expr) PP_ASSIGN_OR_RETURN_IMPL(PP_CONCAT(pp_r_, __LINE__), lhs, expr)
#define PP_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()

}  // namespace packprod
