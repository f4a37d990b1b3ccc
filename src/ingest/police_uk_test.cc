#include "ingest/police_uk.h"

#include <gtest/gtest.h>

#include <cmath>

#include "util/dates.h"

namespace cairn {

static const std::string kHeader = std::string(kPoliceUkHeader) + "\n";

TEST(PoliceUk, ReadsCrimeAndAsbRowsWithAndWithoutLocation) {
  std::string data = "\xEF\xBB\xBF" + kHeader +
                     "abc123,2024-01,Cumbria Constabulary,Cumbria Constabulary,-2.93,54.89,On or "
                     "near Siemen'S Street,E01034070,Carlisle 013F,Violence and sexual offences,"
                     "Under investigation,\r\n"
                     ",2024-01,Cumbria Constabulary,Cumbria Constabulary,,,No Location,,,"
                     "Anti-social behaviour,,\r\n";
  auto batch = ReadPoliceUk("2024-01-cumbria-street.csv", data);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  const EventColumns& e = batch->events;
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(batch->source, "Cumbria Constabulary");
  EXPECT_EQ(batch->period_from, "2024-01");
  EXPECT_EQ(e.kind[0], static_cast<uint8_t>(EventKind::kCrime));
  EXPECT_EQ(e.kind[1], static_cast<uint8_t>(EventKind::kAsb));
  EXPECT_EQ(e.location.at(0), "On or near Siemen'S Street");
  EXPECT_EQ(e.location.at(1), "");
  EXPECT_TRUE(std::isnan(e.longitude[1]));
  EXPECT_EQ(e.lsoa_code.at(0), "E01034070");
  EXPECT_EQ(e.month[0], MonthIndex(2024, 1));
  EXPECT_TRUE(batch->rejects.empty());
}

TEST(PoliceUk, RepeatedCrimeIdIsKeptAndReported) {
  std::string row =
      "dup1,2021-03,Leicestershire Police,Leicestershire Police,-1.1,52.6,On or near "
      "X,E01025000,Leicester 001A,Robbery,Unable to prosecute suspect,\n";
  auto batch = ReadPoliceUk("f.csv", kHeader + row + row);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->events.size(), 2u);
  ASSERT_EQ(batch->findings.size(), 1u);
  EXPECT_EQ(batch->findings[0],
            "Crime ID dup1 appears again on line 3 (first on line 2); both rows are kept");
}

TEST(PoliceUk, BadRowsAreRejectedWithLineColumnAndReason) {
  std::string data = kHeader +
                     "a,2024-13,F,F,-2.9,54.8,On or near X,E01,N,Robbery,,\n"
                     "c,2024-01,F,F,-2.9,54.8,On or near X,E01,N,Robbery\n"
                     "d,2024-01,F,F,-2.9,54.8,On or near X,E01,N,Robbery,,\n";
  auto batch = ReadPoliceUk("f.csv", data);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->events.size(), 1u);
  ASSERT_EQ(batch->rejects.size(), 2u);
  EXPECT_EQ(batch->rejects[0].line, 2);
  EXPECT_EQ(batch->rejects[0].column, "Month");
  EXPECT_EQ(batch->rejects[0].reason, "is not a month (expected YYYY-MM)");
  EXPECT_EQ(batch->rejects[1].reason,
            "expected 12 fields, found 10 (a truncated row or an unquoted comma?)");
  EXPECT_EQ(batch->rows_read, 3);
}

// A crime whose only fault is an unusable location (outside Great Britain, or the 0,0 placeholder)
// still happened: it is kept without a location, so it counts, and each reason is one finding.
TEST(PoliceUk, AnUnusableLocationKeepsTheEventWithoutIt) {
  std::string data = kHeader +
                     "b,2024-01,F,F,45.0,54.8,On or near X,E01,N,Robbery,,\n"
                     "c,2024-01,F,F,0,0,On or near X,E01,N,Robbery,,\n"
                     "e,2024-01,F,F,-74.0,40.7,On or near X,E01,N,Robbery,,\n"
                     "d,2024-01,F,F,-2.9,54.8,On or near X,E01,N,Robbery,,\n"
                     "f,2024-01,F,F,0,0,On or near X,E01,N,Robery,,\n";  // rejected: not counted
  auto batch = ReadPoliceUk("f.csv", data);
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->rejects.size(), 1u);
  EXPECT_EQ(batch->rejects[0].line, 6);
  const EventColumns& e = batch->events;
  ASSERT_EQ(e.size(), 4u);
  for (size_t row : {0, 1, 2}) {
    EXPECT_TRUE(std::isnan(e.longitude[row]) && std::isnan(e.latitude[row])) << row;
    EXPECT_EQ(e.lsoa_code.at(row), "E01") << row;
  }
  EXPECT_EQ(e.longitude[3], -2.9);
  EXPECT_EQ(batch->findings,
            (std::vector<std::string>{
                "1 event was kept without a usable location: the coordinates are 0,0 (a "
                "placeholder, not a place) (e.g. \"0,0\" on line 3); they are counted, but not "
                "placed on maps",
                "2 events were kept without a usable location: the coordinates are outside Great "
                "Britain (e.g. \"45.0,54.8\" on line 2); they are counted, but not placed on "
                "maps"}));
}

