// Re-identification at the partner, never at the centre: a partner that holds the key and its own
// extract finds which pseudonyms in a list are people in its records, by pseudonymising its extract
// exactly as the load did (the profile's link columns), and adds its own values for those rows.
// Rows it cannot match stay pseudonymised: nobody learns a name they did not already hold.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "ingest/profile.h"
#include "ingest/pseudonymise.h"
#include "util/status.h"

namespace cairn {

// Pseudonym (64 hex characters) -> the partner's own link values for that person ("Surname
// Forename DOB", as written in the extract), for every [[people]] group that links by columns.
using NamesByPseudonym = std::unordered_map<std::string, std::string>;

Result<NamesByPseudonym> NamesInExtract(const Profile& profile, const std::string& file_name,
                                        std::string_view data, const PartnershipKey& key);

// The list's CSV with a `partner_record` column after `person`: the partner's values where the
// pseudonym is one of `names`, blank otherwise. `matched` receives the number of rows named.
Result<std::string> AddPartnerNames(const std::string& list_name, std::string_view list_csv,
                                    const NamesByPseudonym& names, size_t* matched);

}  // namespace cairn
