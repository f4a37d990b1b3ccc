// MemoryBackend: a store that lives in the process, for tests (the conformance suite, the engine's
// tests) and for `memory:` locations. Transactions copy the whole state on Begin() and put it back
// on Rollback(): simple and obviously right, and fast enough for the small stores tests make.
#pragma once

#include <memory>

#include "store/backend.h"

namespace cairn {

std::unique_ptr<StoreBackend> NewMemoryBackend();

}  // namespace cairn
