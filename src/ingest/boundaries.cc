// Reading boundaries. A GeoJSON file is parsed whole (nlohmann::json; an LSOA file for a region is
// a few megabytes), then read in three passes:
//
//   1. choose the code and name properties (the caller's, else the first usual ONS name present);
//   2. choose the CRS (the caller's, else the `crs` member, else inferred from the bounding box of
//      every position in the file);
//   3. read each feature: check the code, check the geometry, check every coordinate is a finite
//      number in the CRS's range, project every vertex to British National Grid, round, drop
//      repeats, check it lies in Great Britain, and note a ring that crosses itself.
//
// Coordinates are checked before anything is computed from them: a vertex of 1e308 is refused with
// the number as written in the file, found by scanning the feature's own text, and is left out of
// the bounding box the CRS is inferred from, so one bad vertex neither changes the CRS of the file
// nor reaches PROJ or an integer conversion. (A number no double holds, 1e400, is refused with the
// whole file by the JSON parser, which quotes it.)
//
// A ring that crosses itself (a bow tie, a spike that doubles back) is still drawn, but gets a
// data-quality note naming the LSOA: its area is wrong and a map may fill it oddly. The check
// sorts the ring's edges by their leftmost x and compares each edge only with the earlier edges
// still overlapping it in x, in exact integer arithmetic on the 0.1 m grid the vertices are
// rounded to; an LSOA ring of a few thousand vertices costs well under a millisecond.
//
// Worked example: the ONS North West file is web mercator with no `crs` member. Its coordinates
// span x -384,000 to -243,000 and y 7,000,000 to 7,400,000: not within +-180/+-90, and y is beyond
// British National Grid's 1,300,000, so the file is read as EPSG:3857. Carlisle 003A (E01019188)
// starts at (-328130.2012609555, 7345362.084146394) = 2.947644 W, 54.914872 N (inverse web
// mercator, exact), which PROJ (Helmert, no OSTN15 grid installed) puts at E 339,349.5 N 558,207.8
// (cs2cs agrees).
#include "ingest/boundaries.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "util/crs_transform.h"
#include "util/strings.h"

namespace cairn {

namespace {

using nlohmann::json;
using ShapeRings = decltype(AreaShape::rings);

const std::vector<std::string> kCodeProperties = {"lsoa11cd", "LSOA11CD", "lsoa21cd", "LSOA21CD"};
const std::vector<std::string> kNameProperties = {"lsoa11nm", "LSOA11NM", "lsoa21nm", "LSOA21NM"};

// British National Grid's extent: anything projected outside it is not in Great Britain.
constexpr double kMaxEasting = 700000, kMaxNorthing = 1300000;
constexpr double kRoundTo = 0.1;  // metres
// The largest coordinate any projected CRS on Earth gives (web mercator reaches +-20,037,508 m);
// five times that leaves room for feet and false origins.
constexpr double kMaxProjected = 1e8;
// Longer codes are not area codes; an ONS/GSS code is 9 characters.
constexpr size_t kMaxCodeChars = 32;
// A ring whose crossing check needs more edge-pair tests than this is left unchecked (no LSOA's
// ring comes near).
constexpr size_t kMaxCrossingTests = 20'000'000;

std::string Number(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string Point(double x, double y) { return "(" + Number(x, 6) + ", " + Number(y, 6) + ")"; }

// Metres with thousands separators; a value too large for that (or not finite) as %g.
std::string Metres(double v) {
  if (!(std::fabs(v) < 1e15)) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
  }
  return WithCommas(std::llround(v));
}

// Geographic CRSs read as longitude/latitude in degrees; every other CRS is taken to be in metres.
bool IsGeographic(const std::string& crs) {
  return crs == "EPSG:4326" || crs == "EPSG:4258" || crs == "EPSG:4277" || crs.ends_with("CRS84");
}

bool IsPlausible(double x, double y, bool geographic) {
  if (geographic) return std::fabs(x) <= 180 && std::fabs(y) <= 90;  // false for NaN
  return std::fabs(x) <= kMaxProjected && std::fabs(y) <= kMaxProjected;
}

// The number in a feature's text that JSON reads as `value`, as written ("1E+308", not 1e+308),
// so a message quotes the file; "" if there is none (the caller then formats the value).
std::string NumberAsWritten(std::string_view text, double value) {
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (c != '-' && !(c >= '0' && c <= '9')) continue;
    size_t end = i + 1;
    while (end < text.size() &&
           std::string_view("0123456789.eE+-").find(text[end]) != std::string_view::npos)
      ++end;
    const std::string token(text.substr(i, end - i));
    const double read = std::strtod(token.c_str(), nullptr);
    if (read == value) return token;
    i = end - 1;
  }
  return "";
}

// Why `code` cannot name an area ("" if it can): it must be letters, digits, spaces, "_" and "-",
// as ONS/GSS codes (E01019188) and the codes of other area sets are.
std::string CodeProblem(const std::string& code) {
  if (code.size() > kMaxCodeChars)
    return "is " + std::to_string(code.size()) + " bytes long; an area code has at most " +
           std::to_string(kMaxCodeChars);
  for (char c : code)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' ||
          c == '_' || c == '-'))
      return "has a character an area code cannot have (only letters, digits, space, \"_\" and "
             "\"-\")";
  return "";
}

