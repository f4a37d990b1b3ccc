// The youth justice KPIs (first_time_entrants, proven_reoffending) on frames built by hand, with
// the shipped `serious_violence` definition (8N, assault with injury, is in it; 46, shoplifting,
// is not). Every expected figure is worked out in the comments from ../shared/METHODS.md section 8:
// the first caution or conviction (a charge is neither) of someone aged 10-17 at it; a cohort of
// 10-17s cautioned or convicted in a quarter, indexed at their first outcome in it, reoffending
// when an offence committed within 365 days of the index is proven within 183 more; no rate while
// that window runs past the latest outcome loaded.
#include "analysis/kpi/youth_justice.h"

#include <gtest/gtest.h>

#include "analysis/kpi/kpi.h"
#include "model/codes.h"
#include "util/dates.h"

namespace cairn {
namespace {

int64_t At(int y, int m, int d) { return DaysFromCivil(y, m, d) * 1440; }

class YouthFrame {
 public:
  uint32_t Person() {
    f_.persons.id.push_back(f_.persons.size() + 1);
    f_.persons.pseudonym.emplace_back();
    return static_cast<uint32_t>(f_.persons.size() - 1);
  }
  // `person`, aged `age` (whole years, as police record it), the suspect of an offence `code`
  // committed at `minute`.
  void Offence(uint32_t person, int64_t minute, const std::string& code, int age) {
    const uint32_t row = static_cast<uint32_t>(f_.rows++);
    f_.kind.push_back(static_cast<uint8_t>(EventKind::kCrime));
    f_.month.push_back(MonthOfMinutes(minute));
    f_.start_minute.push_back(minute);
    f_.end_minute.push_back(kNoTime);
    f_.markers.push_back(0);
    f_.offence_code.codes().push_back(f_.offence_code.Intern(code));
    f_.source.codes().push_back(f_.source.Intern("Police"));
    f_.extract.codes().push_back(f_.extract.Intern("recorded-crime"));
    f_.people.event.push_back(row);
    f_.people.person.push_back(person);
    f_.people.role.push_back(static_cast<uint8_t>(Role::kSuspect));
    f_.people.age.push_back(static_cast<int16_t>(age));
    f_.people.sex.push_back(static_cast<uint8_t>(Sex::kMale));
  }
  void Outcome(uint32_t person, int64_t minute, const std::string& type, const std::string& code) {
    f_.outcomes.person.push_back(person);
    f_.outcomes.date.push_back(minute);
    f_.outcomes.type.codes().push_back(f_.outcomes.type.Intern(type));
    f_.outcomes.offence_code.codes().push_back(f_.outcomes.offence_code.Intern(code));
    f_.outcomes.source.codes().push_back(f_.outcomes.source.Intern("Criminal Justice Board"));
    f_.outcomes.extract.codes().push_back(f_.outcomes.extract.Intern("justice-outcomes"));
  }
  const Frame& frame() const { return f_; }

 private:
  Frame f_;
};

class YouthJustice : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto config = Configuration::Load(std::string(CAIRN_SOURCE_DIR) + "/config");
    ASSERT_TRUE(config.ok()) << config.status().message();
    config_ = new Configuration(std::move(*config));
  }
  static void TearDownTestSuite() {
    delete config_;
    config_ = nullptr;
  }

  // The police's and the justice board's files cover `from` to `to` ("YYYY-MM").
  static KpiInputs Inputs(const Frame& f, const std::string& from, const std::string& to) {
    KpiInputs in;
    in.config = config_;
    in.frame = &f;
    BatchSummary police, outcomes;
    police.source = "Police";
    police.extract = "recorded-crime";
    police.events = 1;
    outcomes.source = "Criminal Justice Board";
    outcomes.extract = "justice-outcomes";
    for (BatchSummary* b : {&police, &outcomes}) {
      b->period_from = from;
      b->period_to = to;
    }
    in.batches = {police, outcomes};
    return in;
  }

