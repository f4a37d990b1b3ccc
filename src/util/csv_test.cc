#include "util/csv.h"

#include <gtest/gtest.h>

namespace cairn {

static std::vector<std::vector<std::string>> ReadAll(std::string_view data, char delim = ',',
                                                     std::vector<long>* lines = nullptr,
                                                     Status* status = nullptr) {
  CsvReader reader(data, delim);
  CsvRecord rec;
  std::vector<std::vector<std::string>> rows;
  while (reader.Next(&rec)) {
    rows.emplace_back(rec.fields.begin(), rec.fields.end());
    if (lines) lines->push_back(rec.line);
  }
  if (status) *status = reader.status();
  return rows;
}

// Every test runs twice: splitting 16 bytes at a time (SSE2) and 32 (AVX2, where the processor has
// it; elsewhere the second run is 16 again).
class Csv : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override { CsvReader::UseWideBlocksForTesting(GetParam()); }
  void TearDown() override { CsvReader::UseWideBlocksForTesting(true); }
};

INSTANTIATE_TEST_SUITE_P(BlockWidth, Csv, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Wide" : "Narrow"; });

TEST_P(Csv, SplitsSimpleRowsWithLfCrlfAndCrOnlyEndings) {
  using Rows = std::vector<std::vector<std::string>>;
  Rows expected = {{"a", "b"}, {"1", "2"}};
  EXPECT_EQ(ReadAll("a,b\n1,2\n"), expected);
  EXPECT_EQ(ReadAll("a,b\r\n1,2\r\n"), expected);
  EXPECT_EQ(ReadAll("a,b\r1,2"), expected);
}

TEST_P(Csv, StripsByteOrderMark) {
  auto rows = ReadAll(
      "\xEF\xBB\xBF"
      "Crime ID,Month\n,2024-01\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "Crime ID");
  EXPECT_EQ(rows[1][0], "");
}

// A doubled BOM (a file re-saved by a program that adds one) would otherwise leave an invisible
// U+FEFF at the start of the first header name.
TEST_P(Csv, StripsADoubledByteOrderMark) {
  auto rows = ReadAll(
      "\xEF\xBB\xBF\xEF\xBB\xBF"
      "Crime ID,Month\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "Crime ID");
}

// A record longer than 16 MiB (binary junk, /dev/zero copied to a file, a file with no line breaks)
// stops the reader with the line it starts on, whether or not it has quotes.
TEST_P(Csv, ARecordLongerThanTheCapIsAnErrorNamingTheLine) {
  const std::string huge(CsvReader::kMaxRecordBytes + 100, 'x');
  for (const std::string& record : {huge, "\"" + huge + "\"", "a,b," + huge + ",c"}) {
    Status status;
    auto rows = ReadAll("h\n1\n" + record + "\n2\n", ',', nullptr, &status);
    EXPECT_EQ(rows.size(), 2u);
    EXPECT_EQ(
        status.message(),
        "line 3: the record is longer than 16 MiB, the most one CSV record may hold; is this a "
        "CSV file at all?");
  }
  const std::string fits(CsvReader::kMaxRecordBytes - 10, 'x');
  Status status;
  EXPECT_EQ(ReadAll(fits + "\n", ',', nullptr, &status).size(), 1u);
  EXPECT_TRUE(status.ok());
}

TEST_P(Csv, QuotedFieldsWithDelimitersQuotesAndNewlines) {
  std::vector<long> lines;
  auto rows = ReadAll("id,text\n1,\"a, \"\"quoted\"\"\nsecond line\"\n2,plain\n", ',', &lines);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1][1], "a, \"quoted\"\nsecond line");
  EXPECT_EQ(rows[2][0], "2");
  // The record after the embedded newline starts on physical line 4.
  EXPECT_EQ(lines, (std::vector<long>{1, 2, 4}));
}

TEST_P(Csv, NumbersWithThousandsSeparatorsStayOneField) {
  auto rows = ReadAll("E01000001,City of London 001A,\"29,199\",9\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].size(), 4u);
  EXPECT_EQ(rows[0][2], "29,199");
}

TEST_P(Csv, UnterminatedQuoteIsAnErrorNamingTheLine) {
  Status st;
  auto rows = ReadAll("a,b\n1,2\n3,\"never closed\n", ',', nullptr, &st);
  EXPECT_EQ(rows.size(), 2u);
  EXPECT_EQ(st.message(), "line 3: a quoted field is never closed (the file may be truncated)");
}

TEST_P(Csv, OtherDelimiters) {
  auto rows = ReadAll("a;b\n1;2\n", ';');
  EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "2"}));
  rows = ReadAll("a\tb\n", '\t');
  EXPECT_EQ(rows[0].size(), 2u);
}

