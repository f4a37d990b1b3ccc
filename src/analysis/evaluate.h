// Evaluation of a programme as the Ministry of Justice's Justice Data Lab judges one (`cairn
// evaluate`, docs/evaluate.md, ../shared/METHODS.md sections 8 and 8.1): the people who started
// the programme against a comparison group of similar people with an offending history who were
// never referred to it, matched on a propensity score, with one-year proven reoffending,
// frequency, time to first proven reoffence, harm and (for young people) first-time entry.
//
// Only counts and means leave this module: no person, pseudonym or identifier.
// Pure function of the frame; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/justice.h"
#include "snapshot/frame.h"
#include "stats/matching.h"
#include "stats/survival.h"
#include "util/status.h"

namespace cairn {

// The thresholds the method uses, named once (docs/evaluate.md says why each).
inline constexpr int kEvaluationMinimumCohort = 60;     // Justice Data Lab's minimum
inline constexpr double kEvaluationCaliperSd = 0.2;     // of the logit's SD (Austin 2011)
inline constexpr double kEvaluationBalanceLimit = 0.1;  // largest |SMD| after matching
inline constexpr int kEvaluationFollowUpDays = kProvenFollowUpDays;  // one-year follow-up
inline constexpr int kEvaluationProvingDays = kProvenWaitingDays;    // six more to be proven
inline constexpr int kEvaluationPriorDays = 730;  // prior offending counted over 2 years

struct EvaluationCounts {
  int64_t people_referred = 0;       // people with any referral to the programme
  int64_t not_started = 0;           // ... none of which started (declined, no start date)
  int64_t follow_up_incomplete = 0;  // started less than 18 months before the as-of date
  int64_t age_or_sex_unknown = 0;    // participants the model cannot place
  int64_t eligible = 0;              // participants in the analysis
  int64_t pool = 0;                  // comparison candidates (a person at one of their offences)
  int64_t pool_people = 0;           // distinct people among them
  int64_t matched = 0;               // participants matched (= comparison people matched)
  int64_t unmatched = 0;             // participants with no comparison within the caliper
};

struct BalanceRow {
  std::string covariate;
  bool binary = false;
  double treated_before = 0, comparison_before = 0;
  std::optional<double> smd_before;
  double treated_after = 0, comparison_after = 0;
  std::optional<double> smd_after;
};

struct OutcomeRow {
  std::string outcome;  // "One-year proven reoffending rate"
  std::string unit;     // "%", "per person", "days", "harm"
  int64_t treated_n = 0, comparison_n = 0;
  std::optional<double> treated, comparison;
  std::optional<GroupDifference> difference;  // only when the evaluation is conclusive
  std::string method;                         // "Newcombe", "Welch", "descriptive"
};

struct Evaluation {
  std::string programme;
  std::string harm_scheme;
  int64_t as_of = 0;
  int64_t first_index = 0, last_index = 0;  // participants' start dates analysed
  int pseudo_index_lag_days = 0;  // comparison index = an offence + this (the cohort's median)
  int age_low = 0, age_high = 0;  // participants' ages; the comparison pool is kept within them
  EvaluationCounts counts;
  std::vector<std::string> model_terms;  // "(intercept)", "age", ...
  std::vector<double> model_coefficients;
  std::string model_problem;  // why the model failed; empty when it was fitted
  double caliper = 0;         // in logit units
  std::vector<BalanceRow> balance;
  std::optional<double> largest_smd_after;
  std::vector<OutcomeRow> outcomes;
  // Time to first proven reoffence, participants (group 1) against their matches, censored at
  // the end of the year: only when the evaluation is conclusive (its hazard ratio is an outcome).
  std::optional<LogRankResult> log_rank;
  bool conclusive = false;
  std::vector<std::string> verdict;  // plain words, first line the answer
  std::vector<std::string> notes;    // choices the data forced (exact matching on a trait)
};

// Evaluates `programme` (matched case-insensitively with the referrals' programme names) as of the
// minute `as_of`, weighting harm with `harm_by_code` (one weight per Frame::offence_code code).
// A usage error naming the programmes loaded when no referral is to `programme`.
Result<Evaluation> EvaluateProgramme(const Frame& frame, const std::vector<double>& harm_by_code,
                                     const std::string& harm_scheme, const std::string& programme,
                                     int64_t as_of);

// The latest minute of any event, referral or justice outcome: the default as-of date.
std::optional<int64_t> LatestActivityMinute(const Frame& frame);

}  // namespace cairn
