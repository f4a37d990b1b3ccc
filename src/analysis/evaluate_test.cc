// The evaluation's definitions on a frame built by hand: who is in the cohort and the comparison,
// which reoffences are proven (committed within 12 months, proven by a caution or conviction for
// the same offence within a further 6; a charge proves nothing), days to first, harm, first-time
// entry, and the verdict when the model cannot be fitted. Every figure is worked out below.
#include "analysis/evaluate.h"

#include <gtest/gtest.h>

#include "analysis/lists/people.h"
#include "model/codes.h"
#include "util/dates.h"

namespace cairn {
namespace {

constexpr int64_t kDay = kMinutesPerDay;
const int64_t kStart = DaysFromCivil(2023, 3, 1) * kDay;  // every participant's start

class HandFrame {
 public:
  // A person, by stable id.
  uint32_t Person(uint64_t id) {
    f_.persons.id.push_back(id);
    f_.persons.pseudonym.emplace_back();
    return static_cast<uint32_t>(f_.persons.size() - 1);
  }
  // `person` the suspect of an offence `code` on day `day` (relative to kStart), aged 15, male.
  void Offence(uint32_t person, int day, const std::string& code) {
    const uint32_t row = static_cast<uint32_t>(f_.rows++);
    const int64_t minute = kStart + day * kDay;
    f_.kind.push_back(0);
    f_.month.push_back(MonthOfMinutes(minute));
    f_.start_minute.push_back(minute);
    f_.end_minute.push_back(kNoTime);
    f_.markers.push_back(0);
    f_.offence_code.codes().push_back(f_.offence_code.Intern(code));
    f_.category.codes().push_back(f_.category.Intern("Violence and sexual offences"));
    f_.district.codes().push_back(0);
    f_.people.event.push_back(row);
    f_.people.person.push_back(person);
    f_.people.role.push_back(static_cast<uint8_t>(Role::kSuspect));
    f_.people.age.push_back(15);
    f_.people.sex.push_back(static_cast<uint8_t>(Sex::kMale));
  }
  void Outcome(uint32_t person, int day, const std::string& type, const std::string& code) {
    f_.outcomes.person.push_back(person);
    f_.outcomes.date.push_back(kStart + day * kDay);
    f_.outcomes.type.codes().push_back(f_.outcomes.type.Intern(type));
    f_.outcomes.offence_code.codes().push_back(f_.outcomes.offence_code.Intern(code));
    f_.outcomes.source.codes().push_back(0);
  }
  void Referral(uint32_t person, const std::string& programme, bool started) {
    f_.referrals.person.push_back(person);
    f_.referrals.referred.push_back(kStart - 10 * kDay);
    f_.referrals.started.push_back(started ? kStart : kNoTime);
    f_.referrals.ended.push_back(kNoTime);
    f_.referrals.programme.codes().push_back(f_.referrals.programme.Intern(programme));
  }
  std::vector<double> Harm() const {  // 8N weighs 30, 46 weighs 2
    std::vector<double> w(f_.offence_code.dict().size(), 0);
    for (size_t code = 1; code < w.size(); ++code)
      w[code] = f_.offence_code.dict()[code] == "8N" ? 30 : 2;
    return w;
  }
  const Frame& frame() const { return f_; }

