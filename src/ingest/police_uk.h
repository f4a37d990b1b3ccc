// data.police.uk street-level CSVs exactly as published: one file per force per month with the
// header
//   Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,
//   Crime type,Last outcome category,Context
// Survives what real files contain: blank Crime IDs on ASB rows, rows with no location (blank
// coordinates or "No Location"), BOMs, CRLF, 2011 and 2021 LSOA codes. Every published row is one
// event; a Crime ID published twice is kept twice and reported as a data-quality finding.
// Only UTF-8 reaches the batch: a file that is not valid UTF-8 and has no byte-order mark is what
// Excel saves as "CSV", and its rows that are not UTF-8 are read as Windows-1252 (with a finding);
// a file with a UTF-8 BOM has such rows rejected. UTF-16 is refused. A crime whose coordinates are
// outside Great Britain (or 0,0) is kept without a location and counted in a finding; rows are
// rejected only for what cannot be counted or is malformed: a bad month, coordinates that are not
// numbers or only half given, a crime type data.police.uk does not publish, a NUL byte.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/batch.h"
#include "util/status.h"

namespace cairn {

extern const char* const kPoliceUkHeader;

// The crime types data.police.uk publishes (and has published: two were retired in 2013). A row
// with any other is rejected, with the nearest as a suggestion.
const std::vector<std::string>& CrimeTypes();

// Source = the force ("Falls within"), period = the month(s) in the file.
Result<Batch> ReadPoliceUk(const std::string& file_name, std::string_view data);

}  // namespace cairn
