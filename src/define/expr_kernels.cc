// Column kernels for compiled expressions. Leaves load a block of plain values (dictionary codes,
// small domain codes, or int64 numbers with a known flag) and test them in one loop; and/or/not
// combine byte masks, skipping the remaining operands of `and` once no row is left (and of `or`
// once every row is selected).
#include "define/expr_kernels.h"

#include <algorithm>
#include <cstring>

#include "define/expr_fields.h"
#include "util/dates.h"

namespace cairn {

namespace {

constexpr size_t kBlock = Predicate::kBlockRows;

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

// A column that a hand-built Frame left shorter than the rows asked for reads as missing.
template <typename T>
bool Short(const Column<T>& column, size_t begin, size_t n) {
  return column.size() < begin + n;
}

void NoCodes(size_t n, uint8_t* codes) { std::memset(codes, 0, n); }
void NoNumbers(size_t n, int64_t* values, uint8_t* known) {
  std::memset(values, 0, n * sizeof *values);
  std::memset(known, 0, n);
}

bool NoneSet(const uint8_t* mask, size_t n) {
  return std::all_of(mask, mask + n, [](uint8_t b) { return b == 0; });
}
bool AllSet(const uint8_t* mask, size_t n) {
  return std::all_of(mask, mask + n, [](uint8_t b) { return b != 0; });
}

class ConstantKernel : public ExprKernel {
 public:
  explicit ConstantKernel(bool value) : value_(value) {}
  void Eval(const Frame&, size_t begin, size_t end, uint8_t* out) const override {
    std::memset(out, value_ ? 1 : 0, end - begin);
  }

 private:
  bool value_;
};

class ChainKernel : public ExprKernel {
 public:
  ChainKernel(std::vector<KernelPtr> children, bool is_and)
      : children_(std::move(children)), is_and_(is_and) {}
  void Eval(const Frame& frame, size_t begin, size_t end, uint8_t* out) const override {
    size_t n = end - begin;
    children_[0]->Eval(frame, begin, end, out);
    uint8_t scratch[kBlock];
    for (size_t c = 1; c < children_.size(); ++c) {
      if (is_and_ ? NoneSet(out, n) : AllSet(out, n)) return;
      children_[c]->Eval(frame, begin, end, scratch);
      if (is_and_) {
        for (size_t i = 0; i < n; ++i) out[i] &= scratch[i];
      } else {
        for (size_t i = 0; i < n; ++i) out[i] |= scratch[i];
      }
    }
  }

 private:
  std::vector<KernelPtr> children_;
  bool is_and_;
};

class NotKernel : public ExprKernel {
 public:
  explicit NotKernel(KernelPtr child) : child_(std::move(child)) {}
  void Eval(const Frame& frame, size_t begin, size_t end, uint8_t* out) const override {
    child_->Eval(frame, begin, end, out);
    for (size_t i = 0; i < end - begin; ++i) out[i] ^= 1;
  }

 private:
  KernelPtr child_;
};

class DictKernel : public ExprKernel {
 public:
  DictKernel(StringColumn Frame::*column, std::vector<uint8_t> table)
      : column_(column), table_(std::move(table)) {}
  void Eval(const Frame& frame, size_t begin, size_t end, uint8_t* out) const override {
    const StringColumn& column = frame.*column_;
    if (Short(column.codes(), begin, end - begin)) {
      return (void)std::memset(out, table_[0], end - begin);
    }
    const uint32_t* codes = column.codes().data() + begin;
    const uint8_t* table = table_.data();
    size_t n = end - begin;
    if (column.dict().size() <= table_.size()) {
      for (size_t i = 0; i < n; ++i) out[i] = table[codes[i]];
    } else {  // not the frame compiled against: stay in bounds
      for (size_t i = 0; i < n; ++i) out[i] = codes[i] < table_.size() ? table[codes[i]] : 0;
    }
  }

 private:
  StringColumn Frame::*column_;
  std::vector<uint8_t> table_;
};

class MarkerKernel : public ExprKernel {
 public:
  MarkerKernel(uint16_t bit, bool want) : bit_(bit), want_(want ? 1 : 0) {}
  void Eval(const Frame& frame, size_t begin, size_t end, uint8_t* out) const override {
    if (Short(frame.markers, begin, end - begin)) {
      return (void)std::memset(out, want_ ? 0 : 1, end - begin);
    }
    const uint16_t* markers = frame.markers.data() + begin;
    for (size_t i = 0; i < end - begin; ++i) out[i] = ((markers[i] & bit_) != 0) == want_;
  }

