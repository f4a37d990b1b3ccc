// Small string helpers used across the pipeline. Includes nothing else of ours.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn {

std::string_view Trim(std::string_view s);
std::string ToLower(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
std::vector<std::string> Split(std::string_view s, char sep);
// Lower-case hex of the bytes, two digits each.
std::string ToHex(const uint8_t* bytes, size_t n);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);

// Parses a whole string as an integer/decimal; thousands separators ("29,199") are accepted when
// allow_commas is set. Returns nullopt if any character is left over.
std::optional<int64_t> ParseInt(std::string_view s, bool allow_commas = false);
std::optional<double> ParseDouble(std::string_view s);

// Levenshtein distance, for "did you mean" suggestions.
size_t EditDistance(std::string_view a, std::string_view b);
// The one spelling suggester. By default, the candidate closest to `word` (by edit distance,
// ignoring case) if it is close enough to be a plausible typo, else "". With `nearest`, the closest
// however far; with `containment_first`, a candidate containing the word or contained in it (three
// letters or more) ranks before any other, the nearest in length first ("Surname" for "surname
// at event"). Always "" for a word of more than 100 bytes (no typo is that long, and comparing it
// would be slow) and never an empty candidate.
struct SuggestOptions {
  bool nearest = false;
  bool containment_first = false;
};
std::string Suggest(std::string_view word, const std::vector<std::string>& candidates,
                    SuggestOptions options = {});

// Shortens a value for an error message ("abc…" with at most max_chars characters).
std::string Abbreviate(std::string_view s, size_t max_chars = 40);

// Formats an integer with thousands separators: 31155 -> "31,155".
std::string WithCommas(int64_t n);

}  // namespace cairn
