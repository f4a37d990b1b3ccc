#include "ingest/boundaries.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace cairn {

namespace {

std::string Collection(const std::vector<std::string>& features, const std::string& extra = "") {
  std::string out = "{\"type\":\"FeatureCollection\"," + extra + "\"features\":[\n";
  for (size_t i = 0; i < features.size(); ++i)
    out += features[i] + (i + 1 < features.size() ? ",\n" : "\n");
  return out + "]}\n";
}

std::string Feature(const std::string& code, const std::string& coordinates,
                    const std::string& type = "Polygon") {
  return R"({"type":"Feature","properties":{"lsoa11cd":")" + code + R"(","lsoa11nm":"Name )" +
         code + R"("},"geometry":{"type":")" + type + R"(","coordinates":)" + coordinates + "}}";
}

// Four corners of a square near Carlisle, as longitude/latitude and (cs2cs, PROJ 9.1.1, Helmert):
//   printf -- "-2.95 54.89\n-2.94 54.89\n-2.94 54.90\n-2.95 54.90\n" |
//     cs2cs -d 3 OGC:CRS84 EPSG:27700
const char* kSquareLonLat =
    "[[[-2.95,54.89],[-2.94,54.89],[-2.94,54.90],[-2.95,54.90],[-2.95,54.89]]]";
const double kSquareBng[4][2] = {{339160.902, 555442.136},
                                 {339802.326, 555433.479},
                                 {339817.267, 556546.232},
                                 {339176.002, 556554.888}};

std::string SquareBngCoordinates() {
  std::string out = "[[";
  for (int i = 0; i <= 4; ++i)
    out += (i ? "," : "") + std::string("[") + std::to_string(kSquareBng[i % 4][0]) + "," +
           std::to_string(kSquareBng[i % 4][1]) + "]";
  return out + "]]";
}

Batch Read(const std::string& text, BoundaryOptions options = {}, BoundaryCrs* crs = nullptr) {
  auto batch = ReadBoundaries(options, "b.geojson", text, crs);
  EXPECT_TRUE(batch.ok()) << batch.status().message();
  return batch.ok() ? std::move(batch).value() : Batch{};
}

}  // namespace

TEST(Boundaries, LonLatAndBngFilesGiveTheSameCoordinates) {
  BoundaryCrs lonlat_crs, bng_crs;
  Batch lonlat = Read(Collection({Feature("E01000001", kSquareLonLat)}), {}, &lonlat_crs);
  Batch bng = Read(Collection({Feature("E01000001", SquareBngCoordinates())},
                              R"("crs":{"type":"name","properties":{"name":)"
                              R"("urn:ogc:def:crs:EPSG::27700"}},)"),
                   {}, &bng_crs);
  EXPECT_EQ(lonlat_crs.crs, "EPSG:4326");
  EXPECT_EQ(lonlat_crs.why,
            "inferred: the file names no CRS and every coordinate is within +-180, +-90, so "
            "longitude/latitude");
  EXPECT_EQ(bng_crs.crs, "EPSG:27700");
  EXPECT_EQ(bng_crs.why, "the file's crs member names urn:ogc:def:crs:EPSG::27700");
  ASSERT_EQ(lonlat.shapes.size(), 1u);
  ASSERT_EQ(bng.shapes.size(), 1u);
  const auto& a = lonlat.shapes[0].rings;
  const auto& b = bng.shapes[0].rings;
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(a[0].size(), 4u);  // the closing vertex is implicit
  ASSERT_EQ(b[0].size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_NEAR(a[0][i].first, kSquareBng[i][0], 0.06) << i;
    EXPECT_NEAR(a[0][i].second, kSquareBng[i][1], 0.06) << i;
    EXPECT_NEAR(a[0][i].first, b[0][i].first, 0.11) << i;
    EXPECT_NEAR(a[0][i].second, b[0][i].second, 0.11) << i;
  }
  EXPECT_EQ(lonlat.shapes[0].lsoa_name, "Name E01000001");
  EXPECT_EQ(lonlat.profile,
            "GeoJSON boundaries: code lsoa11cd, name lsoa11nm, EPSG:4326 (inferred)");
}

