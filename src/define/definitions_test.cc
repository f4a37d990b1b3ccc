#include "define/definitions.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "define/expr.h"
#include "define/harm.h"
#include "model/codes.h"
#include "model/offence_codes.h"
#include "snapshot/frame.h"
#include "util/dates.h"

namespace cairn {
namespace {

const std::string kConfigDir = CAIRN_SOURCE_DIR "/config";

DefinitionCatalog LoadShipped() {
  auto catalog = DefinitionCatalog::LoadDirectory(kConfigDir + "/definitions");
  EXPECT_TRUE(catalog.ok()) << catalog.status().message();
  return std::move(catalog).value();
}

// A minimal well-formed set file with one definition per (name, expr) pair.
std::string SetFile(const std::string& set_name, bool is_default,
                    const std::vector<std::pair<std::string, std::string>>& definitions) {
  std::string text = "[set]\nname = \"" + set_name + "\"\nversion = 1\ntitle = \"" + set_name +
                     "\"\ndefault = " + (is_default ? "true" : "false") + "\n";
  for (const auto& [name, expr] : definitions) {
    text += "\n[[definition]]\nname = \"" + name + "\"\ntitle = \"" + name + "\"\nexpr = '" + expr +
            "'\n";
  }
  return text;
}

std::string LoadError(const std::vector<DefinitionFile>& files) {
  auto catalog = DefinitionCatalog::LoadFiles(files);
  EXPECT_FALSE(catalog.ok());
  return catalog.ok() ? "" : catalog.status().message();
}

// Every text literal compared with offence.code anywhere in the expression.
void CollectOffenceCodes(const Expr& expr, std::set<std::string>* codes) {
  for (const Expr& child : expr.children) CollectOffenceCodes(child, codes);
  bool compares_code = (expr.kind == Expr::Kind::kIn || expr.kind == Expr::Kind::kCompare) &&
                       expr.subject.kind == Operand::Kind::kField &&
                       expr.subject.name == "offence.code";
  if (!compares_code) return;
  for (const Operand& value : expr.values) codes->insert(value.name);
}

TEST(DefinitionCatalog, ShippedSetsLoad) {
  DefinitionCatalog catalog = LoadShipped();
  std::vector<std::string> set_names;
  for (const DefinitionSet& set : catalog.sets()) {
    set_names.push_back(set.name);
    EXPECT_EQ(set.version, 1) << set.name;
    EXPECT_FALSE(set.title.empty()) << set.name;
    EXPECT_FALSE(set.source.empty()) << set.name;
    EXPECT_EQ(set.fingerprint.size(), 16u) << set.name;
  }
  EXPECT_EQ(set_names, (std::vector<std::string>{"cumbria-local", "national-measures",
                                                 "police-uk-coarse", "strategy-categories"}));
  ASSERT_NE(catalog.DefaultSet(), nullptr);
  EXPECT_EQ(catalog.DefaultSet()->name, "cumbria-local");
  EXPECT_EQ(catalog.VersionLabel("serious_violence"), "cumbria-local v1");
  EXPECT_EQ(catalog.VersionLabel("knife_offences"), "national-measures v1");
  EXPECT_EQ(catalog.VersionLabel("strategy-categories"), "strategy-categories v1");
  EXPECT_EQ(catalog.VersionLabel("no_such_definition"), "");
  const Definition* knife = catalog.Find("Knife_Crime");
  ASSERT_NE(knife, nullptr);
  EXPECT_EQ(knife->set_name, "cumbria-local");
  EXPECT_EQ(knife->expr_text,
            "kind = \"crime\" and (marker.knife or offence.code in (\"10D\", \"90\"))");
  EXPECT_FALSE(knife->confirmed);
  EXPECT_FALSE(knife->note.empty());
}

TEST(DefinitionCatalog, ShippedSetsHoldTheIssuesDefinitions) {
  DefinitionCatalog catalog = LoadShipped();
  std::map<std::string, std::vector<std::string>> expected = {
      {"cumbria-local",
       {"homicide", "knife_crime", "gun_crime", "violence_with_injury", "violence_without_injury",
        "violence_against_the_person", "vap_night_time_economy", "vap_domestic_abuse",
        "vap_county_lines", "rape_and_sexual_violence", "robbery", "aggravated_burglary",
        "domestic_abuse", "child_exploitation", "county_lines_and_soc", "exploitation",
        "serious_violence"}},
      {"national-measures",
       {"sharp_object_hospital_admissions", "knife_offences", "recorded_homicides"}},
      {"strategy-categories",
       {"strategy_violence_against_the_person", "strategy_robbery", "strategy_youth_violence",
        "strategy_arson", "strategy_homicide", "strategy_domestic_abuse", "strategy_gun_crime",
        "strategy_child_exploitation", "strategy_knife_crime", "strategy_rape",
        "strategy_violence_with_injury"}},
      {"police-uk-coarse",
       {"police_uk_records", "serious_violence_coarse", "violence_and_sexual_offences_coarse",
        "robbery_coarse", "possession_of_weapons_coarse", "criminal_damage_and_arson_coarse",
        "drugs_coarse"}},
  };
  for (const auto& [set_name, names] : expected) {
    const DefinitionSet* set = catalog.FindSet(set_name);
    ASSERT_NE(set, nullptr) << set_name;
    EXPECT_EQ(set->definitions, names) << set_name;
  }
}

TEST(DefinitionCatalog, EveryShippedExpressionParsesAndChecks) {
  DefinitionCatalog catalog = LoadShipped();
  for (const std::string& name : catalog.Names()) {
    const Definition* def = catalog.Find(name);
    Result<Expr> expr = ParseExpr(def->expr_text);
    ASSERT_TRUE(expr.ok()) << name << ": " << expr.status().message();
    Status checked = CheckExpr(*expr, catalog.expressions());
    EXPECT_TRUE(checked.ok()) << name << ": " << checked.message();
    // The canonical form reads back as the same expression.
    Result<Expr> again = ParseExpr(ToString(*expr));
    ASSERT_TRUE(again.ok()) << name;
    EXPECT_EQ(ToString(*again), ToString(*expr)) << name;
    EXPECT_TRUE(def->confirmed || !def->note.empty()) << name;
  }
}

// Every offence code a shipped definition names is one ingest accepts, and a definition marked
// confirmed names no code that is unconfirmed in config/offence_codes.toml or among the current
// violence codes METHODS.md 7.1 lists as from memory.
TEST(DefinitionCatalog, ShippedOffenceCodesAreKnownAndConfirmedOnlyWhenChecked) {
  DefinitionCatalog catalog = LoadShipped();
  auto known = OffenceCodes::Load(kConfigDir + "/offence_codes.toml", "offence_codes.toml");
  ASSERT_TRUE(known.ok()) << known.status().message();
  const std::set<std::string> kFromMemory = {"5D",  "5E", "8N", "8P", "105A", "105B",
                                             "104", "8Q", "8R", "8U", "36"};
  for (const std::string& name : catalog.Names()) {
    const Definition* def = catalog.Find(name);
    std::set<std::string> codes;
    CollectOffenceCodes(*catalog.expressions().Find(name), &codes);
    for (const std::string& code : codes) {
      const OffenceCode* entry = known->Find(code);
      ASSERT_NE(entry, nullptr) << name << " names unknown offence code " << code;
      EXPECT_EQ(entry->code, code) << name << ": write codes in canonical spelling";
      if (def->confirmed) {
        EXPECT_TRUE(entry->confirmed) << name << " is confirmed but uses " << code;
        EXPECT_EQ(kFromMemory.count(code), 0u) << name << " is confirmed but uses " << code;
      }
    }
  }
}

// One hand-built event for the sample frame.
struct SampleEvent {
  EventKind kind;
  std::string offence_code;
  std::string category;
  uint16_t markers;
  int victim_age;
  int suspect_age;
  std::string extract;
};

// The sample events; each definition's expected rows below were worked out by hand from what the
// definition means, row by row.
const std::vector<SampleEvent>& SampleEvents() {
  const std::string kViolence = "Violence and sexual offences";
  const std::string kWeapons = "Possession of weapons";
  const std::string kDamage = "Criminal damage and arson";
  const std::string kForce = "recorded-crime";
  const std::string kPoliceUk = "police-uk-street";
  static const std::vector<SampleEvent> events = {
      /* 0 */ {EventKind::kCrime, "1", kViolence, 0, 30, 40, kForce},  // murder
      /* 1 */
      {EventKind::kCrime, "8N", kViolence, kMarkerKnife | kMarkerCountyLines, 19, -1, kForce},
      /* 2 */ {EventKind::kCrime, "10D", kWeapons, 0, -1, 17, kForce},  // bladed article
      /* 3 */ {EventKind::kCrime, "105A", kViolence, kMarkerDomesticAbuse, 34, 36, kForce},
      /* 4 */ {EventKind::kCrime, "28E", "Burglary", 0, 50, -1, kForce},
      /* 5 */ {EventKind::kCrime, "29", "Burglary", 0, 60, -1, kForce},  // aggravated burglary
      /* 6 */ {EventKind::kCrime, "46", "Shoplifting", 0, -1, 22, kForce},
      /* 7 */ {EventKind::kCrime, "", kViolence, 0, -1, -1, kPoliceUk},
      /* 8 */ {EventKind::kCrime, "", kWeapons, 0, -1, -1, kPoliceUk},
      /* 9 */ {EventKind::kEdAttendance, "", "", kMarkerKnife, -1, -1, "ed-istv"},
      /* 10 */ {EventKind::kCrime, "34B", "Robbery", kMarkerKnife, 16, -1, kForce},
      /* 11 */ {EventKind::kCrime, "19C", kViolence, 0, 22, -1, kForce},  // rape
      /* 12 */ {EventKind::kCrime, "92A", "Drugs", kMarkerCountyLines, -1, 16, kForce},
      /* 13 */ {EventKind::kCrime, "56A", kDamage, 0, -1, -1, kForce},   // arson
      /* 14 */ {EventKind::kCrime, "10A", kWeapons, 0, -1, 30, kForce},  // firearm with intent
      /* 15 */ {EventKind::kAsb, "", "Anti-social behaviour", kMarkerAlcohol, -1, -1, kPoliceUk},
      /* 16 */ {EventKind::kIncident, "", "", kMarkerDomesticAbuse, -1, -1, kForce},
      /* 17 */ {EventKind::kCrime, "8U", kViolence, 0, -1, -1, kForce},  // coercive control
      /* 18 */ {EventKind::kCrime, "105A", kViolence, kMarkerNightTimeEconomy, 24, -1, kForce},
      /* 19 */ {EventKind::kCrime, "58A", kDamage, kMarkerDomesticAbuse, 40, 41, kForce},
      /* 20 */ {EventKind::kCrime, "4/4", kViolence, 0, 45, -1, kForce},  // death by driving
      /* 21 */ {EventKind::kCrime, "106", kViolence, 0, -1, -1, kForce},  // modern slavery
      /* 22 */ {EventKind::kCrime, "71", kViolence, kMarkerChildExploitation, 15, -1, kForce},
  };
  return events;
}

Frame SampleFrame() {
  Frame frame;
  frame.data_version = 1;
  for (const SampleEvent& e : SampleEvents()) {
    frame.kind.push_back(static_cast<uint8_t>(e.kind));
    frame.month.push_back(MonthIndex(2024, 5));
    frame.start_minute.push_back(kNoTime);
    frame.end_minute.push_back(kNoTime);
    frame.longitude.push_back(NAN);
    frame.latitude.push_back(NAN);
    frame.markers.push_back(e.markers);
    frame.offence_code.codes().push_back(frame.offence_code.Intern(e.offence_code));
    frame.category.codes().push_back(frame.category.Intern(e.category));
    frame.extract.codes().push_back(frame.extract.Intern(e.extract));
    frame.source.codes().push_back(frame.source.Intern("Sample"));
    for (StringColumn* column :
         {&frame.force, &frame.reported_by, &frame.location, &frame.lsoa, &frame.lsoa_name,
          &frame.outcome, &frame.context, &frame.weapon, &frame.district}) {
      column->codes().push_back(0);
    }
    frame.victim_age.push_back(static_cast<int16_t>(e.victim_age));
    frame.suspect_age.push_back(static_cast<int16_t>(e.suspect_age));
    frame.victim_sex.push_back(static_cast<uint8_t>(Sex::kUnknown));
    frame.suspect_sex.push_back(static_cast<uint8_t>(Sex::kUnknown));
    frame.victims.push_back(e.victim_age >= 0 ? 1 : 0);
    frame.suspects.push_back(e.suspect_age >= 0 ? 1 : 0);
    ++frame.rows;
  }
  return frame;
}

TEST(DefinitionSample, MatchesHandCheckedSampleRecords) {
  const std::map<std::string, std::vector<uint32_t>> expected = {
      // Cumbria local definition.
      {"homicide", {0}},
      {"knife_crime", {1, 2, 10}},  // not 9: an ED attendance, not a crime
      {"gun_crime", {14}},
      {"violence_with_injury", {1}},
      {"violence_without_injury", {3, 18, 21}},
      {"violence_against_the_person", {1, 3, 18, 21}},  // not 0 (homicide), 17 (8U), 20 (driving)
      {"vap_night_time_economy", {18}},
      {"vap_domestic_abuse", {3}},
      {"vap_county_lines", {1}},
      {"rape_and_sexual_violence", {11, 22}},
      {"robbery", {10}},
      {"aggravated_burglary", {5}},     // not 4 (28E, burglary without aggravation)
      {"domestic_abuse", {3, 17, 19}},  // not 16 (an incident, not a crime)
      {"child_exploitation", {22}},
      {"county_lines_and_soc", {1, 12}},
      {"exploitation", {1, 12, 21, 22}},
      {"serious_violence", {0, 1, 2, 3, 5, 10, 11, 12, 14, 17, 18, 19, 21, 22}},
      // National measures.
      {"sharp_object_hospital_admissions", {9}},
      {"knife_offences", {1, 10}},  // not 2: possession is not a selected offence
      {"recorded_homicides", {0}},
      // Strategy categories.
      {"strategy_violence_against_the_person", {0, 1, 3, 17, 18, 20, 21}},
      {"strategy_robbery", {10}},
      {"strategy_youth_violence", {1, 10, 18}},  // not 6 (shoplifting), 11 and 22 (sexual)
      {"strategy_arson", {13}},
      {"strategy_homicide", {0}},
      {"strategy_domestic_abuse", {3, 17, 19}},
      {"strategy_gun_crime", {14}},
      {"strategy_child_exploitation", {22}},
      {"strategy_knife_crime", {1, 2, 10}},
      {"strategy_rape", {11}},
      {"strategy_violence_with_injury", {1}},
      // data.police.uk coarse equivalents (force rows carry their offence group as category).
      {"police_uk_records", {7, 8, 15}},
      {"serious_violence_coarse", {0, 1, 2, 3, 7, 8, 10, 11, 14, 17, 18, 20, 21, 22}},
      {"violence_and_sexual_offences_coarse", {0, 1, 3, 7, 11, 17, 18, 20, 21, 22}},
      {"robbery_coarse", {10}},
      {"possession_of_weapons_coarse", {2, 8, 14}},
      {"criminal_damage_and_arson_coarse", {13, 19}},
      {"drugs_coarse", {12}},
  };
  DefinitionCatalog catalog = LoadShipped();
  Frame frame = SampleFrame();
  ASSERT_EQ(frame.rows, SampleEvents().size());
  for (const std::string& name : catalog.Names()) {
    auto want = expected.find(name);
    if (want == expected.end()) {
      ADD_FAILURE() << name << ": no hand-checked rows for this definition";
      continue;
    }
    auto predicate = Compile(*catalog.expressions().Find(name), frame, catalog.expressions());
    ASSERT_TRUE(predicate.ok()) << name << ": " << predicate.status().message();
    EXPECT_EQ(predicate->SelectRows(frame), want->second) << name;
  }
  EXPECT_EQ(expected.size(), catalog.Names().size());
}

TEST(DefinitionCatalog, LoadDirectoryReadsTomlFilesInNameOrder) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("cairn_definitions_test_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
  };
  write("b-extra.toml",
        SetFile("extra", false, {{"youth_robbery", "robbery and victim.age < 25"}}));
  write("a-local.toml", SetFile("local", true, {{"robbery", R"(offence.code in ("34A", "34B"))"}}));
  write("README.md", "not a definition file");
  auto catalog = DefinitionCatalog::LoadDirectory(dir.string());
  ASSERT_TRUE(catalog.ok()) << catalog.status().message();
  EXPECT_EQ(catalog->Names(), (std::vector<std::string>{"robbery", "youth_robbery"}));
  EXPECT_EQ(catalog->Find("youth_robbery")->file, (dir / "b-extra.toml").string());
  EXPECT_EQ(catalog->VersionLabel("youth_robbery"), "extra v1");