 private:
  uint16_t bit_;
  uint8_t want_;
};

// ---- Small codes ----

void LoadSmall(const Column<uint8_t>& column, size_t begin, size_t n, uint8_t limit,
               uint8_t* codes) {
  if (Short(column, begin, n)) return NoCodes(n, codes);
  const uint8_t* v = column.data() + begin;
  for (size_t i = 0; i < n; ++i) codes[i] = v[i] < limit ? v[i] + 1 : 0;
}

void LoadAgeBands(const Column<int16_t>& ages, size_t begin, size_t n, uint8_t* codes) {
  if (Short(ages, begin, n)) return NoCodes(n, codes);
  const int16_t* v = ages.data() + begin;
  for (size_t i = 0; i < n; ++i) codes[i] = AgeBandCode(v[i]);
}

void LoadHours(const Frame& f, size_t begin, size_t n, uint8_t* codes) {
  if (Short(f.start_minute, begin, n)) return NoCodes(n, codes);
  const int64_t* v = f.start_minute.data() + begin;
  for (size_t i = 0; i < n; ++i) {
    codes[i] = v[i] == kNoTime ? 0 : static_cast<uint8_t>(FloorMod(v[i], 1440) / 60 + 1);
  }
}

void LoadWeekdays(const Frame& f, size_t begin, size_t n, uint8_t* codes) {
  if (Short(f.start_minute, begin, n)) return NoCodes(n, codes);
  const int64_t* v = f.start_minute.data() + begin;
  for (size_t i = 0; i < n; ++i) {
    // 1970-01-01 was a Thursday (weekday 4).
    int64_t days = FloorDiv(v[i], 1440);
    codes[i] = v[i] == kNoTime ? 0 : static_cast<uint8_t>(FloorMod(days + 3, 7) + 1);
  }
}

void LoadMonthsOfYear(const Frame& f, size_t begin, size_t n, uint8_t* codes) {
  if (Short(f.month, begin, n)) return NoCodes(n, codes);
  const int32_t* v = f.month.data() + begin;
  for (size_t i = 0; i < n; ++i) {
    codes[i] = v[i] == kNoMonth ? 0 : static_cast<uint8_t>(FloorMod(v[i], 12) + 1);
  }
}

void LoadCodes(const Frame& f, CodeSource source, size_t begin, size_t n, uint8_t* codes) {
  switch (source) {
    case CodeSource::kKind:
      return LoadSmall(f.kind, begin, n, 5, codes);
    case CodeSource::kVictimSex:
      return LoadSmall(f.victim_sex, begin, n, 3, codes);
    case CodeSource::kSuspectSex:
      return LoadSmall(f.suspect_sex, begin, n, 3, codes);
    case CodeSource::kHour:
      return LoadHours(f, begin, n, codes);
    case CodeSource::kWeekday:
      return LoadWeekdays(f, begin, n, codes);
    case CodeSource::kMonthOfYear:
      return LoadMonthsOfYear(f, begin, n, codes);
    case CodeSource::kVictimAgeBand:
      return LoadAgeBands(f.victim_age, begin, n, codes);
    case CodeSource::kSuspectAgeBand:
      return LoadAgeBands(f.suspect_age, begin, n, codes);
  }
}

class CodeKernel : public ExprKernel {
 public:
  CodeKernel(CodeSource source, std::vector<uint8_t> table)
      : source_(source), table_(std::move(table)) {
    table_.resize(256, 0);  // every uint8_t code is in bounds
  }
  void Eval(const Frame& frame, size_t begin, size_t end, uint8_t* out) const override {
    size_t n = end - begin;
    uint8_t codes[kBlock];
    LoadCodes(frame, source_, begin, n, codes);
    for (size_t i = 0; i < n; ++i) out[i] = table_[codes[i]];
  }

