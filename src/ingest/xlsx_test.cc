// Tests for the .xlsx reader. Synthetic workbooks are zipped here with libzip from XML written in
// each test, so every case shows the exact XML it reads. The real ONS workbooks in
// ../shared/data/real were checked by hand with openpyxl (/usr/bin/python3) and unzip; the
// expected values below come from those readings, not from Cairn.
#include "ingest/xlsx.h"

#include <gtest/gtest.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "ingest/profile.h"
#include "tests/test_util.h"

namespace cairn {
namespace {

using Part = testing::ZipPart;

std::string Zip(const std::vector<Part>& parts) { return testing::ZipInMemory(parts); }

const char* kXmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const char* kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

std::string SheetXml(const std::string& sheet_data, const std::string& after = "") {
  return std::string(kXmlHead) + "<worksheet xmlns=\"" + kMain + "\" xmlns:r=\"" + kRel +
         "\"><sheetData>" + sheet_data + "</sheetData>" + after + "</worksheet>";
}

// A workbook with sheets named `names`, sheet i in xl/worksheets/part<i>.xml (not sheetN.xml, so a
// reader that guesses the path fails), plus optional shared strings and styles.
struct Book {
  std::vector<std::string> names = {"Data"};
  std::vector<std::string> sheets;  // whole sheet XML, one per name
  std::string shared_strings, styles, workbook_pr;

