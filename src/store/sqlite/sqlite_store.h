// The embedded store: one SQLite file in WAL mode (or a private in-memory database).
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace packprod::store::sqlite {

// `path` is a file path, or ":memory:" for a private in-memory store (one connection).
// The file's folder must exist. Runs migrations.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace packprod::store::sqlite
