#include "engine/workspace.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "analysis/query.h"
#include "snapshot/frame.h"
#include "tests/test_util.h"

namespace cairn {
namespace {

namespace fs = std::filesystem;

// Restores $CAIRN_CONFIG as it was.
class ConfigEnv {
 public:
  ConfigEnv() {
    const char* v = std::getenv("CAIRN_CONFIG");
    had_ = v != nullptr;
    if (had_) saved_ = v;
  }
  ~ConfigEnv() {
    if (had_)
      setenv("CAIRN_CONFIG", saved_.c_str(), 1);
    else
      unsetenv("CAIRN_CONFIG");
  }

 private:
  bool had_ = false;
  std::string saved_;
};

TEST(FindConfig, TheFlagComesFirstThenTheEnvironmentThenTheBinarysOwn) {
  ConfigEnv restore;
  const std::string shipped = std::string(CAIRN_SOURCE_DIR) + "/config";
  setenv("CAIRN_CONFIG", "/nowhere/at/all", 1);
  auto by_flag = FindConfig(shipped);
  ASSERT_TRUE(by_flag.ok()) << by_flag.status().message();
  EXPECT_EQ(by_flag->found_by, "--config");
  EXPECT_EQ(by_flag->profiles, std::string(CAIRN_SOURCE_DIR) + "/profiles");
  auto by_env = FindConfig("");
  ASSERT_FALSE(by_env.ok());
  EXPECT_EQ(by_env.status().message(),
            "$CAIRN_CONFIG /nowhere/at/all: not a configuration directory (expected definitions/ "
            "and harm_weights.toml in it)");
  unsetenv("CAIRN_CONFIG");
  auto found = FindConfig("");
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_TRUE(fs::is_regular_file(fs::path(found->dir) / "harm_weights.toml")) << found->dir;
  EXPECT_TRUE(fs::is_directory(found->profiles)) << found->profiles;
}

TEST(Workspace, LocationsNameSqliteFilesAndRefuseOtherSchemes) {
  EXPECT_EQ(SqlitePathOf("sqlite:/tmp/a.db").value(), "/tmp/a.db");
  EXPECT_EQ(SqlitePathOf("a.db").value(), "a.db");
  EXPECT_FALSE(SqlitePathOf("postgresql://u@h/db").ok());
  EXPECT_EQ(DefaultKeyPath("/x/cairn.db"), "/x/cairn.key");
}

TEST(Workspace, AnEmptyStoreDescribesItselfAndCountsNothing) {
  fs::path dir = fs::temp_directory_path() / ("cairn-ws-" + std::to_string(getpid()));
  fs::create_directories(dir);
  auto ws =
      Workspace::Open({"sqlite:" + (dir / "s.db").string(), "", "", {StoreAccess::kCreate}, {}});
  ASSERT_TRUE(ws.ok()) << ws.status().message();
  EXPECT_EQ((*ws)->key_path(), (dir / "s.key").string());
  auto report = (*ws)->Describe();
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->events, 0);
  EXPECT_TRUE(report->sources.empty());
  QueryRequest request;
  request.where = "serious_violence";
  auto answer = (*ws)->Query(request);
  ASSERT_TRUE(answer.ok()) << answer.status().message();
  // The definitions were read once and the expression named one of them.
  ASSERT_EQ(request.spec.definitions_used.size(), 1u);
  QueryRequest bad;
  bad.where = "catgory = \"Robbery\"";
  auto refused = (*ws)->Query(bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kUsage);
  fs::remove_all(dir);
}

// A damaged snapshot cache never decides an answer: whichever byte of the cache is flipped, the
// query gives the counts of the file that was loaded (counted here from the rows written), because
// the cache is refused when opened (header, section table, dictionaries) or the damaged array is
// found when read and the engine answers again from the store.
TEST(Workspace, NoFlippedByteOfTheSnapshotCacheChangesAnAnswer) {
  testing::TempDir dir;
  const std::string db = testing::NewStore(dir);
  const char* categories[] = {"Robbery", "Burglary", "Drugs", "Shoplifting", "Bicycle theft"};
  std::string csv =
      "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
      "Crime type,Last outcome category,Context\n";
  std::map<std::string, int> expected;  // "month,category" -> rows
  for (int i = 0; i < 300; ++i) {
    const std::string month = "2024-0" + std::to_string(1 + i % 4);
    const std::string category = categories[(i * i) % 5];
    csv += "id" + std::to_string(i) + "," + month + ",F,F,-2.93,54.89,On or near X,E01900001," +
           "Fellshire 001A," + category + ",,\n";
    ++expected[month + "," + category];
  }
  testing::WriteText(dir.File("a.csv"), csv);
  ASSERT_EQ(testing::RunCairn({"--db", db, "ingest", "police-uk", dir.File("a.csv")}).exit_code, 0);
  auto answer = [&]() {
    auto ws = Workspace::Open({"sqlite:" + db, "", "", {StoreAccess::kRead}, {}});
    EXPECT_TRUE(ws.ok()) << ws.status().message();
    QueryRequest request;
    request.spec.by = {"month", "category"};
    auto result = (*ws)->Query(request);
    EXPECT_TRUE(result.ok()) << result.status().message();
    std::map<std::string, int> counts;
    for (const QueryRow& row : result->rows)
      counts[row.keys.at(0) + "," + row.keys.at(1)] = static_cast<int>(row.value);
    return counts;
  };
  ASSERT_EQ(answer(), expected);
  const std::string cache = SnapshotPathFor(db);
  const std::string good = testing::ReadText(cache);
  ASSERT_GT(good.size(), 1000u);
  int rebuilt = 0;  // from a flip in the second half, past the header and the section table
  for (size_t at = 0; at < good.size(); at += 7) {
    std::string damaged = good;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
    testing::WriteText(cache, damaged);
    ASSERT_EQ(answer(), expected) << "byte " << at << " of " << good.size() << " flipped";
    if (at > good.size() / 2) rebuilt += testing::ReadText(cache) == good;
  }
  EXPECT_GT(rebuilt, 20) << "an array the query read was found damaged and the cache rebuilt";
}

}  // namespace
}  // namespace cairn
