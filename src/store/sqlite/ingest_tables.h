// The order e-mail ingestion tables of the SQLite store (migration 3): the messages
// imported, the failure queue and the e-mail rules. The caller owns the transaction.
#pragma once

#include <optional>
#include <string>

#include "store/sqlite/db.h"
#include "store/store.h"

namespace packprod::store::sqlite {

Result<std::optional<std::string>> ReadIngested(Db& db, const std::string& client,
                                                const std::string& key);
Status WriteIngested(Db& db, const std::string& client, const std::string& key,
                     const std::string& order_id, Millis at);
Result<std::int64_t> WriteIngestFailure(Db& db, const IngestFailure& f);
Status RemoveIngestFailure(Db& db, const std::string& client, std::int64_t id);
Result<IngestFailurePage> QueryIngestFailures(Db& db, const std::string& client, int limit,
                                              std::int64_t after);
Result<std::optional<IngestFailure>> ReadIngestFailure(Db& db, const std::string& client,
                                                       std::int64_t id);
Result<std::optional<std::string>> ReadEmailRules(Db& db, const std::string& client);
Status WriteEmailRules(Db& db, const std::string& client, const std::string& json, Millis at);

}  // namespace packprod::store::sqlite