TEST_P(Csv, BlankLinesAreSkippedButCounted) {
  std::vector<long> lines;
  ReadAll("a\n\n\nb\n", ',', &lines);
  EXPECT_EQ(lines, (std::vector<long>{1, 4}));
}

// Records longer than the blocks the fast path scans (16 or 32 bytes), a quote far into a line,
// empty fields at both ends, a delimiter as a block's last byte and a CR before LF in one file.
TEST_P(Csv, LongRecordsSplitTheSameAcrossBlocks) {
  using Rows = std::vector<std::vector<std::string>>;
  std::string long_field(30, 'x');
  std::string data = "," + long_field + ",,0123456789abcdef0123,\r\n" + long_field +
                     ",\"q,uoted\"," + long_field + "\n" + "tail-without-newline,z";
  ASSERT_EQ(data[31], ',');
  std::vector<long> lines;
  EXPECT_EQ(ReadAll(data, ',', &lines), (Rows{{"", long_field, "", "0123456789abcdef0123", ""},
                                              {long_field, "q,uoted", long_field},
                                              {"tail-without-newline", "z"}}));
  EXPECT_EQ(lines, (std::vector<long>{1, 2, 3}));
}

// Issue 15 item 22 (OWASP CSV injection): = + - @ tab CR at the start of a text are neutralised.
TEST(CsvField, NeutralisesAFieldThatCouldRunAsAFormula) {
  EXPECT_EQ(CsvField("=1+2"), "\"'=1+2\"");
  EXPECT_EQ(CsvField("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(CsvField("+44 20 7946"), "\"'+44 20 7946\"");
  EXPECT_EQ(CsvField("-cmd|' /C calc'!A0"), "\"'-cmd|' /C calc'!A0\"");
  EXPECT_EQ(CsvField("\t=1"), "\"'\t=1\"");
  EXPECT_EQ(CsvField("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(CsvField("=\"x\",1"), "\"'=\"\"x\"\",1\"");
}

TEST(CsvField, KeepsNumbersAndOrdinaryTextAsTheyAre) {
  EXPECT_EQ(CsvField("-3.5"), "-3.5");
  EXPECT_EQ(CsvField("+2"), "+2");
  EXPECT_EQ(CsvField("-1e-3"), "-1e-3");
  EXPECT_EQ(CsvField("Robbery"), "Robbery");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("a=b"), "a=b");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("-"), "\"'-\"");
  EXPECT_EQ(CsvLine({"x", "=y", "-4"}), "x,\"'=y\",-4\n");
}

}  // namespace cairn

namespace cairn {

TEST(LikelyDelimiter, TheCommonestOtherThanTheDeclaredOne) {
  EXPECT_EQ(LikelyDelimiter("Date;Category;LSOA", ','), ';');
  EXPECT_EQ(LikelyDelimiter("Date\tCategory\tLSOA", ','), '\t');
  EXPECT_EQ(LikelyDelimiter("Date|Category, notes|LSOA", '\0'), '|');
  EXPECT_EQ(LikelyDelimiter("Date;Category;LSOA", ';'), '\0');
  EXPECT_EQ(LikelyDelimiter("Date Category LSOA", '\0'), '\0');
}

}  // namespace cairn
