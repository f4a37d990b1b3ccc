// The KPI catalogue on the synthetic county (`cairn demo`): a bad entry fails only what uses KPIs;
// a programme or course name no loaded record has is named; the shipped definitions count what
// their names say. Expected figures are worked out here from the demo's extract files.
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

class KpiCatalogueCli : public testing::DemoSuite<KpiCatalogueCli> {
 protected:
  // A copy of the shipped configuration with `extra` as one more KPI file.
  static std::string ConfigWith(const std::string& name, const std::string& extra) {
    const std::string config = dir_->File(name);
    fs::copy(std::string(CAIRN_SOURCE_DIR) + "/config", config, fs::copy_options::recursive);
    WriteText(config + "/kpis/zz-test.toml", extra);
    return config;
  }

  // `kpi compute --format json` of the KPIs `ids`, with the configuration `config` ("": shipped).
  static Json Compute(const std::string& config, const std::vector<std::string>& ids,
                      std::string* err = nullptr) {
    std::vector<std::string> all = {"--db", Db()};
    if (!config.empty()) all.insert(all.end(), {"--config", config});
    for (const char* a : {"kpi", "compute", "--format", "json"}) all.push_back(a);
    for (const std::string& id : ids) all.insert(all.end(), {"--kpi", id});
    auto r = RunCairn(all);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    if (err) *err = r.err;
    return r.exit_code == 0 ? Json::parse(r.out) : Json();
  }

  static const Json* Kpi(const Json& all, const std::string& id) {
    for (const Json& k : all["kpis"])
      if (k["id"] == id) return &k;
    ADD_FAILURE() << "no KPI " << id;
    return nullptr;
  }

  static Rows Crimes() {
    return CsvRows(ReadText(dir_->File("demo/extracts/police-recorded-crime.csv")));
  }
};

size_t ColumnOf(const Rows& rows, const std::string& name) {
  auto it = std::find(rows[0].begin(), rows[0].end(), name);
  EXPECT_NE(it, rows[0].end()) << name;
  return static_cast<size_t>(it - rows[0].begin());
}

// The KPI's notes, one a line.
std::string Notes(const Json& kpi) {
  std::string out;
  for (const Json& n : kpi["notes"]) out += n.get<std::string>() + "\n";
  return out;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// "dd/mm/yyyy hh:mm" -> "yyyy-Qn".
std::string QuarterOf(const std::string& when) {
  const int month = std::stoi(when.substr(3, 2));
  return when.substr(6, 4) + "-Q" + std::to_string((month - 1) / 3 + 1);
}

// "dd/mm/yyyy hh:mm" -> minutes since 1970 (days by the civil calendar).
int64_t MinuteOf(const std::string& when) {
  int y = std::stoi(when.substr(6, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(when.substr(3, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(when.substr(0, 2)));
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = int64_t{era} * 146097 + static_cast<int64_t>(doe) - 719468;
  const int hh = when.size() >= 16 ? std::stoi(when.substr(11, 2)) : 0;
  const int mm = when.size() >= 16 ? std::stoi(when.substr(14, 2)) : 0;
  return days * 1440 + hh * 60 + mm;
}

TEST_F(KpiCatalogueCli, ABadCatalogueFailsOnlyTheCommandsThatUseKpis) {
  const std::string config = ConfigWith("bad", R"([[kpi]]
id = "z-bad"
name = "Z"
priority = "1"
kind = "output"
evidences = "E"
improvement = "decrease"
measure = "count"
where = "serious_violence"
period = "quarter"
sna_section = "driver"
)");
  const std::string problem =
      "zz-test.toml: kpi \"z-bad\", sna_section: \"driver\" is not a section of the SNA";
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"query", "--where", "serious_violence"},
           {"list", "matac"},
           {"sna", "--from", "2024-01", "--to", "2024-12", "--out", dir_->File("sna.html")},
           {"register", "report", "--out", dir_->File("register.html")}}) {
    args.insert(args.begin(), {"--db", Db(), "--config", config});
    auto r = RunCairn(args);
    EXPECT_EQ(r.exit_code, 0) << args[4] << ": " << r.err;
    EXPECT_NE(r.err.find("warning: the KPI catalogue"), std::string::npos) << args[4] << r.err;
    EXPECT_NE(r.err.find(problem), std::string::npos) << args[4] << r.err;
  }
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"kpi", "list"},
           {"kpi", "compute"},
           {"brief", "--partners", "--out", dir_->File("brief.html")}}) {
    args.insert(args.begin(), {"--db", Db(), "--config", config});
    auto r = RunCairn(args);
    EXPECT_NE(r.exit_code, 0) << args[4];
    EXPECT_NE(r.err.find("cairn: " + config + "/kpis/" + problem), std::string::npos)
        << args[4] << r.err;
    EXPECT_EQ(r.err.find("warning"), std::string::npos)
        << args[4] << ": said once, as the error: " << r.err;
  }
}

