// The engine's load operation: which reader a kind of extract needs, the partnership key for a
// load that pseudonymises, and the load itself. `cairn ingest` parses flags and prints; this does
// the work, so the demo, a future HTTP upload and the tests load files the same way.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ingest/boundaries.h"
#include "ingest/load.h"
#include "util/status.h"

namespace cairn {

enum class ExtractKind {
  kPoliceUk,    // data.police.uk street-level files (no profile)
  kProfile,     // a partner extract read through a mapping profile
  kBoundaries,  // LSOA boundaries (GeoJSON)
};

struct IngestRequest {
  ExtractKind kind = ExtractKind::kProfile;
  std::vector<std::string> files;  // regular files, already expanded from folders
  std::string profile;             // kProfile: the profile file
  std::string source;              // overrides the profile's source / "ONS boundaries"
  std::string code_property, name_property, crs;  // kBoundaries only
  int threads = 2;
  // The day the partner delivered the files, YYYY-MM-DD (`--received`); empty: the load's day.
  std::string received_on;
  // Or each file's day, in the order of `files` (from a delivery log: ReceivedDaysFromLog).
  std::vector<std::string> received_each;
  std::function<void(long done, long total, const LoadSummary&)> on_progress;
};

struct IngestReport {
  LoadSummary summary;
  // kBoundaries: the coordinate system each file was read in, and why.
  std::map<std::string, BoundaryCrs> crs_by_file;
  // The store's record of the partnership key after a load that pseudonymised; not ok when it
  // could not be written (the load itself stands).
  Status key_recorded;
};

// `--received DAY`: a Usage error unless DAY is a real day in the form YYYY-MM-DD and not after
// `today` (YYYY-MM-DD; empty: today where the user is, local time, so a file received just after
// midnight in summer time is not "in the future"), since a partner cannot send a file tomorrow.
Status CheckReceivedDay(const std::string& day, std::string today = "");

// Each file's received day from a delivery log: a CSV whose columns `file` and `received` give a
// file's path (relative to the log's folder, or a name any folder may hold) and the day it
// arrived. A log entry matches a file whose path ends with it, component by component. Usage
// errors name the log and line (a bad or future day) or the file (in no entry, or in two).
Result<std::vector<std::string>> ReceivedDaysFromLog(const std::string& log,
                                                     const std::vector<std::string>& files);

// The file extensions a kind of extract is looked for under a folder.
std::vector<std::string> ExtensionsFor(ExtractKind kind);

}  // namespace cairn
