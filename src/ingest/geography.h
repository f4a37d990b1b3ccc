// Geography helpers shared by readers: the bounding box of Great Britain used to validate points.
#pragma once

namespace cairn {

// WGS84 longitude/latitude inside a generous box around Great Britain and its islands.
inline bool InsideGreatBritain(double lon, double lat) {
  return lon >= -8.7 && lon <= 1.8 && lat >= 49.8 && lat <= 60.9;
}

}  // namespace cairn
