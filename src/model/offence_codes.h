// OffenceCodes: the Home Office offence codes Cairn knows (config/offence_codes.toml), each with
// its description and the police.uk-style group it falls in ("Violence and sexual offences",
// "Robbery",
// ...). Profile ingest checks every offence code against this list and, when a profile does not map
// a category, takes the event's category from the code's group. Immutable after loading; safe to
// share between threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "util/status.h"

namespace cairn {

struct OffenceCode {
  std::string code;         // canonical spelling, e.g. "8N", "4/10"
  std::string description;  // "Assault with injury"
  std::string group;        // police.uk-style category, e.g. "Violence and sexual offences"
  bool confirmed = true;  // false where the description or group still needs checking against HOCR
};

class OffenceCodes {
 public:
  // Reads the TOML list at `path`; `display_name` is how messages name the file
  // ("config/offence_codes.toml"). Errors name the file, the entry and what was expected.
  static Result<OffenceCodes> Load(const std::string& path, const std::string& display_name);

  // The entry for `code` after normalisation (see NormaliseOffenceCode), or nullptr.
  const OffenceCode* Find(std::string_view code) const;
  const std::string& display_name() const { return display_name_; }
  size_t size() const { return by_code_.size(); }

 private:
  std::unordered_map<std::string, OffenceCode> by_code_;
  std::string display_name_;
};

// Canonical spelling of an offence code as partner systems write it: trimmed, upper case, "." as
// the sub-code separator becomes "/", leading zeros dropped ("08n" -> "8N", "4.10" -> "4/10").
std::string NormaliseOffenceCode(std::string_view code);

}  // namespace cairn
