// Unit tests of the expression language: error messages word for word, the canonical form,
// definitions, and evaluation over blocks and threads. The data-driven cases over small tables are
// in expr_cases_test.cc (tests/expr_cases/*.test).
#include "define/expr.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "define/expr_test_table.h"

namespace cairn {
namespace {

// The message of the error that parsing and compiling `text` gives ("" if none).
std::string ErrorOf(std::string_view text, const Definitions& definitions = Definitions()) {
  Frame empty;
  auto predicate = CompileText(text, empty, definitions);
  return predicate.ok() ? "" : predicate.status().message();
}

std::string Canonical(std::string_view text) {
  auto expr = ParseExpr(text);
  return expr.ok() ? ToString(*expr) : "error: " + expr.status().message();
}

TEST(ExprErrors, UnknownFieldSuggestsTheClosest) {
  EXPECT_EQ(ErrorOf("category = \"Robbery\" and victm.age < 18"),
            "column 26: unknown field \"victm.age\" (did you mean \"victim.age\"?)");
  EXPECT_EQ(ErrorOf("Catgory in (\"Drugs\")"),
            "column 1: unknown field \"Catgory\" (did you mean \"category\"?)");
  EXPECT_EQ(ErrorOf("weather.rain = true"), "column 1: unknown field \"weather.rain\"");
}

TEST(ExprErrors, MissingValue) {
  EXPECT_EQ(ErrorOf("source ="), "column 9: expected a value after \"=\", found end of expression");
  EXPECT_EQ(ErrorOf("category = Robbery"),
            "column 12: expected a value after \"=\", found \"Robbery\" (put text in quotes: "
            "\"Robbery\")");
  EXPECT_EQ(ErrorOf("victim.age < suspect.age"),
            "column 14: expected a value after \"<\", found field \"suspect.age\"");
}

TEST(ExprErrors, UnknownDefinitionSuggestsTheClosest) {
  Definitions definitions;
  ASSERT_TRUE(definitions.Add("serious_violence", "category = \"Robbery\"").ok());
  EXPECT_EQ(
      ErrorOf("serius_violence and marker.domestic_abuse", definitions),
      "column 1: unknown definition \"serius_violence\" (did you mean \"serious_violence\"?)");
}

TEST(ExprErrors, InNeedsAList) {
  EXPECT_EQ(ErrorOf("kind = \"crime\" and category in \"Robbery\""),
            "column 20: \"in\" needs a list in parentheses, e.g. category in (\"Robbery\", "
            "\"Drugs\")");
  EXPECT_EQ(ErrorOf("category in ()"), "column 14: the list after \"in\" is empty");
  EXPECT_EQ(ErrorOf("category in (\"A\" \"B\")"),
            "column 18: expected \",\" or \")\" after \"A\", found text \"B\"");
}

TEST(ExprErrors, TypeMismatchPointsAtTheField) {
  EXPECT_EQ(ErrorOf("not category = 5"),
            "column 5: cannot compare text field \"category\" with a number");
  EXPECT_EQ(ErrorOf("marker.knife = \"yes\""),
            "column 1: cannot compare true/false field \"marker.knife\" with text");
  EXPECT_EQ(ErrorOf("month = 5"),
            "column 1: cannot compare month field \"month\" with a number (write months as "
            "\"YYYY-MM\")");
  EXPECT_EQ(ErrorOf("hour() = \"night\""), "column 1: cannot compare hour() with text");
  EXPECT_EQ(ErrorOf("category in (\"Robbery\", true)"),
            "column 1: cannot compare text field \"category\" with true/false");
}

TEST(ExprErrors, Lexical) {
  EXPECT_EQ(ErrorOf("category = \"Robbery"), "column 12: unterminated text (no closing \")");
  EXPECT_EQ(ErrorOf("category = 'Robbery"), "column 12: unterminated text (no closing ')");
  EXPECT_EQ(ErrorOf("victim.age < 18 && marker.knife"), "column 17: use \"and\" instead of \"&&\"");
  EXPECT_EQ(ErrorOf("marker.knife || marker.drugs"), "column 14: use \"or\" instead of \"||\"");
  EXPECT_EQ(ErrorOf("!marker.knife"), "column 1: use \"not\" instead of \"!\"");
  EXPECT_EQ(ErrorOf("offence.code = 34B"),
            "column 16: 34B is not a number; write text in quotes, e.g. \"34B\"");
  EXPECT_EQ(ErrorOf("location = \"Café\" and ; "), "column 23: unexpected character \";\"");
}

TEST(ExprErrors, Functions) {
  EXPECT_EQ(ErrorOf("hours() >= 22"),
            "column 1: unknown function \"hours\" (did you mean \"hour\"?)");
  EXPECT_EQ(ErrorOf("hour(victim.age) = 1"), "column 1: hour() takes no arguments");
  EXPECT_EQ(ErrorOf("victim.age > 1 and age_band() = \"18-24\""),
            "column 20: age_band() takes one argument: victim.age or suspect.age");
  EXPECT_EQ(ErrorOf("age_band(category) = \"0-9\""),
            "column 10: age_band() needs victim.age or suspect.age, found \"category\"");
  EXPECT_EQ(ErrorOf("days_between(start, victim.age) > 1"),
            "column 21: days_between() needs start and end, found \"victim.age\"");
  EXPECT_EQ(ErrorOf("age_band(victim.age) = \"18-25\""),
            "column 24: unknown age band \"18-25\" (did you mean \"18-24\"?)");
  EXPECT_EQ(ErrorOf("hour("),
            "column 6: expected an argument or \")\" after \"(\", found end of expression");
  EXPECT_EQ(ErrorOf("age_band(hour()) = \"0-9\""),
            "column 10: a function cannot be an argument of age_band()");
  EXPECT_EQ(ErrorOf("hour()"),
            "column 1: hour() on its own is not a condition; compare it with a value, e.g. "
            "hour() >= 22");
}

TEST(ExprErrors, Structure) {
  EXPECT_EQ(ErrorOf(""), "column 1: the expression is empty");
  EXPECT_EQ(ErrorOf("   "), "column 1: the expression is empty");
  EXPECT_EQ(ErrorOf("(category = \"A\""),
            "column 16: expected \")\" to close the \"(\" at column 1, found end of expression");
  EXPECT_EQ(ErrorOf("category = \"A\")"), "column 15: \")\" without a matching \"(\"");
  EXPECT_EQ(ErrorOf("category = \"A\" \"B\""),
            "column 16: expected \"and\" or \"or\", found text \"B\"");
  EXPECT_EQ(ErrorOf("marker.knife or or marker.drugs"),
            "column 17: expected a condition after \"or\", found \"or\"");
  EXPECT_EQ(ErrorOf("category"),
            "column 1: field \"category\" on its own is not a condition; compare it with a value, "
            "e.g. category = \"...\"");
  EXPECT_EQ(ErrorOf("\"Robbery\""),
            "column 1: \"Robbery\" on its own is not a condition; compare a field with it, e.g. "
            "category = \"Robbery\"");
  EXPECT_EQ(ErrorOf("18 < 20"),
            "column 1: compare a field or function with a value, e.g. victim.age < 18");
  EXPECT_EQ(ErrorOf(std::string(150, '(') + "marker.knife" + std::string(150, ')')),
            "column 102: the expression is nested too deeply");
}

// Found by tests/fuzz_test.cc: the lexer counted each token's column from the start of the text,
// so 20,000 "(" took ten seconds under ASan (quadratic); 300,000 took minutes.
TEST(ExprErrors, ALongExpressionIsLexedInLinearTime) {
  const std::string deep = std::string(300000, '(') + "marker.knife";
  auto begin = std::chrono::steady_clock::now();
  EXPECT_EQ(ErrorOf(deep), "column 102: the expression is nested too deeply");
  std::string long_list = "category in (\"a\"";
  for (int i = 0; i < 100000; ++i) long_list += ", \"a\"";
  EXPECT_EQ(ErrorOf(long_list + ") and ! marker.knife"),
            "column " + std::to_string(long_list.size() + 7) + ": use \"not\" instead of \"!\"");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count(), 3);
}

TEST(ExprErrors, Values) {
  EXPECT_EQ(ErrorOf("kind = \"crimes\""),
            "column 8: unknown kind \"crimes\" (did you mean \"crime\"?)");
  EXPECT_EQ(ErrorOf("kind < \"crime\""),
            "column 6: \"<\" does not apply to text field \"kind\"; use =, != or in");
  EXPECT_EQ(ErrorOf("month >= \"2024-13\""),
            "column 10: \"2024-13\" is not a month (expected \"YYYY-MM\")");
  EXPECT_EQ(ErrorOf("victim.sex = \"f\" and weekday() = \"Mnday\""),
            "column 34: unknown weekday \"Mnday\" (did you mean \"Monday\"?)");
  EXPECT_EQ(ErrorOf("victim.age = \"17\""),
            "column 1: cannot compare number field \"victim.age\" with text");
}

TEST(ExprErrors, ColumnsCountCharactersNotBytes) {
  // "é" is two bytes in UTF-8 but one column.
  EXPECT_EQ(ErrorOf("location = \"Café\" and victm.age > 1"),
            "column 23: unknown field \"victm.age\" (did you mean \"victim.age\"?)");
}

TEST(ExprDefinitions, ErrorsNameTheDefinition) {
  Definitions definitions;
  EXPECT_EQ(definitions.Add("sv", "category =").message(),
            "definition \"sv\", column 11: expected a value after \"=\", found end of expression");
  EXPECT_EQ(definitions.Add("category", "marker.knife").message(),
            "\"category\" cannot name a definition: it is a field");
  EXPECT_EQ(definitions.Add("and", "marker.knife").message(),
            "\"and\" cannot name a definition: it is a keyword");
  EXPECT_EQ(definitions.Add("knife-crime", "marker.knife").message(),
            "\"knife-crime\" cannot name a definition: use letters, digits and underscores");
  ASSERT_TRUE(definitions.Add("Knife", "marker.knife").ok());
  EXPECT_EQ(definitions.Add("knife", "marker.drugs").message(),
            "definition \"knife\" is defined twice");
  ASSERT_TRUE(definitions.Add("a", "b or knife").ok());
  ASSERT_TRUE(definitions.Add("b", "a and marker.drugs").ok());
  EXPECT_EQ(ErrorOf("marker.hate or a", definitions),
            "column 16: definition \"a\" refers to itself through \"b\"");
  EXPECT_EQ(CheckExpr(*ParseExpr("knife and marker.drugs"), definitions).message(), "");
  EXPECT_EQ(definitions.Names(), (std::vector<std::string>{"a", "b", "knife"}));
}

TEST(ExprDefinitions, ResolverOverload) {
  Expr knife = *ParseExpr("marker.knife");
  DefinitionResolver resolve = [&](std::string_view name) {
    return name == "knife" ? &knife : nullptr;
  };
  auto frame = expr_test::FrameFromTable({"marker.knife"}, {{"true"}, {"false"}});
  ASSERT_TRUE(frame.ok());
  auto predicate = Compile(*ParseExpr("not KNIFE"), *frame, resolve, {"knife"});
  ASSERT_TRUE(predicate.ok()) << predicate.status().message();
  EXPECT_EQ(predicate->SelectRows(*frame), std::vector<uint32_t>{1});
  EXPECT_EQ(Compile(*ParseExpr("knif"), *frame, resolve, {"knife"}).status().message(),
            "column 1: unknown definition \"knif\" (did you mean \"knife\"?)");
}

TEST(ExprCanonical, NormalisesSpellingAndParentheses) {
  EXPECT_EQ(Canonical("  Category='Robbery'AND(Victim.Age<18)"),
            "category = \"Robbery\" and victim.age < 18");
  EXPECT_EQ(Canonical("a or (b and c)"), "a or b and c");
  EXPECT_EQ(Canonical("(a or b) and not (c or d)"), "(a or b) and not (c or d)");
  EXPECT_EQ(Canonical("not (not a)"), "not not a");
  EXPECT_EQ(Canonical("17 <= victim.age"), "victim.age >= 17");
  EXPECT_EQ(Canonical("victim.age > -1.50"), "victim.age > -1.5");
  EXPECT_EQ(Canonical("offence NOT IN ('8N','34B')"), "offence.code not in (\"8N\", \"34B\")");
  EXPECT_EQ(Canonical("location = 'back\\\\slash \"q\"'"),
            "location = \"back\\\\slash \\\"q\\\"\"");
  EXPECT_EQ(Canonical("days_between( START , End ) >= 2"), "days_between(start, end) >= 2");
}

// Found by tests/fuzz_test.cc: the canonical form of a number with more than about 60 digits was
// written through a 64-byte buffer that to_chars could not fill, and printed stack memory; a
// number too large for a double was silently read as 0.
TEST(ExprCanonical, EveryNumberIsWrittenInFullAndReadBack) {
  const std::string big = "1" + std::string(130, '0');
  // The double nearest 1e130, every digit of it: it reads back as the same double.
  const std::string canonical = Canonical("victim.age < " + big);
  EXPECT_EQ(canonical,
            "victim.age < 1000000000000000059783078246051615185174929025233809070873635949"
            "8322008205751130936310560341066601403445681992244323541365884452864");
  EXPECT_EQ(Canonical(canonical), canonical);
  const std::string tiny = "0." + std::string(300, '0') + "1";
  EXPECT_EQ(Canonical("victim.age > " + tiny), "victim.age > " + tiny);
  EXPECT_EQ(Canonical("victim.age < " + std::string(400, '9')),
            "error: column 14: the number 9999999999999999999999999999999999999999... is too "
            "large or too small");
  EXPECT_EQ(Canonical("victim.age < 0." + std::string(400, '0') + "1"),
            "error: column 14: the number 0.00000000000000000000000000000000000000... is too "
            "large or too small");
}

TEST(ExprNames, KnownFieldsAndFunctions) {
  const auto& fields = ExprFieldNames();
  for (const char* name :
       {"category", "offence.code", "victim.age", "suspect.sex", "lsoa", "district", "source",
        "marker.knife", "marker.domestic_abuse", "month", "year", "kind"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), name), fields.end()) << name;
  }
  EXPECT_EQ(ExprFunctionNames(),
            (std::vector<std::string>{"hour", "weekday", "month", "age_band", "days_between"}));
  EXPECT_EQ(AgeBandNames(), (std::vector<std::string>{"0-9", "10-17", "18-24", "25-34", "35-44",
                                                      "45-54", "55-64", "65+"}));
}

