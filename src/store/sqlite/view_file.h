// The views' own file beside a SQLite store file (docs/architecture.md "Two files").
//
// SQLite lets one connection write a file at a time. The imports' transactions (orders,
// items, contacts, the change log) and the stream processor's batches (the views and
// their checkpoint) used to take turns at the one writer of one file, so a 2-core
// machine ran them on one core between them. The views now live in `<store>-views`,
// attached to every connection as the schema "views": the processor's batches write
// that file with a writer of their own while the imports write the store file, each
// transaction writes one file only (so each is atomic), and a read sees both.
//
// The views are derived: recomputed from the orders by a rebuild, or re-applied from
// the change log past their checkpoint. So a views file that is missing, lost in a
// crash of the migration that made it, or out of step with the store's change log
// (restored apart from it) is made anew, empty and marked for a rebuild, which the
// processor's start runs (stream/maintenance.h BuildMissingViews). A views file of
// another store is refused.
#pragma once

#include <string>

#include "domain/status.h"
#include "store/sqlite/db.h"

namespace packprod::store::sqlite {

// The views file of the store file at `path` (path + "-views"; ":memory:" stays so).
std::string ViewFilePath(const std::string& path);

// Attaches the views file at `views_path` to `db` as the schema "views" (created when
// missing unless `db` is read-only) with a page cache of `cache_kib`; for a connection
// that writes it (`writer`), with the store file's settings: WAL, synchronous FULL, the
// log cut back to 32 MiB when it starts over.
Status AttachViewFile(Db& db, const std::string& views_path, int cache_kib, bool writer);

// Schema migration 29: moves every view table of `db`'s main file, with its rows, rowids
// and indexes, into the attached "views" schema, and links the two files by a store id.
// Runs inside the migration's transaction; what a crash left of an earlier run in the
// views file is dropped first.
Status MoveViewsToTheirFile(Db& db);

// After the migrations, on a connection with the views attached (the store file at
// version 29 or later): refuses a views file of another store; makes a views file that
// lacks its schema (new, or lost) anew; marks the views for a rebuild when they cannot
// follow the change log (their checkpoint past its head, or the records after it
// pruned). Returns whether the views await that rebuild.
Result<bool> OpenViewFile(Db& db);

// Whether the views await a rebuild (OpenViewFile) / the rebuild is done; on a
// connection with the views attached, or the views' writer (their file alone).
Result<bool> ViewsAwaitRebuild(Db& db);
Status ClearViewsAwaitRebuild(Db& db);

}  // namespace packprod::store::sqlite
