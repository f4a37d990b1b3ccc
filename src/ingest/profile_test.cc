#include "ingest/profile.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <memory>  // before profile.h, which uses std::shared_ptr without including <memory>

#include "ingest/profile_rows.h"
#include "model/offence_codes.h"
#include "util/dates.h"
#include "util/files.h"

namespace cairn {
namespace {

namespace fs = std::filesystem;

// A file of 2024-01..03 with one record dated 2023-12 and two in 2024-05 covers January to March;
// a thin month inside the run, or a file of few rows a month, keeps its whole span.
TEST(CoveredMonths, LeaveOutAThinMonthAtEitherEnd) {
  const int32_t dec = MonthIndex(2023, 12), jan = MonthIndex(2024, 1);
  MonthsCovered c =
      CoveredMonths({{dec, 1}, {jan, 300}, {jan + 1, 280}, {jan + 2, 310}, {jan + 4, 2}});
  EXPECT_EQ(c.first, jan);
  EXPECT_EQ(c.last, jan + 2);
  EXPECT_EQ(c.stray, (std::vector<int32_t>{dec, jan + 4}));
  // A tenth of the median month (300 rows) is 30: 30 is kept, 29 is not.
  c = CoveredMonths({{dec, 30}, {jan, 300}, {jan + 1, 280}, {jan + 2, 310}});
  EXPECT_EQ(c.first, dec);
  EXPECT_TRUE(c.stray.empty());
  c = CoveredMonths({{dec, 29}, {jan, 300}, {jan + 1, 280}, {jan + 2, 310}});
  EXPECT_EQ(c.first, jan);
  c = CoveredMonths({{jan, 300}, {jan + 1, 3}, {jan + 2, 310}});
  EXPECT_EQ(c.first, jan);
  EXPECT_EQ(c.last, jan + 2);
  EXPECT_TRUE(c.stray.empty()) << "a thin month inside the file is a month of the file";
  c = CoveredMonths({{jan, 1}, {jan + 1, 2}, {jan + 2, 1}});
  EXPECT_EQ(c.first, jan);
  EXPECT_EQ(c.last, jan + 2);
  // Under 20 rows in the median month: one record is not told from a quiet month.
  c = CoveredMonths({{dec, 1}, {jan, 19}, {jan + 1, 19}, {jan + 2, 19}});
  EXPECT_EQ(c.first, dec);
  c = CoveredMonths({{dec, 1}, {jan, 20}, {jan + 1, 20}, {jan + 2, 20}});
  EXPECT_EQ(c.first, jan);
  // A training or referral log's quiet first month (a programme's first weeks) is its month.
  c = CoveredMonths({{dec, 2}, {jan, 33}, {jan + 1, 30}, {jan + 2, 31}}, false);
  EXPECT_EQ(c.first, dec);
  EXPECT_TRUE(c.stray.empty());
  c = CoveredMonths({});
  EXPECT_LT(c.last, c.first);
}

// A fresh directory per test, removed afterwards.
class ProfileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "cairn-profile-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    key_.bytes.fill(7);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    EXPECT_TRUE(WriteFile(path, text).ok());
    return path;
  }
  LoadedProfile Load(const std::string& toml) {
    auto profile = LoadProfile(Write("profile.toml", toml), CAIRN_SOURCE_DIR "/config");
    EXPECT_TRUE(profile.ok()) << profile.status().message();
    return profile.ok() ? profile.value() : LoadedProfile();
  }
  Result<Batch> Read(const LoadedProfile& profile, const std::string& data,
                     const std::string& file_name = "crime.csv") {
    return ReadWithProfile(profile, file_name, data, &key_, "");
  }

  std::string dir_;
  PartnershipKey key_;
};

const char* kCrimeProfile = R"(
[profile]
name = "test-crime"
version = 2
kind = "events"
source = "Testshire Police"
extract = "crime"

[defaults]
event_kind = "crime"

[fields]
reference    = "Ref"
offence_code = "Code"
start        = { column = "From", formats = ["%d/%m/%Y %H:%M"], required = true }
end          = { column = "To", formats = ["%d/%m/%Y %H:%M"] }
easting      = "E"
northing     = "N"
lsoa_code    = "LSOA"

[markers]
knife = "Knife"
child_exploitation = { columns = ["CSE", "CCE"] }

[[people]]
role = "victim"
link = ["Surname", "DOB"]
identifiers = ["Postcode"]
age = "Age"
sex = { column = "Sex", map = { "F" = "female", "M" = "male" } }
)";

const std::string kCrimeHeader =
    "Ref,Code,From,To,E,N,LSOA,Knife,CSE,CCE,Surname,DOB,Postcode,Age,Sex,Notes\n";

std::string CrimeRow(const std::string& ref, const std::string& code, const std::string& from,
                     const std::string& surname = "Smith", const std::string& notes = "") {
  return ref + "," + code + "," + from + ",,530000,180000,E01000001,N,N,Y," + surname +
         ",01/02/1990,CA1 1AA,34,F," + notes + "\n";
}

// --- Loading profiles ------------------------------------------------------------------------

TEST_F(ProfileTest, EachKindLoads) {
  const std::vector<std::pair<std::string, std::string>> profiles = {{"events", kCrimeProfile},
                                                                     {"referrals", R"([profile]
name = "r"
kind = "referrals"
[fields]
programme = "Programme"
referred = "Referred"
[[people]]
link = ["Name", "DOB"])"},
                                                                     {"outcomes", R"([profile]
name = "o"
kind = "outcomes"
[fields]
date = "Date"
outcome_type = { column = "Type", map = { "CHG" = "charge" } }
offence_code = "Code"
[[people]]
role = "offender"
link = ["Name"])"},
                                                                     {"areas", R"([profile]
name = "a"
kind = "areas"
[fields]
lsoa_code = "LSOA"
imd_rank = "Rank")"},
                                                                     {"population", R"([profile]
name = "p"
kind = "population"
[fields]
lsoa_code = "LSOA"
[population.columns]
"All" = { sex = "all", age_band = "all" }
"0 to 4" = { sex = "all", age_band = "0-4" })"}};
  for (const auto& [kind, toml] : profiles) {
    LoadedProfile profile = Load(toml);
    EXPECT_EQ(profile.kind, kind);
  }
  LoadedProfile crime = Load(kCrimeProfile);
  EXPECT_EQ(crime.name, "test-crime");
  EXPECT_EQ(crime.version, 2);
  EXPECT_EQ(crime.source, "Testshire Police");
  EXPECT_EQ(crime.extract, "crime");
}

TEST_F(ProfileTest, EveryShippedProfileParses) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(CAIRN_SOURCE_DIR) / "profiles")) {
    if (entry.path().extension() != ".toml") continue;
    auto profile = LoadProfile(entry.path().string());
    EXPECT_TRUE(profile.ok()) << profile.status().message();
    ++count;
  }
  EXPECT_GE(count, 11);
}

TEST_F(ProfileTest, UnknownFieldNamesFileKeyAndSuggestion) {
  std::string path = Write("x.toml", R"([profile]
name = "x"
kind = "events"
[defaults]
event_kind = "crime"
[fields]
strat = "From")");
  auto profile = LoadProfile(path);
  ASSERT_FALSE(profile.ok());
  EXPECT_EQ(profile.status().message(),
            path + ": [fields] \"strat\": unknown canonical field (did you mean \"start\"?)");
}

