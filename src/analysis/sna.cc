#include "analysis/sna.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>

#include "analysis/loaded.h"
#include "analysis/selection.h"
#include "define/definitions.h"
#include "define/expr.h"
#include "model/codes.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

namespace {

// The events whose month is within `period` and, when `where` is not empty, that it selects. The
// month column is read through a plain pointer (a snapshot column checks it is ready on each
// access, which kept this loop from vectorising: 60 ms a call on 20 million events).
std::vector<uint8_t> PeriodMask(const Frame& frame, SnaPeriod period,
                                const std::vector<uint8_t>& where) {
  std::vector<uint8_t> mask(frame.rows);
  const int32_t* month = frame.month.data();
  const int32_t from = std::max(period.from, kNoMonth + 1), to = period.to;
  uint8_t* out = mask.data();
  if (where.empty()) {
    for (size_t r = 0; r < frame.rows; ++r) out[r] = month[r] >= from && month[r] <= to;
    return mask;
  }
  const uint8_t* selected = where.data();
  for (size_t r = 0; r < frame.rows; ++r)
    out[r] = (month[r] >= from) & (month[r] <= to) & (selected[r] != 0);
  return mask;
}

int64_t Total(const Counts& counts) {
  int64_t sum = 0;
  for (const auto& [k, v] : counts) sum += v;
  return sum;
}

Status AddDefinitionInfo(const DefinitionCatalog* catalog, SnaData& data) {
  data.definition_label = catalog->VersionLabel(data.definition);
  if (const Definition* d = catalog->Find(data.definition)) data.definition_title = d->title;
  data.strategy_label = catalog->VersionLabel(kStrategySet);
  if (const DefinitionSet* set = catalog->FindSet(kStrategySet))
    for (const auto& name : set->definitions)
      data.strategy.emplace_back(name, catalog->Find(name)->title);
  data.national_label = catalog->VersionLabel(kNationalSet);
  if (const DefinitionSet* set = catalog->FindSet(kNationalSet))
    for (const auto& name : set->definitions)
      data.national.emplace_back(name, catalog->Find(name)->title);
  for (const auto& set : catalog->sets())
    data.definition_sets.push_back(set.name + " v" + std::to_string(set.version) + " (" +
                                   set.title + ")");
  return Status::Ok();
}

void AddNationalCoverage(const DefinitionCatalog& catalog, const Frame& frame, SnaData& data) {
  const LoadedFacts facts = LoadedFactsOf(frame);
  for (const auto& [name, title] : data.national)
    if (const Definition* def = catalog.Find(name))
      if (std::string why = WhyNotLoaded(def->expr_text, catalog, frame, facts); !why.empty())
        data.national_not_loaded[name] = why;
}

Status AddStoreInfo(Store& store, SnaData& data) {
  auto areas = store.ListAreas();
  if (!areas.ok()) return areas.status();
  data.has_areas = !areas->empty();
  for (const auto& a : *areas) data.lsoa_names[a.lsoa_code] = a.lsoa_name;
  auto sources = store.SummariseSources();
  if (!sources.ok()) return sources.status();
  data.sources = std::move(sources).value();
  auto batches = store.ListBatches(false);
  if (!batches.ok()) return batches.status();
  data.batches = std::move(batches).value();
  auto findings = store.ListFindings(std::nullopt);
  if (!findings.ok()) return findings.status();
  data.findings = static_cast<int64_t>(findings->size());
  return Status::Ok();
}

// LSOA names the area lookups do not give, from the events themselves (data.police.uk has them).
void AddEventLsoaNames(const Frame& frame, SnaData& data) {
  std::vector<uint8_t> seen(frame.lsoa.dict().size());
  for (size_t r = 0; r < frame.rows; ++r) {
    uint32_t code = frame.lsoa.codes()[r];
    if (code == 0 || seen[code]) continue;
    seen[code] = 1;
    std::string_view name = frame.lsoa_name.at(r);
    auto& known = data.lsoa_names[frame.lsoa.dict()[code]];
    if (known.empty()) known = std::string(name);
  }
}

void AddFrameFacts(const Frame& frame, SnaData& data) {
  AddEventLsoaNames(frame, data);
  data.has_people = frame.people.size() > 0;
  for (size_t r = 0; r < frame.rows && !data.has_markers; ++r)
    data.has_markers = frame.markers[r] != 0;
}

Status AddEmptyMonths(const Configuration& config, const Frame& frame, SnaData& data) {
  const SnaPeriod both{data.previous.from, data.period.to};
  auto counts = CountInPeriod(config, frame, "", {"source", "month"}, both);
  if (!counts.ok()) return counts.status();
  std::map<std::string, std::set<std::string>> seen;
  for (const auto& [keys, n] : *counts)
    if (n > 0) seen[keys[0]].insert(keys[1]);
  for (const auto& [source, months] : seen) {
    auto& empty = data.empty_months[source];
    for (int32_t m = both.from; m <= both.to; ++m)
      if (!months.count(FormatMonth(m))) empty.push_back(FormatMonth(m));
  }
  return Status::Ok();
}

using SourceKey = std::pair<std::string, std::string>;  // source, extract

// For each of `sources` with a month of `period` no loaded file covers, "SOURCE (EXTRACT): months".
// `none`: no file of any of them covers any month of it.
std::vector<std::string> NotLoaded(const std::vector<BatchSummary>& batches,
                                   const std::set<SourceKey>& sources, SnaPeriod period,
                                   bool* none = nullptr) {
  std::vector<std::string> out;
  bool any_loaded = false;
  for (const auto& [source, extract] : sources) {
    auto missing = UncoveredMonths(batches, source, extract, period);
    any_loaded = any_loaded || missing.size() < static_cast<size_t>(period.months());
    if (missing.empty()) continue;
    const size_t shown = std::min<size_t>(missing.size(), 6);
    out.push_back(
        source + " (" + extract +
        "): " + Join(std::vector<std::string>(missing.begin(), missing.begin() + shown), ", ") +
        (missing.size() > shown ? " and " + std::to_string(missing.size() - shown) + " more" : ""));
  }
  if (none) *none = !sources.empty() && !any_loaded;
  return out;
}

SnaCoverage CoverageOf(const std::vector<BatchSummary>& batches, const std::set<SourceKey>& sources,
                       const SnaData& data) {
  SnaCoverage c;
  c.previous = NotLoaded(batches, sources, data.previous, &c.previous_none);
  c.current = NotLoaded(batches, sources, data.period, &c.current_none);
  return c;
}

void MergeInto(const SnaCoverage& from, SnaCoverage& into) {
  for (const std::string& s : from.previous)
    if (std::find(into.previous.begin(), into.previous.end(), s) == into.previous.end())
      into.previous.push_back(s);
  for (const std::string& s : from.current)
    if (std::find(into.current.begin(), into.current.end(), s) == into.current.end())
      into.current.push_back(s);
}

// One definition's events: how many fall in the period and in the previous one, and the sources
// (source, extract) of its events anywhere in the store, found in one pass over its mask.
struct DefinitionTally {
  int64_t current = 0, previous = 0;
  std::set<SourceKey> sources;
};

// `by_month` (optional) gets the count of each month from `trend.from` to `trend.to`.
DefinitionTally Tally(const Frame& frame, const std::vector<uint8_t>& mask, const SnaData& data,
                      SnaPeriod trend = {}, std::vector<int64_t>* by_month = nullptr) {
  const size_t extracts = frame.extract.dict().size();
  std::vector<uint8_t> used(frame.source.dict().size() * extracts, 0);
  const uint32_t *source = frame.source.codes().data(), *extract = frame.extract.codes().data();
  const int32_t* month = frame.month.data();
  const SnaPeriod now = data.period, before = data.previous;
  if (by_month) by_month->assign(static_cast<size_t>(std::max(0, trend.months())), 0);
  DefinitionTally t;
  for (size_t r = 0; r < frame.rows; ++r) {
    if (!mask[r]) continue;
    used[source[r] * extracts + extract[r]] = 1;
    const int32_t m = month[r];
    t.current += m >= now.from && m <= now.to;
    t.previous += m >= before.from && m <= before.to;
    if (by_month && m >= trend.from && m <= trend.to) ++(*by_month)[m - trend.from];
  }
  for (size_t i = 0; i < used.size(); ++i) {
    const std::string_view s = frame.source.dict()[i / extracts];
    if (used[i] && !s.empty() && s != "(missing)")
      t.sources.emplace(std::string(s), std::string(frame.extract.dict()[i % extracts]));
  }
  return t;
}

// Each definition of `set`, tallied.
Result<std::map<std::string, DefinitionTally>> TallySet(const Configuration& config,
                                                        const Frame& frame, const std::string& set,
                                                        const SnaData& data) {
  QuerySpec spec;
  spec.by = {"definition"};
  spec.definition_set = set;
  auto none = PrepareSelection(config, frame, "", spec, "cchi");
  if (!none.ok()) return none.status();
  std::map<std::string, DefinitionTally> out;
  for (size_t i = 0; i < spec.definition_names.size(); ++i)
    out[spec.definition_names[i]] = Tally(frame, spec.definition_masks[i], data);
  return out;
}

Counts CountsOf(const std::map<std::string, DefinitionTally>& tallies, bool current) {
  Counts counts;
  for (const auto& [name, t] : tallies)
    if (int64_t n = current ? t.current : t.previous; n > 0) counts[{name}] = n;
  return counts;
}

// The tallies the comparisons rest on: the headline's (with its trend by month) and those of the
// strategy's and the national sets' definitions.
struct SnaTallies {
  DefinitionTally headline;
  std::map<std::string, DefinitionTally> strategy, national;
};

// The sources the gap between hospital and police records rests on: those of the ED attendances
// and those of the other events with a victim. Empty when no ED attendance is loaded.
std::set<SourceKey> HealthGapSources(const Frame& frame) {
  const auto ed = static_cast<uint8_t>(EventKind::kEdAttendance);
  const size_t sources = frame.source.dict().size(), extracts = frame.extract.dict().size();
  std::vector<uint8_t> used(sources * extracts, 0);
  bool any_ed = false;
  const uint32_t *source = frame.source.codes().data(), *extract = frame.extract.codes().data();
  const uint8_t* kind = frame.kind.data();
  const uint32_t* victims = frame.victims.data();
  for (size_t r = 0; r < frame.rows; ++r) {
    const bool is_ed = kind[r] == ed;
    any_ed = any_ed || is_ed;
    if (is_ed || victims[r] > 0) used[source[r] * extracts + extract[r]] = 1;
  }
  std::set<SourceKey> out;
  if (!any_ed) return out;
  for (size_t i = 0; i < used.size(); ++i)
    if (used[i])
      out.emplace(std::string(frame.source.dict()[i / extracts]),
                  std::string(frame.extract.dict()[i % extracts]));
  return out;
}

// Whether the sources each comparison counts have a file for every month of both periods (and of
// the trends): a source with no file for a month makes that month's count only part of it, so no
// change is claimed across it and no month is drawn at 0. A national measure whose sources have
// no file for this period at all is not loaded, as one whose kind of data is not loaded.
void AddCoverage(const Frame& frame, const SnaTallies& tallies, SnaData& data) {
  const std::set<SourceKey>& counted = tallies.headline.sources;
  data.headline_coverage = CoverageOf(data.batches, counted, data);
  const SnaPeriod trend{std::min(data.period.from - 12, data.previous.from), data.period.to};
  for (const auto& [source, extract] : counted)
    for (const std::string& m : UncoveredMonths(data.batches, source, extract, trend))
      data.months_not_loaded.insert(*ParseMonth(m));
  std::set<SourceKey> any_category;
  for (const auto& [name, title] : data.strategy) {
    auto it = tallies.strategy.find(name);
    if (it != tallies.strategy.end())
      any_category.insert(it->second.sources.begin(), it->second.sources.end());
  }
  data.categories_coverage = CoverageOf(data.batches, any_category, data);
  for (const auto& [name, title] : data.national) {
    auto it = tallies.national.find(name);
    const std::set<SourceKey> sources =
        it == tallies.national.end() ? std::set<SourceKey>() : it->second.sources;
    if (data.national_not_loaded.count(name)) continue;
    SnaCoverage c = CoverageOf(data.batches, sources, data);
    if (c.current_none) {
      std::vector<std::string> names;
      for (const auto& [source, extract] : sources) names.push_back(source + " (" + extract + ")");
      data.national_not_loaded[name] = "no file of " + Join(names, " or ") + " is loaded for " +
                                       FormatMonth(data.period.from) + " to " +
                                       FormatMonth(data.period.to);
      continue;
    }
    MergeInto(c, data.national_coverage);
    data.national_measure_coverage[name] = std::move(c);
  }
  data.health_gap_coverage = CoverageOf(data.batches, HealthGapSources(frame), data);
}

Counts ToCounts(const QueryResult& result) {
  Counts counts;
  for (const QueryRow& row : result.rows) counts[row.keys] += static_cast<int64_t>(row.value + 0.5);
  return counts;
}

// Grouped counts of the events in `mask` (already the definition within a period), so one
// selection serves every table that counts the same events.
Result<Counts> CountSelected(const Frame& frame, const std::vector<uint8_t>& mask,
                             const std::vector<std::string>& by,
                             Measure measure = Measure::kCount) {
  QuerySpec spec;
  spec.by = by;
  spec.measure = measure;
  auto result = RunQuery(frame, spec, mask);
  if (!result.ok()) return result.status();
  return ToCounts(*result);
}

Status AddTime(const Frame& frame, const std::vector<uint8_t>& selected, SnaData& data) {
  auto when = CountSelected(frame, selected, {"weekday", "hour"});
  if (!when.ok()) return when.status();
  for (const auto& [keys, n] : *when) {
    if (keys[0] == "(missing)" || keys[1] == "(missing)")
      data.events_without_time += n;
    else
      data.by_weekday_hour[keys] = n;
  }
  data.has_times = Total(data.by_weekday_hour) > 0;
  return Status::Ok();
}

Status AddDrivers(const Frame& frame, const std::vector<uint8_t>& selected, SnaData& data) {
  for (const std::string& marker : SnaDriverMarkers()) {
    auto counts = CountSelected(frame, selected, {marker});
    if (!counts.ok()) return counts.status();
    data.driver_true[marker] = counts->count({"true"}) ? counts->at({"true"}) : 0;
  }
  return Status::Ok();
}

// Assigns `out` from a CountInPeriod call, returning its error if any.
#define SNA_ASSIGN(out, call)                   \
  do {                                          \
    auto result_ = (call);                      \
    if (!result_.ok()) return result_.status(); \
    out = std::move(result_).value();           \
  } while (0)

// The events `name` selects anywhere in the store.
Result<std::vector<uint8_t>> DefinitionMask(const Configuration& config, const Frame& frame,
                                            const std::string& name) {
  QuerySpec spec;
  return PrepareSelection(config, frame, name, spec, "cchi");
}

// The local definition, or the coarse one when only that selects anything in the period
// (police.uk only), and its tally with the headline's trend.
Result<DefinitionTally> ChooseDefinition(const Configuration& config, const Frame& frame,
                                         SnaData& data, std::vector<uint8_t>& mask) {
  const SnaPeriod trend{std::min(data.period.from - 12, data.previous.from), data.period.to};
  std::vector<int64_t> by_month;
  SNA_ASSIGN(mask, DefinitionMask(config, frame, kSnaDefinition));
  DefinitionTally local = Tally(frame, mask, data, trend, &by_month);
  if (local.current == 0) {
    std::vector<uint8_t> coarse_mask;
    std::vector<int64_t> coarse_months;
    SNA_ASSIGN(coarse_mask, DefinitionMask(config, frame, kSnaCoarseDefinition));
    DefinitionTally coarse = Tally(frame, coarse_mask, data, trend, &coarse_months);
    if (coarse.current > 0) {
      data.definition = kSnaCoarseDefinition;
      data.coarse = true;
      local = std::move(coarse);
      mask = std::move(coarse_mask);
      by_month = std::move(coarse_months);
    }
  }
  for (size_t i = 0; i < by_month.size(); ++i)
    if (by_month[i] > 0)
      data.monthly[{FormatMonth(trend.from + static_cast<int32_t>(i))}] = by_month[i];
  data.headline_previous = local.previous;
  return local;
}

// `selected`: the definition within the period.
Status AddCounts(const Frame& frame, const std::vector<uint8_t>& selected,
                 const SnaTallies& tallies, SnaData& data) {
  data.headline = tallies.headline.current;
  data.strategy_current = CountsOf(tallies.strategy, true);
  data.strategy_previous = CountsOf(tallies.strategy, false);
  data.national_current = CountsOf(tallies.national, true);
  data.national_previous = CountsOf(tallies.national, false);
  SNA_ASSIGN(data.by_lsoa, CountSelected(frame, selected, {"lsoa"}));
  SNA_ASSIGN(data.by_district, CountSelected(frame, selected, {"district"}));
  SNA_ASSIGN(data.people_age,
             CountSelected(frame, selected, {"role", "age_band"}, Measure::kPeople));
  SNA_ASSIGN(data.people_sex, CountSelected(frame, selected, {"role", "sex"}, Measure::kPeople));
  return Status::Ok();
}

}  // namespace

