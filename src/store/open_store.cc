// The one factory: a store location names its backend.
#include "store/memory/memory_backend.h"
#include "store/store.h"

namespace cairn {

Result<std::unique_ptr<Store>> OpenStore(const StoreLocation& location,
                                         const StoreOpenOptions& options) {
  switch (location.kind) {
    case StoreLocation::Kind::kSqlite:
      return OpenSqliteStore(location.path, options);
    case StoreLocation::Kind::kMemory:
      return std::make_unique<Store>(NewMemoryBackend());
    case StoreLocation::Kind::kPostgres:
      break;
  }
  return Status::Invalid(location.path +
                         ": PostgreSQL stores are not available in this build yet (use a file, "
                         "or sqlite:PATH)");
}

}  // namespace cairn