  std::string Bytes() const {
    std::string workbook = std::string(kXmlHead) + "<workbook xmlns=\"" + kMain + "\" xmlns:r=\"" +
                           kRel + "\">" + workbook_pr + "<sheets>";
    std::string rels = std::string(kXmlHead) +
                       "<Relationships "
                       "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    std::vector<Part> parts;
    for (size_t i = 0; i < names.size(); ++i) {
      std::string id = "rId" + std::to_string(10 + i);
      workbook += "<sheet name=\"" + names[i] + "\" sheetId=\"" + std::to_string(i + 1) +
                  "\" r:id=\"" + id + "\"/>";
      rels += "<Relationship Id=\"" + id + "\" Type=\"" + kRel + "/worksheet\" Target=\"" +
              "worksheets/part" + std::to_string(i) + ".xml\"/>";
      parts.push_back({"xl/worksheets/part" + std::to_string(i) + ".xml", sheets.at(i)});
    }
    workbook += "</sheets></workbook>";
    if (!shared_strings.empty()) {
      rels += std::string("<Relationship Id=\"rId1\" Type=\"") + kRel +
              "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
      parts.push_back({"xl/sharedStrings.xml", std::string(kXmlHead) + "<sst xmlns=\"" + kMain +
                                                   "\">" + shared_strings + "</sst>"});
    }
    if (!styles.empty()) {
      rels += std::string("<Relationship Id=\"rId2\" Type=\"") + kRel +
              "/styles\" Target=\"styles.xml\"/>";
      parts.push_back({"xl/styles.xml", std::string(kXmlHead) + "<styleSheet xmlns=\"" + kMain +
                                            "\">" + styles + "</styleSheet>"});
    }
    rels += "</Relationships>";
    parts.push_back({"xl/workbook.xml", workbook});
    parts.push_back({"xl/_rels/workbook.xml.rels", rels});
    return Zip(parts);
  }
};

std::string OneSheet(const std::string& sheet_data, const std::string& shared_strings = "",
                     const std::string& styles = "", const std::string& workbook_pr = "") {
  Book book;
  book.sheets = {SheetXml(sheet_data)};
  book.shared_strings = shared_strings;
  book.styles = styles;
  book.workbook_pr = workbook_pr;
  return book.Bytes();
}

// Every row of the first sheet; fails the test when opening or reading fails.
std::vector<XlsxRow> ReadRows(const std::string& bytes) {
  auto book = XlsxWorkbook::Open(bytes, "t.xlsx");
  EXPECT_TRUE(book.ok()) << book.status().message();
  if (!book.ok()) return {};
  std::vector<XlsxRow> rows;
  Status st = book->ForEachRow(0, [&](const XlsxRow& row) {
    rows.push_back(row);
    return true;
  });
  EXPECT_TRUE(st.ok()) << st.message();
  return rows;
}

// The message of the first failure, opening or reading the first sheet.
std::string ReadError(const std::string& bytes) {
  auto book = XlsxWorkbook::Open(bytes, "t.xlsx");
  if (!book.ok()) return book.status().message();
  Status st = book->ForEachRow(0, [](const XlsxRow&) { return true; });
  return st.ok() ? "(no error)" : st.message();
}

using Cells = std::vector<std::string>;
using Problems = std::vector<std::pair<int, std::string>>;

TEST(Xlsx, ColumnAndCellNames) {
  EXPECT_EQ(XlsxColumnName(0), "A");
  EXPECT_EQ(XlsxColumnName(25), "Z");
  EXPECT_EQ(XlsxColumnName(26), "AA");
  EXPECT_EQ(XlsxColumnName(51), "AZ");
  EXPECT_EQ(XlsxColumnName(701), "ZZ");
  EXPECT_EQ(XlsxColumnName(702), "AAA");
  EXPECT_EQ(XlsxColumnName(16383), "XFD");
  EXPECT_EQ(XlsxCellName(7, 2), "C7");
}

TEST(Xlsx, SharedStringsJoinRichTextRunsAndSkipPhonetics) {
  auto rows = ReadRows(OneSheet(
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
      "<c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>",
      "<si><t>Cumbria</t></si>"
      "<si><r><rPr><b/></rPr><t>Violence </t></r><r><t xml:space=\"preserve\">with injury</t></r>"
      "</si>"
      "<si><t>\xE6\x9D\xB1\xE4\xBA\xAC</t><rPh sb=\"0\" eb=\"2\"><t>TOUKYOU</t></rPh></si>"
      "<si><t>a &amp; b &lt;c&gt;</t></si>"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].number, 1);
  EXPECT_EQ(rows[0].cells,
            (Cells{"Cumbria", "Violence with injury", "\xE6\x9D\xB1\xE4\xBA\xAC", "a & b <c>"}));
  EXPECT_TRUE(rows[0].problems.empty());
}

TEST(Xlsx, InlineStringsBooleansFormulaStringsAndNumbersAsWritten) {
  auto rows = ReadRows(OneSheet(
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>inline</t></is></c>"
      "<c r=\"B2\" t=\"inlineStr\"><is><r><t>ri</t></r><r><t>ch</t></r></is></c>"
      "<c r=\"C2\" t=\"b\"><v>1</v></c><c r=\"D2\" t=\"b\"><v>0</v></c>"
      "<c r=\"E2\" t=\"str\"><f>A2&amp;\"x\"</f><v>inlinex</v></c>"
      "<c r=\"F2\"><v>1.1899848037164469E-2</v></c><c r=\"G2\" t=\"n\"><v>-42</v></c></row>"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].number, 2);
  EXPECT_EQ(rows[0].cells,
            (Cells{"inline", "rich", "TRUE", "FALSE", "inlinex", "1.1899848037164469E-2", "-42"}));
}

const char* kDateStyles =
    "<numFmts count=\"4\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0.00\"/><numFmt numFmtId=\"166\" formatCode=\"[Red]0\"/>"
    "<numFmt numFmtId=\"167\" formatCode=\"yyyy-mm-dd hh:mm\"/>"
    "<numFmt numFmtId=\"168\" formatCode=\"#,##0&quot; days&quot;\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"8\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"22\"/><xf numFmtId=\"167\"/>"
    "<xf numFmtId=\"168\"/></cellXfs>";

TEST(Xlsx, DatesIn1900SystemIncludingFictitiousLeapDay) {
  // Serials: 1 = 1900-01-01, 59 = 1900-02-28, 60 = the 1900-02-29 Excel counts, 61 = 1900-03-01,
  // 43831 = 2020-01-01 (Microsoft's DATEVALUE documentation uses the same epoch).
  auto rows = ReadRows(OneSheet(
      "<row r=\"1\"><c s=\"1\"><v>1</v></c><c s=\"1\"><v>59</v></c><c s=\"1\"><v>60</v></c>"
      "<c s=\"1\"><v>61</v></c><c s=\"2\"><v>43831</v></c><c s=\"5\"><v>43831.5</v></c>"
      "<c s=\"6\"><v>43831.75</v></c><c s=\"5\"><v>43831</v></c><c "
      "s=\"1\"><v>43831.25</v></c></row>"
      "<row r=\"2\"><c s=\"0\"><v>43831</v></c><c s=\"3\"><v>43831</v></c><c "
      "s=\"4\"><v>43831</v></c>"
      "<c s=\"7\"><v>43831</v></c><c s=\"99\"><v>43831</v></c><c s=\"1\"><v>-1</v></c></row>",
      "", kDateStyles));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].cells, (Cells{"1900-01-01", "1900-02-28", "1900-02-29", "1900-03-01",
                                  "2020-01-01", "2020-01-01 12:00:00", "2020-01-01 18:00:00",
                                  "2020-01-01 00:00:00", "2020-01-01 06:00:00"}));
  // General, "0.00", "[Red]0", a quoted "days" suffix, an unknown style: not dates. A negative
  // serial is no date Excel shows: kept as written.
  EXPECT_EQ(rows[1].cells, (Cells{"43831", "43831", "43831", "43831", "43831", "-1"}));
}

