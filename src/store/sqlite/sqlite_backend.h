// The SQLite backend on its own, for the store's factory (OpenStore, OpenSqliteStore) and for the
// tests that wrap it (store/fault_injection.h).
#pragma once

#include <memory>
#include <string>

#include "store/backend.h"
#include "store/store.h"

namespace cairn {

// Opens (or, with StoreAccess::kCreate, creates) an SQLite store file, migrating it to the
// current schema unless opened for reading.
Result<std::unique_ptr<StoreBackend>> OpenSqliteBackend(const std::string& path,
                                                        const StoreOpenOptions& options);

}  // namespace cairn
