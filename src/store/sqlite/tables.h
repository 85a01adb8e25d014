// Row-level reads and writes of the SQLite store's tables, on a given connection.
// The caller owns the transaction. Used only by store/sqlite.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite/db.h"
#include "store/sqlite/order_counts.h"
#include "store/store.h"

namespace packprod::store::sqlite {




// Inserts (or, with `replace`, replaces) the order row and its item rows; `image` is
// the order's OrderToImage document. Its counts (and, with `replace`, the stored
// order's) go to *counts, which the caller writes before the commit.
Status WriteOrder(Db& db, const Order& o, const std::string& image, bool replace,
                  CountDeltas* counts);

Result<std::int64_t> ReadHeadSeq(Db& db);

}  // namespace packprod::store::sqlite
