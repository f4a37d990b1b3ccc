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
    return "[[kpi]]\nid = \"y\"\nname = \"Y\"\npriority = \"2\"\nkind = \"outcome\"\nmeasure = \"" +
           measure + "\"\nwhere = '" + where + "'\nperiod = \"year\"\n";
  }

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
  EXPECT_EQ(Load("[[kpi]]\nid = \"c\"\nname = \"C\"\npriority = \"2\"\nkind = \"outcome\"\n"
                 "measure = \"count\"\nwhere = 'serious_violence and suspect.age < 18'\n"),
            "");
}

TEST_F(KpiCatalogueChecks, ABreakdownByPartnerIsForEventAndDataSharingMeasures) {
  const std::string head =
      "[[kpi]]\nid = \"b\"\nname = \"B\"\npriority = \"2\"\nkind = \"output\"\n";
  EXPECT_EQ(Load(head + "measure = \"timeliness\"\nby = \"partner\"\n"), "");
  EXPECT_EQ(Load(head + "measure = \"count\"\nwhere = 'lsoa = \"\"'\nby = \"partner\"\n"), "");
  std::string m = Load(head + "measure = \"timeliness\"\nby = \"agency\"\n");
  EXPECT_NE(m.find("kpi \"b\", by: \"agency\" is not a breakdown"), std::string::npos) << m;
  m = Load(head + "measure = \"referrals\"\nprogrammes = [\"1CLIC\"]\nby = \"partner\"\n");
  EXPECT_NE(m.find("kpi \"b\", by: only event measures and the data-sharing measures"),
            std::string::npos)
      << m;
}

}  // namespace
}  // namespace cairn
