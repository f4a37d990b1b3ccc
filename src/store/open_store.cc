// The one factory: a store location names its backend.
#include "store/memory/memory_backend.h"
#include "store/postgres/postgres_backend.h"
#include "store/sqlite/sqlite_backend.h"
#include "store/store.h"

namespace cairn {

Result<std::unique_ptr<StoreBackend>> OpenStoreBackend(const StoreLocation& location,
                                                       const StoreOpenOptions& options) {
  switch (location.kind) {
    case StoreLocation::Kind::kSqlite:
      return OpenSqliteBackend(location.path, options);
    case StoreLocation::Kind::kMemory:
      return NewMemoryBackend();
    case StoreLocation::Kind::kPostgres:
      return OpenPostgresBackend(location.path, options);
  }
  return Status::Internal("store: unknown kind of location");
}

Result<std::unique_ptr<Store>> OpenStore(const StoreLocation& location,
                                         const StoreOpenOptions& options) {
  auto backend = OpenStoreBackend(location, options);
  if (!backend.ok()) return backend.status();
  return std::make_unique<Store>(std::move(backend).value());
}

}  // namespace cairn
