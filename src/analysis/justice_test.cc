// The shared MoJ rules of analysis/justice.h on their own: what proves an offence, the 12 + 6
// month windows at their edges (one minute either side), one caution or conviction per offence,
// and ages from whole-year records.
#include "analysis/justice.h"

#include <gtest/gtest.h>

#include "util/dates.h"

namespace cairn {
namespace {

constexpr int64_t kDay = 1440;

TEST(Justice, WhatProvesAnOffence) {
  for (const char* type : {"Caution", "Youth caution", "Youth conditional caution", "CONVICTION",
                           "Convicted", "Reprimand", "Final warning",
                           "Convicted - pleaded not guilty", "Caution (not admitted at interview)"})
    EXPECT_TRUE(IsProvingOutcome(type)) << type;
  for (const char* type :
       {"Charge", "Charged", "Not convicted", "Acquitted", "Case dismissed", "Caution withdrawn",
        "Discontinued", "", "Community resolution", "Found not guilty", "Not cautioned"})
    EXPECT_FALSE(IsProvingOutcome(type)) << type;
}

TEST(Justice, ProvenReoffencesWithinTwelveMonthsProvenWithinSixMore) {
  const int64_t index = DaysFromCivil(2023, 1, 1) * kDay;
  const int64_t follow_end = index + 365 * kDay, proving_end = follow_end + 183 * kDay;
  auto proof = [](int64_t minute, const char* code) { return Proof{minute, code, true, 0}; };
  // Committed at the last minute of the 12 months, proven at the last of the 6 more: counts.
  EXPECT_EQ(CountProvenReoffences({{follow_end, "8N"}}, {proof(proving_end, "8N")}, index).count,
            1);
  // A minute later either way: does not.
  EXPECT_EQ(
      CountProvenReoffences({{follow_end + 1, "8N"}}, {proof(proving_end, "8N")}, index).count, 0);
  EXPECT_EQ(
      CountProvenReoffences({{follow_end, "8N"}}, {proof(proving_end + 1, "8N")}, index).count, 0);
  // Committed at the index itself: not after it.
  EXPECT_EQ(CountProvenReoffences({{index, "8N"}}, {proof(index + kDay, "8N")}, index).count, 0);
  // Another code proves nothing; an unknown code on either side matches any.
  EXPECT_EQ(
      CountProvenReoffences({{index + kDay, "8N"}}, {proof(index + 9 * kDay, "46")}, index).count,
      0);
  EXPECT_EQ(
      CountProvenReoffences({{index + kDay, ""}}, {proof(index + 9 * kDay, "46")}, index).count, 1);
  // A charge proves nothing.
  EXPECT_EQ(CountProvenReoffences({{index + kDay, "8N"}}, {Proof{index + 9 * kDay, "8N", false, 0}},
                                  index)
                .count,
            0);
  // Two offences and one conviction: one proven reoffence, the first, dated from its offence.
  const ProvenReoffences two =
      CountProvenReoffences({{index + 10 * kDay, "8N"}, {index + 20 * kDay, "8N"}},
                            {proof(index + 30 * kDay, "8N")}, index);
  EXPECT_EQ(two.count, 1);
  EXPECT_EQ(two.first_offence, index + 10 * kDay);
}

struct Seen {
  int64_t minute;
  int16_t age;
};

TEST(Justice, AgesFromWholeYearRecords) {
  const double year = 365.25 * kDay;
  const int64_t t = DaysFromCivil(2024, 1, 1) * kDay;
  // One record, 17 on 2024-01-01: AgeAt counts forward from 17, EstimatedAge from 17.5.
  const std::vector<Seen> one = {{t, 17}};
  EXPECT_NEAR(*AgeAt(one, t + static_cast<int64_t>(year / 2)), 17.5, 1e-9);
  EXPECT_NEAR(*EstimatedAge(one, t + static_cast<int64_t>(year / 2)), 18.0, 1e-9);
  // Before the only record: counted back.
  EXPECT_NEAR(*AgeAt(one, t - static_cast<int64_t>(year)), 16.0, 1e-9);
  // 17 on 2024-01-01 and 18 half a year later: born in the half year before 2006-07-02; at the
  // second record they are 18.25 by the middle of that range.
  const int64_t later = t + static_cast<int64_t>(year / 2);
  const std::vector<Seen> two = {{t, 17}, {later, 18}};
  EXPECT_NEAR(*EstimatedAge(two, later), 18.25, 1e-9);
  // Records that cannot both be right (17, then 15 a year later) fall back on AgeAt.
  const std::vector<Seen> wrong = {{t, 17}, {t + static_cast<int64_t>(year), 15}};
  EXPECT_EQ(EstimatedAge(wrong, t), AgeAt(wrong, t));
  // No age known.
  EXPECT_FALSE(EstimatedAge(std::vector<Seen>{{t, -1}}, t));
}

}  // namespace
}  // namespace cairn