TEST(Xlsx, DatesIn1904System) {
  // In the 1904 system serial 0 is 1904-01-01, and 2020-01-01 is 43831 - 1462 = 42369.
  auto rows =
      ReadRows(OneSheet("<row r=\"1\"><c s=\"1\"><v>0</v></c><c s=\"1\"><v>42369</v></c>"
                        "<c s=\"1\"><v>60</v></c></row>",
                        "", kDateStyles, "<workbookPr date1904=\"1\"/>"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells, (Cells{"1904-01-01", "2020-01-01", "1904-03-01"}));
}

TEST(Xlsx, FormulaCellsGiveTheirSavedResultOrAProblem) {
  auto rows = ReadRows(
      OneSheet("<row r=\"1\"><c r=\"A1\"><f>1+1</f><v>2</v></c><c r=\"B1\"><f>SUM(A1:A9)</f></c>"
               "<c r=\"C1\" t=\"str\"><f>\"\"</f><v></v></c><c r=\"D1\"><v>4</v></c></row>"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells, (Cells{"2", "", "", "4"}));
  EXPECT_EQ(rows[0].problems,
            (Problems{{1,
                       "holds a formula with no saved result (the program that wrote the workbook "
                       "did not calculate it); open it in a spreadsheet program and save it "
                       "again"}}));
}

TEST(Xlsx, ErrorCellsAreProblemsWithEmptyText) {
  auto rows = ReadRows(
      OneSheet("<row r=\"3\"><c r=\"A3\"><v>7</v></c><c r=\"B3\" t=\"e\"><f>VLOOKUP(1,A:A,2)</f>"
               "<v>#N/A</v></c></row><row r=\"4\"><c r=\"C4\" t=\"e\"><v>#DIV/0!</v></c></row>"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].cells, (Cells{"7"}));
  EXPECT_EQ(rows[0].problems, (Problems{{1, "holds the spreadsheet error #N/A"}}));
  EXPECT_EQ(rows[1].number, 4);
  EXPECT_TRUE(rows[1].cells.empty());
  EXPECT_EQ(rows[1].problems, (Problems{{2, "holds the spreadsheet error #DIV/0!"}}));
}

TEST(Xlsx, MissingReferencesMeanTheNextRowAndColumn) {
  auto rows = ReadRows(OneSheet(
      "<row r=\"3\"><c><v>1</v></c><c><v>2</v></c><c r=\"E3\"><v>5</v></c><c><v>6</v></c></row>"
      "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>"
      "<row r=\"9\"><c r=\"B9\"><v>b</v></c></row>"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].number, 3);
  EXPECT_EQ(rows[0].cells, (Cells{"1", "2", "", "", "5", "6"}));
  EXPECT_EQ(rows[1].number, 4);
  EXPECT_EQ(rows[1].cells, (Cells{"x"}));
  EXPECT_EQ(rows[2].number, 9);
  EXPECT_EQ(rows[2].cells, (Cells{"", "b"}));
}

TEST(Xlsx, BlankRowsAreSkippedAndTrailingBlanksTrimmed) {
  auto rows = ReadRows(OneSheet(
      "<row r=\"1\" spans=\"1:4\"><c r=\"A1\" s=\"1\"/><c r=\"B1\" s=\"1\"/></row>"
      "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"B2\" s=\"1\"/><c r=\"C2\" t=\"inlineStr\"><is>"
      "<t></t></is></c></row><row r=\"5\"/>",
      "", kDateStyles));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].number, 2);
  EXPECT_EQ(rows[0].cells, (Cells{"1"}));
}

TEST(Xlsx, CallbackStopsTheReadEarly) {
  auto book = XlsxWorkbook::Open(OneSheet("<row r=\"1\"><c><v>1</v></c></row><row r=\"2\"><c>"
                                          "<v>2</v></c></row><row r=\"3\"><c><v>3</v></c></row>"),
                                 "t.xlsx");
  ASSERT_TRUE(book.ok()) << book.status().message();
  std::vector<long> seen;
  Status st = book->ForEachRow(0, [&](const XlsxRow& row) {
    seen.push_back(row.number);
    return row.number < 2;
  });
  EXPECT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(seen, (std::vector<long>{1, 2}));
}

