// `cairn list matac` on hand-worked cases: the serial-perpetrator rule's edges (two victims versus
// one victim three times, a perpetrator turning 16, an incident just outside three years, a record
// without the domestic abuse marker), the score's parts from config/lists/matac.toml worked by
// hand, the change since the list four weeks earlier, and the person named by the pseudonym that
// `cairn pseudonymise` gives a partner for the same row. Every person here is invented.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "synth/synth.h"
#include "tests/test_util.h"
#include "util/csv.h"
#include "util/dates.h"

namespace cairn::testing {
namespace {

using Json = nlohmann::json;

const char kHeader[] =
    "CrimeReference,RecordType,HOOffenceCode,OffenceDescription,CommittedFrom,CommittedTo,Easting,"
    "Northing,LSOA,DAFlag,AlcoholFlag,DrugsFlag,KnifeFlag,FirearmFlag,CountyLinesFlag,NTEFlag,"
    "CSEFlag,CCEFlag,ChildrenPresent,VictimSurname,VictimForename,VictimDOB,VictimAge,VictimSex,"
    "VictimPostcode,SuspectSurname,SuspectForename,SuspectDOB,SuspectAge,SuspectSex,SuspectPNC,"
    "Outcome,PremisesAddress,VulnerableSurname,VulnerableForename,VulnerableDOB,VulnerableAge,"
    "VulnerableSex\n";

// One recorded crime: reference, date (dd/mm/yyyy), DA flag, victim (surname, dob), suspect
// (surname, dob, age at the time).
std::string Crime(const std::string& ref, const std::string& date, const std::string& da,
                  const std::string& victim, const std::string& victim_dob,
                  const std::string& suspect, const std::string& suspect_dob, int suspect_age) {
  return ref + ",CRIME,8N,Assault with injury," + date + " 10:00,," + "304847,513819,E01900134," +
         da + ",N,N,N,N,N,N,N,N,N," + victim + ",Ann," + victim_dob + ",30,F,FL1 1AA," + suspect +
         ",Bob," + suspect_dob + "," + std::to_string(suspect_age) + ",M,,Charged,,,,,,\n";
}

class MatacList : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = NewStore(dir_);
    std::string csv = kHeader;
    // Quarry: three incidents against two victims; on the list as of 30/06/2024.
    csv += Crime("R1", "10/01/2024", "Y", "Vale", "01/01/1990", "Quarry", "02/02/1980", 43);
    csv += Crime("R2", "15/03/2024", "Y", "Wren", "03/03/1991", "Quarry", "02/02/1980", 44);
    csv += Crime("R3", "20/06/2024", "Y", "Vale", "01/01/1990", "Quarry", "02/02/1980", 44);
    // Single: one victim three times; not serial.
    for (const char* d : {"01/02/2024", "01/03/2024", "01/04/2024"})
      csv +=
          Crime(std::string("S") + d[4], d, "Y", "Moss", "04/04/1992", "Single", "05/05/1985", 38);
    // Young: 15 at the first incident (not counted), 16 at the second: one qualifying incident.
    csv += Crime("Y1", "01/03/2024", "Y", "Hale", "06/06/1993", "Young", "07/06/2008", 15);
    csv += Crime("Y2", "10/06/2024", "Y", "Knox", "08/08/1994", "Young", "07/06/2008", 16);
    // Old: the first incident is three years and a day before the as-of date.
    csv += Crime("O1", "29/06/2021", "Y", "Pike", "09/09/1995", "Old", "10/10/1970", 50);
    csv += Crime("O2", "01/05/2024", "Y", "Ross", "11/11/1996", "Old", "10/10/1970", 53);
    // Nomark: two victims, but the second record has no domestic abuse marker.
    csv += Crime("N1", "01/05/2024", "Y", "Tate", "12/12/1997", "Nomark", "01/01/1975", 49);
    csv += Crime("N2", "02/05/2024", "N", "Usher", "02/12/1997", "Nomark", "01/01/1975", 49);
    extract_ = dir_.File("crime.csv");
    WriteText(extract_, csv);
    CommandResult r = RunCairn(
        {"--db", db_, "ingest", "--profile",
         std::string(CAIRN_SOURCE_DIR) + "/profiles/police-recorded-crime.toml", extract_});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  CommandResult List(const std::string& format) {
    return RunCairn({"--db", db_, "list", "matac", "--as-of", "2024-06-30", "--format", format});
  }
  TempDir dir_;
  std::string db_, extract_;
};

TEST_F(MatacList, OnlyTheSerialPerpetratorIsListedWithItsScoreWorkedByHand) {
  CommandResult r = List("json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json list = Json::parse(r.out);
  ASSERT_EQ(list["rows"].size(), 1u) << r.out;
  const Json& quarry = list["rows"][0];
  // config/lists/matac.toml: last incident 10 days before (recency below 1 month: 5), 3 incidents
  // (at least 3: 3), worst harm 8N = 30 CCHI days (config/harm_weights.toml; at least 28: 3),
  // 2 victims (at least 2: 3).
  EXPECT_EQ(quarry["recency"], 5);
  EXPECT_EQ(quarry["frequency"], 3);
  EXPECT_EQ(quarry["gravity"], 3);
  EXPECT_EQ(quarry["victim_points"], 3);
  EXPECT_EQ(quarry["score"], 14);
  EXPECT_EQ(quarry["events"], 3);
  EXPECT_EQ(quarry["victims"], 2);
  EXPECT_EQ(quarry["first_event"], "2024-01-10");
  EXPECT_EQ(quarry["last_event"], "2024-06-20");
  // Four weeks earlier (2024-06-02) Quarry had 2 incidents, the last 79 days before: recency 4
  // (below 3 months), frequency 2, gravity 3, victims 3: 12, so the score rose by 2.
  EXPECT_EQ(quarry["score_change"], 2);
  // Each qualifying incident by the record its partner holds.
  std::vector<std::string> references;
  for (const Json& e : quarry["why"]) {
    references.push_back(e["reference"]);
    EXPECT_EQ(e["source"], "Fellshire Constabulary");
    EXPECT_EQ(e["extract"], "recorded-crime");
  }
  EXPECT_EQ(references, (std::vector<std::string>{"R1", "R2", "R3"}));
  EXPECT_EQ(list["as_of"], "2024-06-30");
  EXPECT_NE(list["scales"].get<std::string>().find("Cairn's own"), std::string::npos);
}

TEST_F(MatacList, ThePersonIsThePseudonymThePartnerGetsForItsOwnRow) {
  const std::string sent = dir_.File("sent.csv");
  ASSERT_EQ(
      RunCairn({"--db", db_, "pseudonymise", "--link", "SuspectSurname+SuspectForename+SuspectDOB",
                "--link-name", "Suspect", "--link", "VictimSurname+VictimForename+VictimDOB",
                "--link-name", "Victim", "--columns", "SuspectPNC,VictimPostcode", extract_, sent})
          .exit_code,
      0);
  std::string text = ReadText(sent);
  CsvReader reader(text);
  CsvRecord record;
  ASSERT_TRUE(reader.Next(&record));
  size_t suspect =
      std::find(record.fields.begin(), record.fields.end(), "Suspect") - record.fields.begin();
  ASSERT_TRUE(reader.Next(&record));  // R1: Quarry
  const std::string quarry(record.fields.at(suspect));
  CommandResult csv = List("csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_NE(csv.out.find("\n1," + quarry + ",14,"), std::string::npos) << quarry << "\n" << csv.out;
  for (const char* identifier : {"Quarry", "Vale", "Wren", "02/02/1980", "1980-02-02", "FL1 1AA"}) {
    EXPECT_EQ(csv.out.find(identifier), std::string::npos) << identifier;
    EXPECT_EQ(csv.err.find(identifier), std::string::npos) << identifier;
  }
  EXPECT_NE(csv.out.find("2024-06-20 "), std::string::npos) << "why: the qualifying incidents";
}

// Repeat victims in the 12 months to 30/06/2024, worked by hand from the extract above: 11 events
// with a victim (O1 is in 2021), 8 different victims; Moss has 3, Vale 2, the rest 1.
TEST_F(MatacList, RepeatVictimsAreCountedByHand) {
  CommandResult r = RunCairn(
      {"--db", db_, "list", "repeat-victims", "--as-of", "2024-06-30", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json list = Json::parse(r.out);
  EXPECT_EQ(list["events"], 11);
  EXPECT_EQ(list["subjects"], 8);
  EXPECT_EQ(list["repeat_events"], 5);
  ASSERT_EQ(list["rows"].size(), 2u) << r.out;
  EXPECT_EQ(list["rows"][0]["events"], 3);
  EXPECT_EQ(list["rows"][0]["first_event"], "2024-02-01");
  EXPECT_EQ(list["rows"][1]["events"], 2);
  EXPECT_EQ(list["rows"][1]["why"][1]["reference"], "R3");
  CommandResult csv =
      RunCairn({"--db", db_, "list", "repeat-victims", "--as-of", "2024-06-30", "--format", "csv"});
  EXPECT_NE(csv.out.find(",3,27.27,2024-02-01,"), std::string::npos) << "3 of 11 events\n"
                                                                     << csv.out;
  EXPECT_EQ(csv.out.find("Moss"), std::string::npos);
  EXPECT_EQ(RunCairn({"--db", db_, "list", "matac", "--where", "serious_violence"}).exit_code, 2);
}

TEST(RepeatLocations, APlaceIsItsLocationWithinItsLsoa) {
  TempDir dir;
  const std::string db = NewStore(dir);
  WriteText(dir.File("puk.csv"),
            "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
            "LSOA name,Crime type,Last outcome category,Context\n"
            "a,2024-01,F,F,-2.93,54.89,On or near Bank Street,E01019204,C 001A,Robbery,,\n"
            "b,2024-02,F,F,-2.93,54.89,On or near Bank Street,E01019204,C 001A,Burglary,,\n"
            "c,2024-03,F,F,-2.93,54.89,On or near Bank Street,E01019999,C 009Z,Robbery,,\n"
            "d,2024-03,F,F,-2.93,54.89,On or near Mill Lane,E01019204,C 001A,Robbery,,\n");
  ASSERT_EQ(RunCairn({"--db", db, "ingest", "police-uk", dir.File("puk.csv")}).exit_code, 0);
  CommandResult r = RunCairn({"--db", db, "list", "repeat-locations", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json list = Json::parse(r.out);
  EXPECT_EQ(list["as_of"], "2024-03-31") << "the end of the latest month with data";
  EXPECT_EQ(list["events"], 4);
  ASSERT_EQ(list["rows"].size(), 1u) << r.out;
  EXPECT_EQ(list["rows"][0]["location"], "On or near Bank Street (E01019204)");
  EXPECT_EQ(list["rows"][0]["events"], 2);
  EXPECT_NE(r.out.find("\"reference\": \"b\""), std::string::npos) << r.out;
}

// data.police.uk Crime IDs stay in the store (the snapshot cache would more than double with them):
// a list names them from there, whether its snapshot was just built or read from the cache.
TEST(RepeatLocations, CrimeIdsAreNamedFromTheStoreNotTheCache) {
  TempDir dir;
  const std::string db = NewStore(dir);
  const std::string id_a(64, 'a'), id_b = std::string(63, '0') + "b";
  WriteText(
      dir.File("puk.csv"),
      "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
      "LSOA name,Crime type,Last outcome category,Context\n" +
          id_a + ",2024-01,F,F,-2.93,54.89,On or near Bank Street,E01019204,C 001A,Robbery,,\n" +
          id_b + ",2024-02,F,F,-2.93,54.89,On or near Bank Street,E01019204,C 001A,Robbery,,\n");
  ASSERT_EQ(RunCairn({"--db", db, "ingest", "police-uk", dir.File("puk.csv")}).exit_code, 0);
  for (const char* pass : {"snapshot built", "snapshot from the cache"}) {
    CommandResult r = RunCairn({"--db", db, "list", "repeat-locations", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("\"reference\": \"" + id_a + "\""), std::string::npos) << pass << r.out;
    EXPECT_NE(r.out.find("\"reference\": \"" + id_b + "\""), std::string::npos) << pass << r.out;
  }
  const std::string cache = ReadText(db + ".snapshot");
  ASSERT_FALSE(cache.empty());
  EXPECT_EQ(cache.find(id_a), std::string::npos) << "the Crime ID is in the cache";
}

// County lines: every victim of a county-lines crime in the window is listed with the crimes.
TEST(CountyLinesList, ListsEveryVictimOfACountyLinesCrimeWithItsRecords) {
  TempDir dir;
  const std::string db = NewStore(dir);
  auto cl = [](std::string row) {  // set CountyLinesFlag (the 15th column) to Y
    size_t at = 0;
    for (int comma = 0; comma < 14; ++comma) at = row.find(',', at) + 1;
    row[at] = 'Y';
    return row;
  };
  std::string crimes = kHeader;
  crimes += cl(Crime("C1", "01/03/2024", "N", "Vale", "01/01/1990", "Dealer", "02/02/1980", 44));
  crimes += cl(Crime("C2", "01/05/2024", "N", "Vale", "01/01/1990", "Dealer", "02/02/1980", 44));
  crimes += cl(Crime("C3", "01/06/2024", "N", "Wren", "03/03/1991", "Dealer", "02/02/1980", 44));
  crimes += Crime("C4", "02/06/2024", "N", "Moss", "04/04/1992", "Other", "03/03/1981", 43);
  WriteText(dir.File("crime.csv"), crimes);
  ASSERT_EQ(RunCairn({"--db", db, "ingest", "--profile",
                      std::string(CAIRN_SOURCE_DIR) + "/profiles/police-recorded-crime.toml",
                      dir.File("crime.csv")})
                .exit_code,
            0);
  CommandResult r =
      RunCairn({"--db", db, "list", "county-lines", "--as-of", "2024-06-30", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json list = Json::parse(r.out);
  ASSERT_EQ(list["people"].size(), 2u) << r.out;  // Vale and Wren; Moss's crime is not flagged
  EXPECT_EQ(list["people"][0]["events"], 2);
  EXPECT_EQ(list["people"][0]["why"][0]["reference"], "C1");
  EXPECT_EQ(list["people"][1]["events"], 1);
  EXPECT_TRUE(list["premises"].empty()) << "the profile maps no location";
  EXPECT_EQ(r.out.find("Vale"), std::string::npos);
}

// A vulnerable person (role "vulnerable") is listed beside the victims, with their roles, and a
// premises named by two county-lines crimes is listed by its pseudonym with the people recorded
// there; the address itself appears nowhere in the output.
TEST(CountyLinesList, VulnerablePeopleAndPremisesByTheirPseudonyms) {
  TempDir dir;
  const std::string db = NewStore(dir);
  // Crime(...) ends with the six empty premises and vulnerable columns: fill them.
  auto at = [](std::string row, const std::string& premises, const std::string& vulnerable) {
    size_t flag = 0;
    for (int comma = 0; comma < 14; ++comma) flag = row.find(',', flag) + 1;
    row[flag] = 'Y';             // CountyLinesFlag
    row.resize(row.size() - 7);  // ",,,,,,\n"
    return row + ",\"" + premises + "\"," + vulnerable + "\n";
  };
  std::string crimes = kHeader;
  const std::string tenant = "Tarn,Bry,07/08/1960,63,F";
  crimes += at(Crime("P1", "01/03/2024", "N", "Vale", "01/01/1990", "Dealer", "02/02/1980", 44),
               "7 Fell Row, FL1 2AB", tenant);
  crimes += at(Crime("P2", "01/04/2024", "N", "Wren", "03/03/1991", "Dealer", "02/02/1980", 44),
               "7 FELL ROW FL1 2AB", tenant);
  crimes += at(Crime("P3", "01/05/2024", "N", "Vale", "01/01/1990", "Dealer", "02/02/1980", 44),
               "9 Beck Side, FL1 3CD", ",,,,");
  WriteText(dir.File("crime.csv"), crimes);
  CommandResult load =
      RunCairn({"--db", db, "ingest", "--profile",
                std::string(CAIRN_SOURCE_DIR) + "/profiles/police-recorded-crime.toml",
                dir.File("crime.csv")});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  CommandResult r =
      RunCairn({"--db", db, "list", "county-lines", "--as-of", "2024-06-30", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json list = Json::parse(r.out);
  ASSERT_EQ(list["people"].size(), 3u) << r.out;  // Vale, Wren and the tenant
  std::map<std::string, int> roles;
  for (const Json& p : list["people"]) ++roles[p["roles"].get<std::string>()];
  EXPECT_EQ(roles["victim"], 2);
  EXPECT_EQ(roles["vulnerable"], 1);
  // One premises (two spellings of one address), with P1 and P2; 9 Beck Side is seen once.
  ASSERT_EQ(list["premises"].size(), 1u) << r.out;
  const Json& premises = list["premises"][0];
  EXPECT_EQ(premises["premises"].get<std::string>().size(), 64u);
  EXPECT_EQ(premises["events"], 2);
  EXPECT_EQ(premises["why"][0]["reference"], "P1");
  EXPECT_EQ(premises["why"][1]["reference"], "P2");
  EXPECT_EQ(premises["people"].size(), 3u) << "Vale, Wren and the tenant";
  // The pseudonym is the one the partner's own `cairn pseudonymise --link` gives the address.
  WriteText(dir.File("addresses.csv"), "Address\n\"7 Fell Row, FL1 2AB\"\n");
  CommandResult own = RunCairn({"--db", db, "pseudonymise", "--link", "Address", "--link-name", "P",
                                dir.File("addresses.csv"), dir.File("p.csv")});
  ASSERT_EQ(own.exit_code, 0) << own.err;
  EXPECT_EQ(CsvRows(ReadText(dir.File("p.csv"))).at(1).at(0), premises["premises"]);
  CommandResult csv =
      RunCairn({"--db", db, "list", "county-lines", "--as-of", "2024-06-30", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  for (const CommandResult* out : {&r, &csv})
    for (const char* identifier :
         {"Fell Row", "FELL ROW", "Beck Side", "FL1", "Tarn", "Bry", "07/08/1960"}) {
      EXPECT_EQ(out->out.find(identifier), std::string::npos) << identifier;
      EXPECT_EQ(out->err.find(identifier), std::string::npos) << identifier;
    }
  // The terminal shortens every pseudonym, the people recorded at a premises too; files keep them.
  CommandResult table = RunCairn({"--db", db, "list", "county-lines", "--as-of", "2024-06-30"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  const std::string whole = premises["people"][0].get<std::string>();
  ASSERT_EQ(whole.size(), 64u);
  EXPECT_EQ(table.out.find(whole), std::string::npos) << table.out;
  EXPECT_NE(table.out.find(whole.substr(0, 16)), std::string::npos) << table.out;
  EXPECT_NE(csv.out.find(whole), std::string::npos);
}

// The synthetic county: the premises the generator cuckooed are exactly the premises listed (a
// recount from police-recorded-crime.csv: county-lines crimes grouped by PremisesAddress, two or
// more), each with the same crimes, and the people are the victims and vulnerable people the
// extract records in county-lines crimes.
TEST(CountyLinesSynth, TheListFindsTheCuckooedPremisesTheGeneratorPlanted) {
  TempDir dir;
  SynthOptions options;
  options.out_dir = dir.File("extracts");
  options.scale = 0.2;
  options.months = 12;
  options.threads = 1;
  auto summary = WriteSyntheticPartnership(options);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  ASSERT_GE(summary->cuckooed_premises, 1);
  const std::string db = NewStore(dir);
  const std::string extract = options.out_dir + "/police-recorded-crime.csv";
  CommandResult load =
      RunCairn({"--db", db, "ingest", "--profile",
                std::string(CAIRN_SOURCE_DIR) + "/profiles/police-recorded-crime.toml", extract});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  CommandResult r =
      RunCairn({"--db", db, "list", "county-lines", "--as-of", "2024-12-31", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json list = Json::parse(r.out);

  // The recount, from the extract as the force wrote it (every row is in the 12-month window).
  const auto rows = CsvRows(ReadText(extract));
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < rows[0].size(); ++i) col[rows[0][i]] = i;
  std::map<std::string, std::set<std::string>> by_address;
  std::set<std::string> victims, vulnerable;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    if (row[col["CountyLinesFlag"]] != "Y") continue;
    auto who = [&](const char* prefix) {
      const std::string p(prefix);
      const std::string name = row[col[p + "Surname"]];
      return name.empty() ? "" : name + "|" + row[col[p + "Forename"]] + "|" + row[col[p + "DOB"]];
    };
    if (!who("Victim").empty()) victims.insert(who("Victim"));
    if (!who("Vulnerable").empty()) vulnerable.insert(who("Vulnerable"));
    if (!row[col["PremisesAddress"]].empty())
      by_address[row[col["PremisesAddress"]]].insert(row[col["CrimeReference"]]);
  }
  std::multiset<std::set<std::string>> expected, listed;
  for (const auto& [address, refs] : by_address)
    if (refs.size() >= 2) expected.insert(refs);
  EXPECT_EQ(expected.size(), static_cast<size_t>(summary->cuckooed_premises));
  EXPECT_GT(by_address.size(), expected.size()) << "addresses seen once are planted too";
  for (const Json& premises : list["premises"]) {
    std::set<std::string> refs;
    for (const Json& e : premises["why"]) refs.insert(e["reference"].get<std::string>());
    EXPECT_EQ(refs.size(), premises["events"].get<size_t>());
    EXPECT_FALSE(premises["people"].empty()) << "each cuckooed premises has its tenant";
    listed.insert(refs);
  }
  EXPECT_EQ(listed, expected);
  ASSERT_FALSE(vulnerable.empty());
  std::set<std::string> everyone = victims;
  everyone.insert(vulnerable.begin(), vulnerable.end());
  EXPECT_EQ(list["people"].size(), everyone.size());
  size_t listed_vulnerable = 0;
  for (const Json& p : list["people"])
    listed_vulnerable += p["roles"].get<std::string>().find("vulnerable") != std::string::npos;
  EXPECT_EQ(listed_vulnerable, vulnerable.size());
  for (const auto& [address, refs] : by_address)
    EXPECT_EQ(r.out.find(address.substr(0, address.find(','))), std::string::npos) << address;
}

// Regression: `cairn demo`'s county-lines list (default as-of, the latest day of the data) showed
// no premises, because every synthetic line had stopped more than a year before the end of the
// period. The generator's last line is still running; the list made with the default as-of finds
// its premises, exactly those the extract records two or more times in the 12 months to the
// latest crime's day (recounted here from police-recorded-crime.csv).
TEST(CountyLinesSynth, TheDefaultListShowsThePremisesOfTheLineStillRunning) {
  TempDir dir;
  SynthOptions options;
  options.out_dir = dir.File("extracts");
  options.scale = 0.2;
  options.threads = 1;
  ASSERT_TRUE(WriteSyntheticPartnership(options).ok());
  const std::string db = NewStore(dir);
  const std::string extract = options.out_dir + "/police-recorded-crime.csv";
  CommandResult load =
      RunCairn({"--db", db, "ingest", "--profile",
                std::string(CAIRN_SOURCE_DIR) + "/profiles/police-recorded-crime.toml", extract});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  CommandResult r = RunCairn({"--db", db, "list", "county-lines", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json list = Json::parse(r.out);

  const auto rows = CsvRows(ReadText(extract));
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < rows[0].size(); ++i) col[rows[0][i]] = i;
  auto when = [&](const std::vector<std::string>& row) {
    return ParseDateTime(row[col["CommittedFrom"]], {"%d/%m/%Y %H:%M"});
  };
  int64_t latest = 0;
  for (size_t i = 1; i < rows.size(); ++i)
    if (auto minute = when(rows[i])) latest = std::max(latest, *minute);
  int y = 0, m = 0, d = 0;
  CivilFromDays(latest / 1440, &y, &m, &d);
  char day[11];
  std::snprintf(day, sizeof day, "%04d-%02d-%02d", y, m, d);
  EXPECT_EQ(list["as_of"], day) << "the default as-of is the latest crime's day";
  while (!IsValidDate(y - 1, m, d)) --d;  // 29 February a year later
  const int64_t as_of = (latest / 1440 + 1) * 1440 - 1,
                from = DaysFromCivil(y - 1, m, d) * 1440 + 1439;
  std::map<std::string, std::set<std::string>> by_address;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& row = rows[i];
    auto minute = when(row);
    if (row[col["CountyLinesFlag"]] != "Y" || row[col["PremisesAddress"]].empty() || !minute ||
        *minute <= from || *minute > as_of)
      continue;
    by_address[row[col["PremisesAddress"]]].insert(row[col["CrimeReference"]]);
  }
  std::multiset<std::set<std::string>> expected, listed;
  for (const auto& [address, refs] : by_address)
    if (refs.size() >= 2) expected.insert(refs);
  for (const Json& premises : list["premises"]) {
    std::set<std::string> refs;
    for (const Json& e : premises["why"]) refs.insert(e["reference"].get<std::string>());
    listed.insert(refs);
  }
  EXPECT_FALSE(expected.empty()) << "the running line's premises are in the latest 12 months";
  EXPECT_EQ(listed, expected);
}

TEST_F(MatacList, UsageErrorsAndAStoreWithoutDomesticAbuse) {
  EXPECT_EQ(RunCairn({"--db", db_, "list", "matac", "--as-of", "30/06/2024"}).exit_code, 2);
  EXPECT_EQ(RunCairn({"--db", db_, "list", "matacc"}).exit_code, 2);
  TempDir empty;
  const std::string db = NewStore(empty);
  CommandResult r = RunCairn({"--db", db, "list", "matac"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no domestic abuse events are loaded"), std::string::npos) << r.err;
}

// The 30-day window, as of 30/06/2024: an offence 29 days before is on its 30th day (1 day left),
// one 30 days before has left the window; a DAPP referral inside the window counts, a victim
// services referral does not (it is not a perpetrator service), nor a DAPP referral after the
// as-of date.
TEST(Da30List, TheWindowsEdgesAndWhichReferralsCount) {
  TempDir dir;
  const std::string db = NewStore(dir);
  std::string crimes = kHeader;
  crimes += Crime("D1", "01/06/2024", "Y", "Vale", "01/01/1990", "Edge", "02/02/1980", 44);
  crimes += Crime("D2", "31/05/2024", "Y", "Wren", "03/03/1991", "Gone", "03/03/1981", 43);
  crimes += Crime("D3", "20/06/2024", "Y", "Moss", "04/04/1992", "Victimonly", "04/04/1982", 42);
  crimes += Crime("D4", "10/06/2024", "Y", "Hale", "06/06/1993", "Late", "05/05/1983", 41);
  crimes += Crime("D5", "25/06/2024", "N", "Knox", "08/08/1994", "Nomark", "06/06/1984", 40);
  WriteText(dir.File("crime.csv"), crimes);
  WriteText(dir.File("referrals.csv"),
            "ReferralID,Programme,Agency,Surname,Forename,DOB,ReferredDate,StartDate,EndDate,"
            "Outcome\n"
            "F1,DAPP,Probation,Edge,Bob,02/02/1980,15/06/2024,,,\n"
            "F2,Victim Services,Hub,Victimonly,Bob,04/04/1982,21/06/2024,,,\n"
            "F3,DAPP,Probation,Late,Bob,05/05/1983,20/07/2024,,,\n");
  const std::string profiles = std::string(CAIRN_SOURCE_DIR) + "/profiles/";
  for (const auto& [profile, file] : std::vector<std::pair<std::string, std::string>>{
           {"police-recorded-crime.toml", "crime.csv"}, {"referrals.toml", "referrals.csv"}})
    ASSERT_EQ(
        RunCairn({"--db", db, "ingest", "--profile", profiles + profile, dir.File(file)}).exit_code,
        0)
        << file;
  CommandResult r =
      RunCairn({"--db", db, "list", "da30", "--as-of", "2024-06-30", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json list = Json::parse(r.out);
  ASSERT_EQ(list["rows"].size(), 3u) << r.out;  // Edge, Victimonly, Late
  EXPECT_EQ(list["referred"], 1);
  std::map<std::string, Json> by_date;
  for (const Json& row : list["rows"]) by_date[row["offence_date"]] = row;
  EXPECT_EQ(by_date["2024-06-01"]["days_remaining"], 1);
  EXPECT_EQ(by_date["2024-06-01"]["referred"], true);
  EXPECT_EQ(by_date["2024-06-01"]["referral_date"], "2024-06-15");
  EXPECT_EQ(by_date["2024-06-01"]["programme"], "DAPP");
  EXPECT_EQ(by_date["2024-06-01"]["reference"], "D1");
  EXPECT_EQ(by_date["2024-06-20"]["days_remaining"], 20);
  EXPECT_EQ(by_date["2024-06-20"]["referred"], false);
  EXPECT_EQ(by_date["2024-06-10"]["days_remaining"], 10);
  EXPECT_EQ(by_date["2024-06-10"]["referred"], false);
  EXPECT_EQ(by_date.count("2024-05-31"), 0u);
}

// `cairn reidentify` at the partner names exactly the rows its own extract holds and no others.
TEST(Reidentify, ThePartnerNamesOnlyThePeopleInItsOwnExtract) {
  TempDir dir;
  const std::string db = NewStore(dir);
  std::string crimes = kHeader;
  crimes += Crime("D1", "01/06/2024", "Y", "Vale", "01/01/1990", "Edge", "02/02/1980", 44);
  crimes += Crime("D3", "20/06/2024", "Y", "Moss", "04/04/1992", "Other", "04/04/1982", 42);
  WriteText(dir.File("crime.csv"), crimes);
  const std::string profile =
      std::string(CAIRN_SOURCE_DIR) + "/profiles/police-recorded-crime.toml";
  ASSERT_EQ(RunCairn({"--db", db, "ingest", "--profile", profile, dir.File("crime.csv")}).exit_code,
            0);
  CommandResult list = RunCairn({"--db", db, "list", "da30", "--format", "csv"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  WriteText(dir.File("da30.csv"), list.out);
  // The partner holds only Edge's record.
  WriteText(dir.File("mine.csv"),
            std::string(kHeader) +
                Crime("D1", "01/06/2024", "Y", "Vale", "01/01/1990", "Edge", "02/02/1980", 44));
  CommandResult r = RunCairn({"--db", db, "reidentify", "--list", dir.File("da30.csv"), "--extract",
                              dir.File("mine.csv"), "--profile", profile});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("person,partner_record,"), std::string::npos) << r.out;
  // Edge as suspect, and Vale (Edge's victim, not on the list) nowhere.
  EXPECT_NE(r.out.find(",Edge Bob 02/02/1980,"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Other"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Vale"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("1 rows named"), std::string::npos) << r.err;
  // With another key nothing matches.
  NewStore(dir, "other.db");
  CommandResult other =
      RunCairn({"reidentify", "--key", dir.File("other.key"), "--list", dir.File("da30.csv"),
                "--extract", dir.File("mine.csv"), "--profile", profile});
  EXPECT_EQ(other.out.find("Edge"), std::string::npos) << other.out;
}

}  // namespace
}  // namespace cairn::testing