// ONS/GSS codes are a letter and 8 digits: E01019188.
bool IsGssCode(const std::string& code) {
  return code.size() == 9 && code[0] >= 'A' && code[0] <= 'Z' &&
         std::all_of(code.begin() + 1, code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A value for a message: control characters and bytes that are not ASCII as \xNN, abbreviated.
std::string Visible(std::string_view s) {
  std::string out;
  for (unsigned char c : s.substr(0, 60)) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  return s.size() > 60 ? out + "..." : out;
}

// Whether a ring (closed implicitly, last vertex to first) crosses or touches itself anywhere but
// where neighbouring edges meet; *near receives the start of an edge at the first crossing found.
// Vertices are on the 0.1 m grid within British National Grid, so in tenths of a metre they are
// integers below 2^24 and every orientation test below is exact in 64 bits.
bool RingCrossesItself(const std::vector<std::pair<double, double>>& ring,
                       std::pair<double, double>* near) {
  const size_t n = ring.size();
  if (n < 3) return false;
  std::vector<std::array<int64_t, 2>> p(n);
  for (size_t i = 0; i < n; ++i)
    p[i] = {std::llround(ring[i].first / kRoundTo), std::llround(ring[i].second / kRoundTo)};
  auto orient = [&](size_t a, size_t b, size_t c) {
    int64_t v =
        (p[b][0] - p[a][0]) * (p[c][1] - p[a][1]) - (p[b][1] - p[a][1]) * (p[c][0] - p[a][0]);
    return (v > 0) - (v < 0);
  };
  // c lies on the segment a-b, given that the three are collinear.
  auto within = [&](size_t a, size_t b, size_t c) {
    return std::min(p[a][0], p[b][0]) <= p[c][0] && p[c][0] <= std::max(p[a][0], p[b][0]) &&
           std::min(p[a][1], p[b][1]) <= p[c][1] && p[c][1] <= std::max(p[a][1], p[b][1]);
  };
  auto crosses = [&](size_t i, size_t j) {
    const size_t a = i, b = (i + 1) % n, c = j, d = (j + 1) % n;
    if (b == c || d == a) {  // neighbours: only a spike doubling back along the shared vertex
      const size_t shared = b == c ? b : a, x = b == c ? a : b, y = b == c ? d : c;
      const int64_t dot = (p[x][0] - p[shared][0]) * (p[y][0] - p[shared][0]) +
                          (p[x][1] - p[shared][1]) * (p[y][1] - p[shared][1]);
      return orient(shared, x, y) == 0 && dot > 0;
    }
    const int o1 = orient(a, b, c), o2 = orient(a, b, d), o3 = orient(c, d, a),
              o4 = orient(c, d, b);
    if (o1 != o2 && o3 != o4) return true;  // they cross, or an end touches the other edge
    return (o1 == 0 && within(a, b, c)) || (o2 == 0 && within(a, b, d)) ||
           (o3 == 0 && within(c, d, a)) || (o4 == 0 && within(c, d, b));
  };
  std::vector<size_t> edges(n);
  for (size_t i = 0; i < n; ++i) edges[i] = i;
  auto min_x = [&](size_t e) { return std::min(p[e][0], p[(e + 1) % n][0]); };
  auto max_x = [&](size_t e) { return std::max(p[e][0], p[(e + 1) % n][0]); };
  std::sort(edges.begin(), edges.end(),
            [&](size_t a, size_t b) { return min_x(a) != min_x(b) ? min_x(a) < min_x(b) : a < b; });
  std::vector<size_t> active;
  size_t tests = 0;
  for (size_t e : edges) {
    const int64_t left = min_x(e);
    std::erase_if(active, [&](size_t a) { return max_x(a) < left; });
    for (size_t a : active) {
      if (++tests > kMaxCrossingTests) return false;
      if (crosses(std::min(a, e), std::max(a, e))) {
        *near = ring[std::min(a, e)];
        return true;
      }
    }
    active.push_back(e);
  }
  return false;
}

struct Bounds {
  double min_x = std::numeric_limits<double>::infinity(), min_y = min_x;
  double max_x = -min_x, max_y = -min_x;
  bool empty() const { return min_x > max_x; }
  void Add(double x, double y) {
    min_x = std::min(min_x, x);
    max_x = std::max(max_x, x);
    min_y = std::min(min_y, y);
    max_y = std::max(max_y, y);
  }
  bool Within(double x0, double y0, double x1, double y1) const {
    return min_x >= x0 && max_x <= x1 && min_y >= y0 && max_y <= y1;
  }
  std::string Describe() const {
    return "x " + WithCommas(std::llround(min_x)) + " to " + WithCommas(std::llround(max_x)) +
           ", y " + WithCommas(std::llround(min_y)) + " to " + WithCommas(std::llround(max_y));
  }
};

bool IsPosition(const json& p) {
  return p.is_array() && p.size() >= 2 && p[0].is_number() && p[1].is_number();
}

// The polygons of a Polygon or MultiPolygon geometry (each a list of rings); empty if neither.
std::vector<const json*> Polygons(const json& geometry) {
  std::vector<const json*> out;
  if (!geometry.is_object()) return out;
  auto type = geometry.find("type");
  auto coords = geometry.find("coordinates");
  if (type == geometry.end() || coords == geometry.end() || !coords->is_array()) return out;
  if (*type == "Polygon") out.push_back(&*coords);
  if (*type == "MultiPolygon")
    for (const json& polygon : *coords) out.push_back(&polygon);
  return out;
}

void AddToBounds(const json& features, Bounds* bounds) {
  for (const json& feature : features) {
    if (!feature.is_object() || !feature.contains("geometry")) continue;
    for (const json* polygon : Polygons(feature["geometry"])) {
      if (!polygon->is_array()) continue;
      for (const json& ring : *polygon) {
        if (!ring.is_array()) continue;
        for (const json& p : ring)
          if (IsPosition(p) && IsPlausible(p[0].get<double>(), p[1].get<double>(), false))
            bounds->Add(p[0].get<double>(), p[1].get<double>());
      }
    }
  }
}

// The CRS a GeoJSON 2008 `crs` member names, in a form PROJ takes; empty if it names none.
//   {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}}   -> EPSG:27700
//   {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}} -> EPSG:4326
//   {"type": "EPSG", "properties": {"code": 3857}}                            -> EPSG:3857
std::string CrsMemberName(const json& crs, std::string* as_written) {
  if (!crs.is_object() || !crs.contains("properties") || !crs["properties"].is_object()) return "";
  const json& props = crs["properties"];
  if (props.contains("code") && props["code"].is_number_integer()) {
    *as_written = "EPSG code " + std::to_string(props["code"].get<int64_t>());
    return "EPSG:" + std::to_string(props["code"].get<int64_t>());
  }
  if (!props.contains("name") || !props["name"].is_string()) return "";
  std::string name = props["name"];
  *as_written = name;
  if (name.ends_with("CRS84")) return "EPSG:4326";  // lon/lat on WGS84; we always read x first
  const std::string urn = "urn:ogc:def:crs:EPSG:";
  if (name.starts_with(urn)) return "EPSG:" + name.substr(name.rfind(':') + 1);
  return name;
}

// The --crs value in PROJ's form ("27700" -> "EPSG:27700").
std::string NormaliseCrsOption(const std::string& crs) {
  bool digits = !crs.empty() &&
                std::all_of(crs.begin(), crs.end(), [](char c) { return c >= '0' && c <= '9'; });
  return digits ? "EPSG:" + crs : crs;
}

BoundaryCrs ChooseCrs(const BoundaryOptions& options, const json& root, const Bounds& bounds) {
  if (!options.crs.empty()) return {NormaliseCrsOption(options.crs), "given with --crs"};
  std::string why = "the file names no CRS";
  if (root.contains("crs") && !root["crs"].is_null()) {
    std::string as_written;
    std::string named = CrsMemberName(root["crs"], &as_written);
    if (!named.empty()) return {named, "the file's crs member names " + as_written};
    why = "the file's crs member names no CRS Cairn can read (only \"name\" and \"EPSG\" forms)";
  }
  if (bounds.empty()) return {"EPSG:27700", why + " and it has no coordinates to infer one from"};
  if (bounds.Within(-180, -90, 180, 90))
    return {"EPSG:4326", "inferred: " + why +
                             " and every coordinate is within +-180, +-90, so longitude/latitude"};
  if (bounds.Within(0, 0, kMaxEasting, kMaxNorthing))
    return {"EPSG:27700", "inferred: " + why + " and every coordinate (" + bounds.Describe() +
                              ") lies within British National Grid's extent"};
  return {"EPSG:3857", "inferred: " + why + " and its coordinates (" + bounds.Describe() +
                           ") are neither longitude/latitude nor British National Grid, so web "
                           "mercator metres"};
}

std::string PropertyNamesOf(const json& features) {
  for (const json& feature : features) {
    if (!feature.is_object() || !feature.contains("properties")) continue;
    const json& props = feature["properties"];
    if (!props.is_object()) continue;
    std::vector<std::string> names;
    for (const auto& [key, value] : props.items()) names.push_back(key);
    return names.empty() ? "no properties" : Join(names, ", ");
  }
  return "no properties";
}

bool AnyFeatureHas(const json& features, const std::string& property) {
  for (const json& feature : features)
    if (feature.is_object() && feature.contains("properties") &&
        feature["properties"].is_object() && feature["properties"].contains(property))
      return true;
  return false;
}

struct Properties {
  std::string code, name;  // name empty: the file has no names
};

Result<Properties> ChooseProperties(const BoundaryOptions& options, const json& features) {
  Properties chosen;
  if (!options.code_property.empty()) {
    if (!AnyFeatureHas(features, options.code_property))
      return Status::Invalid("no feature has the property \"" + options.code_property +
                             "\" given with --code-property (the first feature has " +
                             PropertyNamesOf(features) + ")");
    chosen.code = options.code_property;
  } else {
    for (size_t i = 0; i < kCodeProperties.size() && chosen.code.empty(); ++i)
      if (AnyFeatureHas(features, kCodeProperties[i])) {
        chosen.code = kCodeProperties[i];
        if (options.name_property.empty() && AnyFeatureHas(features, kNameProperties[i]))
          chosen.name = kNameProperties[i];
      }
    if (chosen.code.empty())
      return Status::Invalid("no feature has an LSOA code property (looked for " +
                             Join(kCodeProperties, ", ") + "; the first feature has " +
                             PropertyNamesOf(features) + "); name it with --code-property");
  }
  if (!options.name_property.empty()) {
    if (!AnyFeatureHas(features, options.name_property))
      return Status::Invalid("no feature has the property \"" + options.name_property +
                             "\" given with --name-property (the first feature has " +
                             PropertyNamesOf(features) + ")");
    chosen.name = options.name_property;
  } else if (chosen.name.empty()) {
    for (const std::string& name : kNameProperties)
      if (chosen.name.empty() && AnyFeatureHas(features, name)) chosen.name = name;
  }
  return chosen;
}

// Where each element of the top-level "features" array starts: its line (1-based), so a reject
// points into the file, and its byte offset, so a message can quote the feature's text. The text is
// already known to be valid JSON; raw newlines cannot occur inside JSON strings.
struct FeatureStart {
  long line;
  size_t offset;
};

std::vector<FeatureStart> FeatureStarts(std::string_view text) {
  std::vector<FeatureStart> starts;
  long line = 1;
  int depth = 0, features_depth = -1;
  bool in_string = false, features_done = false;
  size_t string_start = 0;
  std::string_view last_root_string;  // at depth 1, the key of the value that follows
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      ++line;
    } else if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
        if (depth == 1) last_root_string = text.substr(string_start, i - string_start);
      }
    } else if (c == '"') {
      in_string = true;
      string_start = i + 1;
    } else if (c == '{' || c == '[') {
      if (depth == features_depth) starts.push_back({line, i});
      ++depth;
      if (c == '[' && depth == 2 && !features_done && last_root_string == "features")
        features_depth = 2;
    } else if (c == '}' || c == ']') {
      --depth;
      if (features_depth > 0 && depth < features_depth) {
        features_depth = -1;
        features_done = true;
      }
    }
  }
  return starts;
}

