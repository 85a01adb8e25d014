// Order e-mails over HTTP: one raw message in (the same reading as `packprod
// ingest-email`), and the failure queue (docs/api.md, docs/openapi.yaml).
#include <boost/json.hpp>
#include <cctype>
#include <charconv>

#include "api/envelope.h"
#include "api/handlers.h"
#include "api/params.h"
#include "email/ingest.h"

namespace packprod::api {
namespace json = boost::json;
namespace {

const json::object kFromStore{{"cacheHit", false}, {"source", "orders"}};

json::object FailureJson(const store::IngestFailure& f, bool with_raw) {
  json::object o{{"id", f.id},
                 {"messageID", f.message_key},
                 {"from", f.from},
                 {"subject", f.subject},
                 {"source", f.source},
                 {"field", f.field},
                 {"reason", f.reason},
                 {"attempts", f.attempts},
                 {"receivedAt", FormatRfc3339(f.received_at)},
                 {"updatedAt", FormatRfc3339(f.updated_at)}};
  if (with_raw) o["raw"] = f.raw;
  return o;
}

// The {id} of the path; another client's id or a non-number is simply not found.
Result<std::int64_t> FailureId(Request& req) {
  const std::string& s = req.path_params["id"];
  std::int64_t id = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || end != s.data() + s.size() || id <= 0) {
    return Status::NotFound("no failed message " + s);  // NoFailureMessage's wording
  }
  return id;
}

Result<std::optional<store::IngestFailure>> ReadFailure(store::Store& st, const std::string& client,
                                                        std::int64_t id) {
  std::optional<store::IngestFailure> f;
  PP_RETURN_IF_ERROR(st.Read([&](store::ReadTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(f, tx.GetIngestFailure(client, id));
    return Status::Ok();
  }));
  return f;
}

// A string member (nullopt when absent); a detail when present with another type.
std::optional<std::string> StringField(const json::object& o, const char* key,
                                       const std::string& prefix, std::vector<Detail>* details) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) {
    details->push_back({prefix + "/" + key, "must be a string"});
    return std::nullopt;
  }
  return std::string(v->as_string());
}

// The raw message of a submission: `raw` as given, or one composed from `message`'s parts.
Result<std::string> SubmittedRaw(const json::object& body, std::vector<Detail>* details) {
  if (auto raw = StringField(body, "raw", "", details)) return *raw;
  const json::value* m = body.if_contains("message");
  if (!m) {
    details->push_back({"/raw", "is required (or give the decoded parts in /message)"});
    return Status::ValidationFailed("invalid failed message", *details);
  }
  if (!m->is_object()) {
    details->push_back({"/message", "must be an object"});
    return Status::ValidationFailed("invalid failed message", *details);
  }
  const json::object& mo = m->as_object();
  email::EmailMessage msg;
  msg.message_id = StringField(mo, "messageId", "/message", details).value_or("");
  if (msg.message_id.starts_with("<") && msg.message_id.ends_with(">")) {
    msg.message_id = msg.message_id.substr(1, msg.message_id.size() - 2);
  }
  msg.from = StringField(mo, "from", "/message", details).value_or("");
  msg.from_name = StringField(mo, "fromName", "/message", details).value_or("");
  msg.reply_to = StringField(mo, "replyTo", "/message", details).value_or("");
  msg.subject = StringField(mo, "subject", "/message", details).value_or("");
  msg.text = StringField(mo, "text", "/message", details).value_or("");
  msg.html = StringField(mo, "html", "/message", details).value_or("");
  if (auto d = StringField(mo, "date", "/message", details)) {
    msg.date = ParseRfc3339(*d);
    if (!msg.date) details->push_back({"/message/date", "must be an RFC 3339 time"});
  }
  if (!details->empty()) return Status::ValidationFailed("invalid failed message", *details);
  return email::ComposeEmail(msg);
}

json::object ResultJson(const email::IngestResult& r) {
  json::object o{{"result", email::IngestKindName(r.kind)}, {"messageID", r.message_key}};
  if (r.kind == email::IngestResult::Kind::kFailed) {
    o["failureID"] = r.failure_id;
    o["field"] = r.field;
    o["reason"] = r.reason;
  } else {
    o["orderID"] = r.order_id;
  }
  if (r.kind == email::IngestResult::Kind::kImported) {
    o["import"] = store::ImportResultName(r.import);
    o["template"] = r.template_;
    json::array warnings;
    for (const auto& w : r.warnings) warnings.push_back(json::value(w));
    o["warnings"] = std::move(warnings);
  }
  return o;
}

bool IsMessageContentType(std::string_view ct) {
  std::string t(ct.substr(0, ct.find(';')));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return t == "message/rfc822";
}

// ?source= names where the message came from in the failure queue (default "api").
Result<std::string> SourceParam(const Request& req) {
  auto s = NonEmptyParam(req, "source");
  if (!s) return std::string("api");
  bool ok = s->size() <= 32;
  for (char c : *s) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
  }
  if (!ok) return Status::InvalidArgument("source: 1-32 of a-z, 0-9, '-', '_'");
  return *s;
}

}  // namespace