TEST(Xlsx, NoSharedStringsOrStylesPartIsFine) {
  auto rows = ReadRows(OneSheet("<row r=\"1\"><c><v>3.5</v></c></row>"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells, (Cells{"3.5"}));
}

TEST(Xlsx, SheetPartsAreFoundThroughRelationships) {
  // The second sheet's part is named sheet1.xml and given as an absolute target; the first sheet's
  // relationship comes second in the .rels file.
  std::string workbook = std::string(kXmlHead) + "<workbook xmlns=\"" + kMain + "\" xmlns:r=\"" +
                         kRel +
                         "\"><sheets><sheet name=\"First\" sheetId=\"2\" r:id=\"rId7\"/>"
                         "<sheet name=\"Second\" sheetId=\"1\" r:id=\"rId3\"/></sheets></workbook>";
  std::string rels = std::string(kXmlHead) +
                     "<Relationships "
                     "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                     "<Relationship Id=\"rId3\" Type=\"" +
                     kRel +
                     "/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
                     "<Relationship Id=\"rId7\" Type=\"" +
                     kRel + "/worksheet\" Target=\"./worksheets/../worksheets/sheet2.xml\"/>" +
                     "</Relationships>";
  std::string bytes =
      Zip({{"xl/workbook.xml", workbook},
           {"xl/_rels/workbook.xml.rels", rels},
           {"xl/worksheets/sheet1.xml", SheetXml("<row r=\"1\"><c><v>2</v></c></row>")},
           {"xl/worksheets/sheet2.xml", SheetXml("<row r=\"1\"><c><v>1</v></c></row>")}});
  auto book = XlsxWorkbook::Open(bytes, "t.xlsx");
  ASSERT_TRUE(book.ok()) << book.status().message();
  EXPECT_EQ(book->sheet_names(), (std::vector<std::string>{"First", "Second"}));
  for (int sheet = 0; sheet < 2; ++sheet) {
    std::string value;
    ASSERT_TRUE(book->ForEachRow(sheet,
                                 [&](const XlsxRow& row) {
                                   value = row.cells.at(0);
                                   return true;
                                 })
                    .ok());
    EXPECT_EQ(value, std::to_string(sheet + 1));
  }
}

TEST(Xlsx, FindsSheetsByNameTrimmedNameAndNumber) {
  Book book;
  book.names = {"Notes", "Table P4  ", "table p5"};
  book.sheets = {SheetXml(""), SheetXml(""), SheetXml("")};
  auto workbook = XlsxWorkbook::Open(book.Bytes(), "t.xlsx");
  ASSERT_TRUE(workbook.ok()) << workbook.status().message();
  EXPECT_EQ(*workbook->FindSheet("Table P4  "), 1);
  EXPECT_EQ(*workbook->FindSheet("Table P4"), 1);
  EXPECT_EQ(*workbook->FindSheet(" TABLE P5"), 2);
  EXPECT_EQ(*workbook->FindSheet("#1"), 0);
  EXPECT_EQ(*workbook->FindSheet("#3"), 2);
  EXPECT_EQ(workbook->FindSheet("Table P9").status().message(),
            "t.xlsx: has no sheet \"Table P9\"; its sheets are \"Notes\", \"Table P4  \", "
            "\"table p5\"");
  EXPECT_EQ(workbook->FindSheet("#4").status().message(),
            "t.xlsx: has no sheet #4 (3 sheets; its sheets are \"Notes\", \"Table P4  \", "
            "\"table p5\")");
  EXPECT_FALSE(workbook->FindSheet("#0").ok());

  // A sheet whose name looks like a number is found by its name first.
  Book numbered;
  numbered.names = {"Other", "#1"};
  numbered.sheets = {SheetXml(""), SheetXml("")};
  auto second = XlsxWorkbook::Open(numbered.Bytes(), "t.xlsx");
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(*second->FindSheet("#1"), 1);
  EXPECT_EQ(*second->FindSheet("#2"), 1);
}

TEST(Xlsx, MergedCells) {
  Book book;
  book.sheets = {
      SheetXml("<row r=\"4\"><c r=\"C4\" t=\"inlineStr\"><is><t>Total</t></is></c></row>",
               "<mergeCells count=\"3\"><mergeCell ref=\"C4:D4\"/>"
               "<mergeCell ref=\"A1:N1\"/><mergeCell ref=\"AA10:AB12\"/></mergeCells>")};
  auto workbook = XlsxWorkbook::Open(book.Bytes(), "t.xlsx");
  ASSERT_TRUE(workbook.ok()) << workbook.status().message();
  auto merged = workbook->MergedCells(0);
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  ASSERT_EQ(merged->size(), 3u);
  auto same = [](const XlsxRange& r, int fr, int lr, int fc, int lc) {
    return r.first_row == fr && r.last_row == lr && r.first_col == fc && r.last_col == lc;
  };
  EXPECT_TRUE(same((*merged)[0], 4, 4, 2, 3));
  EXPECT_TRUE(same((*merged)[1], 1, 1, 0, 13));
  EXPECT_TRUE(same((*merged)[2], 10, 12, 26, 27));
}

TEST(Xlsx, RefusesRowsAndCellsOutOfOrder) {
  EXPECT_EQ(ReadError(OneSheet("<row r=\"5\"><c><v>1</v></c></row><row r=\"3\"><c><v>1</v></c>"
                               "</row>")),
            "t.xlsx, sheet \"Data\" (xl/worksheets/part0.xml): row 3 comes after row 5 (rows out "
            "of order)");
  EXPECT_EQ(ReadError(OneSheet("<row r=\"2\"><c r=\"C2\"><v>1</v></c><c r=\"B2\"><v>1</v></c>"
                               "</row>")),
            "t.xlsx, sheet \"Data\" (xl/worksheets/part0.xml): cell B2 comes after C2 (cells out "
            "of order)");
}

TEST(Xlsx, RefusesMoreThan16384Columns) {
  EXPECT_EQ(ReadError(OneSheet("<row r=\"1\"><c r=\"XFD1\"><v>1</v></c><c r=\"XFE1\"><v>1</v></c>"
                               "</row>")),
            "t.xlsx, sheet \"Data\" (xl/worksheets/part0.xml): cell XFE1 is beyond column XFD "
            "(more than 16,384 columns)");
  EXPECT_EQ(ReadError(OneSheet("<row r=\"1\"><c r=\"XFD1\"><v>1</v></c><c><v>1</v></c></row>")),
            "t.xlsx, sheet \"Data\" (xl/worksheets/part0.xml): row 1 has a cell beyond column XFD "
            "(more than 16,384 columns)");
}

TEST(Xlsx, RefusesMalformedXmlWithLine) {
  EXPECT_EQ(ReadError(OneSheet("<row r=\"1\">\n<c r=\"A1\"><v>1</v></row>")),
            "t.xlsx, sheet \"Data\" (xl/worksheets/part0.xml): line 3: malformed XML: mismatched "
            "tag");
  EXPECT_EQ(
      ReadError(Zip({{"xl/workbook.xml", "<workbook><sheets><sheet name=\"a\" r:id=\"rId1\"/>"},
                     {"xl/_rels/workbook.xml.rels", "<Relationships/>"}})),
      "t.xlsx (xl/workbook.xml): line 1: malformed XML: no element found");
}

TEST(Xlsx, RefusesDoctypeAndEntityDeclarations) {
  std::string laughs =
      std::string(kXmlHead) +
      "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;\">]>\n"
      "<worksheet xmlns=\"" +
      kMain +
      "\"><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&lol2;</t></is></c></row></sheetData>"
      "</worksheet>";
  Book book;
  book.sheets = {laughs};
  EXPECT_EQ(ReadError(book.Bytes()),
            "t.xlsx, sheet \"Data\" (xl/worksheets/part0.xml): line 2: has a DOCTYPE declaration, "
            "which a workbook never has (refused: its entities could expand without limit)");
  // The same in the shared strings part: refused when the workbook is opened.
  std::string sst = std::string(kXmlHead) +
                    "<!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\">]><sst><si><t>&a;</t></si></sst>";
  std::string workbook = std::string(kXmlHead) + "<workbook xmlns:r=\"" + kRel +
                         "\"><sheets><sheet name=\"Data\" r:id=\"rId9\"/></sheets></workbook>";
  std::string rels = std::string(kXmlHead) + "<Relationships><Relationship Id=\"rId9\" Target=\"" +
                     "worksheets/s.xml\"/></Relationships>";
  EXPECT_EQ(ReadError(Zip({{"xl/workbook.xml", workbook},
                           {"xl/_rels/workbook.xml.rels", rels},
                           {"xl/sharedStrings.xml", sst},
                           {"xl/worksheets/s.xml", SheetXml("")}})),
            "t.xlsx (xl/sharedStrings.xml): line 2: has a DOCTYPE declaration, which a workbook "
            "never has (refused: its entities could expand without limit)");
}

TEST(Xlsx, RefusesAZipBomb) {
  if (!zip_compression_method_supported(ZIP_CM_BZIP2, 1)) GTEST_SKIP() << "libzip without bzip2";
  // 8 MiB of blanks compresses with bzip2 to a few dozen bytes: a ratio no worksheet has.
  std::string sheet = SheetXml(std::string(8 << 20, ' '));
  std::string workbook = std::string(kXmlHead) + "<workbook xmlns:r=\"" + kRel +
                         "\"><sheets><sheet name=\"Data\" r:id=\"rId9\"/></sheets></workbook>";
  std::string rels = std::string(kXmlHead) + "<Relationships><Relationship Id=\"rId9\" Target=\"" +
                     "worksheets/s.xml\"/></Relationships>";
  std::string message = ReadError(Zip({{"xl/workbook.xml", workbook},
                                       {"xl/_rels/workbook.xml.rels", rels},
                                       {"xl/worksheets/s.xml", sheet, ZIP_CM_BZIP2}}));
  EXPECT_EQ(message.rfind("t.xlsx, sheet \"Data\" (xl/worksheets/s.xml): is compressed ", 0), 0u)
      << message;
  EXPECT_NE(message.find(":1, more than 1000:1: it looks like a zip bomb"), std::string::npos)
      << message;
}

TEST(Xlsx, RefusesACellOfMoreThan16MiB) {
  std::string huge(16 << 20, 'x');
  huge += "y";
  std::string workbook = std::string(kXmlHead) + "<workbook xmlns:r=\"" + kRel +
                         "\"><sheets><sheet name=\"Data\" r:id=\"rId9\"/></sheets></workbook>";
  std::string rels = std::string(kXmlHead) + "<Relationships><Relationship Id=\"rId9\" Target=\"" +
                     "worksheets/s.xml\"/></Relationships>";
  std::string sheet =
      SheetXml("<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>" + huge + "</t></is></c></row>");
  EXPECT_EQ(ReadError(Zip({{"xl/workbook.xml", workbook},
                           {"xl/_rels/workbook.xml.rels", rels},
                           {"xl/worksheets/s.xml", sheet, ZIP_CM_STORE}})),
            "t.xlsx, sheet \"Data\" (xl/worksheets/s.xml): cell B2 holds more than 16 MiB of text");
}

TEST(Xlsx, RefusesWhatIsNotAnXlsxWorkbook) {
  EXPECT_EQ(ReadError(""), "t.xlsx: is empty (0 bytes), not an .xlsx workbook");
  // A legacy .xls: the OLE signature and a "Workbook" stream named in UTF-16LE.
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  std::string xls = ole + std::string(504, '\0') + std::string("W\0o\0r\0k\0b\0o\0o\0k\0", 16) +
                    std::string(1000, '\0');
  EXPECT_EQ(ReadError(xls),
            "t.xlsx: is an Excel 97-2003 .xls workbook, not .xlsx; save it as .xlsx or CSV");
  std::string encrypted = ole + std::string(504, '\0') +
                          std::string("E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0", 28) +
                          std::string(1000, '\0');
  EXPECT_EQ(ReadError(encrypted),
            "t.xlsx: is password-protected; remove the password in Excel and save again");
  std::string random;
  uint32_t state = 12345;
  for (int i = 0; i < 4096; ++i) {
    state = state * 1103515245u + 12345u;
    random.push_back(static_cast<char>(state >> 24));
  }
  EXPECT_EQ(ReadError(random),
            "t.xlsx: is not an .xlsx workbook: it is not a zip archive (libzip: Not a zip "
            "archive)");
  EXPECT_EQ(ReadError(Zip({{"word/document.xml", "<document/>"}})),
            "t.xlsx: is a zip archive but not an .xlsx workbook (it has no xl/workbook.xml)");
}

TEST(Xlsx, RefusesATruncatedZip) {
  Book book;
  book.sheets = {SheetXml("<row r=\"1\"><c><v>1</v></c></row>")};
  std::string bytes = book.Bytes();
  EXPECT_EQ(ReadError(bytes.substr(0, bytes.size() / 2)),
            "t.xlsx: is a damaged zip archive (libzip: Not a zip archive); it may be truncated: "
            "copy or download it again");
}

TEST(Xlsx, SharedStringIndexOutOfRangeIsAProblem) {
  auto rows = ReadRows(OneSheet("<row r=\"1\"><c t=\"s\"><v>0</v></c><c t=\"s\"><v>7</v></c></row>",
                                "<si><t>a</t></si>"));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].cells, (Cells{"a"}));
  EXPECT_EQ(rows[0].problems,
            (Problems{{1, "refers to shared string \"7\", but the workbook has only 1"}}));
}

