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

// Issue 15 item 12: a coordinate of +-1e308 reached std::llround and WithCommas (UBSan: negation
// of INT64_MIN) and was reported as "x -0 to -0". It is refused with the number as written, and
// the bad feature neither changes the CRS inferred for the file nor stops the good one. (1e400,
// too large for a double, is refused by the JSON parser, which names it.)
TEST(Boundaries, ACoordinateOutOfRangeIsRefusedAsWrittenInTheFile) {
  BoundaryCrs crs;
  Batch batch = Read(
      Collection({Feature("E01000001", kSquareLonLat),
                  Feature("E01000002", "[[[1e308,-1e308],[1,2],[3,4],[1,2]]]"),
                  Feature("E01000003", "[[[-2.95,54.89],[1E+308,-180.5],[3,4],[-2.95,54.89]]]")}),
      {}, &crs);
  EXPECT_EQ(crs.crs, "EPSG:4326");
  ASSERT_EQ(batch.shapes.size(), 1u);
  ASSERT_EQ(batch.rejects.size(), 2u);
  EXPECT_EQ(batch.rejects[0].reason,
            "feature 2: ring 1 has a position [1e308, -1e308] that is not a longitude within +-180 "
            "and a latitude within +-90 (EPSG:4326)");
  EXPECT_EQ(batch.rejects[1].reason,
            "feature 3: ring 1 has a position [1E+308, -180.5] that is not a longitude within "
            "+-180 and a latitude within +-90 (EPSG:4326)");
  // A number too large for a double refuses the file, as written.
  auto overflow = ReadBoundaries({}, "b.geojson",
                                 Collection({Feature("E01000001", "[[[1E+400,2],[3,4],[5,6]]]")}));
  ASSERT_FALSE(overflow.ok());
  EXPECT_EQ(overflow.status().message(),
            "b.geojson: not GeoJSON boundaries (expected a FeatureCollection of LSOA "
            "Polygon/MultiPolygon features): it is not JSON (number overflow parsing '1E+400')");

  BoundaryOptions bng;
  bng.crs = "EPSG:27700";
  Batch metres = Read(
      Collection({Feature("E01000004", "[[[1000,1000],[2000,1000],[-1.5e308,5],[1000,1000]]]")}),
      bng);
  ASSERT_EQ(metres.rejects.size(), 1u);
  EXPECT_EQ(metres.rejects[0].reason,
            "feature 1: ring 1 has a position [-1.5e308, 5] that is not a coordinate in EPSG:27700 "
            "(at most 100,000,000 in size)");
}

// A projected CRS far from Great Britain gives eastings PROJ can compute but no integer holds.
TEST(Boundaries, AVertexFarOutsideGreatBritainIsReportedWithoutOverflow) {
  BoundaryOptions options;
  options.crs = "EPSG:3857";
  Batch batch =
      Read(Collection({Feature("E01000001", "[[[9e7,9e7],[9e7,9.1e7],[9.1e7,9e7],[9e7,9e7]]]")}),
           options);
  ASSERT_EQ(batch.rejects.size(), 1u);
  EXPECT_TRUE(batch.rejects[0].reason.starts_with("feature 1: ")) << batch.rejects[0].reason;
}

// Issue 15 item 18: a boundary code like <script>... was accepted without a word.
TEST(Boundaries, ACodeWithCharactersNoAreaCodeHasIsRejected) {
  Batch batch = Read(Collection({Feature("<script>alert(1)</script>", kSquareLonLat),
                                 Feature("E01\\u0000\\u001b[31m", kSquareLonLat),
                                 Feature(std::string(40, 'E'), kSquareLonLat),
                                 Feature("E01000001", kSquareLonLat)}));
  ASSERT_EQ(batch.shapes.size(), 1u);
  EXPECT_EQ(batch.shapes[0].lsoa_code, "E01000001");
  ASSERT_EQ(batch.rejects.size(), 3u);
  EXPECT_EQ(batch.rejects[0].reason,
            "feature 1: the lsoa11cd \"<script>alert(1)</script>\" has a character an area code "
            "cannot have (only letters, digits, space, \"_\" and \"-\")");
  EXPECT_EQ(batch.rejects[1].value, "E01\\x00\\x1B[31m");
  EXPECT_EQ(batch.rejects[2].reason, "feature 3: the lsoa11cd \"" + std::string(40, 'E') +
                                         "\" is 40 bytes long; an area code has at most 32");
  EXPECT_TRUE(batch.findings.empty());
}