Response HandleListIngestFailures(ApiContext& ctx, Request& req, const Principal& p) {
  auto limit = LimitParam(req);
  if (!limit.ok()) return JsonError(req, limit.status());
  std::int64_t after = 0;
  if (auto c = NonEmptyParam(req, "cursor")) {
    auto fields = DecodeCursor(*c, 1);
    if (!fields.ok()) return JsonError(req, fields.status());
    auto [end, ec] =
        std::from_chars((*fields)[0].data(), (*fields)[0].data() + (*fields)[0].size(), after);
    if (ec != std::errc()) return JsonError(req, Status::InvalidArgument("cursor: malformed"));
  }
  store::IngestFailurePage page;
  Status s = ctx.store->Read([&](store::ReadTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(page, tx.ListIngestFailures(p.client.client_id, *limit, after));
    return Status::Ok();
  });
  if (!s.ok()) return JsonError(req, s);
  json::array items;
  for (const auto& f : page.failures) items.push_back(FailureJson(f, false));
  std::optional<std::string> next;
  if (page.more) next = EncodeCursor({std::to_string(page.failures.back().id)});
  json::object meta = kFromStore;
  AddPageMeta(meta, items.size(), page.total, next);
  return JsonData(req, std::move(items), std::move(meta));
}

Response HandleGetIngestFailure(ApiContext& ctx, Request& req, const Principal& p) {
  auto id = FailureId(req);
  if (!id.ok()) return JsonError(req, id.status());
  auto f = ReadFailure(*ctx.store, p.client.client_id, *id);
  if (!f.ok()) return JsonError(req, f.status());
  if (!*f) return JsonError(req, Status::NotFound(email::NoFailureMessage(*id)));
  return JsonData(req, FailureJson(**f, true), kFromStore);
}

Response HandleDismissIngestFailure(ApiContext& ctx, Request& req, const Principal& p) {
  auto id = FailureId(req);
  if (!id.ok()) return JsonError(req, id.status());
  Status s = email::DismissFailure(*ctx.store, p.client.client_id, *id, NowMillis());
  if (!s.ok()) return JsonError(req, s);
  return JsonData(req, json::object{{"id", *id}}, kFromStore);
}

Response HandleReplayIngestFailure(ApiContext& ctx, Request& req, const Principal& p) {
  auto id = FailureId(req);
  if (!id.ok()) return JsonError(req, id.status());
  auto r = email::ReplayFailure(*ctx.store, p.client, *id, NowMillis());
  if (!r.ok()) return JsonError(req, r.status());
  return JsonData(req, ResultJson(*r), kFromStore);
}

Response HandleIngestEmail(ApiContext& ctx, Request& req, const Principal& p) {
  auto source = SourceParam(req);
  if (!source.ok()) return JsonError(req, source.status());
  std::string raw;
  if (IsMessageContentType(req.Header("Content-Type"))) {
    raw = req.body;
  } else {
    // JSON: {"raw": "..."} or {"message": {decoded parts}}, as the failure queue takes it.
    auto body = ParseJsonBody(req);
    if (!body.ok()) {
      if (body.status().code() == Status::Code::kUnsupportedMedia) {
        return JsonError(req, Status::UnsupportedMedia(
                                  "the body must be message/rfc822 or application/json, not " +
                                  std::string(req.Header("Content-Type"))));
      }
      return JsonError(req, body.status());
    }
    if (!body->is_object()) return JsonError(req, Status::InvalidJson("the body must be an object"));
    std::vector<Detail> details;
    if (auto s = StringField(body->as_object(), "source", "", &details)) {
      Request with = req;
      with.query = {{"source", *s}};
      source = SourceParam(with);
      if (!source.ok()) details.push_back({"/source", "1-32 of a-z, 0-9, '-', '_'"});
    }
    auto r = SubmittedRaw(body->as_object(), &details);
    if (!r.ok()) return JsonError(req, r.status());
    if (!details.empty()) return JsonError(req, Status::ValidationFailed("invalid message", details));
    raw = std::move(*r);
  }
  if (raw.find_first_not_of(" \t\r\n") == std::string::npos) {
    return JsonError(req, Status::ValidationFailed(
                              "no message", {Detail{"", "the body must be an RFC 5322 message"}}));
  }
  auto rules = email::LoadRules(*ctx.store, p.client.client_id);
  if (!rules.ok()) return JsonError(req, rules.status());
  auto r = email::IngestMessage(*ctx.store, p.client, *rules, raw, *source, NowMillis());
  if (!r.ok()) return JsonError(req, r.status());
  return JsonData(req, ResultJson(*r), kFromStore);
}

Response HandleSubmitIngestFailure(ApiContext& ctx, Request& req, const Principal& p) {
  auto body = ParseJsonBody(req);
  if (!body.ok()) return JsonError(req, body.status());
  if (!body->is_object()) return JsonError(req, Status::InvalidJson("the body must be an object"));
  const json::object& o = body->as_object();
  std::vector<Detail> details;
  auto reason = StringField(o, "reason", "", &details);
  auto field = StringField(o, "field", "", &details);
  auto source = StringField(o, "source", "", &details);
  if (!o.contains("reason") || o.at("reason").is_null())
    details.push_back({"/reason", "is required"});
  auto raw = SubmittedRaw(o, &details);
  if (!raw.ok()) return JsonError(req, raw.status());
  if (!details.empty()) {
    return JsonError(req, Status::ValidationFailed("invalid failed message", details));
  }
  auto r = email::QueueFailure(*ctx.store, p.client.client_id, *raw, source.value_or("n8n"),
                               *reason, field.value_or(""), NowMillis());
  if (!r.ok()) return JsonError(req, r.status());
  return JsonData(req, ResultJson(*r), kFromStore);
}

}  // namespace packprod::api
