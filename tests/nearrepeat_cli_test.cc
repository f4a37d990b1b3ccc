// End-to-end tests of `cairn nearrepeat`: a store loaded from a hand-made recorded-crime extract
// (British National Grid eastings and northings, committed dates) plus data.police.uk rows that
// have only a month, and the synthetic county loaded through the shipped profile. Observed counts
// are checked against pairs counted here from the coordinates and dates written into the
// extracts, not against Cairn's own output.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "tests/test_util.h"
#include "util/csv.h"

namespace cairn::testing {

namespace {

using Json = nlohmann::json;

const char kCrimeHeader[] =
    "CrimeReference,RecordType,HOOffenceCode,OffenceDescription,CommittedFrom,CommittedTo,Easting,"
    "Northing,LSOA,DAFlag,AlcoholFlag,DrugsFlag,KnifeFlag,FirearmFlag,CountyLinesFlag,NTEFlag,"
    "CSEFlag,CCEFlag,ChildrenPresent,VictimSurname,VictimForename,VictimDOB,VictimAge,VictimSex,"
    "VictimPostcode,SuspectSurname,SuspectForename,SuspectDOB,SuspectAge,SuspectSex,SuspectPNC,"
    "Outcome,PremisesAddress,VulnerableSurname,VulnerableForename,VulnerableDOB,VulnerableAge,"
    "VulnerableSex\n";

struct Crime {
  int64_t easting, northing;
  int day;  // of January 2024 onwards (1 = 2024-01-01)
  bool knife;
};

std::string DateOf(int day) {  // days 1..60 of 2024 as dd/mm/2024
  int month = day <= 31 ? 1 : 2, d = day <= 31 ? day : day - 31;
  auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
  return two(d) + "/" + two(month) + "/2024";
}

// 30 crimes on a 37 m lattice near Carlisle (so no Manhattan distance comes within a metre of
// the default breaks but 999 m), three pairs at exactly the same place, days 1 to 60.
std::vector<Crime> Crimes() {
  std::vector<Crime> out;
  uint32_t state = 12345;
  auto next = [&state](uint32_t m) {
    state = state * 1103515245u + 12345u;
    return (state >> 16) % m;
  };
  for (int k = 0; k < 30; ++k) {
    Crime c{340000 + 37 * static_cast<int64_t>(next(30)),
            555000 + 37 * static_cast<int64_t>(next(30)), 1 + static_cast<int>(next(60)),
            next(3) == 0};
    if (k % 10 == 9) c.easting = out[k - 1].easting, c.northing = out[k - 1].northing;
    out.push_back(c);
  }
  return out;
}

std::string CrimeRow(int k, const Crime& c) {
  return "R" + std::to_string(k) + ",CRIME,8N,Assault with injury," + DateOf(c.day) + " 10:00,," +
         std::to_string(c.easting) + "," + std::to_string(c.northing) + ",E01900134,N,N,N," +
         (c.knife ? "Y" : "N") + ",N,N,N,N,N,N,Vale" + std::to_string(k) +
         ",Ann,01/01/1990,30,F,FL1 1AA,,,,,,,Charged,,,,,,\n";
}

const std::vector<double> kSpace = {0, 1, 200, 400, 600, 800, 1000};
const std::vector<double> kDays = {0, 7, 14, 21, 28};

int BandOf(const std::vector<double>& breaks, double v) {
  for (size_t k = 0; k + 1 < breaks.size(); ++k)
    if (breaks[k] <= v && v < breaks[k + 1]) return static_cast<int>(k);
  return -1;
}

// The default bands' table counted pair by pair from the extract's own numbers.
std::vector<int64_t> CountPairs(const std::vector<Crime>& crimes, bool knife_only) {
  std::vector<int64_t> table(6 * 4, 0);
  for (size_t i = 0; i < crimes.size(); ++i)
    for (size_t j = i + 1; j < crimes.size(); ++j) {
      if (knife_only && !(crimes[i].knife && crimes[j].knife)) continue;
      double d = std::abs(static_cast<double>(crimes[i].easting - crimes[j].easting)) +
                 std::abs(static_cast<double>(crimes[i].northing - crimes[j].northing));
      int s = BandOf(kSpace, d), t = BandOf(kDays, std::abs(crimes[i].day - crimes[j].day));
      if (s >= 0 && t >= 0) ++table[s * 4 + t];
    }
  return table;
}

class NearRepeatCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = NewStore(dir_);
    std::string csv = kCrimeHeader;
    crimes_ = Crimes();
    for (size_t k = 0; k < crimes_.size(); ++k) csv += CrimeRow(static_cast<int>(k), crimes_[k]);
    // One crime without a location.
    csv +=
        "RX,CRIME,8N,Assault with injury,05/01/2024 10:00,,,,E01900134,N,N,N,N,N,N,N,N,N,N,"
        "Vale99,Ann,01/01/1990,30,F,FL1 1AA,,,,,,,Charged,,,,,,\n";
    WriteText(dir_.File("crime.csv"), csv);
    CommandResult r =
        RunCairn({"--db", db_, "ingest", "--profile",
                  std::string(CAIRN_SOURCE_DIR) + "/profiles/police-recorded-crime.toml",
                  dir_.File("crime.csv")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Two data.police.uk rows: a place, but only a month.
    WriteText(dir_.File("street.csv"),
              "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
              "LSOA name,Crime type,Last outcome category,Context\n"
              ",2024-01,Fellshire Constabulary,Fellshire Constabulary,-2.93,54.89,On or near "
              "Park Road,E01900001,Fellshire 001A,Violence and sexual offences,,\n"
              ",2024-01,Fellshire Constabulary,Fellshire Constabulary,-2.94,54.89,On or near "
              "Park Road,E01900001,Fellshire 001A,Violence and sexual offences,,\n");
    r = RunCairn({"--db", db_, "ingest", "police-uk", dir_.File("street.csv")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  TempDir dir_;
  std::string db_;
  std::vector<Crime> crimes_;
};

TEST_F(NearRepeatCli, ObservedCountsAreThePairsOfTheExtract) {
  // The lattice keeps every distance at least a metre from a break but 999 m: check that.
  for (size_t i = 0; i < crimes_.size(); ++i)
    for (size_t j = i + 1; j < crimes_.size(); ++j) {
      double d = std::abs(static_cast<double>(crimes_[i].easting - crimes_[j].easting)) +
                 std::abs(static_cast<double>(crimes_[i].northing - crimes_[j].northing));
      for (double b : kSpace) ASSERT_GE(std::abs(d - b), d == 0 ? 0 : 1.0) << d;
    }
  CommandResult r = RunCairn({"--db", db_, "nearrepeat", "--format", "json", "--seed", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::parse(r.out);
  EXPECT_EQ(j["events"], 30);
  EXPECT_EQ(j["pairs"], 30 * 29 / 2);
  const std::vector<int64_t> expected = CountPairs(crimes_, false);
  ASSERT_EQ(j["cells"].size(), expected.size());
  for (size_t k = 0; k < expected.size(); ++k) {
    EXPECT_EQ(j["cells"][k]["observed"], expected[k]) << "cell " << k;
    EXPECT_EQ(j["cells"][k]["space_from"], kSpace[k / 4]);
    EXPECT_EQ(j["cells"][k]["time_from"], kDays[k % 4]);
  }
  EXPECT_NE(r.err.find("Selected 33 events (every event): 1 without a location and 2 without a "
                       "date (only a month) are left out."),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("the ratio is unstable"), std::string::npos) << r.err;
}

TEST_F(NearRepeatCli, WhereSelectsTheEventsTested) {
  CommandResult r = RunCairn({"--db", db_, "nearrepeat", "--where", "marker.knife", "--format",
                              "csv", "--permutations", "99"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = CsvRows(r.out);
  const std::vector<int64_t> expected = CountPairs(crimes_, true);
  ASSERT_EQ(rows.size(), expected.size() + 1);
  for (size_t k = 0; k < expected.size(); ++k)
    EXPECT_EQ(rows[k + 1][4], std::to_string(expected[k])) << "cell " << k;
  int64_t knives = 0;
  for (const Crime& c : crimes_) knives += c.knife;
  EXPECT_NE(r.err.find("Knox test: " + std::to_string(knives) + " events"), std::string::npos)
      << r.err;
}

TEST_F(NearRepeatCli, TableSaysWhichCellsAreNearRepeats) {
  CommandResult r = RunCairn({"--db", db_, "nearrepeat", "--permutations", "99"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("space (m)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[0, 1)"), std::string::npos) << r.out;
  EXPECT_TRUE(r.out.find("Near-repeat cells (p ≤ 0.05") != std::string::npos ||
              r.out.find("No cell is a near-repeat cell") != std::string::npos)
      << r.out;
  CommandResult bad = RunCairn({"--db", db_, "nearrepeat", "--time-bands", "0,7,inf,28"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "cairn: --time-bands \"0,7,inf,28\": only the last break point may be inf\n");
  CommandResult where = RunCairn({"--db", db_, "nearrepeat", "--where", "marker.nosuch"});
  EXPECT_EQ(where.exit_code, 2) << where.err;
}

// The synthetic county (`cairn synth`, one year at a small scale) loaded through the shipped
// profile: every observed count equals the pairs counted here from the extract's own Easting,
// Northing and CommittedFrom columns (days by std::chrono, not Cairn's date parser). Breaks sit
// half a metre off whole metres, so the projection's round trip cannot move a pair across one.
TEST(NearRepeatSynth, ObservedCountsAreThePairsOfTheSyntheticExtract) {
  TempDir dir;
  std::string db = NewStore(dir);
  ASSERT_EQ(RunCairn({"synth", "--out", dir.File("county"), "--scale", "0.02", "--months", "12"})
                .exit_code,
            0);
  const std::string extract = dir.File("county/police-recorded-crime.csv");
  CommandResult load =
      RunCairn({"--db", db, "ingest", "--profile",
                std::string(CAIRN_SOURCE_DIR) + "/profiles/police-recorded-crime.toml", extract});
  ASSERT_EQ(load.exit_code, 0) << load.err;

  struct Point {
    double x, y;
    int64_t day;
  };
  std::vector<Point> points;
  int64_t without_location = 0;
  std::string text = ReadText(extract);
  CsvReader reader(text);
  CsvRecord rec;
  ASSERT_TRUE(reader.Next(&rec));
  std::map<std::string, size_t> col;
  for (size_t c = 0; c < rec.fields.size(); ++c) col[std::string(rec.fields[c])] = c;
  while (reader.Next(&rec)) {
    const std::string e(rec.fields[col["Easting"]]), n(rec.fields[col["Northing"]]),
        from(rec.fields[col["CommittedFrom"]]);
    if (e.empty() || n.empty()) {
      ++without_location;
      continue;
    }
    using namespace std::chrono;
    const year_month_day date{year{std::stoi(from.substr(6, 4))},
                              month{static_cast<unsigned>(std::stoi(from.substr(3, 2)))},
                              day{static_cast<unsigned>(std::stoi(from.substr(0, 2)))}};
    points.push_back({std::stod(e), std::stod(n), sys_days(date).time_since_epoch().count()});
  }
  ASSERT_GT(points.size(), 200u);

  const std::vector<double> space = {0, 0.5, 200.5, 400.5};  // and inf
  const std::vector<double> days = {0, 7, 14};               // and inf
  std::vector<int64_t> table(4 * 3, 0);
  for (size_t i = 0; i < points.size(); ++i)
    for (size_t j = i + 1; j < points.size(); ++j) {
      double d = std::abs(points[i].x - points[j].x) + std::abs(points[i].y - points[j].y);
      int s = BandOf(space, d), t = BandOf(days, std::abs(points[i].day - points[j].day));
      if (s < 0) s = 3;
      if (t < 0) t = 2;
      ++table[s * 3 + t];
    }
  CommandResult r =
      RunCairn({"--db", db, "nearrepeat", "--space-bands", "0,0.5,200.5,400.5,inf", "--time-bands",
                "0,7,14,inf", "--permutations", "19", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json j = Json::parse(r.out);
  EXPECT_EQ(j["events"], static_cast<int64_t>(points.size()));
  ASSERT_EQ(j["cells"].size(), table.size());
  for (size_t k = 0; k < table.size(); ++k)
    EXPECT_EQ(j["cells"][k]["observed"], table[k]) << "cell " << k;
  EXPECT_NE(r.err.find(std::to_string(without_location) + " without a location"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace cairn::testing