// A frame of `rows` rows whose ages cycle 0..99 (every 7th unknown) and categories cycle A, B, C.
Frame CyclingFrame(size_t rows) {
  Frame f;
  ResizeFrame(f, rows);
  const char* categories[] = {"A", "B", "C"};
  for (size_t r = 0; r < rows; ++r) {
    f.victim_age[r] = r % 7 == 0 ? -1 : static_cast<int16_t>(r % 100);
    f.category.codes()[r] = f.category.Intern(categories[r % 3]);
    if (r % 5 == 0) f.markers[r] = kMarkerKnife;
  }
  return f;
}

bool ExpectedCycling(size_t r) {
  bool young = r % 7 != 0 && r % 100 < 18;
  return (young && r % 3 == 1) || (r % 5 == 0 && r % 3 != 0);
}

TEST(ExprEvaluate, BlocksAndRangesAgreeWithAPlainLoop) {
  Frame f = CyclingFrame(5 * Predicate::kBlockRows + 77);
  auto predicate =
      CompileText("victim.age < 18 and category = \"b\" or marker.knife and category != \"A\"", f);
  ASSERT_TRUE(predicate.ok()) << predicate.status().message();
  std::vector<uint8_t> mask = predicate->Mask(f);
  std::vector<uint32_t> selected = predicate->SelectRows(f);
  std::vector<uint32_t> expected;
  for (size_t r = 0; r < f.rows; ++r) {
    ASSERT_EQ(mask[r], ExpectedCycling(r) ? 1 : 0) << "row " << r;
    if (ExpectedCycling(r)) expected.push_back(static_cast<uint32_t>(r));
  }
  EXPECT_EQ(selected, expected);
  // An unaligned range writes from out_mask[0].
  std::vector<uint8_t> part(2000, 9);
  predicate->Evaluate(f, 1000, 3000, part.data());
  EXPECT_TRUE(std::equal(part.begin(), part.end(), mask.begin() + 1000));
}

