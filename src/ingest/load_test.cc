#include "ingest/load.h"

#include <gtest/gtest.h>

namespace cairn {

// Whatever a reader lets through, text that is not UTF-8 never reaches the store: in the data the
// file is refused by name; in a reject or finding (which quote bad input) each bad byte becomes
// U+FFFD.
TEST(Load, TextThatIsNotUtf8IsRefusedOrMadeValidBeforeStoring) {
  Batch batch;
  batch.file_name = "f.csv";
  batch.events.AppendEmptyRow(EventKind::kCrime, 2);
  batch.events.location.Set(0, "Caf\xE9");
  EXPECT_EQ(CheckBatchText(&batch).message(),
            "f.csv: events.location \"Caf\xEF\xBF\xBD\" is not valid UTF-8 text; not loaded (every "
            "reader should have decoded or rejected it: please report this)");

  Batch quoted;
  quoted.file_name = "caf\xE9.csv";
  quoted.rejects.push_back({2, "Location", "Caf\xE9", "is odd"});
  quoted.findings.push_back("value \"\xFF\" seen");
  ASSERT_TRUE(CheckBatchText(&quoted).ok());
  EXPECT_EQ(quoted.rejects[0].value, "Caf\xEF\xBF\xBD");
  EXPECT_EQ(quoted.findings[0], "value \"\xEF\xBF\xBD\" seen");
  EXPECT_EQ(quoted.file_name, "caf\xEF\xBF\xBD.csv");
}

// A file cannot hold records of a month that had not begun on the day it was received: refused by
// name. One received during its last month is a part-month extract, kept with a note; a file
// received after its period, or a table without one, takes the day as it is.
TEST(Load, TheReceivedDayIsCheckedAgainstTheMonthsTheFileCovers) {
  Batch batch;
  batch.file_name = "q1.csv";
  batch.period_from = "2024-01";
  batch.period_to = "2024-03";
  Status early = SetReceivedDay("2024-02-29", &batch);
  EXPECT_EQ(early.message(),
            "q1.csv: received 2024-02-29 (the day given for it), but the file holds records of "
            "2024-03, a "
            "month that had not begun that day: give the day the partner sent this file");
  EXPECT_FALSE(SetReceivedDay("2023-12-31", &batch).ok());  // before its first month, too

  ASSERT_TRUE(SetReceivedDay("2024-03-15", &batch).ok());
  EXPECT_EQ(batch.received_on, "2024-03-15");
  ASSERT_EQ(batch.findings.size(), 1u);
  EXPECT_NE(batch.findings[0].find("before the end of 2024-03"), std::string::npos);

  batch.findings.clear();
  ASSERT_TRUE(SetReceivedDay("2024-04-01", &batch).ok());
  EXPECT_EQ(batch.received_on, "2024-04-01");
  EXPECT_TRUE(batch.findings.empty());

  Batch table;  // areas, published tables: no period
  ASSERT_TRUE(SetReceivedDay("2020-01-01", &table).ok());
  EXPECT_EQ(table.received_on, "2020-01-01");
  ASSERT_TRUE(SetReceivedDay("", &batch).ok());  // no day given: the store's load day
  EXPECT_EQ(batch.received_on, "");
}

}  // namespace cairn