TEST(Boundaries, CrsIsInferredFromTheCoordinatesOrGiven) {
  BoundaryCrs crs;
  Read(Collection({Feature("E01000001", SquareBngCoordinates())}), {}, &crs);
  EXPECT_EQ(crs.crs, "EPSG:27700");
  EXPECT_EQ(crs.why,
            "inferred: the file names no CRS and every coordinate (x 339,161 to 339,817, y "
            "555,433 to 556,555) lies within British National Grid's extent");
  // Web mercator: Carlisle 003A's first vertex and neighbours (ONS North West file).
  const std::string mercator =
      "[[[-328130.2012609555,7345362.084146394],[-328000,7345362],[-328000,7345200],"
      "[-328130.2012609555,7345362.084146394]]]";
  Batch batch = Read(Collection({Feature("E01019188", mercator)}), {}, &crs);
  EXPECT_EQ(crs.crs, "EPSG:3857");
  EXPECT_EQ(crs.why,
            "inferred: the file names no CRS and its coordinates (x -328,130 to -328,000, y "
            "7,345,200 to 7,345,362) are neither longitude/latitude nor British National Grid, "
            "so web mercator metres");
  // echo "-328130.2012609555 7345362.084146394" | cs2cs -d 3 EPSG:3857 EPSG:27700
  //   -> 339349.505 558207.776
  ASSERT_EQ(batch.shapes.size(), 1u);
  EXPECT_NEAR(batch.shapes[0].rings[0][0].first, 339349.5, 0.11);
  EXPECT_NEAR(batch.shapes[0].rings[0][0].second, 558207.8, 0.11);
  BoundaryOptions given;
  given.crs = "4326";
  Read(Collection({Feature("E01000001", kSquareLonLat)}), given, &crs);
  EXPECT_EQ(crs.crs, "EPSG:4326");
  EXPECT_EQ(crs.why, "given with --crs");
  Read(Collection({Feature("E01000001", kSquareLonLat)},
                  R"("crs":{"type":"name","properties":{"name":)"
                  R"("urn:ogc:def:crs:OGC:1.3:CRS84"}},)"),
       {}, &crs);
  EXPECT_EQ(crs.crs, "EPSG:4326");
}

TEST(Boundaries, BadFeaturesBecomeRejectsAndTheOthersLoad) {
  const std::string square = "[[[1000,1000],[2000,1000],[2000,2000],[1000,2000],[1000,1000]]]";
  std::string text = Collection({
      Feature("E01000001", square),
      R"({"type":"Feature","properties":{"lsoa11cd":"E01000002"},"geometry":null})",
      Feature("E01000003", "[[1000,1000],[2000,2000]]", "LineString"),
      R"({"type":"Feature","properties":{"lsoa11nm":"Nameless"},"geometry":{"type":"Polygon",)"
      R"("coordinates":)" +
          square + "}}",
      Feature("E01000005", "[[[1000,1000],[2000,1000],[1000,1000]]]"),
      Feature("E01000006", "[[[1000,1000],[800000,1000],[2000,2000],[1000,1000]]]"),
      Feature("E01000007", square, "MultiPolygon"),  // a MultiPolygon needs one more level
      Feature("E01000008", "[" + square + "," + square + "]", "MultiPolygon"),
  });
  BoundaryOptions options;
  options.crs = "EPSG:27700";
  Batch batch = Read(text, options);
  EXPECT_EQ(batch.rows_read, 8);
  ASSERT_EQ(batch.shapes.size(), 2u);
  EXPECT_EQ(batch.shapes[0].lsoa_code, "E01000001");
  EXPECT_EQ(batch.shapes[1].lsoa_code, "E01000008");
  EXPECT_EQ(batch.shapes[1].rings.size(), 2u);
  std::vector<std::string> rejects;
  for (const Reject& r : batch.rejects)
    rejects.push_back(std::to_string(r.line) + "," + r.column + "," + r.value + "," + r.reason);
  EXPECT_EQ(rejects,
            (std::vector<std::string>{
                "3,geometry,E01000002,feature 2 has no geometry",
                "4,geometry,E01000003,feature 3: geometry type \"LineString\" is not supported "
                "(expected Polygon or MultiPolygon)",
                "5,lsoa11cd,,feature 4 has no lsoa11cd (LSOA code)",
                "6,geometry,E01000005,feature 5: ring 1 has 3 positions; a ring needs at least 4 "
                "(the last repeating the first)",
                "7,geometry,E01000006,feature 6: (800000.000000, 1000.000000) in EPSG:27700 is "
                "outside Great Britain (easting 800,000, northing 1,000)",
                "8,geometry,E01000007,feature 7: ring 1 of polygon 1 has 2 positions; a ring "
                "needs at least 4 (the last repeating the first)",
            }));
}

