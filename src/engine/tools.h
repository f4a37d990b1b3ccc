// The operations that need no workspace: what a partner runs on its own files before sending them
// or after receiving a list (pseudonymise, reidentify), the synthetic county (synth), and the tools
// that work on whole stores (copy, a partner's access to a PostgreSQL store). Each is one call for
// a command, a test or a server to make.
#pragma once

#include <string>
#include <vector>

#include "engine/outputs.h"
#include "store/copy_store.h"
#include "store/postgres/agency_access.h"
#include "synth/synth.h"
#include "util/status.h"

namespace cairn {

// `cairn pseudonymise`: identifier columns of a CSV file (or a workbook's sheet) replaced by keyed
// pseudonyms, written to `out` (mode 0600, atomically; never over the input, the store or a key).
struct PseudonymiseFileRequest {
  std::string key_path;
  std::vector<std::string> columns;     // replaced in place
  std::vector<std::string> links;       // "Surname+Forename+DOB": one pseudonym column each
  std::vector<std::string> link_names;  // the pseudonym column of the link in the same position
  char delimiter = ',';
  bool windows1252 = false;  // the input is Excel's plain "CSV"
  std::string in, out;
  std::string sheet;  // a workbook's sheet; empty = the first
  bool force = false;
  ProtectedFiles protect;  // the store and keys of the command's own setting
};
// Returns the summary for the person running it (columns and rows pseudonymised).
Result<std::string> PseudonymiseFile(const PseudonymiseFileRequest& request);

// `cairn reidentify`: the list's CSV with the partner's own names added to the rows it can match.
struct ReidentifyRequest {
  std::string key_path, list, extract, profile;
  std::string out;  // empty: only returned
  bool force = false;
  ProtectedFiles protect;
};
struct Reidentified {
  std::string csv;
  size_t matched = 0;  // rows named
};
Result<Reidentified> ReidentifyList(const ReidentifyRequest& request);

// `cairn synth`: the synthetic county's extracts, into a folder it made or makes (synthetic
// extracts carry real partners' file names, so never a partner's own folder).
Result<SynthSummary> Synthesise(const SynthOptions& options);

// `cairn copy`: a whole store into a new, empty one, with each table's check on both sides.
Result<std::vector<TableCheck>> CopyStore(const std::string& from, const std::string& to);

// `cairn pg-roles`: the SQL that gives a partner's login its agency's records on the PostgreSQL
// store at `location` (a usage error for any other kind of store or a location that does not
// parse), and running it.
Result<std::string> PartnerAccessSql(const std::string& location, const AgencyAccess& access);
Status ApplyPartnerAccess(const std::string& location, const std::string& sql);

}  // namespace cairn
