#include "store/platform_ingest.h"

#include <boost/json.hpp>

#include "domain/ids.h"
#include "domain/validate.h"

namespace packprod::store {
namespace json = boost::json;
namespace {

// One platform order read and validated, or why not.
struct Prepared {
  std::string platform_id;  // the platform's `id` ("" when absent)
  std::string reference;
  std::optional<ValidatedOrder> order;
  std::string field, reason;  // when !order
};

void Describe(const Status& s, Prepared* p) {
  const auto& d = s.details();
  p->field = d.empty() ? "body" : d[0].path;
  p->reason = d.empty() ? s.message() : d[0].message;
  for (std::size_t i = 1; i < d.size(); ++i) p->reason += "; " + d[i].path + ": " + d[i].message;
}

Prepared Prepare(Platform platform, const json::value& v, const ClientSettings& client) {
  Prepared p;
  p.platform_id = PlatformOrderId(v);
  p.reference = PlatformOrderReference(platform, v);
  auto mapped = MapPlatformOrder(platform, v);
  if (!mapped.ok()) {
    Describe(mapped.status(), &p);
    return p;
  }
  std::vector<Detail> details;
  p.order = ValidateOrder(*mapped, client, "", &details);
  if (!p.order) {
    Describe(Status::ValidationFailed("the order breaks the import rules", details), &p);
  }
  return p;
}

std::string OrderKey(Platform platform, const std::string& id) {
  return std::string(PlatformName(platform)) + "-order:" + id;
}

std::string DeliveryKey(Platform platform, const std::string& id) {
  return std::string(PlatformName(platform)) + "-delivery:" + id;
}

// The failure queue's key of an order: its platform id, else the body's hash.
std::string FailureKey(Platform platform, const Prepared& p, std::string_view raw) {
  return p.platform_id.empty() ? "sha256:" + Sha256Hex(raw) : OrderKey(platform, p.platform_id);
}

// Imports a prepared order, or queues it; inside the caller's transaction.
Status ImportOrQueue(WriteTx& tx, const ClientSettings& client, Platform platform, Prepared& p,
                     std::string_view raw, const std::string& source, const std::string& subject,
                     Millis now, PlatformResult* r) {
  r->reference = p.reference;
  if (!p.order) {
    IngestFailure f;
    f.client_id = client.client_id;
    f.message_key = FailureKey(platform, p, raw);
    f.from = std::string(PlatformName(platform));
    f.subject = subject;
    f.source = source;
    f.reason = p.reason;
    f.field = p.field;
    f.raw = std::string(raw);
    f.received_at = f.updated_at = now;
    r->kind = PlatformResult::Kind::kFailed;
    r->field = p.field;
    r->reason = p.reason;
    PP_ASSIGN_OR_RETURN(r->failure_id, tx.PutIngestFailure(f));
    return Status::Ok();
  }
  std::vector<ValidatedOrder> orders;
  orders.push_back(std::move(*p.order));
  p.order.reset();
  ImportOutcome out;
  PP_RETURN_IF_ERROR(ImportOrdersInTx(tx, client.client_id, orders, now, &out));
  r->kind = PlatformResult::Kind::kImported;
  r->order_id = out.items[0].order_id;
  r->contact_id = out.items[0].contact_id;
  r->import = out.items[0].result;
  r->warnings = out.items[0].warnings;
  if (out.items[0].result != ImportResult::kUnchanged) r->seq = out.seq;
  if (!p.platform_id.empty()) {
    // Also clears a queued earlier copy of this order.
    PP_RETURN_IF_ERROR(
        tx.PutIngested(client.client_id, OrderKey(platform, p.platform_id), r->order_id, now));
  }
  return Status::Ok();
}

// The same REMOVE as DELETE /admin/orders/{id} (store::DeleteOrder), in this transaction.
Status Remove(WriteTx& tx, const ClientSettings& client, Platform platform,
              const json::value& body, Millis now, PlatformResult* r) {
  std::string id = PlatformOrderId(body);
  r->reference = PlatformOrderReference(platform, body);
  std::optional<std::string> order_id;
  if (!id.empty()) {
    PP_ASSIGN_OR_RETURN(order_id, tx.IngestedOrder(client.client_id, OrderKey(platform, id)));
  }
  if (!order_id && !r->reference.empty()) order_id = OrderId(client.client_id, r->reference);
  std::optional<Order> existing;
  if (order_id) {
    PP_ASSIGN_OR_RETURN(existing, tx.GetOrder(client.client_id, *order_id));
  }
  if (!existing) {
    r->kind = PlatformResult::Kind::kIgnored;
    r->reason = "no such order (never imported, or removed already)";
    return Status::Ok();
  }
  PP_RETURN_IF_ERROR(tx.DeleteOrder(client.client_id, *order_id));
  ChangeRecord rec;
  rec.client_id = client.client_id;
  rec.order_id = *order_id;
  rec.op = ChangeOp::kRemove;
  rec.old_image = OrderToImage(*existing);
  rec.committed_at = now;
  PP_ASSIGN_OR_RETURN(r->seq, tx.AppendChange(rec));
  r->kind = PlatformResult::Kind::kRemoved;
  r->order_id = *order_id;
  r->reference = existing->reference;
  return Status::Ok();
}

}  // namespace

const char* PlatformResultName(PlatformResult::Kind k) {
  switch (k) {
    case PlatformResult::Kind::kImported: return "imported";
    case PlatformResult::Kind::kRemoved: return "removed";
    case PlatformResult::Kind::kDuplicate: return "duplicate";
    case PlatformResult::Kind::kIgnored: return "ignored";
    case PlatformResult::Kind::kFailed: return "failed";
  }
  return "failed";
}

Result<PlatformResult> ApplyPlatformDelivery(Store& st, const ClientSettings& client,
                                             const PlatformDelivery& d, Millis now) {
  boost::system::error_code ec;
  json::value body = json::parse(d.body, ec);
  Prepared prepared;
  if (ec) {
    prepared.field = "body";
    prepared.reason = "not JSON: " + ec.message();
  } else if (!d.remove) {
    prepared = Prepare(d.platform, body, client);
  }
  std::string subject = d.topic + (prepared.reference.empty() ? "" : " #" + prepared.reference);
  std::string source = std::string("webhook:") + PlatformName(d.platform);
  PlatformResult r;
  Status s = st.Write([&](WriteTx& tx) -> Status {
    r = PlatformResult{};
    if (!d.delivery_id.empty()) {
      PP_ASSIGN_OR_RETURN(auto done,
                          tx.IngestedOrder(client.client_id, DeliveryKey(d.platform, d.delivery_id)));
      if (done) {
        r.kind = PlatformResult::Kind::kDuplicate;
        r.order_id = *done;
        return Status::Ok();
      }
    }
    if (d.remove && !ec) {
      PP_RETURN_IF_ERROR(Remove(tx, client, d.platform, body, now, &r));
    } else {
      Prepared one = prepared;  // a retried transaction must see the order again
      PP_RETURN_IF_ERROR(
          ImportOrQueue(tx, client, d.platform, one, d.body, source, subject, now, &r));
    }
    if (!d.delivery_id.empty() && r.kind != PlatformResult::Kind::kFailed) {
      PP_RETURN_IF_ERROR(tx.PutIngested(client.client_id, DeliveryKey(d.platform, d.delivery_id),
                                        r.order_id, now));
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return r;
}

Result<PlatformPageOutcome> ImportPlatformPage(Store& st, const ClientSettings& client,
                                               Platform p, const std::vector<json::value>& orders,
                                               Millis now) {
  std::vector<Prepared> prepared;
  prepared.reserve(orders.size());
  for (const auto& o : orders) prepared.push_back(Prepare(p, o, client));
  std::string source = std::string("backfill:") + PlatformName(p);
  PlatformPageOutcome out;
  Status s = st.Write([&](WriteTx& tx) -> Status {
    out = PlatformPageOutcome{};
    for (std::size_t i = 0; i < prepared.size(); ++i) {
      // A retried transaction must see each order again.
      Prepared one = prepared[i];
      PlatformResult r;
      std::string raw = json::serialize(orders[i]);
      std::string subject = std::string("backfill #") + one.reference;
      PP_RETURN_IF_ERROR(ImportOrQueue(tx, client, p, one, raw, source, subject, now, &r));
      if (r.kind == PlatformResult::Kind::kFailed) {
        ++out.failed;
      } else if (r.import == ImportResult::kCreated) {
        ++out.created;
      } else if (r.import == ImportResult::kUpdated) {
        ++out.updated;
      } else {
        ++out.unchanged;
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

bool IsPlatformFailure(const IngestFailure& f) {
  auto colon = f.source.find(':');
  return colon != std::string::npos && ParsePlatform(f.source.substr(colon + 1)).has_value() &&
         (f.source.starts_with("webhook:") || f.source.starts_with("backfill:"));
}

Result<PlatformResult> ReplayPlatformFailure(Store& st, const ClientSettings& client,
                                             const IngestFailure& f, Millis now) {
  if (!IsPlatformFailure(f)) return Status::InvalidArgument("not a shop platform order");
  Platform platform = *ParsePlatform(f.source.substr(f.source.find(':') + 1));
  boost::system::error_code ec;
  json::value body = json::parse(f.raw, ec);
  Prepared prepared;
  if (ec) {
    prepared.field = "body";
    prepared.reason = "not JSON: " + ec.message();
  } else {
    prepared = Prepare(platform, body, client);
  }
  PlatformResult r;
  Status s = st.Write([&](WriteTx& tx) -> Status {
    r = PlatformResult{};
    Prepared one = prepared;
    PP_RETURN_IF_ERROR(
        ImportOrQueue(tx, client, platform, one, f.raw, f.source, f.subject, now, &r));
    if (r.kind == PlatformResult::Kind::kImported && f.message_key.starts_with("sha256:")) {
      // Entries without a platform id are not cleared by the order key.
      Status d = tx.DeleteIngestFailure(client.client_id, f.id);
      if (!d.ok() && !d.IsNotFound()) return d;
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return r;
}

}  // namespace packprod::store
