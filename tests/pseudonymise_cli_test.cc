// End-to-end: runs the built `cairn pseudonymise` on a small extract (invented people only).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ingest/pseudonymise.h"
#include "util/csv.h"
#include "util/strings.h"

namespace cairn {
namespace {

namespace fs = std::filesystem;

class PseudonymiseCli : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "cairn-pseudo-cli-XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    ASSERT_TRUE(CreateKeyFile(Path("K")).ok());
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  void Write(const std::string& name, const std::string& text) const {
    std::ofstream(Path(name), std::ios::binary) << text;
  }
  std::string Read(const std::string& name) const {
    std::ifstream in(Path(name), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  // Runs `cairn <args>` in the temp directory; returns the exit code, stderr in err_.
  int Cairn(const std::string& args) {
    std::string cmd = "cd '" + dir_ + "' && '" CAIRN_BINARY "' " + args + " 2> err.txt";
    int status = std::system(cmd.c_str());
    err_ = Read("err.txt");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Parses a CSV file into rows of fields.
  std::vector<std::vector<std::string>> Rows(const std::string& name) const {
    std::string data = Read(name);
    CsvReader reader(data);
    CsvRecord rec;
    std::vector<std::vector<std::string>> rows;
    while (reader.Next(&rec)) rows.emplace_back(rec.fields.begin(), rec.fields.end());
    EXPECT_TRUE(reader.status().ok()) << reader.status().message();
    return rows;
  }

  std::string dir_;
  std::string err_;
};

bool IsHex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

// Rows 1 and 3 are the same (invented) person written two ways; row 4 has no identifiers at all.
const char kInput[] =
    "Ref,Surname,Forename,DOB,NHSNumber,Age,Outcome\r\n"
    "R1,O'Neil,José,13/04/1990,485 777 3456,33,\"Seen, discharged\"\r\n"
    "R2,Smith,Anna,02/02/1985,,38,Admitted\r\n"
    "R3,ONEIL,JOSE,1990-04-13,4857773456,33,\"Said \"\"fine\"\"\"\r\n"
    "R4,,,,,51,Left before treatment\r\n"
    "R5,Quarterman,Bethany,29/02/2000,943 476 5919,23,\"Two\nlines\"\r\n";

TEST_F(PseudonymiseCli, LinksAndReplacesIdentifiers) {
  Write("IN.csv", kInput);
  ASSERT_EQ(Cairn("pseudonymise --key K --columns NHSNumber --link Surname+Forename+DOB "
                  "--link-name PersonPseudonym IN.csv OUT.csv"),
            0)
      << err_;
  EXPECT_NE(err_.find("pseudonymised 5 rows: columns NHSNumber; linked Surname+Forename+DOB -> "
                      "PersonPseudonym"),
            std::string::npos)
      << err_;

  auto in = Rows("IN.csv");
  auto out = Rows("OUT.csv");
  ASSERT_EQ(out.size(), in.size());
  EXPECT_EQ(out[0],
            (std::vector<std::string>{"Ref", "PersonPseudonym", "NHSNumber", "Age", "Outcome"}));
  for (size_t r = 1; r < out.size(); ++r) {
    ASSERT_EQ(out[r].size(), 5u) << "row " << r;
    EXPECT_EQ(out[r][0], in[r][0]) << "row order";
    EXPECT_EQ(out[r][3], in[r][5]) << "Age unchanged";
    EXPECT_EQ(out[r][4], in[r][6]) << "Outcome unchanged";
  }
  // Same person, two spellings: same pseudonyms. Different people: different pseudonyms.
  EXPECT_TRUE(IsHex64(out[1][1])) << out[1][1];
  EXPECT_TRUE(IsHex64(out[1][2])) << out[1][2];
  EXPECT_EQ(out[1][1], out[3][1]);
  EXPECT_EQ(out[1][2], out[3][2]);
  EXPECT_NE(out[1][1], out[2][1]);
  EXPECT_NE(out[1][1], out[5][1]);
  EXPECT_NE(out[1][1], out[1][2]);  // NHS pseudonym differs from the person pseudonym
  // Blank stays blank.
  EXPECT_EQ(out[2][2], "");
  EXPECT_EQ(out[4][1], "");
  EXPECT_EQ(out[4][2], "");

  // No identifier text survives anywhere in the output.
  const std::string text = ToLower(Read("OUT.csv"));
  for (const char* id : {"o'neil", "oneil", "josé", "jose", "smith", "anna", "quarterman",
                         "bethany", "13/04/1990", "1990-04-13", "02/02/1985", "29/02/2000",
                         "485 777 3456", "4857773456", "943 476 5919", "9434765919"})
    EXPECT_EQ(text.find(id), std::string::npos) << id << " leaked into OUT.csv";

  // Quoting and CRLF line endings preserved.
  const std::string raw = Read("OUT.csv");
  EXPECT_NE(raw.find(",\"Seen, discharged\"\r\n"), std::string::npos) << raw;
  EXPECT_NE(raw.find(",\"Said \"\"fine\"\"\"\r\n"), std::string::npos) << raw;
  EXPECT_NE(raw.find(",\"Two\nlines\"\r\n"), std::string::npos) << raw;
}

// A workbook's sheet is pseudonymised as the same rows saved as CSV would be, and no name survives.
TEST_F(PseudonymiseCli, AWorkbookSheetGivesTheSamePseudonymsAsItsCsv) {
  const std::string book = std::string(CAIRN_SOURCE_DIR) + "/tests/fixtures/tables.xlsx";
  Write("people.csv",
        "Surname,Forename,DOB,Offence\nSmith,Ann,01/02/1990,Assault\nJones,Bob,"
        "03/04/1985,\n");
  ASSERT_EQ(Cairn("pseudonymise --key K --link Surname+Forename+DOB people.csv FROMCSV.csv"), 0)
      << err_;
  ASSERT_EQ(Cairn("pseudonymise --key K --link Surname+Forename+DOB --sheet People " + book +
                  " FROMXLSX.csv"),
            0)
      << err_;
  EXPECT_EQ(Rows("FROMXLSX.csv"), Rows("FROMCSV.csv"));
  const std::string text = ToLower(Read("FROMXLSX.csv"));
  for (const char* id : {"smith", "ann", "jones", "1990", "1985"})
    EXPECT_EQ(text.find(id), std::string::npos) << id;
  EXPECT_NE(
      Cairn("pseudonymise --key K --link Surname+Forename+DOB --delimiter '|' --sheet People " +
            book + " X.csv"),
      0);
  EXPECT_NE(err_.find("is an .xlsx workbook"), std::string::npos) << err_;
}

TEST_F(PseudonymiseCli, SameKeySamePseudonymsAcrossRuns) {
  Write("IN.csv", kInput);
  ASSERT_EQ(Cairn("pseudonymise --key K --columns NHSNumber IN.csv A.csv"), 0) << err_;
  ASSERT_EQ(Cairn("pseudonymise --key K --columns NHSNumber IN.csv B.csv"), 0) << err_;
  EXPECT_EQ(Read("A.csv"), Read("B.csv"));
  // --columns alone keeps the other identifier columns in place.
  auto a = Rows("A.csv");
  EXPECT_EQ(a[0].size(), 7u);
  EXPECT_EQ(a[1][1], "O'Neil");
  EXPECT_TRUE(IsHex64(a[1][4]));
}

TEST_F(PseudonymiseCli, UnknownColumnIsAUsageError) {
  Write("IN.csv", kInput);
  EXPECT_EQ(Cairn("pseudonymise --key K --columns NHSNumbr IN.csv OUT.csv"), 2);
  EXPECT_NE(err_.find("\"NHSNumbr\""), std::string::npos) << err_;
  EXPECT_NE(err_.find("did you mean \"NHSNumber\""), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(Path("OUT.csv")));

  EXPECT_EQ(Cairn("pseudonymise --key K --link Surname+Forname+DOB IN.csv OUT.csv"), 2);
  EXPECT_NE(err_.find("\"Forname\""), std::string::npos) << err_;
  EXPECT_NE(err_.find("did you mean \"Forename\""), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(Path("OUT.csv")));
}

TEST_F(PseudonymiseCli, Windows1252NeedsTheEncodingOption) {
  // "José" in Windows-1252 (é = 0xE9) and in UTF-8.
  Write("CP.csv", "Ref,Forename\r\nR1,Jos\xE9\r\n");
  Write("UTF.csv", "Ref,Forename\r\nR1,Jos\xC3\xA9\r\n");
  EXPECT_EQ(Cairn("pseudonymise --key K --columns Forename CP.csv OUT.csv"), 2);
  EXPECT_NE(err_.find("--encoding windows-1252"), std::string::npos) << err_;
  ASSERT_EQ(Cairn("pseudonymise --key K --encoding windows-1252 --columns Forename CP.csv A.csv"),
            0)
      << err_;
  ASSERT_EQ(Cairn("pseudonymise --key K --columns Forename UTF.csv B.csv"), 0) << err_;
  EXPECT_EQ(Read("A.csv"), Read("B.csv"));
  // The message names the first line that is not UTF-8.
  Write("MIXED.csv", "Ref,Forename\r\nR0,Zo\xC3\xAB\r\nR1,Jos\xE9\r\n");
  EXPECT_EQ(Cairn("pseudonymise --key K --columns Forename MIXED.csv OUT.csv"), 2);
  EXPECT_NE(err_.find("MIXED.csv line 3"), std::string::npos) << err_;
}

TEST_F(PseudonymiseCli, RefusesAnInsecureOrMissingKey) {
  Write("IN.csv", kInput);
  EXPECT_EQ(Cairn("pseudonymise --key missing.key --columns NHSNumber IN.csv OUT.csv"), 1);
  EXPECT_NE(err_.find("missing.key"), std::string::npos) << err_;
  fs::permissions(Path("K"), fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
  EXPECT_EQ(Cairn("pseudonymise --key K --columns NHSNumber IN.csv OUT.csv"), 1);
  EXPECT_NE(err_.find("chmod 600"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(Path("OUT.csv")));
}

TEST_F(PseudonymiseCli, RefusesToOverwriteTheInputOrTheKey) {
  Write("IN.csv", kInput);
  EXPECT_EQ(Cairn("pseudonymise --key K --columns NHSNumber IN.csv IN.csv"), 2);
  EXPECT_EQ(Read("IN.csv"), kInput);
  EXPECT_EQ(Cairn("pseudonymise --key K --columns NHSNumber IN.csv K"), 2);
  EXPECT_TRUE(LoadKeyFile(Path("K")).ok());
}

TEST_F(PseudonymiseCli, RaggedRowIsRefusedWithItsLine) {
  Write("IN.csv", "Ref,NHSNumber\nR1,4857773456\nR2\n");
  EXPECT_EQ(Cairn("pseudonymise --key K --columns NHSNumber IN.csv OUT.csv"), 1);
  EXPECT_NE(err_.find("line 3"), std::string::npos) << err_;
  EXPECT_FALSE(fs::exists(Path("OUT.csv")));
}

}  // namespace
}  // namespace cairn
