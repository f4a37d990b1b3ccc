// Expressions: the one small language that selects and labels events everywhere (definitions,
// markers, KPIs, `cairn query --where`, the dashboard). An expression is parsed once into an Expr,
// then compiled against a Frame into a Predicate that runs over the Frame's columns.
//
// Grammar (EBNF). Keywords, field, function and definition names are case-insensitive.
//
//   expression = disjunction ;
//   disjunction = conjunction { "or" conjunction } ;
//   conjunction = negation { "and" negation } ;
//   negation   = "not" negation | "(" expression ")" | condition ;
//   condition  = operand [ compare_op operand
//                        | [ "not" ] "in" "(" literal { "," literal } ")" ] ;
//   operand    = field | call | literal ;
//   call       = function "(" [ operand { "," operand } ] ")" ;
//   literal    = text | number | "true" | "false" ;
//   compare_op = "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=" ;
//   name       = ( letter | "_" ) { letter | digit | "_" | "." } ;
//   text       = '"' { character | '\"' | '\\' } '"' | "'" { character | "\'" | '\\' } "'" ;
//   number     = [ "-" ] digit { digit } [ "." digit { digit } ] ;
//
// So `not` binds tighter than `and`, which binds tighter than `or`. A comparison sets a field or
// function against a literal (either side may come first: `18 > victim.age` is
// `victim.age < 18`). A condition that is a bare name is a boolean field (`marker.knife`), `true`
// or `false`, or a reference to a named definition (`serious_violence and marker.alcohol`).
//
// Fields (ExprFieldNames()):
//   text     category, offence.code (alias offence), force, source, extract, reported_by, lsoa,
//            lsoa.name, district, location, outcome, context, weapon
//   kind     crime, asb, incident, ed_attendance or ambulance
//   sex      victim.sex, suspect.sex: "female", "male" or "unknown" (also "f", "m", "u")
//   number   victim.age, suspect.age (of the first victim / suspect), victim.count,
//            suspect.count, year
//   month    month, compared with "YYYY-MM" text: month >= "2024-01"
//   boolean  marker.<name> for every marker (marker.knife, marker.domestic_abuse, ...)
//   date     start, end (committed from / to): only as arguments of days_between()
// Functions:
//   hour()             0-23, from the start time
//   weekday()          1 = Monday .. 7 = Sunday; also compares with "Monday".."Sunday",
//   "Mon".."Sun" month()            1-12, month of the year; also compares with "January"..,
//   "Jan".. age_band(victim.age), age_band(suspect.age)
//                      "0-9", "10-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+";
//                      ordered, so age_band(victim.age) <= "18-24" means under 25
//   days_between(start, end)
//                      whole days from start to end (elapsed minutes / 1440, rounded down)
//
// Semantics:
//   - Text equality, `in` and ordering are case-insensitive (`category = "robbery"` matches
//     "Robbery"); ordering compares the lower-cased text byte by byte.
//   - A missing value (empty text, unknown age, unknown time, no month) never satisfies a
//     comparison, `!=` and `not in` included; `not (...)` negates the selection, so
//     `not category = "Robbery"` selects events with no category but `category != "Robbery"` does
//     not. Sex "unknown" is a value, not a missing one. Missing text is the empty text, and only a
//     test naming "" can select it: `district = ""` selects events with no district,
//     `district != ""` those with one.
//   - kind and sex cannot be ordered (<, >); booleans only take = and !=.
//
// Compilation: Compile() checks types and values (errors point at the column), expands definition
// references (cycles are errors) and builds a tree of column kernels bound to the Frame's
// dictionaries: a text comparison or `in` list becomes a byte table indexed by dictionary code, so
// each row costs one table lookup; kind, sex, hour, weekday, month() and age bands are small codes
// computed per row and looked up the same way; numeric comparisons are tight loops over the
// column; and/or/not combine byte masks. Rows are processed in blocks of Predicate::kBlockRows,
// so nothing is interpreted per row. A Predicate is immutable: Evaluate() on disjoint ranges may
// run on several threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "snapshot/frame.h"
#include "util/status.h"

