// `cmake --install` gives a cairn that runs outside the source tree: it finds its configuration in
// <prefix>/share/cairn and says so.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "tests/test_util.h"

namespace cairn::testing {
namespace {

namespace fs = std::filesystem;

TEST(Install, InstalledCairnFindsItsOwnConfigurationFromAnyFolder) {
  TempDir dir;
  const std::string prefix = dir.File("prefix");
  const std::string build = fs::path(CAIRN_BINARY).parent_path().string();
  const std::string cmd =
      "cmake --install '" + build + "' --prefix '" + prefix + "' > '" + dir.File("log") + "' 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << ReadText(dir.File("log"));
  const std::string cairn = prefix + "/bin/cairn";
  ASSERT_TRUE(fs::exists(prefix + "/share/cairn/config/harm_weights.toml"));
  ASSERT_TRUE(fs::exists(prefix + "/share/cairn/profiles/police-recorded-crime.toml"));
  const std::string run = "cd '" + dir.path() + "' && env -u CAIRN_CONFIG '" + cairn +
                          "' --db here.db init > /dev/null 2>&1 && env -u CAIRN_CONFIG '" + cairn +
                          "' --db here.db status --json > out.json 2> err.txt";
  ASSERT_EQ(std::system(run.c_str()), 0) << ReadText(dir.File("err.txt"));
  const std::string out = ReadText(dir.File("out.json"));
  EXPECT_NE(out.find("\"found_by\": \"installed\""), std::string::npos) << out;
  EXPECT_NE(out.find(prefix + "/share/cairn/config"), std::string::npos) << out;
}

}  // namespace
}  // namespace cairn::testing
