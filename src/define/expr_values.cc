// CheckTextValuesExist: a typed value that no event has ("Robery" for "Robbery") selects nothing
// and looks like an answer of 0; it is refused with the nearest value the field has.
#include <limits>

#include "define/expr.h"
#include "define/expr_fields.h"
#include "util/strings.h"

namespace cairn {

namespace {

Status CheckLeaf(const Expr& leaf, const Frame& frame) {
  if (leaf.subject.kind != Operand::Kind::kField) return Status::Ok();
  const ExprFieldSpec* field = FindField(leaf.subject.name);
  if (!field || field->kind != FieldKind::kText) return Status::Ok();
  const bool equality =
      leaf.kind == Expr::Kind::kIn || leaf.op == CompareOp::kEq || leaf.op == CompareOp::kNe;
  const auto& dict = (frame.*(field->dict)).dict();
  if (!equality || dict.size() <= 1) return Status::Ok();
  for (const Operand& value : leaf.values) {
    if (value.kind != Operand::Kind::kText || value.name.empty()) continue;
    const std::string lower = ToLower(value.name);
    bool found = false;
    for (size_t code = 1; code < dict.size() && !found; ++code)
      found = ToLower(dict[code]) == lower;
    if (found) continue;
    const std::string nearest = Suggest(lower, dict, {.nearest = true});
    return Status::Usage("column " + std::to_string(value.column) + ": \"" +
                         Abbreviate(value.name) + "\" is not a " + field->name + " in the data" +
                         (nearest.empty() ? "" : " (did you mean \"" + nearest + "\"?)"));
  }
  return Status::Ok();
}

Status CheckNode(const Expr& e, const Frame& frame) {
  switch (e.kind) {
    case Expr::Kind::kOr:
    case Expr::Kind::kAnd:
    case Expr::Kind::kNot:
      for (const Expr& child : e.children) CAIRN_RETURN_IF_ERROR(CheckNode(child, frame));
      return Status::Ok();
    case Expr::Kind::kCompare:
    case Expr::Kind::kIn:
      return CheckLeaf(e, frame);
    case Expr::Kind::kTest:
    case Expr::Kind::kReference:
      return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace

Status CheckTextValuesExist(std::string_view text, const Frame& frame) {
  auto expr = ParseExpr(text);
  if (!expr.ok()) return Status::Ok();  // Compile reports it, at its column
  return CheckNode(*expr, frame);
}

}  // namespace cairn
