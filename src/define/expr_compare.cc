// Leaf compilation: resolves the field or function a condition tests to a "subject" (which column,
// which type), converts the literals to that type (month text to a month index, weekday names to
// numbers, ...), and bakes the test into a kernel: a byte table over dictionary codes or small
// domain codes, a marker test, or a numeric comparison.
#include <algorithm>

#include "define/expr_compile.h"
#include "define/expr_fields.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

namespace {

enum class SubjectClass : uint8_t { kText, kCode, kNumber, kMonth, kBool };

struct Subject {
  SubjectClass cls = SubjectClass::kText;
  std::string label;  // `text field "category"`, `hour()`
  std::string text;   // `category`, `hour()`
  int column = 0;     // where the field or call starts
  StringColumn Frame::*dict = nullptr;
  uint16_t marker = 0;
  CodeSource code = CodeSource::kKind;
  const Domain* domain = nullptr;
  NumberColumn number;
};

struct TestShape {
  CompareOp op = CompareOp::kEq;
  bool in_list = false;
  bool negated = false;
};

template <typename T>
bool Satisfies(const T& x, const TestShape& t, const std::vector<T>& values) {
  if (t.in_list) return (std::find(values.begin(), values.end(), x) != values.end()) != t.negated;
  const T& v = values[0];
  switch (t.op) {
    case CompareOp::kEq:
      return x == v;
    case CompareOp::kNe:
      return x != v;
    case CompareOp::kLt:
      return x < v;
    case CompareOp::kLe:
      return x <= v;
    case CompareOp::kGt:
      return x > v;
    case CompareOp::kGe:
      return x >= v;
  }
  return false;
}

const char* TypeWord(SubjectClass cls) {
  switch (cls) {
    case SubjectClass::kNumber:
      return "number";
    case SubjectClass::kMonth:
      return "month";
    case SubjectClass::kBool:
      return "true/false";
    default:
      return "text";
  }
}

const char* LiteralWord(const Operand& value) {
  switch (value.kind) {
    case Operand::Kind::kNumber:
      return "a number";
    case Operand::Kind::kBool:
      return "true/false";
    default:
      return "text";
  }
}

Subject CodeSubject(CodeSource code, const Domain& domain) {
  Subject s;
  s.cls = SubjectClass::kCode;
  s.code = code;
  s.domain = &domain;
  return s;
}

Subject NumberSubject(NumberSource source, SubjectClass cls = SubjectClass::kNumber) {
  Subject s;
  s.cls = cls;
  s.number.source = source;
  return s;
}

Column<int64_t> Frame::*DateColumn(FieldKind kind) {
  return kind == FieldKind::kStart ? &Frame::start_minute : &Frame::end_minute;
}

class LeafCompiler {
 public:
  LeafCompiler(const Frame& frame, const ExprErrorAt& error) : frame_(frame), error_(error) {}
  Result<KernelPtr> Compile(const Expr& leaf);

 private:
  Result<Subject> Resolve(const Operand& operand);
  Result<Subject> ResolveField(const Operand& operand);
  Result<Subject> ResolveCall(const Operand& operand);
  Result<Subject> ResolveAgeBand(const Operand& call);
  Result<Subject> ResolveDaysBetween(const Operand& call);
  Result<KernelPtr> CompileTest(const Expr& leaf);
  Result<KernelPtr> CompileText(const Subject& s, const Expr& leaf, const TestShape& shape);
  Result<KernelPtr> CompileCode(const Subject& s, const Expr& leaf, const TestShape& shape);
  Result<KernelPtr> CompileNumber(const Subject& s, const Expr& leaf, const TestShape& shape);
  Result<KernelPtr> CompileBool(const Subject& s, const Expr& leaf, const TestShape& shape);
  Result<double> CodeValue(const Subject& s, const Operand& value);
  Result<double> NumberValue(const Subject& s, const Operand& value);
  Status TypeError(const Subject& s, const Operand& value) const;
  Status CheckOrdering(const Subject& s, const Expr& leaf, const TestShape& shape) const;

