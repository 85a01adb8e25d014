// The webhook_secrets table (store.h "shop platform webhooks") on SQLite.
#pragma once

#include "store/sqlite/db.h"
#include "store/store.h"

namespace packprod::store::sqlite {

Status WriteWebhookSecret(Db& db, const WebhookSecret& s);
Result<std::optional<WebhookSecret>> ReadWebhookSecret(Db& db, const std::string& client,
                                                       const std::string& platform);
Result<std::vector<WebhookSecret>> ReadWebhookSecrets(Db& db);
Status RemoveWebhookSecret(Db& db, const std::string& client, const std::string& platform);

}  // namespace packprod::store::sqlite
