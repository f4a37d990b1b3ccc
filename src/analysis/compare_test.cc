#include "analysis/compare.h"

#include <gtest/gtest.h>

namespace cairn {
namespace {

// Three forces of one district each, and City of London. Counts and populations are chosen so the
// rates and intervals can be worked by hand (stats/rates.h: exact Poisson below 10 events).
ForceFigures ThreeForces() {
  ForceFigures f;
  f.links = {{"E06000001", "Alpha District", "", "", "E23000101", "Alpha"},
             {"E06000002", "Beta District", "", "", "E23000102", "Beta"},
             {"E06000003", "Gamma District", "", "", "E23000103", "Gamma"},
             {"E09000001", "City of London", "", "", "E23000034", "London, City of"}};
  for (const auto& [code, people] :
       std::vector<std::pair<std::string, double>>{{"E06000001", 100000},
                                                   {"E06000002", 200000},
                                                   {"E06000003", 100000},
                                                   {"E09000001", 8000}})
    f.districts.push_back({"district", code, "", "population", "2023", people});
  f.forces = {{"force", "E23000101", "Alpha8,9", "homicide", "2024-06", 2},
              {"force", "E23000102", "Beta", "homicide", "2024-06", 40},
              {"force", "", "GAMMA", "homicide", "2024-06", 30},  // matched by name
              {"force", "E23000034", "City of London", "homicide", "2024-06", 1},
              {"force", "", "British Transport Police", "homicide", "2024-06", 3}};
  return f;
}

TEST(CompareForces, RanksByRateLowestFirstAndLeavesOutCityOfLondon) {
  auto c = CompareForces(ThreeForces(), {"homicide", "", std::nullopt, "Gamma Constabulary"});
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->rows.size(), 4u);
  EXPECT_EQ(c->ranked, 3);
  // Alpha 2/100,000 = 0.02 per 1,000; Beta 40/200,000 = 0.2; Gamma 30/100,000 = 0.3.
  EXPECT_EQ(c->rows[0].name, "Alpha");
  EXPECT_DOUBLE_EQ(*c->rows[0].rate.value, 0.02);
  EXPECT_EQ(c->rows[1].name, "Beta");
  EXPECT_EQ(c->rows[2].name, "Gamma");
  EXPECT_EQ(c->rows[2].rank, 3);
  EXPECT_EQ(c->rows[3].code, "E23000034");
  EXPECT_EQ(c->rows[3].rank, 0);
  EXPECT_EQ(c->population_year, 2023);  // the year before 2024, loaded
  ASSERT_TRUE(c->area.has_value());
  EXPECT_EQ(c->rows[*c->area].name, "Gamma");
  // Exact interval of 2 events: qchisq(0.025, 4)/2 = 0.2422 .. qchisq(0.975, 6)/2 = 7.2247, per
  // 100,000 people, per 1,000.
  EXPECT_NEAR(*c->rows[0].rate.lower95, 0.2422093 / 100, 1e-7);
  EXPECT_NEAR(*c->rows[0].rate.upper95, 7.224687 / 100, 1e-6);
  // Gamma's interval (Byar's, 30 events: 0.2024 .. 0.4283) overlaps Beta's (0.1429 .. 0.2724),
  // not Alpha's: it could be 2nd or 3rd.
  EXPECT_EQ(c->rank_best, 2);
  EXPECT_EQ(c->rank_worst, 3);
  EXPECT_EQ(c->overlapping, 1);
  bool btp = false;
  for (const std::string& note : c->notes) btp |= note.find("British Transport Police") == 0;
  EXPECT_TRUE(btp) << "an unmatched force is named, never dropped";
}

TEST(CompareForces, AForceWithoutAPopulationOrFigureIsNotRankedAndSaysWhy) {
  ForceFigures f = ThreeForces();
  f.districts[1].value = 0;          // Beta's district: no residents
  f.forces[0].value = std::nullopt;  // Alpha: ".." in the table
  auto c = CompareForces(f, {"homicide", "", std::nullopt, "Beta"});
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->ranked, 1);
  for (const ForceRow& r : c->rows) {
    if (r.name == "Gamma") {
      EXPECT_EQ(r.rank, 1);
    } else if (r.name == "Beta") {
      EXPECT_NE(r.not_ranked.find("population"), std::string::npos) << r.not_ranked;
    } else if (r.name == "Alpha") {
      EXPECT_NE(r.not_ranked.find("missing"), std::string::npos) << r.not_ranked;
    }
  }
  EXPECT_NE(c->stability.find("not ranked"), std::string::npos) << c->stability;
}

TEST(CompareForces, ALookupThatSplitsADistrictGivesNoPopulationForItsForces) {
  ForceFigures f = ThreeForces();
  f.links.push_back({"E06000001", "Alpha District", "", "", "E23000102", "Beta"});
  std::vector<std::string> notes;
  auto populations = ForcePopulations(f, 2023, &notes);
  EXPECT_FALSE(populations.count("E23000101"));
  EXPECT_FALSE(populations.count("E23000102"));
  EXPECT_EQ(populations.at("E23000103"), 100000);
  ASSERT_FALSE(notes.empty());
  EXPECT_NE(notes[0].find("splits district E06000001"), std::string::npos) << notes[0];
}

TEST(CompareForces, UsageErrorsNameWhatIsLoaded) {
  auto c = CompareForces(ThreeForces(), {"robbery", "", std::nullopt, ""});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("measures loaded: homicide"), std::string::npos);
  c = CompareForces(ThreeForces(), {"homicide", "2019-12", std::nullopt, ""});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("2024-06"), std::string::npos);
  c = CompareForces(ThreeForces(), {"homicide", "", 2011, ""});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("years loaded: 2023"), std::string::npos);
  c = CompareForces(ThreeForces(), {"homicide", "", std::nullopt, "Omega"});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("no force matches the area \"Omega\""), std::string::npos);
}

TEST(CompareForces, ForceNamesFromDifferentTablesMatch) {
  EXPECT_EQ(ForceKey("Cumbria Constabulary"), ForceKey("CUMBRIA8"));
  EXPECT_EQ(ForceKey("Devon & Cornwall Police"), ForceKey("Devon and Cornwall"));
  EXPECT_EQ(ForceKey("Metropolitan Police Service"), ForceKey("Metropolitan Police"));
  EXPECT_NE(ForceKey("Cumbria"), ForceKey("Cambria"));
}

TEST(CompareForces, TheAreaIsTheForceOfMostOfTheGivenEvents) {
  Frame frame;
  for (const char* force : {"North", "North", "South", "South", "South"})
    frame.force.codes().push_back(frame.force.Intern(force));
  frame.rows = 5;
  EXPECT_EQ(LargestForce(frame), "South");
  const std::vector<uint8_t> first_two = {1, 1, 0, 0, 1};
  EXPECT_EQ(LargestForce(frame, &first_two), "North");
  EXPECT_EQ(LargestForce(Frame()), "");
}

}  // namespace
}  // namespace cairn