  static KpiSpec Spec(KpiMeasure measure, KpiPeriod period) {
    KpiSpec k;
    k.id = "test";
    k.file = "test.toml";
    k.measure = measure;
    k.where = "serious_violence";
    k.period = period;
    k.improvement = KpiDirection::kDecrease;
    return k;
  }

  static const KpiPoint* Point(const KpiResult& r, const std::string& period) {
    for (const KpiPoint& p : r.points)
      if (p.period == period) return &p;
    ADD_FAILURE() << "no point " << period;
    return nullptr;
  }

  static Configuration* config_;
};
Configuration* YouthJustice::config_ = nullptr;

TEST_F(YouthJustice, AFirstTimeEntrantIsAged10To17AtTheirFirstCautionOrConviction) {
  YouthFrame h;
  // A, 15: first outcome a caution for 8N in 2023: an entrant in 2023.
  uint32_t a = h.Person();
  h.Offence(a, At(2023, 3, 1), "8N", 15);
  h.Outcome(a, At(2023, 3, 10), "Caution", "8N");
  // B, 15: first a conviction for shoplifting (2022), then one for 8N (2023): never an entrant
  // for serious violence, since any earlier caution or conviction rules the later one out.
  uint32_t b = h.Person();
  h.Offence(b, At(2022, 4, 1), "46", 15);
  h.Outcome(b, At(2022, 5, 1), "Conviction", "46");
  h.Offence(b, At(2023, 5, 1), "8N", 16);
  h.Outcome(b, At(2023, 6, 1), "Conviction", "8N");
  // C, 15: charged in 2022 (a charge is not an entry), convicted in 2023: an entrant in 2023.
  uint32_t c = h.Person();
  h.Offence(c, At(2022, 1, 20), "8N", 15);
  h.Outcome(c, At(2022, 2, 1), "Charge", "8N");
  h.Outcome(c, At(2023, 1, 15), "Conviction", "8N");
  // D, 9 (below the age of criminal responsibility's range): not counted.
  uint32_t d = h.Person();
  h.Offence(d, At(2023, 4, 1), "8N", 9);
  h.Outcome(d, At(2023, 4, 10), "Caution", "8N");
  // E, 10: counted (2023).
  uint32_t e = h.Person();
  h.Offence(e, At(2023, 4, 1), "8N", 10);
  h.Outcome(e, At(2023, 4, 10), "Youth caution", "8N");
  // F, 17 a month before the conviction (17.5 at the offence, the middle of that year, so 17.6):
  // counted (2024).
  uint32_t f = h.Person();
  h.Offence(f, At(2024, 2, 1), "8N", 17);
  h.Outcome(f, At(2024, 3, 1), "Conviction", "8N");
  // G, 18: not counted.
  uint32_t g = h.Person();
  h.Offence(g, At(2024, 2, 1), "8N", 18);
  h.Outcome(g, At(2024, 3, 1), "Conviction", "8N");
  // H, 17 at the offence but convicted 14 months later, 18 by then (17.5 + 1.2): the age is at
  // the outcome.
  uint32_t hh = h.Person();
  h.Offence(hh, At(2022, 1, 10), "8N", 17);
  h.Outcome(hh, At(2023, 3, 10), "Conviction", "8N");
  // I, 15: cautioned for shoplifting and convicted of 8N on the same day: the entry day holds a
  // serious violence outcome, so counted (2024).
  uint32_t i = h.Person();
  h.Offence(i, At(2024, 5, 1), "8N", 15);
  h.Outcome(i, At(2024, 6, 1), "Caution", "46");
  h.Outcome(i, At(2024, 6, 1), "Conviction", "8N");
  // J, 14: entrant in 2022; a second conviction in 2023 is not a second entry.
  uint32_t j = h.Person();
  h.Offence(j, At(2022, 6, 1), "8N", 14);
  h.Outcome(j, At(2022, 7, 1), "Caution", "8N");
  h.Offence(j, At(2023, 6, 1), "8N", 15);
  h.Outcome(j, At(2023, 7, 1), "Conviction", "8N");

  // K, 17 on 1 January 2024 and 18 on 1 June 2024, so born between 2 January and 1 June 2006:
  // cautioned on 20 May 2024, most likely at 18 (the middle of the range, mid-March 2006, makes
  // them 18.2), so not counted, although the latest age before the caution says 17.
  uint32_t k = h.Person();
  h.Offence(k, At(2024, 1, 1), "8N", 17);
  h.Outcome(k, At(2024, 5, 20), "Caution", "8N");
  h.Offence(k, At(2024, 6, 1), "46", 18);

  const KpiSpec spec = Spec(KpiMeasure::kFirstTimeEntrants, KpiPeriod::kYear);
  KpiInputs in = Inputs(h.frame(), "2022-01", "2024-12");
  in.youth_population = 2000;
  auto r = ComputeKpi(spec, in);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->points.size(), 3u);
  EXPECT_EQ(Point(*r, "2022")->value, 1);  // J
  EXPECT_EQ(Point(*r, "2023")->value, 3);  // A, C, E
  EXPECT_EQ(Point(*r, "2024")->value, 2);  // F, I
  // Per 100,000 of 2,000 residents aged 10-17: 3 / 2,000 * 100,000 = 150.
  EXPECT_DOUBLE_EQ(*Point(*r, "2023")->per_100k, 150);
  EXPECT_NE(r->rate_note.find("unconfirmed"), std::string::npos) << r->rate_note;

  // Without the population, counts and no rate, said so; a year no file covers is no data.
  in = Inputs(h.frame(), "2022-01", "2024-06");
  r = ComputeKpi(spec, in);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(Point(*r, "2023")->per_100k);
  EXPECT_NE(r->rate_note.find("no population"), std::string::npos) << r->rate_note;
  EXPECT_FALSE(Point(*r, "2024")->value);
  EXPECT_NE(Point(*r, "2024")->no_data.find("no data loaded"), std::string::npos);
}

