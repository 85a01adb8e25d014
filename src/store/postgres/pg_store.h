// The PostgreSQL Store (store.h), for `postgresql://...` URLs.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace packprod::store::postgres {

// Connects to `url` (a libpq connection URI), runs the migrations and returns the store.
// Unavailable when the server cannot be reached; with !create, NotFound when the database
// has no packprod tables yet (nothing is created).
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, bool create = true);

}  // namespace packprod::store::postgres
