#include "analysis/selection.h"

#include <algorithm>
#include <thread>

#include "define/configuration.h"
#include "define/expr.h"
#include "define/harm.h"
#include "util/strings.h"

namespace cairn {

namespace {

// Evaluates a predicate over the whole frame on `threads` threads (disjoint row ranges).
std::vector<uint8_t> ParallelMask(const Predicate& predicate, const Frame& frame, int threads) {
  std::vector<uint8_t> mask(frame.rows);
  if (threads <= 1 || frame.rows < 200000) {
    predicate.Evaluate(frame, 0, frame.rows, mask.data());
    return mask;
  }
  size_t step = (frame.rows / static_cast<size_t>(threads) / Predicate::kBlockRows + 1) *
                Predicate::kBlockRows;
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) {
    size_t begin = std::min(frame.rows, step * static_cast<size_t>(t));
    size_t end = std::min(frame.rows, begin + step);
    pool.emplace_back(
        [&, begin, end] { predicate.Evaluate(frame, begin, end, mask.data() + begin); });
  }
  predicate.Evaluate(frame, 0, std::min(frame.rows, step), mask.data());
  for (auto& th : pool) th.join();
  return mask;
}

Result<std::vector<uint8_t>> MaskOf(const std::string& text, const Frame& frame,
                                    const DefinitionCatalog& catalog, int threads) {
  auto predicate = CompileText(text, frame, catalog.expressions());
  if (!predicate.ok()) return predicate.status();
  return ParallelMask(*predicate, frame, threads);
}

// The `definition` dimension: one mask per definition of the chosen set.
Status AddDefinitionMasks(const Frame& frame, const DefinitionCatalog& catalog, QuerySpec& spec) {
  const DefinitionSet* set =
      spec.definition_set.empty() ? catalog.DefaultSet() : catalog.FindSet(spec.definition_set);
  if (!set) return Status::Usage("no definition set named \"" + spec.definition_set + "\"");
  spec.definition_label = set->name + " v" + std::to_string(set->version);
  for (const std::string& name : set->definitions) {
    auto mask = MaskOf(name, frame, catalog, spec.threads);
    if (!mask.ok()) return mask.status().WithContext("definition \"" + name + "\"");
    spec.definition_names.push_back(name);
    spec.definition_masks.push_back(std::move(mask).value());
  }
  return Status::Ok();
}

Status AddHarmWeights(const Frame& frame, const HarmWeights& weights, const std::string& scheme,
                      QuerySpec& spec) {
  Status st = weights.CheckScheme(scheme);
  if (!st.ok()) return Status::Usage("--harm-scheme: " + st.message());
  spec.harm_by_offence_code =
      weights.WeightsByCode(scheme, frame.offence_code.dict(), &spec.unweighted_offence_codes);
  return Status::Ok();
}

}  // namespace

Result<std::vector<uint8_t>> PrepareSelection(const Configuration& config, const Frame& frame,
                                              const std::string& where, QuerySpec& spec,
                                              const std::string& harm_scheme) {
  const DefinitionCatalog* catalog = &config.definitions;
  if (std::find(spec.by.begin(), spec.by.end(), "definition") != spec.by.end())
    CAIRN_RETURN_IF_ERROR(AddDefinitionMasks(frame, *catalog, spec));
  if (spec.measure == Measure::kHarm)
    CAIRN_RETURN_IF_ERROR(AddHarmWeights(frame, config.harm_weights, harm_scheme, spec));
  if (Trim(where).empty()) return std::vector<uint8_t>();  // blank is empty: every event
  for (const std::string& name : catalog->Names())
    if (where.find(name) != std::string::npos)
      spec.definitions_used.push_back(name + " (" + catalog->VersionLabel(name) + ")");
  auto mask = MaskOf(where, frame, *catalog, spec.threads);
  if (!spec.typed_by_user) return mask;
  if (!mask.ok()) return Status::Usage("--where: " + mask.status().message());
  Status typo = CheckTextValuesExist(where, frame);
  if (!typo.ok()) return Status::Usage("--where: " + typo.message());
  return mask;
}

}  // namespace cairn
