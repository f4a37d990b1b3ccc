// cairn compare on ONS's real tables (../shared/data/real): the published England and Wales
// totals, every force found in every edition, and rates recomputed by an independent script
// reading the workbooks with openpyxl.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/test_util.h"

namespace cairn {
namespace {

using testing::NewStore;
using testing::RunCairn;
using testing::SharedDir;
using testing::TempDir;

class CompareRealData : public ::testing::Test {
 protected:
  void SetUp() override {
    if (SharedDir().empty()) GTEST_SKIP() << "../shared/data/real is not here";
    real_ = SharedDir() + "/data/real";
    db_ = NewStore(dir_);
    Load("profiles/ons-lad-csp-pfa-lookup.toml", {real_ + "/ons-lookups/lad24-csp24-pfa24.csv"});
    Load("profiles/ons-mye2-persons-csv.toml", {real_ + "/ons-population/mye24tablesew.csv"});
    Load("profiles/ons-mye4-xlsx.toml", {real_ + "/ons-population/mye23tablesew.xlsx"});
    Load("profiles/ons-pfa-p1-2025.toml",
         {real_ + "/ons-pfa-tables/policeforceareatablesyejune25final_TableP1_pfa.csv"});
    std::vector<std::string> workbooks;
    for (const char* name :
         {"policeforceareatablesyearendingmarch2018v2",
          "policeforceareadatatablesyearendingjune2018corrected",
          "policeforceareatablesyearendingsep18corrected",
          "policeforceareatablesyearendingdecember2018", "policeforceareatablesyeendingmarch2019",
          "policeforceareatablesyearendingjune2019", "policeforceareatablesyearendingseptember2019",
          "pfatablesdec19"})
      workbooks.push_back(real_ + "/ons-pfa-tables/" + name + ".xlsx");
    Load("profiles/ons-pfa-p1-xlsx.toml", workbooks);
    Load("profiles/ons-pfa-p4-xlsx.toml", workbooks);
    Load("profiles/ons-pfa-p3-xlsx.toml", workbooks);
  }

