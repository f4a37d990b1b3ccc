// The canonical text of an expression (for reports, logs and definition files): lower-case names,
// double-quoted text, numbers in shortest fixed notation, and parentheses only where precedence
// (not > and > or) needs them.
#include <charconv>

#include "define/expr.h"

namespace cairn {

namespace {

// Fixed notation, as the lexer reads numbers (it has no exponents). The shortest fixed form of a
// double has at most 309 digits before the point (DBL_MAX) or 2 + 323 + 17 after it (the smallest
// subnormals), so the buffer always holds it; 64 bytes did not, and 1e130 printed stack memory.
std::string FormatNumber(double value) {
  char buffer[400];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  if (result.ec != std::errc()) return "0";  // cannot happen (see above); never print the buffer
  return std::string(buffer, result.ptr);
}

std::string FormatText(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Binding strength: or 1, and 2, not 3, anything else 4.
int Precedence(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kOr:
      return 1;
    case Expr::Kind::kAnd:
      return 2;
    case Expr::Kind::kNot:
      return 3;
    default:
      return 4;
  }
}

std::string Child(const Expr& child, int parent_precedence) {
  std::string text = ToString(child);
  return Precedence(child) < parent_precedence ? "(" + text + ")" : text;
}

std::string Chain(const Expr& e, std::string_view keyword) {
  std::string out;
  for (const auto& child : e.children) {
    if (!out.empty()) out += " " + std::string(keyword) + " ";
    out += Child(child, Precedence(e));
  }
  return out;
}

std::string List(const std::vector<Operand>& operands) {
  std::string out;
  for (const auto& o : operands) {
    if (!out.empty()) out += ", ";
    out += ToString(o);
  }
  return out;
}

}  // namespace

std::string ToString(const Operand& operand) {
  switch (operand.kind) {
    case Operand::Kind::kField:
      return operand.name;
    case Operand::Kind::kCall:
      return operand.name + "(" + List(operand.args) + ")";
    case Operand::Kind::kText:
      return FormatText(operand.name);
    case Operand::Kind::kNumber:
      return FormatNumber(operand.number);
    case Operand::Kind::kBool:
      return operand.boolean ? "true" : "false";
  }
  return "";
}

std::string ToString(const Expr& expr) {
  switch (expr.kind) {
    case Expr::Kind::kOr:
      return Chain(expr, "or");
    case Expr::Kind::kAnd:
      return Chain(expr, "and");
    case Expr::Kind::kNot:
      return "not " + Child(expr.children[0], Precedence(expr));
    case Expr::Kind::kCompare:
      return ToString(expr.subject) + " " + CompareOpText(expr.op) + " " + ToString(expr.values[0]);
    case Expr::Kind::kIn:
      return ToString(expr.subject) + (expr.negated ? " not in (" : " in (") + List(expr.values) +
             ")";
    case Expr::Kind::kTest:
      return ToString(expr.subject);
    case Expr::Kind::kReference:
      return expr.name;
  }
  return "";
}

}  // namespace cairn
