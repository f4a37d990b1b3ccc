// Compilation of leaf conditions (comparisons, `in` lists and bare tests) to column kernels.
// Internal to src/define/expr_*.cc; the public entry points are in expr.h.
#pragma once

#include <functional>
#include <string>

#include "define/expr.h"
#include "define/expr_kernels.h"

namespace cairn {

// Formats an error at a column of the text being compiled (a definition's text or the
// expression's own).
using ExprErrorAt = std::function<Status(int column, const std::string& message)>;

// Compiles a kCompare, kIn or kTest node against the frame's dictionaries.
Result<KernelPtr> CompileLeaf(const Expr& leaf, const Frame& frame, const ExprErrorAt& error);

}  // namespace cairn
