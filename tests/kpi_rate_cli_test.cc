// A KPI's rate per 1,000 residents is over the residents of the whole area (the LSOAs the events
// fall in): with the Census totals loaded for only some of those LSOAs there is no rate for a
// period with events in the others, and the note says how many lack one. The counts, the area and
// its residents are read here from the synthetic files themselves.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace cairn {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::CsvRows;
using testing::ReadText;
using testing::RunCairn;
using testing::TempDir;
using testing::WriteText;

using Rows = std::vector<std::vector<std::string>>;

size_t ColumnOf(const Rows& rows, const std::string& name) {
  auto it = std::find(rows[0].begin(), rows[0].end(), name);
  EXPECT_NE(it, rows[0].end()) << name;
  return static_cast<size_t>(it - rows[0].begin());
}

// A copy of the shipped configuration whose catalogue is one KPI: recorded crimes per 1,000
// residents a year.
std::string RateConfig(const TempDir& dir) {
  const std::string config = dir.File("config");
  fs::copy(std::string(CAIRN_SOURCE_DIR) + "/config", config, fs::copy_options::recursive);
  fs::remove_all(config + "/kpis");
  fs::create_directories(config + "/kpis");
  WriteText(config + "/kpis/rate.toml", R"([[kpi]]
id = "crime-rate"
name = "Recorded crimes per 1,000 residents"
priority = "headline"
kind = "outcome"
evidences = "A test KPI"
measure = "rate"
where = 'kind = "crime"'
period = "year"
improvement = "decrease"
)");
  return config;
}

Json CrimeRate(const TempDir& dir, const std::string& name, const std::string& census) {
  const std::string db = testing::NewStore(dir, name);
  const std::string profiles = std::string(CAIRN_SOURCE_DIR) + "/profiles/";
  for (const auto& [profile, file] : std::vector<std::pair<std::string, std::string>>{
           {"police-recorded-crime.toml", dir.File("s/police-recorded-crime.csv")},
           {"census2021-ts007a.toml", census}}) {
    auto r = RunCairn({"--db", db, "ingest", "--profile", profiles + profile, file});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  auto r =
      RunCairn({"--db", db, "--config", RateConfig(dir), "kpi", "compute", "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  fs::remove_all(dir.File("config"));
  return r.exit_code == 0 ? Json::parse(r.out)["kpis"][0] : Json();
}

TEST(KpiRate, NoRatePer1000UnlessThePopulationCoversTheWholeArea) {
  TempDir dir;
  ASSERT_EQ(
      RunCairn({"synth", "--out", dir.File("s"), "--months", "24", "--scale", "0.2"}).exit_code, 0);
  // The area (the LSOAs of the recorded crimes, the only events loaded) and each year's crimes.
  const Rows crimes = CsvRows(ReadText(dir.File("s/police-recorded-crime.csv")));
  ASSERT_GT(crimes.size(), 1u);
  const size_t lsoa = ColumnOf(crimes, "LSOA"), from = ColumnOf(crimes, "CommittedFrom");
  std::set<std::string> area;
  std::map<std::string, double> per_year;  // CommittedFrom is dd/mm/yyyy HH:MM
  for (size_t r = 1; r < crimes.size(); ++r) {
    if (!crimes[r][lsoa].empty()) area.insert(crimes[r][lsoa]);
    per_year[crimes[r][from].substr(6, 4)] += 1;
  }
  // The area's residents, and a census table without every other LSOA of the area.
  const Rows census = CsvRows(ReadText(dir.File("s/census-ts007a.csv")));
  ASSERT_GT(census.size(), 10u);
  const size_t code = ColumnOf(census, "geography code"), total = ColumnOf(census, "Age: Total");
  double residents = 0;
  std::string half;
  size_t kept = 0, n = 0;
  for (size_t r = 0; r < census.size(); ++r) {
    const bool in_area = r > 0 && area.count(census[r][code]);
    if (in_area) residents += std::stod(census[r][total]);
    if (in_area && n++ % 2 == 1) continue;
    kept += in_area;
    std::string line;
    for (size_t c = 0; c < census[r].size(); ++c) line += (c ? "," : "") + census[r][c];
    half += line + "\n";
  }
  ASSERT_GT(kept, 0u);
  ASSERT_LT(kept, area.size());
  WriteText(dir.File("census-half.csv"), half);

  // With every LSOA's residents: each year's crimes per 1,000 of them.
  const Json whole = CrimeRate(dir, "whole.db", dir.File("s/census-ts007a.csv"));
  ASSERT_FALSE(whole.is_null());
  ASSERT_EQ(whole["points"].size(), per_year.size()) << whole.dump();
  for (const Json& p : whole["points"]) {
    ASSERT_TRUE(p["value"].is_number()) << p.dump();
    const std::string year = p["period"];
    EXPECT_NEAR(p["value"].get<double>(), per_year[year] / residents * 1000, 1e-9) << year;
  }

  // With half of them: no rate, and the reason with the number of LSOAs covered.
  const Json part = CrimeRate(dir, "half.db", dir.File("census-half.csv"));
  ASSERT_FALSE(part.is_null());
  ASSERT_EQ(part["points"].size(), whole["points"].size());
  const std::string lacking = "(" + std::to_string(area.size() - kept) + " of the " +
                              std::to_string(area.size()) + " LSOAs of the stored events";
  for (const Json& p : part["points"]) {
    EXPECT_TRUE(p["value"].is_null()) << p.dump();
    const std::string year = p["period"];
    const std::string reason = "no rate per 1,000: events in " + year + "-01 .. " + year +
                               "-12 fall in LSOAs no population table gives the residents of " +
                               lacking;
    EXPECT_EQ(p.value("no_data", "").rfind(reason, 0), 0u) << p.dump();
  }
  EXPECT_NE(part["notes"].dump().find(lacking), std::string::npos) << part["notes"].dump();
}

}  // namespace
}  // namespace cairn
