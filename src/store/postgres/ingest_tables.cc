// PgTx: order e-mail ingestion (store.h): Message-ID dedupe, the failure queue, rules.
#include "store/postgres/tx.h"

namespace packprod::store::postgres {
namespace {

constexpr const char* kFailureColumns =
    "failure_id, client_id, message_key, from_addr, subject, source, reason, field, attempts, "
    "received_at, updated_at";

IngestFailure FailureRow(const Res& r, int i) {
  IngestFailure f;
  f.id = r.Int(i, 0);
  f.client_id = r.Text(i, 1);
  f.message_key = r.Text(i, 2);
  f.from = r.Text(i, 3);
  f.subject = r.Text(i, 4);
  f.source = r.Text(i, 5);
  f.reason = r.Text(i, 6);
  f.field = r.Text(i, 7);
  f.attempts = r.Int(i, 8);
  f.received_at = r.Int(i, 9);
  f.updated_at = r.Int(i, 10);
  return f;
}

// bytea in its text form ("\x" and hex digits), both ways.
std::string ToBytea(const std::string& raw) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + 2 * raw.size());
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

std::string FromBytea(const std::string& text) {
  std::string out;
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x') return out;
  out.reserve((text.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
    out += static_cast<char>(HexValue(text[i]) * 16 + HexValue(text[i + 1]));
  }
  return out;
}

}  // namespace

Result<std::optional<std::string>> PgTx::IngestedOrder(const std::string& client,
                                                       const std::string& key) {
  PP_ASSIGN_OR_RETURN(Res r, c_.Q("SELECT order_id FROM ingest_messages WHERE client_id = $1 "
                                  "AND message_key = $2",
                                  client, key));
  if (r.rows() == 0) return std::optional<std::string>();
  return std::optional<std::string>(r.Text(0, 0));
}

Status PgTx::PutIngested(const std::string& client, const std::string& key,
                         const std::string& order_id, Millis at) {
  PP_RETURN_IF_ERROR(c_.Q("INSERT INTO ingest_messages (client_id, message_key, order_id, "
                          "ingested_at) VALUES ($1, $2, $3, $4) ON CONFLICT (client_id, "
                          "message_key) DO NOTHING",
                          client, key, order_id, at)
                         .status());
  return c_.Q("DELETE FROM ingest_failures WHERE client_id = $1 AND message_key = $2", client, key)
      .status();
}

Result<std::int64_t> PgTx::PutIngestFailure(const IngestFailure& f) {
  PP_ASSIGN_OR_RETURN(
      Res r, c_.Q("INSERT INTO ingest_failures (client_id, message_key, from_addr, subject, "
                  "source, reason, field, raw, attempts, received_at, updated_at) VALUES ($1, "
                  "$2, $3, $4, $5, $6, $7, $8::bytea, 1, $9, $9) ON CONFLICT (client_id, "
                  "message_key) DO UPDATE SET from_addr = $3, subject = $4, source = $5, "
                  "reason = $6, field = $7, raw = $8::bytea, attempts = "
                  "ingest_failures.attempts + 1, updated_at = $9 RETURNING failure_id",
                  f.client_id, f.message_key, f.from, f.subject, f.source, f.reason, f.field,
                  ToBytea(f.raw), f.updated_at));
  if (r.rows() == 0) return Status::Internal("the failure queue returned no id");
  return r.Int(0, 0);
}

Status PgTx::DeleteIngestFailure(const std::string& client, std::int64_t id) {
  PP_ASSIGN_OR_RETURN(
      Res r,
      c_.Q("DELETE FROM ingest_failures WHERE client_id = $1 AND failure_id = $2", client, id));
  if (r.Affected() == 0) return Status::NotFound("no failed message " + std::to_string(id));
  return Status::Ok();
}

Result<IngestFailurePage> PgTx::ListIngestFailures(const std::string& client, int limit,
                                                   std::int64_t after) {
  IngestFailurePage page;
  PP_ASSIGN_OR_RETURN(Res n,
                      c_.Q("SELECT COUNT(*) FROM ingest_failures WHERE client_id = $1", client));
  page.total = n.Int(0, 0);
  PP_ASSIGN_OR_RETURN(Res r, c_.Q(std::string("SELECT ") + kFailureColumns +
                                      " FROM ingest_failures WHERE client_id = $1 AND "
                                      "failure_id > $2 ORDER BY failure_id LIMIT $3",
                                  client, after, limit + 1));
  for (int i = 0; i < r.rows() && i < limit; ++i) page.failures.push_back(FailureRow(r, i));
  page.more = r.rows() > limit;
  return page;
}

Result<std::optional<IngestFailure>> PgTx::GetIngestFailure(const std::string& client,
                                                            std::int64_t id) {
  PP_ASSIGN_OR_RETURN(Res r, c_.Q(std::string("SELECT ") + kFailureColumns +
                                      ", raw FROM ingest_failures WHERE client_id = $1 AND "
                                      "failure_id = $2",
                                  client, id));
  if (r.rows() == 0) return std::optional<IngestFailure>();
  IngestFailure f = FailureRow(r, 0);
  f.raw = FromBytea(r.Text(0, 11));
  return std::optional<IngestFailure>(std::move(f));
}

Result<std::optional<std::string>> PgTx::GetEmailRules(const std::string& client) {
  PP_ASSIGN_OR_RETURN(Res r, c_.Q("SELECT rules FROM email_rules WHERE client_id = $1", client));
  if (r.rows() == 0) return std::optional<std::string>();
  return std::optional<std::string>(r.Text(0, 0));
}

Status PgTx::PutEmailRules(const std::string& client, const std::string& json, Millis at) {
  return c_
      .Q("INSERT INTO email_rules (client_id, rules, updated_at) VALUES ($1, $2, $3) "
         "ON CONFLICT (client_id) DO UPDATE SET rules = $2, updated_at = $3",
         client, json, at)
      .status();
}

}  // namespace packprod::store::postgres
