// Profile: a partner's mapping from its extract's columns to Cairn's canonical fields (TOML; the
// format is documented in docs/profiles.md). ReadWithProfile turns one file into a Batch:
// file-level problems (missing columns, wrong delimiter, binary data, empty file) are returned as
// an error and produce no batch; row-level problems become Rejects and never stop the rest of the
// file.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "ingest/pseudonymise.h"
#include "model/batch.h"
#include "util/status.h"

namespace cairn {

struct Profile;  // defined in profile.cc

struct LoadedProfile {
  std::shared_ptr<const Profile> profile;
  std::string name;  // "police-recorded-crime"
  int version = 1;
  std::string kind;    // events | referrals | outcomes | areas | population
  std::string source;  // default source
  std::string extract;
};

// Parses and checks a profile; errors name the file, the key and what was expected. A profile that
// maps offence codes reads its `offence_codes` file, else config/offence_codes.toml beside the
// profile's folder, else `config_dir`/offence_codes.toml (the configuration in use).
Result<LoadedProfile> LoadProfile(const std::string& path, const std::string& config_dir = "");

// Whether reading through the profile pseudonymises, and so needs the partnership key (it links
// people by their identifiers).
bool NeedsKey(const Profile& profile);

// Reads one extract through the profile. `file_name` is used in messages; `data` is the raw bytes.
// `source_override` (non-empty) replaces the profile's source. The batch's sha256 is filled by the
// caller. `key` is needed when the profile has person identifiers.
Result<Batch> ReadWithProfile(const LoadedProfile& profile, const std::string& file_name,
                              std::string_view data, const PartnershipKey* key,
                              const std::string& source_override);

}  // namespace cairn
