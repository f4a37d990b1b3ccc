// Data-driven tests of the expression language: every tests/expr_cases/*.test file is a list of
// input tables, definitions, expressions and the rows each expression must select (or the error it
// must give, word for word). The format is described at the top of each file:
//
//   # comment (whole lines)
//   rows:                                   a table follows: a header line, then one line per row,
//   category | victim.age | marker.knife    cells separated by "|" (columns: expr_test_table.h);
//   Robbery  | 17         | true            the table ends at the first line without a "|"
//   define name: expression                 a definition for the rest of the file
//   expr: expression                        the expression of the next case
//   canonical: expression                   (optional) its expected canonical form, ToString()
//   expect: 1 3                             1-based rows selected, or "none"; "# ..." may follow
//   expect error: column 5: ...             instead of expect: the error, word for word
//
// Besides the selected rows, every case checks that the canonical form parses back to itself and
// selects the same rows, and that evaluating row by row gives the same mask as evaluating at once.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "define/expr.h"
#include "define/expr_test_table.h"

namespace cairn {
namespace {

namespace fs = std::filesystem;
using expr_test::Cells;

fs::path CasesDir() { return fs::path(CAIRN_SOURCE_DIR) / "tests" / "expr_cases"; }

std::vector<std::string> CaseFiles() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(CasesDir())) {
    if (entry.path().extension() == ".test") files.push_back(entry.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string StripComment(std::string_view s) {
  size_t hash = s.find('#');
  return std::string(Trim(hash == std::string_view::npos ? s : s.substr(0, hash)));
}

// "1 3" -> rows 0 and 2; "none" -> no rows.
std::vector<uint32_t> ParseRows(const std::string& text) {
  std::vector<uint32_t> rows;
  if (text == "none") return rows;
  std::istringstream in(text);
  uint32_t row;
  while (in >> row) rows.push_back(row - 1);
  return rows;
}

std::string FormatRows(const std::vector<uint32_t>& rows) {
  if (rows.empty()) return "none";
  std::string out;
  for (uint32_t r : rows) out += (out.empty() ? "" : " ") + std::to_string(r + 1);
  return out;
}

class CaseFile {
 public:
  explicit CaseFile(std::string name) : name_(std::move(name)) {}
  // Runs every case; returns how many there were.
  int Run();

 private:
  bool Directive(std::string_view line, std::string_view key, std::string* rest) const;
  void ReadTable(std::istream& in);
  void Define(const std::string& rest);
  void Check(const std::string& expect, bool is_error);
  void CheckRows(const Expr& expr, const std::vector<uint32_t>& expected);
  std::string Where() const { return name_ + ":" + std::to_string(expr_line_); }

  std::string name_;
  int line_ = 0;
  int expr_line_ = 0;
  Frame frame_;
  Definitions definitions_;
  std::string expr_, canonical_;
  int cases_ = 0;
};

bool CaseFile::Directive(std::string_view line, std::string_view key, std::string* rest) const {
  if (!StartsWith(line, key)) return false;
  *rest = std::string(Trim(line.substr(key.size())));
  return true;
}

int CaseFile::Run() {
  std::ifstream in(CasesDir() / name_);
  EXPECT_TRUE(in) << name_;
  std::string raw, rest;
  while (std::getline(in, raw)) {
    ++line_;
    std::string_view line = Trim(raw);
    if (line.empty() || line[0] == '#') continue;
    if (line == "rows:") {
      ReadTable(in);
    } else if (Directive(line, "define ", &rest)) {
      Define(rest);
    } else if (Directive(line, "expr:", &rest)) {
      expr_ = rest;
      expr_line_ = line_;
      canonical_.clear();
    } else if (Directive(line, "canonical:", &rest)) {
      canonical_ = rest;
    } else if (Directive(line, "expect error:", &rest)) {
      Check(rest, true);
    } else if (Directive(line, "expect:", &rest)) {
      Check(StripComment(rest), false);
    } else {
      ADD_FAILURE() << name_ << ":" << line_ << ": cannot read \"" << line << "\"";
    }
  }
  return cases_;
}

void CaseFile::ReadTable(std::istream& in) {
  Cells header;
  std::vector<Cells> rows;
  std::string raw;
  int first_line = line_ + 1;
  while (in.peek() != EOF) {
    std::streampos at = in.tellg();
    std::getline(in, raw);
    if (raw.find('|') == std::string::npos) {
      in.seekg(at);
      break;
    }
    ++line_;
    if (header.empty()) {
      header = expr_test::SplitRow(raw);
    } else {
      rows.push_back(expr_test::SplitRow(raw));
    }
  }
  auto frame = expr_test::FrameFromTable(header, rows);
  ASSERT_TRUE(frame.ok()) << name_ << ":" << first_line << ": " << frame.status().message();
  frame_ = std::move(*frame);
}

void CaseFile::Define(const std::string& rest) {
  size_t colon = rest.find(':');
  ASSERT_NE(colon, std::string::npos) << name_ << ":" << line_ << ": define name: expression";
  Status st = definitions_.Add(Trim(rest.substr(0, colon)), Trim(rest.substr(colon + 1)));
  EXPECT_TRUE(st.ok()) << name_ << ":" << line_ << ": " << st.message();
}

void CaseFile::Check(const std::string& expect, bool is_error) {
  ++cases_;
  SCOPED_TRACE(Where() + ": " + expr_);
  ASSERT_FALSE(expr_.empty()) << "expect without expr";
  auto expr = ParseExpr(expr_);
  Status status = expr.ok() ? Compile(*expr, frame_, definitions_).status() : expr.status();
  if (is_error) {
    EXPECT_EQ(status.message(), expect);
  } else {
    ASSERT_TRUE(status.ok()) << status.message();
    if (!canonical_.empty()) {
      EXPECT_EQ(ToString(*expr), canonical_);
    }
    CheckRows(*expr, ParseRows(expect));
  }
  expr_.clear();
}

void CaseFile::CheckRows(const Expr& expr, const std::vector<uint32_t>& expected) {
  auto predicate = Compile(expr, frame_, definitions_);
  ASSERT_TRUE(predicate.ok());
  EXPECT_EQ(FormatRows(predicate->SelectRows(frame_)), FormatRows(expected));

  std::vector<uint8_t> whole = predicate->Mask(frame_);
  std::vector<uint8_t> by_row(frame_.rows, 7);
  for (size_t r = 0; r < frame_.rows; ++r) predicate->Evaluate(frame_, r, r + 1, &by_row[r]);
  EXPECT_EQ(whole, by_row) << "row-by-row evaluation differs";

  std::string canonical = ToString(expr);
  auto reparsed = ParseExpr(canonical);
  ASSERT_TRUE(reparsed.ok()) << canonical << ": " << reparsed.status().message();
  EXPECT_EQ(ToString(*reparsed), canonical);
  auto again = Compile(*reparsed, frame_, definitions_);
  ASSERT_TRUE(again.ok()) << canonical;
  EXPECT_EQ(FormatRows(again->SelectRows(frame_)), FormatRows(expected)) << canonical;
}

class ExprCases : public testing::TestWithParam<std::string> {};

TEST_P(ExprCases, SelectsTheExpectedRows) {
  int cases = CaseFile(GetParam()).Run();
  EXPECT_GT(cases, 0) << GetParam() << " has no cases";
}

INSTANTIATE_TEST_SUITE_P(ExprCaseFiles, ExprCases, testing::ValuesIn(CaseFiles()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.find('.'));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(ExprCasesAll, AtLeastThirtyCases) {
  int total = 0;
  for (const auto& file : CaseFiles()) {
    std::ifstream in(CasesDir() / file);
    std::string line;
    while (std::getline(in, line)) total += StartsWith(Trim(line), "expect") ? 1 : 0;
  }
  EXPECT_GE(total, 30);
}

}  // namespace
}  // namespace cairn
