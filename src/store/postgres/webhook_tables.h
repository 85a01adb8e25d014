// The webhook_secrets table (store.h "shop platform webhooks") on PostgreSQL.
#pragma once

#include "store/postgres/pg.h"
#include "store/store.h"

namespace packprod::store::postgres {

Status WriteWebhookSecret(Conn& c, const WebhookSecret& s);
Result<std::optional<WebhookSecret>> ReadWebhookSecret(Conn& c, const std::string& client,
                                                       const std::string& platform);
Result<std::vector<WebhookSecret>> ReadWebhookSecrets(Conn& c);
Status RemoveWebhookSecret(Conn& c, const std::string& client, const std::string& platform);

}  // namespace packprod::store::postgres
