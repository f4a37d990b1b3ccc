#include "engine/ingest.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace cairn {
namespace {

using testing::TempDir;
using testing::WriteText;

// `--received`: a real day, written YYYY-MM-DD, not after today.
TEST(ReceivedDay, MustBeARealDayNotInTheFuture) {
  EXPECT_TRUE(CheckReceivedDay("2024-02-29", "2024-03-01").ok());
  EXPECT_TRUE(CheckReceivedDay("2024-03-01", "2024-03-01").ok());  // today
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-3-1", "01/03/2024", "", "yesterday"}) {
    Status st = CheckReceivedDay(bad, "2024-03-01");
    EXPECT_EQ(st.code(), Status::Code::kUsage) << bad;
    EXPECT_EQ(st.message(), "\"" + std::string(bad) +
                                "\" is not a day (expected YYYY-MM-DD, the day the partner sent "
                                "the file)");
  }
  EXPECT_EQ(CheckReceivedDay("2024-03-02", "2024-03-01").message(),
            "2024-03-02 is after today (2024-03-01): give the day the partner sent the "
            "file, which cannot be in the future");
  EXPECT_FALSE(CheckReceivedDay("2999-01-01").ok());  // against the real today
}

// A delivery log's entry matches a file whose path ends with it, component by component.
TEST(ReceivedDay, EachFilesDayComesFromTheDeliveryLog) {
  TempDir dir;
  const std::string log = dir.File("deliveries.csv");
  WriteText(log,
            "file,received\n"
            "police-uk/2024-01/2024-01-x-street.csv,2024-03-04\n"
            "ed-2024-Q1.csv,2024-04-20\n"
            "\"with, comma.csv\",2024-05-01\n");
  auto days = ReceivedDaysFromLog(log, {"/data/police-uk/2024-01/2024-01-x-street.csv",
                                        "sent/./ed-2024-Q1.csv", "with, comma.csv"});
  ASSERT_TRUE(days.ok()) << days.status().message();
  EXPECT_EQ(*days, (std::vector<std::string>{"2024-03-04", "2024-04-20", "2024-05-01"}));

  // Not in the log: "2024-01/2024-01-x-street.csv" under another folder than police-uk.
  auto missing = ReceivedDaysFromLog(log, {"/elsewhere/2024-01/2024-01-x-street.csv"});
  EXPECT_EQ(missing.status().code(), Status::Code::kUsage);
  EXPECT_EQ(missing.status().message(),
            "/elsewhere/2024-01/2024-01-x-street.csv: not in the "
            "delivery log " +
                log +
                " (no line's file ends with its name); nothing was "
                "loaded");

  WriteText(log, "file,received\na.csv,2024-01-05\nsub/a.csv,2024-01-09\n");
  auto twice = ReceivedDaysFromLog(log, {"sub/a.csv"});
  EXPECT_EQ(twice.status().message(),
            "sub/a.csv: the delivery log " + log + " gives it two days (lines 2 and 3)");

  // A bad day is refused for the file it is of, naming the log's line; another file's bad line
  // stops nothing.
  WriteText(log, "file,received\na.csv,2024-02-30\nb.csv,2024-02-20\n");
  EXPECT_EQ(ReceivedDaysFromLog(log, {"a.csv"}).status().message(),
            log +
                ", line 2 (a.csv): \"2024-02-30\" is not a day (expected YYYY-MM-DD, the day "
                "the partner sent the file)");
  auto other = ReceivedDaysFromLog(log, {"b.csv"});
  ASSERT_TRUE(other.ok()) << other.status().message();
  EXPECT_EQ(*other, std::vector<std::string>{"2024-02-20"});
  WriteText(log, "name,day\na.csv,2024-01-05\n");
  EXPECT_NE(ReceivedDaysFromLog(log, {"a.csv"})
                .status()
                .message()
                .find("line 1 must name the columns file and received"),
            std::string::npos);
}

}  // namespace
}  // namespace cairn
