#include "present/evaluate_render.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "util/csv.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

namespace {

std::string Fixed(std::optional<double> v, int digits) {
  if (!v || !std::isfinite(*v)) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, *v);
  return buf;
}

std::string P(const std::optional<GroupDifference>& d) {
  if (!d) return "";
  return d->p < 0.001 ? "<0.001" : Fixed(d->p, 3);
}

// Code points, for alignment (names may hold accented letters).
size_t DisplayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

struct CsvOut {
  std::string text;
  void Row(const std::vector<std::string>& fields) {
    for (size_t i = 0; i < fields.size(); ++i) text += (i ? "," : "") + CsvField(fields[i]);
    text += "\n";
  }
};

int DigitsFor(const std::string& unit) {
  return unit == "per person" || unit == "hazard ratio" ? 2 : 1;
}

// Columns padded to their widest cell, the first left-aligned and the rest right-aligned.
std::string Aligned(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& row : rows)
    for (size_t c = 0; c < row.size(); ++c) {
      if (width.size() <= c) width.push_back(0);
      width[c] = std::max(width[c], DisplayWidth(row[c]));
    }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - DisplayWidth(row[c]), ' ');
      line += c == 0 ? "  " + row[c] + pad : "  " + pad + row[c];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::vector<std::pair<std::string, int64_t>> CountRows(const Evaluation& e) {
  const auto& c = e.counts;
  return {{"People referred to the programme", c.people_referred},
          {"  never started (no start date)", c.not_started},
          {"  started too recently for 18 months' follow-up", c.follow_up_incomplete},
          {"  age or sex unknown", c.age_or_sex_unknown},
          {"Participants analysed", c.eligible},
          {"Comparison candidates (a person at one of their offences)", c.pool},
          {"  distinct people (offending history, not referred by then)", c.pool_people},
          {"Participants matched (1:1)", c.matched},
          {"Participants unmatched (no comparison within the caliper)", c.unmatched}};
}

}  // namespace

std::string EvaluationToText(const Evaluation& e) {
  std::string out = "Evaluation of " + e.programme + " as of " + FormatDate(e.as_of) +
                    " (Justice Data Lab method; docs/evaluate.md)\n\n";
  for (const std::string& line : e.verdict) out += line + "\n";
  out += "\nCohort";
  if (e.counts.eligible > 0)
    out += " (participants who started from " + FormatDate(e.first_index) + " to " +
           FormatDate(e.last_index) + ", aged " + std::to_string(e.age_low) + " to " +
           std::to_string(e.age_high) + "; comparison indexed " +
           std::to_string(e.pseudo_index_lag_days) + " days after an offence)";
  out += "\n";
  std::vector<std::vector<std::string>> counts;
  for (const auto& [name, n] : CountRows(e)) counts.push_back({name, WithCommas(n)});
  out += Aligned(counts);
  for (const std::string& note : e.notes) out += "  " + note + "\n";
  if (!e.balance.empty()) {
    out += "\nBalance (mean or share; standardised difference, good when |SMD| <= " +
           Fixed(kEvaluationBalanceLimit, 1) + " after matching; caliper " + Fixed(e.caliper, 3) +
           " on the logit)\n";
    std::vector<std::vector<std::string>> rows = {{"covariate", "treated", "comparison", "SMD",
                                                   "treated matched", "comparison matched",
                                                   "SMD matched"}};
    for (const BalanceRow& b : e.balance) {
      const int d = b.binary ? 3 : 2;
      const bool after = e.counts.matched > 0;
      rows.push_back({b.covariate, Fixed(b.treated_before, d), Fixed(b.comparison_before, d),
                      Fixed(b.smd_before, 3), after ? Fixed(b.treated_after, d) : "",
                      after ? Fixed(b.comparison_after, d) : "", Fixed(b.smd_after, 3)});
    }
    out += Aligned(rows);
  }
  if (!e.outcomes.empty()) {
    out += std::string(
               "\nOutcomes (offences committed within 12 months of the index; proven by a "
               "caution or conviction within a further 6 months; harm: ") +
           e.harm_scheme + ")\n";
    std::vector<std::vector<std::string>> rows = {{"outcome", "treated", "comparison", "difference",
                                                   "95% CI", "p", "n treated", "n comparison"}};
    for (const OutcomeRow& o : e.outcomes) {
      const int d = DigitsFor(o.unit);
      const std::string unit = o.unit == "%" ? "%" : "";
      const auto& diff = o.difference;
      rows.push_back({o.outcome, o.treated ? Fixed(o.treated, d) + unit : "",
                      o.comparison ? Fixed(o.comparison, d) + unit : "",
                      diff ? Fixed(diff->difference, d) : "",
                      diff ? Fixed(diff->lower95, d) + " to " + Fixed(diff->upper95, d) : "",
                      P(diff), WithCommas(o.treated_n), WithCommas(o.comparison_n)});
    }
    out += Aligned(rows);
    out += e.conclusive
               ? "  Rates: Newcombe's hybrid score interval and a pooled two-proportion z test; "
                 "means: Welch's t. Days to first: median among reoffenders, descriptive; over "
                 "everyone, censored at a year, the log-rank test, with each group's observed / "
                 "expected first reoffences and Peto's hazard ratio as the difference.\n"
               : "  Descriptive only: no differences, intervals or tests are given.\n";
  }
  return out;
}

