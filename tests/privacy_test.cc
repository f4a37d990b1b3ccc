// The worst bug Cairn can have is an identifier reaching the store. This test loads the synthetic
// partnership's sample extracts exactly as the demo does, then looks for every identifier value
// from those extracts (names, dates of birth as written, PNC and NHS numbers, postcodes) in the raw
// bytes of the database files and in every string of the decoded (compressed) event chunks.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <set>

#include "store/store.h"
#include "synth/synth.h"
#include "tests/test_util.h"
#include "util/csv.h"
#include "util/files.h"

namespace cairn::testing {

namespace {

// Values of the named columns of a CSV file.
std::set<std::string> ColumnValues(const std::string& path, const std::set<std::string>& columns,
                                   bool complement = false) {
  std::string data = ReadText(path);
  CsvReader reader(data);
  CsvRecord rec;
  std::set<std::string> out;
  std::vector<bool> wanted;
  if (!reader.Next(&rec)) return out;
  for (auto f : rec.fields) wanted.push_back(columns.count(std::string(f)) != complement);
  while (reader.Next(&rec))
    for (size_t i = 0; i < rec.fields.size() && i < wanted.size(); ++i)
      if (wanted[i] && !rec.fields[i].empty()) out.emplace(rec.fields[i]);
  return out;
}

int ExitCodeOf(const std::vector<std::string>& args) { return RunCairn(args).exit_code; }

}  // namespace

TEST(Privacy, NoIdentifierFromTheSampleExtractsReachesTheStore) {
  TempDir dir;
  SynthOptions options;
  options.out_dir = dir.File("extracts");
  options.scale = 0.05;
  ASSERT_TRUE(WriteSyntheticPartnership(options).ok());
  const std::string x = dir.File("extracts") + "/";
  const std::string db = dir.File("cairn.db"), key = dir.File("cairn.key");
  const std::string profiles = std::string(CAIRN_SOURCE_DIR) + "/profiles/";
  ASSERT_EQ(ExitCodeOf({"--db", db, "init"}), 0);
  ASSERT_EQ(ExitCodeOf({"--db", db, "pseudonymise", "--key", key, "--columns", "NHSNumber",
                        "--link", "PatientSurname+PatientForename+PatientDOB", "--link-name",
                        "PatientPseudonym", x + "ed-istv.csv", dir.File("ed-sent.csv")}),
            0);
  const std::vector<std::pair<std::string, std::string>> loads = {
      {"police-recorded-crime.toml", x + "police-recorded-crime.csv"},
      {"ed-istv.toml", dir.File("ed-sent.csv")},
      {"referrals.toml", x + "referrals.csv"},
      {"justice-outcomes.toml", x + "justice-outcomes.csv"},
      {"training.toml", x + "training.csv"}};
  for (const auto& [profile, file] : loads)
    ASSERT_EQ(ExitCodeOf({"--db", db, "ingest", "--profile", profiles + profile, file}), 0) << file;

  // Every identifier value in the extracts as the partners wrote them.
  std::set<std::string> identifiers;
  auto add = [&](const std::string& file, const std::set<std::string>& cols) {
    auto values = ColumnValues(file, cols);
    identifiers.insert(values.begin(), values.end());
  };
  add(x + "police-recorded-crime.csv",
      {"VictimSurname", "VictimForename", "VictimDOB", "VictimPostcode", "SuspectSurname",
       "SuspectForename", "SuspectDOB", "SuspectPNC", "PremisesAddress", "VulnerableSurname",
       "VulnerableForename", "VulnerableDOB"});
  add(x + "ed-istv.csv", {"PatientSurname", "PatientForename", "PatientDOB", "NHSNumber"});
  add(x + "referrals.csv", {"Surname", "Forename", "DOB"});
  add(x + "justice-outcomes.csv", {"Surname", "Forename", "DOB", "PNC"});
  ASSERT_GT(identifiers.size(), 1000u);

  // A short name could also be an ordinary word elsewhere (a street called "Park Road"); such
  // values are searched for only as whole strings, not as raw bytes.
  std::set<std::string> ordinary;
  // The professionals of the training log: their names and work emails, searched for whole.
  const std::set<std::string> professionals =
      ColumnValues(x + "training.csv", {"AttendeeName", "AttendeeEmail"});
  ASSERT_GT(professionals.size(), 100u);
  for (const auto& [profile, file] : loads) {
    if (profile == "training.toml") continue;  // its identifier columns are not ordinary words
    auto other = ColumnValues(file, {"VictimSurname"}, /*complement=*/true);
    ordinary.insert(other.begin(), other.end());
  }
  std::string bytes;
  for (const char* suffix : {"", "-wal"}) {
    auto data = ReadFile(db + suffix);
    if (data.ok()) bytes += *data;
  }
  ASSERT_GT(bytes.size(), 10000u);
  std::vector<std::string> leaks;
  for (const auto& id : identifiers) {
    bool distinctive = id.size() >= 6;
    for (const auto& o : ordinary)
      if (distinctive && o.find(id) != std::string::npos) distinctive = false;
    if (distinctive && bytes.find(id) != std::string::npos) leaks.push_back(id);
  }
  for (const auto& id : professionals)
    if (bytes.find(id) != std::string::npos) leaks.push_back(id);
  auto store = OpenSqliteStore(db, {StoreAccess::kRead});
  ASSERT_TRUE(store.ok());
  size_t strings_checked = 0;
  ASSERT_TRUE((*store)
                  ->ForEachEventBatch([&](int64_t, int64_t, const EventColumns& e) {
                    for (const StringColumn* c :
                         {&e.reference, &e.force, &e.reported_by, &e.location, &e.lsoa_code,
                          &e.lsoa_name, &e.category, &e.offence_code, &e.outcome, &e.context,
                          &e.weapon})
                      for (const auto& s : c->dict()) {
                        ++strings_checked;
                        if (identifiers.count(s)) leaks.push_back(s);
                      }
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_GT(strings_checked, 100u);
  EXPECT_TRUE(leaks.empty()) << leaks.size() << " identifiers found in the store, e.g. "
                             << leaks.front();
}

}  // namespace cairn::testing