TEST(Boundaries, RepeatedVerticesAreDroppedAndCoordinatesRoundedToADecimetre) {
  BoundaryOptions options;
  options.crs = "EPSG:27700";
  Batch batch = Read(Collection({Feature(
                         "E01000001",
                         "[[[1000.04,1000],[1000,1000.02],[2000.26,1000],[2000,2000],[1000,2000],"
                         "[1000,1000]],[[1500,1500],[1500.01,1500],[1500,1500.01],[1500,1500]]]")}),
                     options);
  ASSERT_EQ(batch.shapes.size(), 1u);
  // The hole collapses to one point at 0.1 m and is dropped; the outer ring keeps 4 vertices.
  ASSERT_EQ(batch.shapes[0].rings.size(), 1u);
  const auto& ring = batch.shapes[0].rings[0];
  ASSERT_EQ(ring.size(), 4u);
  EXPECT_DOUBLE_EQ(ring[0].first, 1000.0);
  EXPECT_NEAR(ring[1].first, 2000.3, 1e-9);
}

TEST(Boundaries, AnLsoaSplitOverTwoFeaturesIsDrawnWhole) {
  BoundaryOptions options;
  options.crs = "EPSG:27700";
  const std::string a = "[[[1000,1000],[2000,1000],[2000,2000],[1000,1000]]]";
  const std::string b = "[[[3000,1000],[4000,1000],[4000,2000],[3000,1000]]]";
  Batch batch = Read(Collection({Feature("E01000001", a), Feature("E01000001", b)}), options);
  ASSERT_EQ(batch.shapes.size(), 1u);
  EXPECT_EQ(batch.shapes[0].rings.size(), 2u);
  EXPECT_EQ(batch.findings,
            (std::vector<std::string>{"LSOA E01000001 appears in feature 1 and feature 2; their "
                                      "polygons are drawn together"}));
}

TEST(Boundaries, CodeAndNamePropertiesCanBeNamed) {
  const std::string text =
      Collection({R"({"type":"Feature","properties":{"code":"E01000001","label":"Somewhere"},)"
                  R"("geometry":{"type":"Polygon","coordinates":)" +
                  std::string(kSquareLonLat) + "}}"});
  auto missing = ReadBoundaries({}, "b.geojson", text);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "b.geojson: no feature has an LSOA code property (looked for lsoa11cd, LSOA11CD, "
            "lsoa21cd, LSOA21CD; the first feature has code, label); name it with "
            "--code-property");
  BoundaryOptions options;
  options.code_property = "code";
  options.name_property = "label";
  Batch batch = Read(text, options);
  ASSERT_EQ(batch.shapes.size(), 1u);
  EXPECT_EQ(batch.shapes[0].lsoa_code, "E01000001");
  EXPECT_EQ(batch.shapes[0].lsoa_name, "Somewhere");
}

TEST(Boundaries, AFileThatIsNotGeoJsonIsRefusedNamingIt) {
  auto csv = ReadBoundaries({}, "areas.csv", "LSOA code,Name\nE01000001,Somewhere\n");
  ASSERT_FALSE(csv.ok());
  EXPECT_EQ(csv.status().message(),
            "areas.csv: not GeoJSON boundaries (expected a FeatureCollection of LSOA "
            "Polygon/MultiPolygon features): it is not JSON (parse error at line 1, column 1: "
            "syntax error while parsing value - invalid literal; last read: 'L')");
  auto feature = ReadBoundaries({}, "one.geojson", Feature("E01000001", kSquareLonLat));
  ASSERT_FALSE(feature.ok());
  EXPECT_EQ(feature.status().message(),
            "one.geojson: not GeoJSON boundaries (expected a FeatureCollection of LSOA "
            "Polygon/MultiPolygon features): its type is \"Feature\"");
  EXPECT_FALSE(ReadBoundaries({}, "empty.geojson", "").ok());
  EXPECT_FALSE(
      ReadBoundaries({}, "e.geojson", R"({"type":"FeatureCollection","features":[]})").ok());
}

}  // namespace cairn