// Why a feature was not kept: the column (property or "geometry") and a plain reason.
struct FeatureProblem {
  std::string column, reason;
};

class FeatureReader {
 public:
  FeatureReader(const CrsTransform& to_bng, std::string crs)
      : to_bng_(to_bng), crs_(std::move(crs)), geographic_(IsGeographic(crs_)) {}

  // Reads one feature's geometry into BNG rings; `label` is "feature N" and `text` the feature as
  // written (empty if unknown), for quoting a bad number. A ring that crosses itself adds a note
  // ("ring 2 of polygon 1 crosses itself near ...") to *notes.
  std::optional<FeatureProblem> Read(const json& feature, const std::string& label,
                                     std::string_view text, ShapeRings* rings,
                                     std::vector<std::string>* notes) const {
    if (!feature.contains("geometry") || feature["geometry"].is_null())
      return FeatureProblem{"geometry", label + " has no geometry"};
    const json& geometry = feature["geometry"];
    std::string type =
        geometry.is_object() && geometry.contains("type") && geometry["type"].is_string()
            ? geometry["type"].get<std::string>()
            : "";
    if (type != "Polygon" && type != "MultiPolygon")
      return FeatureProblem{"geometry", label + ": geometry type \"" + Visible(type) +
                                            "\" is not supported (expected Polygon or "
                                            "MultiPolygon)"};
    std::vector<const json*> polygons = Polygons(geometry);
    if (!geometry.contains("coordinates") || !geometry["coordinates"].is_array() ||
        polygons.empty())
      return FeatureProblem{"geometry", label + " has no coordinates"};
    for (size_t polygon_idx = 0; polygon_idx < polygons.size(); ++polygon_idx) {
      auto problem = ReadPolygon(*polygons[polygon_idx], label, text, polygon_idx,
                                 type == "MultiPolygon", rings, notes);
      if (problem) return problem;
    }
    if (rings->empty())
      return FeatureProblem{"geometry", label + ": every ring is smaller than " +
                                            Number(kRoundTo, 1) + " m once projected"};
    return std::nullopt;
  }