// The messages say what is wrong with the value: NaN is not a number (it used to read as blank and
// give "only one of longitude and latitude is given" with no value), 1899-12 is a month out of
// range, and a half-given pair names the half that is given.
TEST(PoliceUk, CoordinateAndMonthMessagesSayWhatIsWrong) {
  std::string data = kHeader +
                     "a,2024-01,F,F,NaN,54.8,On or near X,E01,N,Robbery,,\n"
                     "b,2024-01,F,F,-2.9,inf,On or near X,E01,N,Robbery,,\n"
                     "c,2024-01,F,F,,54.8,On or near X,E01,N,Robbery,,\n"
                     "d,1899-12,F,F,-2.9,54.8,On or near X,E01,N,Robbery,,\n";
  auto batch = ReadPoliceUk("f.csv", data);
  ASSERT_TRUE(batch.ok());
  ASSERT_EQ(batch->rejects.size(), 4u);
  auto reject = [&](size_t i) {
    const Reject& r = batch->rejects[i];
    return r.column + " \"" + r.value + "\" " + r.reason;
  };
  EXPECT_EQ(reject(0), "Longitude \"NaN\" is not a number (expected a decimal longitude)");
  EXPECT_EQ(reject(1), "Latitude \"inf\" is not a number (expected a decimal latitude)");
  EXPECT_EQ(reject(2),
            "Longitude \"\" is blank, but the latitude is \"54.8\" (both or neither expected)");
  EXPECT_EQ(reject(3), "Month \"1899-12\" is out of the supported range (1900-01 to 2200-12)");
}

// Accepted without a word before: a crime type data.police.uk does not publish (now a reject with
// the nearest type) and a NUL byte in a field.
TEST(PoliceUk, UnknownCrimeTypesAndNulBytesAreRejected) {
  std::string data = kHeader + "a,2024-01,F,F,-2.9,54.8,On or near X,E01,N,Robery,,\n" +
                     "b,2024-01,F,F,-2.9,54.8,On or near X,E01,N,Made up,,\n" +
                     "c,2024-01,F,F,-2.9,54.8,On or near X" + std::string(1, '\0') +
                     "Y,E01,N,Drugs,,\n" +
                     "d,2013-01,F,F,-2.9,54.8,On or near X,E01,N,Violent crime,,\n";
  auto batch = ReadPoliceUk("f.csv", data);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->events.size(), 1u);
  ASSERT_EQ(batch->rejects.size(), 3u);
  EXPECT_EQ(batch->rejects[0].column, "Crime type");
  EXPECT_EQ(batch->rejects[0].value, "Robery");
  EXPECT_EQ(batch->rejects[0].reason,
            "is not a data.police.uk crime type (did you mean \"Robbery\"?)");
  EXPECT_EQ(batch->rejects[1].reason, "is not a data.police.uk crime type");
  EXPECT_EQ(batch->rejects[2].column, "Location");
  EXPECT_EQ(batch->rejects[2].reason,
            "holds a NUL byte (\\0), which text never does (is the file damaged?)");
}

