#include "synth/synth.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "synth/synth_internal.h"
#include "util/crs_transform.h"
#include "util/csv.h"
#include "util/dates.h"
#include "util/files.h"

namespace cairn {
namespace {

namespace fs = std::filesystem;

constexpr double kTestScale = 0.05;

class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (fs::temp_directory_path() / "cairn-synth-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string Read(const std::string& path) {
  auto data = ReadFile(path);
  EXPECT_TRUE(data.ok()) << data.status().message();
  return data.ok() ? data.value() : std::string();
}

std::string FirstLine(const std::string& data) { return data.substr(0, data.find('\n')); }

// Every record of a CSV file as a header-name -> value map.
std::vector<std::map<std::string, std::string>> ReadTable(const std::string& path) {
  std::string data = Read(path);
  CsvReader reader(StripBom(data));
  CsvRecord record;
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  while (reader.Next(&record)) {
    if (header.empty()) {
      for (auto f : record.fields) header.emplace_back(f);
      continue;
    }
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < record.fields.size() && i < header.size(); ++i)
      row[header[i]] = std::string(record.fields[i]);
    rows.push_back(std::move(row));
  }
  EXPECT_TRUE(reader.status().ok()) << reader.status().message();
  return rows;
}

SynthOptions Options(const std::string& dir, uint64_t seed = 7) {
  SynthOptions o;
  o.out_dir = dir;
  o.scale = kTestScale;
  o.seed = seed;
  return o;
}

// One partnership written once and shared by the tests that only read it.
class SynthFiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir();
    auto summary = WriteSyntheticPartnership(Options(dir_->path()));
    ASSERT_TRUE(summary.ok()) << summary.status().message();
    summary_ = new SynthSummary(summary.value());
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete dir_;
  }
  static std::string File(const std::string& name) { return dir_->path() + "/" + name; }
  static ScratchDir* dir_;
  static SynthSummary* summary_;
};
ScratchDir* SynthFiles::dir_ = nullptr;
SynthSummary* SynthFiles::summary_ = nullptr;

std::map<std::string, std::string> AllFiles(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file())
      out[fs::relative(entry.path(), dir).string()] = Read(entry.path().string());
  return out;
}

TEST(Synth, SameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot) {
  ScratchDir a, b, c;
  SynthOptions first = Options(a.path());
  first.threads = 1;
  SynthOptions second = Options(b.path());
  second.threads = 3;  // the thread count must not matter
  ASSERT_TRUE(WriteSyntheticPartnership(first).ok());
  ASSERT_TRUE(WriteSyntheticPartnership(second).ok());
  ASSERT_TRUE(WriteSyntheticPartnership(Options(c.path(), 8)).ok());
  auto files_a = AllFiles(a.path()), files_b = AllFiles(b.path()), files_c = AllFiles(c.path());
  // 13 partner and reference files, 7 register sheets, 36 months of police.uk, 11 quarterly ED
  // deliveries (one quarter never sent) and the delivery log.
  ASSERT_EQ(files_a.size(), 68u);
  EXPECT_TRUE(files_a == files_b);
  EXPECT_NE(files_a["police-recorded-crime.csv"], files_c["police-recorded-crime.csv"]);
  EXPECT_NE(files_a["ed-istv.csv"], files_c["ed-istv.csv"]);
  EXPECT_NE(files_a["police-uk/2023-06/2023-06-fellshire-street.csv"],
            files_c["police-uk/2023-06/2023-06-fellshire-street.csv"]);
  // The county itself does not depend on the seed.
  EXPECT_EQ(files_a["lsoa-lookup.csv"], files_c["lsoa-lookup.csv"]);
}

