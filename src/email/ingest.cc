#include "email/ingest.h"

#include <boost/json.hpp>

#include "domain/money.h"
#include "domain/validate.h"
#include "store/platform_ingest.h"

namespace packprod::email {
namespace json = boost::json;
namespace {

// Why an order could not be read or validated: the first detail's message and path, then
// every other detail with its path.
void Describe(const Status& s, IngestResult* r) {
  const auto& d = s.details();
  r->field = d.empty() ? "message" : d[0].path;
  r->reason = d.empty() ? s.message() : d[0].message;
  for (std::size_t i = 1; i < d.size(); ++i) r->reason += "; " + d[i].path + ": " + d[i].message;
}

// The order's discount (a WooCommerce "Discount:" or Shopify order discount row), which
// the import contract has no field for: when it explains the total (lines - discount +
// shipping, with or without tax), the importer's "total equals neither" warning is
// dropped; otherwise it stays, naming the discount.
void ApplyDiscount(const json::object& order, const std::string& currency, ValidatedOrder* v) {
  const json::value* d = order.if_contains("discount");
  if (!d) return;
  std::string why;
  auto discount = ParseMoney(*d, currency, MoneyRounding::kReject, &why);
  if (!discount || !v->order.subtotal) return;
  Cents base = *v->order.subtotal - *discount + v->order.shipping.value_or(0);
  bool meets = v->order.total == base || v->order.total == base + v->order.tax.value_or(0);
  for (auto& w : v->warnings) {
    if (w.starts_with("total ") && w.find("equals neither") != std::string::npos) {
      w = meets ? "" : w + " (less the discount " + FormatCents(*discount) + ")";
    }
  }
  std::erase(v->warnings, std::string());
}

Result<IngestResult> Queue(store::Store& st, const std::string& client, std::string_view raw,
                           const EmailMessage& m, const std::string& source, Millis now,
                           IngestResult r) {
  store::IngestFailure f;
  f.client_id = client;
  f.message_key = r.message_key;
  f.from = m.from;
  f.subject = m.subject;
  f.source = source;
  f.reason = r.reason;
  f.field = r.field;
  // An oversized message keeps its head only (its reason says so).
  f.raw = std::string(raw.size() > kMaxMessageBytes ? raw.substr(0, kMaxQueuedBytes) : raw);
  f.received_at = f.updated_at = now;
  Status s = st.Write([&](store::WriteTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(auto done, tx.IngestedOrder(client, r.message_key));
    if (done) {
      r.kind = done->empty() ? IngestResult::Kind::kDismissed : IngestResult::Kind::kDuplicate;
      r.order_id = *done;
      return Status::Ok();
    }
    r.kind = IngestResult::Kind::kFailed;
    PP_ASSIGN_OR_RETURN(r.failure_id, tx.PutIngestFailure(f));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return r;
}

// A shop platform's order (a webhook or backfill entry, store/platform_ingest.h): read
// again as JSON, not as an e-mail.
Result<IngestResult> ReplayPlatform(store::Store& st, const ClientSettings& client,
                                    const store::IngestFailure& f, Millis now) {
  PP_ASSIGN_OR_RETURN(store::PlatformResult p, store::ReplayPlatformFailure(st, client, f, now));
  IngestResult r;
  r.message_key = f.message_key;
  r.subject = f.subject;
  r.template_ = f.source;
  r.order_id = p.order_id;
  r.import = p.import;
  r.warnings = p.warnings;
  r.failure_id = p.failure_id;
  r.field = p.field;
  r.reason = p.reason;
  r.kind = p.kind == store::PlatformResult::Kind::kFailed ? IngestResult::Kind::kFailed
                                                          : IngestResult::Kind::kImported;
  return r;
}

}  // namespace

const char* IngestKindName(IngestResult::Kind k) {
  switch (k) {
    case IngestResult::Kind::kImported:
      return "imported";
    case IngestResult::Kind::kDuplicate:
      return "duplicate";
    case IngestResult::Kind::kFailed:
      return "failed";
    case IngestResult::Kind::kDismissed:
      return "dismissed";
  }
  return "failed";
}

Result<EmailRules> LoadRules(store::Store& st, const std::string& client) {
  std::optional<std::string> text;
  PP_RETURN_IF_ERROR(st.Read([&](store::ReadTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(text, tx.GetEmailRules(client));
    return Status::Ok();
  }));
  if (!text) return EmailRules{};
  boost::system::error_code ec;
  json::value v = json::parse(*text, ec);
  if (ec) return Status::Internal("stored e-mail rules are not JSON");
  auto rules = ParseEmailRules(v);
  if (!rules.ok()) return Status::Internal("stored e-mail rules are invalid");
  return rules;
}

Status SaveRules(store::Store& st, const std::string& client, const json::value& rules,
                 Millis now) {
  PP_ASSIGN_OR_RETURN(EmailRules parsed, ParseEmailRules(rules));
  std::string text = json::serialize(EmailRulesJson(parsed));
  return st.Write([&](store::WriteTx& tx) { return tx.PutEmailRules(client, text, now); });
}

Result<IngestResult> IngestMessage(store::Store& st, const ClientSettings& client,
                                   const EmailRules& rules, std::string_view raw,
                                   const std::string& source, Millis now) {
  IngestResult r;
  auto msg = DecodeEmail(raw);
  if (!msg.ok()) {
    r.message_key = MessageKey(EmailMessage{}, raw);
    r.field = "message";
    r.reason = msg.status().message();
    return Queue(st, client.client_id, raw, EmailMessage{}, source, now, std::move(r));
  }
  r.message_key = MessageKey(*msg, raw);
  r.subject = msg->subject;
  auto parsed = ParseOrderEmail(*msg, rules, client.timezone);
  if (!parsed.ok()) {
    Describe(parsed.status(), &r);
    return Queue(st, client.client_id, raw, *msg, source, now, std::move(r));
  }
  r.template_ = parsed->template_;
  std::vector<Detail> details;
  auto valid = ValidateOrder(parsed->order, client, "", &details);
  if (!valid) {
    Describe(Status::ValidationFailed("the order breaks the import rules", details), &r);
    return Queue(st, client.client_id, raw, *msg, source, now, std::move(r));
  }
  ApplyDiscount(parsed->order, client.currency, &*valid);
  std::vector<ValidatedOrder> orders;
  orders.push_back(std::move(*valid));
  Status s = st.Write([&](store::WriteTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(auto done, tx.IngestedOrder(client.client_id, r.message_key));
    if (done) {
      r.kind = done->empty() ? IngestResult::Kind::kDismissed : IngestResult::Kind::kDuplicate;
      r.order_id = *done;
      return Status::Ok();
    }
    store::ImportOutcome out;
    PP_RETURN_IF_ERROR(store::ImportOrdersInTx(tx, client.client_id, orders, now, &out));
    r.kind = IngestResult::Kind::kImported;
    r.order_id = out.items[0].order_id;
    r.import = out.items[0].result;
    r.warnings = out.items[0].warnings;
    return tx.PutIngested(client.client_id, r.message_key, r.order_id, now);
  });
  if (!s.ok()) return s;
  return r;
}

Result<IngestResult> ReplayFailure(store::Store& st, const ClientSettings& client, std::int64_t id,
                                   Millis now) {
  std::optional<store::IngestFailure> f;
  PP_RETURN_IF_ERROR(st.Read([&](store::ReadTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(f, tx.GetIngestFailure(client.client_id, id));
    return Status::Ok();
  }));
  if (!f) return Status::NotFound(NoFailureMessage(id));
  if (store::IsPlatformFailure(*f)) return ReplayPlatform(st, client, *f, now);
  PP_ASSIGN_OR_RETURN(EmailRules rules, LoadRules(st, client.client_id));
  PP_ASSIGN_OR_RETURN(IngestResult r, IngestMessage(st, client, rules, f->raw, f->source, now));
  if (r.kind == IngestResult::Kind::kDuplicate) {
    // Imported by another path meanwhile: nothing left to fix.
    Status s =
        st.Write([&](store::WriteTx& tx) { return tx.DeleteIngestFailure(client.client_id, id); });
    if (!s.ok() && !s.IsNotFound()) return s;
  }
  return r;
}

std::string NoFailureMessage(std::int64_t id) {
  return "no failed message " + std::to_string(id);
}

Status DismissFailure(store::Store& st, const std::string& client, std::int64_t id, Millis now) {
  return st.Write([&](store::WriteTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(auto f, tx.GetIngestFailure(client, id));
    if (!f) return Status::NotFound(NoFailureMessage(id));
    PP_RETURN_IF_ERROR(tx.DeleteIngestFailure(client, id));
    PP_ASSIGN_OR_RETURN(auto done, tx.IngestedOrder(client, f->message_key));
    if (done) return Status::Ok();
    return tx.PutIngested(client, f->message_key, "", now);  // "": dismissed
  });
}

Result<IngestResult> QueueFailure(store::Store& st, const std::string& client, std::string_view raw,
                                  const std::string& source, const std::string& reason,
                                  const std::string& field, Millis now) {
  IngestResult r;
  auto msg = DecodeEmail(raw);
  EmailMessage m = msg.ok() ? *msg : EmailMessage{};
  r.message_key = MessageKey(m, raw);
  r.subject = m.subject;
  r.reason = reason;
  r.field = field;
  return Queue(st, client, raw, m, source, now, std::move(r));
}

}  // namespace packprod::email