const std::vector<std::string>& SnaDriverMarkers() {
  static const std::vector<std::string> kMarkers = {"marker.alcohol", "marker.drugs",
                                                    "marker.domestic_abuse", "marker.county_lines"};
  return kMarkers;
}

namespace {

Result<std::vector<uint8_t>> Select(const Configuration& config, const Frame& frame,
                                    const std::string& where, QuerySpec& spec, SnaPeriod period) {
  auto selected = PrepareSelection(config, frame, where, spec, "cchi");
  if (!selected.ok()) return selected.status();
  return PeriodMask(frame, period, *selected);
}

}  // namespace

Result<std::vector<uint8_t>> SelectInPeriod(const Configuration& config, const Frame& frame,
                                            const std::string& where, SnaPeriod period,
                                            bool typed_by_user) {
  QuerySpec spec;
  spec.typed_by_user = typed_by_user;
  return Select(config, frame, where, spec, period);
}

Result<Counts> CountInPeriod(const Configuration& config, const Frame& frame,
                             const std::string& where, const std::vector<std::string>& by,
                             SnaPeriod period, Measure measure, const std::string& definition_set) {
  QuerySpec spec;
  spec.by = by;
  spec.measure = measure;
  spec.definition_set = definition_set;
  auto mask = Select(config, frame, where, spec, period);
  if (!mask.ok()) return mask.status();
  auto result = RunQuery(frame, spec, *mask);
  if (!result.ok()) return result.status();
  return ToCounts(*result);
}

