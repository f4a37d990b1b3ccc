#include "engine/user_stats.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "engine/table_file.h"
#include "present/knox_render.h"
#include "stats/rates.h"
#include "stats/spatial.h"
#include "stats/spc.h"
#include "stats/table.h"
#include "util/crs_transform.h"
#include "util/dates.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

namespace {

// The ranges a numeric option and an input coordinate must lie in: beyond them a result is
// nonsense (a 1e-300 m cell) rather than an answer.
struct Range {
  double lo, hi;
  const char* unit;
  const char* name = "";  // of a coordinate
};
constexpr Range kMultiplierRange{1, 1e9, ""};
constexpr Range kCellSizeRange{1, 100000, " m"};
constexpr Range kBandwidthRange{1, 500000, " m"};
// British National Grid metres, with 100 km to spare around Great Britain's 0-700 km by
// 0-1,300 km.
constexpr Range kEastingRange{-100000, 800000, " m", "x"};
constexpr Range kNorthingRange{-100000, 1400000, " m", "y"};
constexpr Range kLongitudeRange{-180, 180, "", "longitude"};
constexpr Range kLatitudeRange{-90, 90, "", "latitude"};

std::string RangeText(const Range& range) {
  return fmt::format("from {}{} to {}{}", range.lo, range.unit, range.hi, range.unit);
}

bool InRange(double v, const Range& range) {
  return std::isfinite(v) && v >= range.lo && v <= range.hi;
}

// A numeric option: a finite number within its range. Not given: *out stays 0.
Status ParseNumberOption(const std::string& option, const std::string& text, const Range& range,
                         double* out) {
  if (text.empty()) return Status::Ok();
  auto v = ParseDouble(Trim(text));
  if (!v || !InRange(*v, range))
    return Status::Usage(option + " \"" + Abbreviate(text) + "\": expected a number " +
                         RangeText(range));
  *out = *v;
  return Status::Ok();
}

// A point's coordinates, in range, or an error naming the row and the range.
Status CheckPoint(const InputTable& t, size_t r, double a, double b, const Range& a_range,
                  const Range& b_range, const char* what) {
  if (InRange(a, a_range) && InRange(b, b_range)) return Status::Ok();
  return RowError(
      t, r,
      fmt::format("({}, {}) is not a plausible {} (expected {} {} and {} {})", a, b, what,
                  a_range.name, RangeText(a_range), b_range.name, RangeText(b_range)));
}

const std::vector<std::string> kIntervalColumns = {"value",    "lower95",  "upper95",
                                                   "lower998", "upper998", "method"};

// ---- building the output ----

Result<OutputTable> StartOutput(const InputTable& t, const std::vector<std::string>& added) {
  for (const auto& name : added)
    if (FindOptionalColumn(t, name))
      return Status::Invalid(t.path + ": the input already has a column \"" + name +
                             "\", which this statistic adds; rename it");
  OutputTable out;
  out.header = t.header;
  out.header.insert(out.header.end(), added.begin(), added.end());
  return out;
}

std::vector<OutputCell> InputCells(const InputTable& t, size_t r) {
  std::vector<OutputCell> row;
  for (const auto& f : t.rows[r]) row.push_back(TextCell(f));
  return row;
}

void AppendEstimate(const Estimate& e, std::vector<OutputCell>* row) {
  for (auto v : {e.value, e.lower95, e.upper95, e.lower998, e.upper998})
    row->push_back(NumberCell(v));
  row->push_back(TextCell(e.method));
}

// A number that must be there (an empty field is an error too).
Result<double> RequireNumber(const InputTable& t, size_t r, size_t c, NumberRule rule) {
  auto v = ReadNumber(t, r, c, rule);
  if (!v.ok()) return v.status();
  if (!v->has_value())
    return Status::Invalid(t.path + " line " + std::to_string(t.lines[r]) + ", column \"" +
                           t.header[c] + "\": the field is empty (expected a number)");
  return **v;
}

Result<std::vector<size_t>> FindColumns(const InputTable& t,
                                        const std::vector<std::string>& names) {
  std::vector<size_t> cols;
  for (const auto& n : names) {
    auto c = FindColumn(t, n);
    if (!c.ok()) return c.status();
    cols.push_back(*c);
  }
  return cols;
}

// ---- statistics worked out row by row: rate, proportion, compare, change ----

// The columns a row-by-row statistic adds, and how it works them out from one row (appended to
// the cells; with no cells, only checked).
struct RowStatistic {
  std::vector<std::string> added;
  std::function<Status(const RowReader&, std::vector<OutputCell>*)> compute;
};

// Only the header, to find columns by name with the messages of FindColumn.
InputTable HeaderOf(const RowReader& rows) {
  return InputTable{rows.path(), rows.header(), {}, {}};
}

Result<std::vector<size_t>> FindColumns(const RowReader& rows,
                                        const std::vector<std::string>& names) {
  return FindColumns(HeaderOf(rows), names);
}

// Streams the input: every row is checked first (so an error leaves stdout empty, as for the
// other statistics), then read again and written as it is worked out. Holds no row.
Status StreamRowStatistic(RowReader& rows, const RowStatistic& stat, OutputWriter::Format format,
                          std::ostream& out) {
  for (const auto& name : stat.added)
    if (FindOptionalColumn(HeaderOf(rows), name))
      return Status::Invalid(rows.path() + ": the input already has a column \"" + name +
                             "\", which this statistic adds; rename it");
  while (rows.Next()) CAIRN_RETURN_IF_ERROR(stat.compute(rows, nullptr));
  CAIRN_RETURN_IF_ERROR(rows.status());
  rows.Rewind();
  std::vector<OutputCell> cells;
  std::vector<std::string> header = rows.header();
  header.insert(header.end(), stat.added.begin(), stat.added.end());
  OutputWriter writer(format, std::move(header), &out);
  while (rows.Next()) {
    cells.clear();
    for (auto f : rows.fields()) cells.push_back(TextCell(std::string(f)));
    CAIRN_RETURN_IF_ERROR(stat.compute(rows, &cells));
    writer.Row(cells);
  }
  writer.End();
  return rows.status();
}

using RowEstimator = Result<Estimate> (*)(double, double, double);

Result<RowStatistic> PerRowEstimates(const RowReader& rows, const std::string& denominator,
                                     RowEstimator estimate, double mult) {
  auto cols = FindColumns(rows, {"count", denominator});
  if (!cols.ok()) return cols.status();
  const size_t count_col = (*cols)[0], denominator_col = (*cols)[1];
  auto compute = [=](const RowReader& row, std::vector<OutputCell>* out) -> Status {
    auto x = row.Number(count_col, NumberRule::kNonNegative);
    if (!x.ok()) return x.status();
    auto n = row.Number(denominator_col, NumberRule::kPositive);
    if (!n.ok()) return n.status();
    Estimate e;  // an empty count or denominator gives empty outputs, as NA does in R
    if (x->has_value() && n->has_value()) {
      auto res = estimate(**x, **n, mult);
      if (!res.ok()) return row.Error(res.status().message());
      e = *res;
    }
    if (out) AppendEstimate(e, out);
    return Status::Ok();
  };
  return RowStatistic{kIntervalColumns, compute};
}

// ---- dsr: one estimate per group ----

struct Group {
  std::vector<size_t> rows;
  std::vector<AgeBand> bands;
};

Result<std::vector<std::pair<std::string, Group>>> ReadGroups(const InputTable& t,
                                                              const std::vector<size_t>& cols) {
  auto group_col = FindOptionalColumn(t, "group");
  // Non-independent events: a row per age band and event frequency.
  auto freq_col = FindOptionalColumn(t, "eventfreq"), band_col = FindOptionalColumn(t, "ageband");
  if (freq_col && !band_col)
    return Status::Invalid(t.path +
                           ": an eventfreq column needs an ageband column too (one row per age "
                           "band and event frequency)");
  std::vector<std::pair<std::string, Group>> groups;
  std::map<std::string, size_t> at;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    auto x = ReadNumber(t, r, cols[0], NumberRule::kNonNegative);
    if (!x.ok()) return x.status();
    auto n = RequireNumber(t, r, cols[1], NumberRule::kPositive);
    if (!n.ok()) return n.status();
    auto w = RequireNumber(t, r, cols[2], NumberRule::kNonNegative);
    if (!w.ok()) return w.status();
    std::string key = group_col ? t.rows[r][*group_col] : "";
    auto [it, fresh] = at.emplace(key, groups.size());
    if (fresh) groups.emplace_back(key, Group{});
    Group& g = groups[it->second].second;
    g.rows.push_back(r);
    AgeBand band{x->value_or(0), *n, *w, "", 1};  // an empty count is 0, as in calculate_dsr
    if (freq_col) {
      auto f = RequireNumber(t, r, *freq_col, NumberRule::kPositive);
      if (!f.ok()) return f.status();
      if (*f < 1) return RowError(t, r, "eventfreq must be 1 or more");
      band.frequency = *f;
      band.band = t.rows[r][*band_col];
    }
    g.bands.push_back(std::move(band));
  }
  return groups;
}

