// Configuration: the shipped (or a partnership's own) definitions and harm weights, read once from
// one directory and passed down to every analysis. Finding the directory is the engine's job
// (engine/config_dir.h); nothing below the engine looks at flags, the environment or the working
// directory. Immutable after loading; safe to share between threads.
#pragma once

#include <string>

#include "define/definitions.h"
#include "define/harm.h"
#include "define/kpis.h"
#include "define/list_scales.h"
#include "define/register_rules.h"
#include "util/status.h"

namespace cairn {

struct Configuration {
  std::string dir;  // the directory it was read from
  DefinitionCatalog definitions;
  HarmWeights harm_weights;
  MatacScales matac;          // config/lists/matac.toml
  Da30Rules da30;             // config/lists/da30.toml
  RepeatRules repeats;        // config/lists/repeats.toml
  RepeatRules county_lines;   // config/lists/county-lines.toml
  AsbReviewRules asb_review;  // config/lists/asb-review.toml
  // config/kpis/*.toml. A catalogue with a problem is not read (kpis is empty) and kpi_problems
  // says what, file by file: only what uses KPIs fails (Workspace::Kpis), everything else runs.
  KpiCatalogue kpis;
  Status kpi_problems;
  // config/register/register.toml; no agencies when the folder has no such file.
  RegisterRules register_rules;

  // Reads dir/definitions/*.toml, dir/harm_weights.toml, the lists' rules, the KPI catalogue and
  // the register's rules; every problem names the file. A problem in the KPI catalogue alone does
  // not fail the load: it is kept in kpi_problems.
  static Result<Configuration> Load(const std::string& dir);
};

// config_dir + "/definitions" and config_dir + "/harm_weights.toml".
std::string DefinitionsDir(const std::string& config_dir);
std::string HarmWeightsPath(const std::string& config_dir);
std::string KpisDir(const std::string& config_dir);
std::string RegisterRulesPath(const std::string& config_dir);
std::string ListScalesPath(const std::string& config_dir, const std::string& list);

}  // namespace cairn