TEST_F(ProfileTest, EveryProblemInAProfileIsReported) {
  std::string path = Write("x.toml", R"([profile]
name = "x"
kind = "events"
delimiter = ";;"
[fields]
start = { column = "From", formats = ["%d/%q/%Y"] }
[markers]
knfe = "Knife"
[[people]]
role = "bystander"
link = ["Name"])");
  auto profile = LoadProfile(path);
  ASSERT_FALSE(profile.ok());
  EXPECT_EQ(profile.status().message(),
            path +
                ": [profile] \"delimiter\": expected one character, such as \",\" or \";\" or "
                "\"\\t\" for tab\n" +
                path +
                ": [fields] \"start.formats\": \"%d/%q/%Y\": unknown date specifier \"%q\" "
                "(expected %d %m %Y %y %H %M %S %b)\n" +
                path + ": [markers] \"knfe\": unknown marker (did you mean \"knife\"?)\n" + path +
                ": [people] \"role\": expected victim, suspect, offender, patient, witness or "
                "vulnerable\n" +
                path +
                ": [defaults] \"event_kind\": missing: events profiles need an event kind, "
                "either [defaults] event_kind = \"crime\" or [fields] event_kind = \"Column\"");
}

TEST_F(ProfileTest, FieldOfAnotherKindIsExplained) {
  std::string path = Write("x.toml", R"([profile]
name = "x"
kind = "areas"
[fields]
lsoa_code = "LSOA"
programme = "P")");
  auto profile = LoadProfile(path);
  ASSERT_FALSE(profile.ok());
  EXPECT_EQ(profile.status().message(),
            path +
                ": [fields] \"programme\": not a field of areas profiles (it belongs to "
                "referrals; fields here: lsoa_code, lsoa_name, district_code, district_name, "
                "csp, rural_urban, imd_rank, imd_decile)");
}

TEST_F(ProfileTest, TomlSyntaxErrorNamesFileAndLine) {
  std::string path = Write("x.toml", "[profile]\nname = \"x\nkind = \"events\"\n");
  auto profile = LoadProfile(path);
  ASSERT_FALSE(profile.ok());
  EXPECT_EQ(profile.status().message().rfind(path + " line 2: ", 0), 0u)
      << profile.status().message();
}

TEST(OffenceCodes, ListHoldsTheCodesTheDocsName) {
  auto codes = OffenceCodes::Load(std::string(CAIRN_SOURCE_DIR) + "/config/offence_codes.toml",
                                  "config/offence_codes.toml");
  ASSERT_TRUE(codes.ok()) << codes.status().message();
  for (const char* code :
       {"1",   "2",    "3A",   "3B",  "4/1", "4/2", "4/3", "4/4",  "4/6", "4/7", "4/8",
        "4/9", "4/10", "5D",   "5E",  "8L",  "8M",  "8N",  "8P",   "8Q",  "8R",  "8U",
        "104", "105A", "105B", "11",  "12",  "13",  "36",  "37/1", "10A", "10B", "10C",
        "10D", "19C",  "19D",  "19E", "19F", "19G", "19H", "17A",  "17B", "20A", "20B",
        "21",  "22B",  "23",   "34A", "34B", "28A", "28B", "28C",  "28D", "28E", "28F",
        "28G", "28H",  "29",   "30A", "30B", "56",  "58A", "58B",  "58C", "58D", "58E",
        "58F", "58G",  "58H",  "58J", "45",  "46",  "48",  "49",   "39",  "40",  "44",
        "92A", "92B",  "92D",  "92E", "66",  "9A",  "125", "126"})
    EXPECT_NE(codes->Find(code), nullptr) << code;
  EXPECT_EQ(codes->Find("8N")->group, "Violence and sexual offences");
  EXPECT_EQ(codes->Find("34B")->group, "Robbery");
  EXPECT_EQ(codes->Find("10D")->group, "Possession of weapons");
  EXPECT_EQ(codes->Find("99Z"), nullptr);
  EXPECT_EQ(NormaliseOffenceCode(" 08n "), "8N");
  EXPECT_EQ(NormaliseOffenceCode("4.10"), "4/10");
  EXPECT_EQ(NormaliseOffenceCode("105a"), "105A");
}

// --- Reading events --------------------------------------------------------------------------

TEST_F(ProfileTest, ReadsEventsWithMarkersPeopleAndGridCoordinates) {
  LoadedProfile profile = Load(kCrimeProfile);
  std::string data = kCrimeHeader + CrimeRow("CR1", "8N", "14/07/2023 22:05") +
                     CrimeRow("CR2", "34b", "02/08/2023 01:10", "");
  auto batch = Read(profile, data);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_TRUE(batch->rejects.empty());
  EXPECT_EQ(batch->rows_read, 2);
  EXPECT_EQ(batch->source, "Testshire Police");
  EXPECT_EQ(batch->extract, "crime");
  EXPECT_EQ(batch->profile, "test-crime v2");
  EXPECT_EQ(batch->period_from, "2023-07");
  EXPECT_EQ(batch->period_to, "2023-08");
  const EventColumns& events = batch->events;
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events.kind[0], static_cast<uint8_t>(EventKind::kCrime));
  EXPECT_EQ(events.month[0], MonthIndex(2023, 7));
  EXPECT_EQ(FormatDateTime(events.start_minute[0]), "2023-07-14 22:05");
  EXPECT_EQ(events.source_line[1], 3u);
  EXPECT_NEAR(events.longitude[0], -0.1284, 0.001);  // Westminster
  EXPECT_NEAR(events.latitude[0], 51.5040, 0.001);
  EXPECT_EQ(events.offence_code.at(1), "34B");
  EXPECT_EQ(events.category.at(0), "Violence and sexual offences");
  EXPECT_EQ(events.category.at(1), "Robbery");
  EXPECT_EQ(events.force.at(0), "Testshire Police");
  EXPECT_EQ(events.markers[0], kMarkerChildExploitation);
  // Row 2 names no victim (surname blank but DOB given still links) -> both rows have a person.
  ASSERT_EQ(batch->involvements.size(), 2u);
  EXPECT_EQ(batch->involvements[0].role, Role::kVictim);
  EXPECT_EQ(batch->involvements[0].age, 34);
  EXPECT_EQ(batch->involvements[0].sex, Sex::kFemale);
}

TEST_F(ProfileTest, PersonWithAllLinkColumnsBlankIsSkipped) {
  LoadedProfile profile = Load(kCrimeProfile);
  std::string data = kCrimeHeader +
                     "CR1,8N,14/07/2023 22:05,,,,,,,,,,,,,\n"
                     "CR2,8N,14/07/2023 22:05,,,,,,,,Smith,01/02/1990,,,,\n";
  auto batch = Read(profile, data);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_TRUE(batch->rejects.empty());
  ASSERT_EQ(batch->involvements.size(), 1u);
  EXPECT_EQ(batch->involvements[0].event_row, 1u);
  EXPECT_EQ(batch->persons.size(), 1u);
  EXPECT_TRUE(std::isnan(batch->events.longitude[0]));
}

TEST_F(ProfileTest, TruncatedFileIsRefusedNamingTheLine) {
  LoadedProfile profile = Load(kCrimeProfile);
  std::string data = kCrimeHeader + CrimeRow("CR1", "8N", "14/07/2023 22:05") +
                     CrimeRow("CR2", "8N", "14/07/2023 22:05") +
                     "CR3,8N,14/07/2023 22:05,,530000,180000,E01000001,N,N,Y,Smith,01/02/1990,"
                     "CA1 1AA,34,F,\"the extract stops in the mid";
  auto batch = Read(profile, data);
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message(),
            "crime.csv line 4: a quoted field is never closed (the file may be truncated); "
            "nothing from this file was loaded");
}

