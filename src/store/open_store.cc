// The one factory: a store location names its backend.
#include "store/memory/memory_backend.h"
#include "store/postgres/postgres_backend.h"
#include "store/store.h"

namespace cairn {

Result<std::unique_ptr<Store>> OpenStore(const StoreLocation& location,
                                         const StoreOpenOptions& options) {
  switch (location.kind) {
    case StoreLocation::Kind::kSqlite:
      return OpenSqliteStore(location.path, options);
    case StoreLocation::Kind::kMemory:
      return std::make_unique<Store>(NewMemoryBackend());
    case StoreLocation::Kind::kPostgres: {
      auto backend = OpenPostgresBackend(location.path, options);
      if (!backend.ok()) return backend.status();
      return std::make_unique<Store>(std::move(backend).value());
    }
  }
  return Status::Internal("store: unknown kind of location");
}

}  // namespace cairn
