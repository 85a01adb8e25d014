// The PostgreSQL store's versioned schema. Used only by store/postgres.
#pragma once

#include "domain/status.h"
#include "store/postgres/pg.h"

namespace packprod::store::postgres {

// Brings the database's schema up to date (schema_migrations). Safe when several
// processes start at once: migrations run under an advisory lock, each in its own
// transaction. Internal when the database is newer than this build.
Status Migrate(Conn& c);

// The schema version this packprod writes (the number of its migrations).
std::int64_t LatestSchemaVersion();

// Test hook: applies the migrations up to `version` only, giving the schema of the
// packprod that had that many. Migrate(c) is MigrateTo(c, LatestSchemaVersion()).
Status MigrateTo(Conn& c, std::int64_t version);

// Advisory lock keys (pg_advisory_lock), fixed for the life of the schema.
inline constexpr std::int64_t kMigrateLock = 0x7061636b01;    // migrations
inline constexpr std::int64_t kWriteLock = 0x7061636b02;      // orders, contacts, change log
inline constexpr std::int64_t kViewLock = 0x7061636b04;       // the views and checkpoint
inline constexpr std::int64_t kProcessorLock = 0x7061636b03;  // the active processor
// NOTIFY channel of committed change records.
inline constexpr const char* kChangesChannel = "packprod_changes";

}  // namespace packprod::store::postgres
