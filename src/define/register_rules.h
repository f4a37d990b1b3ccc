// RegisterRules: the accountability register's configuration (config/register/register.toml):
// the owner agencies, the RAG threshold and the clocks that make an item due.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "util/status.h"

namespace cairn {

// Something due a fixed time after a date of an item: for items of `kind`, due `days` (or
// `months`) after the date in column `from`, met by a date in column `until`.
struct RegisterClock {
  std::string name, what, kind, from, until, basis;
  int days = 0, months = 0;
  bool beginning_with = false;  // the `from` day is day 1: due = from + days - 1
  bool confirmed = false;       // the number is confirmed in law or guidance
};

struct RegisterRules {
  std::map<std::string, std::string> agencies;  // code -> name
  int amber_within_days = 28;
  std::vector<RegisterClock> clocks;

  // Every problem names the file and the key.
  static Result<RegisterRules> Load(const std::string& path);
  // The agency's name, or the code itself when it is not listed.
  std::string AgencyName(const std::string& code) const;
};

}  // namespace cairn
