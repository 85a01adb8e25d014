// A small IMAP client over libcurl for polling a mailbox: list the messages not yet
// marked, fetch one whole, mark it. TLS (imaps://) with the system's CA store.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "domain/status.h"

namespace packprod::email {

// The keyword set on every message that was handled (imported, a duplicate, or queued
// as a failure); messages carrying it are skipped.
inline constexpr const char* kImapDoneKeyword = "PackprodIngested";

class ImapMailbox {
 public:
  // `url`: imap[s]://user@host[:port]/MAILBOX. The password is given separately (never
  // part of the URL or the command line). One connection, reused for every call.
  static Result<std::unique_ptr<ImapMailbox>> Open(const std::string& url,
                                                   const std::string& password);
  ~ImapMailbox();

  // UIDs of the messages without kImapDoneKeyword. Unavailable when the server cannot be
  // reached or refuses the login.
  Result<std::vector<std::int64_t>> Pending();
  // The whole message (RFC 5322 bytes).
  Result<std::string> Fetch(std::int64_t uid);
  // Sets kImapDoneKeyword (and \Seen) on the message.
  Status MarkDone(std::int64_t uid);

 private:
  ImapMailbox() = default;
  Result<std::string> Run(const std::string& url, const std::string& custom);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string base_;  // the URL without a trailing slash
};

}  // namespace packprod::email