// Columns whose value is the same on every row of each group (count, population and standard
// are kept too, as sums).
std::vector<size_t> KeptColumns(const InputTable& t,
                                const std::vector<std::pair<std::string, Group>>& groups,
                                const std::vector<size_t>& summed) {
  std::vector<size_t> kept;
  for (size_t c = 0; c < t.header.size(); ++c) {
    bool keep = std::find(summed.begin(), summed.end(), c) != summed.end();
    if (!keep) {
      keep = true;
      for (const auto& [key, g] : groups)
        for (size_t r : g.rows) keep = keep && t.rows[r][c] == t.rows[g.rows[0]][c];
    }
    if (keep) kept.push_back(c);
  }
  return kept;
}

Result<OutputTable> RunDsr(const InputTable& t, double mult) {
  auto cols = FindColumns(t, {"count", "population", "standard"});
  if (!cols.ok()) return cols.status();
  auto groups = ReadGroups(t, *cols);
  if (!groups.ok()) return groups.status();
  auto kept = KeptColumns(t, *groups, *cols);
  OutputTable out;
  for (size_t c : kept) out.header.push_back(t.header[c]);
  for (const auto& name : kIntervalColumns) {
    if (FindOptionalColumn(t, name))
      return Status::Invalid(t.path + ": the input already has a column \"" + name +
                             "\", which dsr adds; rename it");
    out.header.push_back(name);
  }
  for (const auto& [key, g] : *groups) {
    auto e = DirectlyStandardisedRate(g.bands, mult);
    if (!e.ok())
      return Status::Invalid(t.path + ": group \"" + key + "\": " + e.status().message());
    std::vector<OutputCell> row;
    for (size_t c : kept) {
      if (c == (*cols)[0] || c == (*cols)[1] || c == (*cols)[2]) {
        double sum = 0;
        for (const AgeBand& b : g.bands)
          sum += c == (*cols)[0] ? b.count : c == (*cols)[1] ? b.population : b.standard;
        row.push_back(NumberCell(sum));
      } else {
        row.push_back(TextCell(t.rows[g.rows[0]][c]));
      }
    }
    AppendEstimate(*e, &row);
    out.rows.push_back(std::move(row));
  }
  return out;
}