TEST_F(ProfileTest, QuotedNewlineLoadsAndLaterLineNumbersStayRight) {
  LoadedProfile profile = Load(kCrimeProfile);
  std::string data = kCrimeHeader +
                     CrimeRow("CR1", "8N", "14/07/2023 22:05", "Smith", "\"first line\nsecond\"") +
                     CrimeRow("CR2", "8N", "31/02/2023 10:00");
  auto batch = Read(profile, data);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_EQ(batch->rows_read, 2);
  EXPECT_EQ(batch->events.size(), 1u);
  ASSERT_EQ(batch->rejects.size(), 1u);
  EXPECT_EQ(batch->rejects[0].line, 4);
}

TEST_F(ProfileTest, WrongDelimiterIsNamed) {
  LoadedProfile profile = Load(kCrimeProfile);
  std::string data =
      "Ref;Code;From;To;E;N;LSOA;Knife;CSE;CCE;Surname;DOB;Postcode;Age;Sex\n"
      "CR1;8N;14/07/2023 22:05;;;;;;;;;;;;\n";
  auto batch = Read(profile, data);
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message(),
            "crime.csv: the header is a single column, but the profile names 15 columns; the file "
            "appears to use \";\" as its delimiter, not \",\" (set delimiter = \";\" in the "
            "profile)");
}

TEST_F(ProfileTest, EmptyFileIsRefused) {
  LoadedProfile profile = Load(kCrimeProfile);
  for (const char* data : {"", "\xEF\xBB\xBF", "\r\n\r\n"}) {
    auto batch = Read(profile, data);
    ASSERT_FALSE(batch.ok());
    EXPECT_EQ(batch.status().message(), "crime.csv: the file is empty");
  }
}

TEST_F(ProfileTest, HeaderWithoutRowsIsRefused) {
  LoadedProfile profile = Load(kCrimeProfile);
  auto batch = Read(profile, kCrimeHeader);
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message(), "crime.csv: the file has a header but no data rows");
}

TEST_F(ProfileTest, MissingColumnsAreNamedWithTheNearestHeaderName) {
  LoadedProfile profile = Load(kCrimeProfile);
  std::string data =
      "Ref,HOCode,From,To,E,N,LSOA,Knife,CSE,CCE,Surname,DOB,HomePostcodeArea,Age,Sex\n"
      "CR1,8N,14/07/2023 22:05,,,,,,,,,,,,\n";
  auto batch = Read(profile, data);
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message(),
            "crime.csv: column \"Code\" is not in the header (did you mean \"HOCode\"?)\n"
            "crime.csv: column \"Postcode\" is not in the header (nearest header name: "
            "\"HomePostcodeArea\")");
}

TEST_F(ProfileTest, FileForAnotherProfileIsNamedAsSuch) {
  LoadedProfile profile = Load(kCrimeProfile);
  auto batch =
      Read(profile, "LSOA21CD,LSOA21NM,LAD22CD\nE01000001,City of London 001A,E09000001\n");
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message(),
            "crime.csv: 15 of the 15 columns profile \"test-crime\" reads are not in the header "
            "(\"Ref\", \"From\", \"To\", ...); is this the right profile for this file?");
}

TEST_F(ProfileTest, BinaryJunkIsRefused) {
  LoadedProfile profile = Load(kCrimeProfile);
  std::string junk("PK\x03\x04\x14\x00\x06\x00", 8);
  junk += std::string(200, '\x01');
  auto batch = Read(profile, junk, "crime.xlsx");
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message(),
            "crime.xlsx: this is not a text/CSV file (it contains binary data)");
}

// Issue 15 item 18: each of these was accepted without a word.
TEST_F(ProfileTest, AFlagThatIsNeitherTrueNorFalseIsNoted) {
  LoadedProfile profile = Load(kCrimeProfile);
  std::string maybe2 = CrimeRow("CR2", "8N", "14/07/2023 22:05");
  maybe2.replace(maybe2.find(",N,N,Y,"), 7, ",maybe,N,Y,");
  std::string maybe3 = CrimeRow("CR3", "8N", "14/07/2023 22:05");
  maybe3.replace(maybe3.find(",N,N,Y,"), 7, ",N,perhaps,Y,");
  auto batch =
      Read(profile, kCrimeHeader + CrimeRow("CR1", "8N", "14/07/2023 22:05") + maybe2 + maybe3);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_EQ(batch->events.size(), 3u);
  EXPECT_EQ(batch->findings,
            std::vector<std::string>{
                "2 flag values are neither true (y, yes, true, 1) nor false (n, no, false, 0) nor "
                "blank (e.g. \"maybe\" in column \"Knife\" on line 3); they were counted as not "
                "set (add them to the marker's truthy list if they mean yes)"});
}

// A NUL byte near the start makes the file binary data (refused whole); one further in rejects its
// row.
TEST_F(ProfileTest, ANulByteRejectsTheRow) {
  LoadedProfile profile = Load(kCrimeProfile);
  std::string rows;
  for (int row_idx = 0; row_idx < 150; ++row_idx)
    rows += CrimeRow("CR" + std::to_string(row_idx), "8N", "14/07/2023 22:05");
  std::string nul = CrimeRow("CRX", "8N", "14/07/2023 22:05", "Smith", "note");
  nul.replace(nul.find("note"), 4, std::string("no\0te", 5));
  auto batch = Read(profile, kCrimeHeader + rows + nul);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_EQ(batch->events.size(), 150u);
  ASSERT_EQ(batch->rejects.size(), 1u);
  EXPECT_EQ(batch->rejects[0].line, 152);
  EXPECT_EQ(batch->rejects[0].column, "Notes");
  EXPECT_EQ(batch->rejects[0].reason,
            "holds a NUL byte (\\0), which text never does (is the file damaged?)");
}

// The first of two columns with one name used to win unseen.
TEST_F(ProfileTest, RepeatedHeaderNamesAreRefusedWhenReadAndNotedOtherwise) {
  LoadedProfile profile = Load(kCrimeProfile);
  std::string header = kCrimeHeader.substr(0, kCrimeHeader.size() - 1);
  std::string row = CrimeRow("CR1", "8N", "14/07/2023 22:05");
  row.pop_back();
  auto noted = Read(profile, header + ",Extra,extra\n" + row + ",a,b\n");
  ASSERT_TRUE(noted.ok()) << noted.status().message();
  EXPECT_EQ(noted->findings, std::vector<std::string>{
                                 "\"Extra\" is the name of 2 header columns (columns 17, 18); the "
                                 "profile reads none of them"});
  auto refused = Read(profile, header + ",REF\n" + row + ",CR9\n");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "crime.csv: \"Ref\" is the name of 2 header columns (columns 1, 17); the profile reads "
            "it, so which one is meant is unknown: rename the others");
}

// UTF-16 without a byte-order mark used to be called binary data.
TEST_F(ProfileTest, Utf16IsNamedWithOrWithoutAByteOrderMark) {
  LoadedProfile profile = Load(kCrimeProfile);
  std::string utf16;
  for (char c : kCrimeHeader + CrimeRow("CR1", "8N", "14/07/2023 22:05"))
    utf16 += std::string{c, '\0'};
  for (const std::string& data : {utf16, "\xFF\xFE" + utf16})
    EXPECT_EQ(Read(profile, data).status().message(),
              "crime.csv looks like UTF-16; save it as UTF-8 CSV");
}

