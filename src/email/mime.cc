#include "email/mime.h"

#include <gmime/gmime.h>
#include <openssl/sha.h>

#include <mutex>

namespace packprod::email {
namespace {

void InitGmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

// Owns a GObject reference.
template <typename T>
struct Ref {
  T* p = nullptr;
  explicit Ref(T* x) : p(x) {}
  ~Ref() {
    if (p) g_object_unref(p);
  }
  Ref(const Ref&) = delete;
  Ref& operator=(const Ref&) = delete;
};

struct Bodies {
  std::string text, html;
  bool have_text = false, have_html = false;
  std::string error;  // the first part whose text could not be made UTF-8
};

void CollectPart(GMimeObject* parent, GMimeObject* part, gpointer data) {
  auto* b = static_cast<Bodies*>(data);
  if (!GMIME_IS_TEXT_PART(part)) return;
  const char* disp = g_mime_object_get_disposition(part);
  if (disp && g_ascii_strcasecmp(disp, "attachment") == 0) return;
  GMimeContentType* ct = g_mime_object_get_content_type(part);
  bool html = g_mime_content_type_is_type(ct, "text", "html");
  bool plain = g_mime_content_type_is_type(ct, "text", "plain");
  if ((html && b->have_html) || (plain && b->have_text) || (!html && !plain)) return;
  char* text = g_mime_text_part_get_text(GMIME_TEXT_PART(part));
  std::string s = text ? text : "";
  g_free(text);
  if (!g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr)) {
    if (b->error.empty()) {
      const char* cs = g_mime_content_type_get_parameter(ct, "charset");
      b->error = std::string("the text/") + (html ? "html" : "plain") +
                 " part is not readable text in charset \"" + (cs ? cs : "utf-8") + "\"";
    }
    return;
  }
  if (html) {
    b->html = std::move(s);
    b->have_html = true;
  } else {
    b->text = std::move(s);
    b->have_text = true;
  }
}

std::string Hex(const unsigned char* p, std::size_t n) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += kDigits[p[i] >> 4];
    out += kDigits[p[i] & 15];
  }
  return out;
}

// How many multipart containers the raw bytes declare (a bound checked before GMime
// parses, which recurses once per level).
int CountMultiparts(std::string_view raw) {
  int n = 0;
  static constexpr std::string_view kNeedle = "multipart/";
  for (std::size_t i = 0; i + kNeedle.size() <= raw.size(); ++i) {
    if ((raw[i] == 'm' || raw[i] == 'M') && g_ascii_strncasecmp(raw.data() + i, kNeedle.data(),
                                                                kNeedle.size()) == 0) {
      ++n;
      i += kNeedle.size() - 1;
    }
  }
  return n;
}

}  // namespace

Result<EmailMessage> DecodeEmail(std::string_view raw) {
  if (raw.size() > kMaxMessageBytes) {
    return Status::InvalidArgument("the message is " + std::to_string(raw.size()) +
                                   " bytes; the most read is " +
                                   std::to_string(kMaxMessageBytes) + " bytes");
  }
  if (CountMultiparts(raw) > kMaxMultiparts) {
    return Status::InvalidArgument("the message nests more than " +
                                   std::to_string(kMaxMultiparts) + " multipart parts");
  }
  InitGmime();
  Ref<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  Ref<GMimeParser> parser(g_mime_parser_new_with_stream(stream.p));
  Ref<GMimeMessage> msg(g_mime_parser_construct_message(parser.p, nullptr));
  if (!msg.p) return Status::InvalidArgument("not a MIME message");
  EmailMessage m;
  if (const char* id = g_mime_message_get_message_id(msg.p)) m.message_id = id;
  if (const char* s = g_mime_message_get_subject(msg.p)) m.subject = s;
  InternetAddressList* from = g_mime_message_get_from(msg.p);
  if (from && internet_address_list_length(from) > 0) {
    InternetAddress* a = internet_address_list_get_address(from, 0);
    if (const char* name = internet_address_get_name(a)) m.from_name = name;
    if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
      if (const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a))) {
        m.from = addr;
      }
    }
  }
  InternetAddressList* reply = g_mime_message_get_reply_to(msg.p);
  if (reply && internet_address_list_length(reply) > 0) {
    InternetAddress* a = internet_address_list_get_address(reply, 0);
    if (INTERNET_ADDRESS_IS_MAILBOX(a)) {
      if (const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a))) {
        m.reply_to = addr;
      }
    }
  }
  if (GDateTime* d = g_mime_message_get_date(msg.p)) {
    m.date = static_cast<Millis>(g_date_time_to_unix(d)) * 1000;
    m.date_offset_minutes = static_cast<int>(g_date_time_get_utc_offset(d) / 60000000);
  }
  Bodies b;
  g_mime_message_foreach(msg.p, CollectPart, &b);
  if (!b.error.empty()) return Status::InvalidArgument(b.error);
  m.text = std::move(b.text);
  m.html = std::move(b.html);
  if (m.message_id.empty() && m.subject.empty() && m.from.empty() && !b.have_text && !b.have_html) {
    return Status::InvalidArgument("not a MIME message: no headers and no text");
  }
  return m;
}

std::string MessageKey(const EmailMessage& m, std::string_view raw) {
  if (!m.message_id.empty()) return m.message_id;
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(raw.data()), raw.size(), digest);
  return "sha256:" + Hex(digest, sizeof digest);
}

namespace {

GMimeObject* TextPart(const char* subtype, const std::string& body) {
  GMimeTextPart* part = g_mime_text_part_new_with_subtype(subtype);
  g_mime_text_part_set_text(part, body.c_str());  // UTF-8; picks the encoding
  g_mime_part_set_content_encoding(GMIME_PART(part), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return GMIME_OBJECT(part);
}

}  // namespace

std::string ComposeEmail(const EmailMessage& m) {
  InitGmime();
  Ref<GMimeMessage> msg(g_mime_message_new(TRUE));
  if (!m.from.empty()) {
    g_mime_message_add_mailbox(msg.p, GMIME_ADDRESS_TYPE_FROM, m.from_name.c_str(), m.from.c_str());
  }
  if (!m.reply_to.empty()) {
    g_mime_message_add_mailbox(msg.p, GMIME_ADDRESS_TYPE_REPLY_TO, "", m.reply_to.c_str());
  }
  g_mime_message_set_subject(msg.p, m.subject.c_str(), "utf-8");
  if (!m.message_id.empty()) g_mime_message_set_message_id(msg.p, m.message_id.c_str());
  if (m.date) {
    GDateTime* d = g_date_time_new_from_unix_utc(*m.date / 1000);
    g_mime_message_set_date(msg.p, d);
    g_date_time_unref(d);
  }
  if (!m.text.empty() && !m.html.empty()) {
    GMimeMultipart* alt = g_mime_multipart_new_with_subtype("alternative");
    GMimeObject* t = TextPart("plain", m.text);
    GMimeObject* h = TextPart("html", m.html);
    g_mime_multipart_add(alt, t);
    g_mime_multipart_add(alt, h);
    g_object_unref(t);
    g_object_unref(h);
    g_mime_message_set_mime_part(msg.p, GMIME_OBJECT(alt));
    g_object_unref(alt);
  } else {
    GMimeObject* p = TextPart(m.html.empty() ? "plain" : "html", m.html.empty() ? m.text : m.html);
    g_mime_message_set_mime_part(msg.p, p);
    g_object_unref(p);
  }
  char* s = g_mime_object_to_string(GMIME_OBJECT(msg.p), nullptr);
  std::string out = s ? s : "";
  g_free(s);
  return out;
}

}  // namespace packprod::email