TEST_F(SynthFiles, HeadersAreExactlyTheContract) {
  const std::map<std::string, std::string> expected = {
      {"police-recorded-crime.csv",
       "CrimeReference,RecordType,HOOffenceCode,OffenceDescription,CommittedFrom,CommittedTo,"
       "Easting,Northing,LSOA,DAFlag,AlcoholFlag,DrugsFlag,KnifeFlag,FirearmFlag,CountyLinesFlag,"
       "NTEFlag,CSEFlag,CCEFlag,ChildrenPresent,VictimSurname,VictimForename,VictimDOB,VictimAge,"
       "VictimSex,VictimPostcode,SuspectSurname,SuspectForename,SuspectDOB,SuspectAge,SuspectSex,"
       "SuspectPNC,Outcome,PremisesAddress,VulnerableSurname,VulnerableForename,VulnerableDOB,"
       "VulnerableAge,VulnerableSex"},
      {"ed-istv.csv",
       "SiteCode,ReportingPeriodStart,ReportingPeriodEnd,ArrivalDateTime,AssaultDateTime,"
       "AssaultMethod,AssaultMethodOther,AssaultLocationType,AssaultLocationDescription,"
       "PatientSurname,PatientForename,PatientDOB,NHSNumber,Age,Sex,LSOA"},
      {"referrals.csv",
       "ReferralID,Programme,Agency,Surname,Forename,DOB,ReferredDate,StartDate,EndDate,Outcome"},
      {"justice-outcomes.csv", "Surname,Forename,DOB,PNC,OutcomeDate,OutcomeType,HOOffenceCode"},
      {"training.csv",
       "AttendeeName,AttendeeEmail,Agency,Course,Date,UnderstandingBefore,UnderstandingAfter,"
       "Feedback"},
      {"council-asb-incidents.csv",
       "IncidentRef,IncidentDate,ReportedDate,Category,HateFlag,VictimSurname,VictimForename,"
       "VictimDOB,VictimAddress,LSOA"},
      {"police-asb-incidents.csv",
       "IncidentRef,IncidentDate,ReportedDate,Category,HateFlag,VictimSurname,VictimForename,"
       "VictimDOB,VictimAddress,LSOA"},
      {"asb-case-reviews.csv",
       "ApplicationRef,ApplicationDate,ApplicantSurname,ApplicantForename,ApplicantDOB,LeadAgency,"
       "DecisionDate,ReviewDate,Outcome"},
      {"lsoa-lookup.csv", "LSOA21CD,LSOA21NM,LAD22CD,LAD22NM,CSP,RUC11"},
      {"census-ts007a.csv",
       "date,geography,geography code,Age: Total,Age: Aged 4 years and under,"
       "Age: Aged 5 to 9 years,Age: Aged 10 to 14 years,Age: Aged 15 to 19 years,"
       "Age: Aged 20 to 24 years,Age: Aged 25 to 29 years,Age: Aged 30 to 34 years,"
       "Age: Aged 35 to 39 years,Age: Aged 40 to 44 years,Age: Aged 45 to 49 years,"
       "Age: Aged 50 to 54 years,Age: Aged 55 to 59 years,Age: Aged 60 to 64 years,"
       "Age: Aged 65 to 69 years,Age: Aged 70 to 74 years,Age: Aged 75 to 79 years,"
       "Age: Aged 80 to 84 years,Age: Aged 85 years and over"},
      {"census-ts008.csv",
       "\"date\",\"geography\",\"geography code\",\"Sex: All persons; measures: Value\","
       "\"Sex: Female; measures: Value\",\"Sex: Male; measures: Value\""},
      {"imd2019-file1.csv",
       "\xEF\xBB\xBFLSOA code (2011),LSOA name (2011),Local Authority District code (2019),"
       "Local Authority District name (2019),Index of Multiple Deprivation (IMD) Rank,"
       "Index of Multiple Deprivation (IMD) Decile\r"},
      {"police-uk/2022-01/2022-01-fellshire-street.csv",
       "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
       "Crime type,Last outcome category,Context"},
  };
  for (const auto& [name, header] : expected)
    EXPECT_EQ(FirstLine(Read(File(name))), header) << name;
}

