#include "store/copy.h"

#include <vector>

namespace packprod::store {
namespace {

constexpr std::size_t kChunk = 2000;  // orders (or contacts) per target transaction

Status CopyKeys(Store& from, Store& to) {
  PP_ASSIGN_OR_RETURN(auto keys, from.ExportKeys());
  for (const auto& [key, hash] : keys) {
    PP_RETURN_IF_ERROR(to.CreateKey(key, hash));
    if (key.last_used_at) PP_RETURN_IF_ERROR(to.TouchKey(key.key_id, *key.last_used_at));
    if (key.revoked_at) PP_RETURN_IF_ERROR(to.RevokeKey(key.key_id, *key.revoked_at));
  }
  return Status::Ok();
}

// The shop platforms' webhook secrets, so that the webhooks keep working.
Status CopyWebhookSecrets(Store& from, Store& to) {
  PP_ASSIGN_OR_RETURN(auto listed, from.ListWebhookSecrets());
  for (const WebhookSecret& w : listed) {
    PP_ASSIGN_OR_RETURN(auto full, from.GetWebhookSecret(w.client_id, w.platform));
    if (full) PP_RETURN_IF_ERROR(to.PutWebhookSecret(*full));
  }
  return Status::Ok();
}

Status CopyContacts(Store& from, Store& to, const std::string& client) {
  PP_ASSIGN_OR_RETURN(auto contacts, from.ListContacts(client));
  for (std::size_t i = 0; i < contacts.size(); i += kChunk) {
    PP_RETURN_IF_ERROR(to.Write([&](WriteTx& tx) -> Status {
      for (std::size_t j = i; j < std::min(contacts.size(), i + kChunk); ++j) {
        PP_RETURN_IF_ERROR(tx.PutContact(client, contacts[j]));
      }
      return Status::Ok();
    }));
  }
  return Status::Ok();
}

Status CopyOrders(Store& from, Store& to, const std::string& client, const CopyProgress& progress) {
  std::vector<Order> chunk;
  std::int64_t copied = 0;
  Status failed;
  auto flush = [&]() -> Status {
    if (chunk.empty()) return Status::Ok();
    PP_RETURN_IF_ERROR(to.Write([&](WriteTx& tx) -> Status {
      for (const Order& o : chunk) PP_RETURN_IF_ERROR(tx.PutOrder(o, OrderToImage(o), false));
      return Status::Ok();
    }));
    copied += static_cast<std::int64_t>(chunk.size());
    chunk.clear();
    if (progress) progress(client, copied);
    return Status::Ok();
  };
  PP_RETURN_IF_ERROR(from.ScanOrders(client, [&](Order&& o) {
    chunk.push_back(std::move(o));
    if (chunk.size() < kChunk) return true;
    failed = flush();
    return failed.ok();
  }));
  PP_RETURN_IF_ERROR(failed);
  return flush();
}

// The client's e-mail rules and failure queue (each failure whole, raw message included),
// and its account merge/split rules (the views rebuilt on the target follow them).
Status CopyIngest(Store& from, Store& to, const std::string& client) {
  std::optional<std::string> rules, account_rules;
  std::vector<IngestFailure> failures;
  PP_RETURN_IF_ERROR(from.Read([&](ReadTx& tx) -> Status {
    PP_ASSIGN_OR_RETURN(rules, tx.GetEmailRules(client));
    PP_ASSIGN_OR_RETURN(account_rules, tx.GetAccountRules(client));
    std::int64_t after = 0;
    for (bool more = true; more;) {
      PP_ASSIGN_OR_RETURN(auto page, tx.ListIngestFailures(client, 500, after));
      for (const IngestFailure& f : page.failures) {
        PP_ASSIGN_OR_RETURN(auto whole, tx.GetIngestFailure(client, f.id));
        if (whole) failures.push_back(std::move(*whole));
        after = f.id;
      }
      more = page.more;
    }
    return Status::Ok();
  }));
  if (account_rules) {
    PP_RETURN_IF_ERROR(to.WriteViews(
        [&](WriteTx& tx) { return tx.PutAccountRules(client, *account_rules, NowMillis()); }));
  }
  return to.Write([&](WriteTx& tx) -> Status {
    if (rules) PP_RETURN_IF_ERROR(tx.PutEmailRules(client, *rules, NowMillis()));
    for (const IngestFailure& f : failures) PP_RETURN_IF_ERROR(tx.PutIngestFailure(f).status());
    return Status::Ok();
  });
}

// The client's digest and alert documents (settings, weeks sent, alert state).
Status CopyNotifyDocs(Store& from, Store& to, const std::string& client) {
  for (const char* name : {"settings", "digest", "alerts"}) {
    PP_ASSIGN_OR_RETURN(auto doc, from.GetNotifyDoc(client, name));
    if (doc) PP_RETURN_IF_ERROR(to.PutNotifyDoc(client, name, doc->body, 0, NowMillis()).status());
  }
  return Status::Ok();
}

}  // namespace

Result<StoreCounts> CountStore(Store& s) {
  StoreCounts n;
  PP_ASSIGN_OR_RETURN(auto clients, s.ListClients());
  n.clients = static_cast<std::int64_t>(clients.size());
  PP_ASSIGN_OR_RETURN(auto keys, s.ListKeys());
  n.keys = static_cast<std::int64_t>(keys.size());
  for (const ApiKey& k : keys) n.revoked_keys += k.revoked_at.has_value();
  for (const ClientSettings& c : clients) {
    PP_ASSIGN_OR_RETURN(auto contacts, s.ListContacts(c.client_id));
    n.contacts += static_cast<std::int64_t>(contacts.size());
    OrderQuery q;
    q.limit = 1;
    PP_ASSIGN_OR_RETURN(auto page, s.ListOrders(c.client_id, q));
    n.orders += page.total;
    PP_RETURN_IF_ERROR(s.Read([&](ReadTx& tx) -> Status {
      PP_ASSIGN_OR_RETURN(auto failures, tx.ListIngestFailures(c.client_id, 1, 0));
      n.ingest_failures += failures.total;
      return Status::Ok();
    }));
  }
  return n;
}

Status CopyStore(Store& from, Store& to, const CopyProgress& progress) {
  PP_ASSIGN_OR_RETURN(auto existing, to.ListClients());
  if (!existing.empty()) {
    return Status::InvalidArgument("the target store is not empty (it has client '" +
                                   existing.front().client_id + "'): give an empty database");
  }
  PP_ASSIGN_OR_RETURN(auto clients, from.ListClients());
  for (const ClientSettings& c : clients) PP_RETURN_IF_ERROR(to.PutClient(c));
  PP_RETURN_IF_ERROR(CopyKeys(from, to));
  PP_RETURN_IF_ERROR(CopyWebhookSecrets(from, to));
  for (const ClientSettings& c : clients) {
    PP_RETURN_IF_ERROR(CopyContacts(from, to, c.client_id));
    PP_RETURN_IF_ERROR(CopyOrders(from, to, c.client_id, progress));
    PP_RETURN_IF_ERROR(CopyIngest(from, to, c.client_id));
    PP_RETURN_IF_ERROR(CopyNotifyDocs(from, to, c.client_id));
  }
  return Status::Ok();
}

}  // namespace packprod::store
