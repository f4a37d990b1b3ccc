#include "analysis/kpi/data_sharing.h"

#include <gtest/gtest.h>

#include "analysis/kpi/kpi.h"
#include "util/dates.h"

namespace cairn {
namespace {

BatchSummary File(const std::string& from, const std::string& to, const std::string& loaded,
                  int64_t rows, int64_t rejected) {
  BatchSummary b;
  b.source = "Testshire Police";
  b.extract = "recorded-crime";
  b.period_from = from;
  b.period_to = to;
  b.loaded_at = loaded + "T09:00:00Z";
  b.rows_loaded = rows;
  b.rows_rejected = rejected;
  return b;
}

// January and February 2024 monthly files (loaded 10 and 20 days after their month), March never
// sent, then one file for April to June. 2024-01-31 + 10 days = 2024-02-10.
TEST(DataSharing, FilesDaysRejectsAndMissingMonthsPerPeriod) {
  std::vector<BatchSummary> batches = {File("2024-01", "2024-01", "2024-02-10", 90, 10),
                                       File("2024-02", "2024-02", "2024-03-20", 100, 0),
                                       File("2024-04", "2024-06", "2024-07-31", 300, 30)};
  batches.push_back(BatchSummary{});  // a table without a period: not a delivery
  std::vector<SharingRow> q = DataSharing(batches, KpiPeriod::kQuarter);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].period, "2024-Q1");
  EXPECT_EQ(q[0].covering, 2);
  EXPECT_EQ(q[0].delivered, 2);
  EXPECT_EQ(q[0].rows, 200);
  EXPECT_EQ(q[0].rejected, 10);
  EXPECT_EQ(*q[0].median_days, 15);  // 10 and 20
  EXPECT_EQ(q[0].missing, std::vector<std::string>{"2024-03"});
  EXPECT_EQ(q[1].period, "2024-Q2");
  EXPECT_EQ(*q[1].median_days, 31);  // 2024-06-30 to 2024-07-31
  EXPECT_TRUE(q[1].missing.empty());
  std::vector<SharingRow> m = DataSharing(batches, KpiPeriod::kMonth);
  ASSERT_EQ(m.size(), 6u);
  EXPECT_EQ(m[2].period, "2024-03");
  EXPECT_EQ(m[2].covering, 0);
  EXPECT_EQ(m[4].covering, 1);   // 2024-05, inside the April-June file
  EXPECT_EQ(m[4].delivered, 0);  // delivered with June
}

// As of January 2025 with two months allowed: up to October 2024 is three months behind (late),
// up to November two (not late); a superseded file and a table without a period do not count.
TEST(DataFreshness, AnExtractIsLateWhenItsLastMonthIsTooFarBehind) {
  BatchSummary police = File("2024-01", "2024-10", "2024-11-10", 10, 0);
  BatchSummary newer_but_replaced = File("2024-11", "2024-12", "2025-01-05", 10, 0);
  newer_but_replaced.superseded_by = 9;
  BatchSummary health = File("2024-06", "2024-11", "2024-12-10", 10, 0);
  health.source = "Testshire ED";
  std::vector<BatchSummary> batches = {police, newer_but_replaced, health, BatchSummary{}};
  auto fresh = FreshnessOf(batches, MonthIndex(2025, 1), 2);
  ASSERT_EQ(fresh.size(), 2u);
  EXPECT_EQ(fresh[0].source, "Testshire ED");
  EXPECT_EQ(fresh[0].last_month, "2024-11");
  EXPECT_EQ(fresh[0].months_behind, 2);
  EXPECT_FALSE(fresh[0].late);
  EXPECT_EQ(fresh[1].source, "Testshire Police");
  EXPECT_EQ(fresh[1].last_month, "2024-10");
  EXPECT_EQ(fresh[1].months_behind, 3);
  EXPECT_TRUE(fresh[1].late);
}

TEST(KpiPeriods, LabelsAndTheirMonths) {
  const int32_t july = MonthIndex(2024, 7);
  EXPECT_EQ(PeriodLabel(KpiPeriod::kMonth, july), "2024-07");
  EXPECT_EQ(PeriodLabel(KpiPeriod::kQuarter, july), "2024-Q3");
  EXPECT_EQ(PeriodLabel(KpiPeriod::kYear, july), "2024");
  EXPECT_EQ(PeriodMonths("2024-Q3")->first, MonthIndex(2024, 7));
  EXPECT_EQ(PeriodMonths("2024-Q3")->second, MonthIndex(2024, 9));
  EXPECT_EQ(PeriodMonths("2024")->second, MonthIndex(2024, 12));
  EXPECT_FALSE(PeriodMonths("2024-Q5").has_value());
  EXPECT_FALSE(PeriodMonths("2024-13").has_value());
  EXPECT_TRUE(IsPeriodOf(KpiPeriod::kQuarter, "2024-Q1"));
  EXPECT_FALSE(IsPeriodOf(KpiPeriod::kQuarter, "2024"));
  EXPECT_FALSE(IsPeriodOf(KpiPeriod::kYear, "2024-03"));
}

}  // namespace
}  // namespace cairn