// The ED extract as the trust delivers it: a file a quarter holding that quarter's attendances of
// ed-istv.csv, all but 2022-Q3 (never sent), one with three unreadable extra rows; and the
// delivery log, with every delivery after its period ended, the late one over 90 days after.
TEST_F(SynthFiles, TheEdExtractIsDeliveredQuarterlyAsTheLogSays) {
  std::map<std::string, std::string> log;
  for (const auto& row : ReadTable(File("deliveries.csv")))
    log[row.at("file")] = row.at("received");
  std::map<std::string, int> whole;                   // quarter -> attendances in ed-istv.csv
  auto quarter_of = [](const std::string& assault) {  // "dd/mm/yyyy HH:MM" -> "yyyy-Qn"
    return assault.substr(6, 4) + "-Q" +
           std::to_string((std::stoi(assault.substr(3, 2)) - 1) / 3 + 1);
  };
  for (const auto& r : ReadTable(File("ed-istv.csv"))) ++whole[quarter_of(r.at("AssaultDateTime"))];
  ASSERT_EQ(whole.size(), 12u);
  int broken = 0;
  for (const auto& [quarter, n] : whole) {
    const std::string file = "ed-istv-deliveries/ed-istv-" + quarter + ".csv";
    if (quarter == "2022-Q3") {
      EXPECT_FALSE(fs::exists(File(file)));
      EXPECT_EQ(log.count(file), 0u);
      continue;
    }
    int readable = 0, unreadable = 0;
    for (const auto& r : ReadTable(File(file))) {
      const std::string& t = r.at("AssaultDateTime");
      if (t.size() == 16 && quarter_of(t) == quarter)
        ++readable;
      else
        ++unreadable;
    }
    EXPECT_EQ(readable, n) << quarter;
    EXPECT_TRUE(unreadable == 0 || unreadable == 3) << quarter;
    broken += unreadable > 0;
    ASSERT_EQ(log.count(file), 1u) << file;
    const int y = std::stoi(quarter.substr(0, 4)), q = quarter[6] - '0';
    const int64_t end =
        q == 4 ? DaysFromCivil(y + 1, 1, 1) - 1 : DaysFromCivil(y, 3 * q + 1, 1) - 1;
    const auto day = ParseDateTime(log[file], {"%Y-%m-%d"});
    ASSERT_TRUE(day) << log[file];
    const int64_t days = *day / 1440 - end;
    EXPECT_GE(days, 18) << quarter;
    EXPECT_LE(days, quarter == "2023-Q4" ? 110 : 38) << quarter;
    EXPECT_GE(days, quarter == "2023-Q4" ? 95 : 18) << quarter;
  }
  EXPECT_EQ(broken, 1);
  for (const auto& [file, day] : log)  // every police.uk month and the partners' extracts too
    EXPECT_TRUE(fs::exists(File(file))) << file;
  EXPECT_EQ(log.size(), 11u + 36u + 7u);
}

TEST_F(SynthFiles, RowCountsAreInTheExpectedRanges) {
  std::map<std::string, int64_t> rows;
  int64_t police_uk = 0;
  for (const SynthFile& f : summary_->files) {
    rows[f.path] = f.rows;
    if (f.path.rfind("police-uk/", 0) == 0) police_uk += f.rows;
  }
  // About 32,500 crimes a year, 2,500 ED attendances and 3,000 referrals at scale 1, for 3 years.
  EXPECT_GT(rows["police-recorded-crime.csv"], 4000);
  EXPECT_LT(rows["police-recorded-crime.csv"], 6000);
  EXPECT_GT(rows["ed-istv.csv"], 250);
  EXPECT_LT(rows["ed-istv.csv"], 500);
  EXPECT_GT(rows["referrals.csv"], 300);
  EXPECT_LT(rows["referrals.csv"], 600);
  EXPECT_GT(rows["justice-outcomes.csv"], 300);
  EXPECT_GT(police_uk, rows["police-recorded-crime.csv"] * 12 / 10);  // the crimes plus ~30% ASB
  EXPECT_LT(police_uk, rows["police-recorded-crime.csv"] * 14 / 10);
  EXPECT_EQ(police_uk, summary_->police_uk_rows);
  for (const char* name :
       {"census-ts007a.csv", "census-ts008.csv", "imd2019-file1.csv", "lsoa-lookup.csv"})
    EXPECT_EQ(rows[name], 320) << name;
}

