// A backend wrapper that fails the Nth write or commit, as LevelDB's fault-injection tests do, so
// a test can show that a failure at any point of a load leaves the store exactly as it was.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "store/backend.h"

namespace cairn {

// Shared between the test and the wrapper: the test sets fail_at, the wrapper counts.
struct FaultPlan {
  int64_t fail_at = 0;  // the write or commit that fails (1 = the first); 0 = none
  int64_t count = 0;    // writes and commits so far
  bool failed = false;  // the fault has happened
  // When set, called at that write or commit instead of failing it, which then goes to the backend
  // as usual: a test cuts the connection to a server here, so that the real backend fails.
  std::function<void()> instead;
};

std::unique_ptr<StoreBackend> NewFaultInjectingBackend(std::unique_ptr<StoreBackend> inner,
                                                       std::shared_ptr<FaultPlan> plan);

}  // namespace cairn