namespace {

// The district an event's LSOA lies in: from the area lookups, else from the LSOA's name, which
// ONS forms as the district's name and a code ("Carlisle 013F"); "" when neither says.
std::string DistrictOf(const Frame& frame, size_t row) {
  if (row < frame.district.codes().size() && !frame.district.at(row).empty())
    return std::string(frame.district.at(row));
  const std::string_view name = frame.lsoa_name.at(row);
  const size_t space = name.rfind(' ');
  if (space == std::string_view::npos || name.size() - space != 5) return "";
  const std::string_view code = name.substr(space + 1);
  const bool ons = std::isdigit(static_cast<unsigned char>(code[0])) &&
                   std::isdigit(static_cast<unsigned char>(code[1])) &&
                   std::isdigit(static_cast<unsigned char>(code[2])) &&
                   std::isupper(static_cast<unsigned char>(code[3]));
  return ons ? std::string(name.substr(0, space)) : "";
}

// The population the rate is per: the usual residents of the LSOAs the stored events fall in, in
// the districts with at least 1% of the events (so a force's or a partnership's own area: the
// crimes a force records elsewhere, one or two in each of dozens of LSOAs across England in the
// real Cumbria files, would add a quarter to its residents). An LSOA whose district is not known
// is kept. `lsoa_population` gets every LSOA's residents (one table's when several give it).
Result<AreaResidents> AreaResidentsOf(Store& store, const Frame& frame,
                                      std::map<std::string, int64_t>& lsoa_population) {
  auto rows = store.ListPopulations();
  if (!rows.ok()) return rows.status();
  for (const AreaPopulation& p : *rows)
    if (p.sex == "all" && p.age_band == "all") lsoa_population[p.lsoa_code] = p.population;
  // Each LSOA code of the frame: its events, and a row of one of them (for its district).
  const size_t codes = frame.lsoa.dict().size();
  std::vector<int64_t> events(codes, 0);
  std::vector<size_t> some_row(codes, 0);
  const uint32_t* lsoa = frame.lsoa.codes().data();
  for (size_t row = 0; row < frame.rows; ++row) {
    if (events[lsoa[row]]++ == 0) some_row[lsoa[row]] = row;
  }
  std::vector<std::string> district(codes);
  std::map<std::string, int64_t> district_events;
  for (size_t code = 1; code < codes; ++code) {
    if (events[code] == 0) continue;
    district[code] = DistrictOf(frame, some_row[code]);
    if (!district[code].empty()) district_events[district[code]] += events[code];
  }
  const std::set<std::string> area_districts = AreaDistricts(district_events);
  // 0: no event or outside the area, 1: in the area without residents, 2: with residents.
  std::vector<uint8_t> state(codes, 0);
  AreaResidents area;
  int64_t total = 0;
  for (size_t code = 1; code < codes; ++code) {
    if (events[code] == 0) continue;
    if (!district[code].empty() && !area_districts.count(district[code])) {
      ++area.lsoas_outside;
      continue;
    }
    ++area.lsoas;
    auto it = lsoa_population.find(std::string(frame.lsoa.dict()[code]));
    if (it == lsoa_population.end()) {
      state[code] = 1;
      if (area.examples_without.size() < 3)
        area.examples_without.push_back(std::string(frame.lsoa.dict()[code]));
      continue;
    }
    state[code] = 2;
    total += it->second;
    ++area.lsoas_with;
  }
  if (area.lsoas_with == 0) return area;
  area.residents = total;
  if (area.lsoas_with == area.lsoas) return area;
  const int32_t* month = frame.month.data();
  for (size_t row = 0; row < frame.rows; ++row)
    if (state[lsoa[row]] == 1) area.months_without.insert(month[row]);
  return area;
}

Status AddPopulation(Store& store, const Frame& frame, SnaData& data,
                     std::map<std::string, int64_t>& lsoa_population) {
  auto area = AreaResidentsOf(store, frame, lsoa_population);
  if (!area.ok()) return area.status();
  data.area = std::move(*area);
  data.population = data.area.For(data.period.from, data.period.to);
  return Status::Ok();
}

}  // namespace

