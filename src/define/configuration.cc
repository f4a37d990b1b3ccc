#include "define/configuration.h"

#include <filesystem>

namespace cairn {

Result<Configuration> Configuration::Load(const std::string& dir) {
  auto definitions = DefinitionCatalog::LoadDirectory(DefinitionsDir(dir));
  if (!definitions.ok()) return definitions.status();
  auto weights = HarmWeights::Load(HarmWeightsPath(dir));
  if (!weights.ok()) return weights.status();
  auto matac = MatacScales::Load(ListScalesPath(dir, "matac"));
  if (!matac.ok()) return matac.status();
  auto da30 = Da30Rules::Load(ListScalesPath(dir, "da30"));
  if (!da30.ok()) return da30.status();
  auto repeats = RepeatRules::Load(ListScalesPath(dir, "repeats"));
  if (!repeats.ok()) return repeats.status();
  auto county_lines = RepeatRules::Load(ListScalesPath(dir, "county-lines"));
  if (!county_lines.ok()) return county_lines.status();
  auto asb_review = AsbReviewRules::Load(ListScalesPath(dir, "asb-review"));
  if (!asb_review.ok()) return asb_review.status();
  auto kpis = KpiCatalogue::LoadDirectory(KpisDir(dir), definitions->expressions());
  RegisterRules register_rules;  // a folder made before the register has none: used only there
  if (std::filesystem::exists(RegisterRulesPath(dir))) {
    auto loaded = RegisterRules::Load(RegisterRulesPath(dir));
    if (!loaded.ok()) return loaded.status();
    register_rules = std::move(*loaded);
  }
  return Configuration{dir,
                       std::move(definitions).value(),
                       std::move(weights).value(),
                       std::move(matac).value(),
                       std::move(da30).value(),
                       std::move(repeats).value(),
                       std::move(county_lines).value(),
                       std::move(asb_review).value(),
                       kpis.ok() ? std::move(kpis).value() : KpiCatalogue(),
                       kpis.status(),
                       std::move(register_rules)};
}

std::string DefinitionsDir(const std::string& config_dir) { return config_dir + "/definitions"; }

std::string KpisDir(const std::string& config_dir) { return config_dir + "/kpis"; }

std::string HarmWeightsPath(const std::string& config_dir) {
  return config_dir + "/harm_weights.toml";
}

std::string RegisterRulesPath(const std::string& config_dir) {
  return config_dir + "/register/register.toml";
}

std::string ListScalesPath(const std::string& config_dir, const std::string& list) {
  return config_dir + "/lists/" + list + ".toml";
}

}  // namespace cairn
