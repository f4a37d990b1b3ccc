// Recursive-descent parser for the expression language (grammar in expr.h), one function per rule.
// It resolves names as far as text alone allows: a name followed by "(" is a function, a known
// name is a field, an unknown name that is compared is a misspelt field (with a suggestion), and
// any other bare name is a reference to a definition, checked later by Compile(). Types and
// values are checked by Compile() too, so a definition can be parsed before data exists.
#include "define/expr.h"
#include "define/expr_fields.h"
#include "define/expr_lexer.h"
#include "util/strings.h"

namespace cairn {

namespace {

constexpr int kMaxDepth = 100;

bool IsKeyword(std::string_view lower) {
  return lower == "and" || lower == "or" || lower == "not" || lower == "in" || lower == "true" ||
         lower == "false";
}

bool IsLiteral(const Operand& o) {
  return o.kind == Operand::Kind::kText || o.kind == Operand::Kind::kNumber ||
         o.kind == Operand::Kind::kBool;
}

CompareOp ParseOp(std::string_view text) {
  if (text == "!=") return CompareOp::kNe;
  if (text == "<") return CompareOp::kLt;
  if (text == "<=") return CompareOp::kLe;
  if (text == ">") return CompareOp::kGt;
  if (text == ">=") return CompareOp::kGe;
  return CompareOp::kEq;
}

// `b < a` is `a > b`.
CompareOp Mirror(CompareOp op) {
  switch (op) {
    case CompareOp::kLt:
      return CompareOp::kGt;
    case CompareOp::kLe:
      return CompareOp::kGe;
    case CompareOp::kGt:
      return CompareOp::kLt;
    case CompareOp::kGe:
      return CompareOp::kLe;
    default:
      return op;
  }
}

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string UnknownField(std::string_view name) {
  std::string message = "unknown field " + Quoted(name);
  std::string suggestion = Suggest(ToLower(name), ExprFieldNames());
  if (!suggestion.empty()) message += " (did you mean " + Quoted(suggestion) + "?)";
  return message;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}
  Result<Expr> Run();

 private:
  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& Take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool PeekKeyword(std::string_view keyword, size_t ahead = 0) const {
    return Peek(ahead).kind == Token::Kind::kName && ToLower(Peek(ahead).text) == keyword;
  }
  std::string Describe(const Token& t) const;
  Status Expected(std::string_view what, std::string_view hint = "") const;

  using PartParser = Result<Expr> (Parser::*)(int depth);
  Result<Expr> ParseChain(Expr::Kind kind, std::string_view keyword, PartParser part, int depth);
  Result<Expr> ParseDisjunction(int depth);
  Result<Expr> ParseConjunction(int depth);
  Result<Expr> ParseNegation(int depth);
  Result<Expr> ParseParenthesised(int depth);
  Result<Expr> ParseCondition();
  Result<Expr> ParseComparison(Operand left);
  Result<Expr> ParseIn(Operand left, bool negated);
  Result<Expr> ParseBare(Operand operand);
  Result<Operand> ParseOperand(bool compared);
  Result<Operand> ParseName(bool compared);
  Result<Operand> ParseCall();
  Result<Operand> ParseLiteral();

