#include "store/sqlite/ingest_tables.h"

namespace packprod::store::sqlite {
namespace {

constexpr const char* kFailureColumns =
    "failure_id, client_id, message_key, from_addr, subject, source, reason, field, attempts, "
    "received_at, updated_at";

IngestFailure FailureRow(Stmt& s) {
  IngestFailure f;
  f.id = s.Int(0);
  f.client_id = s.Text(1);
  f.message_key = s.Text(2);
  f.from = s.Text(3);
  f.subject = s.Text(4);
  f.source = s.Text(5);
  f.reason = s.Text(6);
  f.field = s.Text(7);
  f.attempts = s.Int(8);
  f.received_at = s.Int(9);
  f.updated_at = s.Int(10);
  return f;
}

}  // namespace

Result<std::optional<std::string>> ReadIngested(Db& db, const std::string& client,
                                                const std::string& key) {
  Stmt& s =
      db.Prepare("SELECT order_id FROM ingest_messages WHERE client_id = ? AND message_key = ?");
  s.Bind(1, client).Bind(2, key);
  std::optional<std::string> out;
  if (s.Step()) out = s.Text(0);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Status WriteIngested(Db& db, const std::string& client, const std::string& key,
                     const std::string& order_id, Millis at) {
  Stmt& s = db.Prepare(
      "INSERT INTO ingest_messages (client_id, message_key, order_id, ingested_at) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (client_id, message_key) DO NOTHING");
  s.Bind(1, client).Bind(2, key).Bind(3, order_id).Bind(4, at);
  PP_RETURN_IF_ERROR(s.Run());
  Stmt& d = db.Prepare("DELETE FROM ingest_failures WHERE client_id = ? AND message_key = ?");
  d.Bind(1, client).Bind(2, key);
  return d.Run();
}

Result<std::int64_t> WriteIngestFailure(Db& db, const IngestFailure& f) {
  Stmt& s = db.Prepare(
      "INSERT INTO ingest_failures (client_id, message_key, from_addr, subject, source, reason, "
      "field, raw, attempts, received_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, "
      "?9, ?9) ON CONFLICT (client_id, message_key) DO UPDATE SET from_addr = ?3, subject = ?4, "
      "source = ?5, reason = ?6, field = ?7, raw = ?8, attempts = attempts + 1, updated_at = ?9 "
      "RETURNING failure_id");
  s.Bind(1, f.client_id).Bind(2, f.message_key).Bind(3, f.from).Bind(4, f.subject);
  s.Bind(5, f.source).Bind(6, f.reason).Bind(7, f.field).Bind(8, f.raw).Bind(9, f.updated_at);
  std::int64_t id = 0;
  if (s.Step()) id = s.Int(0);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  if (id == 0) return Status::Internal("the failure queue returned no id");
  return id;
}

Status RemoveIngestFailure(Db& db, const std::string& client, std::int64_t id) {
  Stmt& s = db.Prepare("DELETE FROM ingest_failures WHERE client_id = ? AND failure_id = ?");
  s.Bind(1, client).Bind(2, id);
  PP_RETURN_IF_ERROR(s.Run());
  if (db.Changes() == 0) return Status::NotFound("no failed message " + std::to_string(id));
  return Status::Ok();
}

Result<IngestFailurePage> QueryIngestFailures(Db& db, const std::string& client, int limit,
                                              std::int64_t after) {
  IngestFailurePage page;
  {
    Stmt& s = db.Prepare("SELECT COUNT(*) FROM ingest_failures WHERE client_id = ?");
    s.Bind(1, client);
    if (s.Step()) page.total = s.Int(0);
    PP_RETURN_IF_ERROR(s.error());
    s.Reset();
  }
  Stmt& s = db.Prepare(std::string("SELECT ") + kFailureColumns +
                       " FROM ingest_failures WHERE client_id = ? AND failure_id > ? "
                       "ORDER BY failure_id LIMIT ?");
  s.Bind(1, client).Bind(2, after).Bind(3, static_cast<std::int64_t>(limit) + 1);
  while (s.Step()) page.failures.push_back(FailureRow(s));
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  if (static_cast<int>(page.failures.size()) > limit) {
    page.failures.pop_back();
    page.more = true;
  }
  return page;
}

Result<std::optional<IngestFailure>> ReadIngestFailure(Db& db, const std::string& client,
                                                       std::int64_t id) {
  Stmt& s = db.Prepare(std::string("SELECT ") + kFailureColumns +
                       ", raw FROM ingest_failures WHERE client_id = ? AND failure_id = ?");
  s.Bind(1, client).Bind(2, id);
  std::optional<IngestFailure> out;
  if (s.Step()) {
    out = FailureRow(s);
    out->raw = s.Text(11);
  }
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Result<std::optional<std::string>> ReadEmailRules(Db& db, const std::string& client) {
  Stmt& s = db.Prepare("SELECT rules FROM email_rules WHERE client_id = ?");
  s.Bind(1, client);
  std::optional<std::string> out;
  if (s.Step()) out = s.Text(0);
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Status WriteEmailRules(Db& db, const std::string& client, const std::string& json, Millis at) {
  Stmt& s = db.Prepare(
      "INSERT INTO email_rules (client_id, rules, updated_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (client_id) DO UPDATE SET rules = ?2, updated_at = ?3");
  s.Bind(1, client).Bind(2, json).Bind(3, at);
  return s.Run();
}

}  // namespace packprod::store::sqlite