 private:
  std::optional<FeatureProblem> ReadPolygon(const json& polygon, const std::string& label,
                                            std::string_view text, size_t polygon_idx, bool multi,
                                            ShapeRings* rings,
                                            std::vector<std::string>* notes) const {
    std::string where = multi ? " of polygon " + std::to_string(polygon_idx + 1) : "";
    if (!polygon.is_array() || polygon.empty())
      return FeatureProblem{"geometry", label + ": polygon" + where + " has no rings"};
    for (size_t ring_idx = 0; ring_idx < polygon.size(); ++ring_idx) {
      const json& ring = polygon[ring_idx];
      std::string ring_name = "ring " + std::to_string(ring_idx + 1) + where;
      if (!ring.is_array() || ring.size() < 4)
        return FeatureProblem{
            "geometry", label + ": " + ring_name + " has " +
                            std::to_string(ring.is_array() ? ring.size() : 0) +
                            " positions; a ring needs at least 4 (the last repeating the first)"};
      std::vector<std::pair<double, double>> out;
      out.reserve(ring.size());
      for (const json& p : ring) {
        if (!IsPosition(p))
          return FeatureProblem{"geometry", label + ": " + ring_name + " has a position " +
                                                DescribePosition(p) +
                                                " that is not [x, y] numbers"};
        double x = p[0].get<double>(), y = p[1].get<double>(), e = 0, n = 0;
        if (!IsPlausible(x, y, geographic_))
          return FeatureProblem{"geometry", label + ": " + ring_name + " has a position " +
                                                AsWritten(text, x, y) + " that is not " +
                                                PlausibleRange()};
        if (!to_bng_.Project(x, y, &e, &n))
          return FeatureProblem{"geometry", label + ": PROJ cannot project " + Point(x, y) +
                                                " from " + crs_ + " to British National Grid"};
        if (!(e >= 0 && e <= kMaxEasting && n >= 0 && n <= kMaxNorthing))  // NaN too
          return FeatureProblem{"geometry", label + ": " + Point(x, y) + " in " + crs_ +
                                                " is outside Great Britain (easting " + Metres(e) +
                                                ", northing " + Metres(n) + ")"};
        e = std::round(e / kRoundTo) * kRoundTo;
        n = std::round(n / kRoundTo) * kRoundTo;
        if (out.empty() || out.back() != std::make_pair(e, n)) out.emplace_back(e, n);
      }
      if (out.size() > 1 && out.back() == out.front()) out.pop_back();  // closed implicitly
      if (out.size() >= 3) {
        std::pair<double, double> near;
        if (RingCrossesItself(out, &near))
          notes->push_back(ring_name + " crosses itself near (" + Number(near.first, 1) + ", " +
                           Number(near.second, 1) + ")");
        rings->push_back(std::move(out));
      } else if (ring_idx == 0) {
        return std::nullopt;  // a sliver outer ring: drop the polygon and its holes
      }
    }
    return std::nullopt;
  }