namespace cairn {

// A field, function call or literal.
struct Operand {
  enum class Kind : uint8_t { kField, kCall, kText, kNumber, kBool };
  Kind kind = Kind::kBool;
  std::string name;  // kField, kCall: canonical lower-case name; kText: the text itself
  double number = 0;
  bool boolean = false;
  std::vector<Operand> args;  // kCall
  int column = 0;             // 1-based column in the source text
};

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
const char* CompareOpText(CompareOp op);  // "=", "!=", ...

struct Expr {
  enum class Kind : uint8_t {
    kOr,         // children (two or more)
    kAnd,        // children (two or more)
    kNot,        // children[0]
    kCompare,    // subject op values[0]
    kIn,         // subject [not] in (values...)
    kTest,       // subject on its own: a boolean field, true or false
    kReference,  // a named definition: name
  };
  Kind kind = Kind::kTest;
  int column = 0;  // where the node starts (kCompare: the operator; kIn: "in")
  std::vector<Expr> children;
  Operand subject;
  CompareOp op = CompareOp::kEq;
  std::vector<Operand> values;
  bool negated = false;  // kIn: "not in"
  std::string name;      // kReference: lower case
};

// Parses an expression. Errors read "column N: ...", N counting characters from 1.
Result<Expr> ParseExpr(std::string_view text);

// The canonical form: lower-case names, double-quoted text, single spaces, parentheses only where
// precedence needs them. Parsing it gives the same Expr.
std::string ToString(const Expr& expr);
std::string ToString(const Operand& operand);

// Known field and function names (functions without parentheses), for suggestions and help.
const std::vector<std::string>& ExprFieldNames();
const std::vector<std::string>& ExprFunctionNames();
// The age bands of age_band(), youngest first.
const std::vector<std::string>& AgeBandNames();

// Named definitions, by lower-case name.
class Definitions {
 public:
  // Parses `text` and adds it. Errors read `definition "name", column N: ...`.
  Status Add(std::string_view name, std::string_view text);
  Status Add(std::string_view name, Expr expr);
  const Expr* Find(std::string_view name) const;
  std::vector<std::string> Names() const;

 private:
  std::map<std::string, Expr, std::less<>> by_name_;
};

// Returns the parsed definition with the given lower-case name, or nullptr.
using DefinitionResolver = std::function<const Expr*(std::string_view name)>;

class ExprKernel;

// A compiled expression, bound to the dictionaries of the Frame it was compiled against.
class Predicate {
 public:
  static constexpr size_t kBlockRows = 1024;

  explicit Predicate(std::shared_ptr<const ExprKernel> root) : root_(std::move(root)) {}

  // Writes out_mask[i] = 1 if row begin + i is selected, else 0, for rows [begin, end). `frame`
  // must be the Frame passed to Compile. Thread-safe.
  void Evaluate(const Frame& frame, size_t begin, size_t end, uint8_t* out_mask) const;
  // One byte per row of the frame.
  std::vector<uint8_t> Mask(const Frame& frame) const;
  // The selected rows in order.
  std::vector<uint32_t> SelectRows(const Frame& frame) const;

 private:
  std::shared_ptr<const ExprKernel> root_;
};

// Checks and compiles `expr` against `frame`. Definition references are looked up with `resolve`
// (by lower-case name); `definition_names` only feed "did you mean" suggestions.
Result<Predicate> Compile(const Expr& expr, const Frame& frame, const DefinitionResolver& resolve,
                          const std::vector<std::string>& definition_names = {});
Result<Predicate> Compile(const Expr& expr, const Frame& frame,
                          const Definitions& definitions = Definitions());
// Parses and compiles.
Result<Predicate> CompileText(std::string_view text, const Frame& frame,
                              const Definitions& definitions = Definitions());
// Checks an expression completely (types, values, definitions) without data.
Status CheckExpr(const Expr& expr, const Definitions& definitions = Definitions());

// For text a user typed (--where), not for definitions (which may name values a store does not
// hold): every text value tested with =, != or in against a text field must be a value of that
// field in the frame (case-insensitive), else a Usage error naming the field and the nearest value
// there is: `column 12: "Robery" is not a category in the data (did you mean "Robbery"?)`. A field
// the frame holds no values of, "" (missing), and text that does not parse are left to Compile.
Status CheckTextValuesExist(std::string_view text, const Frame& frame);

}  // namespace cairn
