// ToBritishNationalGrid: projects coordinates in any CRS that PROJ knows (EPSG:4326 and OGC:CRS84
// longitude/latitude, EPSG:3857 web mercator, EPSG:27700 itself, ...) to British National Grid
// metres (EPSG:27700). Input is always x then y (longitude then latitude, easting then northing),
// whatever axis order the CRS declares, as in GeoJSON. PROJ applies the best transformation
// installed (OSTN15 if present, else the published 7-parameter Helmert, good to a few metres).
// Not thread-safe: one instance per reading thread (PROJ objects carry per-context state).
#pragma once

#include <memory>
#include <string>

#include "util/status.h"

namespace cairn {

class ToBritishNationalGrid {
 public:
  // `crs` is anything PROJ accepts as a CRS, e.g. "EPSG:3857". Fails if PROJ does not know it.
  static Result<std::unique_ptr<ToBritishNationalGrid>> Create(const std::string& crs);
  ~ToBritishNationalGrid();
  ToBritishNationalGrid(const ToBritishNationalGrid&) = delete;
  ToBritishNationalGrid& operator=(const ToBritishNationalGrid&) = delete;

  // Returns false if PROJ cannot transform the point.
  bool Project(double x, double y, double* easting, double* northing) const;

 private:
  struct Impl;
  explicit ToBritishNationalGrid(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cairn
