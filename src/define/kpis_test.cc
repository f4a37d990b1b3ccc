// The KPI catalogue's checks on entries a partnership might write: each refused with the file, the
// KPI and the problem, against the shipped definitions (config/definitions).
#include "define/kpis.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "define/configuration.h"

namespace cairn {
namespace {

namespace fs = std::filesystem;

class KpiCatalogueChecks : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto config = Configuration::Load(std::string(CAIRN_SOURCE_DIR) + "/config");
    ASSERT_TRUE(config.ok()) << config.status().message();
    config_ = new Configuration(std::move(*config));
  }
  static void TearDownTestSuite() {
    delete config_;
    config_ = nullptr;
  }

  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cairn-kpis-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Loads a catalogue of one file holding `toml`; the status's message, "" when it loads.
  std::string Load(const std::string& toml) {
    std::ofstream(dir_ / "test.toml") << toml;
    auto catalogue = KpiCatalogue::LoadDirectory(dir_.string(), config_->definitions.expressions());
    return catalogue.ok() ? "" : catalogue.status().message();
  }

  // A youth justice KPI of `measure` with the expression `where`.
  static std::string Youth(const std::string& measure, const std::string& where) {
    return std::string(
               "[[kpi]]\nid = \"y\"\nname = \"Y\"\npriority = \"2\"\nkind = \"outcome\"\n") +
           kFilled + "measure = \"" + measure + "\"\nwhere = '" + where + "'\nperiod = \"year\"\n";
  }

  // The keys every entry must have besides its id, name, priority, kind and measure.
  static constexpr char kFilled[] = "evidences = \"E\"\nimprovement = \"decrease\"\n";

  static Configuration* config_;
  fs::path dir_;
};
Configuration* KpiCatalogueChecks::config_ = nullptr;