  // A position that is not [x, y] numbers, for a message (without walking a deeply nested one).
  static std::string DescribePosition(const json& p) {
    if (p.is_array() || p.is_object()) {
      for (const json& element : p)
        if (element.is_structured() && !element.empty()) return p.is_array() ? "[[...]]" : "{...}";
    }
    return Visible(p.dump());
  }

  // [x, y] as written in the feature's text.
  static std::string AsWritten(std::string_view text, double x, double y) {
    auto one = [&](double v) {
      std::string written = NumberAsWritten(text, v);
      if (!written.empty()) return written;
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.17g", v);
      return std::string(buf);
    };
    return "[" + one(x) + ", " + one(y) + "]";
  }

  std::string PlausibleRange() const {
    return geographic_
               ? "a longitude within +-180 and a latitude within +-90 (" + crs_ + ")"
               : "a coordinate in " + crs_ + " (at most " + Metres(kMaxProjected) + " in size)";
  }

  const CrsTransform& to_bng_;
  std::string crs_;
  bool geographic_;
};

Status NotGeoJson(const std::string& file_name, const std::string& detail) {
  return Status::Invalid(file_name + ": not GeoJSON boundaries (expected a FeatureCollection of " +
                         "LSOA Polygon/MultiPolygon features): " + detail);
}

}  // namespace