// ---- compare ----

Result<RowStatistic> RunCompare(const RowReader& rows, Polarity polarity, int levels,
                                bool intervals) {
  std::vector<std::string> names = {"value", "lower95", "upper95", "benchmark"};
  if (levels == 2) names.insert(names.end(), {"lower998", "upper998"});
  if (intervals)
    names = {"value", "lower95", "upper95", "benchmark", "benchmark_lower95", "benchmark_upper95"};
  auto cols = FindColumns(rows, names);
  if (!cols.ok()) return cols.status();
  auto compute = [=, cols = *cols](const RowReader& row, std::vector<OutputCell>* out) -> Status {
    std::vector<std::optional<double>> v;
    for (size_t c : cols) {
      auto x = row.Number(c, NumberRule::kAny);
      if (!x.ok()) return x.status();
      v.push_back(*x);
    }
    AreaValue area{v[0], v[1], v[2], std::nullopt, std::nullopt};
    if (levels == 2 && !intervals) area.lower998 = v[4], area.upper998 = v[5];
    Comparison c = intervals ? CompareOverlappingIntervals(
                                   area, {v[3], v[4], v[5], std::nullopt, std::nullopt}, polarity)
                             : CompareWithBenchmark(area, v[3], polarity, levels);
    if (out) out->push_back(TextCell(ComparisonName(c)));
    return Status::Ok();
  };
  return RowStatistic{{"comparison"}, compute};
}

// ---- change: two periods ----

