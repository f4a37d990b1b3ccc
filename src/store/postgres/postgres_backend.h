// The PostgreSQL backend, for a store that several people and processes share on a server
// (`--db postgresql://user@host/dbname`). The store's rules stay above it (store/store.h); it keeps
// the same tables as the SQLite store, with event chunks in the same encoding.
#pragma once

#include <memory>
#include <string>

#include "store/backend.h"
#include "store/store.h"

namespace cairn {

// Connects to the server `location` names (a libpq connection URI: `postgresql://user@host/db`,
// or `postgresql://` alone to take everything from the PG* environment variables or a service
// file) and checks, or with StoreAccess::kCreate makes, the store's schema: migrated to the
// current one unless opened for reading, refused when it is newer than this Cairn's. The database
// itself must exist (a database administrator creates it).
Result<std::unique_ptr<StoreBackend>> OpenPostgresBackend(const std::string& location,
                                                          const StoreOpenOptions& options);

// The location as it may be shown: a password in it is replaced by "***".
std::string RedactedLocation(const std::string& location);

}  // namespace cairn