// The real ONS workbooks. Expected values read with openpyxl 3.0.9 and unzip, by hand.
std::string RealFile(const std::string& relative) {
  std::string shared = testing::SharedDir();
  if (shared.empty()) return "";
  std::string path = shared + "/data/real/" + relative;
  return std::filesystem::exists(path) ? path : "";
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Row `number` of `sheet`, or an empty row.
XlsxRow RowOf(const XlsxWorkbook& book, int sheet, long number) {
  XlsxRow found;
  Status st = book.ForEachRow(sheet, [&](const XlsxRow& row) {
    if (row.number == number) found = row;
    return row.number < number;
  });
  EXPECT_TRUE(st.ok()) << st.message();
  return found;
}

TEST(XlsxRealData, PoliceForceAreaTablesDecember2019) {
  std::string path = RealFile("ons-pfa-tables/pfatablesdec19.xlsx");
  if (path.empty()) GTEST_SKIP() << "shared/data/real/ons-pfa-tables not present";
  auto book = XlsxWorkbook::Open(Slurp(path), "pfatablesdec19.xlsx");
  ASSERT_TRUE(book.ok()) << book.status().message();
  EXPECT_EQ(book->sheet_names(),
            (std::vector<std::string>{"Notes", "Table P1", "Table P2", "Table P3", "Table P4  ",
                                      "Table P5 ", "Table P6"}));
  auto p1 = book->FindSheet("Table P1");
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(*p1, 1);
  EXPECT_EQ(*book->FindSheet("Table P4"), 4);

  XlsxRow header = RowOf(*book, *p1, 5);
  ASSERT_EQ(header.cells.size(), 27u);  // A..AA
  EXPECT_EQ(header.cells[0], "Area Code");
  EXPECT_EQ(header.cells[1], "Area Name");
  EXPECT_EQ(header.cells[2], "");
  EXPECT_EQ(header.cells[4], "Violence against the person4");
  EXPECT_EQ(header.cells[5], "Homicide");
  EXPECT_EQ(header.cells[23], "Drug offences");
  EXPECT_EQ(header.cells[26], "Miscellaneous crimes");

  XlsxRow cumbria = RowOf(*book, *p1, 15);
  ASSERT_GE(cumbria.cells.size(), 6u);
  EXPECT_EQ(cumbria.cells[0], "E23000002");
  EXPECT_EQ(cumbria.cells[1], "Cumbria");
  EXPECT_EQ(cumbria.cells[2], "38183");
  EXPECT_EQ(cumbria.cells[5], "5");  // homicides
  EXPECT_TRUE(cumbria.problems.empty());

  XlsxRow manchester = RowOf(*book, *p1, 16);
  ASSERT_EQ(manchester.cells.size(), 27u);
  EXPECT_EQ(manchester.cells[0], "E23000005");
  EXPECT_EQ(manchester.cells[1], "Greater Manchester8,9");
  for (int col : {2, 4, 5, 6, 22, 24, 26}) EXPECT_EQ(manchester.cells[col], "..") << col;

  // Table P4's group headers are merged pairs of columns; openpyxl lists 18 merged ranges.
  auto merged = book->MergedCells(4);
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  EXPECT_EQ(merged->size(), 18u);
  bool total_spans_c4_d4 = false, title_spans_a1_n1 = false;
  for (const auto& r : *merged) {
    if (r.first_row == 4 && r.last_row == 4 && r.first_col == 2 && r.last_col == 3)
      total_spans_c4_d4 = true;
    if (r.first_row == 1 && r.last_row == 1 && r.first_col == 0 && r.last_col == 13)
      title_spans_a1_n1 = true;
  }
  EXPECT_TRUE(total_spans_c4_d4);
  EXPECT_TRUE(title_spans_a1_n1);
  XlsxRow groups = RowOf(*book, 4, 4);
  ASSERT_GE(groups.cells.size(), 5u);
  EXPECT_EQ(groups.cells[2], "Total of selected serious offences");
  EXPECT_EQ(groups.cells[3], "");
  EXPECT_EQ(groups.cells[4], "Attempted murder");
  XlsxRow england_wales = RowOf(*book, 4, 7);
  ASSERT_GE(england_wales.cells.size(), 4u);
  EXPECT_EQ(england_wales.cells[3], "6.1574732591814865");  // as written in sheet5.xml
}

TEST(XlsxRealData, EveryPoliceForceAreaWorkbookReadsWhole) {
  std::string first = RealFile("ons-pfa-tables/pfatablesdec19.xlsx");
  if (first.empty()) GTEST_SKIP() << "shared/data/real/ons-pfa-tables not present";
  int workbooks = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::filesystem::path(first).parent_path())) {
    if (entry.path().extension() != ".xlsx") continue;
    ++workbooks;
    auto book = XlsxWorkbook::Open(Slurp(entry.path()), entry.path().filename());
    ASSERT_TRUE(book.ok()) << book.status().message();
    for (size_t sheet = 0; sheet < book->sheet_names().size(); ++sheet) {
      long rows = 0;
      Status st = book->ForEachRow(static_cast<int>(sheet), [&](const XlsxRow&) {
        ++rows;
        return true;
      });
      EXPECT_TRUE(st.ok()) << st.message();
      EXPECT_GT(rows, 0) << entry.path() << " sheet " << book->sheet_names()[sheet];
      EXPECT_TRUE(book->MergedCells(static_cast<int>(sheet)).ok());
    }
  }
  EXPECT_EQ(workbooks, 8);
}