// Outcomes have an offence code and nothing else: an age, a marker or a category in a youth KPI's
// expression would select no outcome at all, silently. The catalogue refuses it.
TEST_F(KpiCatalogueChecks, AYouthKpiTestingMoreThanTheOffenceCodeIsRefused) {
  for (const char* measure : {"first_time_entrants", "proven_reoffending"}) {
    std::string m = Load(Youth(measure, "serious_violence and suspect.age < 18"));
    EXPECT_NE(m.find("test.toml: kpi \"y\", where: \"suspect.age\" cannot select a justice "
                     "outcome"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find(std::string("a ") + measure + " KPI selects justice outcomes"),
              std::string::npos)
        << m;
    m = Load(Youth(measure, "serious_violence and marker.knife"));
    EXPECT_NE(m.find("\"marker.knife\" cannot select a justice outcome"), std::string::npos) << m;
    m = Load(Youth(measure, "category = \"Robbery\""));
    EXPECT_NE(m.find("\"category\" cannot select"), std::string::npos) << m;
    m = Load(Youth(measure, "serious_violence and hour() >= 18"));
    EXPECT_NE(m.find("\"hour()\" cannot select"), std::string::npos) << m;
    // A definition resting wholly on fields an outcome has not (police.uk's crime types).
    m = Load(Youth(measure, "serious_violence_coarse"));
    EXPECT_NE(m.find("where: definition \"serious_violence_coarse\" selects no offence by its code "
                     "alone"),
              std::string::npos)
        << m;
  }
  // The offence code, and definitions that select by it (serious_violence's marker-only parts
  // select no outcome, as docs/kpis.md says, but its code parts do), are what outcomes carry.
  EXPECT_EQ(Load(Youth("first_time_entrants", "serious_violence")), "");
  EXPECT_EQ(Load(Youth("first_time_entrants", "homicide or offence.code in (\"8N\", \"34A\")")),
            "");
  EXPECT_EQ(Load(Youth("first_time_entrants", "knife_crime and not offence = \"90\"")), "");
  // Event KPIs test whatever the events carry.
  EXPECT_EQ(Load("[[kpi]]\nid = \"c\"\nname = \"C\"\npriority = \"2\"\nkind = \"outcome\"\n" +
                 std::string(kFilled) +
                 "measure = \"count\"\nwhere = 'serious_violence and suspect.age < 18'\n"),
            "");
}

TEST_F(KpiCatalogueChecks, ABreakdownByPartnerIsForEventAndDataSharingMeasures) {
  const std::string head =
      "[[kpi]]\nid = \"b\"\nname = \"B\"\npriority = \"2\"\nkind = \"output\"\n" +
      std::string(kFilled);
  EXPECT_EQ(Load(head + "measure = \"timeliness\"\nby = \"partner\"\n"), "");
  EXPECT_EQ(Load(head + "measure = \"count\"\nwhere = 'lsoa = \"\"'\nby = \"partner\"\n"), "");
  std::string m = Load(head + "measure = \"timeliness\"\nby = \"agency\"\n");
  EXPECT_NE(m.find("kpi \"b\", by: \"agency\" is not a breakdown"), std::string::npos) << m;
  m = Load(head + "measure = \"referrals\"\nprogrammes = [\"1CLIC\"]\nby = \"partner\"\n");
  EXPECT_NE(m.find("kpi \"b\", by: only event measures and the data-sharing measures"),
            std::string::npos)
      << m;
}

// A count KPI of `period` with the extra lines `more`.
std::string Count(const std::string& period, const std::string& more) {
  return "[[kpi]]\nid = \"k\"\nname = \"K\"\npriority = \"1\"\nkind = \"outcome\"\n"
         "evidences = \"E\"\nimprovement = \"decrease\"\nmeasure = \"count\"\n"
         "where = \"serious_violence\"\nperiod = \"" +
         period + "\"\n" + more;
}

TEST_F(KpiCatalogueChecks, AnEntryNeedsWhatItEvidencesAndWhichWayIsBetter) {
  EXPECT_EQ(Load(Count("quarter", "")), "");
  const std::string bare =
      "[[kpi]]\nid = \"k\"\nname = \"K\"\npriority = \"1\"\nkind = \"outcome\"\n"
      "measure = \"count\"\nwhere = \"serious_violence\"\n";
  std::string m = Load(bare);
  EXPECT_NE(m.find("test.toml: kpi \"k\", evidences: missing"), std::string::npos) << m;
  EXPECT_NE(m.find("test.toml: kpi \"k\", improvement: missing (one of increase, decrease, "
                   "neutral)"),
            std::string::npos)
      << m;
}

// The SNA's sections are kSnaSectionIds: "drivers" is one, "driver" is not, and the message
// lists them.
TEST_F(KpiCatalogueChecks, AnSnaSectionMustBeOneTheSnaHas) {
  EXPECT_EQ(Load(Count("quarter", "sna_section = \"drivers\"\n")), "");
  EXPECT_EQ(Load(Count("quarter", "sna_section = \"data-quality\"\n")), "");
  std::string m = Load(Count("quarter", "sna_section = \"driver\"\n"));
  EXPECT_NE(m.find("test.toml: kpi \"k\", sna_section: \"driver\" is not a section of the SNA "
                   "(headline, categories, trends, where, when, who, drivers, compare, "
                   "data-quality, methods)"),
            std::string::npos)
      << m;
}

// New limits start at one of the KPI's periods: a month may not start a quarter (2023-07 does, but
// 2023-08 would not), a quarter not a year. A longer period starts at one of its own.
TEST_F(KpiCatalogueChecks, ARebaseIsAPeriodOfTheKpisKindOrALongerOne) {
  auto rebase = [](const std::string& at) {
    return "[[kpi.rebase]]\nperiod = \"" + at + "\"\nwhat = \"a programme started\"\n";
  };
  EXPECT_EQ(Load(Count("quarter", "") + rebase("2023-Q3")), "");
  EXPECT_EQ(Load(Count("quarter", "") + rebase("2023")), "");
  EXPECT_EQ(Load(Count("month", "") + rebase("2023-07")), "");
  EXPECT_EQ(Load(Count("month", "") + rebase("2023-Q3")), "");
  std::string m = Load(Count("quarter", "") + rebase("2023-07"));
  EXPECT_NE(m.find("test.toml: kpi \"k\", rebase: period \"2023-07\" is not a year or a quarter "
                   "(2023 or 2023-Q2): the KPI is quarterly"),
            std::string::npos)
      << m;
  m = Load(Count("year", "") + rebase("2023-Q1"));
  EXPECT_NE(m.find("rebase: period \"2023-Q1\" is not a year (2023): the KPI is yearly"),
            std::string::npos)
      << m;
  m = Load(Count("year", "baseline = \"2022-Q1\"\n"));
  EXPECT_NE(m.find("baseline: \"2022-Q1\" is not a year (2023): the KPI is yearly"),
            std::string::npos)
      << m;
}

// chart: xmr (default), c for counts, u for a share or a rate; fix_after: 12 points or more.
TEST_F(KpiCatalogueChecks, TheChartFitsTheMeasureAndLimitsAreFixedAfterTwelvePointsOrMore) {
  EXPECT_EQ(Load(Count("quarter", "chart = \"c\"\nfix_after = 12\n")), "");
  EXPECT_EQ(Load(Count("quarter", "chart = \"xmr\"\n")), "");
  std::string m = Load(Count("quarter", "chart = \"p\"\n"));
  EXPECT_NE(m.find("kpi \"k\", chart: \"p\" is not one of xmr, c, u"), std::string::npos) << m;
  m = Load(Count("quarter", "chart = \"u\"\n"));
  EXPECT_NE(m.find("kpi \"k\", chart: a u chart is for a count over an exposure"),
            std::string::npos)
      << m;
  const std::string share =
      "[[kpi]]\nid = \"s\"\nname = \"S\"\npriority = \"2\"\nkind = \"output\"\n" +
      std::string(kFilled) + "measure = \"proportion\"\nwhere = 'lsoa != \"\"'\nof = \"true\"\n";
  EXPECT_EQ(Load(share + "chart = \"u\"\n"), "");
  m = Load(share + "chart = \"c\"\n");
  EXPECT_NE(m.find("kpi \"s\", chart: a c chart is for counts"), std::string::npos) << m;
  for (const char* bad : {"11", "0", "12.5", "\"twelve\""}) {
    m = Load(Count("quarter", std::string("fix_after = ") + bad + "\n"));
    EXPECT_NE(m.find("kpi \"k\", fix_after: expected a whole number of points, at least 12"),
              std::string::npos)
        << bad << ": " << m;
  }
}

// A figure people report by quarter says how its quarters make a year: summed (a flow) or not (a
// level); a computed KPI, or one reported by year, takes no such key.
TEST_F(KpiCatalogueChecks, AReportedKpiByQuarterSaysHowItsQuartersMakeAYear) {
  auto reported = [](const std::string& period, const std::string& extra) {
    return "[[kpi]]\nid = \"r\"\nname = \"R\"\npriority = \"1\"\nkind = \"output\"\n" +
           std::string(kFilled) + "measure = \"reported\"\nperiod = \"" + period + "\"\n" + extra;
  };
  for (const char* ok : {"sum", "mean", "last"})
    EXPECT_EQ(Load(reported("quarter", std::string("year_figure = \"") + ok + "\"\n")), "") << ok;
  EXPECT_EQ(Load(reported("year", "")), "");
  std::string m = Load(reported("quarter", ""));
  EXPECT_NE(m.find("kpi \"r\", year_figure: missing: how the quarters of a reported KPI make its "
                   "year"),
            std::string::npos)
      << m;
  m = Load(reported("month", "year_figure = \"total\"\n"));
  EXPECT_NE(m.find("kpi \"r\", year_figure: \"total\" is not one of"), std::string::npos) << m;
  m = Load(reported("year", "year_figure = \"sum\"\n"));
  EXPECT_NE(m.find("kpi \"r\", year_figure: the KPI is reported by year"), std::string::npos) << m;
  m = Load(Count("quarter", "year_figure = \"sum\"\n"));
  EXPECT_NE(m.find("kpi \"k\", year_figure: only a reported KPI takes it"), std::string::npos) << m;
}

// The shipped catalogue reads without a problem.
TEST_F(KpiCatalogueChecks, TheShippedCatalogueReads) {
  EXPECT_TRUE(config_->kpi_problems.ok()) << config_->kpi_problems.message();
  EXPECT_FALSE(config_->kpis.kpis.empty());
}

}  // namespace
}  // namespace cairn
