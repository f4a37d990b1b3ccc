// The training KPIs (professionals trained and their agencies, understanding after minus before,
// feedback) from training logs loaded through profiles/training.toml: on a log written here, with
// every figure worked out by this test from its own rows, and on the synthetic county's log,
// recounted from the CSV. A quarter no log covers is no data, never 0; the public report shows no
// count from 1 to 4.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace cairn {
namespace {

using Json = nlohmann::json;
using testing::CsvRows;
using testing::ReadText;
using testing::RunCairn;
using testing::TempDir;
using testing::WriteText;

const char kHeader[] =
    "AttendeeName,AttendeeEmail,Agency,Course,Date,UnderstandingBefore,UnderstandingAfter,"
    "Feedback\n";
const char kPractice[] = "Trauma-informed practice";
const char kDomesticAbuse[] = "Trauma-informed domestic abuse";
const std::vector<std::string> kKpis = {"p2-trauma-informed-trained",
                                        "p2-trauma-informed-understanding", "p3-da-training",
                                        "p3-da-training-feedback"};

// One attendance as a CSV row; 0 is a blank score.
struct Row {
  std::string name, agency, course, date;
  int before, after, feedback;
};

std::string Csv(const std::vector<Row>& rows) {
  std::string out = kHeader;
  auto score = [](int v) { return v > 0 ? std::to_string(v) : std::string(); };
  for (const Row& r : rows)
    out += r.name + "," + r.name + "@example.org," + r.agency + "," + r.course + "," + r.date +
           "," + score(r.before) + "," + score(r.after) + "," + score(r.feedback) + "\n";
  return out;
}

std::string Quarter(const std::string& ddmmyyyy) {
  const int month = std::stoi(ddmmyyyy.substr(3, 2));
  return ddmmyyyy.substr(6, 4) + "-Q" + std::to_string((month - 1) / 3 + 1);
}

// What each KPI should say for a quarter, worked out from the rows.
struct Expected {
  std::set<std::string> professionals, agencies;
  std::vector<double> changes, ratings;
};

std::map<std::string, Expected> Recount(const std::vector<Row>& rows, const std::string& course) {
  std::map<std::string, Expected> out;
  for (const Row& r : rows) {
    if (r.course != course) continue;
    Expected& e = out[Quarter(r.date)];
    e.professionals.insert(r.name);
    e.agencies.insert(r.agency);
    if (r.before > 0 && r.after > 0) e.changes.push_back(r.after - r.before);
    if (r.feedback > 0) e.ratings.push_back(r.feedback);
  }
  return out;
}

double MeanOf(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

double SdOf(const std::vector<double>& v) {
  const double mean = MeanOf(v);
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(v.size() - 1));
}

Json Compute(const std::string& db) {
  std::vector<std::string> args = {"--db", db, "kpi", "compute", "--format", "json"};
  for (const std::string& id : kKpis) args.insert(args.end(), {"--kpi", id});
  auto r = RunCairn(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  Json by_id;
  if (r.exit_code != 0) return by_id;
  const Json all = Json::parse(r.out);
  for (const Json& k : all["kpis"]) by_id[k["id"].get<std::string>()] = k;
  return by_id;
}

const Json* PointOf(const Json& kpi, const std::string& period) {
  for (const Json& p : kpi["points"])
    if (p["period"] == period) return &p;
  return nullptr;
}

int Ingest(const std::string& db, const std::string& file) {
  auto r = RunCairn({"--db", db, "ingest", "--profile",
                     std::string(CAIRN_SOURCE_DIR) + "/profiles/training.toml", file});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code;
}

// The first quarter: twelve professionals of three agencies at the practice course (two come
// twice), eleven pairs of scores; three at the domestic abuse course. The third quarter: four at
// the practice course, eleven at the domestic abuse course with eleven feedback ratings. The
// second quarter is in no log.
std::vector<Row> FirstQuarter() {
  std::vector<Row> rows;
  const char* agencies[] = {"Council", "NHS", "Police"};
  for (int i = 0; i < 12; ++i)
    rows.push_back({"pro" + std::to_string(i), agencies[i % 3], kPractice,
                    (i < 6 ? "10/01/2024" : "14/03/2024"), 2 + i % 5,
                    (i == 3 || i == 7) ? 0 : 5 + i % 4, 3 + i % 3});
  rows.push_back({"pro0", "Council", kPractice, "15/03/2024", 6, 9, 5});
  rows.push_back({"pro1", "NHS", kPractice, "15/03/2024", 0, 8, 0});
  for (int i = 0; i < 3; ++i)
    rows.push_back({"da" + std::to_string(i), "Police", kDomesticAbuse, "20/02/2024", 3, 7, 4});
  rows.push_back({"other", "Council", "Safeguarding adults refresher", "20/02/2024", 3, 7, 4});
  return rows;
}

std::vector<Row> ThirdQuarter() {
  std::vector<Row> rows;
  for (int i = 0; i < 4; ++i)
    rows.push_back({"pro" + std::to_string(i), "Council", kPractice, "02/07/2024", 4, 6, 4});
  const char* agencies[] = {"Police", "Domestic Abuse Service", "Council", "NHS", "Schools"};
  for (int i = 0; i < 11; ++i)
    rows.push_back({"da" + std::to_string(i), agencies[i % 5], kDomesticAbuse,
                    (i < 5 ? "09/07/2024" : "24/09/2024"), 3, 6, 1 + (i * 7) % 5});
  return rows;
}

TEST(KpiTraining, AHandMadeLogGivesTheFiguresWorkedOutFromItsRows) {
  TempDir dir;
  const std::string db = testing::NewStore(dir);
  // No training log loaded: no data, never 0.
  Json before = Compute(db);
  for (const std::string& id : kKpis) {
    EXPECT_TRUE(before[id]["points"].empty()) << before[id].dump();
    EXPECT_NE(before[id]["notes"].dump().find("no data loaded that this KPI reads"),
              std::string::npos);
  }
  const std::vector<Row> q1 = FirstQuarter(), q3 = ThirdQuarter();
  WriteText(dir.File("training-q1.csv"), Csv(q1));
  WriteText(dir.File("training-q3.csv"), Csv(q3));
  ASSERT_EQ(Ingest(db, dir.File("training-q1.csv")), 0);
  ASSERT_EQ(Ingest(db, dir.File("training-q3.csv")), 0);
  Json kpis = Compute(db);

  std::vector<Row> all = q1;
  all.insert(all.end(), q3.begin(), q3.end());
  for (const auto& [id, course] : std::vector<std::pair<std::string, std::string>>{
           {"p2-trauma-informed-trained", kPractice},
           {"p2-trauma-informed-understanding", kPractice},
           {"p3-da-training", kDomesticAbuse},
           {"p3-da-training-feedback", kDomesticAbuse}}) {
    SCOPED_TRACE(id);
    const Json& kpi = kpis[id];
    ASSERT_EQ(kpi["points"].size(), 3u) << kpi.dump();
    // The second quarter is in no log.
    const Json* q2 = PointOf(kpi, "2024-Q2");
    ASSERT_NE(q2, nullptr);
    EXPECT_TRUE((*q2)["value"].is_null());
    EXPECT_NE(q2->value("no_data", "").find("no data loaded for 2024-04, 2024-05, 2024-06"),
              std::string::npos)
        << q2->dump();
    for (const auto& [quarter, e] : Recount(all, course)) {
      SCOPED_TRACE(quarter);
      const Json* p = PointOf(kpi, quarter);
      ASSERT_NE(p, nullptr);
      const std::string measure = kpi["measure"];
      if (measure == "trained") {
        EXPECT_EQ((*p)["value"], e.professionals.size());
        EXPECT_EQ((*p)["agencies"], e.agencies.size());
        continue;
      }
      const std::vector<double>& values = measure == "feedback" ? e.ratings : e.changes;
      if (values.size() < 10) {
        EXPECT_TRUE((*p)["value"].is_null());
        EXPECT_EQ(p->value("no_data", "").rfind("too few responses: fewer than 10", 0), 0u)
            << p->dump();
        continue;
      }
      // Student's t at 0.975 for the degrees of freedom here (R: qt(0.975, 10)).
      ASSERT_EQ(values.size(), 11u);
      const double half = 2.228139 * SdOf(values) / std::sqrt(11.0);
      EXPECT_NEAR((*p)["value"].get<double>(), MeanOf(values), 1e-9);
      EXPECT_NEAR((*p)["lower95"].get<double>(), MeanOf(values) - half, 1e-5);
      EXPECT_NEAR((*p)["upper95"].get<double>(), MeanOf(values) + half, 1e-5);
      EXPECT_EQ((*p)["responses"], values.size());
    }
  }
  // The cases the rows were written to give (so the loop above checked each branch).
  EXPECT_EQ(PointOf(kpis["p2-trauma-informed-trained"], "2024-Q1")->at("value"), 12);
  EXPECT_TRUE(
      PointOf(kpis["p2-trauma-informed-understanding"], "2024-Q1")->at("value").is_number());
  EXPECT_TRUE(PointOf(kpis["p3-da-training-feedback"], "2024-Q3")->at("value").is_number());
  EXPECT_TRUE(PointOf(kpis["p3-da-training-feedback"], "2024-Q1")->at("value").is_null());

  // The public report: the three professionals and one agency trained in domestic abuse in the
  // first quarter are hidden.
  auto r = RunCairn({"--db", db, "kpi", "report", "--public", "--period", "2024-Q3", "--out",
                     dir.File("public.html"), "--json", dir.File("public.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json report = Json::parse(ReadText(dir.File("public.json")));
  for (const Json& k : report["kpis"]) {
    if (k["id"] != "p3-da-training") continue;
    const Json* p = PointOf(k, "2024-Q1");
    ASSERT_NE(p, nullptr);
    EXPECT_TRUE((*p)["value"].is_null()) << p->dump();
    EXPECT_FALSE(p->contains("agencies")) << p->dump();
    EXPECT_EQ(p->value("no_data", "").rfind("suppressed", 0), 0u) << p->dump();
  }
}

// The synthetic county's log, recounted here from training.csv by quarter and course.
TEST(KpiTraining, TheSyntheticCountyAgreesWithItsTrainingLog) {
  TempDir dir;
  ASSERT_EQ(
      RunCairn({"synth", "--out", dir.File("s"), "--months", "24", "--scale", "0.2"}).exit_code, 0);
  const auto csv = CsvRows(ReadText(dir.File("s/training.csv")));
  ASSERT_GT(csv.size(), 200u);  // a few hundred attendances a year
  ASSERT_EQ(csv[0].size(), 8u);
  std::vector<Row> rows;
  for (size_t i = 1; i < csv.size(); ++i) {
    auto score = [&](size_t c) { return csv[i][c].empty() ? 0 : std::stoi(csv[i][c]); };
    rows.push_back({csv[i][0] + "|" + csv[i][1], csv[i][2], csv[i][3], csv[i][4], score(5),
                    score(6), score(7)});
  }
  const std::string db = testing::NewStore(dir);
  ASSERT_EQ(Ingest(db, dir.File("s/training.csv")), 0);
  Json kpis = Compute(db);
  int means = 0;
  for (const auto& [id, course] : std::vector<std::pair<std::string, std::string>>{
           {"p2-trauma-informed-trained", kPractice},
           {"p2-trauma-informed-understanding", kPractice},
           {"p3-da-training", kDomesticAbuse},
           {"p3-da-training-feedback", kDomesticAbuse}}) {
    SCOPED_TRACE(id);
    const Json& kpi = kpis[id];
    const std::map<std::string, Expected> expected = Recount(rows, course);
    EXPECT_GE(kpi["points"].size(), 8u);
    for (const Json& p : kpi["points"]) {
      const std::string quarter = p["period"];
      auto e = expected.find(quarter);
      ASSERT_NE(e, expected.end()) << quarter;
      const std::string measure = kpi["measure"];
      if (measure == "trained") {
        EXPECT_EQ(p["value"], e->second.professionals.size()) << quarter;
        EXPECT_EQ(p["agencies"], e->second.agencies.size()) << quarter;
        continue;
      }
      const auto& values = measure == "feedback" ? e->second.ratings : e->second.changes;
      if (values.size() < 10) {
        EXPECT_TRUE(p["value"].is_null()) << quarter;
        continue;
      }
      ++means;
      EXPECT_NEAR(p["value"].get<double>(), MeanOf(values), 1e-9) << quarter;
      EXPECT_EQ(p["responses"], values.size()) << quarter;
      // Training improves understanding in the synthetic county.
      if (measure == "understanding_change") {
        EXPECT_GT(p["lower95"].get<double>(), 0) << quarter;
      }
    }
  }
  EXPECT_GT(means, 8);
}

}  // namespace
}  // namespace cairn