// "Victim Servces" and "Trauma informed domestic abuse": the demo's referrals are to "Victim
// Services" and its training log's course is "Trauma-informed domestic abuse".
TEST_F(KpiCatalogueCli, AProgrammeOrCourseNoLoadedRecordHasIsNamedWithTheNearest) {
  const Rows referrals = CsvRows(ReadText(dir_->File("demo/extracts/referrals.csv")));
  const Rows training = CsvRows(ReadText(dir_->File("demo/extracts/training.csv")));
  std::set<std::string> programmes, courses;
  for (size_t i = 1; i < referrals.size(); ++i)
    programmes.insert(referrals[i][ColumnOf(referrals, "Programme")]);
  for (size_t i = 1; i < training.size(); ++i)
    courses.insert(training[i][ColumnOf(training, "Course")]);
  ASSERT_TRUE(programmes.count("Victim Services"));
  ASSERT_TRUE(courses.count("Trauma-informed domestic abuse"));
  const std::string config = ConfigWith("typos", R"([[kpi]]
id = "z-referrals"
name = "Z"
priority = "3"
kind = "output"
evidences = "E"
improvement = "increase"
measure = "referrals"
programmes = ["Victim Servces"]

[[kpi]]
id = "z-trained"
name = "Z"
priority = "3"
kind = "output"
evidences = "E"
improvement = "increase"
measure = "trained"
courses = ["Trauma informed domestic abuse"]

[[kpi]]
id = "z-alternative"
name = "Z"
priority = "3"
kind = "output"
evidences = "E"
improvement = "increase"
measure = "referrals"
programmes = ["Victim Services", "Community Trigger"]
)");
  std::string err;
  Json all = Compute(config, {"z-referrals", "z-trained", "z-alternative"}, &err);
  const std::string referral_note =
      "no loaded referral is to \"victim servces\" (the nearest loaded: \"Victim Services\")";
  const std::string course_note =
      "no loaded training attendance is at \"trauma informed domestic abuse\" (the nearest "
      "loaded: \"Trauma-informed domestic abuse\")";
  const Json* r = Kpi(all, "z-referrals");
  const Json* t = Kpi(all, "z-trained");
  const Json* a = Kpi(all, "z-alternative");
  ASSERT_TRUE(r && t && a);
  EXPECT_NE(Notes(*r).find(referral_note), std::string::npos) << (*r)["notes"];
  EXPECT_NE(Notes(*t).find(course_note), std::string::npos) << (*t)["notes"];
  EXPECT_NE(err.find("kpi \"z-referrals\": " + referral_note), std::string::npos) << err;
  EXPECT_NE(err.find("kpi \"z-trained\": " + course_note), std::string::npos) << err;
  // An alternative name beside one that has records is no typo.
  EXPECT_EQ(Notes(*a).find("no loaded referral"), std::string::npos) << (*a)["notes"];
  EXPECT_EQ(err.find("z-alternative"), std::string::npos) << err;
}