TEST_F(SynthFiles, EveryPoliceUkRowHasTwelveFieldsAndAValidShape) {
  int64_t rows = 0, asb = 0, no_location = 0;
  for (const SynthFile& f : summary_->files) {
    if (f.path.rfind("police-uk/", 0) != 0) continue;
    std::string data = Read(File(f.path));
    CsvReader reader(data);
    CsvRecord record;
    ASSERT_TRUE(reader.Next(&record));  // header
    while (reader.Next(&record)) {
      ASSERT_EQ(record.fields.size(), 12u) << f.path << " line " << record.line;
      ++rows;
      std::string_view id = record.fields[0], type = record.fields[9];
      if (type == "Anti-social behaviour") {
        ++asb;
        EXPECT_TRUE(id.empty());
        EXPECT_TRUE(record.fields[10].empty());
      } else {
        ASSERT_EQ(id.size(), 64u);
        EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string_view::npos);
      }
      EXPECT_EQ(record.fields[3], "Fellshire Constabulary");
      if (record.fields[4].empty()) {
        ++no_location;
        EXPECT_EQ(record.fields[6], "No Location");
        EXPECT_TRUE(record.fields[7].empty());
        continue;
      }
      double lon = std::stod(std::string(record.fields[4]));
      double lat = std::stod(std::string(record.fields[5]));
      EXPECT_TRUE(lon > -3.7 && lon < -2.1 && lat > 53.95 && lat < 55.15) << lon << "," << lat;
      EXPECT_EQ(record.fields[4].size() - record.fields[4].find('.'), 7u);  // 6 decimals
      EXPECT_EQ(record.fields[7].substr(0, 5), "E0190");
    }
    ASSERT_TRUE(reader.status().ok());
  }
  EXPECT_EQ(rows, summary_->police_uk_rows);
  EXPECT_GT(asb, rows / 5);
  EXPECT_GT(no_location, 0);
  EXPECT_LT(no_location, rows / 50);
}

TEST_F(SynthFiles, SerialDomesticAbusePerpetratorsHaveSeveralVictims) {
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, int> crimes;
  std::map<Key, std::set<Key>> victims;
  for (const auto& r : ReadTable(File("police-recorded-crime.csv"))) {
    if (r.at("DAFlag") != "Y" || r.at("SuspectSurname").empty()) continue;
    Key suspect{r.at("SuspectSurname"), r.at("SuspectForename"), r.at("SuspectDOB")};
    ++crimes[suspect];
    victims[suspect].insert({r.at("VictimSurname"), r.at("VictimForename"), r.at("VictimDOB")});
  }
  int serial = 0;
  for (const auto& [suspect, n] : crimes) serial += n >= 2 && victims[suspect].size() >= 2;
  EXPECT_GE(serial, 3);
}

TEST_F(SynthFiles, SomeEdAttendancesAreCrimeVictimsAndMostAreNot) {
  std::set<std::tuple<std::string, std::string, std::string>> crime_victims;
  for (const auto& r : ReadTable(File("police-recorded-crime.csv")))
    if (!r.at("VictimSurname").empty())
      crime_victims.insert({r.at("VictimSurname"), r.at("VictimForename"), r.at("VictimDOB")});
  auto ed = ReadTable(File("ed-istv.csv"));
  ASSERT_FALSE(ed.empty());
  size_t matched = 0;
  for (const auto& r : ed) {
    matched +=
        crime_victims.count({r.at("PatientSurname"), r.at("PatientForename"), r.at("PatientDOB")});
    EXPECT_EQ(r.at("NHSNumber").size(), 12u);  // "NNN NNN NNNN"
  }
  double share = static_cast<double>(matched) / static_cast<double>(ed.size());
  EXPECT_GT(share, 0.2);
  EXPECT_LT(share, 0.5);
}

TEST_F(SynthFiles, IdentifiersHaveTheirUsualShapes) {
  for (const auto& r : ReadTable(File("police-recorded-crime.csv"))) {
    const std::string& pnc = r.at("SuspectPNC");
    if (!pnc.empty()) {
      ASSERT_EQ(pnc.size(), 13u) << pnc;  // YYYY/NNNNNNNA
      EXPECT_EQ(pnc[4], '/');
      EXPECT_TRUE(std::isupper(static_cast<unsigned char>(pnc[12])));
    }
    if (!r.at("VictimPostcode").empty()) {
      EXPECT_EQ(r.at("VictimPostcode").substr(0, 2), "FL");
    }
    EXPECT_EQ(r.at("CommittedFrom").size(), 16u);  // dd/mm/yyyy HH:MM
    EXPECT_TRUE(r.at("SuspectSex").empty() || r.at("SuspectSex") == "F" ||
                r.at("SuspectSex") == "M" || r.at("SuspectSex") == "U");
    if (!r.at("SuspectAge").empty()) {
      EXPECT_GE(std::stoi(r.at("SuspectAge")), 10);
    }
  }
}