TEST(ExprEvaluate, DisjointRangesOnThreads) {
  Frame f = CyclingFrame(20011);
  auto predicate = CompileText("not (victim.age >= 18 or category in (\"a\", \"c\"))", f);
  ASSERT_TRUE(predicate.ok());
  std::vector<uint8_t> mask(f.rows, 9);
  std::vector<std::thread> threads;
  size_t chunk = f.rows / 4 + 1;
  for (size_t begin = 0; begin < f.rows; begin += chunk) {
    size_t end = std::min(f.rows, begin + chunk);
    threads.emplace_back([&, begin, end] { predicate->Evaluate(f, begin, end, &mask[begin]); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(mask, predicate->Mask(f));
  for (size_t r = 0; r < f.rows; ++r) {
    bool old_or_a_or_c = (r % 7 != 0 && r % 100 >= 18) || r % 3 != 1;
    ASSERT_EQ(mask[r], old_or_a_or_c ? 0 : 1) << "row " << r;
  }
}

TEST(ExprEvaluate, UnknownTextValueSelectsNothing) {
  Frame f = CyclingFrame(10);
  auto predicate = CompileText("category = \"Z\"", f);
  ASSERT_TRUE(predicate.ok());
  EXPECT_TRUE(predicate->SelectRows(f).empty());
}

TEST(ExprEvaluate, ColumnsAHandBuiltFrameLeftEmptyReadAsMissing) {
  Frame f;
  f.rows = 3;
  for (const char* c : {"A", "B", "A"}) f.category.codes().push_back(f.category.Intern(c));
  auto rows = [&](std::string_view text) {
    auto predicate = CompileText(text, f);
    EXPECT_TRUE(predicate.ok()) << predicate.status().message();
    return predicate.ok() ? predicate->SelectRows(f) : std::vector<uint32_t>{99};
  };
  EXPECT_EQ(rows("category = \"a\""), (std::vector<uint32_t>{0, 2}));
  EXPECT_EQ(rows("victim.age < 5 or hour() < 12 or weekday() = 1 or year = 2024"),
            std::vector<uint32_t>{});
  EXPECT_EQ(rows("not marker.knife and district = \"\" and days_between(start, end) = 0 or "
                 "category = \"B\""),
            (std::vector<uint32_t>{1}));
  EXPECT_EQ(rows("not marker.knife and district = \"\""), (std::vector<uint32_t>{0, 1, 2}));
}

}  // namespace
}  // namespace cairn
