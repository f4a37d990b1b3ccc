// CrsTransform: converts coordinates between two coordinate reference systems with PROJ, which
// applies the best transformation installed (for British National Grid, the OSTN15 grid if present,
// else the published 7-parameter Helmert, good to a few metres). Input and output are always x
// then y (longitude then latitude, easting then northing), whatever axis order a CRS declares, as
// in GeoJSON and CSV files. No network access. Example: WGS84 to British National Grid takes
// Carlisle Market Cross, -2.9339, 54.8952, to about (340,000, 555,900).
// Not thread-safe: one instance per thread (PROJ objects carry per-context state).
#pragma once

#include <memory>
#include <string>

#include "util/status.h"

namespace cairn {

inline constexpr const char* kWgs84 = "EPSG:4326";
inline constexpr const char* kBritishNationalGrid = "EPSG:27700";

class CrsTransform {
 public:
  // `from` and `to` are anything PROJ accepts as a CRS ("EPSG:3857", "OGC:CRS84", ...). Fails
  // (Invalid) if PROJ does not know one of them or cannot convert between them.
  static Result<std::unique_ptr<CrsTransform>> Create(const std::string& from,
                                                      const std::string& to);
  ~CrsTransform();
  CrsTransform(const CrsTransform&) = delete;
  CrsTransform& operator=(const CrsTransform&) = delete;

  // Returns false if a coordinate is not finite or PROJ cannot transform the point.
  bool Project(double x, double y, double* out_x, double* out_y) const;

 private:
  struct Impl;
  explicit CrsTransform(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// WGS84 longitude/latitude to British National Grid metres (distances, grids, bandwidths).
inline Result<std::unique_ptr<CrsTransform>> LonLatToBng() {
  return CrsTransform::Create(kWgs84, kBritishNationalGrid);
}
// British National Grid eastings/northings to WGS84 longitude/latitude (extracts that give BNG).
inline Result<std::unique_ptr<CrsTransform>> BngToLonLat() {
  return CrsTransform::Create(kBritishNationalGrid, kWgs84);
}

}  // namespace cairn
