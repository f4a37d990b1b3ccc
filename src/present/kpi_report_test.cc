// The public KPI report's disclosure control on a KPI broken down by partner: a partner's small
// count is hidden, and so are the other partners' figures for that period, since the KPI's own
// figure less theirs would give it away. Figures worked out by hand.
#include "present/kpi_report.h"

#include <gtest/gtest.h>

namespace cairn {
namespace {

KpiPoint Share(const std::string& period, double numerator, double denominator) {
  KpiPoint p;
  p.period = period;
  p.numerator = numerator;
  p.denominator = denominator;
  p.value = 100 * numerator / denominator;
  return p;
}

TEST(KpiDisclosure, APartnersSmallCountHidesEveryPartnersFigureForThatPeriodOnly) {
  KpiSpec spec;
  spec.id = "located";
  spec.measure = KpiMeasure::kProportion;
  spec.by = "partner";
  KpiResult r;
  r.spec = &spec;
  // Over everyone: 2024-Q1 190 of 200 located, 2024-Q2 195 of 200.
  r.points = {Share("2024-Q1", 190, 200), Share("2024-Q2", 195, 200)};
  // The hospital's 2024-Q1: 2 of its 50 records unplaced (a count from 1 to 4).
  r.partners = {
      {"Police", "recorded-crime", {Share("2024-Q1", 142, 150), Share("2024-Q2", 145, 150)}, {}},
      {"Hospital", "ed", {Share("2024-Q1", 48, 50), Share("2024-Q2", 50, 50)}, {}}};
  DisclosureOptions options;
  options.enabled = true;
  options.threshold = 5;
  const std::vector<KpiResult> shown = DiscloseKpis({r}, options);
  ASSERT_EQ(shown.size(), 1u);
  const KpiResult& s = shown[0];
  // The hospital's own small count, and the police's figure that would give it away from the
  // KPI's (190 - 142 = 48): both hidden, each saying why.
  EXPECT_FALSE(s.partners[1].points[0].value);
  EXPECT_EQ(s.partners[1].points[0].no_data.rfind("suppressed", 0), 0u);
  EXPECT_FALSE(s.partners[0].points[0].value);
  EXPECT_NE(s.partners[0].points[0].no_data.find("another partner's figure"), std::string::npos);
  // 2024-Q2 has no small count (the hospital's 0 unplaced is not one): every figure stays.
  EXPECT_TRUE(s.partners[0].points[1].value);
  EXPECT_TRUE(s.partners[1].points[1].value);
  // The KPI's own figures hold no small count: shown, with their SPC and baseline untouched.
  EXPECT_TRUE(s.points[0].value);
  EXPECT_TRUE(s.points[1].value);
  EXPECT_EQ(s.baseline_note, "");

  // Not public: nothing hidden.
  options.enabled = false;
  EXPECT_TRUE(DiscloseKpis({r}, options)[0].partners[1].points[0].value);
}

}  // namespace
}  // namespace cairn
