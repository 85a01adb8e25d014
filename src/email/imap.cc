#include "email/imap.h"

#include <curl/curl.h>

#include <mutex>
#include <sstream>

namespace packprod::email {

struct ImapMailbox::Impl {
  CURL* curl = nullptr;
  std::string password;
  ~Impl() {
    if (curl) curl_easy_cleanup(curl);
  }
};

namespace {

std::size_t Collect(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

}  // namespace

Result<std::unique_ptr<ImapMailbox>> ImapMailbox::Open(const std::string& url,
                                                       const std::string& password) {
  if (!url.starts_with("imap://") && !url.starts_with("imaps://")) {
    return Status::InvalidArgument("--imap: expected imap://user@host/MAILBOX or imaps://...");
  }
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::unique_ptr<ImapMailbox> box(new ImapMailbox());
  box->impl_ = std::make_unique<Impl>();
  box->impl_->curl = curl_easy_init();
  if (!box->impl_->curl) return Status::Internal("cannot start libcurl");
  box->impl_->password = password;
  box->base_ = url;
  while (box->base_.ends_with("/")) box->base_.pop_back();
  return box;
}

ImapMailbox::~ImapMailbox() = default;

Result<std::string> ImapMailbox::Run(const std::string& url, const std::string& custom) {
  CURL* c = impl_->curl;
  std::string out;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PASSWORD, impl_->password.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, custom.empty() ? nullptr : custom.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 120L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    return Status::Unavailable(std::string("IMAP ") + (custom.empty() ? "FETCH" : custom) + ": " +
                               curl_easy_strerror(rc));
  }
  return out;
}

Result<std::vector<std::int64_t>> ImapMailbox::Pending() {
  PP_ASSIGN_OR_RETURN(std::string text,
                      Run(base_, std::string("UID SEARCH UNKEYWORD ") + kImapDoneKeyword));
  std::vector<std::int64_t> uids;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.starts_with("* SEARCH")) continue;
    std::istringstream words(line.substr(8));
    std::int64_t uid;
    while (words >> uid) uids.push_back(uid);
  }
  return uids;
}

Result<std::string> ImapMailbox::Fetch(std::int64_t uid) {
  return Run(base_ + "/;UID=" + std::to_string(uid), "");
}

Status ImapMailbox::MarkDone(std::int64_t uid) {
  return Run(base_,
             "UID STORE " + std::to_string(uid) + " +FLAGS (\\Seen " + kImapDoneKeyword + ")")
      .status();
}

}  // namespace packprod::email
