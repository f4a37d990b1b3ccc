// Newton-Raphson for the logistic log likelihood (see logistic.h). Worked example (checked against
// R in logistic_test.cc): for y = (0 0 1 0 1 1) on x = (1 2 3 4 5 6) the maximum of
// sum y log mu + (1 - y) log(1 - mu) is at b0 = -4.24910, b1 = 1.21403 (standard errors 3.38785 and
// 0.91259, deviance 4.95597), as R's glm gives. Reference: McCullagh & Nelder, Generalized Linear
// Models (1989), 4.4.
#include "stats/logistic.h"

#include <Eigen/Dense>
#include <cmath>

namespace cairn {

namespace {

constexpr int kMaxIterations = 50;
constexpr double kTolerance = 1e-10;
constexpr double kBoundary = 1e-9;
constexpr double kSeparatedCoefficient = 10;

double Deviance(const Eigen::VectorXd& y, const Eigen::VectorXd& eta) {
  double d = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    // log(1 + exp(eta)) without overflow.
    const double softplus =
        eta[i] > 0 ? eta[i] + std::log1p(std::exp(-eta[i])) : std::log1p(std::exp(eta[i]));
    d += 2 * (softplus - y[i] * eta[i]);
  }
  return d;
}

Eigen::VectorXd Probabilities(const Eigen::VectorXd& eta) {
  return eta.unaryExpr([](double e) { return 1.0 / (1.0 + std::exp(-e)); });
}

}  // namespace

Result<LogisticFit> FitLogistic(const std::vector<double>& x, size_t columns,
                                const std::vector<uint8_t>& y) {
  const size_t n = y.size();
  if (x.size() != n * columns)
    return Status::Invalid("logistic model: the covariates do not have one row per outcome");
  const Eigen::Index p = static_cast<Eigen::Index>(columns) + 1;
  if (n < static_cast<size_t>(p) + 1)
    return Status::Invalid("logistic model: " + std::to_string(n) + " rows are too few for " +
                           std::to_string(columns) + " covariates");
  Eigen::VectorXd yv(n);
  double ones = 0;
  for (size_t i = 0; i < n; ++i) {
    if (y[i] > 1) return Status::Invalid("logistic model: an outcome is neither 0 nor 1");
    yv[i] = y[i];
    ones += y[i];
  }
  if (ones == 0 || ones == static_cast<double>(n))
    return Status::Invalid("logistic model: every outcome is " +
                           std::string(ones == 0 ? "0" : "1") + ", so there is nothing to model");

  // Standardised design with a column of ones.
  Eigen::MatrixXd design(n, p);
  std::vector<double> mean(columns), scale(columns);
  design.col(0).setOnes();
  for (size_t c = 0; c < columns; ++c) {
    double sum = 0, sum2 = 0;
    for (size_t i = 0; i < n; ++i) sum += x[i * columns + c];
    mean[c] = sum / static_cast<double>(n);
    for (size_t i = 0; i < n; ++i) sum2 += std::pow(x[i * columns + c] - mean[c], 2);
    scale[c] = std::sqrt(sum2 / static_cast<double>(n));
    if (!(scale[c] > 0))
      return Status::Invalid("logistic model: covariate " + std::to_string(c + 1) +
                             " takes one value only");
    for (size_t i = 0; i < n; ++i)
      design(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c) + 1) =
          (x[i * columns + c] - mean[c]) / scale[c];
  }

  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  Eigen::VectorXd eta = design * beta;
  double deviance = Deviance(yv, eta);
  Eigen::MatrixXd information;
  int iteration = 0;
  bool converged = false;
  while (iteration < kMaxIterations && !converged) {
    ++iteration;
    const Eigen::VectorXd mu = Probabilities(eta);
    const Eigen::VectorXd w = mu.array() * (1.0 - mu.array());
    information = design.transpose() * w.asDiagonal() * design;
    const Eigen::VectorXd score = design.transpose() * (yv - mu);
    Eigen::LDLT<Eigen::MatrixXd> ldlt(information);
    const Eigen::VectorXd pivots = ldlt.vectorD().cwiseAbs();
    if (ldlt.info() != Eigen::Success || !(pivots.minCoeff() > 1e-10 * pivots.maxCoeff()))
      return Status::Invalid(
          "logistic model: the covariates are collinear (one is a combination of the others), "
          "so their effects cannot be told apart");
    Eigen::VectorXd step = ldlt.solve(score);
    // Step halving keeps every iteration an improvement (as glm.fit does when the deviance
    // grows).
    double next = 0;
    Eigen::VectorXd next_beta;
    for (int half = 0; half < 30; ++half, step /= 2) {
      next_beta = beta + step;
      next = Deviance(yv, design * next_beta);
      if (std::isfinite(next) && next <= deviance + 1e-12) break;
    }
    converged = std::abs(next - deviance) < kTolerance * (std::abs(next) + 0.1);
    beta = next_beta;
    eta = design * beta;
    deviance = next;
  }
  // Separation: fitted probabilities at 0 or 1 with coefficients growing without bound (on the
  // standardised scale, an odds ratio above e^10 per standard deviation). Probabilities at the
  // boundary with moderate coefficients are only people far out on a covariate, as glm's warning
  // "fitted probabilities numerically 0 or 1 occurred" allows.
  const Eigen::VectorXd mu = Probabilities(eta);
  const bool at_boundary = (mu.array() < kBoundary).any() || (mu.array() > 1 - kBoundary).any();
  if (at_boundary && beta.tail(p - 1).cwiseAbs().maxCoeff() > kSeparatedCoefficient)
    return Status::Invalid(
        "logistic model: the covariates separate those who took part from those who did not "
        "(some fitted probabilities are 0 or 1), so no finite fit exists");
  if (!converged)
    return Status::Invalid("logistic model: did not converge in " + std::to_string(kMaxIterations) +
                           " iterations");

  // Back to the covariates' own scale: b_c = g_c / s_c, b0 = g0 - sum g_c m_c / s_c.
  const Eigen::VectorXd mu_final = Probabilities(eta);
  const Eigen::VectorXd w = mu_final.array() * (1.0 - mu_final.array());
  information = design.transpose() * w.asDiagonal() * design;
  Eigen::MatrixXd transform = Eigen::MatrixXd::Identity(p, p);  // b = T g
  for (size_t c = 0; c < columns; ++c) {
    const Eigen::Index k = static_cast<Eigen::Index>(c) + 1;
    transform(k, k) = 1 / scale[c];
    transform(0, k) = -mean[c] / scale[c];
  }
  const Eigen::VectorXd b = transform * beta;
  const Eigen::MatrixXd covariance =
      transform * information.ldlt().solve(Eigen::MatrixXd::Identity(p, p)) * transform.transpose();
  LogisticFit fit;
  fit.iterations = iteration;
  fit.deviance = deviance;
  for (Eigen::Index k = 0; k < p; ++k) {
    fit.coefficients.push_back(b[k]);
    fit.standard_errors.push_back(std::sqrt(covariance(k, k)));
  }
  return fit;
}

double LogisticLinearPredictor(const LogisticFit& fit, const std::vector<double>& x, size_t columns,
                               size_t row) {
  double eta = fit.coefficients[0];
  for (size_t c = 0; c < columns; ++c) eta += fit.coefficients[c + 1] * x[row * columns + c];
  return eta;
}

}  // namespace cairn