// A quarter's cohort, its index outcomes and the 12 + 6 month windows at their edges. `latest` is
// the date of the last outcome loaded (an adult's, outside every cohort).
Frame ReoffendingFrame(int64_t latest) {
  YouthFrame h;
  // R1, 15: cautioned 2022-01-10 (index). An offence at the last minute of the 12 months
  // (2023-01-10 00:00 = index + 365 days) convicted at the last minute of the 6 more
  // (2023-07-12 00:00 = index + 548 days): a proven reoffence.
  uint32_t r1 = h.Person();
  h.Offence(r1, At(2022, 1, 1), "8N", 15);
  h.Outcome(r1, At(2022, 1, 10), "Caution", "8N");
  h.Offence(r1, At(2023, 1, 10), "46", 16);
  h.Outcome(r1, At(2023, 7, 12), "Conviction", "46");
  // R2, 15: cautioned 2022-02-01; the next offence a day after the 12 months (2023-02-02): not a
  // reoffence, however soon it is proven.
  uint32_t r2 = h.Person();
  h.Offence(r2, At(2022, 1, 20), "8N", 15);
  h.Outcome(r2, At(2022, 2, 1), "Caution", "8N");
  h.Offence(r2, At(2023, 2, 2), "46", 16);
  h.Outcome(r2, At(2023, 3, 1), "Conviction", "46");
  // R3, 15: convicted 2022-03-01; an offence on 2022-06-01 convicted 2023-09-01, a day after the
  // 6 more months end (2023-08-31 = index + 548 days): not proven in time.
  uint32_t r3 = h.Person();
  h.Offence(r3, At(2022, 2, 1), "8N", 15);
  h.Outcome(r3, At(2022, 3, 1), "Conviction", "8N");
  h.Offence(r3, At(2022, 6, 1), "8N", 15);
  h.Outcome(r3, At(2023, 9, 1), "Conviction", "8N");
  // R4, 18: convicted in the quarter, but not a child: not in the cohort.
  uint32_t r4 = h.Person();
  h.Offence(r4, At(2022, 2, 1), "8N", 18);
  h.Outcome(r4, At(2022, 3, 15), "Conviction", "8N");
  h.Offence(r4, At(2022, 6, 1), "8N", 18);
  h.Outcome(r4, At(2022, 7, 1), "Conviction", "8N");
  // R5, 15: cautioned for shoplifting only: not a serious violence cohort member.
  uint32_t r5 = h.Person();
  h.Offence(r5, At(2022, 2, 1), "46", 15);
  h.Outcome(r5, At(2022, 2, 10), "Caution", "46");
  h.Offence(r5, At(2022, 6, 1), "46", 15);
  h.Outcome(r5, At(2022, 7, 1), "Caution", "46");
  // R6, 15: cautioned 2022-01-05 (the index: the first in the quarter), then an offence on
  // 2022-03-01 convicted 2022-03-20: that conviction, in the same quarter, proves a reoffence
  // from the index. A charge for a later offence proves nothing.
  uint32_t r6 = h.Person();
  h.Offence(r6, At(2021, 12, 20), "8N", 15);
  h.Outcome(r6, At(2022, 1, 5), "Caution", "8N");
  h.Offence(r6, At(2022, 3, 1), "8N", 15);
  h.Outcome(r6, At(2022, 3, 20), "Conviction", "8N");
  h.Offence(r6, At(2022, 4, 1), "46", 15);
  h.Outcome(r6, At(2022, 4, 10), "Charge", "46");
  // R7, 9: not in the cohort.
  uint32_t r7 = h.Person();
  h.Offence(r7, At(2022, 1, 1), "8N", 9);
  h.Outcome(r7, At(2022, 2, 1), "Caution", "8N");
  // R8, 16: cautioned in 2022-Q2, a cohort whose window ends 2023-12-30.
  uint32_t r8 = h.Person();
  h.Offence(r8, At(2022, 4, 1), "8N", 16);
  h.Outcome(r8, At(2022, 5, 1), "Caution", "8N");
  // Z, 40: the latest outcome loaded.
  uint32_t z = h.Person();
  h.Offence(z, At(2021, 1, 1), "46", 40);
  h.Outcome(z, latest, "Conviction", "46");
  return h.frame();
}