TEST_F(ProfileTest, TenMegabyteFieldIsRejectedWithReason) {
  LoadedProfile profile = Load(kCrimeProfile);
  std::string huge(10u << 20, 'x');
  std::string data = kCrimeHeader + CrimeRow(huge, "8N", "14/07/2023 22:05") +
                     CrimeRow("CR2", "8N", "14/07/2023 22:05", huge) +
                     CrimeRow("CR3", "8N", "14/07/2023 22:05");
  auto batch = Read(profile, data);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_EQ(batch->events.size(), 1u);
  ASSERT_EQ(batch->rejects.size(), 2u);
  EXPECT_EQ(batch->rejects[0].line, 2);
  EXPECT_EQ(batch->rejects[0].column, "Ref");
  EXPECT_EQ(batch->rejects[0].value, std::string(40, 'x') + "...");
  EXPECT_EQ(batch->rejects[0].reason,
            "value is 10,485,760 characters long; at most 10,000 expected");
  EXPECT_EQ(batch->rejects[1].column, "Surname");
  EXPECT_EQ(batch->rejects[1].value, "");
  EXPECT_EQ(batch->rejects[1].reason,
            "value is 10,485,760 characters long; at most 10,000 expected (identifier, not shown)");
}

TEST_F(ProfileTest, ImpossibleDateIsRejected) {
  LoadedProfile profile = Load(kCrimeProfile);
  auto batch = Read(profile, kCrimeHeader + CrimeRow("CR1", "8N", "31/02/2023 10:00"));
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  ASSERT_EQ(batch->rejects.size(), 1u);
  const Reject& reject = batch->rejects[0];
  EXPECT_EQ(reject.line, 2);
  EXPECT_EQ(reject.column, "From");
  EXPECT_EQ(reject.value, "31/02/2023 10:00");
  EXPECT_EQ(reject.reason, "\"31/02/2023 10:00\" is not a valid date (expected dd/mm/yyyy HH:MM)");
  EXPECT_EQ(batch->rows_loaded(), 0);
}

TEST_F(ProfileTest, BadRowsAreRejectedWithPlainReasons) {
  LoadedProfile profile = Load(kCrimeProfile);
  std::string data = kCrimeHeader + CrimeRow("CR1", "99Z", "14/07/2023 22:05") +  // line 2
                     CrimeRow("CR2", "8N", "") +                                  // line 3
                     CrimeRow("CR3", "8N", "01/01/1850 10:00") +                  // line 4
                     CrimeRow("CR4", "8N", "01/01/2999 10:00") +                  // line 5
                     "CR5,8N,14/07/2023 22:05,14/07/2023 21:00,,,,,,,,,,,,\n"     // line 6
                     "CR6,8N,14/07/2023 22:05,,800000,180000,,,,,,,,,,\n"         // line 7
                     "CR7,8N,14/07/2023 22:05,,530000,,,,,,,,,,,\n"               // line 8
                     "CR8,8N,14/07/2023 22:05,,,,E0100,,,,,,,,,\n"                // line 9
                     "CR9,8N,14/07/2023 22:05,,,,,,,,Smith,01/02/1990,,130,F,\n"  // line 10
                     "CR10,8N,14/07/2023 22:05,,,,,,,,Smith,01/02/1990,,30,X,\n"  // line 11
                     "CR11,8N,14/07/2023 22:05,,,,,,,,,,,\n"                      // line 12
                     "CR12,8N,14/07/2023 22:05,,0,0,,,,,,,,,,\n";                 // line 13
  auto batch = Read(profile, data);
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_EQ(batch->events.size(), 0u);
  const std::vector<std::vector<std::string>> expected = {
      {"2", "Code", "99Z",
       "\"99Z\" is not a Home Office offence code in config/offence_codes.toml"},
      {"3", "From", "", "required value is blank"},
      {"4", "From", "01/01/1850 10:00", "\"01/01/1850 10:00\" is before 1900-01-01"},
      {"5", "From", "01/01/2999 10:00", ""},
      {"6", "To", "14/07/2023 21:00",
       "\"14/07/2023 21:00\" is before the start \"14/07/2023 22:05\" in column \"From\""},
      {"7", "E", "800000", "\"800000\" is outside Great Britain (easting 0 to 700,000 expected)"},
      {"8", "N", "", "blank, but easting is given (both or neither expected)"},
      {"9", "LSOA", "E0100",
       "\"E0100\" is not an LSOA code (expected E01 or W01 and six digits, e.g. E01000001)"},
      {"10", "Age", "130", "\"130\" is not an age (whole years from 0 to 120 expected)"},
      {"11", "Sex", "X",
       "\"X\" is not a sex the profile knows (expected F, M or U, or add it to sex.map)"},
      {"12", "", "", "expected 16 fields, found 14 (a truncated row or an unquoted comma?)"},
      {"13", "E", "0, 0",
       "easting, northing 0, 0 lies outside Great Britain (longitude -7.557, latitude 49.767)"}};
  ASSERT_EQ(batch->rejects.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const Reject& reject = batch->rejects[i];
    EXPECT_EQ(std::to_string(reject.line), expected[i][0]);
    EXPECT_EQ(reject.column, expected[i][1]) << "line " << reject.line;
    EXPECT_EQ(reject.value, expected[i][2]) << "line " << reject.line;
    if (!expected[i][3].empty()) {
      EXPECT_EQ(reject.reason, expected[i][3]);
    }
  }
  EXPECT_EQ(batch->rejects[3].reason.rfind("\"01/01/2999 10:00\" is in the future (the latest "
                                           "date accepted is ",
                                           0),
            0u)
      << batch->rejects[3].reason;
}

TEST_F(ProfileTest, IdentifierValuesNeverAppearInRejects) {
  LoadedProfile crime = Load(kCrimeProfile);
  std::string huge_name = "Ramsbottom" + std::string(20000, 'z');
  std::string data = kCrimeHeader + CrimeRow("CR1", "8N", "14/07/2023 22:05", huge_name) +
                     "CR2,8N,14/07/2023 22:05,,,,,,,,Ramsbottom,01/02/1990,CA9 9ZZ,130,F,\n";
  auto batch = Read(crime, data);
  ASSERT_TRUE(batch.ok()) << batch.status().message();

  LoadedProfile ed = Load(R"([profile]
name = "ed"
kind = "events"
[defaults]
event_kind = "ed_attendance"
[fields]
start = "Arrived"
[[people]]
role = "patient"
pseudonym = "PatientPseudonym"
)");
  auto ed_batch = Read(ed, "Arrived,PatientPseudonym\n01/03/2024 10:00,Ramsbottom-not-hex\n");
  ASSERT_TRUE(ed_batch.ok()) << ed_batch.status().message();
  ASSERT_EQ(ed_batch->rejects.size(), 1u);
  EXPECT_EQ(ed_batch->rejects[0].column, "PatientPseudonym");
  EXPECT_EQ(ed_batch->rejects[0].reason,
            "the value is not a pseudonym (expected 64 hexadecimal characters, as written by cairn "
            "pseudonymise) (identifier, not shown)");

  std::vector<Reject> rejects = batch->rejects;
  rejects.insert(rejects.end(), ed_batch->rejects.begin(), ed_batch->rejects.end());
  ASSERT_EQ(rejects.size(), 3u);
  for (const Reject& reject : rejects) {
    for (const char* secret : {"Ramsbottom", "01/02/1990", "CA9 9ZZ"}) {
      EXPECT_EQ(reject.value.find(secret), std::string::npos) << reject.reason;
      EXPECT_EQ(reject.reason.find(secret), std::string::npos) << reject.reason;
    }
  }
}