Result<RowStatistic> RunChange(const RowReader& rows) {
  auto cols = FindColumns(rows, {"previous", "current"});
  if (!cols.ok()) return cols.status();
  auto exposure_previous = FindOptionalColumn(HeaderOf(rows), "previous_exposure");
  auto exposure_current = FindOptionalColumn(HeaderOf(rows), "current_exposure");
  auto compute = [=, cols = *cols](const RowReader& row, std::vector<OutputCell>* out) -> Status {
    auto x1 = row.RequiredNumber(cols[0], NumberRule::kNonNegative);
    if (!x1.ok()) return x1.status();
    auto x2 = row.RequiredNumber(cols[1], NumberRule::kNonNegative);
    if (!x2.ok()) return x2.status();
    double n1 = 1, n2 = 1;
    for (auto [col, n] : {std::pair{exposure_previous, &n1}, std::pair{exposure_current, &n2}}) {
      if (!col) continue;
      auto v = row.RequiredNumber(*col, NumberRule::kPositive);
      if (!v.ok()) return v.status();
      *n = *v;
    }
    auto change = TwoPoissonCounts(*x1, n1, *x2, n2);
    if (!change.ok()) return row.Error(change.status().message());
    if (!out) return Status::Ok();
    const bool defined = *x1 > 0;
    out->push_back(NumberCell(defined ? std::optional<double>(change->rate_ratio) : std::nullopt));
    out->push_back(NumberCell(change->lower95));
    out->push_back(NumberCell(defined ? std::optional<double>(change->upper95) : std::nullopt));
    out->push_back(
        NumberCell(defined ? std::optional<double>(100 * (change->rate_ratio - 1)) : std::nullopt));
    out->push_back(NumberCell(change->pvalue));
    out->push_back(TextCell(change->pvalue < 0.05 ? "yes" : "no"));
    out->push_back(TextCell("Exact conditional test of two Poisson counts (poisson.test)"));
    return Status::Ok();
  };
  return RowStatistic{
      {"value", "lower95", "upper95", "change_percent", "pvalue", "significant", "method"},
      compute};
}

// ---- gistar ----

Result<OutputTable> RunGiStar(const InputTable& t, double cell_size, PAdjust adjust,
                              std::ostream& notes) {
  auto cols = FindColumns(t, {"x", "y", "count"});
  if (!cols.ok()) return cols.status();
  auto out = StartOutput(t, {"gistar", "pvalue"});
  if (!out.ok()) return out;
  std::vector<GridCell> cells;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    double v[3];
    for (int i = 0; i < 3; ++i) {
      auto x =
          RequireNumber(t, r, (*cols)[i], i == 2 ? NumberRule::kNonNegative : NumberRule::kAny);
      if (!x.ok()) return x.status();
      v[i] = *x;
    }
    CAIRN_RETURN_IF_ERROR(CheckPoint(t, r, v[0], v[1], kEastingRange, kNorthingRange,
                                     "British National Grid cell centre"));
    cells.push_back({v[0], v[1], v[2]});
  }
  auto g = GetisOrdGiStar(cells, cell_size, adjust);
  if (!g.ok()) return g.status().WithContext(t.path);
  for (size_t r = 0; r < t.rows.size(); ++r) {
    auto row = InputCells(t, r);
    row.push_back(NumberCell((*g)[r].z));
    row.push_back(NumberCell((*g)[r].pvalue));
    out->rows.push_back(std::move(row));
  }
  notes << "p-value adjustment: " << PAdjustName(adjust)
        << " (per cell as spdep::p.adjustSP: n = queen neighbours including the cell itself"
           " + 1)\n";
  return out;
}

// ---- kde ----

Result<std::vector<Point>> ReadPoints(const InputTable& t, std::ostream& notes) {
  bool lonlat = !FindOptionalColumn(t, "x") && FindOptionalColumn(t, "longitude");
  auto cols = FindColumns(t, lonlat ? std::vector<std::string>{"longitude", "latitude"}
                                    : std::vector<std::string>{"x", "y"});
  if (!cols.ok()) return cols.status();
  std::unique_ptr<CrsTransform> projection;
  if (lonlat) {
    auto p = LonLatToBng();
    if (!p.ok()) return p.status();
    projection = std::move(*p);
    notes << "projected longitude/latitude (WGS84) to British National Grid metres\n";
  }
  std::vector<Point> points;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    auto a = RequireNumber(t, r, (*cols)[0], NumberRule::kAny);
    if (!a.ok()) return a.status();
    auto b = RequireNumber(t, r, (*cols)[1], NumberRule::kAny);
    if (!b.ok()) return b.status();
    Point p{*a, *b};
    if (projection) {
      CAIRN_RETURN_IF_ERROR(
          CheckPoint(t, r, *a, *b, kLongitudeRange, kLatitudeRange, "longitude and latitude"));
      if (!projection->Project(*a, *b, &p.x, &p.y))
        return RowError(t, r,
                        "PROJ cannot project this longitude/latitude to British National Grid");
    }
    CAIRN_RETURN_IF_ERROR(
        CheckPoint(t, r, p.x, p.y, kEastingRange, kNorthingRange,
                   projection ? "point in Great Britain (projected to British National Grid)"
                              : "British National Grid point"));
    points.push_back(p);
  }
  if (points.empty()) return Status::Invalid(t.path + ": no points");
  return points;
}

