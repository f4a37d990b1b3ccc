// The scales of the operational lists (config/lists/*.toml), read once with the configuration.
// MATAC's Recency-Frequency-Gravity-Victims score: each part is points from a banded scale, the
// score is their sum. The shipped scales are Cairn's own (the published matrix was not found) and
// say so in `scales`, which every list prints.
#pragma once

#include <string>
#include <vector>

#include "util/status.h"

namespace cairn {

// Points for a value: the first band it reaches. `below` bands: value < limit; `at_least` bands:
// value >= limit. A value reaching none gets `otherwise`.
struct PointScale {
  bool below = false;
  std::vector<double> limits;
  std::vector<int> points;
  int otherwise = 0;
  int Points(double value) const;
};

struct MatacScales {
  std::string scales;  // what the scales are and who chose them, printed with every list
  int window_months = 36, min_age = 16, min_events = 2, min_victims = 2, previous_days = 28;
  PointScale recency, frequency, gravity, victims;
  std::string gravity_scheme = "cchi";
  // Reads the file; every problem names the file and the key.
  static Result<MatacScales> Load(const std::string& path);
};

// The 30-day window after a domestic abuse offence (config/lists/da30.toml).
struct Da30Rules {
  int window_days = 30, min_age = 16;
  std::vector<std::string> programmes;  // referrals that count as specialist support, lower case
  static Result<Da30Rules> Load(const std::string& path);
};

// Repeat victims, suspects and locations (config/lists/repeats.toml).
struct RepeatRules {
  int window_months = 12, min_events = 2;
  static Result<RepeatRules> Load(const std::string& path);
};

// The ASB case review threshold and the case-review log (config/lists/asb-review.toml).
struct AsbReviewRules {
  int threshold = 3, window_months = 6, report_within_days = 30;
  bool multi_agency_once = true;           // one incident reported by several agencies counts once
  std::vector<std::string> programmes;     // referral programmes that are applications, lower case
  std::vector<std::string> threshold_met;  // outcomes meaning the threshold was met, lower case
  std::vector<std::string> recommendations;  // outcomes meaning the review made recommendations
  int year_starts_month = 4;                 // published figures: April-March financial years
  static Result<AsbReviewRules> Load(const std::string& path);
};

}  // namespace cairn