TEST_F(ProfileTest, Windows1252IsConvertedWhenDeclaredAndExplainedWhenNot) {
  const std::string toml = R"([profile]
name = "names"
kind = "areas"
encoding = "%s"
[fields]
lsoa_code = "LSOA"
lsoa_name = "Name"
)";
  const std::string data = "LSOA,Name\nE01000001,Zo\xEB's Corner\n";
  LoadedProfile declared =
      Load(toml.substr(0, toml.find("%s")) + "windows-1252" + toml.substr(toml.find("%s") + 2));
  auto batch = Read(declared, data, "names.csv");
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  ASSERT_EQ(batch->areas.size(), 1u);
  EXPECT_EQ(batch->areas[0].lsoa_name, "Zo\xC3\xAB's Corner");

  LoadedProfile undeclared =
      Load(toml.substr(0, toml.find("%s")) + "utf-8" + toml.substr(toml.find("%s") + 2));
  auto refused = Read(undeclared, data, "names.csv");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "names.csv line 2: the text is not valid UTF-8; if the file was saved by Excel as "
            "\"CSV\" it is probably Windows-1252: set encoding = \"windows-1252\" in the profile");
}

TEST_F(ProfileTest, IdentifiersNeedTheKey) {
  LoadedProfile profile = Load(kCrimeProfile);
  auto batch = ReadWithProfile(
      profile, "crime.csv", kCrimeHeader + CrimeRow("CR1", "8N", "14/07/2023 22:05"), nullptr, "");
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message(),
            "crime.csv: profile \"test-crime\" links people or premises by their identifiers, "
            "which needs the "
            "partnership key (create one with cairn init)");
}

TEST_F(ProfileTest, SourceOverrideReplacesTheProfilesSource) {
  LoadedProfile profile = Load(kCrimeProfile);
  auto batch = ReadWithProfile(profile, "crime.csv",
                               kCrimeHeader + CrimeRow("CR1", "8N", "14/07/2023 22:05"), &key_,
                               "Othershire Police");
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_EQ(batch->source, "Othershire Police");
  EXPECT_EQ(batch->events.force.at(0), "Othershire Police");
}

// --- Shipped profiles on hand-made samples ---------------------------------------------------

LoadedProfile Shipped(const std::string& name) {
  auto profile = LoadProfile(std::string(CAIRN_SOURCE_DIR) + "/profiles/" + name);
  EXPECT_TRUE(profile.ok()) << profile.status().message();
  return profile.ok() ? profile.value() : LoadedProfile();
}

TEST_F(ProfileTest, PoliceRecordedCrimeSample) {
  LoadedProfile profile = Shipped("police-recorded-crime.toml");
  std::string data =
      "CrimeReference,RecordType,HOOffenceCode,OffenceDescription,CommittedFrom,CommittedTo,"
      "Easting,Northing,LSOA,DAFlag,AlcoholFlag,DrugsFlag,KnifeFlag,FirearmFlag,CountyLinesFlag,"
      "NTEFlag,CSEFlag,CCEFlag,ChildrenPresent,VictimSurname,VictimForename,VictimDOB,VictimAge,"
      "VictimSex,VictimPostcode,SuspectSurname,SuspectForename,SuspectDOB,SuspectAge,SuspectSex,"
      "SuspectPNC,Outcome,PremisesAddress,VulnerableSurname,VulnerableForename,VulnerableDOB,"
      "VulnerableAge,VulnerableSex\n"
      "FC/23/1,CRIME,8N,Assault with injury,14/07/2023 22:05,14/07/2023 22:30,340000,555000,"
      "E01019126,Y,Y,N,Y,N,N,Y,N,Y,N,Smith,Jo,01/02/1990,33,F,CA1 1AA,Brown,Sam,03/04/1995,28,M,"
      "95/123456X,Charged,,,,,,\n"
      "FC/23/2,CRIME,58A,Criminal damage to a dwelling,15/07/2023,,340100,555100,E01019126,N,N,N,"
      "N,N,N,N,N,N,N,Jones,Al,05/06/1970,53,M,CA2 2BB,,,,,,,Under investigation,"
      "\"12 Mill Lane, FL1 2AB\",Tarn,Bry,07/08/1960,63,F\n"
      "FC/23/3,CRIME,92A,Trafficking in controlled drugs,16/07/2023,,340100,555100,E01019126,N,N,"
      "Y,N,N,Y,N,N,N,N,,,,,,,Pike,Dag,09/10/1999,23,M,,Charged,12  MILL LANE FL1 2AB,,,,,\n";
  auto batch = Read(profile, data, "police-recorded-crime.csv");
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_TRUE(batch->rejects.empty()) << batch->rejects[0].reason;
  EXPECT_EQ(batch->source, "Fellshire Constabulary");
  EXPECT_EQ(batch->profile, "police-recorded-crime v1");
  const EventColumns& events = batch->events;
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events.markers[0], kMarkerDomesticAbuse | kMarkerAlcohol | kMarkerKnife |
                                   kMarkerNightTimeEconomy | kMarkerChildExploitation);
  EXPECT_EQ(events.category.at(1), "Criminal damage and arson");
  EXPECT_EQ(events.outcome.at(0), "Charged");
  EXPECT_NEAR(events.latitude[0], 54.88, 0.05);
  // victim + suspect; a victim and a vulnerable tenant; a suspect alone.
  ASSERT_EQ(batch->involvements.size(), 5u);
  EXPECT_EQ(batch->involvements[1].role, Role::kSuspect);
  EXPECT_EQ(batch->involvements[1].sex, Sex::kMale);
  EXPECT_EQ(batch->involvements[3].role, Role::kVulnerable);
  EXPECT_EQ(batch->involvements[3].age, 63);
  // The premises is stored only as the pseudonym `cairn pseudonymise --link` makes of the address
  // (the same for both spellings), never in clear; a crime without one has no location.
  EXPECT_EQ(events.location.at(0), "");
  const std::string address = "12 Mill Lane, FL1 2AB";
  EXPECT_EQ(events.location.at(1), PseudonymToHex(MakePseudonym(key_, {address})));
  EXPECT_EQ(events.location.at(2), events.location.at(1));
  for (size_t row = 0; row < events.size(); ++row)
    for (const StringColumn* column : {&events.location, &events.context, &events.reference})
      EXPECT_EQ(column->at(row).find("Mill"), std::string::npos);
}

TEST_F(ProfileTest, PremisesIsAnIdentifier) {
  const std::string base = R"(
[profile]
name = "p"
kind = "events"
source = "Test"
extract = "test"
[defaults]
event_kind = "crime"
[fields]
reference = "Ref"
premises = "Address"
)";
  // Both location and premises: the premises' pseudonym is the location.
  auto both =
      LoadProfile(Write("both.toml", base + "location = \"Street\"\n"), CAIRN_SOURCE_DIR "/config");
  ASSERT_FALSE(both.ok());
  EXPECT_NE(both.status().message().find("map either \"location\" or \"premises\""),
            std::string::npos)
      << both.status().message();
  // Another field reading the address would store it in clear.
  auto clear = LoadProfile(Write("clear.toml", base + "context = \"address\"\n"),
                           CAIRN_SOURCE_DIR "/config");
  ASSERT_FALSE(clear.ok());
  EXPECT_NE(clear.status().message().find("is the premises (an address)"), std::string::npos)
      << clear.status().message();
  // A partner's pseudonym that is not one is rejected without being quoted.
  LoadedProfile pseudonymised = Load(
      "[profile]\nname = \"p\"\nkind = \"events\"\nsource = \"T\"\nextract = \"t\"\n"
      "[defaults]\nevent_kind = \"crime\"\n[fields]\nreference = \"Ref\"\n"
      "premises = { column = \"Premises\", pseudonym = true }\n");
  auto batch =
      ReadWithProfile(pseudonymised, "x.csv", "Ref,Premises\nA,9 Fell Road\n", nullptr, "");
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  ASSERT_EQ(batch->rejects.size(), 1u);
  EXPECT_EQ(batch->rejects[0].value, "");
  EXPECT_EQ(batch->rejects[0].reason.find("Fell"), std::string::npos) << batch->rejects[0].reason;
  // An address in clear needs the key.
  LoadedProfile clear_address = Load(base);
  auto keyless =
      ReadWithProfile(clear_address, "x.csv", "Ref,Address\nA,9 Fell Road\n", nullptr, "");
  EXPECT_FALSE(keyless.ok());
}