std::optional<int64_t> AreaResidents::For(int32_t from, int32_t to) const {
  auto after = months_without.lower_bound(from);
  if (after != months_without.end() && *after <= to) return std::nullopt;
  return residents;
}

std::string AreaResidents::GapFor(int32_t from, int32_t to) const {
  if (!residents || For(from, to)) return "";
  std::vector<std::string> months;
  for (auto it = months_without.lower_bound(from); it != months_without.end() && *it <= to; ++it)
    months.push_back(FormatMonth(*it));
  const std::string when = months.size() == 1 ? months[0] : months.front() + " .. " + months.back();
  return "events in " + when + " fall in LSOAs no population table gives the residents of (" +
         WithCommas(lsoas - lsoas_with) + " of the " + WithCommas(lsoas) +
         " LSOAs of the stored events, e.g. " + Join(examples_without, ", ") +
         "; often 2011 codes a Census 2021 table does not have), and a rate over the residents of "
         "the others would overstate the area's (load the population of every LSOA)";
}

Result<AreaResidents> ResidentsOfArea(Store& store, const Frame& frame) {
  std::map<std::string, int64_t> lsoa_population;
  return AreaResidentsOf(store, frame, lsoa_population);
}

namespace {

Status AddPlaces(Store& store, const std::vector<uint8_t>& selected, const Frame& frame,
                 const std::map<std::string, int64_t>& population, SnaData& data) {
  auto hotspots = FindHotspots(frame, selected);
  if (hotspots.ok())
    data.hotspots = std::move(hotspots).value();
  else
    data.hotspots_error = hotspots.status().message();
  auto areas = store.ListAreas();
  if (!areas.ok()) return areas.status();
  for (const AreaRecord& a : *areas) {
    data.has_imd = data.has_imd || a.imd_decile >= 1;
    data.has_rural_urban = data.has_rural_urban || !a.rural_urban.empty();
  }
  auto shapes = store.ListAreaShapes();
  if (!shapes.ok()) return shapes.status();
  std::map<std::string, int64_t> lsoa_counts;
  for (const auto& [keys, n] : data.by_lsoa)
    if (keys[0] != "(missing)") lsoa_counts[keys[0]] = n;
  data.areas = BreakAreasDown(lsoa_counts, *areas, population, std::move(shapes).value());
  data.forces = RankForces(frame, selected, population);
  data.force_count = static_cast<int64_t>(data.forces.size());
  return Status::Ok();
}

// The edition of a measure's table to set beside a period ending `period_end`: the latest whose
// year ending is not after it, else the latest loaded; empty when none has the measure.
std::string ChooseEdition(const ForceFigures& figures, const std::string& measure,
                          const std::string& period_end) {
  std::string before, latest;
  for (const AreaFigure& f : figures.forces) {
    if (f.measure != measure) continue;
    latest = std::max(latest, f.period);
    if (f.period <= period_end) before = std::max(before, f.period);
  }
  return before.empty() ? latest : before;
}

// `in_period`: every event of the period.
Status AddNationalRanks(Store& store, const Frame& frame, const std::vector<uint8_t>& in_period,
                        SnaData& data) {
  auto figures = ReadForceFigures(store);
  if (!figures.ok()) return figures.status();
  // The area is the force of most of this period's events, not of the whole store.
  const std::string area = LargestForce(frame, &in_period);
  const std::string period_end = FormatMonth(data.period.to);
  for (const ForceMeasure& m : ForceMeasures()) {
    if (!m.in_sna) continue;
    std::string edition = ChooseEdition(*figures, m.id, period_end);
    if (edition.empty()) continue;
    Result<ForceComparison> c = CompareForces(*figures, {m.id, edition, std::nullopt, area});
    if (!c.ok()) {
      data.national_ranks_missing = c.status().message();
      return Status::Ok();
    }
    SnaData::NationalRank rank{std::move(*c), m.partner_definition, std::nullopt};
    auto coverage = data.national_measure_coverage.find(rank.partner_definition);
    if (!rank.partner_definition.empty() && data.period.months() == 12 && edition == period_end &&
        !data.national_not_loaded.count(rank.partner_definition) &&
        (coverage == data.national_measure_coverage.end() || coverage->second.current.empty())) {
      auto it = data.national_current.find({rank.partner_definition});
      rank.partner = it == data.national_current.end() ? 0 : it->second;
    }
    data.national_ranks.push_back(std::move(rank));
  }
  if (data.national_ranks.empty() && data.national_ranks_missing.empty())
    data.national_ranks_missing =
        CompareForces(*figures, {"homicide", "", std::nullopt, area}).status().message();
  return Status::Ok();
}

// `selected`: the definition within the period; `in_period`: every event of the period.
void AddPeopleAndHealth(const Frame& frame, const std::vector<uint8_t>& selected,
                        const std::vector<uint8_t>& in_period, SnaData& data) {
  data.repeat_victims = FindRepeats(frame, selected, Role::kVictim);
  data.repeat_suspects = FindRepeats(frame, selected, Role::kSuspect);
  data.health_gap = FindHealthGap(frame, in_period);
  data.completeness = MeasureCompleteness(frame, in_period);
}

}  // namespace

