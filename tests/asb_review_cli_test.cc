// `cairn list asb-review` on hand-worked cases of the ASB case-review threshold
// (config/lists/asb-review.toml: three separate incidents reported in the six months to the as-of
// date, each within 30 days of the incident, one incident reported by two agencies counted once),
// the premises as victim where no person is recorded, the case-review log's applications and
// yearly figures. As of 2024-06-30 the window is 2023-12-31 to 2024-06-30. Every person and
// address here is invented.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "synth/synth.h"
#include "tests/test_util.h"
#include "util/csv.h"

namespace cairn::testing {
namespace {

using Json = nlohmann::json;

const char kAsbHeader[] =
    "IncidentRef,IncidentDate,ReportedDate,Category,HateFlag,VictimSurname,VictimForename,"
    "VictimDOB,VictimAddress,LSOA\n";

// One report: reference, incident date, reported date (dd/mm/yyyy), victim surname (blank: none
// recorded), address.
std::string Report(const std::string& ref, const std::string& incident, const std::string& reported,
                   const std::string& victim,
                   const std::string& address = "3 Fell View, Ravensby FL1 1AA",
                   const std::string& hate = "N") {
  const std::string person = victim.empty() ? ",," : victim + ",Ann,01/01/1990";
  return ref + "," + incident + " 18:00," + reported + ",Personal," + hate + "," + person + ",\"" +
         address + "\",E01900134\n";
}

class AsbReviewList : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = NewStore(dir_);
    std::string council = kAsbHeader, police = kAsbHeader;
    // Vale: exactly three, the first reported on the window's first day: listed.
    council += Report("V1", "31/12/2023", "31/12/2023", "Vale");
    council +=
        Report("V2", "01/03/2024", "01/03/2024", "Vale", "3 Fell View, Ravensby FL1 1AA", "Y");
    council += Report("V3", "30/06/2024", "30/06/2024", "Vale");
    // Wren: the same, but the first reported one day before the window: two, not listed.
    council += Report("W1", "30/12/2023", "30/12/2023", "Wren");
    council += Report("W2", "01/03/2024", "01/03/2024", "Wren");
    council += Report("W3", "30/06/2024", "30/06/2024", "Wren");
    // Moss: one report 31 days after its incident: two count, not listed.
    council += Report("M1", "01/02/2024", "03/03/2024", "Moss");
    council += Report("M2", "01/04/2024", "01/04/2024", "Moss");
    council += Report("M3", "01/05/2024", "01/05/2024", "Moss");
    // Hale: one report 30 days after its incident (2024 is a leap year): three, listed.
    council += Report("H1", "01/02/2024", "02/03/2024", "Hale");
    council += Report("H2", "01/04/2024", "01/04/2024", "Hale");
    council += Report("H3", "20/05/2024", "20/05/2024", "Hale");
    // Pike: three reports, but two are one incident reported by the council and the police.
    council += Report("P1", "10/04/2024", "10/04/2024", "Pike");
    council += Report("P2", "02/05/2024", "03/05/2024", "Pike");
    police += Report("PP2", "02/05/2024", "05/05/2024", "Pike");
    // Knox: four reports of three incidents (one by both agencies): listed.
    council += Report("K1", "10/04/2024", "10/04/2024", "Knox");
    council += Report("K2", "02/05/2024", "03/05/2024", "Knox");
    police += Report("KP2", "02/05/2024", "05/05/2024", "Knox");
    police += Report("KP3", "01/06/2024", "01/06/2024", "Knox");
    // No person recorded: the premises at 1 Mill Lane three times: listed as premises.
    council += Report("L1", "15/01/2024", "15/01/2024", "", "1 Mill Lane, Ravensby FL1 2BB");
    council += Report("L2", "15/02/2024", "16/02/2024", "", "1 Mill Lane, Ravensby FL1 2BB");
    police += Report("LP3", "10/06/2024", "10/06/2024", "", "1 Mill Lane, Ravensby FL1 2BB");
    // The case-review log: two applications in 2023-24, two in 2024-25 (Hale's in the window).
    const std::string log =
        "ApplicationRef,ApplicationDate,ApplicantSurname,ApplicantForename,ApplicantDOB,"
        "LeadAgency,DecisionDate,ReviewDate,Outcome\n"
        "A1,01/05/2023,Tate,Ann,01/01/1990,Council,10/05/2023,,Threshold not met\n"
        "A2,15/03/2024,Usher,Ann,01/01/1990,Council,20/03/2024,10/04/2024,"
        "\"Threshold met, no recommendations\"\n"
        "A3,15/06/2024,Hale,Ann,01/01/1990,Police,20/06/2024,28/06/2024,"
        "\"Threshold met, recommendations made\"\n"
        "A4,01/07/2024,Vale,Ann,01/01/1990,Council,05/07/2024,,\"Threshold met, review pending\"\n";
    WriteText(dir_.File("council.csv"), council);
    WriteText(dir_.File("police.csv"), police);
    WriteText(dir_.File("reviews.csv"), log);
    const std::string profiles = std::string(CAIRN_SOURCE_DIR) + "/profiles/";
    for (const char* partner : {"council", "police"}) {
      CommandResult sent =
          RunCairn({"--db", db_, "pseudonymise", "--link", "VictimAddress", "--link-name",
                    "PremisesPseudonym", dir_.File(std::string(partner) + ".csv"),
                    dir_.File(std::string(partner) + "-sent.csv")});
      ASSERT_EQ(sent.exit_code, 0) << sent.err;
    }
    for (const std::vector<std::string>& load : std::vector<std::vector<std::string>>{
             {"--profile", profiles + "asb-incidents.toml", dir_.File("council-sent.csv")},
             {"--profile", profiles + "asb-incidents.toml", "--source", "Fellshire Constabulary",
              dir_.File("police-sent.csv")},
             {"--profile", profiles + "asb-case-reviews.toml", dir_.File("reviews.csv")}}) {
      std::vector<std::string> args = {"--db", db_, "ingest"};
      args.insert(args.end(), load.begin(), load.end());
      CommandResult r = RunCairn(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  CommandResult List(const std::string& format, const std::string& as_of = "2024-06-30") {
    return RunCairn({"--db", db_, "list", "asb-review", "--as-of", as_of, "--format", format});
  }
  // Rows by the reference of their first report.
  static std::map<std::string, Json> ByFirstReference(const Json& list) {
    std::map<std::string, Json> out;
    for (const Json& row : list["rows"])
      out[row["why"][0]["reports"][0]["reference"].get<std::string>()] = row;
    return out;
  }
  TempDir dir_;
  std::string db_;
};

TEST_F(AsbReviewList, TheThresholdsEdgesWorkedByHand) {
  CommandResult r = List("json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json list = Json::parse(r.out);
  EXPECT_EQ(list["as_of"], "2024-06-30");
  EXPECT_EQ(list["window_from"], "2023-12-31");
  auto rows = ByFirstReference(list);
  ASSERT_EQ(rows.size(), 4u) << r.out;  // Vale, Hale, Knox, the premises
  // Vale: exactly three in six months, the first on the window's first day.
  ASSERT_EQ(rows.count("V1"), 1u) << r.out;
  EXPECT_EQ(rows["V1"]["incidents"], 3);
  EXPECT_EQ(rows["V1"]["first_report"], "2023-12-31");
  EXPECT_EQ(rows["V1"]["hate_motivated"], true);
  // Wren: one day outside; Moss: reported 31 days after; Pike: two agencies, one incident.
  EXPECT_EQ(rows.count("W2"), 0u);
  EXPECT_EQ(rows.count("M2"), 0u);
  EXPECT_EQ(rows.count("P1"), 0u);
  // Hale: reported 30 days after counts.
  ASSERT_EQ(rows.count("H1"), 1u) << r.out;
  EXPECT_EQ(rows["H1"]["why"][0]["incident"], "2024-02-01");
  EXPECT_EQ(rows["H1"]["why"][0]["reported"], "2024-03-02");
  // Knox: four reports, three incidents; the police's report of 2 May is the same incident.
  ASSERT_EQ(rows.count("K1"), 1u) << r.out;
  EXPECT_EQ(rows["K1"]["incidents"], 3);
  EXPECT_EQ(rows["K1"]["reports"], 4);
  const Json& twice = rows["K1"]["why"][1];
  EXPECT_EQ(twice["reported"], "2024-05-03") << "the first report counts";
  ASSERT_EQ(twice["reports"].size(), 2u);
  EXPECT_EQ(twice["reports"][0]["source"], "Fellshire Council");
  EXPECT_EQ(twice["reports"][0]["counted"], true);
  EXPECT_EQ(twice["reports"][1]["source"], "Fellshire Constabulary");
  EXPECT_EQ(twice["reports"][1]["reference"], "KP2");
  EXPECT_EQ(twice["reports"][1]["counted"], false);
  EXPECT_EQ(twice["reports"][1]["extract"], "asb-incidents");
  // The premises where no person is recorded.
  ASSERT_EQ(rows.count("L1"), 1u) << r.out;
  EXPECT_EQ(rows["L1"]["victim_type"], "premises");
  EXPECT_EQ(rows["L1"]["lsoa"], "E01900134");
  // Counts: 21 reports in the window less Wren's first; Moss's first too late; Pike's and
  // Knox's second reports of 2 May merged.
  EXPECT_EQ(list["reports_in_window"], 21);
  EXPECT_EQ(list["late_reports"], 1);
  EXPECT_EQ(list["merged_reports"], 2);
  EXPECT_EQ(list["victims"], 7);
}

TEST_F(AsbReviewList, ApplicationsAndThePublishedYearlyFigures) {
  CommandResult r = List("json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json list = Json::parse(r.out);
  auto rows = ByFirstReference(list);
  // Hale applied in the window; Vale's application is after the as-of date.
  EXPECT_EQ(rows["H1"]["applied"], true);
  EXPECT_EQ(rows["H1"]["application_date"], "2024-06-15");
  EXPECT_EQ(rows["H1"]["decision"], "Threshold met, recommendations made");
  EXPECT_EQ(rows["V1"]["applied"], false);
  // April-March years, by the application's date.
  const Json& years = list["published_figures"];
  ASSERT_EQ(years.size(), 2u) << r.out;
  EXPECT_EQ(years[0], Json::parse(R"({"year":"2023-24","applications":2,"threshold_met":1,
                                      "reviews_held":1,"with_recommendations":0})"));
  EXPECT_EQ(years[1], Json::parse(R"({"year":"2024-25","applications":2,"threshold_met":2,
                                      "reviews_held":1,"with_recommendations":1})"));
  // A week later Vale's first report has left the window (and Vale's application of 1 July comes
  // too late to show): Vale is off the list.
  Json later = Json::parse(List("json", "2024-07-07").out);
  EXPECT_EQ(ByFirstReference(later).count("V1"), 0u);
  EXPECT_EQ(ByFirstReference(later).count("V2"), 0u);
  CommandResult table = List("table");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.err.find("case reviews 2024-25: 2 applications, 2 threshold met, 1 reviews held, "
                           "1 with recommendations"),
            std::string::npos)
      << table.err;
}

TEST_F(AsbReviewList, VictimsAreThePseudonymsThePartnerGetsAndNoIdentifierIsShown) {
  // The premises: the pseudonym `cairn pseudonymise --link VictimAddress` wrote for L1's row.
  const std::string sent = ReadText(dir_.File("council-sent.csv"));
  CsvReader reader(sent);
  CsvRecord record;
  ASSERT_TRUE(reader.Next(&record));
  const size_t premises_col =
      std::find(record.fields.begin(), record.fields.end(), "PremisesPseudonym") -
      record.fields.begin();
  std::string mill_lane;
  while (reader.Next(&record))
    if (record.fields.at(0) == "L1") mill_lane = std::string(record.fields.at(premises_col));
  ASSERT_EQ(mill_lane.size(), 64u);
  // Hale: as `cairn pseudonymise --link` gives a partner for the victim columns.
  ASSERT_EQ(
      RunCairn({"--db", db_, "pseudonymise", "--link", "VictimSurname+VictimForename+VictimDOB",
                "--link-name", "Victim", dir_.File("council-sent.csv"), dir_.File("victims.csv")})
          .exit_code,
      0);
  std::string hale;
  const std::string victims = ReadText(dir_.File("victims.csv"));
  CsvReader victim_reader(victims);
  ASSERT_TRUE(victim_reader.Next(&record));
  const size_t victim_col =
      std::find(record.fields.begin(), record.fields.end(), "Victim") - record.fields.begin();
  while (victim_reader.Next(&record))
    if (record.fields.at(0) == "H1") hale = std::string(record.fields.at(victim_col));
  CommandResult csv = List("csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_NE(csv.out.find(",premises," + mill_lane + ",E01900134,3,3,"), std::string::npos)
      << csv.out;
  EXPECT_NE(csv.out.find(",person," + hale + ",E01900134,3,3,"), std::string::npos) << csv.out;
  for (const char* format : {"csv", "json", "table"}) {
    CommandResult r = List(format);
    for (const char* identifier :
         {"Vale", "Hale", "Knox", "Mill Lane", "Fell View", "FL1", "01/01/1990", "1990-01-01"}) {
      EXPECT_EQ(r.out.find(identifier), std::string::npos) << format << ": " << identifier;
      EXPECT_EQ(r.err.find(identifier), std::string::npos) << format << ": " << identifier;
    }
  }
}

TEST(AsbReviewErrors, UsageErrorsNameNoIdentifier) {
  TempDir dir;
  const std::string db = NewStore(dir);
  CommandResult none = RunCairn({"--db", db, "list", "asb-review"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no ASB incidents with a date are loaded"), std::string::npos)
      << none.err;
  EXPECT_EQ(RunCairn({"--db", db, "list", "asb-review", "--as-of", "30/06/2024"}).exit_code, 2);
  EXPECT_EQ(RunCairn({"--db", db, "list", "asb-review", "--where", "x"}).exit_code, 2);
  // An extract still holding the address in clear is refused, and the refusal does not quote it.
  WriteText(dir.File("raw.csv"),
            std::string(kAsbHeader) + Report("V1", "01/06/2024", "01/06/2024", "Vale"));
  CommandResult raw = RunCairn({"--db", db, "ingest", "--profile",
                                std::string(CAIRN_SOURCE_DIR) + "/profiles/asb-incidents.toml",
                                dir.File("raw.csv")});
  EXPECT_NE(raw.exit_code, 0);
  EXPECT_NE(raw.err.find("PremisesPseudonym"), std::string::npos) << raw.err;
  for (const char* identifier : {"Vale", "Fell View", "FL1 1AA"})
    EXPECT_EQ(raw.err.find(identifier), std::string::npos) << identifier;
}

// The council's log in `dir`/council.csv, its addresses pseudonymised as the council would before
// sending, loaded into `db`; then the list as of 2024-06-30 as JSON.
CommandResult LoadCouncilLogAndList(const TempDir& dir, const std::string& db) {
  CommandResult sent =
      RunCairn({"--db", db, "pseudonymise", "--link", "VictimAddress", "--link-name",
                "PremisesPseudonym", dir.File("council.csv"), dir.File("sent.csv")});
  if (sent.exit_code != 0) return sent;
  CommandResult load = RunCairn({"--db", db, "ingest", "--profile",
                                 std::string(CAIRN_SOURCE_DIR) + "/profiles/asb-incidents.toml",
                                 dir.File("sent.csv")});
  if (load.exit_code != 0) return load;
  return RunCairn({"--db", db, "list", "asb-review", "--as-of", "2024-06-30", "--format", "json"});
}

// Two separate incidents one agency logs on the same day are two incidents (only another agency's
// report of the same incident is merged): with a third, the victim reaches the threshold.
TEST(AsbReviewSameDay, OneAgencysTwoIncidentsOnADayAreTwo) {
  TempDir dir;
  const std::string db = NewStore(dir);
  WriteText(dir.File("council.csv"), std::string(kAsbHeader) +
                                         Report("S1", "10/05/2024", "10/05/2024", "Shaw") +
                                         Report("S2", "10/05/2024", "10/05/2024", "Shaw") +
                                         Report("S3", "01/06/2024", "01/06/2024", "Shaw"));
  const CommandResult list = LoadCouncilLogAndList(dir, db);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const Json json = Json::parse(list.out);
  ASSERT_EQ(json["rows"].size(), 1u) << list.out;
  EXPECT_EQ(json["rows"][0]["why"].size(), 3u) << list.out;
}

// Reports the list cannot use as they stand are counted and said, each with its reason.
TEST(AsbReviewSameDay, ReportsThatCannotCountAreCountedInNotes) {
  TempDir dir;
  const std::string db = NewStore(dir);
  WriteText(dir.File("council.csv"), std::string(kAsbHeader) +
                                         Report("B1", "10/05/2024", "09/05/2024", "Shaw") +
                                         Report("U1", "11/05/2024", "soon", "Shaw") +
                                         Report("N1", "12/05/2024", "", "Shaw") +
                                         Report("Z1", "13/05/2024", "13/05/2024", "", ""));
  const CommandResult list = LoadCouncilLogAndList(dir, db);
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const std::string notes = Json::parse(list.out)["notes"].dump();
  for (const char* expected :
       {"1 reports in the window are dated before their incident",
        "1 reports in the window have a report date that is not a date",
        "1 reports in the window give no report date", "1 ASB reports name no victim"})
    EXPECT_NE(notes.find(expected), std::string::npos) << expected << "\n" << notes;
}

// A premises column that should hold pseudonyms but holds an address (a renamed column, a step
// missed) is rejected row by row, and the address is neither stored nor shown.
TEST(AsbReviewErrors, AnAddressInThePremisesPseudonymColumnIsRejectedUnseen) {
  TempDir dir;
  const std::string db = NewStore(dir);
  WriteText(dir.File("sent.csv"),
            "IncidentRef,IncidentDate,ReportedDate,Category,HateFlag,VictimSurname,VictimForename,"
            "VictimDOB,PremisesPseudonym,LSOA\n"
            "L1,15/01/2024 18:00,15/01/2024,Personal,N,,,,\"1 Mill Lane, Ravensby FL1 2BB\","
            "E01900134\n"
            "L2,15/02/2024 18:00,16/02/2024,Personal,N,,,," +
                std::string(64, 'a') + ",E01900134\n");
  CommandResult load = RunCairn({"--db", db, "ingest", "--profile",
                                 std::string(CAIRN_SOURCE_DIR) + "/profiles/asb-incidents.toml",
                                 dir.File("sent.csv")});
  EXPECT_EQ(load.exit_code, 3) << load.err;  // loaded, with a rejected row
  CommandResult rejects = RunCairn({"--db", db, "rejects"});
  ASSERT_EQ(rejects.exit_code, 0) << rejects.err;
  EXPECT_NE(rejects.out.find("PremisesPseudonym"), std::string::npos) << rejects.out;
  EXPECT_NE(rejects.out.find("is not a pseudonym"), std::string::npos) << rejects.out;
  CommandResult locations = RunCairn({"--db", db, "list", "repeat-locations", "--format", "csv"});
  CommandResult status = RunCairn({"--db", db, "status", "--json"});
  EXPECT_NE(status.out.find("\"events\": 1"), std::string::npos) << status.out;
  for (const CommandResult* r : {&load, &rejects, &locations, &status})
    for (const char* identifier : {"Mill Lane", "FL1 2BB"}) {
      EXPECT_EQ(r->out.find(identifier), std::string::npos) << identifier << r->out;
      EXPECT_EQ(r->err.find(identifier), std::string::npos) << identifier << r->err;
    }
}

// The synthetic county: every victim the generator planted over the threshold is listed (by the
// first report that counts), and none of those planted one day or one report short is.
TEST(AsbReviewSynth, TheListFindsWhatTheGeneratorPlanted) {
  TempDir dir;
  SynthOptions options;
  options.out_dir = dir.File("extracts");
  options.scale = 0.2;
  options.months = 12;
  options.threads = 1;
  auto summary = WriteSyntheticPartnership(options);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  ASSERT_EQ(summary->asb_over_threshold.size(), 6u);
  ASSERT_EQ(summary->asb_short_of_threshold.size(), 18u);
  const std::string db = NewStore(dir);
  const std::string profiles = std::string(CAIRN_SOURCE_DIR) + "/profiles/";
  for (const char* partner : {"council", "police"}) {
    const std::string log = std::string(partner) + "-asb-incidents.csv";
    ASSERT_EQ(RunCairn({"--db", db, "pseudonymise", "--link", "VictimAddress", "--link-name",
                        "PremisesPseudonym", options.out_dir + "/" + log, dir.File(log)})
                  .exit_code,
              0);
    std::vector<std::string> load = {
        "--db", db, "ingest", "--profile", profiles + "asb-incidents.toml", dir.File(log)};
    if (std::string(partner) == "police")
      load.insert(load.end() - 1, {"--source", "Fellshire Constabulary"});
    CommandResult r = RunCairn(load);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  CommandResult reviews =
      RunCairn({"--db", db, "ingest", "--profile", profiles + "asb-case-reviews.toml",
                options.out_dir + "/asb-case-reviews.csv"});
  ASSERT_EQ(reviews.exit_code, 0) << reviews.err;
  CommandResult r =
      RunCairn({"--db", db, "list", "asb-review", "--as-of", "2024-12-31", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json list = Json::parse(r.out);
  std::set<std::string> counted, listed;
  for (const Json& row : list["rows"])
    for (const Json& incident : row["why"])
      for (const Json& report : incident["reports"]) {
        listed.insert(report["reference"].get<std::string>());
        if (report["counted"]) counted.insert(report["reference"].get<std::string>());
      }
  for (const std::string& ref : summary->asb_over_threshold)
    EXPECT_EQ(counted.count(ref), 1u) << ref << " planted over the threshold";
  for (const std::string& ref : summary->asb_short_of_threshold)
    EXPECT_EQ(listed.count(ref), 0u) << ref << " planted short of the threshold";
  EXPECT_FALSE(list["published_figures"].empty());
  bool premises = false;
  for (const Json& row : list["rows"]) premises |= row["victim_type"] == "premises";
  EXPECT_TRUE(premises);
  EXPECT_EQ(r.out.find("Planted Row"), std::string::npos);
}

}  // namespace
}  // namespace cairn::testing
