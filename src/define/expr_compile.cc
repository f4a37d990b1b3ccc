// Compilation of a parsed expression to a Predicate: and/or/not become mask-combining kernels,
// definition references are expanded in place (a stack of the definitions being expanded catches
// cycles), and leaves go to CompileLeaf (expr_compare.cc). Errors inside a definition's text are
// reported as `definition "name", column N: ...` since the column is in that text. Also the
// Definitions store and Predicate's block-wise evaluation.
#include "define/expr_compile.h"

#include <algorithm>

#include "define/expr_fields.h"
#include "define/expr_kernels.h"
#include "define/expr_lexer.h"
#include "util/strings.h"

namespace cairn {

namespace {

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// "b", "b" and "c", "b", "c" and "d".
std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += Quoted(names[i]);
  }
  return out;
}

class Compiler {
 public:
  Compiler(const Frame& frame, const DefinitionResolver& resolve,
           const std::vector<std::string>& names)
      : frame_(frame), resolve_(resolve), names_(names) {}
  Result<KernelPtr> Compile(const Expr& e);

 private:
  Result<KernelPtr> CompileChain(const Expr& e);
  Result<KernelPtr> CompileReference(const Expr& e);
  Status ErrorAt(int column, const std::string& message) const;
  Status UnknownDefinition(const Expr& e) const;

  const Frame& frame_;
  const DefinitionResolver& resolve_;
  const std::vector<std::string>& names_;
  std::vector<std::string> expanding_;  // definitions being expanded, outermost first
  int outer_column_ = 0;                // column of the outermost reference
};

Status Compiler::ErrorAt(int column, const std::string& message) const {
  Status status = ExprError(column, message);
  if (expanding_.empty()) return status;
  return Status::Invalid("definition " + Quoted(expanding_.back()) + ", " + status.message());
}

Result<KernelPtr> Compiler::Compile(const Expr& e) {
  switch (e.kind) {
    case Expr::Kind::kOr:
    case Expr::Kind::kAnd:
      return CompileChain(e);
    case Expr::Kind::kNot: {
      auto child = Compile(e.children[0]);
      if (!child.ok()) return child;
      return MakeNotKernel(std::move(*child));
    }
    case Expr::Kind::kReference:
      return CompileReference(e);
    default: {
      ExprErrorAt error = [this](int column, const std::string& message) {
        return ErrorAt(column, message);
      };
      return CompileLeaf(e, frame_, error);
    }
  }
}

Result<KernelPtr> Compiler::CompileChain(const Expr& e) {
  std::vector<KernelPtr> children;
  for (const auto& child : e.children) {
    auto kernel = Compile(child);
    if (!kernel.ok()) return kernel;
    children.push_back(std::move(*kernel));
  }
  if (e.kind == Expr::Kind::kAnd) return MakeAndKernel(std::move(children));
  return MakeOrKernel(std::move(children));
}

Status Compiler::UnknownDefinition(const Expr& e) const {
  std::string message = "unknown definition " + Quoted(e.name);
  std::string suggestion = Suggest(e.name, names_);
  if (!suggestion.empty()) message += " (did you mean " + Quoted(suggestion) + "?)";
  return ErrorAt(e.column, message);
}

Result<KernelPtr> Compiler::CompileReference(const Expr& e) {
  auto cycle = std::find(expanding_.begin(), expanding_.end(), e.name);
  if (cycle != expanding_.end()) {
    std::vector<std::string> through(cycle + 1, expanding_.end());
    std::string message = "definition " + Quoted(e.name) + " refers to itself";
    if (!through.empty()) message += " through " + JoinNames(through);
    return ExprError(outer_column_, message);
  }
  const Expr* body = resolve_ ? resolve_(e.name) : nullptr;
  if (!body) return UnknownDefinition(e);
  if (expanding_.empty()) outer_column_ = e.column;
  expanding_.push_back(e.name);
  auto kernel = Compile(*body);
  expanding_.pop_back();
  return kernel;
}