// A Windows-1252 file (Excel's "CSV") once loaded with 0 rejects and then broke every JSON output
// with "invalid UTF-8 byte". Its rows are read as Windows-1252; with a UTF-8 byte-order mark, the
// file says it is UTF-8, so such rows are rejected instead. Either way no stored text is invalid.
TEST(PoliceUk, TextThatIsNotUtf8IsDecodedOrRejectedNeverStored) {
  const std::string row = "a,2024-01,F,F,-2.9,54.8,On or near Caf\xE9 Street,E01,N,Robbery,,\n";
  auto batch = ReadPoliceUk("f.csv", kHeader + row);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->events.location.at(0), "On or near Caf\xC3\xA9 Street");
  EXPECT_EQ(batch->findings,
            std::vector<std::string>{"1 row is not valid UTF-8 (the first on line 2); read as "
                                     "Windows-1252, the encoding Excel saves as \"CSV\""});
  auto declared = ReadPoliceUk("g.csv", "\xEF\xBB\xBF" + kHeader + row);
  ASSERT_TRUE(declared.ok());
  EXPECT_EQ(declared->events.size(), 0u);
  ASSERT_EQ(declared->rejects.size(), 1u);
  EXPECT_EQ(declared->rejects[0].column, "Location");
  EXPECT_EQ(declared->rejects[0].value, "On or near Caf\xEF\xBF\xBD Street");
  EXPECT_EQ(declared->rejects[0].reason,
            "is not valid UTF-8 text, though the file starts with a UTF-8 byte-order mark");
}

// UTF-16 (with a BOM, or without one: NUL beside every ASCII byte) is named as such, not echoed as
// raw bytes; a doubled BOM is stripped.
TEST(PoliceUk, Utf16IsNamedAndADoubledBomIsStripped) {
  std::string utf16le = "\xFF\xFE";
  std::string utf16le_no_bom;
  for (char c : kHeader) utf16le_no_bom += std::string{c, '\0'};
  utf16le += utf16le_no_bom;
  for (const std::string& data : {utf16le, utf16le_no_bom})
    EXPECT_EQ(ReadPoliceUk("u.csv", data).status().message(),
              "u.csv looks like UTF-16; save it as UTF-8 CSV");
  auto doubled =
      ReadPoliceUk("b.csv", "\xEF\xBB\xBF\xEF\xBB\xBF" + kHeader +
                                "a,2024-01,F,F,-2.9,54.8,On or near X,E01,N,Robbery,,\n");
  ASSERT_TRUE(doubled.ok()) << doubled.status().message();
  EXPECT_EQ(doubled->events.size(), 1u);
}

// Found by tests/fuzz_test.cc: the fast coordinate parser summed every digit into an int64_t
// before checking there were at most 15, so 20 digits were signed overflow (UBSan).
TEST(PoliceUk, ACoordinateWithManyDigitsIsParsedWithoutOverflow) {
  std::string data = kHeader +
                     "a,2024-01,F,F,-2.00000000000000000000,54.800000000000000000000,L,E01,N,"
                     "Robbery,,\n"
                     "b,2024-01,F,F,-99999999999999999999,54.8,L,E01,N,Robbery,,\n";
  auto batch = ReadPoliceUk("f.csv", data);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  // The second crime's only fault is its location: kept without it (item 21), with a note.
  ASSERT_EQ(batch->events.size(), 2u);
  EXPECT_DOUBLE_EQ(batch->events.longitude[0], -2.0);
  EXPECT_DOUBLE_EQ(batch->events.latitude[0], 54.8);
  EXPECT_TRUE(std::isnan(batch->events.longitude[1]));
  EXPECT_TRUE(batch->rejects.empty());
  ASSERT_EQ(batch->findings.size(), 1u);
  EXPECT_NE(batch->findings[0].find("outside Great Britain"), std::string::npos)
      << batch->findings[0];
}

TEST(PoliceUk, FileLevelProblemsProduceNoBatch) {
  EXPECT_EQ(ReadPoliceUk("e.csv", "").status().message(), "e.csv: the file is empty");
  EXPECT_EQ(ReadPoliceUk("h.csv", kHeader).status().message(),
            "h.csv: the file has a header but no data rows");
  EXPECT_EQ(ReadPoliceUk("x.csv", "Crime ID;Month;Reported by\n").status().message(),
            "x.csv: the header is separated by ';', not ','; data.police.uk files are "
            "comma-separated (was the file re-saved by a spreadsheet?)");
  EXPECT_EQ(ReadPoliceUk("o.csv", "id,when\n1,2\n").status().message(),
            "o.csv: column 1 of the header is \"id\", expected \"Crime ID\" (is this a "
            "data.police.uk street-level file?)");
}

}  // namespace cairn