TEST_F(SynthFiles, NoNameBelongsToAWellKnownRealPerson) {
  static const std::set<std::string> kFamous = {
      "Boris Johnson",   "Keir Starmer",      "Rishi Sunak",        "Theresa May",
      "Tony Blair",      "Margaret Thatcher", "Winston Churchill",  "David Beckham",
      "Harry Kane",      "Elizabeth Windsor", "Charles Windsor",    "Adele Adkins",
      "Ed Sheeran",      "Emma Watson",       "Daniel Radcliffe",   "David Attenborough",
      "Marcus Rashford", "Laura Ashley",      "William Wordsworth", "Beatrix Potter"};
  std::set<std::string> seen;
  for (const auto& r : ReadTable(File("police-recorded-crime.csv"))) {
    seen.insert(r.at("VictimForename") + " " + r.at("VictimSurname"));
    seen.insert(r.at("SuspectForename") + " " + r.at("SuspectSurname"));
  }
  for (const auto& r : ReadTable(File("ed-istv.csv")))
    seen.insert(r.at("PatientForename") + " " + r.at("PatientSurname"));
  for (const auto& r : ReadTable(File("referrals.csv")))
    seen.insert(r.at("Forename") + " " + r.at("Surname"));
  for (const std::string& name : kFamous) EXPECT_EQ(seen.count(name), 0u) << name;
  // Stronger: the name tables cannot even produce them.
  synth::NameBook names;
  std::vector<std::string> forenames = names.AllForenames();
  for (const std::string& name : kFamous) {
    std::string first = name.substr(0, name.find(' ')), last = name.substr(name.find(' ') + 1);
    bool f = std::find(forenames.begin(), forenames.end(), first) != forenames.end();
    bool l = std::find(names.AllSurnames().begin(), names.AllSurnames().end(), last) !=
             names.AllSurnames().end();
    EXPECT_FALSE(f && l) << name;
  }
}

TEST_F(SynthFiles, CensusBandsSumToTotals) {
  int64_t population = 0;
  for (const auto& r : ReadTable(File("census-ts007a.csv"))) {
    int64_t total = std::stoll(r.at("Age: Total")), sum = 0;
    for (const auto& [column, value] : r)
      if (column.rfind("Age: Aged", 0) == 0) sum += std::stoll(value);
    EXPECT_EQ(sum, total) << r.at("geography");
    EXPECT_EQ(r.at("date"), "2021");
    population += total;
  }
  EXPECT_GT(population, 450000);
  EXPECT_LT(population, 550000);
  for (const auto& r : ReadTable(File("census-ts008.csv")))
    EXPECT_EQ(std::stoll(r.at("Sex: Female; measures: Value")) +
                  std::stoll(r.at("Sex: Male; measures: Value")),
              std::stoll(r.at("Sex: All persons; measures: Value")));
}

TEST_F(SynthFiles, AreasAgreeAcrossTheReferenceFiles) {
  auto lookup = ReadTable(File("lsoa-lookup.csv"));
  auto imd = ReadTable(File("imd2019-file1.csv"));
  ASSERT_EQ(lookup.size(), imd.size());
  std::set<std::string> districts;
  for (size_t i = 0; i < lookup.size(); ++i) {
    EXPECT_EQ(lookup[i].at("LSOA21CD"), imd[i].at("LSOA code (2011)"));
    EXPECT_EQ(lookup[i].at("CSP"), "Fellshire Community Safety Partnership");
    districts.insert(lookup[i].at("LAD22CD"));
    int decile = std::stoi(imd[i].at("Index of Multiple Deprivation (IMD) Decile"));
    EXPECT_GE(decile, 1);
    EXPECT_LE(decile, 10);
  }
  EXPECT_EQ(lookup.front().at("LSOA21CD"), "E01900001");
  EXPECT_EQ(districts.size(), 6u);
}

