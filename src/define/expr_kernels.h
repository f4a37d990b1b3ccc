// Column kernels: the nodes of a compiled expression. Each one writes a 0/1 byte per row for a
// block of at most Predicate::kBlockRows rows, reading the Frame's plain arrays in tight loops; no
// kernel looks at a string or at the expression tree per row. Internal to src/define/expr_*.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "define/expr.h"
#include "snapshot/frame.h"

namespace cairn {

class ExprKernel {
 public:
  virtual ~ExprKernel() = default;
  // Writes out[i] for row begin + i, i < end - begin <= Predicate::kBlockRows.
  virtual void Eval(const Frame& frame, size_t begin, size_t end, uint8_t* out) const = 0;
};
using KernelPtr = std::unique_ptr<const ExprKernel>;

KernelPtr MakeConstantKernel(bool value);
KernelPtr MakeAndKernel(std::vector<KernelPtr> children);
KernelPtr MakeOrKernel(std::vector<KernelPtr> children);
KernelPtr MakeNotKernel(KernelPtr child);

// out = table[code] for a dictionary column (code 0 = missing).
KernelPtr MakeDictKernel(StringColumn Frame::*column, std::vector<uint8_t> table);
// out = (markers & bit) != 0, or == 0 when !want.
KernelPtr MakeMarkerKernel(uint16_t bit, bool want);

// Small codes computed per row (0 = missing), see expr_fields.h for the domains.
enum class CodeSource : uint8_t {
  kKind,            // EventKind + 1
  kVictimSex,       // Sex + 1
  kSuspectSex,      // Sex + 1
  kHour,            // hour of start + 1
  kWeekday,         // 1 = Monday .. 7 = Sunday, of start
  kMonthOfYear,     // 1..12
  kVictimAgeBand,   // AgeBandCode
  kSuspectAgeBand,  // AgeBandCode
};
// out = table[code]; the table has one entry per code including 0.
KernelPtr MakeCodeKernel(CodeSource source, std::vector<uint8_t> table);

enum class NumberSource : uint8_t {
  kVictimAge,
  kSuspectAge,
  kVictimCount,
  kSuspectCount,
  kMonth,  // month index
  kYear,
  kDays,  // whole days from one date-time column to another
};
struct NumberColumn {
  NumberSource source = NumberSource::kVictimAge;
  Column<int64_t> Frame::*from = nullptr;  // kDays
  Column<int64_t> Frame::*to = nullptr;    // kDays
};
// A comparison with values[0], or (in_list) equality with any of values; negated for "not in".
// Rows with a missing value are never selected.
struct NumberTest {
  CompareOp op = CompareOp::kEq;
  std::vector<double> values;
  bool in_list = false;
  bool negated = false;
};
KernelPtr MakeNumberKernel(NumberColumn column, NumberTest test);

}  // namespace cairn
