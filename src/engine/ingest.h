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

// The file extensions a kind of extract is looked for under a folder.
std::vector<std::string> ExtensionsFor(ExtractKind kind);

}  // namespace cairn
