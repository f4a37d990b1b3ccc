// `cairn copy` between two SQLite stores, end to end, on the synthetic county (people linked across
// partners, referrals, areas): the copy answers every question as the original does. The same
// between SQLite and PostgreSQL is in postgres_cli_test.cc.
#include <gtest/gtest.h>

#include "synth/synth.h"
#include "tests/test_util.h"

namespace cairn::testing {

namespace {

CommandResult Cairn(const std::vector<std::string>& args, int expected = 0) {
  CommandResult r = RunCairn(args);
  EXPECT_EQ(r.exit_code, expected) << r.err;
  return r;
}

std::string Answers(const std::string& db, const TempDir& dir, const std::string& name) {
  std::string out;
  for (const char* by : {"month", "category,lsoa", "source,extract", "role,sex,age_band"})
    out += Cairn({"--db", db, "query", "--from", "2024-01", "--to", "2024-12", "--by", by,
                  "--format", "csv"})
               .out;
  out += Cairn({"--db", db, "query", "--measure", "people", "--by", "role", "--format", "csv"}).out;
  const std::string json = dir.File(name + ".json");
  Cairn({"--db", db, "sna", "--from", "2024-01", "--to", "2024-12", "--out",
         dir.File(name + ".html"), "--json", json});
  return out + ReadText(json);
}

TEST(CopyCli, ACopiedCountyAnswersAsTheOriginal) {
  TempDir dir;
  SynthOptions options;
  options.out_dir = dir.File("extracts");
  options.scale = 0.05;
  ASSERT_TRUE(WriteSyntheticPartnership(options).ok());
  const std::string x = dir.File("extracts") + "/", key = dir.File("county.key");
  const std::string profiles = std::string(CAIRN_SOURCE_DIR) + "/profiles/";
  const std::string original = dir.File("county.db"), copy = dir.File("copy.db");
  Cairn({"--db", original, "init"});
  Cairn({"pseudonymise", "--key", key, "--columns", "NHSNumber", "--link",
         "PatientSurname+PatientForename+PatientDOB", "--link-name", "PatientPseudonym",
         x + "ed-istv.csv", x + "ed-istv-sent.csv"});
  for (const auto& [profile, file] : std::vector<std::pair<std::string, std::string>>{
           {"lsoa-lookup.toml", "lsoa-lookup.csv"},
           {"imd2019-file1.toml", "imd2019-file1.csv"},
           {"police-recorded-crime.toml", "police-recorded-crime.csv"},
           {"ed-istv.toml", "ed-istv-sent.csv"}})
    Cairn({"--db", original, "ingest", "--profile", profiles + profile, x + file});
  Cairn({"--db", original, "ingest", "police-uk", x + "police-uk"});

  CommandResult copied = Cairn({"copy", "--from", original, "--to", "sqlite:" + copy});
  for (const char* table : {"person ", "involvement ", "area ", "event_chunk "})
    EXPECT_NE(copied.out.find(table), std::string::npos) << copied.out;
  const std::string answers = Answers(original, dir, "original");
  EXPECT_NE(answers.find("patient,"), std::string::npos) << answers.substr(0, 2000);
  EXPECT_EQ(Answers(copy, dir, "copy"), answers);

  // The same store twice, under two names, and a store that is not empty: refused.
  CommandResult same = Cairn({"copy", "--from", original, "--to", dir.File("./county.db")}, 2);
  EXPECT_EQ(same.err, "cairn: " + original + ": --from and --to name the same store\n");
  const std::string before = Cairn({"--db", copy, "status", "--json"}).out;
  CommandResult full = Cairn({"copy", "--from", original, "--to", copy}, 1);
  EXPECT_NE(full.err.find(copy + ": the store to copy into is not empty"), std::string::npos)
      << full.err;
  EXPECT_EQ(Cairn({"--db", copy, "status", "--json"}).out, before);
}

}  // namespace

}  // namespace cairn::testing