Result<OutputTable> RunKde(const InputTable& t, const StatsRequest& args, std::ostream& notes) {
  auto points = ReadPoints(t, notes);
  if (!points.ok()) return points.status();
  double cell = args.cell_size;
  if (cell == 0) {
    auto c = DefaultCellSize(*points);
    if (!c.ok()) return c.status().WithContext(t.path);
    cell = *c;
  }
  double h = args.bandwidth;
  auto rule = args.bandwidth_rule == "mean" ? BandwidthRule::kMean : BandwidthRule::kSfhotspot;
  if (h == 0) {
    auto b = DefaultBandwidth(*points, rule);
    if (!b.ok()) return b.status().WithContext(t.path);
    h = *b;
  }
  auto cells = SquareGridCounts(*points, cell);
  if (!cells.ok()) return cells.status().WithContext(t.path);
  std::vector<double> kde = QuarticKde(*points, *cells, h);
  OutputTable out;
  out.header = {"x", "y", "n", "kde"};
  for (size_t i = 0; i < cells->size(); ++i)
    out.rows.push_back({NumberCell((*cells)[i].x), NumberCell((*cells)[i].y),
                        NumberCell((*cells)[i].count), NumberCell(kde[i])});
  notes << "cell size: " << cell << " m" << (args.cell_size == 0 ? " (sfhotspot rule)" : "")
        << "\nbandwidth: " << h << " m"
        << (args.bandwidth != 0            ? ""
            : rule == BandwidthRule::kMean ? " (mean of bandwidth.nrd of x and y)"
                                           : " (bandwidth.nrd of x, as sfhotspot 1.0.0 returns)")
        << "\nkernel: quartic, unscaled\n";
  return out;
}

// ---- spc ----

Result<SpcOptions> SpcOptionsOf(const StatsRequest& a) {
  SpcOptions o;
  o.chart = a.chart == "c" ? SpcChart::kC : a.chart == "u" ? SpcChart::kU : SpcChart::kXmR;
  o.improvement = a.improvement == "increase"   ? Improvement::kIncrease
                  : a.improvement == "decrease" ? Improvement::kDecrease
                                                : Improvement::kNeutral;
  o.run_length = a.run;
  o.fix_after = a.fix_after;
  o.screen_outliers = !a.no_screen;
  if (!a.target_text.empty()) {
    auto t = ParseDouble(a.target_text);
    if (!t || !std::isfinite(*t))
      return Status::Usage("--target \"" + a.target_text + "\" is not a number");
    o.target = *t;
  }
  return o;
}

// A period as the user wrote it, as a sortable day number: YYYY-MM-DD, or YYYY-MM (its first day).
std::optional<int64_t> SpcDay(std::string_view text) {
  text = Trim(text);
  if (auto day = ParseDateTime(text, {"%Y-%m-%d"})) return *day / 1440;
  if (auto month = ParseMonth(text)) return DaysFromCivil(*month / 12, *month % 12 + 1, 1);
  return std::nullopt;
}

struct SpcSeries {
  std::vector<size_t> order;  // input rows in date order
  std::vector<int64_t> days;  // of each row
  std::vector<double> values, exposure;
};

Result<SpcSeries> ReadSpcSeries(const InputTable& t, const StatsRequest& a) {
  const bool u_chart = a.chart == "u";
  auto cols = FindColumns(t, u_chart ? std::vector<std::string>{"date", "value", "exposure"}
                                     : std::vector<std::string>{"date", "value"});
  if (!cols.ok()) return cols.status();
  SpcSeries s;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    auto day = SpcDay(t.rows[r][(*cols)[0]]);
    if (!day)
      return Status::Invalid(t.path + " line " + std::to_string(t.lines[r]) +
                             ", column \"date\": \"" + t.rows[r][(*cols)[0]] +
                             "\" is not a date (expected YYYY-MM-DD or YYYY-MM)");
    s.days.push_back(*day);
  }
  s.order.resize(t.rows.size());
  for (size_t r = 0; r < s.order.size(); ++r) s.order[r] = r;
  std::stable_sort(s.order.begin(), s.order.end(),
                   [&](size_t x, size_t y) { return s.days[x] < s.days[y]; });
  for (size_t k = 1; k < s.order.size(); ++k)
    if (s.days[s.order[k]] == s.days[s.order[k - 1]])
      return Status::Invalid(t.path + " line " + std::to_string(t.lines[s.order[k]]) +
                             ": the date " + t.rows[s.order[k]][(*cols)[0]] +
                             " is given twice; a chart has one value per period");
  const NumberRule rule = a.chart == "xmr" ? NumberRule::kAny : NumberRule::kNonNegative;
  for (size_t r : s.order) {
    auto v = RequireNumber(t, r, (*cols)[1], rule);
    if (!v.ok()) return v.status();
    if (a.chart != "xmr" && *v != std::floor(*v))
      return RowError(t, r,
                      "column \"value\": \"" + t.rows[r][(*cols)[1]] +
                          "\" is not a whole number (a " + a.chart + " chart counts events)");
    s.values.push_back(*v);
    if (!u_chart) continue;
    auto n = RequireNumber(t, r, (*cols)[2], NumberRule::kPositive);
    if (!n.ok()) return n.status();
    s.exposure.push_back(*n);
  }
  return s;
}

