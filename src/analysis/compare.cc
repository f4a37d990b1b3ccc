#include "analysis/compare.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "util/published_table.h"
#include "util/strings.h"

namespace cairn {

namespace {

constexpr const char* kCityOfLondon = "E23000034";

bool IsForceCode(const std::string& code) {
  return StartsWith(code, "E23") || StartsWith(code, "W15");
}

int YearOf(const std::string& period) {
  return static_cast<int>(ParseInt(period.substr(0, 4)).value_or(0));
}

// The force of each lookup row, by code, and the code of each force name key.
struct Forces {
  std::map<std::string, std::string> name_by_code;
  std::map<std::string, std::string> code_by_key;
};

Forces LookupForces(const std::vector<DistrictLink>& links) {
  Forces f;
  for (const DistrictLink& l : links) {
    f.name_by_code.emplace(l.force_code, l.force_name);
    f.code_by_key.emplace(ForceKey(l.force_name), l.force_code);
  }
  return f;
}

std::vector<int> PopulationYears(const ForceFigures& figures) {
  std::set<int> years;
  for (const AreaFigure& f : figures.districts)
    if (f.measure == "population" && f.value) years.insert(YearOf(f.period));
  return {years.begin(), years.end()};
}

constexpr const char* kPublishedPopulation = "population-rounded-mid-";

// The mid-year of the populations ONS's own Table P3 of this edition uses, when it is loaded
// (the year ending March 2018 tables use mid-2016); 0 when not.
int PublishedPopulationYear(const ForceFigures& figures, const std::string& year_ending) {
  for (const AreaFigure& f : figures.forces)
    if (f.period == year_ending && StartsWith(f.measure, kPublishedPopulation))
      return YearOf(f.measure.substr(std::string_view(kPublishedPopulation).size()));
  return 0;
}

// The mid-year a year ending is rated with: the one ONS's Table P3 of the edition uses when it is
// loaded and estimated, else the year before the year ending; the latest loaded at or before it,
// else the earliest loaded.
int DefaultPopulationYear(const ForceFigures& figures, const std::vector<int>& years,
                          const std::string& year_ending) {
  const int published = PublishedPopulationYear(figures, year_ending);
  const int wanted = published != 0 ? published : YearOf(year_ending) - 1;
  int best = 0;
  for (int y : years)
    if (y <= wanted) best = y;
  return best != 0 ? best : years.front();
}

std::vector<std::string> Editions(const ForceFigures& figures, const std::string& measure) {
  std::set<std::string> periods;
  for (const AreaFigure& f : figures.forces)
    if (f.measure == measure) periods.insert(f.period);
  return {periods.begin(), periods.end()};
}

std::string MonthYear(const std::string& period) {
  static const char* kMonths[] = {"January",   "February", "March",    "April",
                                  "May",       "June",     "July",     "August",
                                  "September", "October",  "November", "December"};
  int month = static_cast<int>(ParseInt(period.substr(5, 2)).value_or(0));
  if (month < 1 || month > 12) return period;
  return std::string(kMonths[month - 1]) + " " + period.substr(0, 4);
}

// Each table row of one measure and edition matched to a force of the lookup; what cannot be
// matched is named in notes.
std::map<std::string, const AreaFigure*> MatchRows(const ForceFigures& figures,
                                                   const Forces& forces, const std::string& measure,
                                                   const std::string& year_ending,
                                                   std::vector<std::string>* notes) {
  std::map<std::string, const AreaFigure*> by_code;
  for (const AreaFigure& f : figures.forces) {
    if (f.measure != measure || f.period != year_ending) continue;
    std::string code = f.area_code;
    if (code.empty() || !forces.name_by_code.count(code)) {
      auto it = forces.code_by_key.find(ForceKey(f.area_name));
      if (it != forces.code_by_key.end()) code = it->second;
    }
    if (forces.name_by_code.count(code)) {
      by_code[code] = &f;
    } else if (f.area_code.empty() || IsForceCode(f.area_code)) {
      notes->push_back(f.area_name + (f.area_code.empty() ? "" : " (" + f.area_code + ")") +
                       " is in the table but not in the district lookup (not a territorial force "
                       "area, or a code the lookup does not know), so it is not ranked");
    }
  }
  return by_code;
}

void RankRows(std::vector<ForceRow>* rows) {
  std::stable_sort(rows->begin(), rows->end(), [](const ForceRow& a, const ForceRow& b) {
    if (a.not_ranked.empty() != b.not_ranked.empty()) return a.not_ranked.empty();
    if (!a.not_ranked.empty()) return a.name < b.name;
    return *a.rate.value < *b.rate.value;
  });
  for (size_t i = 0; i < rows->size(); ++i) {
    ForceRow& r = (*rows)[i];
    if (!r.not_ranked.empty()) break;
    r.rank = i > 0 && *(*rows)[i - 1].rate.value == *r.rate.value ? (*rows)[i - 1].rank
                                                                  : static_cast<int>(i) + 1;
  }
}

std::optional<size_t> FindArea(const std::vector<ForceRow>& rows, const std::string& area) {
  const std::string key = ForceKey(area);
  for (size_t i = 0; i < rows.size(); ++i)
    if (rows[i].code == area || ForceKey(rows[i].name) == key) return i;
  return std::nullopt;
}

// Ranks the area could hold: forces whose interval lies wholly below its own are certainly lower.
void RankRange(ForceComparison* c) {
  const ForceRow& a = c->rows[*c->area];
  const double lo = a.rate.lower95.value_or(0), hi = a.rate.upper95.value_or(INFINITY);
  int below = 0, above = 0, overlapping = 0;
  for (size_t i = 0; i < c->rows.size(); ++i) {
    const ForceRow& r = c->rows[i];
    if (i == *c->area || r.rank == 0) continue;
    const double rlo = r.rate.lower95.value_or(0), rhi = r.rate.upper95.value_or(INFINITY);
    if (rhi < lo)
      ++below;
    else if (rlo > hi)
      ++above;
    else
      ++overlapping;
  }
  c->rank_best = below + 1;
  c->rank_worst = c->ranked - above;
  c->overlapping = overlapping;
}

std::string Ordinal(int n) {
  const int tens = n % 100;
  const char* suffix = tens >= 11 && tens <= 13 ? "th"
                       : n % 10 == 1            ? "st"
                       : n % 10 == 2            ? "nd"
                       : n % 10 == 3            ? "rd"
                                                : "th";
  return std::to_string(n) + suffix;
}

std::string PlaceWords(int rank, int ranked) {
  if (rank == 1) return "the lowest";
  if (rank == ranked) return "the highest";
  if (rank > (ranked + 1) / 2) return "the " + Ordinal(ranked - rank + 1) + " highest";
  return "the " + Ordinal(rank) + " lowest";
}

void DescribeStability(ForceComparison* c) {
  const ForceRow& a = c->rows[*c->area];
  const std::string count = WithCommas(static_cast<int64_t>(*a.count));
  std::string s = a.name + " has " + PlaceWords(a.rank, c->ranked) + " rate of the " +
                  std::to_string(c->ranked) + " forces ranked (" + count + " " +
                  ToLower(c->measure_title) + ", " + WithCommas(*a.population) + " residents).";
  if (c->rank_best == c->rank_worst) {
    s += " Its 95% interval overlaps no other force's, so the rank is stable.";
  } else {
    s += " Its 95% interval overlaps those of " + std::to_string(c->overlapping) +
         (c->overlapping == 1 ? " other force" : " other forces") +
         ", so chance alone could put it anywhere from " + Ordinal(c->rank_best) + " to " +
         Ordinal(c->rank_worst) + " lowest: ";
    s += c->rank_worst - c->rank_best + 1 > c->ranked / 4
             ? "the rank is unstable and should not be quoted on its own."
             : "quote the range, not the single rank.";
  }
  if (*a.count < 10)
    s += " With fewer than 10 " + ToLower(c->measure_title) +
         " in the year, one more or one fewer changes the rate by a large fraction; treat it as "
         "very uncertain.";
  c->stability = s;
}

// One edition's table: every lookup force with its count, population and rate, ranked.
Result<ForceComparison> Rank(const ForceFigures& figures, const Forces& forces,
                             const std::string& measure, const std::string& year_ending,
                             int population_year) {
  ForceComparison c;
  c.measure = measure;
  c.measure_title = ForceMeasureTitle(measure);
  c.year_ending = year_ending;
  c.population_year = population_year;
  std::map<std::string, const AreaFigure*> matched =
      MatchRows(figures, forces, measure, year_ending, &c.notes);
  std::map<std::string, int64_t> population = ForcePopulations(figures, population_year, &c.notes);
  // ONS's own Table P3 figures of this edition: its rates, and its populations when they are of
  // the mid-year used here.
  std::map<std::pair<std::string, std::string>, double> published;  // (code, measure) -> value
  const std::string published_population = kPublishedPopulation + std::to_string(population_year);
  for (const AreaFigure& f : figures.forces)
    if (f.value && f.period == year_ending) published[{f.area_code, f.measure}] = *f.value;
  for (const auto& [code, name] : forces.name_by_code) {
    ForceRow row;
    row.code = code;
    row.name = name;
    if (auto p = population.find(code); p != population.end()) row.population = p->second;
    auto m = matched.find(code);
    if (code == kCityOfLondon) {
      row.not_ranked =
          "left out of rankings, as ONS does: a few thousand residents and a "
          "large daytime population";
    } else if (m == matched.end()) {
      row.not_ranked = "not in the table";
    } else if (!m->second->value) {
      row.not_ranked = "the table shows no figure (missing)";
    } else if (!row.population) {
      row.not_ranked = "no population estimate for mid-" + std::to_string(population_year);
    }
    if (m != matched.end()) row.count = m->second->value;
    if (auto p = published.find({code, measure + "-rate-per-1000"}); p != published.end())
      row.published_rate = p->second;
    if (auto p = published.find({code, published_population}); p != published.end())
      row.published_population = p->second;
    if (row.count && row.population && *row.population > 0) {
      Result<Estimate> rate = CrudeRate(*row.count, static_cast<double>(*row.population), 1000);
      if (rate.ok())
        row.rate = *rate;
      else if (row.not_ranked.empty())
        row.not_ranked = rate.status().message();
    }
    if (row.not_ranked.empty() && !row.rate.value)
      row.not_ranked = "no rate: the population is " +
                       (row.population ? WithCommas(*row.population) : std::string("unknown"));
    c.rows.push_back(std::move(row));
  }
  RankRows(&c.rows);
  c.ranked = static_cast<int>(
      std::count_if(c.rows.begin(), c.rows.end(), [](const ForceRow& r) { return r.rank > 0; }));
  for (const ForceRow& r : c.rows)
    if (r.code != kCityOfLondon && !r.not_ranked.empty() && r.not_ranked != "not in the table")
      c.notes.push_back(r.name + " is not ranked: " + r.not_ranked);
    else if (r.not_ranked == "not in the table")
      c.notes.push_back(r.name + " (" + r.code + ") is in the lookup but not in the " +
                        MonthYear(year_ending) + " table, so it is not ranked");
  c.notes.insert(c.notes.begin(),
                 "City of London is left out of the ranking, as in ONS and Home Office tables.");
  return c;
}

}  // namespace

const std::vector<ForceMeasure>& ForceMeasures() {
  static const std::vector<ForceMeasure> kMeasures = {
      {"homicide", "Homicides", true, "recorded_homicides"},
      {"knife-offences", "Knife or sharp instrument offences", true, "knife_offences"},
      {"violence-with-injury", "Violence with injury offences", true, ""},
      {"violence-without-injury", "Violence without injury offences", true, ""},
      {"robbery", "Robberies", true, ""},
      {"sexual-offences", "Sexual offences", true, ""},
      {"possession-of-weapons", "Possession of weapons offences", true, ""},
      {"violence-against-the-person", "Violence against the person offences", false, ""},
      {"stalking-and-harassment", "Stalking and harassment offences", false, ""},
      {"total-recorded-crime", "Recorded crimes (excluding fraud)", false, ""},
  };
  return kMeasures;
}

std::string ForceMeasureTitle(const std::string& id) {
  for (const ForceMeasure& m : ForceMeasures())
    if (m.id == id) return m.title;
  return id;
}

std::string HistoryWords(const ForceComparison& c) {
  if (!c.area) return "";
  if (c.editions.size() < 2)
    return "Only one edition of this table is loaded, so no change in rank is shown.";
  std::vector<std::string> ranks, missing;
  bool small = false;
  for (const std::string& edition : c.editions) {
    auto h = std::find_if(c.history.begin(), c.history.end(),
                          [&](const RankInEdition& r) { return r.year_ending == edition; });
    if (h == c.history.end()) {
      missing.push_back(edition);
      continue;
    }
    small |= h->count < 30;
    ranks.push_back(h->year_ending + ": " + std::to_string(h->rank) + " of " +
                    std::to_string(h->ranked) + " (" + WithCommas(static_cast<int64_t>(h->count)) +
                    ", mid-" + std::to_string(h->population_year) + " residents)");
  }
  std::string words =
      c.rows[*c.area].name + "'s rank in each edition loaded (year ending: rank " +
      "of forces ranked, count, population used): " + (ranks.empty() ? "none" : Join(ranks, "; ")) +
      ".";
  if (!missing.empty())
    words += " Not ranked in " + Join(missing, ", ") + " (no figure or no population).";
  if (small)
    words +=
        " With counts this small a rank moves from year to year by chance; a change in "
        "rank is not a change in crime unless the intervals say so.";
  return words;
}

Result<ForceFigures> ReadForceFigures(Store& store) {
  ForceFigures f;
  auto forces = store.ListAreaFigures("force");
  if (!forces.ok()) return forces.status();
  auto districts = store.ListAreaFigures("district");
  if (!districts.ok()) return districts.status();
  auto links = store.ListDistrictLinks();
  if (!links.ok()) return links.status();
  f.forces = std::move(*forces);
  f.districts = std::move(*districts);
  f.links = std::move(*links);
  return f;
}

std::string LargestForce(const Frame& frame, const std::vector<uint8_t>* rows) {
  std::vector<int64_t> events(frame.force.dict().size(), 0);
  const auto& codes = frame.force.codes();
  for (size_t row = 0; row < codes.size(); ++row)
    if (!rows || (*rows)[row]) ++events[codes[row]];
  if (events.size() < 2) return "";
  size_t best = std::max_element(events.begin() + 1, events.end()) - events.begin();
  return events[best] > 0 ? frame.force.dict()[best] : "";
}

std::string ForceKey(const std::string& name) {
  std::string key = AreaNameKey(name);
  for (const char* suffix : {" police service", " police force", " constabulary", " police"})
    if (EndsWith(key, suffix) && key.size() > std::string_view(suffix).size())
      key.erase(key.size() - std::string_view(suffix).size());
  return key;
}

std::map<std::string, int64_t> ForcePopulations(const ForceFigures& figures, int year,
                                                std::vector<std::string>* notes) {
  std::map<std::string, double> district;
  const std::string period = std::to_string(year);
  for (const AreaFigure& f : figures.districts)
    if (f.measure == "population" && f.period == period && f.value)
      district[f.area_code] = *f.value;
  std::map<std::string, std::set<std::string>> forces_of;  // district -> forces
  std::map<std::string, std::set<std::string>> districts_of;
  for (const DistrictLink& l : figures.links) {
    forces_of[l.district_code].insert(l.force_code);
    districts_of[l.force_code].insert(l.district_code);
  }
  std::map<std::string, int64_t> out;
  for (const auto& [force, districts] : districts_of) {
    double total = 0;
    std::vector<std::string> missing, split;
    for (const std::string& d : districts) {
      if (forces_of[d].size() > 1) split.push_back(d);
      if (auto it = district.find(d); it != district.end())
        total += it->second;
      else
        missing.push_back(d);
    }
    if (!split.empty()) {
      notes->push_back("the lookup splits district " + Join(split, ", ") +
                       " between forces, so force populations cannot be summed from districts; "
                       "force " +
                       force + " has no population");
      continue;
    }
    if (!missing.empty()) {
      notes->push_back("force " + force + " has no mid-" + period + " population: its district" +
                       (missing.size() == 1 ? " " : "s ") + Join(missing, ", ") +
                       (missing.size() == 1 ? " has" : " have") + " no estimate for that year");
      continue;
    }
    out[force] = static_cast<int64_t>(std::llround(total));
  }
  return out;
}

Result<ForceComparison> CompareForces(const ForceFigures& figures,
                                      const ComparisonRequest& request) {
  if (figures.forces.empty())
    return Status::Usage(
        "no force-area tables are loaded: load ONS's Police Force Area tables with a figures "
        "profile (e.g. cairn ingest --profile profiles/ons-pfa-p1-2025.toml FILE)");
  if (figures.links.empty())
    return Status::Usage(
        "no district -> force lookup is loaded: cairn ingest --profile "
        "profiles/ons-lad-csp-pfa-lookup.toml lad24-csp24-pfa24.csv");
  std::vector<int> years = PopulationYears(figures);
  if (years.empty())
    return Status::Usage(
        "no mid-year population estimates are loaded: cairn ingest --profile "
        "profiles/ons-mye2-persons-csv.toml mye24tablesew.csv (or the MYE4 workbook)");
  std::vector<std::string> editions = Editions(figures, request.measure);
  if (editions.empty()) {
    std::set<std::string> loaded;
    for (const AreaFigure& f : figures.forces) loaded.insert(f.measure);
    return Status::Usage("no table loaded has the measure \"" + request.measure +
                         "\"; measures loaded: " +
                         Join(std::vector<std::string>(loaded.begin(), loaded.end()), ", "));
  }
  std::string year_ending = request.year_ending.empty() ? editions.back() : request.year_ending;
  if (std::find(editions.begin(), editions.end(), year_ending) == editions.end())
    return Status::Usage("no table loaded gives " + request.measure + " for the year ending " +
                         year_ending + "; years ending loaded: " + Join(editions, ", "));
  if (request.population_year &&
      std::find(years.begin(), years.end(), *request.population_year) == years.end()) {
    std::vector<std::string> listed;
    for (int y : years) listed.push_back(std::to_string(y));
    return Status::Usage("no population estimates are loaded for mid-" +
                         std::to_string(*request.population_year) +
                         "; years loaded: " + Join(listed, ", "));
  }
  const Forces forces = LookupForces(figures.links);
  const int population_year =
      request.population_year.value_or(DefaultPopulationYear(figures, years, year_ending));
  Result<ForceComparison> c = Rank(figures, forces, request.measure, year_ending, population_year);
  if (!c.ok() || request.area.empty()) return c;
  c->area = FindArea(c->rows, request.area);
  if (!c->area)
    return Status::Usage("no force matches the area \"" + request.area +
                         "\" (give a force code such as E23000002 or a name such as Cumbria)");
  c->editions = editions;
  // The area's rank in every edition, each rated with its own edition's mid-year.
  for (const std::string& edition : editions) {
    const int year = DefaultPopulationYear(figures, years, edition);
    Result<ForceComparison> e = Rank(figures, forces, request.measure, edition, year);
    if (!e.ok()) continue;
    std::optional<size_t> at = FindArea(e->rows, request.area);
    if (!at || e->rows[*at].rank == 0) continue;
    c->history.push_back({edition, year, e->rows[*at].rank, e->ranked, *e->rows[*at].count,
                          e->rows[*at].rate.value});
  }
  if (c->rows[*c->area].rank == 0) {
    c->stability = c->rows[*c->area].name + " is not ranked: " + c->rows[*c->area].not_ranked + ".";
    return c;
  }
  RankRange(&*c);
  DescribeStability(&*c);
  return c;
}

}  // namespace cairn
