#include "present/knox_render.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "stats/table.h"
#include "util/strings.h"
#include "util/terminal.h"

namespace cairn {

namespace {

const std::vector<std::string> kColumns = {"space_from", "space_to", "time_from",
                                           "time_to",    "observed", "expected",
                                           "ratio",      "sim_mean", "pvalue"};

std::string End(double v) { return std::isinf(v) ? "inf" : fmt::format("{}", v); }

std::string Band(double from, double to) { return "[" + End(from) + ", " + End(to) + ")"; }

std::string CellName(const KnoxCell& c) {
  return Band(c.space_from, c.space_to) + " m × " + Band(c.time_from, c.time_to) + " days";
}

std::string Fixed(std::optional<double> v, int digits) {
  return v ? fmt::format("{:.{}f}", *v, digits) : std::string("-");
}

std::vector<OutputCell> Cells(const KnoxCell& c) {
  return {NumberCell(c.space_from),
          NumberCell(c.space_to),
          NumberCell(c.time_from),
          NumberCell(c.time_to),
          NumberCell(static_cast<double>(c.observed)),
          NumberCell(c.expected),
          NumberCell(c.ratio),
          NumberCell(c.sim_mean),
          NumberCell(c.pvalue)};
}

}  // namespace

std::string KnoxToCsv(const KnoxResult& result) {
  OutputTable out;
  out.header = kColumns;
  out.header.push_back("near_repeat");
  for (const KnoxCell& c : result.cells) {
    auto row = Cells(c);
    row.push_back(TextCell(IsNearRepeatCell(c) ? "true" : "false"));
    out.rows.push_back(std::move(row));
  }
  return OutputToCsv(out);
}

std::string KnoxToJson(const KnoxResult& result, KnoxDistance distance, const KnoxSource& source) {
  OutputTable cells;
  cells.header = kColumns;
  for (const KnoxCell& c : result.cells) cells.rows.push_back(Cells(c));
  auto rows = nlohmann::ordered_json::parse(OutputToJson(cells));
  int64_t near = 0;
  for (size_t k = 0; k < result.cells.size(); ++k) {
    const bool is_near = IsNearRepeatCell(result.cells[k]);
    rows[k]["near_repeat"] = is_near;
    near += is_near ? 1 : 0;
  }
  nlohmann::ordered_json out = {{"events", result.events},
                                {"dropped", result.dropped},
                                {"pairs", result.pairs},
                                {"distance", KnoxDistanceName(distance)},
                                {"permutations", result.permutations},
                                {"seed", result.seed},
                                {"near_repeat_cells", near},
                                {"notes", source.notes},
                                {"cells", rows}};
  return out.dump(2) + "\n";
}

std::string KnoxToTable(const KnoxResult& result) {
  std::vector<std::vector<std::string>> lines = {{"space (m)", "time (days)", "observed",
                                                  "expected", "ratio", "sim_mean", "pvalue",
                                                  "near_repeat"}};
  for (const KnoxCell& c : result.cells)
    lines.push_back({Band(c.space_from, c.space_to), Band(c.time_from, c.time_to),
                     std::to_string(c.observed), Fixed(c.expected, 2), Fixed(c.ratio, 2),
                     Fixed(c.sim_mean, 2), Fixed(c.pvalue, 3), IsNearRepeatCell(c) ? "yes" : ""});
  return FormatTable(lines);
}

std::vector<std::string> KnoxSummary(const KnoxResult& result, KnoxDistance distance,
                                     const KnoxSource& source) {
  std::vector<std::string> lines;
  std::string used = fmt::format("Knox test: {} {} with a place and a time",
                                 WithCommas(result.events), source.what);
  if (result.dropped)
    used += fmt::format(" ({} more without x, y or t, left out)", WithCommas(result.dropped));
  lines.push_back(used + fmt::format("; {} pairs, {} distance, {} permutations, seed {}.",
                                     WithCommas(result.pairs), KnoxDistanceName(distance),
                                     WithCommas(result.permutations), result.seed));
  for (const auto& note : source.notes) lines.push_back(note);
  std::vector<std::string> near;
  size_t few = 0;
  for (const KnoxCell& c : result.cells) {
    if (IsNearRepeatCell(c))
      near.push_back(fmt::format("{} (observed {}, expected {:.1f}, ratio {:.2f}, p = {:.3f})",
                                 CellName(c), c.observed, c.expected, *c.ratio, c.pvalue));
    if (c.expected < kKnoxFewPairs) ++few;
  }
  if (near.empty())
    lines.push_back(
        "No cell is a near-repeat cell (p ≤ 0.05 and observed at least 20% above expected).");
  else
    lines.push_back(
        fmt::format("Near-repeat cells (p ≤ 0.05 and observed at least 20% above expected): {}.",
                    Join(near, "; ")));
  if (few)
    lines.push_back(fmt::format(
        "{} of {} cells expect fewer than {} pairs: there the ratio is unstable (one pair more "
        "or less moves it a lot), so read it with the count.",
        few, result.cells.size(), kKnoxFewPairs));
  const double smallest = 1.0 / (result.permutations + 1);
  if (smallest > kNearRepeatAlpha)
    lines.push_back(
        fmt::format("With {} permutations no p-value can be below {:.3f}; use 19 or "
                    "more to test at 0.05.",
                    result.permutations, smallest));
  return lines;
}

}  // namespace cairn