  std::vector<Token> tokens_;
  size_t pos_ = 0;
};

std::string Parser::Describe(const Token& t) const {
  switch (t.kind) {
    case Token::Kind::kEnd:
      return "end of expression";
    case Token::Kind::kText:
      return "text " + Quoted(t.text);
    case Token::Kind::kNumber:
      return "number " + t.text;
    case Token::Kind::kName:
      if (FindField(ToLower(t.text))) return "field " + Quoted(t.text);
      return Quoted(t.text);
    default:
      return Quoted(t.text);
  }
}

// "expected <what> after "<previous token>", found <next token>".
Status Parser::Expected(std::string_view what, std::string_view hint) const {
  std::string message = "expected " + std::string(what);
  if (pos_ > 0) message += " after " + Quoted(tokens_[pos_ - 1].text);
  message += ", found " + Describe(Peek());
  if (!hint.empty()) message += " " + std::string(hint);
  return ExprError(Peek().column, message);
}

Result<Expr> Parser::Run() {
  if (Peek().kind == Token::Kind::kEnd) return ExprError(1, "the expression is empty");
  auto expr = ParseDisjunction(0);
  if (!expr.ok()) return expr;
  if (Peek().kind == Token::Kind::kRParen) {
    return ExprError(Peek().column, "\")\" without a matching \"(\"");
  }
  if (Peek().kind != Token::Kind::kEnd) {
    return ExprError(Peek().column, "expected \"and\" or \"or\", found " + Describe(Peek()));
  }
  return expr;
}

// Parses `part { keyword part }` into one node with all the parts as children.
Result<Expr> Parser::ParseChain(Expr::Kind kind, std::string_view keyword, PartParser part,
                                int depth) {
  auto first = (this->*part)(depth);
  if (!first.ok() || !PeekKeyword(keyword)) return first;
  Expr chain;
  chain.kind = kind;
  chain.column = first->column;
  chain.children.push_back(std::move(*first));
  while (PeekKeyword(keyword)) {
    Take();
    auto next = (this->*part)(depth);
    if (!next.ok()) return next;
    chain.children.push_back(std::move(*next));
  }
  return chain;
}

Result<Expr> Parser::ParseDisjunction(int depth) {
  return ParseChain(Expr::Kind::kOr, "or", &Parser::ParseConjunction, depth);
}

Result<Expr> Parser::ParseConjunction(int depth) {
  return ParseChain(Expr::Kind::kAnd, "and", &Parser::ParseNegation, depth);
}

Result<Expr> Parser::ParseNegation(int depth) {
  if (depth > kMaxDepth) return ExprError(Peek().column, "the expression is nested too deeply");
  if (PeekKeyword("not")) {
    Expr negation;
    negation.kind = Expr::Kind::kNot;
    negation.column = Take().column;
    auto operand = ParseNegation(depth + 1);
    if (!operand.ok()) return operand;
    negation.children.push_back(std::move(*operand));
    return negation;
  }
  if (Peek().kind == Token::Kind::kLParen) return ParseParenthesised(depth + 1);
  return ParseCondition();
}

Result<Expr> Parser::ParseParenthesised(int depth) {
  int open_column = Take().column;
  auto inner = ParseDisjunction(depth);
  if (!inner.ok()) return inner;
  if (Peek().kind != Token::Kind::kRParen) {
    return ExprError(Peek().column, "expected \")\" to close the \"(\" at column " +
                                        std::to_string(open_column) + ", found " +
                                        Describe(Peek()));
  }
  Take();
  return inner;
}

Result<Expr> Parser::ParseCondition() {
  auto left = ParseOperand(false);
  if (!left.ok()) return left.status();
  if (Peek().kind == Token::Kind::kOp) return ParseComparison(std::move(*left));
  if (PeekKeyword("in")) return ParseIn(std::move(*left), false);
  if (PeekKeyword("not") && PeekKeyword("in", 1)) {
    Take();
    return ParseIn(std::move(*left), true);
  }
  return ParseBare(std::move(*left));
}

Result<Expr> Parser::ParseComparison(Operand left) {
  Expr compare;
  compare.kind = Expr::Kind::kCompare;
  compare.column = Peek().column;
  compare.op = ParseOp(Take().text);
  auto right = ParseOperand(true);
  if (!right.ok()) return right.status();
  if (IsLiteral(left) && IsLiteral(*right)) {
    return ExprError(left.column, "compare a field or function with a value, e.g. victim.age < 18");
  }
  if (IsLiteral(left)) {
    std::swap(left, *right);
    compare.op = Mirror(compare.op);
  } else if (!IsLiteral(*right)) {
    std::string found =
        right->kind == Operand::Kind::kField ? "field " + Quoted(right->name) : ToString(*right);
    return ExprError(right->column, "expected a value after " + Quoted(CompareOpText(compare.op)) +
                                        ", found " + found);
  }
  compare.subject = std::move(left);
  compare.values.push_back(std::move(*right));
  return compare;
}

Result<Expr> Parser::ParseIn(Operand left, bool negated) {
  Expr in;
  in.kind = Expr::Kind::kIn;
  in.negated = negated;
  in.column = Take().column;
  if (IsLiteral(left)) {
    return ExprError(left.column, "\"in\" needs a field or function on its left, e.g. " +
                                      std::string("category in (\"Robbery\", \"Drugs\")"));
  }
  in.subject = std::move(left);
  if (Peek().kind != Token::Kind::kLParen) {
    return ExprError(
        in.subject.column,
        "\"in\" needs a list in parentheses, e.g. category in (\"Robbery\", \"Drugs\")");
  }
  Take();
  if (Peek().kind == Token::Kind::kRParen) {
    return ExprError(Peek().column, "the list after \"in\" is empty");
  }
  while (true) {
    auto value = ParseLiteral();
    if (!value.ok()) return value.status();
    in.values.push_back(std::move(*value));
    if (Peek().kind == Token::Kind::kRParen) break;
    if (Peek().kind != Token::Kind::kComma) return Expected("\",\" or \")\"");
    Take();
  }
  Take();
  return in;
}

Result<Expr> Parser::ParseBare(Operand operand) {
  Expr bare;
  bare.column = operand.column;
  if (operand.kind == Operand::Kind::kField && !FindField(operand.name)) {
    bare.kind = Expr::Kind::kReference;
    bare.name = operand.name;
    return bare;
  }
  bare.kind = Expr::Kind::kTest;
  bare.subject = std::move(operand);
  return bare;
}

// `compared` is true on the right of a comparison operator, where a value is expected.
Result<Operand> Parser::ParseOperand(bool compared) {
  const Token& t = Peek();
  if (t.kind == Token::Kind::kText || t.kind == Token::Kind::kNumber) return ParseLiteral();
  if (t.kind == Token::Kind::kName) return ParseName(compared);
  return Expected(compared ? "a value" : "a condition");
}

// A field, a call, true/false, or (as a field-kind operand whose name is not a field) a
// definition reference.
Result<Operand> Parser::ParseName(bool compared) {
  std::string lower = ToLower(Peek().text);
  if (lower == "true" || lower == "false") return ParseLiteral();
  if (IsKeyword(lower)) return Expected(compared ? "a value" : "a condition");
  if (Peek(1).kind == Token::Kind::kLParen) return ParseCall();
  const ExprFieldSpec* field = FindField(lower);
  bool then_compared = Peek(1).kind == Token::Kind::kOp || PeekKeyword("in", 1) ||
                       (PeekKeyword("not", 1) && PeekKeyword("in", 2));
  if (!field && compared) {
    return Expected("a value", "(put text in quotes: \"" + Peek().text + "\")");
  }
  if (!field && (then_compared || lower.find('.') != std::string::npos)) {
    return ExprError(Peek().column, UnknownField(Peek().text));
  }
  Operand operand;
  operand.kind = Operand::Kind::kField;
  operand.name = field ? field->name : lower;
  operand.column = Take().column;
  return operand;
}

Result<Operand> Parser::ParseCall() {
  Operand call;
  call.kind = Operand::Kind::kCall;
  call.name = ToLower(Peek().text);
  call.column = Peek().column;
  if (!IsFunctionName(call.name)) {
    std::string message = "unknown function " + Quoted(Peek().text);
    std::string suggestion = Suggest(call.name, ExprFunctionNames());
    if (!suggestion.empty()) message += " (did you mean " + Quoted(suggestion) + "?)";
    return ExprError(call.column, message);
  }
  Take();
  Take();  // "("
  while (Peek().kind != Token::Kind::kRParen) {
    if (!call.args.empty()) {
      if (Peek().kind != Token::Kind::kComma) return Expected("\",\" or \")\"");
      Take();
    }
    Token::Kind next = Peek().kind;
    if (next != Token::Kind::kName && next != Token::Kind::kText && next != Token::Kind::kNumber) {
      return Expected(call.args.empty() ? "an argument or \")\"" : "an argument");
    }
    if (next == Token::Kind::kName && Peek(1).kind == Token::Kind::kLParen) {
      return ExprError(Peek().column, "a function cannot be an argument of " + call.name + "()");
    }
    auto arg = ParseOperand(false);
    if (!arg.ok()) return arg;
    call.args.push_back(std::move(*arg));
  }
  Take();
  return call;
}

Result<Operand> Parser::ParseLiteral() {
  const Token& t = Peek();
  Operand literal;
  literal.column = t.column;
  std::string lower = ToLower(t.text);
  if (t.kind == Token::Kind::kText) {
    literal.kind = Operand::Kind::kText;
    literal.name = t.text;
  } else if (t.kind == Token::Kind::kNumber) {
    literal.kind = Operand::Kind::kNumber;
    literal.number = t.number;
  } else if (t.kind == Token::Kind::kName && (lower == "true" || lower == "false")) {
    literal.kind = Operand::Kind::kBool;
    literal.boolean = lower == "true";
  } else {
    std::string hint;
    if (t.kind == Token::Kind::kName && !FindField(lower) && !IsKeyword(lower)) {
      hint = "(put text in quotes: \"" + t.text + "\")";
    }
    return Expected("a value", hint);
  }
  Take();
  return literal;
}

}  // namespace

const char* CompareOpText(CompareOp op) {
  static const char* const kText[] = {"=", "!=", "<", "<=", ">", ">="};
  return kText[static_cast<int>(op)];
}

Result<Expr> ParseExpr(std::string_view text) {
  auto tokens = LexExpr(text);
  if (!tokens.ok()) return tokens.status();
  return Parser(std::move(*tokens)).Run();
}

}  // namespace cairn
