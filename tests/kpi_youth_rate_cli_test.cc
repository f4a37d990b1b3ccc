// The first-time entrants' rate per 100,000 aged 10-17 is over the residents of the whole area (the
// LSOAs the events fall in): with the Census age bands loaded for only some of those LSOAs there is
// no rate, and the note says how many are covered, counted here from the files themselves.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>
#include <vector>

#include "tests/test_util.h"

namespace cairn {
namespace {

using Json = nlohmann::json;
using testing::ReadText;
using testing::RunCairn;
using testing::TempDir;
using testing::WriteText;

// The first-time entrants KPI of a store with the synthetic year's crimes and outcomes and the
// census table `census`.
Json FirstTimeEntrants(const TempDir& dir, const std::string& name, const std::string& census) {
  const std::string db = testing::NewStore(dir, name);
  const std::string profiles = std::string(CAIRN_SOURCE_DIR) + "/profiles/";
  for (const auto& [profile, file] : std::vector<std::pair<std::string, std::string>>{
           {"police-recorded-crime.toml", dir.File("s/police-recorded-crime.csv")},
           {"justice-outcomes.toml", dir.File("s/justice-outcomes.csv")},
           {"census2021-ts007a.toml", census}}) {
    auto r = RunCairn({"--db", db, "ingest", "--profile", profiles + profile, file});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  auto r = RunCairn(
      {"--db", db, "kpi", "compute", "--format", "json", "--kpi", "p2-youth-first-time-entrants"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? Json::parse(r.out)["kpis"][0] : Json();
}

TEST(KpiYouthRate, NoRatePer100kUnlessTheAgeBandsCoverTheWholeArea) {
  TempDir dir;
  ASSERT_EQ(
      RunCairn({"synth", "--out", dir.File("s"), "--months", "24", "--scale", "0.2"}).exit_code, 0);
  // The area: the LSOAs of the recorded crimes (the only events loaded).
  auto crimes = testing::CsvRows(ReadText(dir.File("s/police-recorded-crime.csv")));
  ASSERT_GT(crimes.size(), 1u);
  const size_t lsoa = std::find(crimes[0].begin(), crimes[0].end(), "LSOA") - crimes[0].begin();
  ASSERT_LT(lsoa, crimes[0].size());
  std::set<std::string> area;
  for (size_t r = 1; r < crimes.size(); ++r)
    if (!crimes[r][lsoa].empty()) area.insert(crimes[r][lsoa]);
  // The census table without every other LSOA of the area.
  auto census = testing::CsvRows(ReadText(dir.File("s/census-ts007a.csv")));
  ASSERT_GT(census.size(), 10u);
  const size_t code =
      std::find(census[0].begin(), census[0].end(), "geography code") - census[0].begin();
  ASSERT_LT(code, census[0].size());
  std::string half;
  size_t kept = 0, n = 0;
  for (size_t r = 0; r < census.size(); ++r) {
    const bool in_area = r > 0 && area.count(census[r][code]);
    if (r > 0 && in_area && n++ % 2 == 1) continue;
    kept += in_area;
    std::string line;
    for (size_t c = 0; c < census[r].size(); ++c) line += (c ? "," : "") + census[r][c];
    half += line + "\n";
  }
  ASSERT_GT(kept, 0u);
  ASSERT_LT(kept, area.size());
  WriteText(dir.File("census-half.csv"), half);

  // With every LSOA's bands: a rate for every year with a count.
  const Json whole = FirstTimeEntrants(dir, "whole.db", dir.File("s/census-ts007a.csv"));
  ASSERT_FALSE(whole.is_null());
  int with_rate = 0;
  for (const Json& p : whole["points"]) with_rate += p.contains("per_100k");
  EXPECT_EQ(with_rate, 2) << whole.dump();

  // With half of them: the counts are the same, and there is no rate, with the reason.
  const Json part = FirstTimeEntrants(dir, "half.db", dir.File("census-half.csv"));
  ASSERT_FALSE(part.is_null());
  ASSERT_EQ(part["points"].size(), whole["points"].size());
  for (size_t i = 0; i < part["points"].size(); ++i) {
    EXPECT_EQ(part["points"][i]["value"], whole["points"][i]["value"]);
    EXPECT_FALSE(part["points"][i].contains("per_100k")) << part["points"][i].dump();
  }
  std::string notes = part["notes"].dump();
  EXPECT_NE(notes.find("no rate per 100,000 aged 10-17: the population tables' age bands cover "
                       "every age from 10 to 17 in " +
                       std::to_string(kept) + " of the " + std::to_string(area.size()) +
                       " LSOAs the events fall in"),
            std::string::npos)
      << notes;
}

}  // namespace
}  // namespace cairn
