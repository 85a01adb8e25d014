#include "store/postgres/webhook_tables.h"

namespace packprod::store::postgres {

Status WriteWebhookSecret(Conn& c, const WebhookSecret& w) {
  return c
      .Q("INSERT INTO webhook_secrets (client_id, platform, secret, created_at) "
         "VALUES ($1, $2, $3, $4) ON CONFLICT (client_id, platform) DO UPDATE SET "
         "secret = EXCLUDED.secret, created_at = EXCLUDED.created_at",
         w.client_id, w.platform, w.secret, w.created_at)
      .status();
}

Result<std::optional<WebhookSecret>> ReadWebhookSecret(Conn& c, const std::string& client,
                                                       const std::string& platform) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q("SELECT secret, created_at FROM webhook_secrets "
                                 "WHERE client_id = $1 AND platform = $2",
                                 client, platform));
  if (r.rows() == 0) return std::optional<WebhookSecret>();
  return std::optional<WebhookSecret>(WebhookSecret{client, platform, r.Text(0, 0), r.Int(0, 1)});
}

Result<std::vector<WebhookSecret>> ReadWebhookSecrets(Conn& c) {
  PP_ASSIGN_OR_RETURN(Res r, c.Exec("SELECT client_id, platform, created_at FROM webhook_secrets "
                                    "ORDER BY client_id, platform"));
  std::vector<WebhookSecret> out;
  for (int i = 0; i < r.rows(); ++i) {
    out.push_back(WebhookSecret{r.Text(i, 0), r.Text(i, 1), "", r.Int(i, 2)});
  }
  return out;
}

Status RemoveWebhookSecret(Conn& c, const std::string& client, const std::string& platform) {
  PP_ASSIGN_OR_RETURN(Res r, c.Q("DELETE FROM webhook_secrets WHERE client_id = $1 AND "
                                 "platform = $2",
                                 client, platform));
  if (r.Affected() == 0) {
    return Status::NotFound("no " + platform + " webhook for client " + client);
  }
  return Status::Ok();
}

}  // namespace packprod::store::postgres
