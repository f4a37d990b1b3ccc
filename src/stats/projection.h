// LonLatToBng: projects WGS84 longitude/latitude (EPSG:4326) to British National Grid metres
// (EPSG:27700) with PROJ, so distances, grid cells and bandwidths are in metres. PROJ applies the
// best transformation installed (OSTN15 if present, else the 7-parameter Helmert, good to a few
// metres). Example: Carlisle Market Cross, -2.9339, 54.8952 → about (340,000, 555,900).
// Not thread-safe: one instance per thread (PROJ objects carry per-context state).
#pragma once

#include <memory>

#include "util/status.h"

namespace cairn {

class LonLatToBng {
 public:
  // Fails only if PROJ's database is missing or broken.
  static Result<std::unique_ptr<LonLatToBng>> Create();
  ~LonLatToBng();
  LonLatToBng(const LonLatToBng&) = delete;
  LonLatToBng& operator=(const LonLatToBng&) = delete;

  // Returns false if PROJ cannot transform the point.
  bool Project(double longitude, double latitude, double* easting, double* northing) const;

 private:
  struct Impl;
  explicit LonLatToBng(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cairn