  void Load(const std::string& profile, std::vector<std::string> files) {
    std::vector<std::string> args = {"--db", db_, "ingest", "--profile",
                                     std::string(CAIRN_SOURCE_DIR) + "/" + profile};
    args.insert(args.end(), files.begin(), files.end());
    auto r = RunCairn(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_EQ(r.err.find("rejected 0 rows") == std::string::npos, false) << r.err;
  }

  nlohmann::json Compare(std::vector<std::string> more) {
    std::vector<std::string> args = {"--db", db_, "compare", "--format", "json"};
    args.insert(args.end(), more.begin(), more.end());
    auto r = RunCairn(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
  }

  static int64_t TotalPopulation(const nlohmann::json& c) {
    int64_t total = 0;
    for (const auto& f : c["forces"]) total += f["population"].get<int64_t>();
    return total;
  }

  TempDir dir_;
  std::string real_, db_;
};

TEST_F(CompareRealData, ForcePopulationsSumToOnsEnglandAndWalesTotals) {
  // ONS's published totals for England and Wales (mid-2023, mid-2024).
  EXPECT_EQ(TotalPopulation(Compare(
                {"--measure", "homicide", "--area", "Cumbria", "--population-year", "2023"})),
            60854727);
  EXPECT_EQ(TotalPopulation(Compare(
                {"--measure", "homicide", "--area", "Cumbria", "--population-year", "2024"})),
            61806682);
}

TEST_F(CompareRealData, EveryForceIsFoundInEveryEdition) {
  for (const char* measure : {"homicide", "knife-offences"}) {
    auto latest = Compare({"--measure", measure, "--area", "Cumbria"});
    for (const auto& edition : latest["history"]) {
      auto c = Compare({"--measure", measure, "--area", "Cumbria", "--year-ending",
                        edition["year_ending"].get<std::string>()});
      ASSERT_EQ(c["forces"].size(), 43u) << measure << " " << edition["year_ending"];
      int ranked = 0;
      for (const auto& f : c["forces"]) {
        if (!f["rank"].is_null()) ++ranked;
        const std::string why = f.value("not_ranked", "");
        // Only Greater Manchester, which could not supply data after July 2019.
        if (!why.empty() && f["code"] != "E23000034") {
          EXPECT_EQ(f["code"], "E23000005") << measure << " " << c["year_ending"] << ": " << why;
        }
      }
      const std::string ye = c["year_ending"];
      const bool gmp_missing = ye == "2019-09" || ye == "2019-12";  // ".." in P1 and P4
      EXPECT_EQ(ranked, gmp_missing ? 41 : 42) << measure << " " << ye;
      for (const auto& note : c["notes"])
        EXPECT_EQ(note.get<std::string>().find("in the lookup but not in"), std::string::npos)
            << note;
    }
  }
}

TEST_F(CompareRealData, RatesAgreeWithAnIndependentReadingOfTheWorkbooks) {
  const std::string script = std::string(CAIRN_SOURCE_DIR) + "/tests/compare_check.py";
  const std::string workbook = real_ + "/ons-pfa-tables/pfatablesdec19.xlsx";
  const std::string cmd = "/usr/bin/python3 '" + script + "' '" + real_ + "' '" + workbook +
                          "' 2018 E23000002 E23000007 E23000021 E23000029 W15000004";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  ASSERT_TRUE(pipe);
  std::string out;
  char buf[512];
  while (fgets(buf, sizeof buf, pipe.get())) out += buf;
  auto c = Compare({"--measure", "homicide", "--year-ending", "2019-12", "--population-year",
                    "2018", "--area", "Cumbria"});
  std::istringstream lines(out);
  std::string code;
  double count, population, rate;
  int checked = 0;
  while (lines >> code >> count >> population >> rate) {
    for (const auto& f : c["forces"])
      if (f["code"] == code) {
        EXPECT_EQ(f["count"].get<double>(), count) << code;
        EXPECT_EQ(f["population"].get<double>(), population) << code;
        EXPECT_NEAR(f["rate_per_1000"].get<double>(), rate, 1e-9) << code;
        ++checked;
      }
  }
  EXPECT_EQ(checked, 5) << out;
  // Cumbria: 5 homicides; an exact Poisson interval (fewer than 10), and a rank the text calls
  // unstable rather than quoting it bare.
  EXPECT_EQ(c["area"], "Cumbria");
  EXPECT_NE(c["stability"].get<std::string>().find("fewer than 10"), std::string::npos);
  EXPECT_LT(c["area_rank"]["best"].get<int>(), c["area_rank"]["worst"].get<int>());
}

// ONS's own Table P3 rates (its populations, rounded to 100, before the Census 2021 rebasing)
// and Cairn's (the rebased mid-2018 district estimates) agree to within 3% for every force.
TEST_F(CompareRealData, RatesAreCloseToOnsPublishedTableP3) {
  auto c = Compare({"--measure", "violence-with-injury", "--year-ending", "2019-12",
                    "--population-year", "2018", "--area", "Cumbria"});
  int compared = 0;
  for (const auto& f : c["forces"]) {
    if (f["rank"].is_null()) continue;
    ASSERT_TRUE(f.contains("ons_rate_per_1000")) << f["force"];
    const double ours = f["rate_per_1000"], ons = f["ons_rate_per_1000"];
    EXPECT_NEAR(ours / ons, 1.0, 0.03) << f["force"] << ": " << ours << " vs ONS " << ons;
    EXPECT_NEAR(f["population"].get<double>() / f["ons_population"].get<double>(), 1.0, 0.03)
        << f["force"];
    ++compared;
  }
  EXPECT_EQ(compared, 41);
}

// Runs a shell command; true when it exits 0.
bool Shell(const std::string& command) { return std::system(command.c_str()) == 0; }

// The CSV export of MYE4 (made here by xlsx2csv) and the 2025 Table P1 as a workbook (made here by
// openpyxl from ONS's CSV) read through their own profiles give the same figures as the shipped
// files through theirs.
TEST_F(CompareRealData, CsvExportsAndWorkbooksOfOneTableGiveTheSameFigures) {
  const std::string mye4 = dir_.File("mye4.csv"), p1 = dir_.File("p1-2025.xlsx");
  ASSERT_TRUE(
      Shell("xlsx2csv -n MYE4 '" + real_ + "/ons-population/mye23tablesew.xlsx' '" + mye4 + "'"));
  ASSERT_TRUE(Shell(
      "/usr/bin/python3 -c 'import csv, sys, openpyxl\n"
      "wb = openpyxl.Workbook(); ws = wb.active; ws.title = \"Table P1\"\n"
      "for row in csv.reader(open(sys.argv[1], encoding=\"utf-8-sig\")):\n"
      "    ws.append([int(c.replace(\",\", \"\")) if c.replace(\",\", \"\").isdigit() else c for c "
      "in row])\n"
      "wb.save(sys.argv[2])' '" +
      real_ + "/ons-pfa-tables/policeforceareatablesyejune25final_TableP1_pfa.csv' '" + p1 + "'"));
  const std::string originals = db_;
  db_ = NewStore(dir_, "other.db");
  Load("profiles/ons-lad-csp-pfa-lookup.toml", {real_ + "/ons-lookups/lad24-csp24-pfa24.csv"});
  Load("profiles/ons-mye4-csv.toml", {mye4});
  Load("profiles/ons-pfa-p1-2025-xlsx.toml", {p1});
  auto from_exports =
      Compare({"--measure", "homicide", "--area", "Cumbria", "--population-year", "2023"});
  db_ = originals;
  auto from_originals =
      Compare({"--measure", "homicide", "--area", "Cumbria", "--population-year", "2023"});
  EXPECT_EQ(TotalPopulation(from_exports), 60854727);
  ASSERT_EQ(from_exports["forces"].size(), 43u);
  EXPECT_EQ(from_exports["year_ending"], "2025-06");
  EXPECT_EQ(from_exports["forces"], from_originals["forces"]);
}

// The year ending March 2018 tables rate forces with mid-2016 populations (Table P3's heading):
// with P3 loaded that is the default, and ONS's own population beside Cairn's is that edition's.
TEST_F(CompareRealData, AnEditionIsRatedWithTheMidYearItsOwnTableP3Uses) {
  auto c = Compare({"--measure", "robbery", "--area", "Cumbria", "--year-ending", "2018-03"});
  EXPECT_EQ(c["population_year"], 2016);
  for (const auto& f : c["forces"])
    if (f["code"] == "E23000002") {
      EXPECT_EQ(f["ons_population"].get<double>(), 498800);  // "Cumbria,498800" in P3, mid-2016
      EXPECT_EQ(f["count"].get<double>(), 95);               // P1, robbery
    }
}

// Greater Manchester has no figure in the Sep and Dec 2019 tables: not ranked there, but its rank
// in the other editions is still given, and the missing ones named.
TEST_F(CompareRealData, AnAreaNotRankedInOneEditionStillHasItsHistory) {
  auto c = Compare(
      {"--measure", "homicide", "--area", "Greater Manchester", "--year-ending", "2019-12"});
  EXPECT_TRUE(c["area_rank"].is_null());
  EXPECT_NE(c["stability"].get<std::string>().find("not ranked"), std::string::npos);
  EXPECT_EQ(c["history"].size(), 7u);  // nine editions loaded, two without a figure
  auto r = RunCairn({"--db", db_, "compare", "--measure", "homicide", "--area",
                     "Greater Manchester", "--year-ending", "2019-12"});
  EXPECT_NE(r.err.find("Not ranked in 2019-09, 2019-12"), std::string::npos) << r.err;
}

TEST_F(CompareRealData, UnknownMeasuresAndYearsNameWhatIsLoaded) {
  auto r = RunCairn({"--db", db_, "compare", "--measure", "arson", "--area", "Cumbria"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("measures loaded:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("homicide"), std::string::npos) << r.err;
  r = RunCairn({"--db", db_, "compare", "--measure", "homicide", "--year-ending", "2020-03",
                "--area", "Cumbria"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("2019-12"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace cairn
