#include "store/sqlite/webhook_tables.h"

namespace packprod::store::sqlite {

Status WriteWebhookSecret(Db& db, const WebhookSecret& w) {
  Stmt& s = db.Prepare(
      "INSERT INTO webhook_secrets (client_id, platform, secret, created_at) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (client_id, platform) DO UPDATE SET secret = excluded.secret, "
      "created_at = excluded.created_at");
  s.Bind(1, w.client_id).Bind(2, w.platform).Bind(3, w.secret).Bind(4, w.created_at);
  return s.Run();
}

Result<std::optional<WebhookSecret>> ReadWebhookSecret(Db& db, const std::string& client,
                                                       const std::string& platform) {
  Stmt& s = db.Prepare(
      "SELECT secret, created_at FROM webhook_secrets WHERE client_id = ? AND platform = ?");
  s.Bind(1, client).Bind(2, platform);
  std::optional<WebhookSecret> out;
  if (s.Step()) out = WebhookSecret{client, platform, s.Text(0), s.Int(1)};
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Result<std::vector<WebhookSecret>> ReadWebhookSecrets(Db& db) {
  Stmt& s = db.Prepare(
      "SELECT client_id, platform, created_at FROM webhook_secrets ORDER BY client_id, platform");
  std::vector<WebhookSecret> out;
  while (s.Step()) out.push_back(WebhookSecret{s.Text(0), s.Text(1), "", s.Int(2)});
  PP_RETURN_IF_ERROR(s.error());
  s.Reset();
  return out;
}

Status RemoveWebhookSecret(Db& db, const std::string& client, const std::string& platform) {
  Stmt& s = db.Prepare("DELETE FROM webhook_secrets WHERE client_id = ? AND platform = ?");
  s.Bind(1, client).Bind(2, platform);
  PP_RETURN_IF_ERROR(s.Run());
  if (db.Changes() == 0) {
    return Status::NotFound("no " + platform + " webhook for client " + client);
  }
  return Status::Ok();
}

}  // namespace packprod::store::sqlite
