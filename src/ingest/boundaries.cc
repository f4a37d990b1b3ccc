// Reading boundaries. A GeoJSON file is parsed whole (nlohmann::json; an LSOA file for a region is
// a few megabytes), then read in three passes:
//
//   1. choose the code and name properties (the caller's, else the first usual ONS name present);
//   2. choose the CRS (the caller's, else the `crs` member, else inferred from the bounding box of
//      every position in the file);
//   3. read each feature: check the geometry, project every vertex to British National Grid,
//      round, drop repeats, check it lies in Great Britain.
//
// Worked example: the ONS North West file is web mercator with no `crs` member. Its coordinates
// span x -384,000 to -243,000 and y 7,000,000 to 7,400,000: not within +-180/+-90, and y is beyond
// British National Grid's 1,300,000, so the file is read as EPSG:3857. Carlisle 003A (E01019188)
// starts at (-328130.2012609555, 7345362.084146394) = 2.947644 W, 54.914872 N (inverse web
// mercator, exact), which PROJ (Helmert, no OSTN15 grid installed) puts at E 339,349.5 N 558,207.8
// (cs2cs agrees).
#include "ingest/boundaries.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
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

std::string Number(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string Point(double x, double y) { return "(" + Number(x, 6) + ", " + Number(y, 6) + ")"; }

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
          if (IsPosition(p)) bounds->Add(p[0].get<double>(), p[1].get<double>());
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

// The line (1-based) on which each element of the top-level "features" array starts, so a reject
// points into the file. The text is already known to be valid JSON; raw newlines cannot occur
// inside JSON strings.
std::vector<long> FeatureStartLines(std::string_view text) {
  std::vector<long> lines;
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
      if (depth == features_depth) lines.push_back(line);
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
  return lines;
}

// Why a feature was not kept: the column (property or "geometry") and a plain reason.
struct FeatureProblem {
  std::string column, reason;
};

class FeatureReader {
 public:
  FeatureReader(const CrsTransform& to_bng, std::string crs)
      : to_bng_(to_bng), crs_(std::move(crs)) {}

  // Reads one feature's geometry into BNG rings; `label` is "feature N".
  std::optional<FeatureProblem> Read(const json& feature, const std::string& label,
                                     ShapeRings* rings) const {
    if (!feature.contains("geometry") || feature["geometry"].is_null())
      return FeatureProblem{"geometry", label + " has no geometry"};
    const json& geometry = feature["geometry"];
    std::string type =
        geometry.is_object() && geometry.contains("type") && geometry["type"].is_string()
            ? geometry["type"].get<std::string>()
            : "";
    if (type != "Polygon" && type != "MultiPolygon")
      return FeatureProblem{"geometry", label + ": geometry type \"" + type +
                                            "\" is not supported (expected Polygon or "
                                            "MultiPolygon)"};
    std::vector<const json*> polygons = Polygons(geometry);
    if (!geometry.contains("coordinates") || !geometry["coordinates"].is_array() ||
        polygons.empty())
      return FeatureProblem{"geometry", label + " has no coordinates"};
    for (size_t polygon_idx = 0; polygon_idx < polygons.size(); ++polygon_idx) {
      auto problem =
          ReadPolygon(*polygons[polygon_idx], label, polygon_idx, type == "MultiPolygon", rings);
      if (problem) return problem;
    }
    if (rings->empty())
      return FeatureProblem{"geometry", label + ": every ring is smaller than " +
                                            Number(kRoundTo, 1) + " m once projected"};
    return std::nullopt;
  }

 private:
  std::optional<FeatureProblem> ReadPolygon(const json& polygon, const std::string& label,
                                            size_t polygon_idx, bool multi,
                                            ShapeRings* rings) const {
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
                                                Abbreviate(p.dump()) +
                                                " that is not [x, y] numbers"};
        double x = p[0].get<double>(), y = p[1].get<double>(), e = 0, n = 0;
        if (!to_bng_.Project(x, y, &e, &n))
          return FeatureProblem{"geometry", label + ": PROJ cannot project " + Point(x, y) +
                                                " from " + crs_ + " to British National Grid"};
        if (e < 0 || e > kMaxEasting || n < 0 || n > kMaxNorthing)
          return FeatureProblem{"geometry", label + ": " + Point(x, y) + " in " + crs_ +
                                                " is outside Great Britain (easting " +
                                                WithCommas(std::llround(e)) + ", northing " +
                                                WithCommas(std::llround(n)) + ")"};
        e = std::round(e / kRoundTo) * kRoundTo;
        n = std::round(n / kRoundTo) * kRoundTo;
        if (out.empty() || out.back() != std::make_pair(e, n)) out.emplace_back(e, n);
      }
      if (out.size() > 1 && out.back() == out.front()) out.pop_back();  // closed implicitly
      if (out.size() >= 3) {
        rings->push_back(std::move(out));
      } else if (ring_idx == 0) {
        return std::nullopt;  // a sliver outer ring: drop the polygon and its holes
      }
    }
    return std::nullopt;
  }

  const CrsTransform& to_bng_;
  std::string crs_;
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
    return NotGeoJson(file_name, "its type is \"" + root["type"].get<std::string>() + "\"");
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
  std::vector<long> lines = FeatureStartLines(data);
  if (lines.size() != features.size()) lines.clear();  // e.g. a null feature: number them instead
  FeatureReader reader(**to_bng, crs.crs);
  std::map<std::string, size_t> shape_of_code;
  std::map<std::string, size_t> first_feature_of_code;
  for (size_t feature_idx = 0; feature_idx < features.size(); ++feature_idx) {
    const json& feature = features[feature_idx];
    const std::string label = "feature " + std::to_string(feature_idx + 1);
    const long line = lines.empty() ? static_cast<long>(feature_idx + 1) : lines[feature_idx];
    const json* props =
        feature.is_object() && feature.contains("properties") && feature["properties"].is_object()
            ? &feature["properties"]
            : nullptr;
    auto text_property = [&](const std::string& name) -> std::string {
      if (!props || !props->contains(name)) return "";
      const json& v = (*props)[name];
      return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
    };
    std::string code(Trim(text_property(properties->code)));
    if (code.empty()) {
      batch.rejects.push_back(
          {line, properties->code, "", label + " has no " + properties->code + " (LSOA code)"});
      continue;
    }
    AreaShape shape;
    shape.lsoa_code = code;
    shape.lsoa_name = std::string(Trim(text_property(properties->name)));
    if (!feature.is_object()) {
      batch.rejects.push_back({line, "geometry", code, label + " is not a GeoJSON Feature"});
      continue;
    }
    if (auto problem = reader.Read(feature, label, &shape.rings)) {
      batch.rejects.push_back({line, problem->column, code, problem->reason});
      continue;
    }
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
  return batch;
}

}  // namespace cairn
