#include "notify/transport.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>

#include <curl/curl.h>

namespace packprod::notify {
namespace {

void InitCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload {
  const std::string* data;
  std::size_t pos = 0;
};

std::size_t ReadUpload(char* buf, std::size_t size, std::size_t n, void* p) {
  auto* u = static_cast<Upload*>(p);
  std::size_t len = std::min(size * n, u->data->size() - u->pos);
  std::memcpy(buf, u->data->data() + u->pos, len);
  u->pos += len;
  return len;
}

// scheme://host of a URL: webhook paths often hold a secret (Slack's do).
std::string Origin(const std::string& url) {
  std::size_t p = url.find("://");
  if (p == std::string::npos) return "webhook";
  std::size_t end = url.find_first_of("/?#", p + 3);
  std::string origin = url.substr(0, end);
  std::size_t at = origin.find('@', p + 3);  // user:password@ stays out too
  if (at != std::string::npos) origin = origin.substr(0, p + 3) + origin.substr(at + 1);
  return origin;
}

thread_local const std::atomic<bool>* cancel_flag = nullptr;

int CheckCancel(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return cancel_flag != nullptr && cancel_flag->load() ? 1 : 0;
}

std::size_t Discard(char*, std::size_t size, std::size_t n, void*) { return size * n; }

struct Handle {
  CURL* c = curl_easy_init();
  curl_slist* list = nullptr;
  char error[CURL_ERROR_SIZE] = {0};
  Handle() {
    if (c == nullptr) return;
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, CheckCancel);
  }
  ~Handle() {
    if (list) curl_slist_free_all(list);
    if (c) curl_easy_cleanup(c);
  }
  Status Fail(const std::string& url, CURLcode rc) const {
    if (rc == CURLE_ABORTED_BY_CALLBACK) return Status::Unavailable(url + ": cancelled");
    std::string why = error[0] != 0 ? std::string(error) : curl_easy_strerror(rc);
    return Status::Unavailable(url + ": " + why);
  }
};

Result<std::string> ReadPassword(const SmtpSettings& s) {
  if (!s.password_file.empty()) {
    std::ifstream in(s.password_file, std::ios::binary);
    if (!in) return Status::InvalidArgument("smtp.passwordFile: cannot read " + s.password_file);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string p = ss.str();
    while (!p.empty() && (p.back() == '\n' || p.back() == '\r')) p.pop_back();
    return p;
  }
  const char* v = std::getenv(s.password_env.c_str());
  if (v == nullptr) {
    return Status::InvalidArgument("smtp.passwordEnv: the environment variable " +
                                   s.password_env + " is not set");
  }
  return std::string(v);
}

}  // namespace

Status SendMail(const SmtpSettings& smtp, const std::vector<std::string>& to,
                const std::string& message) {
  if (to.empty()) return Status::InvalidArgument("recipients: none set");
  if (smtp.url.empty()) return Status::InvalidArgument("smtp.url: not set");
  std::string password;
  if (!smtp.username.empty()) {
    PP_ASSIGN_OR_RETURN(password, ReadPassword(smtp));
  }
  InitCurl();
  Handle h;
  if (h.c == nullptr) return Status::Internal("cannot start libcurl");
  CURL* c = h.c;
  curl_easy_setopt(c, CURLOPT_URL, smtp.url.c_str());
  if (!smtp.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, smtp.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password.c_str());
  }
  if (smtp.url.rfind("smtp://", 0) == 0) {
    long tls = smtp.starttls == "required" ? CURLUSESSL_ALL
               : smtp.starttls == "optional" ? CURLUSESSL_TRY
                                             : CURLUSESSL_NONE;
    curl_easy_setopt(c, CURLOPT_USE_SSL, tls);
  }
  if (!smtp.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, smtp.ca_file.c_str());
  std::string from = "<" + smtp.from + ">";
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  for (const std::string& a : to) h.list = curl_slist_append(h.list, ("<" + a + ">").c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, h.list);
  Upload up{&message};
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(c, CURLOPT_READDATA, &up);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) return h.Fail(Origin(smtp.url), rc);
  return Status::Ok();
}

Status PostJson(const std::string& url, const std::string& body) {
  InitCurl();
  Handle h;
  if (h.c == nullptr) return Status::Internal("cannot start libcurl");
  CURL* c = h.c;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  h.list = curl_slist_append(h.list, "Content-Type: application/json");
  h.list = curl_slist_append(h.list, "User-Agent: packprod");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, h.list);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, Discard);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) return h.Fail(Origin(url), rc);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  if (code < 200 || code > 299) {
    return Status::Unavailable("HTTP " + std::to_string(code) + " from " + Origin(url));
  }
  return Status::Ok();
}

void SetThreadCancelFlag(const std::atomic<bool>* flag) { cancel_flag = flag; }
bool ThreadCancelled() { return cancel_flag != nullptr && cancel_flag->load(); }

bool IsSlackWebhook(const std::string& url) {
  return url.rfind("https://hooks.slack.com/", 0) == 0;
}

}  // namespace packprod::notify
