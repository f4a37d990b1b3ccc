// Boundaries: reads LSOA boundary polygons from a GeoJSON FeatureCollection (ONS and most GIS
// tools publish them so) into a Batch of AreaShapes in British National Grid metres, for maps.
//
// Each feature is one area: a Polygon or MultiPolygon, with the LSOA code and name in its
// properties (found by the usual ONS names lsoa11cd/lsoa11nm, LSOA11CD/LSOA11NM, lsoa21cd/lsoa21nm,
// LSOA21CD/LSOA21NM, or named by the caller). The coordinate reference system is, in order: the
// caller's, the file's `crs` member (GeoJSON 2008), or inferred from the coordinates (all within
// +-180/+-90: longitude/latitude; within British National Grid's extent: BNG; otherwise web
// mercator metres, as many web-map exports are). Every vertex is projected to EPSG:27700 with PROJ,
// rounded to 0.1 m; repeated consecutive vertices and the closing vertex are dropped.
//
// A feature that cannot be drawn (no geometry, another geometry type, no code, a code with a
// character outside [A-Za-z0-9 _-] or longer than 32 bytes, a ring of fewer than 4 positions, a
// coordinate that is not finite or not plausible for the CRS (+-180/+-90 for longitude/latitude,
// at most 1e8 otherwise; quoted as written in the file), a vertex outside Great Britain after
// projection) becomes a Reject whose line is the line the feature starts on and whose reason names
// the feature's number; the others load. A ring that crosses or touches itself, and codes that are
// not ONS/GSS codes (a letter and 8 digits), become data-quality findings naming them.
// A file that is not a GeoJSON FeatureCollection loads nothing and says so.
#pragma once

#include <string>
#include <string_view>

#include "model/batch.h"
#include "util/status.h"

namespace cairn {

struct BoundaryOptions {
  std::string code_property;  // empty: the first of the usual ONS names the file uses
  std::string name_property;  // empty: the name that goes with the code property, if present
  std::string crs;            // e.g. "EPSG:4326"; empty: the file's crs member, else inferred
  std::string source = "ONS boundaries";
};

// How a file's coordinates were read, for the user: e.g. crs "EPSG:3857" and why "inferred: ...".
struct BoundaryCrs {
  std::string crs;
  std::string why;
};

// Source = options.source, extract "lsoa-boundaries", no period (a newer file of the same name
// supersedes). `crs_used` (optional) receives the CRS and the reason it was chosen.
Result<Batch> ReadBoundaries(const BoundaryOptions& options, const std::string& file_name,
                             std::string_view data, BoundaryCrs* crs_used = nullptr);

}  // namespace cairn
