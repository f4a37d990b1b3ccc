// The KPI catalogue (config/kpis/*.toml): the performance framework of the partnership's
// strategy, its theory of change as data. Each KPI says what it evidences, how it is worked out
// from the data (an expression over events, referrals to programmes, the loads themselves) or that
// people report it, its period, which way is better, its baseline and target, and who owns it.
// A partnership edits the files, not code; a bad entry is refused with the file, the KPI and the
// problem. Immutable after loading.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "define/definitions.h"
#include "util/status.h"

namespace cairn {

enum class KpiMeasure {
  kCount,          // events that meet `where`
  kPeople,         // distinct people (in one of `role`, when given) in events that meet `where`
  kProportion,     // events meeting `where` among those meeting `of` (Wilson interval)
  kRate,           // events meeting `where` per 1,000 residents of the area
  kReferrals,      // referrals to `programmes` made in the period (by referral date); with
                   // `outcomes`, only those ending with one of them (a drug test's "positive,
                   // referred to support")
  kReferralShare,  // of the referrals to `programmes` that ended in the period, the share
                   // ending with one of `outcomes`
  kTimeliness,     // data sharing: median days from the end of a file's period to its receipt
  kRejectedShare,  // data sharing: rows rejected among rows read
  kDa30Referred,   // perpetrators of domestic abuse crimes referred to specialist support within
                   // the window of config/lists/da30.toml (the da30 list's rule), as a share
  // The Ministry of Justice's youth measures (../shared/METHODS.md section 8) over the justice
  // outcomes, for offences meeting `where` (evaluated on the outcome's offence code):
  kFirstTimeEntrants,  // people aged 10-17 whose first caution or conviction loaded falls in the
                       // period and is for such an offence (and per 100,000 residents aged 10-17)
  kProvenReoffending,  // of the people aged 10-17 cautioned or convicted for such an offence in
                       // the period (the cohort), the share proven to reoffend within 12 months
  kReported,           // a figure only people can give (`cairn kpi record` / `kpi import`)
  // Of the people who started one of `programmes` in the period (their first start), the share
  // who were a suspect or offender in an event meeting `where` in the 365 days after starting
  // (MATAC's perpetrators and domestic abuse); a period whose last starter's year has not passed
  // by the end of the loaded data has no value yet.
  kProgrammeReoffending,
  // From the training logs (`training` profiles), over the attendances at `courses` by their date:
  // professionals trained (distinct attendees), with the agencies they are from;
  kTrained,
  // mean self-assessed understanding after minus before, over the attendances with both (a
  // paired 95% interval; none below kMinTrainingResponses);
  kUnderstandingChange,
  // mean feedback rating over the attendances that gave one.
  kFeedback,
  // Of the distinct people (in one of `role`, when given) in events meeting `where` in the period,
  // the share who were also in such an event (in one of those roles) in the 365 days before one of
  // theirs in it: repeat victimisation (role victim), repeat offending recorded against suspects
  // and offenders. A period whose 12 months before are not all loaded has no value.
  kRepeatPeople,
};

// The days before an event that kRepeatPeople looks back over.
inline constexpr int kRepeatLookbackDays = 365;

// Below this many responses a training mean is not given ("too few responses").
inline constexpr int kMinTrainingResponses = 10;

enum class KpiPeriod { kMonth, kQuarter, kYear };
enum class KpiDirection { kIncrease, kDecrease, kNeutral };
// The SPC chart of a KPI (stats/spc.h): XmR (the default, any measure), c (Poisson limits for a
// small count: count measures) or u (Poisson limits for a count over an exposure: share measures,
// whose numerator is over the denominator, and rates, over the residents).
enum class KpiChart { kXmr, kC, kU };

// How a reported KPI's periods make its year in the annual review: summed (a flow, such as visits
// made or threats to life), their mean (a level each period, such as lines operating) or the last
// period's (a level at the year's end). kNone: computed KPIs, whose year is computed over the year.
enum class KpiYearFigure { kNone, kSum, kMean, kLast };

struct KpiSpec {
  std::string id, name;
  std::string priority;   // "1", "2", "3" or "headline"
  std::string kind;       // "output" or "outcome"
  std::string evidences;  // the theory-of-change text the KPI evidences
  KpiMeasure measure = KpiMeasure::kCount;
  std::string where, of;                // event expressions
  std::vector<std::string> roles;       // kPeople: the roles counted (none: any); `role` in TOML
  std::vector<std::string> programmes;  // kReferrals / kReferralShare, lower case
  std::vector<std::string> outcomes;    // kReferralShare, kReferrals (optional), lower case
  std::vector<std::string> courses;     // training measures: the courses counted, lower case
  KpiPeriod period = KpiPeriod::kQuarter;
  KpiDirection improvement = KpiDirection::kNeutral;
  std::string baseline;  // a period label ("2023", "2023-Q2", "2023-04"), or empty
  std::optional<double> target;
  // Where SPC starts new limits, and what happened then (a programme start, a recording change):
  // [[kpi.rebase]] period = "2023-07", what = "1CLIC expanded".
  struct Rebase {
    std::string period, what;
  };
  std::vector<Rebase> rebase;
  KpiChart chart = KpiChart::kXmr;
  int fix_after = 0;  // SPC limits from the first n points of each group (at least 12); 0: all
  KpiYearFigure year_figure = KpiYearFigure::kNone;  // `year_figure`: reported by month or quarter
  std::string owner, source;
  std::string sna_section;  // the SNA section it draws on: one of kSnaSectionIds
  // "partner": besides the series over everyone, one per partner's extract (source and extract
  // kind) whose records the KPI reads, each with the periods its own files leave uncovered. Event
  // measures and the data-sharing measures (timeliness, rejected_share) take it.
  std::string by;
  std::string file;  // where it is defined, for messages
};

struct KpiCatalogue {
  std::vector<KpiSpec> kpis;  // in file order, files in name order
  std::vector<std::string> files;
  const KpiSpec* Find(const std::string& id) const;

