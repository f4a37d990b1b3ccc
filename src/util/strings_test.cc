#include "util/strings.h"

#include <gtest/gtest.h>

#include <limits>

namespace cairn {

TEST(Strings, WithCommas) {
  EXPECT_EQ(WithCommas(0), "0");
  EXPECT_EQ(WithCommas(999), "999");
  EXPECT_EQ(WithCommas(31155), "31,155");
  EXPECT_EQ(WithCommas(-1234567), "-1,234,567");
}

// Issue 15 item 12: WithCommas negated INT64_MIN (undefined behaviour, caught by UBSan) when a
// coordinate of -1e308 reached it through std::llround.
TEST(Strings, WithCommasOfTheExtremesIsDefined) {
  EXPECT_EQ(WithCommas(std::numeric_limits<int64_t>::min()), "-9,223,372,036,854,775,808");
  EXPECT_EQ(WithCommas(std::numeric_limits<int64_t>::max()), "9,223,372,036,854,775,807");
}

TEST(Strings, SuggestsOnlyForAWordThatCouldBeATypo) {
  EXPECT_EQ(Suggest("Robery", {"Robbery", "Burglary"}), "Robbery");
  EXPECT_EQ(Suggest("Shoplifting", {"Robbery", "Burglary"}), "");
  EXPECT_EQ(Suggest(std::string(101, 'R'), {std::string(101, 'R')}), "");
}

}  // namespace cairn