TEST_F(ProfileTest, EdIstvSampleReadsPseudonymsAndKnifeMarker) {
  LoadedProfile profile = Shipped("ed-istv.toml");
  const std::string pseudonym(64, 'a');
  std::string data =
      "SiteCode,ReportingPeriodStart,ReportingPeriodEnd,ArrivalDateTime,AssaultDateTime,"
      "AssaultMethod,AssaultMethodOther,AssaultLocationType,AssaultLocationDescription,"
      "PatientPseudonym,Age,Sex,LSOA\n"
      "RNN01,01/03/2024,31/03/2024,02/03/2024 01:30,02/03/2024 00:45,Knife/sharp object,,"
      "Public place,Outside a bar," +
      pseudonym +
      ",19,M,E01019126\n"
      "RNN01,01/03/2024,31/03/2024,03/03/2024 02:00,2024-03-03 01:15,Body part,,Home,,,45,F,\n";
  auto batch = Read(profile, data, "ed-istv.csv");
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_TRUE(batch->rejects.empty()) << batch->rejects[0].reason;
  const EventColumns& events = batch->events;
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events.kind[0], static_cast<uint8_t>(EventKind::kEdAttendance));
  EXPECT_EQ(events.markers[0], kMarkerKnife);
  EXPECT_EQ(events.markers[1], 0);
  EXPECT_EQ(events.weapon.at(0), "Knife/sharp object");
  EXPECT_EQ(events.location.at(1), "Home");
  EXPECT_EQ(events.reported_by.at(0), "RNN01");
  ASSERT_EQ(batch->involvements.size(), 1u);
  EXPECT_EQ(batch->involvements[0].role, Role::kPatient);
  EXPECT_EQ(batch->involvements[0].age, 19);
  Pseudonym expected;
  expected.fill(0xaa);
  EXPECT_EQ(batch->persons[0], expected);
}

TEST_F(ProfileTest, ReferralsAndOutcomesSamples) {
  LoadedProfile referrals = Shipped("referrals.toml");
  auto r = Read(referrals,
                "ReferralID,Programme,Agency,Surname,Forename,DOB,ReferredDate,StartDate,EndDate,"
                "Outcome\n"
                "R1,Turnaround,Youth Justice,Smith,Jo,01/02/2008,03/01/2024,10/01/2024,,\n"
                "R2,DAPP,Probation,,,,04/01/2024,,,\n"
                "R3,DAPP,Probation,Brown,Sam,03/04/1995,05/02/2024,10/02/2024,01/02/2024,\n",
                "referrals.csv");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->referrals.size(), 1u);
  EXPECT_EQ(r->referrals[0].programme, "Turnaround");
  EXPECT_EQ(FormatDate(r->referrals[0].referred), "2024-01-03");
  EXPECT_EQ(r->referrals[0].source_line, 2u);
  EXPECT_EQ(r->period_from, "2024-01");
  ASSERT_EQ(r->rejects.size(), 2u);
  EXPECT_EQ(r->rejects[0].reason,
            "blank: the row identifies no person (Surname, Forename, DOB are all blank)");
  EXPECT_EQ(r->rejects[1].column, "EndDate");

  LoadedProfile outcomes = Shipped("justice-outcomes.toml");
  auto o = Read(outcomes,
                "Surname,Forename,DOB,PNC,OutcomeDate,OutcomeType,HOOffenceCode\n"
                "Smith,Jo,01/02/1990,95/1X,03/01/2024,Conviction,8N\n"
                "Smith,Jo,01/02/1990,95/1X,04/01/2024,Fine,8N\n",
                "outcomes.csv");
  ASSERT_TRUE(o.ok()) << o.status().message();
  ASSERT_EQ(o->outcomes.size(), 1u);
  EXPECT_EQ(o->outcomes[0].type, "conviction");
  EXPECT_EQ(o->outcomes[0].offence_code, "8N");
  ASSERT_EQ(o->rejects.size(), 1u);
  EXPECT_EQ(o->rejects[0].reason,
            "\"Fine\" is not an outcome type (expected charge, caution or conviction; map it with "
            "outcome_type.map in the profile)");
}

// A training log: each good row is one attendance with its attendee pseudonymised, each bad row
// one reject naming the line, the column, the value (never an identifier's) and what was expected.
TEST_F(ProfileTest, TrainingLogGoodAndBadRows) {
  LoadedProfile training = Shipped("training.toml");
  auto r =
      Read(training,
           "AttendeeName,AttendeeEmail,Agency,Course,Date,UnderstandingBefore,"
           "UnderstandingAfter,Feedback\n"
           "Ada Fellwright,ada.fellwright@council.example,Council,Trauma-informed practice,"
           "03/01/2024,3,8,5\n"
           "Ada Fellwright,ada.fellwright@council.example,Council,Trauma-informed practice,"
           "09/02/2024,,,\n"
           "Bo Tarnside,bo.tarnside@nhs.example,NHS,Trauma-informed practice,04/01/2024,3,11,4\n"
           "Cy Brackmoor,cy.brackmoor@police.example,Police,Trauma-informed practice,"
           "04/01/2024,2,6,0\n"
           "Di Hollinfell,di.hollinfell@police.example,Police,,04/01/2024,2,6,4\n"
           ",,Police,Trauma-informed practice,04/01/2024,2,6,4\n"
           "Ed Scarrow,ed.scarrow@yjs.example,YJS,Trauma-informed practice,31/02/2024,2,6,4\n"
           "Fi Gaitskell,fi.gaitskell@yjs.example,YJS,Trauma-informed practice,05/01/2024,"
           "four,6,4\n",
           "training.csv");
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->training.size(), 2u);
  const TrainingAttendance& first = r->training[0];
  EXPECT_EQ(first.agency, "Council");
  EXPECT_EQ(first.course, "Trauma-informed practice");
  EXPECT_EQ(FormatDate(first.date), "2024-01-03");
  EXPECT_EQ(first.before, 3);
  EXPECT_EQ(first.after, 8);
  EXPECT_EQ(first.feedback, 5);
  EXPECT_EQ(first.understanding_scale, 10);
  EXPECT_EQ(first.feedback_scale, 5);
  EXPECT_EQ(first.source_line, 2u);
  // The same professional twice: one pseudonym, made from the name and email with the key.
  EXPECT_EQ(r->training[1].attendee, first.attendee);
  EXPECT_EQ(first.attendee,
            MakePseudonym(key_, {"Ada Fellwright", "ada.fellwright@council.example"}));
  EXPECT_EQ(r->training[1].before, 0);  // blank
  EXPECT_TRUE(r->persons.empty()) << "professionals are not people of the event data";
  EXPECT_EQ(r->period_from, "2024-01");
  EXPECT_EQ(r->period_to, "2024-02");
  ASSERT_EQ(r->rejects.size(), 6u);
  auto reject = [&](size_t i) {
    const Reject& j = r->rejects[i];
    return std::to_string(j.line) + " " + j.column + " [" + j.value + "] " + j.reason;
  };
  EXPECT_EQ(reject(0),
            "4 UnderstandingAfter [11] \"11\" is not a score on the scale from 1 to 10 (a whole "
            "number expected, or blank)");
  EXPECT_EQ(reject(1),
            "5 Feedback [0] \"0\" is not a score on the scale from 1 to 5 (a whole number "
            "expected, or blank)");
  EXPECT_EQ(reject(2), "6 Course [] required value is blank");
  EXPECT_EQ(reject(3),
            "7 AttendeeName [] blank: the row identifies no person (AttendeeName, AttendeeEmail "
            "are all blank)");
  EXPECT_EQ(reject(4).rfind("8 Date [31/02/2024] \"31/02/2024\" is not a valid date", 0), 0u)
      << reject(4);
  EXPECT_EQ(reject(5),
            "9 UnderstandingBefore [four] \"four\" is not a score on the scale from 1 to 10 (a "
            "whole number expected, or blank)");
  for (const Reject& j : r->rejects)
    for (const char* name : {"Fellwright", "Tarnside", "Brackmoor", "Hollinfell", "Scarrow"})
      EXPECT_EQ((j.value + j.reason).find(name), std::string::npos) << j.reason;
}