// --rebase DATE,...: the first point of each new group.
Status AddRebases(const StatsRequest& a, const SpcSeries& s, SpcOptions* o) {
  for (const auto& part : Split(a.rebase, ',')) {
    if (Trim(part).empty()) continue;
    auto day = SpcDay(part);
    if (!day)
      return Status::Usage("--rebase \"" + part + "\" is not a date (YYYY-MM-DD or YYYY-MM)");
    size_t k = 0;
    while (k < s.order.size() && s.days[s.order[k]] < *day) ++k;
    if (k == 0 || k == s.order.size() || s.days[s.order[k]] != *day)
      return Status::Usage("--rebase " + std::string(Trim(part)) +
                           ": no period after the first has that date");
    o->rebase_at.push_back(k);
  }
  return Status::Ok();
}

Result<OutputTable> RunSpcTable(const InputTable& t, const StatsRequest& a, SpcResult* result,
                                std::ostream& notes) {
  auto series = ReadSpcSeries(t, a);
  if (!series.ok()) return series.status();
  auto options = SpcOptionsOf(a);
  if (!options.ok()) return options.status();
  CAIRN_RETURN_IF_ERROR(AddRebases(a, *series, &*options));
  auto spc = RunSpc(series->values, series->exposure, *options);
  if (!spc.ok()) return spc.status().WithContext(t.path);
  OutputTable out;
  out.header = {"date", "value", "group", "mean", "lpl",
                "upl",  "nlpl",  "nupl",  "rule", "point_type"};
  // The user's other columns follow, as text (an area, a note, a u chart's exposure).
  const size_t date_col = *FindOptionalColumn(t, "date");
  const size_t value_col = *FindOptionalColumn(t, "value");
  std::vector<size_t> kept;
  for (size_t c = 0; c < t.header.size(); ++c)
    if (c != date_col && c != value_col) {
      kept.push_back(c);
      out.header.push_back(t.header[c]);
    }
  for (size_t k = 0; k < series->order.size(); ++k) {
    const SpcPoint& p = spc->points[k];
    const std::vector<std::string>& input = t.rows[series->order[k]];
    std::vector<OutputCell> row = {TextCell(input[date_col]), NumberCell(p.value),
                                   NumberCell(p.group + 1)};
    for (double v : {p.mean, p.lpl, p.upl, p.nlpl, p.nupl}) row.push_back(NumberCell(v));
    row.push_back(TextCell(SpcRuleName(p.rule)));
    row.push_back(TextCell(p.point_type));
    for (size_t c : kept) row.push_back(TextCell(input[c]));
    out.rows.push_back(std::move(row));
  }
  notes << "chart: " << a.chart << ", runs and trends of " << a.run
        << " points (Making Data Count, as NHSRplotthedots)\nvariation: " << spc->variation << "\n";
  if (!spc->assurance.empty()) notes << "assurance: " << spc->assurance << "\n";
  for (const auto& note : spc->notes) notes << "note: " << note << "\n";
  *result = std::move(spc).value();
  return out;
}

// JSON: the points, and the chart's icons and warning.
std::string SpcJson(const OutputTable& table, const SpcResult& r) {
  nlohmann::ordered_json out = {
      {"variation_icon", r.variation},
      {"assurance_icon",
       r.assurance.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.assurance)},
      {"short_group_warning", r.short_group},
      {"points", nlohmann::ordered_json::parse(OutputToJson(table))}};
  return out.dump(2) + "\n";
}

// ---- knox ----