  const Frame& frame_;
  const ExprErrorAt& error_;
};

Result<KernelPtr> LeafCompiler::Compile(const Expr& leaf) {
  if (leaf.kind == Expr::Kind::kTest) return CompileTest(leaf);
  auto subject = Resolve(leaf.subject);
  if (!subject.ok()) return subject.status();
  TestShape shape{leaf.op, leaf.kind == Expr::Kind::kIn, leaf.negated};
  CAIRN_RETURN_IF_ERROR(CheckOrdering(*subject, leaf, shape));
  switch (subject->cls) {
    case SubjectClass::kText:
      return CompileText(*subject, leaf, shape);
    case SubjectClass::kCode:
      return CompileCode(*subject, leaf, shape);
    case SubjectClass::kBool:
      return CompileBool(*subject, leaf, shape);
    default:
      return CompileNumber(*subject, leaf, shape);
  }
}

Result<Subject> LeafCompiler::Resolve(const Operand& operand) {
  auto subject =
      operand.kind == Operand::Kind::kCall ? ResolveCall(operand) : ResolveField(operand);
  if (!subject.ok()) return subject;
  subject->text = ToString(operand);
  subject->column = operand.column;
  subject->label = operand.kind == Operand::Kind::kCall
                       ? subject->text
                       : std::string(TypeWord(subject->cls)) + " field \"" + subject->text + "\"";
  return subject;
}

Result<Subject> LeafCompiler::ResolveField(const Operand& operand) {
  const ExprFieldSpec* field = FindField(operand.name);
  if (!field) return error_(operand.column, "unknown field \"" + operand.name + "\"");
  Subject s;
  switch (field->kind) {
    case FieldKind::kText:
      s.dict = field->dict;
      return s;
    case FieldKind::kKind:
      return CodeSubject(CodeSource::kKind, KindDomain());
    case FieldKind::kVictimSex:
      return CodeSubject(CodeSource::kVictimSex, SexDomain());
    case FieldKind::kSuspectSex:
      return CodeSubject(CodeSource::kSuspectSex, SexDomain());
    case FieldKind::kVictimAge:
      return NumberSubject(NumberSource::kVictimAge);
    case FieldKind::kSuspectAge:
      return NumberSubject(NumberSource::kSuspectAge);
    case FieldKind::kVictimCount:
      return NumberSubject(NumberSource::kVictimCount);
    case FieldKind::kSuspectCount:
      return NumberSubject(NumberSource::kSuspectCount);
    case FieldKind::kMonth:
      return NumberSubject(NumberSource::kMonth, SubjectClass::kMonth);
    case FieldKind::kYear:
      return NumberSubject(NumberSource::kYear);
    case FieldKind::kMarker:
      s.cls = SubjectClass::kBool;
      s.marker = field->marker;
      return s;
    case FieldKind::kStart:
    case FieldKind::kEnd:
      break;
  }
  return error_(operand.column,
                "\"" + field->name + "\" can only be used in days_between(start, end)");
}

Result<Subject> LeafCompiler::ResolveCall(const Operand& call) {
  if (call.name == "age_band") return ResolveAgeBand(call);
  if (call.name == "days_between") return ResolveDaysBetween(call);
  if (!call.args.empty()) return error_(call.column, call.name + "() takes no arguments");
  if (call.name == "hour") return CodeSubject(CodeSource::kHour, HourDomain());
  if (call.name == "weekday") return CodeSubject(CodeSource::kWeekday, WeekdayDomain());
  if (call.name == "month") return CodeSubject(CodeSource::kMonthOfYear, MonthOfYearDomain());
  return error_(call.column, "unknown function \"" + call.name + "\"");
}

Result<Subject> LeafCompiler::ResolveAgeBand(const Operand& call) {
  if (call.args.size() != 1) {
    return error_(call.column, "age_band() takes one argument: victim.age or suspect.age");
  }
  const Operand& arg = call.args[0];
  bool field = arg.kind == Operand::Kind::kField;
  if (field && arg.name == "victim.age") {
    return CodeSubject(CodeSource::kVictimAgeBand, AgeBandDomain());
  }
  if (field && arg.name == "suspect.age") {
    return CodeSubject(CodeSource::kSuspectAgeBand, AgeBandDomain());
  }
  return error_(arg.column,
                "age_band() needs victim.age or suspect.age, found \"" + ToString(arg) + "\"");
}

Result<Subject> LeafCompiler::ResolveDaysBetween(const Operand& call) {
  if (call.args.size() != 2) {
    return error_(call.column, "days_between() takes two arguments: start and end");
  }
  Column<int64_t> Frame::*columns[2];
  for (int i = 0; i < 2; ++i) {
    const Operand& arg = call.args[i];
    const ExprFieldSpec* f = arg.kind == Operand::Kind::kField ? FindField(arg.name) : nullptr;
    if (!f || (f->kind != FieldKind::kStart && f->kind != FieldKind::kEnd)) {
      return error_(arg.column,
                    "days_between() needs start and end, found \"" + ToString(arg) + "\"");
    }
    columns[i] = DateColumn(f->kind);
  }
  Subject s = NumberSubject(NumberSource::kDays);
  s.number.from = columns[0];
  s.number.to = columns[1];
  return s;
}

Result<KernelPtr> LeafCompiler::CompileTest(const Expr& leaf) {
  const Operand& o = leaf.subject;
  if (o.kind == Operand::Kind::kBool) return MakeConstantKernel(o.boolean);
  if (o.kind == Operand::Kind::kText || o.kind == Operand::Kind::kNumber) {
    return error_(o.column, ToString(o) +
                                " on its own is not a condition; compare a field with it, "
                                "e.g. category = \"Robbery\"");
  }
  auto s = Resolve(o);
  if (!s.ok()) return s.status();
  if (s->cls == SubjectClass::kBool) return MakeMarkerKernel(s->marker, true);
  std::string example = s->text + " ";
  if (s->domain) {
    example += s->domain->example;
  } else {
    example += s->cls == SubjectClass::kText    ? "= \"...\""
               : s->cls == SubjectClass::kMonth ? ">= \"2024-01\""
                                                : "> 0";
  }
  std::string what = o.kind == Operand::Kind::kCall ? s->text : "field \"" + s->text + "\"";
  return error_(o.column,
                what + " on its own is not a condition; compare it with a value, e.g. " + example);
}

Status LeafCompiler::TypeError(const Subject& s, const Operand& value) const {
  std::string message = "cannot compare " + s.label + " with " + LiteralWord(value);
  if (s.cls == SubjectClass::kMonth) message += " (write months as \"YYYY-MM\")";
  return error_(s.column, message);
}

Status LeafCompiler::CheckOrdering(const Subject& s, const Expr& leaf,
                                   const TestShape& shape) const {
  bool ordering = !shape.in_list && shape.op != CompareOp::kEq && shape.op != CompareOp::kNe;
  if (!ordering) return Status::Ok();
  if (s.cls == SubjectClass::kBool) {
    return error_(leaf.column, "\"" + std::string(CompareOpText(shape.op)) +
                                   "\" does not apply to " + s.label + "; use = or !=");
  }
  if (s.cls == SubjectClass::kCode && !s.domain->ordered) {
    return error_(leaf.column, "\"" + std::string(CompareOpText(shape.op)) +
                                   "\" does not apply to " + s.label + "; use =, != or in");
  }
  return Status::Ok();
}

Result<KernelPtr> LeafCompiler::CompileText(const Subject& s, const Expr& leaf,
                                            const TestShape& shape) {
  std::vector<std::string> values;
  for (const auto& v : leaf.values) {
    if (v.kind != Operand::Kind::kText) return TypeError(s, v);
    values.push_back(ToLower(v.name));
  }
  const auto& dict = (frame_.*s.dict).dict();
  std::vector<uint8_t> table(dict.size(), 0);
  // Missing text is the empty text "", and only a test that names "" can select it.
  bool names_empty = std::find(values.begin(), values.end(), "") != values.end();
  table[0] = names_empty && Satisfies(std::string(), shape, values) ? 1 : 0;
  for (size_t code = 1; code < dict.size(); ++code) {
    table[code] = Satisfies(ToLower(dict[code]), shape, values) ? 1 : 0;
  }
  return MakeDictKernel(s.dict, std::move(table));
}

Result<double> LeafCompiler::CodeValue(const Subject& s, const Operand& value) {
  const Domain& domain = *s.domain;
  if (value.kind == Operand::Kind::kNumber && domain.accepts_numbers) return value.number;
  if (value.kind != Operand::Kind::kText || domain.names.empty()) return TypeError(s, value);
  auto number = DomainValueOfName(domain, value.name);
  if (!number) return error_(value.column, UnknownDomainName(domain, value.name));
  return *number;
}

Result<KernelPtr> LeafCompiler::CompileCode(const Subject& s, const Expr& leaf,
                                            const TestShape& shape) {
  std::vector<double> values;
  for (const auto& v : leaf.values) {
    auto number = CodeValue(s, v);
    if (!number.ok()) return number.status();
    values.push_back(*number);
  }
  const Domain& domain = *s.domain;
  std::vector<uint8_t> table(domain.size + 1, 0);
  for (int code = 1; code <= domain.size; ++code) {
    double x = domain.first_number + code - 1;
    table[code] = Satisfies(x, shape, values) ? 1 : 0;
  }
  return MakeCodeKernel(s.code, std::move(table));
}

Result<double> LeafCompiler::NumberValue(const Subject& s, const Operand& value) {
  if (s.cls == SubjectClass::kNumber) {
    if (value.kind != Operand::Kind::kNumber) return TypeError(s, value);
    return value.number;
  }
  if (value.kind != Operand::Kind::kText) return TypeError(s, value);
  auto month = ParseMonth(Trim(value.name));
  if (!month) {
    return error_(value.column, "\"" + value.name + "\" is not a month (expected \"YYYY-MM\")");
  }
  return static_cast<double>(*month);
}

Result<KernelPtr> LeafCompiler::CompileNumber(const Subject& s, const Expr& leaf,
                                              const TestShape& shape) {
  NumberTest test;
  test.op = shape.op;
  test.in_list = shape.in_list;
  test.negated = shape.negated;
  for (const auto& v : leaf.values) {
    auto number = NumberValue(s, v);
    if (!number.ok()) return number.status();
    test.values.push_back(*number);
  }
  return MakeNumberKernel(s.number, std::move(test));
}

Result<KernelPtr> LeafCompiler::CompileBool(const Subject& s, const Expr& leaf,
                                            const TestShape& shape) {
  std::vector<bool> values;
  for (const auto& v : leaf.values) {
    if (v.kind != Operand::Kind::kBool) return TypeError(s, v);
    values.push_back(v.boolean);
  }
  bool when_set = Satisfies(true, shape, values);
  bool when_clear = Satisfies(false, shape, values);
  if (when_set == when_clear) return MakeConstantKernel(when_set);
  return MakeMarkerKernel(s.marker, when_set);
}

}  // namespace

Result<KernelPtr> CompileLeaf(const Expr& leaf, const Frame& frame, const ExprErrorAt& error) {
  return LeafCompiler(frame, error).Compile(leaf);
}

}  // namespace cairn