  // Reads every *.toml in `dir` (none is an empty catalogue). Expressions are parsed and their
  // definition names checked against `definitions`. Every problem of every entry is given, one a
  // line, each naming the file, the KPI and the key.
  static Result<KpiCatalogue> LoadDirectory(const std::string& dir, const Definitions& definitions);
};

// What a measure reads and what its value is, declared once for the engine and the reports.
inline bool IsEventMeasure(KpiMeasure m) {
  return m == KpiMeasure::kCount || m == KpiMeasure::kPeople || m == KpiMeasure::kProportion ||
         m == KpiMeasure::kRate;
}
inline bool IsReferralMeasure(KpiMeasure m) {
  return m == KpiMeasure::kReferrals || m == KpiMeasure::kReferralShare ||
         m == KpiMeasure::kDa30Referred || m == KpiMeasure::kProgrammeReoffending;
}
// Measures over the training logs.
inline bool IsTrainingMeasure(KpiMeasure m) {
  return m == KpiMeasure::kTrained || m == KpiMeasure::kUnderstandingChange ||
         m == KpiMeasure::kFeedback;
}
// Measures over the justice outcomes (and, for reoffending, the offences people committed).
inline bool IsJusticeMeasure(KpiMeasure m) {
  return m == KpiMeasure::kFirstTimeEntrants || m == KpiMeasure::kProvenReoffending;
}
// A count of records or people (the value is the count): Poisson tests apply, small ones are
// suppressed in public.
inline bool IsCountMeasure(KpiMeasure m) {
  return m == KpiMeasure::kCount || m == KpiMeasure::kPeople || m == KpiMeasure::kReferrals ||
         m == KpiMeasure::kFirstTimeEntrants || m == KpiMeasure::kTrained;
}
// A percentage of a numerator over a denominator.
inline bool IsShareMeasure(KpiMeasure m) {
  return m == KpiMeasure::kProportion || m == KpiMeasure::kReferralShare ||
         m == KpiMeasure::kRejectedShare || m == KpiMeasure::kDa30Referred ||
         m == KpiMeasure::kProvenReoffending || m == KpiMeasure::kProgrammeReoffending ||
         m == KpiMeasure::kRepeatPeople;
}

const char* KpiMeasureName(KpiMeasure m);        // "count", ...
const char* KpiPeriodName(KpiPeriod p);          // "month", "quarter", "year"
const char* KpiDirectionName(KpiDirection d);    // "increase", ...
const char* KpiChartName(KpiChart c);            // "xmr", "c", "u"
const char* KpiYearFigureName(KpiYearFigure y);  // "", "sum", "mean", "last"

}  // namespace cairn
