// ShapeCodec: the on-disk form of one area's boundary (AreaShape::rings). Boundaries are drawn on
// maps, never measured to the millimetre, so vertices are kept as whole decimetres of British
// National Grid, each as the difference from the vertex before, zigzag-encoded in a varint:
//
//   blob    := version=1, varint(ring count), varint(vertex count) per ring, vertex...
//   vertex  := zigzag varint(dx), zigzag varint(dy)     (decimetres; the first from (0, 0))
//
// A simplified LSOA boundary has vertices a few hundred metres apart, so a vertex takes about four
// or five bytes instead of sixteen as two doubles: Cumbria's 321 LSOAs (8,060 vertices once the
// closing ones are dropped) take 36 KB. Any Store backend stores the blob as it is.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace cairn {

using Rings = std::vector<std::vector<std::pair<double, double>>>;

// Coordinates are rounded to the nearest 0.1 m; they must lie within +-200,000 km.
std::string EncodeRings(const Rings& rings);
Result<Rings> DecodeRings(std::string_view blob);

}  // namespace cairn
