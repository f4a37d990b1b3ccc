// End-to-end tests of `cairn ingest boundaries`: the Cumbria LSOA boundaries shipped in
// data/boundaries, small files written here, and the full ONS North West file in shared/data/real.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "store/store.h"
#include "tests/test_util.h"

namespace cairn::testing {

namespace {

const std::string kCumbria =
    std::string(CAIRN_SOURCE_DIR) + "/data/boundaries/cumbria-lsoa11.geojson";

std::vector<AreaShape> Shapes(const std::string& db) {
  auto store = OpenSqliteStore(db, {StoreAccess::kRead});
  EXPECT_TRUE(store.ok()) << store.status().message();
  if (!store.ok()) return {};
  auto shapes = (*store)->ListAreaShapes();
  EXPECT_TRUE(shapes.ok()) << shapes.status().message();
  return shapes.ok() ? *shapes : std::vector<AreaShape>{};
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST(IngestBoundaries, CumbriaFileGives321ShapesInsideCumbria) {
  TempDir dir;
  std::string db = NewStore(dir);
  CommandResult r = RunCairn({"--db", db, "ingest", "boundaries", kCumbria});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Contains(r.err, kCumbria +
                                  ": coordinates read as EPSG:3857 (inferred: the file names no "
                                  "CRS and its coordinates (x -405,178 to -240,388, y 7,178,543 "
                                  "to 7,398,631) are neither longitude/latitude nor British "
                                  "National Grid, so web mercator metres) and projected to "
                                  "British National Grid (EPSG:27700)\n"))
      << r.err;
  EXPECT_TRUE(Contains(r.err, "loaded 321 rows from 1 file, rejected 0 rows")) << r.err;
  std::vector<AreaShape> shapes = Shapes(db);
  ASSERT_EQ(shapes.size(), 321u);
  EXPECT_EQ(shapes.front().lsoa_code, "E01019078");  // ordered by code
  EXPECT_EQ(shapes.front().lsoa_name, "Allerdale 007A");
  double min_x = 1e9, max_x = -1e9, min_y = 1e9, max_y = -1e9;
  for (const AreaShape& shape : shapes) {
    ASSERT_FALSE(shape.rings.empty()) << shape.lsoa_code;
    for (const auto& ring : shape.rings) {
      EXPECT_GE(ring.size(), 3u) << shape.lsoa_code;
      for (const auto& [x, y] : ring) {
        min_x = std::min(min_x, x), max_x = std::max(max_x, x);
        min_y = std::min(min_y, y), max_y = std::max(max_y, y);
      }
    }
  }
  // Cumbria runs from St Bees Head in the west to Alston Moor in the east (2.16 W), and from
  // Walney Island to the Scottish border. Every vertex of the file through cs2cs
  // (cs2cs -d 1 EPSG:3857 EPSG:27700) spans x 293,942.2 to 389,764.8, y 461,582.6 to 588,517.7.
  EXPECT_NEAR(min_x, 293942.2, 0.2);
  EXPECT_NEAR(max_x, 389764.8, 0.2);
  EXPECT_NEAR(min_y, 461582.6, 0.2);
  EXPECT_NEAR(max_y, 588517.7, 0.2);
}

// A published vertex, projected by another route. Carlisle 003A (E01019188) starts at web mercator
// (-328130.2012609555, 7345362.084146394). Inverse web mercator (exact, R = 6378137 m):
//   lon = x / R = -2.94764374973931 deg, lat = 2 atan(exp(y / R)) - pi/2 = 54.91487242540758 deg
// and lon/lat to British National Grid:
//   echo "-2.94764374973931 54.91487242540758" | cs2cs -d 3 OGC:CRS84 EPSG:27700
//   -> 339349.505 558207.776      (PROJ 9.1.1, Helmert; also what EPSG:3857 -> 27700 gives)
TEST(IngestBoundaries, KnownVertexMatchesAnIndependentProjection) {
  const double r = 6378137.0, pi = std::acos(-1.0);
  double lon = -328130.2012609555 / r * 180 / pi;
  double lat = (2 * std::atan(std::exp(7345362.084146394 / r)) - pi / 2) * 180 / pi;
  EXPECT_NEAR(lon, -2.94764374973931, 1e-12);
  EXPECT_NEAR(lat, 54.91487242540758, 1e-12);
  TempDir dir;
  std::string db = NewStore(dir);
  ASSERT_EQ(RunCairn({"--db", db, "ingest", "boundaries", kCumbria}).exit_code, 0);
  // The same vertex written as longitude/latitude in a file of its own.
  char ring[512];
  std::snprintf(ring, sizeof ring, "[[[%.14f,%.14f],[-2.94,54.91],[-2.95,54.90],[%.14f,%.14f]]]",
                lon, lat, lon, lat);
  WriteText(dir.File("lonlat.geojson"),
            std::string(R"({"type":"FeatureCollection","features":[{"type":"Feature",)") +
                R"("properties":{"LSOA11CD":"E99999999"},"geometry":{"type":"Polygon",)" +
                R"("coordinates":)" + ring + "}}]}");
  CommandResult lonlat = RunCairn({"--db", db, "ingest", "boundaries", dir.File("lonlat.geojson")});
  ASSERT_EQ(lonlat.exit_code, 0) << lonlat.err;
  EXPECT_TRUE(Contains(lonlat.err, "coordinates read as EPSG:4326")) << lonlat.err;
  int found = 0;
  for (const AreaShape& shape : Shapes(db)) {
    if (shape.lsoa_code != "E01019188" && shape.lsoa_code != "E99999999") continue;
    ++found;
    EXPECT_NEAR(shape.rings[0][0].first, 339349.505, 1.0) << shape.lsoa_code;
    EXPECT_NEAR(shape.rings[0][0].second, 558207.776, 1.0) << shape.lsoa_code;
    if (shape.lsoa_code == "E01019188") {
      EXPECT_EQ(shape.lsoa_name, "Carlisle 003A");
    }
  }
  EXPECT_EQ(found, 2);
}

TEST(IngestBoundaries, LoadingTheSameFileAgainIsANoOp) {
  TempDir dir;
  std::string db = NewStore(dir);
  ASSERT_EQ(RunCairn({"--db", db, "ingest", "boundaries", kCumbria}).exit_code, 0);
  CommandResult again = RunCairn({"--db", db, "ingest", "boundaries", kCumbria});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_TRUE(Contains(again.err, kCumbria + ": already loaded as batch 1; nothing to do"))
      << again.err;
  EXPECT_FALSE(Contains(again.err, "coordinates read as")) << again.err;
  EXPECT_EQ(Shapes(db).size(), 321u);
}

TEST(IngestBoundaries, OneBadFeatureIsRejectedAndTheOthersKept) {
  TempDir dir;
  std::string db = NewStore(dir);
  std::string path = dir.File("three.geojson");
  WriteText(path,
            "{\"type\": \"FeatureCollection\", \"features\": [\n"
            "{\"type\": \"Feature\", \"properties\": {\"lsoa21cd\": \"E01000001\", \"lsoa21nm\": "
            "\"A\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
            "[[[340000, 555000], [341000, 555000], [341000, 556000], [340000, 555000]]]}},\n"
            "{\"type\": \"Feature\", \"properties\": {\"lsoa21cd\": \"E01000002\", \"lsoa21nm\": "
            "\"B\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
            "[[[340000, 555000], [341000, 555000], [340000, 555000]]]}},\n"
            "{\"type\": \"Feature\", \"properties\": {\"lsoa21cd\": \"E01000003\", \"lsoa21nm\": "
            "\"C\"}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
            "[[[342000, 555000], [343000, 555000], [343000, 556000], [342000, 555000]]]}}\n"
            "]}\n");
  CommandResult r = RunCairn({"--db", db, "ingest", "boundaries", path});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(Contains(r.err, "loaded 2 rows from 1 file, rejected 1 rows")) << r.err;
  CommandResult rejects = RunCairn({"--db", db, "rejects", "--batch", "1"});
  EXPECT_EQ(rejects.exit_code, 0);
  EXPECT_EQ(rejects.out, "batch,file,line,column,value,reason\n1," + path +
                             ",3,geometry,E01000002,feature 2: ring 1 has 3 positions; a ring "
                             "needs at least 4 (the last repeating the first)\n");
  std::vector<AreaShape> shapes = Shapes(db);
  ASSERT_EQ(shapes.size(), 2u);
  EXPECT_EQ(shapes[1].lsoa_code, "E01000003");
  EXPECT_EQ(shapes[1].lsoa_name, "C");
}

TEST(IngestBoundaries, AFileThatIsNotGeoJsonIsRefusedNamingIt) {
  TempDir dir;
  std::string db = NewStore(dir);
  std::string path = dir.File("lsoas.geojson");
  WriteText(path, "LSOA code,LSOA name\nE01019188,Carlisle 003A\n");
  CommandResult r = RunCairn({"--db", db, "ingest", "boundaries", path});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(Contains(r.err, "cairn: not loaded: " + path +
                                  ": not GeoJSON boundaries (expected a FeatureCollection of "
                                  "LSOA Polygon/MultiPolygon features): it is not JSON"))
      << r.err;
  EXPECT_TRUE(Shapes(db).empty());
}

TEST(IngestBoundaries, BoundaryOptionsNeedTheBoundariesKind) {
  TempDir dir;
  CommandResult r =
      RunCairn({"--db", dir.File("x.db"), "ingest", "police-uk", "--crs", "EPSG:4326", dir.path()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(Contains(r.err,
                       "--code-property, --name-property and --crs are for `cairn ingest "
                       "boundaries`"))
      << r.err;
}

TEST(IngestBoundaries, RealDataNorthWestFileLoadsEveryFeature) {
  if (SharedDir().empty()) GTEST_SKIP() << "shared/data/real not present";
  TempDir dir;
  std::string db = NewStore(dir);
  std::string path = SharedDir() +
                     "/data/real/lsoa11-boundaries-nw-gillam/"
                     "lsoa_clean_shapefiles_2011_north_west_crs3857.json";
  auto start = std::chrono::steady_clock::now();
  CommandResult r = RunCairn({"--db", db, "ingest", "boundaries", path});
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Feature count from shared/data/real/SOURCES.md: 4,497 (4,459 Polygon, 38 MultiPolygon).
  EXPECT_TRUE(Contains(r.err, "loaded 4,497 rows from 1 file, rejected 0 rows")) << r.err;
  std::vector<AreaShape> shapes = Shapes(db);
  EXPECT_EQ(shapes.size(), 4497u);
  // The North West: Cheshire to the Scottish border.
  for (const AreaShape& shape : shapes)
    for (const auto& ring : shape.rings)
      for (const auto& [x, y] : ring) {
        ASSERT_GT(x, 290000) << shape.lsoa_code;
        ASSERT_LT(x, 420000) << shape.lsoa_code;
        ASSERT_GT(y, 300000) << shape.lsoa_code;
        ASSERT_LT(y, 590000) << shape.lsoa_code;
      }
  std::cout << "North West boundaries: " << shapes.size() << " shapes in " << seconds << " s\n";
}

}  // namespace cairn::testing