std::string EvaluationToCsv(const Evaluation& e) {
  CsvOut w;
  w.Row({"section", "item", "treated", "comparison", "difference", "lower95", "upper95", "p",
         "treated_n", "comparison_n", "method"});
  for (const std::string& line : e.verdict)
    w.Row({"verdict", line, "", "", "", "", "", "", "", "", ""});
  for (const std::string& note : e.notes) w.Row({"note", note, "", "", "", "", "", "", "", "", ""});
  for (const auto& [name, n] : CountRows(e))
    w.Row({"cohort", std::string(Trim(name)), std::to_string(n), "", "", "", "", "", "", "", ""});
  for (const BalanceRow& b : e.balance) {
    w.Row({"balance before", b.covariate, Fixed(b.treated_before, 6), Fixed(b.comparison_before, 6),
           Fixed(b.smd_before, 6), "", "", "", "", "", "standardised difference"});
    w.Row({"balance after", b.covariate, Fixed(b.treated_after, 6), Fixed(b.comparison_after, 6),
           Fixed(b.smd_after, 6), "", "", "", "", "", "standardised difference"});
  }
  for (const OutcomeRow& o : e.outcomes) {
    const auto& d = o.difference;
    w.Row({"outcome", o.outcome + " (" + o.unit + ")", Fixed(o.treated, 6), Fixed(o.comparison, 6),
           d ? Fixed(d->difference, 6) : "", d ? Fixed(d->lower95, 6) : "",
           d ? Fixed(d->upper95, 6) : "", d ? Fixed(d->p, 6) : "", std::to_string(o.treated_n),
           std::to_string(o.comparison_n), o.method});
  }
  return w.text;
}

std::string EvaluationToJson(const Evaluation& e) {
  using Json = nlohmann::ordered_json;
  auto num = [](std::optional<double> v) {
    return v && std::isfinite(*v) ? Json(*v) : Json(nullptr);
  };
  Json j;
  j["programme"] = e.programme;
  j["as_of"] = FormatDate(e.as_of);
  j["method"] = "Justice Data Lab: propensity-score matching (docs/evaluate.md)";
  j["conclusive"] = e.conclusive;
  j["verdict"] = e.verdict;
  j["notes"] = e.notes;
  const auto& c = e.counts;
  j["cohort"] = {{"people_referred", c.people_referred},
                 {"not_started", c.not_started},
                 {"follow_up_incomplete", c.follow_up_incomplete},
                 {"age_or_sex_unknown", c.age_or_sex_unknown},
                 {"eligible", c.eligible},
                 {"comparison_candidates", c.pool},
                 {"comparison_people", c.pool_people},
                 {"matched", c.matched},
                 {"unmatched", c.unmatched}};
  if (c.eligible > 0) {
    j["cohort"]["first_index"] = FormatDate(e.first_index);
    j["cohort"]["last_index"] = FormatDate(e.last_index);
    j["cohort"]["age_low"] = e.age_low;
    j["cohort"]["age_high"] = e.age_high;
    j["cohort"]["pseudo_index_lag_days"] = e.pseudo_index_lag_days;
  }
  j["thresholds"] = {{"minimum_matched", kEvaluationMinimumCohort},
                     {"caliper_sd_of_logit", kEvaluationCaliperSd},
                     {"balance_limit_smd", kEvaluationBalanceLimit}};
  Json model;
  model["problem"] = e.model_problem.empty() ? Json(nullptr) : Json(e.model_problem);
  model["caliper"] = e.caliper;
  for (size_t k = 0; k < e.model_coefficients.size() && k < e.model_terms.size(); ++k)
    model["coefficients"].push_back(
        {{"term", e.model_terms[k]}, {"value", e.model_coefficients[k]}});
  j["model"] = model;
  j["largest_smd_after"] = num(e.largest_smd_after);
  j["balance"] = Json::array();
  for (const BalanceRow& b : e.balance)
    j["balance"].push_back({{"covariate", b.covariate},
                            {"binary", b.binary},
                            {"treated_before", b.treated_before},
                            {"comparison_before", b.comparison_before},
                            {"smd_before", num(b.smd_before)},
                            {"treated_after", b.treated_after},
                            {"comparison_after", b.comparison_after},
                            {"smd_after", num(b.smd_after)}});
  j["outcomes"] = Json::array();
  for (const OutcomeRow& o : e.outcomes) {
    Json row = {{"outcome", o.outcome},      {"unit", o.unit},
                {"treated", num(o.treated)}, {"comparison", num(o.comparison)},
                {"treated_n", o.treated_n},  {"comparison_n", o.comparison_n},
                {"method", o.method}};
    const auto& d = o.difference;
    row["difference"] = d ? Json(d->difference) : Json(nullptr);
    row["lower95"] = d ? Json(d->lower95) : Json(nullptr);
    row["upper95"] = d ? Json(d->upper95) : Json(nullptr);
    row["p"] = d ? Json(d->p) : Json(nullptr);
    j["outcomes"].push_back(row);
  }
  if (e.log_rank) {
    const LogRankResult& lr = *e.log_rank;
    j["log_rank"] = {{"outcome", "time to first proven reoffence (days, censored at 365)"},
                     {"observed_treated", lr.observed1},
                     {"expected_treated", lr.expected1},
                     {"observed_comparison", lr.observed2},
                     {"expected_comparison", lr.expected2},
                     {"variance", lr.variance},
                     {"chi_square", lr.chi_square},
                     {"p", lr.p},
                     {"hazard_ratio", lr.hazard_ratio},
                     {"lower95", lr.lower95},
                     {"upper95", lr.upper95}};
  } else {
    j["log_rank"] = nullptr;
  }
  return j.dump(2) + "\n";
}

}  // namespace cairn
