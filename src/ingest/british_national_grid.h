// BritishNationalGrid: converts Ordnance Survey National Grid eastings/northings (EPSG:27700,
// OSGB36) to WGS84 longitude/latitude (EPSG:4326) with PROJ, which applies the best transformation
// installed (the OSTN15 grid if present, else the published 7-parameter Helmert, good to a few
// metres). Not thread-safe: one instance per reading thread (PROJ objects carry per-context state).
#pragma once

#include <memory>

#include "util/status.h"

namespace cairn {

class BritishNationalGrid {
 public:
  // Fails only if PROJ's database is missing or broken.
  static Result<std::unique_ptr<BritishNationalGrid>> Create();
  ~BritishNationalGrid();
  BritishNationalGrid(const BritishNationalGrid&) = delete;
  BritishNationalGrid& operator=(const BritishNationalGrid&) = delete;

  // Returns false if PROJ cannot transform the point.
  bool ToWgs84(double easting, double northing, double* longitude, double* latitude) const;

 private:
  struct Impl;
  explicit BritishNationalGrid(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cairn