std::vector<std::string> UncoveredMonths(const std::vector<BatchSummary>& batches,
                                         const std::string& source, const std::string& extract,
                                         SnaPeriod period) {
  std::vector<bool> covered(static_cast<size_t>(std::max(0, period.to - period.from + 1)));
  for (const BatchSummary& b : batches) {
    auto from = ParseMonth(b.period_from), to = ParseMonth(b.period_to);
    if (b.source != source || b.extract != extract || !from || !to) continue;
    for (int32_t m = std::max(*from, period.from); m <= std::min(*to, period.to); ++m)
      covered[static_cast<size_t>(m - period.from)] = true;
  }
  std::vector<std::string> missing;
  for (size_t i = 0; i < covered.size(); ++i)
    if (!covered[i]) missing.push_back(FormatMonth(period.from + static_cast<int32_t>(i)));
  return missing;
}

Result<SnaData> CollectSna(const Configuration& config, Store& store, const Frame& frame,
                           SnaPeriod period) {
  SnaData data;
  data.period = period;
  data.previous = period.Previous();
  std::vector<uint8_t> definition_mask;
  SnaTallies tallies;
  SNA_ASSIGN(tallies.headline, ChooseDefinition(config, frame, data, definition_mask));
  SNA_ASSIGN(tallies.strategy, TallySet(config, frame, kStrategySet, data));
  SNA_ASSIGN(tallies.national, TallySet(config, frame, kNationalSet, data));
  CAIRN_RETURN_IF_ERROR(AddDefinitionInfo(&config.definitions, data));
  CAIRN_RETURN_IF_ERROR(AddStoreInfo(store, data));
  std::map<std::string, int64_t> lsoa_population;
  CAIRN_RETURN_IF_ERROR(AddPopulation(store, frame, data, lsoa_population));
  AddFrameFacts(frame, data);
  AddNationalCoverage(config.definitions, frame, data);
  AddCoverage(frame, tallies, data);
  const std::vector<uint8_t> selected = PeriodMask(frame, data.period, definition_mask);
  definition_mask = {};
  CAIRN_RETURN_IF_ERROR(AddCounts(frame, selected, tallies, data));
  CAIRN_RETURN_IF_ERROR(AddTime(frame, selected, data));
  CAIRN_RETURN_IF_ERROR(AddDrivers(frame, selected, data));
  CAIRN_RETURN_IF_ERROR(AddEmptyMonths(config, frame, data));
  CAIRN_RETURN_IF_ERROR(AddPlaces(store, selected, frame, lsoa_population, data));
  const std::vector<uint8_t> in_period = PeriodMask(frame, data.period, {});
  AddPeopleAndHealth(frame, selected, in_period, data);
  CAIRN_RETURN_IF_ERROR(AddNationalRanks(store, frame, in_period, data));
  return data;
}

}  // namespace cairn
