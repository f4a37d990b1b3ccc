// The 30-day window after a domestic abuse offence: each perpetrator whose latest domestic abuse
// crime is within `window_days` of the as-of date, the days left to act, and whether a referral to
// a specialist perpetrator service (Da30Rules::programmes) was recorded from the offence to the
// end of the window. The KPI "perpetrators referred within 30 days" counts these rows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "define/list_scales.h"
#include "snapshot/frame.h"

namespace cairn {

struct Da30Row {
  uint32_t person = 0;         // row in Frame::persons
  int64_t offence = 0;         // minutes: the latest domestic abuse crime's start
  int days_remaining = 0;      // whole days left in the window after the as-of date
  int offences_in_window = 0;  // domestic abuse crimes in the 30 days
  bool referred = false;       // a specialist referral from the offence to the window's end
  int64_t referral = 0;        // minutes, when referred
  std::string programme;       // of that referral
  std::string category;        // of the latest offence
  uint32_t row = 0;            // its frame row
  std::string source, extract, reference;  // its record: reference filled by the engine
};

struct Da30List {
  int64_t as_of = 0, window_start = 0;  // minutes
  int window_days = 30;
  std::vector<Da30Row> rows;  // fewest days remaining first
  int referred = 0;           // rows with a referral
  std::vector<std::string> notes;
};

Da30List MakeDa30List(const Frame& frame, const Da30Rules& rules, int64_t as_of);

// Every perpetrator (aged min_age or over, or of unknown age) of every domestic abuse crime, with
// whether a specialist referral was recorded from the offence to the end of its window: what
// the KPI "perpetrators referred within 30 days" is the share of. Windows that end after
// `known_until` (minutes: the end of the last month referrals are loaded for) are left out, since
// a referral may still come.
struct Da30Offence {
  int64_t offence = 0;  // minutes
  uint32_t person = 0;
  bool referred = false;
};
std::vector<Da30Offence> Da30Offences(const Frame& frame, const Da30Rules& rules,
                                      int64_t known_until);

}  // namespace cairn
