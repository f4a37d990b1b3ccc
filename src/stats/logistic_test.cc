#include "stats/logistic.h"

#include <gtest/gtest.h>

namespace cairn {
namespace {

// Reference values from R 4 (Debian r-base-core), computed once:
//   y <- c(0,0,1,0,1,1); x <- 1:6
//   f <- glm(y ~ x, family = binomial, control = glm.control(epsilon = 1e-14, maxit = 100))
//   coef(f); sqrt(diag(vcov(f))); deviance(f)
TEST(Logistic, OneCovariateMatchesRGlm) {
  auto fit = FitLogistic({1, 2, 3, 4, 5, 6}, 1, {0, 0, 1, 0, 1, 1});
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  EXPECT_NEAR(fit->coefficients[0], -4.24909655048, 1e-6);
  EXPECT_NEAR(fit->coefficients[1], 1.21402758585, 1e-6);
  EXPECT_NEAR(fit->standard_errors[0], 3.387850220608, 1e-5);
  EXPECT_NEAR(fit->standard_errors[1], 0.912585559884, 1e-5);
  EXPECT_NEAR(fit->deviance, 4.9559736701, 1e-7);
}

//   age <- c(12,15,17,14,16,13,15,17,12,16,14,15,13,17,16,12,14,15,16,13)
//   prior <- c(0,2,5,1,3,0,4,2,1,6,0,3,2,1,5,0,2,1,4,3)
//   male <- c(1,1,0,1,1,0,1,1,0,1,0,1,1,0,1,0,1,0,1,1)
//   took <- c(0,1,1,0,1,0,0,1,0,1,0,1,0,0,1,0,1,0,0,1)
//   g <- glm(took ~ age + prior + male, family = binomial,
//            control = glm.control(epsilon = 1e-14, maxit = 100))
//   coef(g); sqrt(diag(vcov(g))); deviance(g)
TEST(Logistic, ThreeCovariatesMatchRGlm) {
  const double age[] = {12, 15, 17, 14, 16, 13, 15, 17, 12, 16,
                        14, 15, 13, 17, 16, 12, 14, 15, 16, 13};
  const double prior[] = {0, 2, 5, 1, 3, 0, 4, 2, 1, 6, 0, 3, 2, 1, 5, 0, 2, 1, 4, 3};
  const double male[] = {1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1};
  const std::vector<uint8_t> took = {0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1};
  std::vector<double> x;
  for (size_t i = 0; i < took.size(); ++i) x.insert(x.end(), {age[i], prior[i], male[i]});
  auto fit = FitLogistic(x, 3, took);
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  const double coef[] = {-10.289077304523, 0.481114258631, 0.566859935843, 2.195987046366};
  const double se[] = {7.803748272765, 0.508078637231, 0.495437965819, 1.735348119923};
  for (size_t k = 0; k < 4; ++k) {
    EXPECT_NEAR(fit->coefficients[k], coef[k], 1e-6) << k;
    EXPECT_NEAR(fit->standard_errors[k], se[k], 1e-5) << k;
  }
  EXPECT_NEAR(fit->deviance, 16.7674919755, 1e-7);
  EXPECT_NEAR(LogisticLinearPredictor(*fit, x, 3, 0),
              -10.289077304523 + 0.481114258631 * 12 + 2.195987046366, 1e-6);
}

TEST(Logistic, SeparatedDataAreRefusedWithTheReason) {
  auto fit = FitLogistic({1, 2, 3, 4, 5, 6}, 1, {0, 0, 0, 1, 1, 1});
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().message(),
            "logistic model: the covariates separate those who took part from those who did not "
            "(some fitted probabilities are 0 or 1), so no finite fit exists");
}

TEST(Logistic, CollinearAndConstantColumnsAreRefused) {
  auto constant = FitLogistic({1, 5, 2, 5, 3, 5, 4, 5}, 2, {0, 1, 0, 1});
  ASSERT_FALSE(constant.ok());
  EXPECT_EQ(constant.status().message(), "logistic model: covariate 2 takes one value only");
  auto collinear = FitLogistic({1, 2, 2, 4, 3, 6, 4, 8, 5, 10, 6, 12}, 2, {0, 1, 0, 1, 1, 0});
  ASSERT_FALSE(collinear.ok());
  EXPECT_NE(collinear.status().message().find("collinear"), std::string::npos);
  auto one_value = FitLogistic({1, 2, 3}, 1, {1, 1, 1});
  ASSERT_FALSE(one_value.ok());
  EXPECT_EQ(one_value.status().message(),
            "logistic model: every outcome is 1, so there is nothing to model");
}

}  // namespace
}  // namespace cairn
