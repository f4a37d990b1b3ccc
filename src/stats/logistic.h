// Logistic regression by maximum likelihood, for propensity scores (`cairn evaluate`,
// docs/evaluate.md): P(y = 1 | x) = 1 / (1 + exp(-(b0 + b1 x1 + ... + bp xp))).
//
// Fitted by Newton-Raphson, which for the logistic model is iteratively reweighted least squares
// (IRLS, as R's glm(family = binomial) does): each step solves (X'WX) d = X'(y - mu) with Eigen's
// LDLT, W = diag(mu (1 - mu)). The covariates are centred and scaled before fitting and the
// coefficients transformed back, so the step is well conditioned whatever their units. Converged
// when the deviance changes by less than 1e-10 relative (R's default is 1e-8), within 50
// iterations. A fit is refused, with the reason, when a column is constant, the columns are
// collinear, the outcome takes only one value, or the data are (quasi-)separated: some fitted
// probability within 1e-9 of 0 or 1 while a standardised coefficient exceeds 10 (the coefficients
// keep growing: no finite maximum exists and any coefficients printed would be arbitrary).
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace cairn {

struct LogisticFit {
  // Intercept first, then one per covariate column, on the covariates' own scale.
  std::vector<double> coefficients;
  std::vector<double> standard_errors;  // from the inverse of X'WX at the optimum
  double deviance = 0;                  // -2 log likelihood
  int iterations = 0;
};

// Fits y on the covariates: `x` holds n rows of `columns` values, row after row; `y` n values of 0
// or 1. Invalid (with the reason in plain words) when the fit does not exist or does not converge.
Result<LogisticFit> FitLogistic(const std::vector<double>& x, size_t columns,
                                const std::vector<uint8_t>& y);

// The linear predictor b0 + b·x of row `row` of `x` (the logit of the fitted probability).
double LogisticLinearPredictor(const LogisticFit& fit, const std::vector<double>& x, size_t columns,
                               size_t row);

}  // namespace cairn
