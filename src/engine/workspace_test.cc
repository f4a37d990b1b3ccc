#include "engine/workspace.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

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
  auto ws = Workspace::Open({"sqlite:" + (dir / "s.db").string(), "", "", {StoreAccess::kCreate}});
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

}  // namespace
}  // namespace cairn