Result<Batch> ReadBoundaries(const BoundaryOptions& options, const std::string& file_name,
                             std::string_view data, BoundaryCrs* crs_used) {
  if (data.starts_with("\xEF\xBB\xBF")) data.remove_prefix(3);
  if (Trim(data).empty()) return NotGeoJson(file_name, "the file is empty");
  json root;
  try {
    root = json::parse(data);
  } catch (const json::exception& e) {
    std::string what = e.what();
    size_t bracket = what.find("] ");
    return NotGeoJson(file_name,
                      "it is not JSON (" +
                          (bracket == std::string::npos ? what : what.substr(bracket + 2)) + ")");
  }
  if (!root.is_object() || !root.contains("type") || !root["type"].is_string())
    return NotGeoJson(file_name, "it is JSON but has no \"type\"");
  if (root["type"] != "FeatureCollection")
    return NotGeoJson(file_name,
                      "its type is \"" + Visible(root["type"].get<std::string>()) + "\"");
  if (!root.contains("features") || !root["features"].is_array())
    return NotGeoJson(file_name, "it has no \"features\" list");
  const json& features = root["features"];
  if (features.empty()) return Status::Invalid(file_name + ": the FeatureCollection is empty");

  // Stage 1 and 2: which properties name the area, and what the coordinates are.
  auto properties = ChooseProperties(options, features);
  if (!properties.ok()) return properties.status().WithContext(file_name);
  Bounds bounds;
  AddToBounds(features, &bounds);
  BoundaryCrs crs = ChooseCrs(options, root, bounds);
  auto to_bng = CrsTransform::Create(crs.crs, kBritishNationalGrid);
  if (!to_bng.ok()) return to_bng.status().WithContext(file_name + ": the CRS (" + crs.why + ")");
  if (crs_used) *crs_used = crs;

  Batch batch;
  batch.source = options.source;
  batch.extract = "lsoa-boundaries";
  batch.file_name = file_name;
  batch.profile = "GeoJSON boundaries: code " + properties->code +
                  (properties->name.empty() ? "" : ", name " + properties->name) + ", " + crs.crs +
                  (crs.why.starts_with("inferred") ? " (inferred)" : "");
  batch.rows_read = static_cast<long>(features.size());

  // Stage 3: each feature, in file order. An LSOA split over several features is drawn whole.
  std::vector<FeatureStart> starts = FeatureStarts(data);
  if (starts.size() != features.size()) starts.clear();  // e.g. a null feature: number them instead
  FeatureReader reader(**to_bng, crs.crs);
  std::map<std::string, size_t> shape_of_code;
  std::map<std::string, size_t> first_feature_of_code;
  std::vector<std::string> not_gss;  // accepted codes that are not in the ONS/GSS shape
  for (size_t feature_idx = 0; feature_idx < features.size(); ++feature_idx) {
    const json& feature = features[feature_idx];
    const std::string label = "feature " + std::to_string(feature_idx + 1);
    const long line =
        starts.empty() ? static_cast<long>(feature_idx + 1) : starts[feature_idx].line;
    std::string_view text;
    if (!starts.empty())
      text = data.substr(starts[feature_idx].offset,
                         feature_idx + 1 < starts.size()
                             ? starts[feature_idx + 1].offset - starts[feature_idx].offset
                             : std::string_view::npos);
    const json* props =
        feature.is_object() && feature.contains("properties") && feature["properties"].is_object()
            ? &feature["properties"]
            : nullptr;
    // A property as text: a string, or a number or boolean as JSON writes it; "" for a list or
    // an object (never dumped: one nested a million deep would exhaust the stack).
    auto text_property = [&](const std::string& name) -> std::string {
      if (!props || !props->contains(name)) return "";
      const json& v = (*props)[name];
      return v.is_string()                      ? v.get<std::string>()
             : v.is_primitive() && !v.is_null() ? v.dump()
                                                : "";
    };
    std::string code(Trim(text_property(properties->code)));
    if (code.empty()) {
      batch.rejects.push_back(
          {line, properties->code, "", label + " has no " + properties->code + " (LSOA code)"});
      continue;
    }
    if (std::string problem = CodeProblem(code); !problem.empty()) {
      batch.rejects.push_back(
          {line, properties->code, Visible(code),
           label + ": the " + properties->code + " \"" + Visible(code) + "\" " + problem});
      continue;
    }
    AreaShape shape;
    shape.lsoa_code = code;
    shape.lsoa_name = std::string(Trim(text_property(properties->name)));
    if (!feature.is_object()) {
      batch.rejects.push_back({line, "geometry", code, label + " is not a GeoJSON Feature"});
      continue;
    }
    std::vector<std::string> notes;
    if (auto problem = reader.Read(feature, label, text, &shape.rings, &notes)) {
      batch.rejects.push_back({line, problem->column, code, problem->reason});
      continue;
    }
    for (const std::string& note : notes)
      batch.findings.push_back("LSOA " + code + " (" + label + "): " + note +
                               "; its area and map may be wrong");
    if (!IsGssCode(code)) not_gss.push_back(code);
    auto [it, inserted] = shape_of_code.emplace(code, batch.shapes.size());
    if (inserted) {
      first_feature_of_code[code] = feature_idx + 1;
      batch.shapes.push_back(std::move(shape));
      continue;
    }
    AreaShape& earlier = batch.shapes[it->second];
    for (auto& ring : shape.rings) earlier.rings.push_back(std::move(ring));
    batch.findings.push_back("LSOA " + code + " appears in feature " +
                             std::to_string(first_feature_of_code[code]) + " and " + label +
                             "; their polygons are drawn together");
  }
  if (!not_gss.empty()) {
    const size_t shown = std::min<size_t>(not_gss.size(), 5);
    std::vector<std::string> examples(not_gss.begin(), not_gss.begin() + shown);
    batch.findings.push_back(
        std::to_string(not_gss.size()) + " of " + std::to_string(features.size()) + " features " +
        (not_gss.size() == 1 ? "has" : "have") + " a " + properties->code +
        " that is not an ONS/GSS code (a letter and 8 digits, as E01019188): " +
        Join(examples, ", ") + (not_gss.size() > shown ? ", ..." : ""));
  }
  return batch;
}

}  // namespace cairn