TEST(XlsxRealData, TruncatedWorkbookIsADamagedZip) {
  std::string path = RealFile("ons-pfa-tables/pfatablesdec19.xlsx");
  if (path.empty()) GTEST_SKIP() << "shared/data/real/ons-pfa-tables not present";
  std::string bytes = Slurp(path);
  auto book = XlsxWorkbook::Open(std::string_view(bytes).substr(0, 100000), "pfatablesdec19.xlsx");
  ASSERT_FALSE(book.ok());
  EXPECT_EQ(book.status().message(),
            "pfatablesdec19.xlsx: is a damaged zip archive (libzip: Not a zip archive); it may be "
            "truncated: copy or download it again");
}

TEST(XlsxRealData, MidYearPopulationEstimates2023) {
  std::string path = RealFile("ons-population/mye23tablesew.xlsx");
  if (path.empty()) GTEST_SKIP() << "shared/data/real/ons-population not present";
  auto book = XlsxWorkbook::Open(Slurp(path), "mye23tablesew.xlsx");
  ASSERT_TRUE(book.ok()) << book.status().message();
  auto mye4 = book->FindSheet("MYE4");
  ASSERT_TRUE(mye4.ok()) << mye4.status().message();
  EXPECT_EQ(*mye4, 10);
  XlsxRow header = RowOf(*book, *mye4, 8);
  ASSERT_GE(header.cells.size(), 4u);
  EXPECT_EQ(header.cells[0], "Code");
  EXPECT_EQ(header.cells[3], "Mid-2023");
  XlsxRow cumberland;
  Status st = book->ForEachRow(*mye4, [&](const XlsxRow& row) {
    if (!row.cells.empty() && row.cells[0] == "E06000063") cumberland = row;
    return true;
  });
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(cumberland.number, 30);
  ASSERT_GE(cumberland.cells.size(), 5u);
  EXPECT_EQ(cumberland.cells[1], "Cumberland");
  EXPECT_EQ(cumberland.cells[2], "Unitary Authority");
  EXPECT_EQ(cumberland.cells[3], "276876");  // mid-2023
  EXPECT_EQ(cumberland.cells[4], "275331");  // mid-2022
}

