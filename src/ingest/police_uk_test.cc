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
                     "b,2024-01,F,F,45.0,54.8,On or near X,E01,N,Robbery,,\n"
                     "c,2024-01,F,F,-2.9,54.8,On or near X,E01,N,Robbery\n"
                     "d,2024-01,F,F,-2.9,54.8,On or near X,E01,N,Robbery,,\n";
  auto batch = ReadPoliceUk("f.csv", data);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->events.size(), 1u);
  ASSERT_EQ(batch->rejects.size(), 3u);
  EXPECT_EQ(batch->rejects[0].line, 2);
  EXPECT_EQ(batch->rejects[0].column, "Month");
  EXPECT_EQ(batch->rejects[0].reason, "is not a month (expected YYYY-MM)");
  EXPECT_EQ(batch->rejects[1].reason, "the location is outside Great Britain");
  EXPECT_EQ(batch->rejects[2].reason,
            "expected 12 fields, found 10 (a truncated row or an unquoted comma?)");
  EXPECT_EQ(batch->rows_read, 4);
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
  ASSERT_EQ(batch->events.size(), 1u);
  EXPECT_DOUBLE_EQ(batch->events.longitude[0], -2.0);
  EXPECT_DOUBLE_EQ(batch->events.latitude[0], 54.8);
  ASSERT_EQ(batch->rejects.size(), 1u);
  EXPECT_EQ(batch->rejects[0].reason, "the location is outside Great Britain");
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