// Vulnerable people and cuckooing victims: the distinct victims and vulnerable people (surname,
// forename and date of birth, as the profile links them) of the county-lines crimes a quarter.
TEST_F(KpiCatalogueCli, CountyLinesVictimsCountTheVulnerableToo) {
  const Rows crimes = Crimes();
  const size_t flag = ColumnOf(crimes, "CountyLinesFlag"), when = ColumnOf(crimes, "CommittedFrom");
  std::map<std::string, std::set<std::string>> people;
  int vulnerable = 0;
  for (size_t i = 1; i < crimes.size(); ++i) {
    if (crimes[i][flag] != "Y") continue;
    for (const char* role : {"Victim", "Vulnerable"}) {
      const std::string& surname = crimes[i][ColumnOf(crimes, std::string(role) + "Surname")];
      if (surname.empty()) continue;
      vulnerable += std::string(role) == "Vulnerable";
      people[QuarterOf(crimes[i][when])].insert(
          Lower(surname) + "|" +
          Lower(crimes[i][ColumnOf(crimes, std::string(role) + "Forename")]) + "|" +
          crimes[i][ColumnOf(crimes, std::string(role) + "DOB")]);
    }
  }
  ASSERT_GT(vulnerable, 0);
  Json all = Compute("", {"p1-county-lines-victims"});
  const Json* k = Kpi(all, "p1-county-lines-victims");
  ASSERT_NE(k, nullptr);
  int compared = 0;
  for (const Json& p : (*k)["points"]) {
    if (p["value"].is_null()) continue;
    EXPECT_EQ(p["value"].get<double>(), people[p["period"]].size()) << p["period"];
    ++compared;
  }
  EXPECT_GE(compared, 8);
}

// Of the crimes naming a victim, the share whose victim's age is recorded.
TEST_F(KpiCatalogueCli, VictimAgeCompletenessIsOverCrimesWithAVictim) {
  const Rows crimes = Crimes();
  const size_t type = ColumnOf(crimes, "RecordType"), when = ColumnOf(crimes, "CommittedFrom"),
               surname = ColumnOf(crimes, "VictimSurname"), age = ColumnOf(crimes, "VictimAge");
  std::map<std::string, std::pair<int, int>> tally;  // quarter -> (with an age, with a victim)
  for (size_t i = 1; i < crimes.size(); ++i) {
    if (crimes[i][type] != "CRIME" || crimes[i][surname].empty()) continue;
    auto& [aged, victims] = tally[QuarterOf(crimes[i][when])];
    ++victims;
    if (!crimes[i][age].empty()) ++aged;
  }
  Json all = Compute("", {"p2-data-sharing-victim-age"});
  const Json* k = Kpi(all, "p2-data-sharing-victim-age");
  ASSERT_NE(k, nullptr);
  int compared = 0;
  for (const Json& p : (*k)["points"]) {
    if (p["value"].is_null()) continue;
    const auto [aged, victims] = tally[p["period"]];
    EXPECT_EQ(p["denominator"].get<double>(), victims) << p["period"];
    EXPECT_EQ(p["numerator"].get<double>(), aged) << p["period"];
    ++compared;
  }
  EXPECT_GE(compared, 8);
}

