// Versioned schema migrations of the SQLite store, run on open.
#pragma once

#include <cstdint>

#include "domain/status.h"
#include "store/sqlite/db.h"

namespace packprod::store::sqlite {

// Brings `db` to the latest schema version, each migration in its own transaction (one
// interrupted, e.g. by kill -9, is rolled back and runs again on the next open).
// Refuses (Internal) a database written by a newer packprod.
Status Migrate(Db& db);

// The schema version this packprod writes (the number of its migrations).
std::int64_t LatestSchemaVersion();

// Test hook: applies the migrations up to `version` only, giving the schema of the
// packprod that had that many. Migrate(db) is MigrateTo(db, LatestSchemaVersion()).
Status MigrateTo(Db& db, std::int64_t version);

}  // namespace packprod::store::sqlite