bool IsDefinitionName(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Status CheckDefinitionName(const std::string& name) {
  if (!IsDefinitionName(name)) {
    return Status::Invalid(Quoted(name) +
                           " cannot name a definition: use letters, digits and underscores");
  }
  if (FindField(name))
    return Status::Invalid(Quoted(name) + " cannot name a definition: it is a field");
  static const char* const kKeywords[] = {"and", "or", "not", "in", "true", "false"};
  for (const char* k : kKeywords) {
    if (name == k)
      return Status::Invalid(Quoted(name) + " cannot name a definition: it is a keyword");
  }
  return Status::Ok();
}

}  // namespace

// ---- Definitions ----

Status Definitions::Add(std::string_view name, std::string_view text) {
  auto expr = ParseExpr(text);
  if (!expr.ok()) {
    return Status::Invalid("definition " + Quoted(ToLower(name)) + ", " + expr.status().message());
  }
  return Add(name, std::move(*expr));
}

Status Definitions::Add(std::string_view name, Expr expr) {
  std::string lower = ToLower(Trim(name));
  CAIRN_RETURN_IF_ERROR(CheckDefinitionName(lower));
  if (by_name_.count(lower))
    return Status::Invalid("definition " + Quoted(lower) + " is defined twice");
  by_name_.emplace(lower, std::move(expr));
  return Status::Ok();
}

const Expr* Definitions::Find(std::string_view name) const {
  auto it = by_name_.find(ToLower(name));
  return it == by_name_.end() ? nullptr : &it->second;
}

std::vector<std::string> Definitions::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, expr] : by_name_) names.push_back(name);
  return names;
}

// ---- Predicate ----

void Predicate::Evaluate(const Frame& frame, size_t begin, size_t end, uint8_t* out_mask) const {
  for (size_t block = begin; block < end; block += kBlockRows) {
    size_t block_end = std::min(end, block + kBlockRows);
    root_->Eval(frame, block, block_end, out_mask + (block - begin));
  }
}

std::vector<uint8_t> Predicate::Mask(const Frame& frame) const {
  std::vector<uint8_t> mask(frame.rows);
  Evaluate(frame, 0, frame.rows, mask.data());
  return mask;
}

std::vector<uint32_t> Predicate::SelectRows(const Frame& frame) const {
  std::vector<uint32_t> rows;
  uint8_t mask[kBlockRows];
  for (size_t block = 0; block < frame.rows; block += kBlockRows) {
    size_t block_end = std::min(frame.rows, block + kBlockRows);
    root_->Eval(frame, block, block_end, mask);
    for (size_t i = 0; i < block_end - block; ++i) {
      if (mask[i]) rows.push_back(static_cast<uint32_t>(block + i));
    }
  }
  return rows;
}

// ---- Entry points ----

Result<Predicate> Compile(const Expr& expr, const Frame& frame, const DefinitionResolver& resolve,
                          const std::vector<std::string>& definition_names) {
  auto root = Compiler(frame, resolve, definition_names).Compile(expr);
  if (!root.ok()) return root.status();
  return Predicate(std::shared_ptr<const ExprKernel>(std::move(*root)));
}

Result<Predicate> Compile(const Expr& expr, const Frame& frame, const Definitions& definitions) {
  DefinitionResolver resolve = [&definitions](std::string_view name) {
    return definitions.Find(name);
  };
  return Compile(expr, frame, resolve, definitions.Names());
}

Result<Predicate> CompileText(std::string_view text, const Frame& frame,
                              const Definitions& definitions) {
  auto expr = ParseExpr(text);
  if (!expr.ok()) return expr.status();
  return Compile(*expr, frame, definitions);
}

Status CheckExpr(const Expr& expr, const Definitions& definitions) {
  Frame empty;
  return Compile(expr, empty, definitions).status();
}

}  // namespace cairn