// Repeat domestic abuse victimisation: of a quarter's distinct victims of domestic abuse crimes
// (the DA flag, or offence code 8U), those with another such crime in the 365 days before one of
// theirs in the quarter; the first loaded year has no value (its year before is not loaded).
TEST_F(KpiCatalogueCli, RepeatDomesticAbuseVictimisationLooksBackAYear) {
  const Rows crimes = Crimes();
  const size_t type = ColumnOf(crimes, "RecordType"), when = ColumnOf(crimes, "CommittedFrom"),
               da = ColumnOf(crimes, "DAFlag"), code = ColumnOf(crimes, "HOOffenceCode");
  std::map<std::string, std::vector<int64_t>> minutes;  // victim -> their DA crimes
  std::map<int64_t, std::string> quarter;
  for (size_t i = 1; i < crimes.size(); ++i) {
    const auto& row = crimes[i];
    if (row[type] != "CRIME" || (row[da] != "Y" && row[code] != "8U")) continue;
    const std::string& surname = row[ColumnOf(crimes, "VictimSurname")];
    if (surname.empty()) continue;
    const int64_t minute = MinuteOf(row[when]);
    quarter[minute] = QuarterOf(row[when]);
    minutes[Lower(surname) + "|" + Lower(row[ColumnOf(crimes, "VictimForename")]) + "|" +
            row[ColumnOf(crimes, "VictimDOB")]]
        .push_back(minute);
  }
  std::map<std::string, std::pair<int, int>> tally;  // quarter -> (repeat, victims)
  for (auto& [who, list] : minutes) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    std::map<std::string, bool> repeat;
    for (size_t i = 0; i < list.size(); ++i)
      repeat[quarter[list[i]]] |= i > 0 && list[i] - list[i - 1] <= 365 * 1440;
    for (const auto& [q, again] : repeat) {
      tally[q].second += 1;
      tally[q].first += again;
    }
  }
  Json all = Compute("", {"p3-repeat-da-victims"});
  const Json* k = Kpi(all, "p3-repeat-da-victims");
  ASSERT_NE(k, nullptr);
  int compared = 0;
  for (const Json& p : (*k)["points"]) {
    const std::string period = p["period"];
    if (period.rfind("2022", 0) == 0) {
      EXPECT_TRUE(p["value"].is_null()) << period;
      continue;
    }
    ASSERT_FALSE(p["value"].is_null()) << period;
    EXPECT_EQ(p["numerator"].get<double>(), tally[period].first) << period;
    EXPECT_EQ(p["denominator"].get<double>(), tally[period].second) << period;
    EXPECT_NEAR(p["value"].get<double>(), 100.0 * tally[period].first / tally[period].second, 1e-9);
    ++compared;
  }
  EXPECT_GE(compared, 8);
  EXPECT_FALSE((*k)["baseline"].is_null()) << (*k)["notes"];
}

// Homicides are a c chart: the centre line is the mean count, the limits mean +/- 3 sqrt(mean)
// (the lower one no lower than 0), from the recorded-crime file's homicide offence codes.
TEST_F(KpiCatalogueCli, HomicidesAreACChart) {
  const Rows crimes = Crimes();
  const size_t type = ColumnOf(crimes, "RecordType"), when = ColumnOf(crimes, "CommittedFrom"),
               code = ColumnOf(crimes, "HOOffenceCode");
  std::map<std::string, int> per_year;
  for (size_t i = 1; i < crimes.size(); ++i) {
    const std::string& c = crimes[i][code];
    if (crimes[i][type] == "CRIME" && (c == "1" || c == "4/1" || c == "4/2" || c == "4/10"))
      per_year[crimes[i][when].substr(6, 4)] += 1;
  }
  Json all = Compute("", {"headline-homicide"});
  const Json* k = Kpi(all, "headline-homicide");
  ASSERT_NE(k, nullptr);
  double sum = 0, n = 0;
  for (const Json& p : (*k)["points"]) {
    ASSERT_FALSE(p["value"].is_null()) << p["period"];
    EXPECT_EQ(p["value"].get<double>(), per_year[p["period"]]) << p["period"];
    sum += p["value"].get<double>();
    n += 1;
  }
  ASSERT_GE(n, 2);
  const double mean = sum / n;
  for (const Json& p : (*k)["points"]) {
    EXPECT_NEAR(p["mean"].get<double>(), mean, 1e-9);
    EXPECT_NEAR(p["upl"].get<double>(), mean + 3 * std::sqrt(mean), 1e-9);
    EXPECT_NEAR(p["lpl"].get<double>(), std::max(0.0, mean - 3 * std::sqrt(mean)), 1e-9);
  }
}

}  // namespace
}  // namespace cairn
