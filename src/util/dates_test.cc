#include "util/dates.h"

#include <gtest/gtest.h>

namespace cairn {

TEST(Dates, DaysFromCivilMatchesKnownDates) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);  // date -d 2000-03-01 +%s / 86400
  EXPECT_EQ(DaysFromCivil(2024, 2, 29), 19782);
}

TEST(Dates, DayOfMinuteRoundsDownBefore1970Too) {
  EXPECT_EQ(DayOfMinute(0), 0);
  EXPECT_EQ(DayOfMinute(1439), 0);
  EXPECT_EQ(DayOfMinute(1440), 1);
  EXPECT_EQ(DayOfMinute(-1), -1);  // 1969-12-31 23:59
  EXPECT_EQ(DayOfMinute(-1440), -1);
  EXPECT_EQ(DayOfMinute(-1441), -2);
  EXPECT_EQ(DayOfMinute(DaysFromCivil(1966, 7, 30) * 1440 + 900), DaysFromCivil(1966, 7, 30));
}

TEST(Dates, UkDateTimeFirst) {
  auto t = ParseDateTime("14/07/2023 22:05", DefaultDatePatterns());
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatDateTime(*t), "2023-07-14 22:05");
  EXPECT_EQ(FormatDateTime(*ParseDateTime("2023-07-14", DefaultDatePatterns())),
            "2023-07-14 00:00");
  EXPECT_EQ(FormatDate(*ParseDateTime("13-Apr-1990", DefaultDatePatterns())), "1990-04-13");
}

TEST(Dates, ImpossibleDatesAreRejected) {
  EXPECT_FALSE(ParseDateTime("31/02/2023", DefaultDatePatterns()));
  EXPECT_FALSE(ParseDateTime("29/02/2023", DefaultDatePatterns()));
  EXPECT_TRUE(ParseDateTime("29/02/2024", DefaultDatePatterns()));
  EXPECT_FALSE(ParseDateTime("14/07/2023 25:00", DefaultDatePatterns()));
  EXPECT_FALSE(ParseDateTime("yesterday", DefaultDatePatterns()));
}

TEST(Dates, Months) {
  EXPECT_EQ(FormatMonth(*ParseMonth("2018-10")), "2018-10");
  EXPECT_FALSE(ParseMonth("2023-13"));
  EXPECT_FALSE(ParseMonth("2023-1"));
  EXPECT_EQ(MonthOfMinutes(*ParseDateTime("31/12/2023 23:59", DefaultDatePatterns())),
            MonthIndex(2023, 12));
}

// 1899-12 is a month, just not one Cairn accepts: the message says so and gives the range.
TEST(Dates, WhyNotAMonthTellsOutOfRangeFromMalformed) {
  EXPECT_EQ(WhyNotAMonth("1899-12"), "is out of the supported range (1900-01 to 2200-12)");
  EXPECT_EQ(WhyNotAMonth("2201-01"), "is out of the supported range (1900-01 to 2200-12)");
  EXPECT_EQ(WhyNotAMonth("2024-13"), "is not a month (expected YYYY-MM)");
  EXPECT_EQ(WhyNotAMonth("Jan 2024"), "is not a month (expected YYYY-MM)");
}

}  // namespace cairn