TEST(Boundaries, CodesThatAreNotOnsCodesGetANote) {
  BoundaryOptions options;
  options.code_property = "lsoa11cd";
  Batch batch = Read(Collection({Feature("Area 1", kSquareLonLat), Feature("A-2", kSquareLonLat),
                                 Feature("E01000001", kSquareLonLat)}),
                     options);
  EXPECT_EQ(batch.shapes.size(), 3u);
  EXPECT_EQ(batch.findings, (std::vector<std::string>{
                                "2 of 3 features have a lsoa11cd that is not an ONS/GSS code (a "
                                "letter and 8 digits, as E01019188): Area 1, A-2"}));
}

// Issue 15 item 18: self-intersecting polygons were accepted without a word.
TEST(Boundaries, ARingThatCrossesItselfGetsANoteNamingTheLsoa) {
  BoundaryOptions options;
  options.crs = "EPSG:27700";
  const std::string bow_tie = "[[[1000,1000],[2000,2000],[2000,1000],[1000,2000],[1000,1000]]]";
  const std::string spike = "[[[1000,1000],[2000,1000],[2000,2000],[2000,1500],[1000,1000]]]";
  const std::string square = "[[[1000,1000],[2000,1000],[2000,2000],[1000,2000],[1000,1000]]]";
  const std::string touching =  // the fourth vertex touches the first edge
      "[[[1000,1000],[3000,1000],[3000,2000],[2000,1000],[1000,2000],[1000,1000]]]";
  const std::string hole = "[[1200,1200],[1800,1200],[1800,1800],[1200,1200]]";
  Batch batch = Read(Collection({Feature("E01000001", bow_tie), Feature("E01000002", spike),
                                 Feature("E01000003", square), Feature("E01000004", touching),
                                 Feature("E01000005", "[" + square.substr(1, square.size() - 2) +
                                                          "," + hole + "]")}),
                     options);
  EXPECT_EQ(batch.shapes.size(), 5u);
  EXPECT_EQ(batch.findings,
            (std::vector<std::string>{
                "LSOA E01000001 (feature 1): ring 1 crosses itself near (1000.0, 1000.0); its "
                "area and map may be wrong",
                "LSOA E01000002 (feature 2): ring 1 crosses itself near (2000.0, 1000.0); its "
                "area and map may be wrong",
                "LSOA E01000004 (feature 4): ring 1 crosses itself near (1000.0, 1000.0); its "
                "area and map may be wrong"}));
}

// A code property or a position nested 100,000 deep used to be written out for the message with
// nlohmann::json::dump(), which recurses once per level; it is now refused without that.
TEST(Boundaries, ADeeplyNestedValueIsRefusedWithoutExhaustingTheStack) {
  const std::string deep = std::string(100000, '[') + "1" + std::string(100000, ']');
  Batch batch = Read(
      Collection({R"({"type":"Feature","properties":{"lsoa11cd":)" + deep +
                      R"(},"geometry":{"type":"Polygon","coordinates":)" + kSquareLonLat + "}}",
                  Feature("E01000001", "[[[-2.95,54.89],[-2.94,54.89]," + deep +
                                           ",[-2.95,54.90],[-2.95,54.89]]]")}));
  ASSERT_EQ(batch.rejects.size(), 2u);
  EXPECT_EQ(batch.rejects[0].reason, "feature 1 has no lsoa11cd (LSOA code)");
  EXPECT_EQ(batch.rejects[1].reason,
            "feature 2: ring 1 has a position [[...]] that is not [x, y] numbers");
}

}  // namespace cairn