  fs::remove_all(dir);
  fs::create_directories(dir);
  auto empty = DefinitionCatalog::LoadDirectory(dir.string());
  EXPECT_EQ(empty.status().message(), dir.string() + ": no definition files (*.toml)");
  fs::remove_all(dir);
}

// A self-referencing symbolic link named *.toml ended in "internal error: filesystem error".
TEST(DefinitionCatalog, LoadDirectoryNamesASymbolicLinkLoop) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("cairn_definitions_loop_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::create_symlink("loop.toml", dir / "loop.toml");
  auto catalog = DefinitionCatalog::LoadDirectory(dir.string());
  EXPECT_EQ(catalog.status().message(),
            (dir / "loop.toml").string() +
                ": cannot be read as a definition file (Too many levels of symbolic links)");
  fs::remove_all(dir);
}

TEST(DefinitionCatalog, ErrorsNameFileDefinitionAndProblem) {
  const std::string kRobbery = R"(offence.code in ("34A", "34B"))";
  std::string misspelt =
      "[set]\nname = \"local\"\nversion = 1\ntitle = \"Local\"\ndefault = true\n\n"
      "[[definition]]\nname = \"violence\"\ntitle = \"Violence\"\n"
      "exprs = 'category = \"Violence and sexual offences\"'\n";
  EXPECT_EQ(LoadError({{"a.toml", misspelt}}),
            "a.toml: definition \"violence\": \"exprs\" is not a known key (did you mean "
            "\"expr\"?)\n"
            "a.toml: definition \"violence\": \"expr\" is missing");

  EXPECT_EQ(LoadError({{"a.toml", SetFile("local", true, {{"robbery", kRobbery}})},
                       {"b.toml", SetFile("extra", false, {{"robbery", kRobbery}})}}),
            "b.toml: definition \"robbery\" is already defined in a.toml (names must be unique "
            "across all sets)");

  EXPECT_EQ(LoadError({{"a.toml", SetFile("local", true, {{"robbery", kRobbery}})},
                       {"b.toml", SetFile("extra", true, {{"robbery2", kRobbery}})}}),
            "b.toml: default = true, but a.toml is the default already (exactly one set may be "
            "the default)");

  EXPECT_EQ(LoadError({{"a.toml", SetFile("local", false, {{"robbery", kRobbery}})}}),
            "no definition set is marked default = true (expected exactly one, e.g. a.toml)");

  EXPECT_EQ(LoadError({{"a.toml", SetFile("local", true, {{"category", kRobbery}})}}),
            "a.toml: definition \"category\": name \"category\" is a field of the expression "
            "language; choose another name");

  std::string unconfirmed = SetFile("local", true, {{"robbery", kRobbery}}) + "confirmed = false\n";
  EXPECT_EQ(LoadError({{"a.toml", unconfirmed}}),
            "a.toml: definition \"robbery\": confirmed = false needs a \"note\" saying what is "
            "unconfirmed");

  std::string quoted_version = SetFile("local", true, {{"robbery", kRobbery}});
  quoted_version.replace(quoted_version.find("version = 1"), 11, "version = \"1\"");
  EXPECT_EQ(LoadError({{"a.toml", quoted_version}}),
            "a.toml: [set]: \"version\" must be a whole number from 1 (no quotes)");

  EXPECT_EQ(LoadError({{"a.toml", SetFile("Local Set", true, {{"Robbery", kRobbery}})}}),
            "a.toml: [set]: name \"Local Set\" must be lower-case letters, digits and \"-\", "
            "starting with a letter\n"
            "a.toml: definition \"Robbery\": name \"Robbery\" must be lower-case letters, digits "
            "and \"_\", starting with a letter");
}

TEST(DefinitionCatalog, ExpressionErrorsPointAtTheColumn) {
  std::string message = LoadError(
      {{"a.toml", SetFile("local", true, {{"robbery", "offence.code in (\"34A\" \"34B\")"}})}});
  EXPECT_EQ(message.rfind("a.toml: definition \"robbery\": column 24: ", 0), 0u) << message;
  EXPECT_NE(message.find("\n    offence.code in (\"34A\" \"34B\")\n"
                         "                           ^"),
            std::string::npos)
      << message;
}

TEST(DefinitionCatalog, UnknownReferenceIsAnErrorWithASuggestion) {
  std::string message =
      LoadError({{"a.toml", SetFile("local", true,
                                    {{"robbery", R"(offence.code in ("34A", "34B"))"},
                                     {"youth_robbery", "robery and victim.age < 25"}})}});
  EXPECT_EQ(message.rfind("a.toml: definition \"youth_robbery\": ", 0), 0u) << message;
  EXPECT_NE(message.find("robery"), std::string::npos) << message;
  EXPECT_NE(message.find("did you mean \"robbery\"?"), std::string::npos) << message;
}

TEST(DefinitionCatalog, CyclesAreErrors) {
  std::string message = LoadError({{"a.toml", SetFile("local", true,
                                                      {{"one", "two or offence.code = \"1\""},
                                                       {"two", "one and marker.knife"}})}});
  EXPECT_EQ(message.rfind("a.toml: definition \"one\": ", 0), 0u) << message;
}

// Harm weights.

HarmWeights LoadShippedHarm() {
  auto weights = HarmWeights::Load(kConfigDir + "/harm_weights.toml");
  EXPECT_TRUE(weights.ok()) << weights.status().message();
  return std::move(weights).value();
}

TEST(HarmWeights, ShippedWeightsLoad) {
  HarmWeights weights = LoadShippedHarm();
  EXPECT_EQ(weights.SchemeNames(), (std::vector<std::string>{"cchi", "css"}));
  ASSERT_NE(weights.Scheme("cchi"), nullptr);
  EXPECT_EQ(weights.Scheme("cchi")->title, "Cambridge Crime Harm Index");
  EXPECT_EQ(weights.Scheme("css")->title, "ONS Crime Severity Score");
  EXPECT_FALSE(weights.Scheme("cchi")->citation.empty());

  EXPECT_EQ(weights.Weight("cchi", "1"), 5475.0);    // murder: 15 years
  EXPECT_EQ(weights.Weight("CCHI", "01"), 5475.0);   // scheme and code normalised
  EXPECT_EQ(weights.Weight("cchi", "19C"), 1825.0);  // rape: 5 years
  EXPECT_EQ(weights.Weight("cchi", "34B"), 365.0);   // robbery: 1 year
  EXPECT_EQ(weights.Weight("cchi", "5D"), 1460.0);   // s18: 4 years
  EXPECT_EQ(weights.Weight("css", "1"), 7979.0);
  EXPECT_EQ(weights.Weight("css", "2"), 4663.0);
  EXPECT_EQ(weights.Weight("css", "92E"), 3.0);
  // Unknown codes and schemes have no weight; possession offences have no CCHI weight (CCHI
  // excludes proactively detected crime).
  EXPECT_EQ(weights.Weight("cchi", "46"), std::nullopt);
  EXPECT_EQ(weights.Weight("cchi", "ZZZ"), std::nullopt);
  EXPECT_EQ(weights.Weight("cchi", "10D"), std::nullopt);
  EXPECT_EQ(weights.Weight("nope", "1"), std::nullopt);

  // Nothing shipped has been checked against the schemes' own tables yet (METHODS.md 6).
  for (const std::string& scheme : weights.SchemeNames()) {
    for (const std::string& code : weights.Codes(scheme)) {
      EXPECT_FALSE(weights.Confirmed(scheme, code)) << scheme << " " << code;
      EXPECT_FALSE(weights.Find(scheme, code)->note.empty()) << scheme << " " << code;
    }
  }
  EXPECT_TRUE(weights.Find("cchi", "4/1")->placeholder);
  EXPECT_FALSE(weights.Find("cchi", "1")->placeholder);
}

TEST(HarmWeights, ShippedCodesAreKnownOffenceCodes) {
  HarmWeights weights = LoadShippedHarm();
  auto known = OffenceCodes::Load(kConfigDir + "/offence_codes.toml", "offence_codes.toml");
  ASSERT_TRUE(known.ok()) << known.status().message();
  for (const std::string& scheme : weights.SchemeNames()) {
    EXPECT_FALSE(weights.Codes(scheme).empty()) << scheme;
    for (const std::string& code : weights.Codes(scheme))
      EXPECT_NE(known->Find(code), nullptr) << scheme << " weights unknown code " << code;
  }
}

TEST(HarmWeights, CountsBecomeHarm) {
  HarmWeights weights = LoadShippedHarm();
  // Dictionary of a frame's offence_code column: code 0 is the missing value.
  std::vector<std::string> unweighted;
  std::vector<double> by_code = weights.WeightsByCode("cchi", {"", "1", "34B", "46"}, &unweighted);
  EXPECT_EQ(by_code, (std::vector<double>{0, 5475, 365, 0}));
  EXPECT_EQ(unweighted, (std::vector<std::string>{"46"}));
  // One murder and ten robberies: 5,475 + 10 x 365 = 9,125 harm days.
  EXPECT_EQ(1 * by_code[1] + 10 * by_code[2], 9125.0);
}

TEST(HarmWeights, UnknownSchemeSuggests) {
  HarmWeights weights = LoadShippedHarm();
  EXPECT_TRUE(weights.CheckScheme("css").ok());
  EXPECT_EQ(weights.CheckScheme("chi").message(),
            "harm scheme \"chi\" is not known (did you mean \"cchi\"?)");
  EXPECT_EQ(weights.CheckScheme("severity").message(),
            "harm scheme \"severity\" is not known (known: cchi, css)");
}

TEST(HarmWeights, ErrorsNameTheCodeAndKey) {
  const std::string text = R"toml([scheme.cchi]
title = "Cambridge Crime Harm Index"
unit = "days"
citation = "Sherman, Neyroud and Neyroud (2016)"

[[offence]]
code = "01"
[offence.chi]
weight = 5475
confirmed = true

[[offence]]
code = "34B"
[offence.cchi]
weight = -1
confirmed = false

[[offence]]
code = "105A"
[offence.cchi]
weight = 2
confirmed = false

[[offence]]
code = "2"
[offence.cchi]
weight = 1825
confirmed = true
placeholder = true
)toml";
  auto weights = HarmWeights::Parse(text, "h.toml");
  ASSERT_FALSE(weights.ok());
  EXPECT_EQ(weights.status().message(),
            "h.toml: offence \"1\": \"chi\" is not a known key (did you mean \"cchi\"?); schemes "
            "are declared as [scheme.<name>]\n"
            "h.toml: offence \"34B\", cchi: \"weight\" must be a number of at least 0 (no "
            "quotes)\n"
            "h.toml: offence \"105A\", cchi: an unconfirmed weight needs a \"note\" saying where "
            "it comes from\n"
            "h.toml: offence \"2\", cchi: a placeholder cannot be confirmed");
}

}  // namespace
}  // namespace cairn