// --- Workbooks read through a figures profile (ingest/profile_read.cc) ---

using testing::TempDir;
using testing::WriteText;

std::string InlineCell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}
std::string NumberCell(const std::string& ref, const std::string& v) {
  return "<c r=\"" + ref + "\"><v>" + v + "</v></c>";
}

// A small ONS-like table: a title with the year ending, a merged group header over B3:C3, the
// header row, then two forces.
std::string ForceTable(const std::string& second_force_cells,
                       const std::string& sheet = "Table P4") {
  std::string rows =
      "<row r=\"1\">" + InlineCell("A1", "Table P4: knife offences, year ending March 20191,2") +
      "</row><row r=\"3\">" + InlineCell("B3", "Total of selected offences") +
      InlineCell("D3", "Homicide5") + "</row><row r=\"4\">" + InlineCell("A4", "Area Code") +
      InlineCell("B4", "Number involving a knife7") + InlineCell("C4", "% involving a knife") +
      InlineCell("D4", "Number involving a knife7") + "</row><row r=\"5\">" +
      InlineCell("A5", "E23000002") + NumberCell("B5", "168") + NumberCell("C5", "2.69") +
      NumberCell("D5", "1") + "</row><row r=\"6\">" + second_force_cells + "</row>";
  Book book;
  book.names = {"Notes", sheet};
  book.sheets = {SheetXml(""), SheetXml(rows,
                                        "<mergeCells count=\"1\"><mergeCell ref=\"B3:C3\"/>"
                                        "</mergeCells>")};
  return book.Bytes();
}

LoadedProfile FiguresProfile(const TempDir& dir, int header_rows, const std::string& column,
                             const std::string& sheet = "Table P4") {
  const std::string path = dir.path() + "/p.toml";
  WriteText(path,
            "[profile]\nname = \"t\"\nkind = \"figures\"\nformat = \"xlsx\"\nsheet = \"" + sheet +
                "\"\nfind_header = [\"Area Code\"]\nheader_rows = " + std::to_string(header_rows) +
                "\n[fields]\narea_code = \"Area Code\"\n[figures]\nlevel = \"force\"\n"
                "period_from_title = \"year-ending\"\n[figures.columns]\n\"" +
                column + "\" = { measure = \"knife-offences\" }\n");
  auto profile = LoadProfile(path);
  EXPECT_TRUE(profile.ok()) << profile.status().message();
  return *profile;
}

