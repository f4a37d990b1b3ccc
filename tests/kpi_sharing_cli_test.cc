// The data-sharing KPIs per partner (`by = "partner"`) on a synthetic year whose police send their
// data.police.uk files for every month but May, and a recorded-crime extract with bad rows. Each
// partner's figures are counted again here from the files themselves (rows, blank LSOAs), from
// `cairn rejects` and from when `cairn status` says the files were loaded.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/test_util.h"
#include "util/dates.h"

namespace cairn {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using testing::ReadText;
using testing::RunCairn;
using testing::TempDir;

std::string QuarterOf(const std::string& month) {  // "2024-05" -> "2024-Q2"
  return month.substr(0, 4) + "-Q" + std::to_string((std::stoi(month.substr(5, 2)) - 1) / 3 + 1);
}

const Json* Partner(const Json& kpi, const std::string& extract) {
  for (const Json& p : kpi["partners"])
    if (p["extract"] == extract) return &p;
  ADD_FAILURE() << "no partner with extract " << extract << " in " << kpi["id"];
  return nullptr;
}

const Json* PointOf(const Json& series, const std::string& period) {
  for (const Json& p : series["points"])
    if (p["period"] == period) return &p;
  ADD_FAILURE() << "no point " << period;
  return nullptr;
}

TEST(KpiDataSharing, EachPartnersFiguresAgreeWithTheirFilesAndAMissingMonthIsNoData) {
  TempDir dir;
  ASSERT_EQ(RunCairn({"synth", "--out", dir.File("s"), "--months", "12", "--scale", "0.1",
                      "--with-errors"})
                .exit_code,
            0);
  const std::string street = dir.File("s/police-uk");
  fs::rename(street + "/2024-05", dir.File("held-back"));  // the police never send May
  const std::string db = testing::NewStore(dir);
  ASSERT_EQ(RunCairn({"--db", db, "ingest", "police-uk", street}).exit_code, 0);
  const std::string crime = dir.File("s/police-recorded-crime.csv");
  auto loaded =
      RunCairn({"--db", db, "ingest", "--profile",
                std::string(CAIRN_SOURCE_DIR) + "/profiles/police-recorded-crime.toml", crime});
  ASSERT_EQ(loaded.exit_code, 3) << loaded.err;  // loaded, with rejects

  // The street files, month by month: rows and rows with an LSOA.
  std::map<std::string, std::pair<int, int>> located;  // quarter -> {with an LSOA, rows}
  std::set<std::string> months;
  for (const auto& entry : fs::recursive_directory_iterator(street)) {
    if (entry.path().extension() != ".csv") continue;
    auto rows = testing::CsvRows(ReadText(entry.path().string()));
    ASSERT_GT(rows.size(), 1u);
    const auto lsoa = std::find(rows[0].begin(), rows[0].end(), "LSOA code") - rows[0].begin();
    const auto month = std::find(rows[0].begin(), rows[0].end(), "Month") - rows[0].begin();
    for (size_t r = 1; r < rows.size(); ++r) {
      auto& [with, all] = located[QuarterOf(rows[r][month])];
      with += !rows[r][lsoa].empty();
      all += 1;
      months.insert(rows[r][month]);
    }
  }
  ASSERT_EQ(months.size(), 11u);
  ASSERT_EQ(months.count("2024-05"), 0u);

  auto r = RunCairn({"--db", db, "kpi", "compute", "--format", "json", "--kpi",
                     "p2-data-sharing-location", "--kpi", "p2-data-sharing-rejected", "--kpi",
                     "p2-data-sharing-timeliness"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json all = Json::parse(r.out);
  ASSERT_EQ(all["kpis"].size(), 3u);
  std::map<std::string, const Json*> kpi;
  for (const Json& k : all["kpis"]) kpi[k["id"]] = &k;

  // Completeness of the location: the share of each quarter's street records with an LSOA, except
  // the quarter holding May, which has none (never the share of April and June alone).
  const Json* street_located = Partner(*kpi["p2-data-sharing-location"], "police-uk-street");
  ASSERT_TRUE(street_located);
  EXPECT_EQ((*street_located)["missing"], Json::array({"2024-Q2"}));
  for (const char* quarter : {"2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"}) {
    const Json* p = PointOf(*street_located, quarter);
    ASSERT_TRUE(p);
    if (std::string(quarter) == "2024-Q2") {
      EXPECT_TRUE((*p)["value"].is_null()) << p->dump();
      EXPECT_NE((*p)["no_data"].get<std::string>().find("2024-05"), std::string::npos);
      continue;
    }
    const auto [with, rows] = located[quarter];
    EXPECT_GT(rows, with) << quarter << ": the synthetic files leave some records unplaced";
    EXPECT_EQ((*p)["numerator"], with) << quarter;
    EXPECT_EQ((*p)["denominator"], rows) << quarter;
    EXPECT_NEAR((*p)["value"].get<double>(), 100.0 * with / rows, 1e-9) << quarter;
  }
  // The recorded-crime extract covers every month: nothing missing.
  const Json* crime_located = Partner(*kpi["p2-data-sharing-location"], "recorded-crime");
  ASSERT_TRUE(crime_located);
  EXPECT_TRUE((*crime_located)["missing"].empty());

  // Rows rejected: the recorded-crime file (one, ending in December) against `cairn rejects`
  // and the rows of the file itself; the street files reject nothing.
  auto rejects = RunCairn({"--db", db, "rejects"});
  ASSERT_EQ(rejects.exit_code, 0) << rejects.err;
  std::set<std::string> bad_lines;
  for (const auto& row : testing::CsvRows(rejects.out))
    if (row.size() > 2 && row[1] == crime) bad_lines.insert(row[2]);
  ASSERT_GT(bad_lines.size(), 0u);
  const double read = static_cast<double>(testing::CsvRows(ReadText(crime)).size() - 1);
  const Json* crime_rejected = Partner(*kpi["p2-data-sharing-rejected"], "recorded-crime");
  ASSERT_TRUE(crime_rejected);
  const Json* q4 = PointOf(*crime_rejected, "2024-Q4");
  ASSERT_TRUE(q4);
  EXPECT_NEAR((*q4)["value"].get<double>(), 100.0 * static_cast<double>(bad_lines.size()) / read,
              1e-9);
  const Json* q1 = PointOf(*crime_rejected, "2024-Q1");
  EXPECT_TRUE((*q1)["value"].is_null()) << "no recorded-crime file ends in the first quarter";
  const Json* street_rejected = Partner(*kpi["p2-data-sharing-rejected"], "police-uk-street");
  ASSERT_TRUE(street_rejected);
  EXPECT_EQ((*PointOf(*street_rejected, "2024-Q3"))["value"], 0);

  // Timeliness: the days from the end of each street file's month to the day `cairn status` says
  // the street files were loaded, the median over the quarter's files.
  auto status = RunCairn({"--db", db, "status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  std::string street_loaded;
  const Json sources = Json::parse(status.out)["sources"];
  for (const Json& s : sources)
    if (s["extract"] == "police-uk-street") street_loaded = s["last_loaded"].get<std::string>();
  ASSERT_GE(street_loaded.size(), 10u) << status.out;
  const int64_t loaded_day = *ParseDateTime(street_loaded.substr(0, 10), {"%Y-%m-%d"}) / 1440;
  std::map<std::string, std::vector<double>> days;
  for (const std::string& month : months) {
    const int y = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2));
    const int64_t month_end =
        m == 12 ? DaysFromCivil(y + 1, 1, 1) - 1 : DaysFromCivil(y, m + 1, 1) - 1;
    days[QuarterOf(month)].push_back(static_cast<double>(loaded_day - month_end));
  }
  const Json* street_days = Partner(*kpi["p2-data-sharing-timeliness"], "police-uk-street");
  ASSERT_TRUE(street_days);
  for (auto& [quarter, d] : days) {
    std::sort(d.begin(), d.end());
    const double median =
        d.size() % 2 ? d[d.size() / 2] : (d[d.size() / 2 - 1] + d[d.size() / 2]) / 2;
    const Json* p = PointOf(*street_days, quarter);
    ASSERT_TRUE(p && !(*p)["value"].is_null()) << quarter;
    EXPECT_EQ((*p)["value"].get<double>(), median) << quarter;
  }
  EXPECT_EQ((*street_days)["missing"], Json::array({"2024-Q2"}));

  // The report shows each partner's figures and what they left uncovered, in HTML and JSON.
  const std::string html = dir.File("kpi.html"), json = dir.File("kpi.json");
  r = RunCairn({"--db", db, "kpi", "report", "--out", html, "--json", json, "--kpi",
                "p2-data-sharing-location"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json report = Json::parse(ReadText(json));
  ASSERT_EQ(report["kpis"].size(), 1u);
  EXPECT_EQ((*Partner(report["kpis"][0], "police-uk-street"))["missing"], Json::array({"2024-Q2"}));
  const std::string page = ReadText(html);
  EXPECT_NE(page.find("Fellshire Constabulary (police-uk-street)"), std::string::npos);
  EXPECT_NE(page.find("Periods with no data"), std::string::npos);
  EXPECT_NE(page.find("title=\"no data loaded for 2024-05\">no data</span>"), std::string::npos);
  // The report's data-sharing section (the latest quarter) has the street files' completeness.
  const auto [with, rows] = located["2024-Q4"];
  char share[32];
  std::snprintf(share, sizeof share, "%.1f%%", 100.0 * with / rows);
  const size_t section = page.find("id=\"data-sharing\">Data sharing in 2024-Q4");
  ASSERT_NE(section, std::string::npos);
  const size_t row =
      page.find("<th scope=\"row\">Fellshire Constabulary (police-uk-street)</th>", section);
  ASSERT_NE(row, std::string::npos);
  EXPECT_NE(page.substr(row, page.find("</tr>", row) - row).find(std::string(share) + "</td>"),
            std::string::npos)
      << share;
}

// `cairn ingest --received`: a day that is not one, or is in the future, is refused before
// anything is loaded; a file holding records of a month after its received day is not loaded,
// by name. Timeliness counts to the day given, or each file's day from a delivery log, which
// `cairn status --batches` shows.
TEST(KpiDataSharing, TimelinessCountsToTheDayEachFileWasReceived) {
  TempDir dir;
  ASSERT_EQ(
      RunCairn({"synth", "--out", dir.File("s"), "--months", "6", "--scale", "0.05"}).exit_code, 0);
  const std::string db = testing::NewStore(dir);
  const std::string street = dir.File("s/police-uk");
  const std::string july = street + "/2024-07/2024-07-fellshire-street.csv";
  auto bad = RunCairn({"--db", db, "ingest", "police-uk", july, "--received", "2024-07-32"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--received \"2024-07-32\" is not a day (expected YYYY-MM-DD"),
            std::string::npos)
      << bad.err;
  auto future = RunCairn({"--db", db, "ingest", "police-uk", july, "--received", "2999-01-01"});
  EXPECT_EQ(future.exit_code, 2);
  EXPECT_NE(future.err.find("--received 2999-01-01 is after today"), std::string::npos)
      << future.err;
  auto early = RunCairn({"--db", db, "ingest", "police-uk", july, "--received", "2024-06-30"});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_NE(
      early.err.find("not loaded: " + july +
                     ": received 2024-06-30 (the day given for it), but the file holds records of "
                     "2024-07, a month that had not begun that day"),
      std::string::npos)
      << early.err;
  auto both = RunCairn({"--db", db, "ingest", "police-uk", july, "--received", "2024-08-20",
                        "--received-log", dir.File("s/deliveries.csv")});
  EXPECT_EQ(both.exit_code, 2) << both.err;
  auto status = RunCairn({"--db", db, "status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_TRUE(Json::parse(status.out)["sources"].empty()) << "nothing was loaded";

  // July received 2024-08-20 (20 days); the other months from the synthetic delivery log.
  ASSERT_EQ(
      RunCairn({"--db", db, "ingest", "police-uk", july, "--received", "2024-08-20"}).exit_code, 0);
  auto logged = RunCairn(
      {"--db", db, "ingest", "police-uk", street, "--received-log", dir.File("s/deliveries.csv")});
  ASSERT_EQ(logged.exit_code, 0) << logged.err;  // July again: already loaded, keeps its day
  EXPECT_NE(logged.err.find(july + ": already loaded as batch 1; nothing to do (the received day "
                                   "given is not applied"),
            std::string::npos)
      << logged.err;
  std::map<std::string, std::string> received;  // month -> day
  for (const auto& row : testing::CsvRows(ReadText(dir.File("s/deliveries.csv"))))
    if (row[0].rfind("police-uk/", 0) == 0) received[row[0].substr(10, 7)] = row[1];
  ASSERT_EQ(received.size(), 6u);
  received["2024-07"] = "2024-08-20";
  std::map<std::string, std::vector<double>> days;  // quarter -> days to receipt
  for (const auto& [month, day] : received) {
    const int y = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2));
    const int64_t month_end =
        m == 12 ? DaysFromCivil(y + 1, 1, 1) - 1 : DaysFromCivil(y, m + 1, 1) - 1;
    const int64_t got = *ParseDateTime(day, {"%Y-%m-%d"}) / 1440;
    ASSERT_GE(got, month_end) << month;
    days[QuarterOf(month)].push_back(static_cast<double>(got - month_end));
  }
  auto sharing = RunCairn({"--db", db, "kpi", "sharing", "--format", "csv"});
  ASSERT_EQ(sharing.exit_code, 0) << sharing.err;
  int quarters = 0;
  for (const auto& row : testing::CsvRows(sharing.out)) {
    if (row[1] != "police-uk-street") continue;
    std::vector<double>& d = days[row[2]];
    ASSERT_EQ(d.size(), 3u) << row[2];
    std::sort(d.begin(), d.end());
    EXPECT_EQ(std::stod(row[8]), d[1]) << row[2];
    ++quarters;
  }
  EXPECT_EQ(quarters, 2);

  auto batches = RunCairn({"--db", db, "status", "--batches", "--json"});
  ASSERT_EQ(batches.exit_code, 0) << batches.err;
  const Json listed = Json::parse(batches.out)["batches"];
  ASSERT_EQ(listed.size(), 6u);
  for (const Json& b : listed) EXPECT_EQ(b["received"], received[b["period_to"]]) << b.dump();
  auto table = RunCairn({"--db", db, "status", "--batches"});
  EXPECT_NE(table.out.find("2024-07           2024-08-20"), std::string::npos) << table.out;
  auto summary = RunCairn({"--db", db, "status"});
  EXPECT_NE(summary.out.find("last received"), std::string::npos) << summary.out;
  EXPECT_NE(summary.out.find(received["2024-12"]), std::string::npos) << summary.out;
}

}  // namespace
}  // namespace cairn
