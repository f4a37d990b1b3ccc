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
  LoadedCheck(const DefinitionCatalog& catalog, const Frame& frame, const LoadedFacts& facts)
      : catalog_(catalog), frame_(frame), facts_(facts) {}

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
        !facts_.offence_codes)
      return "no loaded extract has offence codes (data.police.uk files give crime types only)";
    if (e.kind == Expr::Kind::kTest && field.rfind("marker.", 0) == 0) return Marker(field);
    for (const char* role : {"victim", "suspect"})
      if (field == std::string(role) + ".age" || field == std::string(role) + ".sex") {
        const bool named = *role == 'v' ? facts_.victims : facts_.suspects;
        if (!named)
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
      const size_t kind = static_cast<size_t>(at - kinds.begin());
      if (kind < facts_.kinds.size() && facts_.kinds[kind]) return "";
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
    if (!bit || (facts_.markers & *bit)) return "";
    return "no loaded event carries the " + field.substr(7) +
           " marker (data.police.uk files have no markers)";
  }

  const DefinitionCatalog& catalog_;
  const Frame& frame_;
  const LoadedFacts& facts_;
};

// Every value of a column ORed together (0: all 0, or none), read through a plain pointer (a
// snapshot column checks it is ready on each access).
template <typename T>
T Together(const Column<T>& column) {
  const T* values = column.data();
  T all = 0;
  for (size_t i = 0; i < column.size(); ++i) all |= values[i];
  return all;
}

}  // namespace

LoadedFacts LoadedFactsOf(const Frame& frame) {
  LoadedFacts facts;
  facts.markers = Together(frame.markers);
  facts.offence_codes = Together(frame.offence_code.codes()) != 0;
  facts.victims = Together(frame.victims) != 0;
  facts.suspects = Together(frame.suspects) != 0;
  uint64_t kinds = 0;
  const uint8_t* kind = frame.kind.data();
  for (size_t row = 0; row < frame.kind.size(); ++row) kinds |= uint64_t{1} << (kind[row] & 63);
  facts.kinds.assign(EventKindNames().size(), false);
  for (size_t k = 0; k < facts.kinds.size(); ++k) facts.kinds[k] = (kinds >> k) & 1;
  return facts;
}

std::string WhyNotLoaded(const std::string& expression, const DefinitionCatalog& catalog,
                         const Frame& frame, const LoadedFacts& facts) {
  auto expr = ParseExpr(expression);
  if (!expr.ok()) return "";
  return LoadedCheck(catalog, frame, facts).Why(*expr, 0);
}

}  // namespace cairn
