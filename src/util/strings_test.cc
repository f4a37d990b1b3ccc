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

TEST(Strings, SuggestsTheNearestAndContainingNamesWhenAsked) {
  const std::vector<std::string> header = {"", "VictimAge", "VictimPostcodeDistrict", "Postie"};
  // Not a plausible typo of any: nothing by default, the nearest when asked (never the blank).
  EXPECT_EQ(Suggest("Postcode", header), "");
  EXPECT_EQ(Suggest("Postcode", header, {.nearest = true}), "Postie");
  // A name containing the word ranks before any edit distance.
  EXPECT_EQ(Suggest("postcode", header, {.nearest = true, .containment_first = true}),
            "VictimPostcodeDistrict");
  // Among containing names, the nearest in length; two letters are too few to count.
  EXPECT_EQ(Suggest("Age", {"VictimAgeAtEvent", "VictimAge"},
                    {.nearest = true, .containment_first = true}),
            "VictimAge");
  EXPECT_EQ(Suggest("Ag", {"VictimAge", "Ax"}, {.nearest = true, .containment_first = true}), "Ax");
  EXPECT_EQ(Suggest("x", {""}, {.nearest = true}), "");
}

}  // namespace cairn