TEST(Synth, WithErrorsAddsFourBadRows) {
  ScratchDir dir;
  SynthOptions o = Options(dir.path());
  o.with_errors = true;
  auto summary = WriteSyntheticPartnership(o);
  ASSERT_TRUE(summary.ok());
  EXPECT_EQ(summary->deliberate_errors, 4);
  std::string data = Read(dir.path() + "/police-recorded-crime.csv");
  EXPECT_NE(data.find(",31/02/2023 "), std::string::npos);
  EXPECT_NE(data.find(",99Z,"), std::string::npos);
  EXPECT_NE(data.find(",912345,1345678,"), std::string::npos);
}

TEST(Synth, PoliceUkOnlyWithSeveralForces) {
  ScratchDir dir;
  SynthOptions o = Options(dir.path());
  o.police_uk_only = true;
  o.forces = 3;
  o.months = 2;
  auto summary = WriteSyntheticPartnership(o);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  ASSERT_EQ(summary->files.size(), 6u);
  EXPECT_EQ(summary->files[0].path, "police-uk/2024-11/2024-11-fellshire-street.csv");
  EXPECT_EQ(summary->files[1].path, "police-uk/2024-11/2024-11-force-02-street.csv");
  EXPECT_FALSE(fs::exists(dir.path() + "/police-recorded-crime.csv"));
  std::string force = Read(dir.path() + "/police-uk/2024-12/2024-12-force-03-street.csv");
  EXPECT_NE(force.find(",Force 03 Constabulary,Force 03 Constabulary,"), std::string::npos);
  EXPECT_NE(force.find(",E01903"), std::string::npos);
  // Each force publishes about as much as Fellshire.
  EXPECT_GT(summary->files[1].rows, summary->files[0].rows * 3 / 4);
  EXPECT_LT(summary->files[1].rows, summary->files[0].rows * 4 / 3);
}

TEST(Synth, RejectsInvalidOptions) {
  ScratchDir dir;
  SynthOptions o = Options(dir.path());
  o.scale = 0;
  EXPECT_EQ(WriteSyntheticPartnership(o).status().code(), Status::Code::kUsage);
  o = Options(dir.path());
  o.end_month = "2024-13";
  EXPECT_EQ(WriteSyntheticPartnership(o).status().message(),
            "synth: \"2024-13\" is not a month (expected YYYY-MM)");
  o = Options(dir.path());
  o.forces = 100;
  EXPECT_FALSE(WriteSyntheticPartnership(o).ok());
}

TEST(Synth, BritishNationalGridRoundTripsThroughProj) {
  // Recorded-crime eastings/northings are read back to WGS84 with PROJ; they must land where the
  // generator put them (Fellshire's corners and a town centre).
  auto grid = BngToLonLat();
  if (!grid.ok()) GTEST_SKIP() << grid.status().message();
  const double points[][2] = {{-3.6, 54.0}, {-2.2, 55.1}, {-2.935, 54.892}};
  for (const auto& p : points) {
    double e = 0, n = 0, lon = 0, lat = 0;
    synth::ToBritishNationalGrid(p[0], p[1], &e, &n);
    ASSERT_TRUE(grid.value()->Project(e, n, &lon, &lat));
    EXPECT_NEAR(lon, p[0], 1e-4);  // ~7 m
    EXPECT_NEAR(lat, p[1], 1e-4);
  }
}

#ifdef CAIRN_BINARY
TEST(Synth, CommandListsFilesOnStdoutAndSummaryOnStderr) {
  ScratchDir dir;
  std::string out = dir.path() + "/out", log = dir.path() + "/stdout.txt";
  std::string err = dir.path() + "/stderr.txt";
  std::string cmd = std::string(CAIRN_BINARY) + " synth --out '" + out +
                    "' --scale 0.02 --months 3 --seed 3 > '" + log + "' 2> '" + err + "'";
  int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << Read(err);
  std::string listing = Read(log);
  // 13 files, 7 register sheets, 3 months, one quarter's ED delivery and the delivery log.
  EXPECT_EQ(std::count(listing.begin(), listing.end(), '\n'), 25);
  EXPECT_NE(listing.find(out + "/police-recorded-crime.csv\n"), std::string::npos);
  EXPECT_NE(Read(err).find("police-recorded-crime.csv"), std::string::npos);
  std::string bad = std::string(CAIRN_BINARY) + " synth --out '" + out + "' --scale 0 2> /dev/null";
  status = std::system(bad.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
}
#endif

}  // namespace
}  // namespace cairn
