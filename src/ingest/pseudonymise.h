// Pseudonymisation: identifiers (names, dates of birth, PNC and NHS numbers, addresses) become
// keyed HMAC-SHA256 pseudonyms over normalised values, so the same person links across agencies
// while no identifier is ever stored. The key belongs to the partnership (created by `cairn init`,
// file mode 0600) and never enters the store; with another key the same person gets another
// pseudonym.
//
// Normalisation makes trivially different spellings agree: case, surrounding and repeated
// whitespace, accents (José = Jose, via ICU), punctuation (O'Neil = ONeil, "485 777 3456" =
// "4857773456") and date formats (13/04/1990 = 1990-04-13 = 13-Apr-1990). Thread-safe: all
// functions are pure given the key.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/batch.h"
#include "util/status.h"

namespace cairn {

// The first line of a key file.
inline constexpr std::string_view kKeyFileHeader = "cairn-partnership-key v1";

struct PartnershipKey {
  std::array<uint8_t, 32> bytes{};
};

// Creates a new random key file with mode 0600; refuses to overwrite an existing file.
Status CreateKeyFile(const std::string& path);
Result<PartnershipKey> LoadKeyFile(const std::string& path);

// Normalises one identifier value (see above). Returns "" for a blank value and for placeholders
// such as "NULL", "Unknown", "N/A" or "0000000000", so they never link unrelated people.
std::string NormaliseIdentifier(std::string_view value);

// HMAC-SHA256 over the normalised values joined with U+001F. All-blank input is a caller error
// (check with AllBlank first): a blank identifier must not link unrelated people.
Pseudonym MakePseudonym(const PartnershipKey& key, const std::vector<std::string_view>& values);
bool AllBlank(const std::vector<std::string_view>& values);

std::string PseudonymToHex(const Pseudonym& p);

// 16 hex characters that tell keys apart (an HMAC of a fixed text under the key): what a store
// records of the key that built it. The key cannot be recovered from it.
std::string KeyFingerprint(const PartnershipKey& key);  // 64 lower-case hex characters
bool PseudonymFromHex(std::string_view hex, Pseudonym* out);

}  // namespace cairn
