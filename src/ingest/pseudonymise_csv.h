// Pseudonymising a partner's CSV extract before it is sent (`cairn pseudonymise`): named identifier
// columns are replaced in place by keyed pseudonyms; a link of several identifier columns becomes
// one person pseudonym column and the originals are dropped. Everything else passes through
// unchanged, byte for byte where it can (line endings, a byte-order mark, quoting only where
// needed). Works on text in memory: reading the file and writing the copy safely are the
// caller's (the command checks what it may write over).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "ingest/pseudonymise.h"
#include "util/status.h"

namespace cairn {

struct CsvPseudonymisation {
  std::vector<std::string> columns;     // replaced in place (names trimmed)
  std::vector<std::string> links;       // "Surname+Forename+DOB": one pseudonym column each
  std::vector<std::string> link_names;  // the pseudonym column of the link in the same position
  char delimiter = ',';
};

struct PseudonymisedCsv {
  std::string text;     // the copy to send: header, then one row per input row
  long rows = 0;        // data rows
  std::string summary;  // "pseudonymised 12 rows: columns NHSNumber; linked A+B -> P"
};

// `file_name` names the input in messages; `converted` says the text was converted from
// windows-1252 (for the summary). Nothing is returned but an error when any row is malformed.
Result<PseudonymisedCsv> PseudonymiseCsv(std::string_view data, const std::string& file_name,
                                         const CsvPseudonymisation& spec, const PartnershipKey& key,
                                         bool converted);

}  // namespace cairn