TEST_F(ProfileTest, TrainingProfilesStateTheirScales) {
  const std::string head = R"([profile]
name = "log"
kind = "training"

[[people]]
link = ["Name"]

[fields]
agency = "Agency"
course = "Course"
date = "Date"
)";
  auto bad = LoadProfile(
      Write("bad.toml", head + R"(understanding_before = { column = "Before", scale = 10 }
understanding_after = { column = "After", scale = 5 }
feedback = { column = "Feedback", scale = 1 }
)"));
  ASSERT_FALSE(bad.ok());
  const std::string message = bad.status().message();
  EXPECT_NE(message.find("[fields] \"feedback.scale\": expected the top of the scale, a whole "
                         "number from 2 to 100 (5 for 1-5)"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("[fields] \"understanding_after\": scale 5 differs from "
                         "understanding_before's 10: the change is read on one scale, the same "
                         "before and after"),
            std::string::npos)
      << message;
  auto no_course = LoadProfile(Write("nocourse.toml", R"([profile]
name = "log"
kind = "training"

[[people]]
link = ["Name"]

[fields]
agency = "Agency"
date = "Date"
understanding_before = "Before"
)"));
  ASSERT_FALSE(no_course.ok());
  EXPECT_NE(
      no_course.status().message().find(
          "[fields] \"course\": missing: every attendance in a training log needs its course"),
      std::string::npos)
      << no_course.status().message();
  EXPECT_NE(no_course.status().message().find(
                "[fields] \"understanding_before\": missing \"scale\": the top of the scale"),
            std::string::npos)
      << no_course.status().message();
}

TEST_F(ProfileTest, AreasFoldIdenticalRepeatsAndRejectConflicts) {
  LoadedProfile profile = Shipped("lsoa-lookup.toml");
  auto batch =
      Read(profile,
           "LSOA21CD,LSOA21NM,LAD22CD,LAD22NM,CSP,RUC11\n"
           "E01019126,Allerdale 001A,E07000026,Allerdale,West Cumbria,Urban city and town\n"
           "E01019126,Allerdale 001A,E07000026,Allerdale,West Cumbria,Urban city and town\n"
           "E01019126,Allerdale 001A,E07000028,Carlisle,West Cumbria,Urban city and town\n",
           "lookup.csv");
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_EQ(batch->areas.size(), 1u);
  EXPECT_EQ(batch->areas[0].csp, "West Cumbria");
  EXPECT_TRUE(batch->period_from.empty());
  ASSERT_EQ(batch->rejects.size(), 1u);
  EXPECT_EQ(batch->rejects[0].reason,
            "\"E01019126\" appears again with different values (first on line 2)");
  ASSERT_EQ(batch->findings.size(), 1u);
  EXPECT_EQ(batch->findings[0],
            "1 row repeats an LSOA already read with identical values (e.g. E01019126); each LSOA "
            "is kept once");
}

// --- The real public files -------------------------------------------------------------------

struct RealFile {
  const char* profile;
  const char* path;  // under CAIRN_SHARED_DIR/data/real
  long rows;
};

class RealFiles : public ::testing::TestWithParam<RealFile> {};

TEST_P(RealFiles, LoadWithEveryRowAndNoRejects) {
  const RealFile& file = GetParam();
  const fs::path path = fs::path(CAIRN_SHARED_DIR) / "data/real" / file.path;
  if (!fs::exists(path)) GTEST_SKIP() << path << " is not present";
  auto data = ReadFile(path.string());
  ASSERT_TRUE(data.ok()) << data.status().message();
  LoadedProfile profile = Shipped(file.profile);
  auto batch = ReadWithProfile(profile, path.filename().string(), *data, nullptr, "");
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_EQ(batch->rows_read, file.rows);
  EXPECT_EQ(batch->rows_loaded(), file.rows);
  ASSERT_TRUE(batch->rejects.empty())
      << batch->rejects.size() << " rejects; first: line " << batch->rejects[0].line << " "
      << batch->rejects[0].column << ": " << batch->rejects[0].reason;
  EXPECT_TRUE(batch->period_from.empty());
  EXPECT_EQ(batch->source, profile.source);
}

INSTANTIATE_TEST_SUITE_P(
    Profile, RealFiles,
    ::testing::Values(
        RealFile{"census2021-ts007a.toml", "census2021-iyy18/census2021-ts007a-lsoa.csv", 35672},
        RealFile{"census2021-ts008.toml", "census2021-iyy18/census2021-ts008-lsoa.csv", 35672},
        RealFile{"imd2019-file1.toml",
                 "iod2019-energyflex/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv", 32844},
        RealFile{"ons-lsoa11-lsoa21-lad.toml", "geography-db/lsoa11_to_lsoa21_to_lad.csv", 34753},
        RealFile{"ons-lsoa11-rural-urban.toml",
                 "geography-db/lsoa11_rural_urban_classification.csv", 34753},
        RealFile{"ons-lsoa21-utla23.toml", "geography-db/lsoa21_to_utla23.csv", 35672}),
    [](const ::testing::TestParamInfo<RealFile>& info) {
      std::string name;  // "census2021_ts007a" from "census2021-ts007a.toml"
      for (const char* c = info.param.profile; *c && *c != '.'; ++c)
        name += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '_';
      return name;
    });

TEST(RealFileContents, CensusAndImdValuesComeThrough) {
  const fs::path real = fs::path(CAIRN_SHARED_DIR) / "data/real";
  if (!fs::exists(real)) GTEST_SKIP() << real << " is not present";
  auto ts007a = ReadFile((real / "census2021-iyy18/census2021-ts007a-lsoa.csv").string());
  ASSERT_TRUE(ts007a.ok());
  auto census =
      ReadWithProfile(Shipped("census2021-ts007a.toml"), "ts007a.csv", *ts007a, nullptr, "");
  ASSERT_TRUE(census.ok()) << census.status().message();
  ASSERT_EQ(census->populations.size(), 35672u * 19);
  EXPECT_EQ(census->populations[0].lsoa_code, "E01000001");
  EXPECT_EQ(census->populations[0].age_band, "all");
  EXPECT_EQ(census->populations[0].population, 1473);
  EXPECT_EQ(census->populations[18].age_band, "85+");
  EXPECT_EQ(census->populations[18].population, 35);

  auto file1 = ReadFile(
      (real / "iod2019-energyflex/File_1_-_IMD2019_Index_of_Multiple_Deprivation.csv").string());
  ASSERT_TRUE(file1.ok());
  auto imd = ReadWithProfile(Shipped("imd2019-file1.toml"), "file1.csv", *file1, nullptr, "");
  ASSERT_TRUE(imd.ok()) << imd.status().message();
  ASSERT_EQ(imd->areas.size(), 32844u);
  EXPECT_EQ(imd->areas[0].lsoa_code, "E01000001");
  EXPECT_EQ(imd->areas[0].imd_rank, 29199);
  EXPECT_EQ(imd->areas[0].imd_decile, 9);
}

}  // namespace
}  // namespace cairn

