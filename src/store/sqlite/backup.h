// Whole-file copies of the embedded store: `packprod backup` and `packprod restore`.
#pragma once

#include <cstdint>
#include <string>

#include "domain/status.h"

namespace packprod::store::sqlite {

// Copies the SQLite database at `from` (which must exist) to the file `to` with SQLite's
// online backup API: one read transaction on `from`, so the copy is the database as of
// one commit while other connections keep writing (WAL). Written to `to`.partial, synced,
// then renamed over `to`: `to` is either absent/untouched or complete. Unavailable on
// I/O errors.
Status CopyDatabase(const std::string& from, const std::string& to);

// packprod's schema version of the SQLite file at `path` (the highest applied
// migration). InvalidArgument when it is not an SQLite database or not a packprod store.
Result<std::int64_t> FileSchemaVersion(const std::string& path);

// Restores the backup file `from` (made by CopyDatabase / `packprod backup`) as the new
// store file `to`. InvalidArgument when `to` already exists (a restore never overwrites
// a store) or `from` is not a packprod store. The restored file is opened normally
// afterwards (migrations bring an older backup up to date).
Status RestoreDatabase(const std::string& from, const std::string& to);

}  // namespace packprod::store::sqlite
