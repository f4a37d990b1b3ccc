#include "analysis/kpi/data_sharing.h"

#include <gtest/gtest.h>

#include <memory>
#include <tuple>

#include "analysis/kpi/kpi.h"
#include "define/configuration.h"
#include "model/codes.h"
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

// A backlog loaded on one day: the days count to when each file was received, not loaded. A file
// without a received day (a store from before it was kept) counts to its load; one received
// before its last month ended (a part-month extract) counts negative days.
TEST(DataSharing, TimelinessCountsToTheDayTheFileWasReceived) {
  BatchSummary march = File("2024-03", "2024-03", "2026-12-06", 10, 0);
  march.received_on = "2024-04-22";  // 2024-03-31 + 22 days
  BatchSummary april = File("2024-04", "2024-04", "2026-12-06", 10, 0);
  april.received_on = "2024-06-14";                                    // 2024-04-30 + 45 days
  BatchSummary may = File("2024-05", "2024-05", "2024-06-10", 10, 0);  // no received day: loaded
  BatchSummary june = File("2024-06", "2024-06", "2026-12-06", 10, 0);
  june.received_on = "2024-06-28";  // two days before June ended
  EXPECT_EQ(*DaysToReceipt(march), 22);
  EXPECT_EQ(*DaysToReceipt(april), 45);
  EXPECT_EQ(*DaysToReceipt(may), 10);
  EXPECT_EQ(*DaysToReceipt(june), -2);
  EXPECT_FALSE(DaysToReceipt(BatchSummary{}).has_value());
  std::vector<SharingRow> q = DataSharing({march, april, may, june}, KpiPeriod::kQuarter);
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(*q[0].median_days, 22);
  EXPECT_EQ(*q[1].median_days, 10);  // -2, 10 and 45
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

// Two partners by hand. The police send one file for January to June 2024 (loaded 15 July, 60 rows
// and 6 rejected), 10 crimes a month, of which 2 in January and 1 in May have no LSOA. The
// hospital sends a file a month but never one for March: 4 attendances a month, one in February
// without an LSOA; January's file is loaded 10 days after the month, February's 20, April's 5,
// May's 8 and June's 31; February's had 1 row rejected.
class DataSharingByPartner : public ::testing::Test {
 protected:
  void SetUp() override {
    auto config = Configuration::Load(std::string(CAIRN_SOURCE_DIR) + "/config");
    ASSERT_TRUE(config.ok()) << config.status().message();
    config_ = std::make_unique<Configuration>(std::move(*config));
    struct Month {
      int month, rows, no_lsoa;
    };
    std::vector<std::pair<std::string, Month>> rows;
    for (Month m : {Month{1, 10, 2}, {2, 10, 0}, {3, 10, 0}, {4, 10, 0}, {5, 10, 1}, {6, 10, 0}})
      rows.push_back({"police", m});
    for (Month m : {Month{1, 4, 0}, {2, 4, 1}, {4, 4, 0}, {5, 4, 0}, {6, 4, 0}})
      rows.push_back({"ed", m});
    size_t n = 0;
    for (const auto& [who, m] : rows) n += static_cast<size_t>(m.rows);
    ResizeFrame(frame_, n);
    frame_.month_key.assign(n, 0);
    size_t row = 0;
    for (const auto& [who, m] : rows)
      for (int i = 0; i < m.rows; ++i, ++row) {
        const bool police = who == "police";
        frame_.kind[row] =
            static_cast<uint8_t>(police ? EventKind::kCrime : EventKind::kEdAttendance);
        frame_.month[row] = MonthIndex(2024, m.month);
        frame_.month_key[row] = static_cast<uint32_t>(m.month);
        frame_.source.codes()[row] = frame_.source.Intern(police ? "Police" : "Hospital");
        frame_.extract.codes()[row] = frame_.extract.Intern(police ? "recorded-crime" : "ed");
        frame_.lsoa.codes()[row] = i < m.no_lsoa ? 0 : frame_.lsoa.Intern("E01000001");
      }
    frame_.first_month = MonthIndex(2024, 1);
    frame_.last_month = MonthIndex(2024, 6);
    BatchSummary police = File("2024-01", "2024-06", "2024-07-15", 60, 6);
    police.source = "Police";
    police.events = 60;
    in_.batches.push_back(police);
    const std::vector<std::tuple<std::string, std::string, int>> ed = {
        {"2024-01", "2024-02-10", 0},
        {"2024-02", "2024-03-20", 1},
        {"2024-04", "2024-05-05", 0},
        {"2024-05", "2024-06-08", 0},
        {"2024-06", "2024-07-31", 0}};
    for (const auto& [month, loaded, rejected] : ed) {
      BatchSummary b = File(month, month, loaded, 4, rejected);
      b.source = "Hospital";
      b.extract = "ed";
      b.events = 4;
      in_.batches.push_back(b);
    }
    in_.batches.push_back(BatchSummary{});  // an area table: no period, no partner's delivery
    in_.config = config_.get();
    in_.frame = &frame_;
  }

  KpiResult Compute(KpiMeasure measure) {
    spec_.id = "sharing";
    spec_.file = "test.toml";
    spec_.measure = measure;
    spec_.period = KpiPeriod::kQuarter;
    spec_.by = "partner";
    if (measure == KpiMeasure::kProportion) {
      spec_.where = "lsoa != \"\"";
      spec_.of = "true";
    }
    auto r = ComputeKpi(spec_, in_);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? std::move(*r) : KpiResult{};
  }

  static const KpiPartner* Partner(const KpiResult& r, const std::string& source) {
    for (const KpiPartner& p : r.partners)
      if (p.source == source) return &p;
    ADD_FAILURE() << "no partner " << source;
    return nullptr;
  }

  std::unique_ptr<Configuration> config_;
  Frame frame_;
  KpiInputs in_;
  KpiSpec spec_;
};

TEST_F(DataSharingByPartner, CompletenessOfTheLocationPerPartnerAndAMissingMonthIsNoData) {
  KpiResult r = Compute(KpiMeasure::kProportion);
  ASSERT_EQ(r.partners.size(), 2u);
  const KpiPartner* police = Partner(r, "Police");
  const KpiPartner* ed = Partner(r, "Hospital");
  ASSERT_TRUE(police && ed);
  EXPECT_EQ(police->extract, "recorded-crime");
  ASSERT_EQ(police->points.size(), 2u);
  // Q1: 30 crimes, 2 without an LSOA: 28 / 30. Q2: 29 / 30.
  EXPECT_EQ(police->points[0].numerator, 28);
  EXPECT_EQ(police->points[0].denominator, 30);
  EXPECT_NEAR(*police->points[0].value, 100.0 * 28 / 30, 1e-9);
  EXPECT_NEAR(*police->points[1].value, 100.0 * 29 / 30, 1e-9);
  EXPECT_TRUE(police->missing.empty());
  // The hospital's Q1 lacks March: no value (not the 7 of 8 its two files give), and missing.
  ASSERT_EQ(ed->points.size(), 2u);
  EXPECT_FALSE(ed->points[0].value);
  EXPECT_EQ(ed->points[0].no_data, "no data loaded for 2024-03");
  EXPECT_EQ(ed->missing, std::vector<std::string>{"2024-Q1"});
  EXPECT_NEAR(*ed->points[1].value, 100, 1e-9);  // 12 of 12
  // Over everyone, Q1 rests on the hospital's missing March too: no data; Q2 is 41 of 42.
  ASSERT_EQ(r.points.size(), 2u);
  EXPECT_FALSE(r.points[0].value);
  EXPECT_NEAR(*r.points[1].value, 100.0 * 41 / 42, 1e-9);
}

TEST_F(DataSharingByPartner, TimelinessAndRejectsPerPartnerFromTheirOwnFiles) {
  KpiResult days = Compute(KpiMeasure::kTimeliness);
  const KpiPartner* police = Partner(days, "Police");
  const KpiPartner* ed = Partner(days, "Hospital");
  ASSERT_TRUE(police && ed);
  ASSERT_EQ(police->points.size(), 2u);
  // The police's one file ends in June: Q1 has no delivery of its own (but is not missing).
  EXPECT_FALSE(police->points[0].value);
  EXPECT_NE(police->points[0].no_data.find("no file ended in this period"), std::string::npos);
  EXPECT_TRUE(police->missing.empty());
  EXPECT_EQ(police->points[1].value, 15);  // 30 June to 15 July
  // The hospital's Q1 files took 10 and 20 days (median 15), though March never came; Q2's 5,
  // 8 and 31 (median 8).
  EXPECT_EQ(ed->points[0].value, 15);
  EXPECT_EQ(ed->missing, std::vector<std::string>{"2024-Q1"});
  EXPECT_EQ(ed->points[1].value, 8);
  // Everyone's files: Q1 the hospital's 10 and 20; Q2 5, 8, 15 and 31 (median 11.5).
  EXPECT_EQ(days.points[0].value, 15);
  EXPECT_EQ(days.points[1].value, 11.5);

  KpiResult rejected = Compute(KpiMeasure::kRejectedShare);
  police = Partner(rejected, "Police");
  ed = Partner(rejected, "Hospital");
  ASSERT_TRUE(police && ed);
  EXPECT_NEAR(*police->points[1].value, 100.0 * 6 / 66, 1e-9);
  EXPECT_NEAR(*ed->points[0].value, 100.0 * 1 / 9, 1e-9);  // January's 4 and February's 4 + 1
  EXPECT_EQ(ed->points[1].value, 0);
  EXPECT_EQ(rejected.partners.size(), 2u);  // the area table is nobody's delivery
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