namespace cairn {
namespace {

// Regression: a profile that mapped an identifier column to a stored field would have stored it in
// clear (found by the privacy test's mutation check).
TEST(ProfileSafety, IdentifierColumnCannotFeedAStoredField) {
  std::string path = (fs::temp_directory_path() / "cairn-unsafe-profile.toml").string();
  ASSERT_TRUE(WriteFile(path, R"(
[profile]
name = "unsafe"
kind = "events"
source = "Test"
extract = "test"
[defaults]
event_kind = "crime"
[fields]
context = "SuspectPNC"
[[people]]
role = "suspect"
link = ["Surname", "DOB"]
identifiers = ["SuspectPNC"]
)")
                  .ok());
  auto profile = LoadProfile(path);
  fs::remove(path);
  ASSERT_FALSE(profile.ok());
  EXPECT_NE(profile.status().message().find(
                "[fields] \"context\": column \"SuspectPNC\" is an identifier (in [[people]]) and "
                "must never be stored; map the field to another column or remove it"),
            std::string::npos)
      << profile.status().message();
}

const char kVictimProfile[] = R"(
[profile]
name = "case"
kind = "events"
source = "Test"
extract = "test"
[defaults]
event_kind = "crime"
[fields]
reference = "Ref"
start = { column = "Date", formats = ["%Y-%m-%d"] }
outcome = "Outcome"
[[people]]
role = "victim"
link = ["VictimSurname", "VictimDOB"]
)";

// Issue 15 item 3: header columns match a profile ignoring case, so the identifier rule must too.
TEST(ProfileSafety, AnIdentifierSpelledInAnotherCaseCannotFeedAStoredField) {
  std::string path = (fs::temp_directory_path() / "cairn-case-profile.toml").string();
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"outcome = \"Outcome\"", "outcome = \"VICTIMDOB\""},
           {"reference = \"Ref\"", "reference = \" victimsurname \""}}) {
    std::string text = kVictimProfile;
    text.replace(text.find(from), from.size(), to);
    ASSERT_TRUE(WriteFile(path, text).ok());
    auto profile = LoadProfile(path);
    ASSERT_FALSE(profile.ok()) << to;
    EXPECT_NE(profile.status().message().find("is an identifier"), std::string::npos)
        << profile.status().message();
  }
  fs::remove(path);
}

// The converter checks the columns it really reads, whatever the profile check let through.
TEST(ProfileSafety, TheConverterRefusesToReadAnIdentifierColumnIntoAField) {
  std::string path = (fs::temp_directory_path() / "cairn-case-profile2.toml").string();
  ASSERT_TRUE(WriteFile(path, kVictimProfile).ok());
  auto profile = LoadProfile(path);
  fs::remove(path);
  ASSERT_TRUE(profile.ok()) << profile.status().message();
  Profile mutated = *profile->profile;
  for (FieldSpec& f : mutated.fields)
    if (f.name == "outcome") f.column = "victimdob";
  Batch batch;
  batch.source = "Test";
  const std::vector<std::string> header = {"Ref", "Date", "Outcome", "VictimSurname", "VictimDOB"};
  PartnershipKey key{};
  RowConverter converter(mutated, header, &key, &batch);
  Status st = converter.Init();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("field \"outcome\" reads column \"victimdob\""), std::string::npos)
      << st.message();
}

// --- Published tables (figures and district-lookup profiles) ---

const char* kLookupProfile = R"(
[profile]
name = "lookup"
kind = "district-lookup"
[fields]
district_code = "lad"
csp_code = "csp"
force_code = "pfa"
force_name = "pfa_name"
)";

TEST_F(ProfileTest, ALookupRowWithABlankDistrictIsARejectNotANote) {
  auto batch = Read(Load(kLookupProfile),
                    "lad,csp,pfa,pfa_name\nE06000063,E22000001,E23000002,Cumbria\n"
                    ",E22000002,E23000002,Cumbria\n,,,\n",
                    "lookup.csv");
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  EXPECT_EQ(batch->district_links.size(), 1u);
  ASSERT_EQ(batch->rejects.size(), 1u);  // the wholly blank line is not a row at all
  EXPECT_EQ(batch->rejects[0].line, 3);
  EXPECT_EQ(batch->rejects[0].column, "lad");
  EXPECT_NE(batch->rejects[0].reason.find("blank"), std::string::npos);
}

const char* kPopulationTable = R"(
[profile]
name = "p3"
kind = "figures"
find_header = ["Code"]
[fields]
area_code = "Code"
[figures]
level = "force"
period_from_title = "year-ending"
[figures.columns]
"Population figures*" = { measure = "population-rounded", period = "from-heading" }
)";

TEST_F(ProfileTest, AHeadingPrefixFindsOneColumnAndItsPeriodButNeverTwo) {
  LoadedProfile profile = Load(kPopulationTable);
  auto batch = Read(profile,
                    "Table P3: rates, year ending March 2018\nCode,Population figures (mid-2016) "
                    "rounded to 100\nE23000002,498800\n",
                    "p3.csv");
  ASSERT_TRUE(batch.ok()) << batch.status().message();
  ASSERT_EQ(batch->figures.size(), 1u);
  EXPECT_EQ(batch->figures[0].measure, "population-rounded-mid-2016");
  EXPECT_EQ(batch->figures[0].period, "2018-03");
  auto two = Read(profile,
                  "year ending March 2018\nCode,Population figures (mid-2016),Population figures "
                  "(mid-2017)\nE23000002,498800,498400\n",
                  "p3.csv");
  ASSERT_FALSE(two.ok());
  EXPECT_NE(two.status().message().find("matches 2 headings"), std::string::npos)
      << two.status().message();
  // Outside [figures.columns] a name ending in * is refused when the profile is loaded.
  std::string with_star = kLookupProfile;
  with_star.replace(with_star.find("\"pfa_name\""), 10, "\"pfa name*\"");
  auto refused = LoadProfile(Write("star.toml", with_star), CAIRN_SOURCE_DIR "/config");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("allowed only in [figures.columns]"), std::string::npos)
      << refused.status().message();
}

TEST_F(ProfileTest, ATablePeriodComesFromTheFileNameNotItsFolders) {
  std::string profile = kPopulationTable;
  profile.replace(profile.find("\"year-ending\""), 13, "\"mid-year\"");
  profile.replace(profile.find("\"Population figures*\" = { measure = \"population-rounded\", "
                               "period = \"from-heading\" }"),
                  std::string("\"Population figures*\" = { measure = \"population-rounded\", "
                              "period = \"from-heading\" }")
                      .size(),
                  "\"All ages\" = { measure = \"population\" }");
  LoadedProfile loaded = Load(profile);
  const std::string table = "Code,All ages\nE06000063,280495\n";
  auto from_name = Read(loaded, table, "data/mye24tablesew.csv");
  ASSERT_TRUE(from_name.ok()) << from_name.status().message();
  EXPECT_EQ(from_name->figures[0].period, "2024");
  auto from_folder = Read(loaded, table, "mid-2019/estimates.csv");
  ASSERT_FALSE(from_folder.ok());
  EXPECT_NE(from_folder.status().message().find("do not say which mid-year"), std::string::npos)
      << from_folder.status().message();
}

}  // namespace
}  // namespace cairn
