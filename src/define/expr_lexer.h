// The expression lexer: splits text into names, text and number literals, operators and
// punctuation, each with its 1-based column (counted in characters, not bytes). Internal to
// src/define/expr_*.cc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace cairn {

struct Token {
  enum class Kind : uint8_t { kName, kText, kNumber, kOp, kLParen, kRParen, kComma, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;  // kName: as written; kText: unescaped; kNumber: as written; kOp: canonical
  double number = 0;
  int column = 0;
};

// The tokens of `text`, ending with a kEnd token whose column is one past the last character.
Result<std::vector<Token>> LexExpr(std::string_view text);

// "column N: <message>".
Status ExprError(int column, std::string_view message);

}  // namespace cairn