// A time as the user wrote it: a date (YYYY-MM-DD, as its day number) or a number of days; NaN
// when empty or NA.
Result<double> KnoxTime(const InputTable& t, size_t r, size_t c) {
  std::string_view text = Trim(t.rows[r][c]);
  if (text.empty() || text == "NA") return std::nan("");
  if (auto minute = ParseDateTime(text, {"%Y-%m-%d"}))
    return static_cast<double>(DayOfMinute(*minute));
  auto days = ParseDouble(text);
  if (days && std::isfinite(*days)) return *days;
  return Status::Invalid(t.path + " line " + std::to_string(t.lines[r]) + ", column \"" +
                         t.header[c] + "\": \"" + Abbreviate(text) +
                         "\" is not a date or a number of days (expected YYYY-MM-DD or a number)");
}

Result<KnoxOptions> KnoxOptionsOf(const StatsRequest& a) {
  return KnoxOptionsFromFlags(a.space_bands, a.time_bands, a.distance, a.permutations, a.seed);
}

Status RunKnox(const InputTable& t, const StatsRequest& a, std::ostream& out, std::ostream& notes) {
  auto options = KnoxOptionsOf(a);
  if (!options.ok()) return options.status();
  auto cols = FindColumns(t, {"x", "y", "t"});
  if (!cols.ok()) return cols.status();
  std::vector<KnoxEvent> events;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    KnoxEvent e;
    auto x = ReadNumber(t, r, (*cols)[0], NumberRule::kAny);
    if (!x.ok()) return x.status();
    auto y = ReadNumber(t, r, (*cols)[1], NumberRule::kAny);
    if (!y.ok()) return y.status();
    auto time = KnoxTime(t, r, (*cols)[2]);
    if (!time.ok()) return time.status();
    e.x = x->value_or(std::nan(""));
    e.y = y->value_or(std::nan(""));
    e.t = *time;
    events.push_back(e);
  }
  auto result = KnoxTest(events, *options);
  if (!result.ok()) return result.status().WithContext(t.path);
  KnoxSource source{"rows of " + t.path, {}};
  const auto summary = KnoxSummary(*result, options->distance, source);
  if (a.format == "json") {
    out << KnoxToJson(*result, options->distance, source);
  } else if (a.format == "csv") {
    out << KnoxToCsv(*result);
  } else {
    out << KnoxToTable(*result);
    for (const auto& line : summary) out << line << "\n";
    return Status::Ok();
  }
  for (const auto& line : summary) notes << line << "\n";
  return Status::Ok();
}

// ---- options and dispatch ----

Status CheckNumberOptions(StatsRequest& a) {
  CAIRN_RETURN_IF_ERROR(
      ParseNumberOption("--multiplier", a.multiplier_text, kMultiplierRange, &a.multiplier));
  CAIRN_RETURN_IF_ERROR(
      ParseNumberOption("--cell-size", a.cell_size_text, kCellSizeRange, &a.cell_size));
  return ParseNumberOption("--bandwidth", a.bandwidth_text, kBandwidthRange, &a.bandwidth);
}

}  // namespace

Status CheckStatsRequest(StatsRequest& a) {
  static const std::vector<std::string> kStats = {
      "rate", "proportion", "dsr", "compare", "change", "gistar", "kde", "spc", "knox"};
  if (std::find(kStats.begin(), kStats.end(), a.statistic) == kStats.end())
    return Status::Usage("\"" + a.statistic +
                         "\" is not a statistic (expected rate, proportion, dsr, compare, "
                         "change, gistar, kde, spc or knox)");
  if (a.chart != "xmr" && a.chart != "c" && a.chart != "u")
    return Status::Usage("--chart \"" + a.chart + "\": expected xmr, c or u");
  if (a.improvement != "increase" && a.improvement != "decrease" && a.improvement != "neutral")
    return Status::Usage("--improvement \"" + a.improvement +
                         "\": expected increase, decrease or neutral");
  if (a.run != 6 && a.run != 7) return Status::Usage("--run: expected 6 or 7 (points)");
  if (a.fix_after != 0 && a.fix_after < 12)
    return Status::Usage("--fix-after: expected at least 12 points (fewer give unstable limits)");
  if (a.method != "value" && a.method != "intervals")
    return Status::Usage("--method \"" + a.method + "\": expected value or intervals");
  if (a.statistic == "knox" && a.format != "table" && a.format != "csv" && a.format != "json")
    return Status::Usage("--format \"" + a.format + "\": expected table, csv or json");
  if (a.statistic != "knox" && a.format != "csv" && a.format != "json")
    return Status::Usage("--format \"" + a.format + "\": expected csv or json");
  if (a.distance != "manhattan" && a.distance != "euclidean")
    return Status::Usage("--distance \"" + a.distance + "\": expected manhattan or euclidean");
  if (a.permutations < 1 || a.permutations > 1000000)
    return Status::Usage("--permutations: expected 1 to 1000000 (999 is usual)");
  CAIRN_RETURN_IF_ERROR(CheckNumberOptions(a));
  if (a.levels != 1 && a.levels != 2) return Status::Usage("--levels: expected 1 or 2");
  if (a.p_adjust != "none" && a.p_adjust != "holm" && a.p_adjust != "fdr")
    return Status::Usage("--p-adjust \"" + a.p_adjust + "\": expected none, holm or fdr");
  if (a.bandwidth_rule != "sfhotspot" && a.bandwidth_rule != "mean")
    return Status::Usage("--bandwidth-rule \"" + a.bandwidth_rule +
                         "\": expected sfhotspot or mean");
  if (a.statistic == "compare" && a.polarity != "high-good" && a.polarity != "low-good")
    return Status::Usage("compare needs --polarity high-good or --polarity low-good");
  if (a.statistic == "gistar" && a.cell_size == 0)
    return Status::Usage("gistar needs --cell-size (the side of the grid cells, in metres)");
  return Status::Ok();
}

