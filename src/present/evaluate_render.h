// Writers for a programme evaluation (`cairn evaluate`): a plain-text report (the verdict first,
// then the cohort, balance and outcome tables), CSV (one row per figure, with its section) and
// JSON. Aggregates only: no person, pseudonym or identifier is ever written.
#pragma once

#include <string>

#include "analysis/evaluate.h"

namespace cairn {

std::string EvaluationToText(const Evaluation& e);
// section,item,treated,comparison,difference,lower95,upper95,p,treated_n,comparison_n,method
std::string EvaluationToCsv(const Evaluation& e);
std::string EvaluationToJson(const Evaluation& e);

}  // namespace cairn