 private:
  Frame f_;
};

TEST(Evaluate, ProvenReoffendingAndTheOtherOutcomesWorkedByHand) {
  HandFrame h;
  // T1: offence 30 days before the start; after it an 8N on day 100 convicted on day 200
  // (proven), and a 46 on day 150 only charged (not proven).
  uint32_t t1 = h.Person(1);
  h.Offence(t1, -30, "8N");
  h.Offence(t1, 100, "8N");
  h.Outcome(t1, 200, "Conviction", "8N");
  h.Offence(t1, 150, "46");
  h.Outcome(t1, 160, "Charge", "46");
  h.Referral(t1, "Turnaround", true);
  // T2: offence 30 days before; the next on day 400, after the 12 months (not a reoffence).
  uint32_t t2 = h.Person(2);
  h.Offence(t2, -30, "8N");
  h.Offence(t2, 400, "8N");
  h.Outcome(t2, 450, "Conviction", "8N");
  h.Referral(t2, "Turnaround", true);
  // Referred but never started: not in the cohort, and not a comparison candidate either.
  uint32_t declined = h.Person(3);
  h.Offence(declined, -30, "46");
  h.Referral(declined, "Turnaround", false);
  // Comparison: each with an offence 30 days before the start (so indexed on it).
  // C1: a 46 on day 50 cautioned on day 60 (proven).
  uint32_t c1 = h.Person(11);
  h.Offence(c1, -30, "46");
  h.Offence(c1, 50, "46");
  h.Outcome(c1, 60, "Caution", "46");
  // C2: an offence on day 300 convicted on day 515, within the six further months (proven).
  uint32_t c2 = h.Person(12);
  h.Offence(c2, -30, "46");
  h.Offence(c2, 300, "46");
  h.Outcome(c2, 515, "Conviction", "46");
  // C3: an offence on day 100 convicted on day 565, after them (not proven); and a conviction for
  // another offence code on day 120 proves nothing either.
  uint32_t c3 = h.Person(13);
  h.Offence(c3, -30, "46");
  h.Offence(c3, 100, "46");
  h.Outcome(c3, 565, "Conviction", "46");
  h.Outcome(c3, 120, "Conviction", "8N");

  auto e = EvaluateProgramme(h.frame(), h.Harm(), "cchi", "turnaround", kStart + 600 * kDay);
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->programme, "Turnaround");
  EXPECT_EQ(e->counts.people_referred, 3);
  EXPECT_EQ(e->counts.not_started, 1);
  EXPECT_EQ(e->counts.eligible, 2);
  EXPECT_EQ(e->counts.pool, 3);
  EXPECT_EQ(e->counts.pool_people, 3);
  EXPECT_EQ(e->pseudo_index_lag_days, 30);
  // Five people cannot fit a model of this many terms: descriptive figures, said plainly.
  EXPECT_FALSE(e->conclusive);
  EXPECT_NE(e->model_problem.find("too few"), std::string::npos) << e->model_problem;
  ASSERT_FALSE(e->verdict.empty());
  EXPECT_EQ(e->verdict[0].rfind("No conclusion can be drawn about Turnaround: the propensity "
                                "model could not be fitted",
                                0),
            0u)
      << e->verdict[0];
  ASSERT_EQ(e->outcomes.size(), 6u);
  auto expect = [&](size_t k, double treated, double comparison) {
    SCOPED_TRACE(e->outcomes[k].outcome);
    EXPECT_NEAR(*e->outcomes[k].treated, treated, 1e-9);
    EXPECT_NEAR(*e->outcomes[k].comparison, comparison, 1e-9);
    EXPECT_FALSE(e->outcomes[k].difference.has_value());
  };
  expect(0, 50, 200.0 / 3);      // proven reoffending: T1 of 2; C1 and C2 of 3
  expect(1, 0.5, 2.0 / 3);       // proven reoffences per person
  expect(2, 100, 175);           // median days to first: T1 100; C1 50 and C2 300
  expect(3, (32 + 0) / 2.0, 2);  // harm after: T1 8N + 46 = 32, T2 none; each C one 46
  // Change in harm: T1 32 - 30, T2 0 - 30; C 2 - 2 each.
  expect(4, (2 - 30) / 2.0, 0);
  // First-time entry (15, no caution or conviction before): T1 convicted on day 200; C1
  // cautioned on day 60; C3's day-120 conviction for 8N is a first entry too.
  expect(5, 50, 200.0 / 3);
}

TEST(Evaluate, AnUnknownProgrammeNamesThoseLoaded) {
  HandFrame h;
  h.Referral(h.Person(1), "DAPP", true);
  auto e = EvaluateProgramme(h.frame(), h.Harm(), "cchi", "Turnaround", kStart);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().message(),
            "no referral to \"Turnaround\" is loaded (programmes loaded: DAPP)");
}

}  // namespace
}  // namespace cairn
