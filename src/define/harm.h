// HarmWeights: per Home Office offence code, the weight of one offence under each harm scheme
// (config/harm_weights.toml), so that any count can also be shown as harm: total harm =
// sum over offences of count x weight (../shared/METHODS.md section 6).
//
// Shipped schemes: "cchi", the Cambridge Crime Harm Index (days of imprisonment at the sentencing
// guideline starting point for a first offender; Sherman, Neyroud & Neyroud 2016), and "css", the
// ONS Crime Severity Score (average sentence severity in prison-day equivalents; ONS 2016). Every
// weight says whether it was checked against the scheme's own table (confirmed) and whether Cairn
// chose the number itself (placeholder); outputs must say when they use either.
//
// File format:
//   [scheme.cchi]                    title, unit, citation, status (all text)
//   [[offence]]
//   code = "1"                       as in config/offence_codes.toml ("4.10" reads as "4/10")
//   description = "Murder"
//   [offence.cchi]                   one sub-table per scheme that weights the code
//   weight = 5475                    >= 0
//   confirmed = false                required
//   placeholder = false              optional, default false
//   note = "..."                     required unless confirmed
//
// Immutable after loading; safe to share between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/status.h"

namespace cairn {

struct HarmScheme {
  std::string name;      // "cchi"
  std::string title;     // "Cambridge Crime Harm Index"
  std::string unit;      // "days of imprisonment"
  std::string citation;  // where the scheme and its values come from
  std::string status;    // how far the shipped values have been checked
};

struct HarmWeight {
  double weight = 0;
  bool confirmed = false;    // checked against the scheme's published table
  bool placeholder = false;  // chosen by Cairn, not taken from any source
  std::string note;
};

class HarmWeights {
 public:
  // Reads the file at `path`. Reports every problem (naming the file, the offence code and the
  // key), then fails.
  static Result<HarmWeights> Load(const std::string& path);
  // The same from text already in memory; `display_name` is how messages name it.
  static Result<HarmWeights> Parse(std::string_view text, const std::string& display_name);

  // The weight of one offence with this code under the scheme ("cchi" or "css"; case-insensitive),
  // or nullopt when the scheme is unknown or does not weight the code. The code is normalised
  // first ("08n" -> "8N", "4.10" -> "4/10").
  std::optional<double> Weight(std::string_view scheme, std::string_view offence_code) const;
  // True only when the weight exists and was checked against the scheme's own table.
  bool Confirmed(std::string_view scheme, std::string_view offence_code) const;
  // The full entry, or nullptr.
  const HarmWeight* Find(std::string_view scheme, std::string_view offence_code) const;

  // The scheme with this name, or nullptr.
  const HarmScheme* Scheme(std::string_view name) const;
  std::vector<std::string> SchemeNames() const;
  // The offence codes the scheme weights, sorted.
  std::vector<std::string> Codes(std::string_view scheme) const;
  // Usage error naming the scheme and the nearest known one if `name` is not a scheme.
  Status CheckScheme(std::string_view name) const;

  // One weight per entry of an offence-code dictionary (Frame::offence_code.dict()): the weight of
  // that code, or 0 where the scheme has none (code 0, the missing value, is always 0). For
  // QuerySpec::harm_by_offence_code. `unweighted`, if given, receives the codes with no weight.
  std::vector<double> WeightsByCode(std::string_view scheme,
                                    const std::vector<std::string>& offence_code_dict,
                                    std::vector<std::string>* unweighted = nullptr) const;

 private:
  struct SchemeWeights {
    HarmScheme scheme;
    std::unordered_map<std::string, HarmWeight> by_code;
  };
  const SchemeWeights* FindScheme(std::string_view name) const;

  std::map<std::string, SchemeWeights, std::less<>> schemes_;
};

}  // namespace cairn
