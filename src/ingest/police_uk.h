// data.police.uk street-level CSVs exactly as published: one file per force per month with the
// header
//   Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,
//   Crime type,Last outcome category,Context
// Survives what real files contain: blank Crime IDs on ASB rows, rows with no location (blank
// coordinates or "No Location"), BOMs, CRLF, 2011 and 2021 LSOA codes. Every published row is one
// event; a Crime ID published twice is kept twice and reported as a data-quality finding.
#pragma once

#include <string>
#include <string_view>

#include "model/batch.h"
#include "util/status.h"

namespace cairn {

extern const char* const kPoliceUkHeader;

// Source = the force ("Falls within"), period = the month(s) in the file.
Result<Batch> ReadPoliceUk(const std::string& file_name, std::string_view data);

}  // namespace cairn