TEST_F(YouthJustice, ProvenReoffendingCountsTheCohortAndTheWindowsAtTheirEdges) {
  // 2022-Q1's window ends 365 + 183 days after its last day (2022-03-31): 2023-09-30. With an
  // outcome loaded on that day the cohort has a rate: R1, R2, R3, R6, of whom R1 and R6
  // reoffended: 2 / 4 = 50%.
  const Frame f = ReoffendingFrame(At(2023, 9, 30));
  const KpiSpec spec = Spec(KpiMeasure::kProvenReoffending, KpiPeriod::kQuarter);
  auto r = ComputeKpi(spec, Inputs(f, "2021-12", "2023-12"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  const KpiPoint* q1 = Point(*r, "2022-Q1");
  ASSERT_TRUE(q1 && q1->value) << (q1 ? q1->no_data : "");
  EXPECT_EQ(q1->denominator, 4);
  EXPECT_EQ(q1->numerator, 2);
  EXPECT_DOUBLE_EQ(*q1->value, 50);
  EXPECT_TRUE(q1->lower95 && q1->upper95);
  // 2022-Q2 (R8) runs to 2023-12-30, after the latest outcome: no data, never a partial rate.
  const KpiPoint* q2 = Point(*r, "2022-Q2");
  EXPECT_FALSE(q2->value);
  EXPECT_NE(q2->no_data.find("follow-up not over"), std::string::npos) << q2->no_data;
  EXPECT_NE(q2->no_data.find("2023-12-30"), std::string::npos) << q2->no_data;
  // 2021-Q4: only December is loaded.
  EXPECT_NE(Point(*r, "2021-Q4")->no_data.find("no data loaded for 2021-10, 2021-11"),
            std::string::npos);

  // A day earlier, 2022-Q1's window is not over either.
  const Frame early = ReoffendingFrame(At(2023, 9, 29));
  r = ComputeKpi(spec, Inputs(early, "2021-12", "2023-12"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(Point(*r, "2022-Q1")->value);
  EXPECT_NE(Point(*r, "2022-Q1")->no_data.find("2023-09-30"), std::string::npos);

  // A month of the window no police file covers leaves the offences of that month unknown.
  r = ComputeKpi(spec, Inputs(f, "2021-12", "2023-06"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(Point(*r, "2022-Q1")->value);
}

// The justice board sends its referrals to programmes for 2022-2024 but its justice outcomes only
// for 2024: 2022 and 2023 have no first-time entrants figure (not 0), since only the files of the
// outcomes' own extract say which months of outcomes are loaded.
TEST_F(YouthJustice, OnlyTheOutcomesFilesSayWhichMonthsOfOutcomesAreLoaded) {
  YouthFrame h;
  uint32_t a = h.Person();  // 15, cautioned for 8N in 2024: an entrant in 2024
  h.Offence(a, At(2024, 3, 1), "8N", 15);
  h.Outcome(a, At(2024, 3, 10), "Caution", "8N");
  KpiInputs in = Inputs(h.frame(), "2022-01", "2024-12");
  in.batches[1].period_from = "2024-01";  // the outcomes' file
  BatchSummary referrals;
  referrals.source = "Criminal Justice Board";
  referrals.extract = "referrals";
  referrals.period_from = "2022-01";
  referrals.period_to = "2024-12";
  in.batches.push_back(referrals);
  auto r = ComputeKpi(Spec(KpiMeasure::kFirstTimeEntrants, KpiPeriod::kYear), in);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->points.size(), 1u) << "the series starts with the outcomes' first month";
  EXPECT_EQ(r->points[0].period, "2024");
  EXPECT_EQ(r->points[0].value, 1);
  // Reoffending cohorts of 2023 would rest on outcomes never loaded either.
  r = ComputeKpi(Spec(KpiMeasure::kProvenReoffending, KpiPeriod::kQuarter), in);
  ASSERT_TRUE(r.ok()) << r.status().message();
  for (const KpiPoint& p : r->points) EXPECT_GE(p.period, "2024-Q1") << p.period;
}

TEST_F(YouthJustice, WithoutJusticeOutcomesThereIsNoData) {
  YouthFrame h;
  uint32_t p = h.Person();
  h.Offence(p, At(2023, 1, 1), "8N", 15);
  for (KpiMeasure m : {KpiMeasure::kFirstTimeEntrants, KpiMeasure::kProvenReoffending}) {
    auto r = ComputeKpi(Spec(m, KpiPeriod::kYear), Inputs(h.frame(), "2022-01", "2024-12"));
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_TRUE(r->points.empty()) << KpiMeasureName(m);
    EXPECT_EQ(r->spc_note, "no data loaded that this KPI reads");
  }
}

TEST_F(YouthJustice, OutcomesAreForTheDefinitionsOffencesByTheirCode) {
  YouthFrame h;
  uint32_t p = h.Person();
  for (const char* code : {"8N", "46", "34A", ""}) h.Outcome(p, At(2023, 1, 1), "Caution", code);
  auto mask = OutcomesForOffences(*config_, h.frame(), "serious_violence");
  ASSERT_TRUE(mask.ok()) << mask.status().message();
  EXPECT_EQ(*mask, (std::vector<uint8_t>{1, 0, 1, 0}));  // robbery (34A) is; unknown is not
  auto bad = OutcomesForOffences(*config_, h.frame(), "serious_violnce");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("serious_violnce"), std::string::npos);
}

}  // namespace
}  // namespace cairn
