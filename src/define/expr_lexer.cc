// Lexer for the expression language (grammar in expr.h). Names may contain dots
// (`victim.age`); `==` and `<>` are read as `=` and `!=`; C-style `&&`, `||` and `!` get an error
// that names the keyword to use instead.
#include "define/expr_lexer.h"

#include <algorithm>
#include <charconv>

#include "util/strings.h"

namespace cairn {

Status ExprError(int column, std::string_view message) {
  return Status::Invalid("column " + std::to_string(column) + ": " + std::string(message));
}

namespace {

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameChar(char c) { return IsNameStart(c) || IsDigit(c) || c == '.'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}
  Result<std::vector<Token>> Run();

 private:
  // Characters (UTF-8 sequences) before byte offset `pos`, plus one. Counts on from the last
  // position asked about, as tokens come in order, so lexing stays linear in the text's length.
  int ColumnAt(size_t pos);
  Status Next(std::vector<Token>* out);
  Status LexText(Token* token);
  Status LexNumber(Token* token);
  void LexName(Token* token);
  Status LexOperator(Token* token);
  std::string CharAt(size_t pos) const;

  std::string_view text_;
  size_t pos_ = 0;
  size_t counted_to_ = 0;  // ColumnAt(counted_to_) == counted_column_
  int counted_column_ = 1;
};

int Lexer::ColumnAt(size_t pos) {
  pos = std::min(pos, text_.size());
  if (pos < counted_to_) {
    counted_to_ = 0;
    counted_column_ = 1;
  }
  for (; counted_to_ < pos; ++counted_to_)
    if ((static_cast<unsigned char>(text_[counted_to_]) & 0xC0) != 0x80) ++counted_column_;
  return counted_column_;
}

std::string Lexer::CharAt(size_t pos) const {
  size_t end = pos + 1;
  while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
  return std::string(text_.substr(pos, end - pos));
}

Result<std::vector<Token>> Lexer::Run() {
  std::vector<Token> tokens;
  while (true) {
    while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
    if (pos_ >= text_.size()) break;
    CAIRN_RETURN_IF_ERROR(Next(&tokens));
  }
  Token end;
  end.kind = Token::Kind::kEnd;
  end.column = ColumnAt(text_.size());
  tokens.push_back(end);
  return tokens;
}

Status Lexer::Next(std::vector<Token>* out) {
  Token token;
  token.column = ColumnAt(pos_);
  char c = text_[pos_];
  Status status;
  if (c == '"' || c == '\'') {
    status = LexText(&token);
  } else if (IsDigit(c) || (c == '-' && pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1]))) {
    status = LexNumber(&token);
  } else if (IsNameStart(c)) {
    LexName(&token);
  } else {
    status = LexOperator(&token);
  }
  if (status.ok()) out->push_back(std::move(token));
  return status;
}

Status Lexer::LexText(Token* token) {
  char quote = text_[pos_];
  size_t i = pos_ + 1;
  token->kind = Token::Kind::kText;
  for (; i < text_.size() && text_[i] != quote; ++i) {
    if (text_[i] == '\\' && i + 1 < text_.size() &&
        (text_[i + 1] == quote || text_[i + 1] == '\\')) {
      ++i;
    }
    token->text += text_[i];
  }
  if (i >= text_.size()) {
    return ExprError(token->column, std::string("unterminated text (no closing ") + quote + ")");
  }
  pos_ = i + 1;
  return Status::Ok();
}

Status Lexer::LexNumber(Token* token) {
  size_t start = pos_;
  size_t i = pos_ + (text_[pos_] == '-' ? 1 : 0);
  while (i < text_.size() && IsDigit(text_[i])) ++i;
  if (i + 1 < text_.size() && text_[i] == '.' && IsDigit(text_[i + 1])) {
    ++i;
    while (i < text_.size() && IsDigit(text_[i])) ++i;
  }
  if (i < text_.size() && IsNameChar(text_[i])) {
    size_t end = i;
    while (end < text_.size() && IsNameChar(text_[end])) ++end;
    std::string word(text_.substr(start, end - start));
    return ExprError(token->column,
                     word + " is not a number; write text in quotes, e.g. \"" + word + "\"");
  }
  token->kind = Token::Kind::kNumber;
  token->text = std::string(text_.substr(start, i - start));
  auto parsed =
      std::from_chars(token->text.data(), token->text.data() + token->text.size(), token->number);
  if (parsed.ec !=
      std::errc())  // too large or too small for a double: it would have been read as 0
    return ExprError(token->column,
                     "the number " + Abbreviate(token->text) + " is too large or too small");
  pos_ = i;
  return Status::Ok();
}

void Lexer::LexName(Token* token) {
  size_t start = pos_;
  while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
  token->kind = Token::Kind::kName;
  token->text = std::string(text_.substr(start, pos_ - start));
}

Status Lexer::LexOperator(Token* token) {
  std::string_view rest = text_.substr(pos_);
  static const std::pair<std::string_view, std::string_view> kOps[] = {
      {"==", "="},  {"!=", "!="}, {"<>", "!="}, {"<=", "<="},
      {">=", ">="}, {"=", "="},   {"<", "<"},   {">", ">"}};
  for (const auto& [spelling, canonical] : kOps) {
    if (StartsWith(rest, spelling)) {
      token->kind = Token::Kind::kOp;
      token->text = std::string(canonical);
      pos_ += spelling.size();
      return Status::Ok();
    }
  }
  static const std::pair<char, Token::Kind> kPunctuation[] = {
      {'(', Token::Kind::kLParen}, {')', Token::Kind::kRParen}, {',', Token::Kind::kComma}};
  for (const auto& [c, kind] : kPunctuation) {
    if (rest[0] == c) {
      token->kind = kind;
      token->text = std::string(1, c);
      ++pos_;
      return Status::Ok();
    }
  }
  if (StartsWith(rest, "&&") || rest[0] == '&') {
    return ExprError(token->column, "use \"and\" instead of \"" + CharAt(pos_) +
                                        (StartsWith(rest, "&&") ? "&" : "") + "\"");
  }
  if (StartsWith(rest, "||") || rest[0] == '|') {
    return ExprError(token->column, "use \"or\" instead of \"" + CharAt(pos_) +
                                        (StartsWith(rest, "||") ? "|" : "") + "\"");
  }
  if (rest[0] == '!') return ExprError(token->column, "use \"not\" instead of \"!\"");
  return ExprError(token->column, "unexpected character \"" + CharAt(pos_) + "\"");
}

}  // namespace

Result<std::vector<Token>> LexExpr(std::string_view text) { return Lexer(text).Run(); }

}  // namespace cairn
