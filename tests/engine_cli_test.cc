// The engine's operations called directly, on a store in memory, give what the commands give on a
// store file: the engine is the one place the work is done.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "engine/workspace.h"
#include "tests/test_util.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {
namespace {

using testing::RunCairn;
using testing::SharedDir;
using testing::TempDir;

// month -> count, from `cairn query --by month --format csv` output.
std::map<std::string, std::string> CountsFromCsv(const std::string& csv) {
  std::map<std::string, std::string> counts;
  for (const std::string& line : Split(csv, '\n')) {
    auto fields = Split(line, ',');
    if (fields.size() == 2 && fields[0] != "month") counts[fields[0]] = fields[1];
  }
  return counts;
}

TEST(EngineRealData, AnIngestAndAQueryInMemoryGiveWhatTheCommandsGive) {
  const std::string cumbria = SharedDir() + "/data/real/police-uk-street/cumbria";
  ASSERT_TRUE(std::filesystem::is_directory(cumbria)) << cumbria;
  auto files = ExpandPaths({cumbria}, {".csv"}, nullptr);
  ASSERT_TRUE(files.ok()) << files.status().message();

  auto workspace = Workspace::Open({"memory:", "", std::string(CAIRN_SOURCE_DIR) + "/config", {}});
  ASSERT_TRUE(workspace.ok()) << workspace.status().message();
  IngestRequest request;
  request.kind = ExtractKind::kPoliceUk;
  request.files = *files;
  auto report = (*workspace)->Ingest(request);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->summary.files_loaded, static_cast<long>(files->size()));
  EXPECT_EQ(report->summary.files_failed, 0);
  QueryRequest query;
  query.spec.by = {"month"};
  auto result = (*workspace)->Query(query);
  ASSERT_TRUE(result.ok()) << result.status().message();
  std::map<std::string, std::string> engine;
  for (const QueryRow& row : result->rows)
    engine[row.keys.at(0)] = std::to_string(static_cast<int64_t>(row.value));

  TempDir dir;
  const std::string db = testing::NewStore(dir);
  auto loaded = RunCairn({"--db", db, "ingest", "police-uk", cumbria});
  ASSERT_TRUE(loaded.exit_code == 0 || loaded.exit_code == 3) << loaded.err;
  auto queried = RunCairn({"--db", db, "query", "--by", "month", "--format", "csv"});
  ASSERT_EQ(queried.exit_code, 0) << queried.err;
  const auto command = CountsFromCsv(queried.out);
  EXPECT_EQ(command.size(), 9u);  // 2018-10..2019-02 and 2024-01..04
  EXPECT_EQ(engine, command);

  // Loading the same files again is a no-op in memory as on disk.
  auto again = (*workspace)->Ingest(request);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->summary.files_already_loaded, static_cast<long>(files->size()));
}

}  // namespace
}  // namespace cairn
