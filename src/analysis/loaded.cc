#include "analysis/loaded.h"

#include <algorithm>
#include <vector>

#include "define/expr.h"
#include "model/codes.h"
#include "util/strings.h"

namespace cairn {

namespace {

constexpr int kDeepestDefinition = 16;  // definitions naming definitions: past this, a cycle

class LoadedCheck {
 public:
  LoadedCheck(const DefinitionCatalog& catalog, const Frame& frame)
      : catalog_(catalog), frame_(frame) {}

  std::string Why(const Expr& e, int depth) const {
    switch (e.kind) {
      case Expr::Kind::kAnd:
        for (const Expr& c : e.children)
          if (std::string why = Why(c, depth); !why.empty()) return why;
        return "";
      case Expr::Kind::kOr: {
        std::vector<std::string> all;
        for (const Expr& c : e.children) {
          std::string why = Why(c, depth);
          if (why.empty()) return "";
          if (std::find(all.begin(), all.end(), why) == all.end()) all.push_back(why);
        }
        return Join(all, ", and ");
      }
      case Expr::Kind::kNot:
        return "";
      case Expr::Kind::kReference:
        return Reference(e.name, depth);
      default:
        return Leaf(e);
    }
  }

 private:
  std::string Reference(const std::string& name, int depth) const {
    const Definition* def = catalog_.Find(name);
    if (!def || depth >= kDeepestDefinition) return "";
    auto expr = ParseExpr(def->expr_text);
    return expr.ok() ? Why(*expr, depth + 1) : "";
  }

  // The text values a comparison or `in` asks the field to equal (none for other comparisons).
  static std::vector<std::string> Equals(const Expr& e) {
    std::vector<std::string> out;
    const bool eq = (e.kind == Expr::Kind::kCompare && e.op == CompareOp::kEq) ||
                    (e.kind == Expr::Kind::kIn && !e.negated);
    if (!eq) return out;
    for (const Operand& v : e.values)
      if (v.kind == Operand::Kind::kText) out.push_back(v.name);
    return out;
  }

  std::string Leaf(const Expr& e) const {
    if (e.subject.kind != Operand::Kind::kField) return "";
    const std::string& field = e.subject.name;
    if (field == "kind") return Kinds(Equals(e));
    if (field == "extract") return Extracts(Equals(e));
    if (field == "offence.code" && !(e.kind == Expr::Kind::kIn && e.negated) &&
        std::all_of(frame_.offence_code.codes().begin(), frame_.offence_code.codes().end(),
                    [](uint32_t code) { return code == 0; }))
      return "no loaded extract has offence codes (data.police.uk files give crime types only)";
    if (e.kind == Expr::Kind::kTest && field.rfind("marker.", 0) == 0) return Marker(field);
    for (const char* role : {"victim", "suspect"})
      if (field == std::string(role) + ".age" || field == std::string(role) + ".sex") {
        const Column<uint32_t>& named = *role == 'v' ? frame_.victims : frame_.suspects;
        if (std::all_of(named.begin(), named.end(), [](uint32_t n) { return n == 0; }))
          return std::string("no loaded extract names a ") + role + " (so none gives " + field +
                 ")";
      }
    return "";
  }

  std::string Kinds(const std::vector<std::string>& wanted) const {
    if (wanted.empty()) return "";
    const std::vector<std::string> kinds = EventKindNames();
    for (const std::string& name : wanted) {
      auto at = std::find(kinds.begin(), kinds.end(), name);
      if (at == kinds.end()) return "";  // a kind the rules do not know: loadable
      const uint8_t kind = static_cast<uint8_t>(at - kinds.begin());
      if (std::find(frame_.kind.begin(), frame_.kind.end(), kind) != frame_.kind.end()) return "";
    }
    return "no " + Join(wanted, " or ") + " records are loaded";
  }

  std::string Extracts(const std::vector<std::string>& wanted) const {
    if (wanted.empty()) return "";
    for (const std::string& name : wanted)
      if (frame_.extract.Find(name)) return "";
    return "no " + Join(wanted, " or ") + " extract is loaded";
  }

  std::string Marker(const std::string& field) const {
    auto bit = ParseMarker(field.substr(7));
    if (!bit) return "";
    const uint16_t* markers = frame_.markers.data();
    for (size_t row = 0; row < frame_.rows; ++row)
      if (markers[row] & *bit) return "";
    return "no loaded event carries the " + field.substr(7) +
           " marker (data.police.uk files have no markers)";
  }

  const DefinitionCatalog& catalog_;
  const Frame& frame_;
};

}  // namespace

std::string WhyNotLoaded(const std::string& expression, const DefinitionCatalog& catalog,
                         const Frame& frame) {
  auto expr = ParseExpr(expression);
  if (!expr.ok()) return "";
  return LoadedCheck(catalog, frame).Why(*expr, 0);
}

}  // namespace cairn