 private:
  CodeSource source_;
  std::vector<uint8_t> table_;
};

// ---- Numbers ----

template <typename T>
void LoadNumbers(const Column<T>& column, size_t begin, size_t n, T missing, int64_t* values,
                 uint8_t* known) {
  if (Short(column, begin, n)) return NoNumbers(n, values, known);
  const T* v = column.data() + begin;
  for (size_t i = 0; i < n; ++i) {
    values[i] = v[i];
    known[i] = v[i] != missing;
  }
}

void LoadAges(const Column<int16_t>& ages, size_t begin, size_t n, int64_t* values,
              uint8_t* known) {
  if (Short(ages, begin, n)) return NoNumbers(n, values, known);
  const int16_t* v = ages.data() + begin;
  for (size_t i = 0; i < n; ++i) {
    values[i] = v[i];
    known[i] = v[i] >= 0;
  }
}

void LoadYears(const Frame& f, size_t begin, size_t n, int64_t* values, uint8_t* known) {
  if (Short(f.month, begin, n)) return NoNumbers(n, values, known);
  const int32_t* v = f.month.data() + begin;
  for (size_t i = 0; i < n; ++i) {
    values[i] = FloorDiv(v[i], 12);
    known[i] = v[i] != kNoMonth;
  }
}

void LoadDays(const Frame& f, const NumberColumn& c, size_t begin, size_t n, int64_t* values,
              uint8_t* known) {
  if (Short(f.*c.from, begin, n) || Short(f.*c.to, begin, n)) return NoNumbers(n, values, known);
  const int64_t* from = (f.*c.from).data() + begin;
  const int64_t* to = (f.*c.to).data() + begin;
  for (size_t i = 0; i < n; ++i) {
    known[i] = from[i] != kNoTime && to[i] != kNoTime;
    values[i] = known[i] ? FloorDiv(to[i] - from[i], 1440) : 0;
  }
}

void LoadNumberBlock(const Frame& f, const NumberColumn& c, size_t begin, size_t n, int64_t* values,
                     uint8_t* known) {
  switch (c.source) {
    case NumberSource::kVictimAge:
      return LoadAges(f.victim_age, begin, n, values, known);
    case NumberSource::kSuspectAge:
      return LoadAges(f.suspect_age, begin, n, values, known);
    case NumberSource::kVictimCount:
      return LoadNumbers<uint32_t>(f.victims, begin, n, UINT32_MAX, values, known);
    case NumberSource::kSuspectCount:
      return LoadNumbers<uint32_t>(f.suspects, begin, n, UINT32_MAX, values, known);
    case NumberSource::kMonth:
      return LoadNumbers<int32_t>(f.month, begin, n, kNoMonth, values, known);
    case NumberSource::kYear:
      return LoadYears(f, begin, n, values, known);
    case NumberSource::kDays:
      return LoadDays(f, c, begin, n, values, known);
  }
}

template <typename Cmp>
void CompareBlock(const int64_t* values, const uint8_t* known, size_t n, double x, Cmp cmp,
                  uint8_t* out) {
  for (size_t i = 0; i < n; ++i) {
    out[i] = known[i] & static_cast<uint8_t>(cmp(static_cast<double>(values[i]), x));
  }
}

void CompareOpBlock(const int64_t* values, const uint8_t* known, size_t n, CompareOp op, double x,
                    uint8_t* out) {
  switch (op) {
    case CompareOp::kEq:
      return CompareBlock(values, known, n, x, std::equal_to<double>(), out);
    case CompareOp::kNe:
      return CompareBlock(values, known, n, x, std::not_equal_to<double>(), out);
    case CompareOp::kLt:
      return CompareBlock(values, known, n, x, std::less<double>(), out);
    case CompareOp::kLe:
      return CompareBlock(values, known, n, x, std::less_equal<double>(), out);
    case CompareOp::kGt:
      return CompareBlock(values, known, n, x, std::greater<double>(), out);
    case CompareOp::kGe:
      return CompareBlock(values, known, n, x, std::greater_equal<double>(), out);
  }
}

void InListBlock(const int64_t* values, const uint8_t* known, size_t n, const NumberTest& test,
                 uint8_t* out) {
  std::memset(out, 0, n);
  for (double x : test.values) {
    for (size_t i = 0; i < n; ++i) out[i] |= static_cast<double>(values[i]) == x;
  }
  uint8_t flip = test.negated ? 1 : 0;
  for (size_t i = 0; i < n; ++i) out[i] = known[i] & (out[i] ^ flip);
}

class NumberKernel : public ExprKernel {
 public:
  NumberKernel(NumberColumn column, NumberTest test)
      : column_(std::move(column)), test_(std::move(test)) {}
  void Eval(const Frame& frame, size_t begin, size_t end, uint8_t* out) const override {
    size_t n = end - begin;
    int64_t values[kBlock];
    uint8_t known[kBlock];
    LoadNumberBlock(frame, column_, begin, n, values, known);
    if (test_.in_list) {
      InListBlock(values, known, n, test_, out);
    } else {
      CompareOpBlock(values, known, n, test_.op, test_.values[0], out);
    }
  }

 private:
  NumberColumn column_;
  NumberTest test_;
};

}  // namespace

KernelPtr MakeConstantKernel(bool value) { return std::make_unique<ConstantKernel>(value); }

KernelPtr MakeAndKernel(std::vector<KernelPtr> children) {
  return std::make_unique<ChainKernel>(std::move(children), true);
}

KernelPtr MakeOrKernel(std::vector<KernelPtr> children) {
  return std::make_unique<ChainKernel>(std::move(children), false);
}

KernelPtr MakeNotKernel(KernelPtr child) { return std::make_unique<NotKernel>(std::move(child)); }

KernelPtr MakeDictKernel(StringColumn Frame::*column, std::vector<uint8_t> table) {
  return std::make_unique<DictKernel>(column, std::move(table));
}

KernelPtr MakeMarkerKernel(uint16_t bit, bool want) {
  return std::make_unique<MarkerKernel>(bit, want);
}

KernelPtr MakeCodeKernel(CodeSource source, std::vector<uint8_t> table) {
  return std::make_unique<CodeKernel>(source, std::move(table));
}

KernelPtr MakeNumberKernel(NumberColumn column, NumberTest test) {
  return std::make_unique<NumberKernel>(std::move(column), std::move(test));
}

}  // namespace cairn
