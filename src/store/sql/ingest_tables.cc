// SqlTx' order e-mail ingestion tables (migration 3): the messages imported, the
// failure queue (its raw message as bytes) and the e-mail rules. The caller owns the
// transaction.
#include "store/sql/sql_tx.h"

namespace packprod::store::sql {
namespace {

constexpr const char* kFailureColumns =
    "failure_id, client_id, message_key, from_addr, subject, source, reason, field, attempts, "
    "received_at, updated_at";

IngestFailure FailureRow(const Row& r) {
  IngestFailure f;
  f.id = r.Int(0);
  f.client_id = r.Text(1);
  f.message_key = r.Text(2);
  f.from = r.Text(3);
  f.subject = r.Text(4);
  f.source = r.Text(5);
  f.reason = r.Text(6);
  f.field = r.Text(7);
  f.attempts = r.Int(8);
  f.received_at = r.Int(9);
  f.updated_at = r.Int(10);
  return f;
}

Result<std::optional<std::string>> OneText(Session& s, std::string_view text, const Args& args) {
  std::optional<std::string> out;
  PP_RETURN_IF_ERROR(s.QueryOne(text, args, [&](const Row& r) {
                        out = r.Text(0);
                        return Status::Ok();
                      }).status());
  return out;
}

}  // namespace

Result<std::optional<std::string>> SqlTx::IngestedOrder(const std::string& client,
                                                             const std::string& key) {
  return OneText(sql(),
                 "SELECT order_id FROM ingest_messages WHERE client_id = ? AND message_key = ?",
                 {client, key});
}

Status SqlTx::PutIngested(const std::string& client, const std::string& key,
                               const std::string& order_id, Millis at) {
  PP_RETURN_IF_ERROR(sql().Run(
      "INSERT INTO ingest_messages (client_id, message_key, order_id, ingested_at) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (client_id, message_key) DO NOTHING",
      {client, key, order_id, at}));
  return sql().Run("DELETE FROM ingest_failures WHERE client_id = ? AND message_key = ?",
                   {client, key});
}

Result<std::int64_t> SqlTx::PutIngestFailure(const IngestFailure& f) {
  std::int64_t id = 0;
  PP_RETURN_IF_ERROR(sql().Query(
      "INSERT INTO ingest_failures (client_id, message_key, from_addr, subject, source, reason, "
      "field, raw, attempts, received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) "
      "ON CONFLICT (client_id, message_key) DO UPDATE SET from_addr = excluded.from_addr, "
      "subject = excluded.subject, source = excluded.source, reason = excluded.reason, "
      "field = excluded.field, raw = excluded.raw, "
      "attempts = ingest_failures.attempts + 1, updated_at = excluded.updated_at "
      "RETURNING failure_id",
      {f.client_id, f.message_key, f.from, f.subject, f.source, f.reason, f.field, Bytes{f.raw},
       f.updated_at, f.updated_at},
      [&](const Row& r) {
        id = r.Int(0);
        return Status::Ok();
      }));
  if (id == 0) return Status::Internal("the failure queue returned no id");
  return id;
}

Status SqlTx::DeleteIngestFailure(const std::string& client, std::int64_t id) {
  PP_ASSIGN_OR_RETURN(
      std::int64_t n,
      sql().Exec("DELETE FROM ingest_failures WHERE client_id = ? AND failure_id = ?",
                 {client, id}));
  if (n == 0) return Status::NotFound("no failed message " + std::to_string(id));
  return Status::Ok();
}

Result<IngestFailurePage> SqlTx::ListIngestFailures(const std::string& client, int limit,
                                                         std::int64_t after) {
  Session& s = sql();
  IngestFailurePage page;
  PP_RETURN_IF_ERROR(s.Query("SELECT COUNT(*) FROM ingest_failures WHERE client_id = ?", {client},
                             [&](const Row& r) {
                               page.total = r.Int(0);
                               return Status::Ok();
                             }));
  PP_RETURN_IF_ERROR(s.Query(std::string("SELECT ") + kFailureColumns +
                                 " FROM ingest_failures WHERE client_id = ? AND failure_id > ? "
                                 "ORDER BY failure_id LIMIT ?",
                             {client, after, static_cast<std::int64_t>(limit) + 1},
                             [&](const Row& r) {
                               page.failures.push_back(FailureRow(r));
                               return Status::Ok();
                             }));
  if (static_cast<int>(page.failures.size()) > limit) {
    page.failures.pop_back();
    page.more = true;
  }
  return page;
}

Result<std::optional<IngestFailure>> SqlTx::GetIngestFailure(const std::string& client,
                                                                  std::int64_t id) {
  std::optional<IngestFailure> out;
  PP_RETURN_IF_ERROR(sql()
                         .QueryOne(std::string("SELECT ") + kFailureColumns +
                                       ", raw FROM ingest_failures WHERE client_id = ? AND "
                                       "failure_id = ?",
                                   {client, id},
                                   [&](const Row& r) {
                                     out = FailureRow(r);
                                     out->raw = r.Bytes(11);
                                     return Status::Ok();
                                   })
                         .status());
  return out;
}

Result<std::optional<std::string>> SqlTx::GetEmailRules(const std::string& client) {
  return OneText(sql(), "SELECT rules FROM email_rules WHERE client_id = ?", {client});
}

Status SqlTx::PutEmailRules(const std::string& client, const std::string& json, Millis at) {
  static const std::string kSql = UpsertSql("email_rules", {"client_id"}, {"rules", "updated_at"});
  return sql().Run(kSql, {client, json, at});
}

}  // namespace packprod::store::sql
