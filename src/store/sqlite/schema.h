// Versioned schema migrations of the SQLite store, run on open.
#pragma once

#include "domain/status.h"
#include "store/sqlite/db.h"

namespace packprod::store::sqlite {

// Brings `db` to the latest schema version, each migration in its own transaction.
// Refuses (Internal) a database written by a newer packprod.
Status Migrate(Db& db);

}  // namespace packprod::store::sqlite