namespace {

bool IsRowStatistic(const std::string& statistic) {
  return statistic == "rate" || statistic == "proportion" || statistic == "compare" ||
         statistic == "change";
}

Result<RowStatistic> MakeRowStatistic(const RowReader& rows, const StatsRequest& a) {
  if (a.statistic == "rate")
    return PerRowEstimates(rows, "population", CrudeRate, a.multiplier ? a.multiplier : 100000);
  if (a.statistic == "proportion")
    return PerRowEstimates(rows, "denominator", WilsonProportion, a.multiplier ? a.multiplier : 1);
  if (a.statistic == "compare")
    return RunCompare(rows, a.polarity == "low-good" ? Polarity::kLowIsGood : Polarity::kHighIsGood,
                      a.levels, a.method == "intervals");
  return RunChange(rows);
}

// Statistics that need the whole table: dsr (groups), gistar and kde (the grid).
Result<OutputTable> ComputeWhole(const InputTable& t, const StatsRequest& a, std::ostream& notes) {
  if (a.statistic == "dsr") return RunDsr(t, a.multiplier ? a.multiplier : 100000);
  if (a.statistic == "gistar")
    return RunGiStar(t, a.cell_size,
                     a.p_adjust == "holm"  ? PAdjust::kHolm
                     : a.p_adjust == "fdr" ? PAdjust::kFdr
                                           : PAdjust::kNone,
                     notes);
  return RunKde(t, a, notes);
}

// The input table: a CSV file, or a sheet of a workbook (--sheet, default the first).
Result<std::unique_ptr<RowReader>> OpenInput(const StatsRequest& args) {
  auto table = ReadTableText(args.input, args.sheet);
  if (!table.ok()) return table.status();
  return RowReader::FromText(args.input, std::move(table->text));
}

}  // namespace

Status RunStatistic(const StatsRequest& args, std::ostream& out, std::ostream& notes) {
  const auto format =
      args.format == "json" ? OutputWriter::Format::kJson : OutputWriter::Format::kCsv;
  if (IsRowStatistic(args.statistic)) {
    auto rows = OpenInput(args);
    if (!rows.ok()) return rows.status();
    auto stat = MakeRowStatistic(**rows, args);
    if (!stat.ok()) return stat.status();
    return StreamRowStatistic(**rows, *stat, format, out);
  }
  auto input = OpenInput(args);
  if (!input.ok()) return input.status();
  auto table = ReadInputTable(std::move(input).value());
  if (!table.ok()) return table.status();
  if (args.statistic == "knox") return RunKnox(*table, args, out, notes);
  if (args.statistic == "spc") {
    SpcResult chart;
    auto points = RunSpcTable(*table, args, &chart, notes);
    if (!points.ok()) return points.status();
    out << (format == OutputWriter::Format::kJson ? SpcJson(*points, chart) : OutputToCsv(*points));
    return Status::Ok();
  }
  auto whole = ComputeWhole(*table, args, notes);
  if (!whole.ok()) return whole.status();
  out << (format == OutputWriter::Format::kJson ? OutputToJson(*whole) : OutputToCsv(*whole));
  return Status::Ok();
}

}  // namespace cairn
