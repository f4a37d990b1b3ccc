// The engine's operations called directly, on a store in memory, give what the commands give on a
// store file: the engine is the one place the work is done.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "engine/tools.h"
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

  auto workspace =
      Workspace::Open({"memory:", "", std::string(CAIRN_SOURCE_DIR) + "/config", {}, {}});
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

// The operations that need no workspace (engine/tools.h), called directly, write what the commands
// write: the synthetic county file for file, and a partner's pseudonymised extract byte for byte.
TEST(EngineTools, SynthAndPseudonymiseGiveWhatTheCommandsGive) {
  TempDir dir;
  SynthOptions options;
  options.out_dir = dir.File("engine");
  options.scale = 0.05;
  options.months = 3;
  options.seed = 7;
  auto made = Synthesise(options);
  ASSERT_TRUE(made.ok()) << made.status().message();
  auto synth = RunCairn(
      {"synth", "--out", dir.File("command"), "--scale", "0.05", "--months", "3", "--seed", "7"});
  ASSERT_EQ(synth.exit_code, 0) << synth.err;
  ASSERT_GT(made->files.size(), 10u);
  for (const SynthFile& f : made->files)
    EXPECT_EQ(testing::ReadText(dir.File("engine/" + f.path)),
              testing::ReadText(dir.File("command/" + f.path)))
        << f.path;
  // Synthetic extracts never go into a folder the engine did not make.
  std::filesystem::create_directories(dir.File("partner"));
  testing::WriteText(dir.File("partner/crime.csv"), "a real extract\n");
  options.out_dir = dir.File("partner");
  EXPECT_FALSE(Synthesise(options).ok());

  const std::string db = testing::NewStore(dir);
  const std::string key = dir.File("cairn.key");
  const std::string ed = dir.File("engine/ed-istv.csv");
  PseudonymiseFileRequest request;
  request.key_path = key;
  request.columns = {"NHSNumber"};
  request.links = {"PatientSurname+PatientForename+PatientDOB"};
  request.link_names = {"PatientPseudonym"};
  request.in = ed;
  request.out = dir.File("engine-ed.csv");
  auto summary = PseudonymiseFile(request);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  auto command = RunCairn({"--db", db, "pseudonymise", "--key", key, "--columns", "NHSNumber",
                           "--link", "PatientSurname+PatientForename+PatientDOB", "--link-name",
                           "PatientPseudonym", ed, dir.File("command-ed.csv")});
  ASSERT_EQ(command.exit_code, 0) << command.err;
  const std::string pseudonymised = testing::ReadText(dir.File("engine-ed.csv"));
  EXPECT_EQ(pseudonymised, testing::ReadText(dir.File("command-ed.csv")));
  // No NHS number or surname of the extract is left in the copy.
  const auto rows = testing::CsvRows(testing::ReadText(ed));
  ASSERT_GT(rows.size(), 1u);
  const auto& header = rows[0];
  const size_t nhs = std::find(header.begin(), header.end(), "NHSNumber") - header.begin();
  const size_t surname = std::find(header.begin(), header.end(), "PatientSurname") - header.begin();
  ASSERT_LT(nhs, header.size());
  ASSERT_LT(surname, header.size());
  for (size_t r = 1; r < rows.size(); ++r) {
    EXPECT_EQ(pseudonymised.find("," + rows[r][nhs] + ","), std::string::npos) << r;
    EXPECT_EQ(pseudonymised.find("," + rows[r][surname] + ","), std::string::npos) << r;
  }
  EXPECT_NE(pseudonymised.find("PatientPseudonym"), std::string::npos);
  // The input itself is never the output.
  request.out = ed;
  EXPECT_EQ(PseudonymiseFile(request).status().code(), Status::Code::kUsage);
}

}  // namespace
}  // namespace cairn