TEST(XlsxProfile, MergedGroupHeaderNamesEveryColumnItSpansAndTheTitleGivesThePeriod) {
  TempDir dir;
  LoadedProfile profile =
      FiguresProfile(dir, 2, "Total of selected offences / Number involving a knife");
  const std::string bytes = ForceTable(InlineCell("A6", "W15000004") + NumberCell("B6", "40"));
  auto batch = ReadWithProfile(profile, "p4.xlsx", bytes, nullptr, "");
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  ASSERT_EQ(batch->figures.size(), 2u);
  EXPECT_EQ(batch->figures[0].area_code, "E23000002");
  EXPECT_EQ(batch->figures[0].period, "2019-03");  // "March 20191,2": 2019 then footnotes 1,2
  EXPECT_EQ(*batch->figures[0].value, 168);
  EXPECT_EQ(*batch->figures[1].value, 40);
  // The homicide group (D3, not merged) names only its own column: this profile reads column B.
  EXPECT_EQ(batch->file_name, "p4.xlsx (sheet \"Table P4\")");
}

TEST(XlsxProfile, AMergedHeaderWithOneHeaderRowIsRefusedByItsRange) {
  TempDir dir;
  LoadedProfile profile = FiguresProfile(dir, 1, "Total of selected offences");
  // With one header row the header is row 3's merged cell... the profile looks for "Area Code",
  // found in row 4; make row 3 the header instead by asking for its name.
  const std::string path = dir.path() + "/m.toml";
  WriteText(path,
            "[profile]\nname = \"m\"\nkind = \"figures\"\nformat = \"xlsx\"\nsheet = \"Table "
            "P4\"\nfind_header = [\"Total of selected offences\"]\n[fields]\narea_name = "
            "\"Homicide\"\n[figures]\nlevel = \"force\"\nperiod = \"2019-03\"\n"
            "[figures.columns]\n\"Total of selected offences\" = { measure = \"k\" }\n");
  auto merged = LoadProfile(path);
  ASSERT_TRUE(merged.ok()) << merged.status().message();
  auto batch = ReadWithProfile(*merged, "p4.xlsx", ForceTable(""), nullptr, "");
  ASSERT_FALSE(batch.ok());
  EXPECT_NE(batch.status().message().find("p4.xlsx (sheet \"Table P4\")"), std::string::npos);
  EXPECT_NE(batch.status().message().find("is a merged cell over B3:C3"), std::string::npos)
      << batch.status().message();
  EXPECT_NE(batch.status().message().find("header_rows = 2"), std::string::npos);
}

TEST(XlsxProfile, AFormulaWithoutASavedResultRejectsItsRowNamingTheCell) {
  TempDir dir;
  LoadedProfile profile =
      FiguresProfile(dir, 2, "Total of selected offences / Number involving a knife");
  const std::string bytes =
      ForceTable(InlineCell("A6", "W15000004") + "<c r=\"B6\"><f>SUM(B1:B2)</f></c>");
  auto batch = ReadWithProfile(profile, "p4.xlsx", bytes, nullptr, "");
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  ASSERT_EQ(batch->figures.size(), 1u);  // the good row is kept
  ASSERT_EQ(batch->rejects.size(), 1u);
  EXPECT_EQ(batch->rejects[0].line, 6);
  EXPECT_EQ(batch->rejects[0].column, "Total of selected offences / Number involving a knife");
  EXPECT_NE(batch->rejects[0].reason.find("cell B6 holds a formula with no saved result"),
            std::string::npos)
      << batch->rejects[0].reason;
}

TEST(XlsxProfile, AWrongSheetNamesTheSheetsThereAre) {
  TempDir dir;
  LoadedProfile profile = FiguresProfile(dir, 2, "x", "Table P9");
  auto batch = ReadWithProfile(profile, "p4.xlsx", ForceTable(""), nullptr, "");
  ASSERT_FALSE(batch.ok());
  const std::string& m = batch.status().message();
  EXPECT_NE(m.find("p4.xlsx"), std::string::npos) << m;
  EXPECT_NE(m.find("Table P9"), std::string::npos) << m;
  EXPECT_NE(m.find("Notes"), std::string::npos) << m;
}

TEST(XlsxProfile, ACorruptOrLegacyWorkbookIsRefusedByName) {
  TempDir dir;
  LoadedProfile profile = FiguresProfile(dir, 2, "x");
  std::string bytes = ForceTable("");
  auto truncated =
      ReadWithProfile(profile, "cut.xlsx", bytes.substr(0, bytes.size() / 2), nullptr, "");
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("cut.xlsx"), std::string::npos);
  std::string xls("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  xls += std::string(600, '\0') + std::string("W\0o\0r\0k\0b\0o\0o\0k\0", 16);
  auto legacy = ReadWithProfile(profile, "old.xlsx", xls, nullptr, "");
  ASSERT_FALSE(legacy.ok());
  EXPECT_NE(legacy.status().message().find("old.xlsx"), std::string::npos);
  EXPECT_NE(legacy.status().message().find(".xls"), std::string::npos) << legacy.status().message();
}

}  // namespace
}  // namespace cairn
