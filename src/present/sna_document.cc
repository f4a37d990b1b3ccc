#include "present/sna_document.h"

#include <algorithm>
#include <set>

#include "analysis/sna_stats.h"
#include "define/sna_sections.h"
#include "stats/spatial.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

namespace {

using Grid = std::vector<std::vector<int64_t>>;

const char* const kWeekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                 "Friday", "Saturday", "Sunday"};

const char kNeedsRecordedCrime[] =
    "a police recorded-crime extract: cairn ingest --profile profiles/police-recorded-crime.toml "
    "FILE.csv (data.police.uk files have ";

int64_t Get(const Counts& counts, const std::vector<std::string>& keys) {
  auto it = counts.find(keys);
  return it == counts.end() ? 0 : it->second;
}

Section MakeSection(std::string id, std::string title) {
  Section s;
  s.id = std::move(id);
  s.title = std::move(title);
  return s;
}

Table MakeTable(std::string id, std::string title) {
  Table t;
  t.id = std::move(id);
  t.title = std::move(title);
  return t;
}

std::string Label(SnaPeriod p) { return FormatMonth(p.from) + " to " + FormatMonth(p.to); }

class Builder {
 public:
  Builder(const SnaData& data, const DisclosureOptions& disclosure) {
    doc_.data = data;
    doc_.disclosure = disclosure;
  }

  SnaDocument Build() {
    const SnaData& d = doc_.data;
    doc_.title = "Serious violence: strategic needs assessment";
    doc_.period_label = Label(d.period);
    doc_.previous_label = Label(d.previous);
    AddHeadline();
    AddCategories();
    AddTrends();
    AddWhere();
    AddWhen();
    AddWho();
    AddDrivers();
    AddCompare();
    AddDataQuality();
    LinkSuppression();
    AddMethods();
    return std::move(doc_);
  }

 private:
  std::optional<int64_t> Disclose(int64_t n) { return DiscloseCount(n, doc_.disclosure); }

  // Every table of the document goes through here: disclosure control, and a record of it.
  Table& Publish(Section& section, Table table, const Grid& values, bool row_totals,
                 bool col_totals, bool grand) {
    for (const auto& row : values) table.grid.cells.emplace_back(row.begin(), row.end());
    FillTotals(table.grid, row_totals, col_totals, grand);
    SuppressionRecord r = ApplyDisclosure(table.grid, doc_.disclosure, table.title);
    if (r.primary + r.secondary > 0) doc_.suppressed.push_back(r);
    HideValuesOfHiddenRows(table);
    MarkNoData(table);
    section.tables.push_back(std::move(table));
    return section.tables.back();
  }

  // A cell with no data loaded is not a count of 0: hidden, with every total over it.
  static void MarkNoData(Table& table) {
    for (const auto& [r, c] : table.no_data) {
      table.grid.cells[r][c].reset();
      if (!table.grid.row_totals.empty()) table.grid.row_totals[r].reset();
      if (!table.grid.col_totals.empty()) table.grid.col_totals[c].reset();
      table.grid.grand_total.reset();
    }
  }

  // Hides every row's values when one of its counts is hidden.
  static void HideValuesOfHiddenRows(Table& table) {
    table.values.resize(table.row_labels.size());
    for (size_t row = 0; row < table.values.size(); ++row) {
      table.values[row].resize(table.value_labels.size());
      for (const auto& cell : table.grid.cells[row])
        if (!cell) std::fill(table.values[row].begin(), table.values[row].end(), std::nullopt);
    }
  }

  static std::string CellKey(const Table& t, size_t row, size_t col) {
    return t.dimension + '\x1f' + t.row_labels[row] + '\x1f' + t.col_labels[col];
  }

  // Cross-table suppression: a count hidden in one table of a dimension is hidden in the others
  // (then their own totals are protected again), until no table shows what another hides.
  void LinkSuppression() {
    if (!doc_.disclosure.enabled) return;
    for (bool changed = true; changed;) {
      changed = false;
      std::set<std::string> hidden;
      ForEachLinkedCell([&](Table& t, size_t r, size_t c) {
        if (!t.grid.cells[r][c]) hidden.insert(CellKey(t, r, c));
      });
      std::map<Table*, int> touched;  // table -> cells hidden because another table hides them
      ForEachLinkedCell([&](Table& t, size_t r, size_t c) {
        if (!t.grid.cells[r][c] || !hidden.count(CellKey(t, r, c))) return;
        t.grid.cells[r][c] = std::nullopt;
        ++touched[&t];
      });
      for (auto& [t, linked] : touched) {
        SuppressionRecord r = ApplyDisclosure(t->grid, doc_.disclosure, t->title);
        RecordLinked(t->title, linked + r.secondary);
        HideValuesOfHiddenRows(*t);
        changed = true;
      }
    }
  }

  template <typename Visit>
  void ForEachLinkedCell(Visit visit) {
    for (Section& s : doc_.sections)
      for (Table& t : s.tables)
        if (!t.dimension.empty())
          for (size_t r = 0; r < t.grid.cells.size(); ++r)
            for (size_t c = 0; c < t.grid.cells[r].size(); ++c) visit(t, r, c);
  }

  void RecordLinked(const std::string& title, int secondary) {
    for (SuppressionRecord& r : doc_.suppressed)
      if (r.table == title) {
        r.secondary += secondary;
        return;
      }
    doc_.suppressed.push_back({title, 0, secondary});
  }

  Figure MakeFigure(std::string key, std::string label, int64_t count) {
    Figure f{std::move(key), std::move(label), Disclose(count), std::nullopt};
    if (f.count && doc_.headline.count && *doc_.headline.count > 0)
      f.share = static_cast<double>(*f.count) / static_cast<double>(*doc_.headline.count);
    return f;
  }

  void AddHeadline() {
    const SnaData& d = doc_.data;
    Headline& h = doc_.headline;
    const SnaCoverage& coverage = d.headline_coverage;
    const bool complete = coverage.current.empty();
    h.count = Disclose(d.headline);
    h.previous_count = Disclose(d.headline_previous);
    if (!coverage.previous.empty()) {
      h.previous_count.reset();
      h.previous_note = PreviousIncompleteNote(coverage.previous);
    }
    if (!complete) {
      h.current_note = CurrentIncompleteNote(coverage.current);
      h.not_loaded = coverage.current_none;
      if (h.not_loaded) h.count.reset();
    }
    if (h.count && complete) {
      Interval ci = PoissonInterval95(d.headline);
      h.ci_lower = ci.lower;
      h.ci_upper = ci.upper;
    }
    if (h.count && h.previous_count && complete) {
      if (d.headline_previous > 0)
        h.change_percent = 100.0 * (d.headline - d.headline_previous) / d.headline_previous;
      h.p_value = ChangePValue(d.headline_previous, d.headline);
    }
    if (!complete) {
      h.rate_note =
          "No rate per 1,000 population: this period is not fully loaded, so a rate would be "
          "too low.";
    } else if (d.population && *d.population > 0) {
      h.rate_per_1000 =
          1000.0 * static_cast<double>(d.headline) / static_cast<double>(*d.population);
    } else {
      const std::string gap = d.area.GapFor(d.period.from, d.period.to);
      h.rate_note = "No rate per 1,000 population: " +
                    (gap.empty() ? "no population table covers the areas of these events" : gap) +
                    ". Load Census 2021 TS007A with `cairn ingest --profile "
                    "profiles/census2021-ts007a.toml FILE`.";
    }
    Section s = MakeSection(kSnaHeadline, "Headline");
    s.paragraphs.push_back("What is counted: " + d.definition_title + " (" + d.definition + ", " +
                           d.definition_label + "), events in " + doc_.period_label +
                           ", compared with the previous period of the same length (" +
                           doc_.previous_label + ").");
    if (d.coarse)
      s.paragraphs.push_back(
          "The local definition selects nothing in this period: the store holds data.police.uk "
          "files only, which give crime types but no offence codes, so the coarse equivalent "
          "is counted instead. For the local definition, load " +
          std::string(kNeedsRecordedCrime) + "crime types only).");
    AddNationalMeasures(s);
    doc_.sections.push_back(std::move(s));
  }

  // No change is claimed across a previous period some source has no file for.
  std::string PreviousIncompleteNote(const std::vector<std::string>& not_loaded) const {
    return "No comparison with the previous period (" + doc_.previous_label +
           "): it is not fully loaded, so its counts would be too low and any change false. No "
           "file is loaded for " +
           Join(not_loaded, "; ") + ".";
  }

  // Nor across this period when some source of it has no file for one of its months.
  std::string CurrentIncompleteNote(const std::vector<std::string>& not_loaded) const {
    return "This period (" + doc_.period_label +
           ") is not fully loaded: its counts are partial, only what is loaded, so no change, "
           "interval or rate is given for them. No file is loaded for " +
           Join(not_loaded, "; ") + ".";
  }

  // A section describing this period when no file of the sources it counts covers any of it: no
  // table of zeros, only why there is nothing to show. True when the section is done.
  bool NothingLoaded(Section& s) {
    const SnaCoverage& coverage = doc_.data.headline_coverage;
    if (!coverage.current_none) return false;
    s.paragraphs.push_back(
        "No data: no file of the sources this section counts is loaded for "
        "this period (" +
        doc_.period_label + "; " + Join(coverage.current, "; ") +
        "), so there is nothing to show (not zero).");
    doc_.sections.push_back(std::move(s));
    return true;
  }

  // A section describing this period alone (where, when, who, drivers) makes no comparison, but
  // its counts lack the months a source has no file for: said, so a place or hour whose events
  // fall in those months is not read as quiet.
  void NotePartialPeriod(Section& s) const {
    const SnaCoverage& coverage = doc_.data.headline_coverage;
    if (coverage.current.empty() || coverage.current_none) return;
    s.paragraphs.push_back("This period (" + doc_.period_label +
                           ") is not fully loaded: the counts here are of the months loaded "
                           "only. No file is loaded for " +
                           Join(coverage.current, "; ") + ".");
  }

  // A table comparing with the previous period: unless both periods are fully loaded for the
  // sources it counts, no change or p-value is given (nor, when this period is partial, its
  // rates), and the section says why.
  void GuardComparison(Section& s, Table& t, const SnaCoverage& coverage) {
    if (coverage.previous.empty() && coverage.current.empty()) return;
    t.change_column = false;
    for (auto& row : t.values) {
      row.back().reset();  // the p-value of the change
      if (!coverage.current.empty()) std::fill(row.begin(), row.end(), std::nullopt);
    }
    if (!coverage.previous.empty())
      s.paragraphs.push_back(PreviousIncompleteNote(coverage.previous) +
                             " The previous period's column shows only what is loaded.");
    if (!coverage.current.empty())
      s.paragraphs.push_back(CurrentIncompleteNote(coverage.current) +
                             " The column for this period shows only what is loaded (partial).");
  }

  void AddNationalMeasures(Section& s) {
    const SnaData& d = doc_.data;
    Table t = MakeTable("national-measures", "National Serious Violence Duty measures: " +
                                                 doc_.previous_label + " and " + doc_.period_label);
    t.row_header = "Measure (" + d.national_label + ")";
    t.col_labels = {"Previous period", "This period"};
    t.change_column = true;
    t.value_labels = {"Rate per 1,000 (this period)", "p-value of the change"};
    t.value_keys = {"rate_per_1000", "p_value"};
    t.value_digits = {3, 4};
    t.significance_from = 1;
    Grid values;
    std::vector<std::string> not_loaded;
    for (const auto& [name, title] : d.national) {
      if (auto it = d.national_not_loaded.find(name); it != d.national_not_loaded.end()) {
        not_loaded.push_back(title + ": " + it->second);
        continue;
      }
      const int64_t before = Get(d.national_previous, {name}),
                    now = Get(d.national_current, {name});
      t.row_labels.push_back(title);
      values.push_back({before, now});
      if (auto c = d.national_measure_coverage.find(name);
          c != d.national_measure_coverage.end() && c->second.previous_none)
        t.no_data.emplace(t.row_labels.size() - 1, 0);
      std::optional<double> rate;
      if (d.population && *d.population > 0)
        rate = 1000.0 * static_cast<double>(now) / static_cast<double>(*d.population);
      t.values.push_back({rate, ChangePValue(before, now)});
    }
    if (!not_loaded.empty())
      s.paragraphs.push_back(
          "Not shown, because the data they count is not loaded (a count of 0 "
          "would be false): " +
          Join(not_loaded, "; ") + ".");
    if (t.row_labels.empty()) return;
    s.paragraphs.push_back(
        "The national measures as far as local data can give them (" + d.national_label +
        "; see docs/definitions.md for how each differs from the published measure). Hospital "
        "admissions for assault with a sharp object come from emergency-department attendances "
        "with a knife, a proxy until admitted patient care data can be loaded.");
    GuardComparison(s, t, d.national_coverage);
    Publish(s, std::move(t), values, false, false, false);
  }

  void AddCategories() {
    const SnaData& d = doc_.data;
    Section s =
        MakeSection(kSnaCategories, "Strategy categories, this period and the previous one");
    Table t = MakeTable(
        "categories", "Strategy categories: " + doc_.previous_label + " and " + doc_.period_label);
    t.row_header = "Category";
    t.col_labels = {"Previous period", "This period"};
    t.change_column = true;
    t.value_labels = {"p-value of the change"};
    t.value_keys = {"p_value"};
    t.value_digits = {4};
    t.significance_from = 0;
    Grid values;
    for (const auto& [name, title] : d.strategy) {
      t.row_labels.push_back(title);
      const int64_t before = Get(d.strategy_previous, {name}),
                    now = Get(d.strategy_current, {name});
      values.push_back({before, now});
      t.values.push_back({ChangePValue(before, now)});
      if (d.categories_coverage.previous_none) t.no_data.emplace(t.row_labels.size() - 1, 0);
      if (d.categories_coverage.current_none) t.no_data.emplace(t.row_labels.size() - 1, 1);
    }
    s.paragraphs.push_back("Definitions from " + d.strategy_label +
                           ". Categories overlap (an event can be in several), so they have no "
                           "total.");
    if (!d.coarse) GuardComparison(s, t, d.categories_coverage);
    if (!d.coarse) Publish(s, std::move(t), values, false, false, false);
    if (d.coarse)
      s.needs = "The categories rest on offence codes and markers, which need " +
                std::string(kNeedsRecordedCrime) + "crime types only).";
    doc_.sections.push_back(std::move(s));
  }

  void AddTrends() {
    const SnaData& d = doc_.data;
    Section s = MakeSection(kSnaTrends, "Trends");
    Table t = MakeTable("trends", "Events per month, this period and a year earlier");
    t.row_header = "Month";
    t.col_labels = {"A year earlier", "This period"};
    t.chart = ChartKind::kLine;
    t.x_axis = "Month";
    t.y_axis = "Events";
    Grid values;
    std::set<int32_t> no_data;
    for (int32_t m = d.period.from; m <= d.period.to; ++m) {
      t.row_labels.push_back(FormatMonth(m));
      values.push_back({Get(d.monthly, {FormatMonth(m - 12)}), Get(d.monthly, {FormatMonth(m)})});
      for (size_t c = 0; c < 2; ++c) {
        const int32_t month = m - (c == 0 ? 12 : 0);
        if (!d.months_not_loaded.count(month)) continue;
        t.no_data.emplace(t.row_labels.size() - 1, c);
        no_data.insert(month);
      }
    }
    if (!no_data.empty()) {
      std::vector<std::string> months;
      for (int32_t m : no_data) months.push_back(FormatMonth(m));
      s.paragraphs.push_back(
          "No file is loaded for " + Join(months, ", ") +
          " of a source this count draws on: those months are shown as \"no data\" and left as "
          "gaps in the chart, not drawn at 0, and a column with one has no total.");
    }
    t.alt = "Line chart of " + d.definition + " events per month from " + doc_.period_label +
            ", with the same months a year earlier as a second line. The table below gives the "
            "numbers.";
    Publish(s, std::move(t), values, false, true, true);
    doc_.sections.push_back(std::move(s));
  }

  void AddWhere() {
    const SnaData& d = doc_.data;
    Section s = MakeSection(kSnaWhere, "Where");
    if (NothingLoaded(s)) return;
    std::vector<std::pair<int64_t, std::string>> lsoas;
    int64_t missing = 0, total = 0;
    for (const auto& [keys, n] : d.by_lsoa) {
      total += n;
      if (keys[0] == "(missing)")
        missing += n;
      else
        lsoas.emplace_back(n, keys[0]);
    }
    std::sort(lsoas.begin(), lsoas.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    NotePartialPeriod(s);
    Table t = MakeTable("top-lsoas", "The 10 LSOAs with most events");
    t.row_header = "LSOA";
    t.dimension = "lsoa";
    t.col_labels = {"Events"};
    Grid values;
    int64_t shown = 0;
    for (size_t i = 0; i < lsoas.size() && i < 10; ++i) {
      auto name = d.lsoa_names.find(lsoas[i].second);
      t.row_labels.push_back(lsoas[i].second + (name == d.lsoa_names.end() || name->second.empty()
                                                    ? ""
                                                    : " " + name->second));
      values.push_back({lsoas[i].first});
      shown += lsoas[i].first;
    }
    t.row_labels.push_back("All other LSOAs");
    values.push_back({total - shown - missing});
    t.row_labels.push_back("(no LSOA)");
    values.push_back({missing});
    Publish(s, std::move(t), values, false, false, true);
    AddDistricts(s);
    AddLsoaMap(s);
    AddHotspots(s);
    AddAreaGroups(s, "imd-deciles", "Events and rate per 1,000 by deprivation decile (IMD 2019)",
                  "Deprivation decile", d.areas.imd_decile, d.has_imd,
                  "Deprivation deciles need the English Indices of Deprivation 2019 File 1: cairn "
                  "ingest --profile profiles/imd2019-file1.toml File_1_IMD2019.csv.");
    AddAreaGroups(s, "rural-urban", "Events and rate per 1,000 by rural-urban class",
                  "Rural-urban class (ONS 2011)", d.areas.rural_urban, d.has_rural_urban,
                  "The rural and urban comparison needs the ONS rural-urban classification: cairn "
                  "ingest --profile profiles/ons-lsoa11-rural-urban.toml FILE.csv.");
    doc_.sections.push_back(std::move(s));
  }

  // Population, rate per 1,000 and its 95% interval as value columns of a table of area groups.
  static void SetRateColumns(Table& t) {
    t.value_labels = {"Usual residents", "Rate per 1,000", "Lower 95%", "Upper 95%"};
    t.value_keys = {"population", "rate_per_1000", "rate_lower95", "rate_upper95"};
    t.value_digits = {0, 2, 2, 2};
    t.bar_value = 1;
  }

  static std::vector<std::optional<double>> RateValues(const AreaGroup& g) {
    if (!g.population || *g.population <= 0)
      return {std::nullopt, std::nullopt, std::nullopt, std::nullopt};
    double per = 1000.0 / static_cast<double>(*g.population);
    Interval ci = PoissonInterval95(g.count);
    return {static_cast<double>(*g.population), g.count * per, ci.lower * per, ci.upper * per};
  }

  void AddAreaGroups(Section& s, const std::string& id, const std::string& title,
                     const std::string& header, const std::vector<AreaGroup>& groups, bool known,
                     const std::string& needs) {
    if (!known) {
      s.paragraphs.push_back(needs);
      return;
    }
    Table t = MakeTable(id, title);
    t.row_header = header;
    t.col_labels = {"Events"};
    SetRateColumns(t);
    Grid values;
    bool rates = false;
    for (const AreaGroup& g : groups) {
      t.row_labels.push_back(g.label);
      values.push_back({g.count});
      t.values.push_back(RateValues(g));
      rates = rates || t.values.back()[1].has_value();
    }
    t.chart = rates ? ChartKind::kRateBars : ChartKind::kNone;
    t.x_axis = "Events per 1,000 usual residents (bars), with 95% interval (line)";
    t.alt = "Bar chart of the rate per 1,000 residents for each " + header +
            " group, with its 95% confidence interval; the table below gives the numbers.";
    Publish(s, std::move(t), values, false, false, true);
  }

  void AddLsoaMap(Section& s) {
    const SnaData& d = doc_.data;
    if (d.areas.shapes.empty()) {
      s.paragraphs.push_back(
          "No LSOA boundaries are loaded, so the map below is a grid. For a map of LSOA rates, "
          "load boundaries: cairn ingest boundaries data/boundaries/cumbria-lsoa11.geojson (ONS "
          "LSOA boundaries as GeoJSON).");
      return;
    }
    Table t = MakeTable("lsoa-map", "Events per 1,000 residents by LSOA");
    t.row_header = "LSOA";
    t.dimension = "lsoa";
    t.col_labels = {"Events"};
    SetRateColumns(t);
    t.chart = ChartKind::kMap;
    t.map_legend = "Events per 1,000 usual residents (fifths of the LSOAs)";
    t.alt =
        "Map of the LSOAs shaded by events per 1,000 usual residents, darker for higher "
        "rates, in five classes with equal numbers of LSOAs; the table below gives each "
        "LSOA's numbers.";
    std::map<std::string, size_t> row_of;
    Grid values;
    for (const AreaGroup& g : d.areas.lsoa) {
      auto name = d.lsoa_names.find(g.label);
      row_of[g.label] = t.row_labels.size();
      t.row_labels.push_back(g.label + (name == d.lsoa_names.end() ? "" : " " + name->second));
      values.push_back({g.count});
      t.values.push_back(RateValues(g));
    }
    for (const AreaShape& shape : d.areas.shapes) {
      MapShape m;
      m.row = row_of.count(shape.lsoa_code) ? row_of[shape.lsoa_code] : SIZE_MAX;
      m.rings = shape.rings;
      if (m.row != SIZE_MAX) m.value = t.values[m.row][1];
      t.map.push_back(std::move(m));
    }
    Publish(s, std::move(t), values, false, false, true);
  }

  static std::string CellLabel(const GridCell& c) {
    return "E " + WithCommas(static_cast<int64_t>(c.x)) + ", N " +
           WithCommas(static_cast<int64_t>(c.y));
  }

  void AddHotspots(Section& s) {
    const SnaData& d = doc_.data;
    if (!d.hotspots || !d.hotspots->unavailable.empty()) {
      s.paragraphs.push_back(
          "No hot-spot map: " + (d.hotspots ? d.hotspots->unavailable : d.hotspots_error) + ".");
      return;
    }
    const HotspotGrid& g = *d.hotspots;
    Table t = MakeTable("hotspots", "Hot spots: grid cells where events cluster");
    t.row_header = "Grid cell centre (British National Grid metres)";
    t.col_labels = {"Events"};
    t.value_labels = {"Gi* z-score", "Adjusted p", "Kernel density"};
    t.value_keys = {"gistar", "pvalue", "kde"};
    t.value_digits = {2, 4, 1};
    t.chart = ChartKind::kMap;
    t.map_legend = "Kernel density of events (fifths of the shaded cells)";
    t.alt = "Map of a " + WithCommas(static_cast<int64_t>(g.cell_size)) +
            " m grid over the area, cells shaded by the kernel density of events (darker = "
            "denser) and hot spots (Getis-Ord Gi*, adjusted p < 0.05) outlined in red; the table "
            "below lists the hot spots.";
    std::vector<size_t> hot;
    for (size_t i = 0; i < g.cells.size(); ++i)
      if (g.gistar[i].z && *g.gistar[i].z > 0 && *g.gistar[i].pvalue < kHotspotAlpha)
        hot.push_back(i);
    std::sort(hot.begin(), hot.end(),
              [&](size_t a, size_t b) { return *g.gistar[a].z > *g.gistar[b].z; });
    const size_t hot_cells = hot.size();
    if (hot.size() > 20) hot.resize(20);
    Grid values;
    std::map<size_t, size_t> row_of;
    for (size_t i : hot) {
      row_of[i] = t.row_labels.size();
      t.row_labels.push_back(CellLabel(g.cells[i]));
      values.push_back({static_cast<int64_t>(g.cells[i].count)});
      t.values.push_back({g.gistar[i].z, g.gistar[i].pvalue, g.kde[i]});
    }
    const double half = g.cell_size / 2;
    for (size_t i = 0; i < g.cells.size(); ++i) {
      if (g.cells[i].count == 0 && g.kde[i] == 0) continue;
      MapShape m;
      m.row = row_of.count(i) ? row_of[i] : SIZE_MAX;
      const double x = g.cells[i].x, y = g.cells[i].y;
      m.rings = {
          {{x - half, y - half}, {x + half, y - half}, {x + half, y + half}, {x - half, y + half}}};
      m.value = g.kde[i];
      const auto& gi = g.gistar[i];
      if (gi.z && *gi.pvalue < kHotspotAlpha) m.mark = *gi.z > 0 ? 1 : -1;
      t.map.push_back(std::move(m));
    }
    s.paragraphs.push_back(
        WithCommas(g.events_mapped) + " events at " + WithCommas(g.places) +
        " distinct places are mapped (" + WithCommas(g.events_without_location) +
        " have no location). Grid: " + WithCommas(static_cast<int64_t>(g.cell_size)) +
        " m cells (sfhotspot's default size); Getis-Ord Gi* with queen neighbours including the "
        "cell itself, p-values adjusted by Benjamini-Hochberg (fdr); quartic kernel density with "
        "bandwidth " +
        WithCommas(static_cast<int64_t>(g.bandwidth)) + " m (" +
        (g.bandwidth_note.empty() ? "MASS bandwidth.nrd, as sfhotspot" : g.bandwidth_note) + "). " +
        WithCommas(static_cast<int64_t>(hot_cells)) + " cells are significant hot spots" +
        (hot_cells > 20 ? "; the table lists the 20 strongest." : "."));
    Publish(s, std::move(t), values, false, false, false);
  }

  void AddDistricts(Section& s) {
    const SnaData& d = doc_.data;
    if (!d.has_areas) {
      s.needs =
          "Districts need the LSOA lookup: cairn ingest --profile profiles/lsoa-lookup.toml "
          "lsoa-lookup.csv (ONS LSOA to local authority district).";
      return;
    }
    Table t = MakeTable("districts", "Events by district");
    t.row_header = "District";
    t.col_labels = {"Events"};
    int64_t total = 0, outside = 0, outside_districts = 0;
    for (const auto& [keys, n] : d.by_district) total += n;
    Grid values;
    for (const auto& [keys, n] : d.by_district) {
      if (keys[0] != "(missing)" && n * 100 < total) {  // under 1%: crimes recorded elsewhere
        outside += n;
        ++outside_districts;
        continue;
      }
      t.row_labels.push_back(keys[0] == "(missing)" ? "(no district)" : keys[0]);
      values.push_back({n});
    }
    if (outside_districts > 0) {
      t.row_labels.push_back(std::to_string(outside_districts) +
                             " other districts with under 1% of the events each");
      values.push_back({outside});
    }
    Publish(s, std::move(t), values, false, false, true);
  }

  void AddWhen() {
    const SnaData& d = doc_.data;
    Section s = MakeSection(kSnaWhen, "When");
    if (NothingLoaded(s)) return;
    if (!d.has_times) {
      s.needs = "Needs the date and time of each event, from " + std::string(kNeedsRecordedCrime) +
                "the month only).";
      doc_.sections.push_back(std::move(s));
      return;
    }
    NotePartialPeriod(s);
    Table t = MakeTable("weekday-hour", "Events by day of the week and hour of the day");
    t.row_header = "Day";
    t.chart = ChartKind::kHeatmap;
    t.x_axis = "Hour of the day (starting)";
    t.y_axis = "Day of the week";
    for (int h = 0; h < 24; ++h) t.col_labels.push_back(std::to_string(h));
    Grid values;
    int64_t nte = 0, weekend = 0;
    for (int w = 0; w < 7; ++w) {
      t.row_labels.push_back(kWeekdays[w]);
      values.emplace_back();
      for (int h = 0; h < 24; ++h) {
        int64_t n = Get(d.by_weekday_hour, {kWeekdays[w], std::to_string(h)});
        values.back().push_back(n);
        if ((w == 4 || w == 5) && h >= 20) nte += n;
        if ((w == 5 || w == 6) && h < 6) nte += n;
        if (w >= 5) weekend += n;
      }
    }
    t.alt =
        "Heat map of events by day of the week (rows, Monday first) and hour of the day "
        "(columns, 0 to 23); darker cells have more events. The table below gives the numbers.";
    Publish(s, std::move(t), values, true, true, true);
    s.figures.push_back(MakeFigure("night_time_economy_count",
                                   "Night-time economy hours (Friday and Saturday 20:00 to 05:59)",
                                   nte));
    s.figures.push_back(MakeFigure("weekend_count", "Weekends (Saturday and Sunday)", weekend));
    if (d.events_without_time > 0)
      s.paragraphs.push_back(WithCommas(d.events_without_time) +
                             " events have no time of day (data.police.uk rows, or extracts "
                             "without a time) and are not in the heat map; shares are of all "
                             "events.");
    doc_.sections.push_back(std::move(s));
  }

  void AddPeopleTable(Section& s, const std::string& id, const std::string& title,
                      const std::string& dim_title, const std::vector<std::string>& labels,
                      const Counts& counts) {
    Table t = MakeTable(id, title);
    t.row_header = dim_title;
    t.col_labels = {"Victims", "Suspects"};
    t.chart = ChartKind::kBars;
    t.x_axis = "People";
    t.y_axis = dim_title;
    t.alt = "Bar chart of the distinct victims and suspects by " + dim_title +
            "; the table below gives the numbers.";
    Grid values;
    for (const auto& label : labels) {
      t.row_labels.push_back(label);
      values.push_back({Get(counts, {"victim", label}), Get(counts, {"suspect", label})});
    }
    Publish(s, std::move(t), values, false, true, false);
  }

  void AddWho() {
    const SnaData& d = doc_.data;
    Section s = MakeSection(kSnaWho, "Who");
    if (NothingLoaded(s)) return;
    if (!d.has_people) {
      s.needs = "Needs victims and suspects (age and sex), from " +
                std::string(kNeedsRecordedCrime) +
                "no people), or emergency-department attendances: profiles/ed-istv.toml.";
      doc_.sections.push_back(std::move(s));
      return;
    }
    NotePartialPeriod(s);
    s.paragraphs.push_back(
        "Distinct people (pseudonymised) involved in the events, by role. Age is at the event.");
    std::vector<std::string> bands(std::begin(kAgeBandNames), std::end(kAgeBandNames));
    bands.push_back("(missing)");
    AddPeopleTable(s, "age", "Victims and suspects by age band", "Age band", bands, d.people_age);
    AddPeopleTable(s, "sex", "Victims and suspects by sex", "Sex",
                   {"female", "male", "unknown", "(missing)"}, d.people_sex);
    AddRepeats(s, "victim", d.repeat_victims);
    AddRepeats(s, "suspect", d.repeat_suspects);
    doc_.sections.push_back(std::move(s));
  }

  // Share of one count in another, when both are published.
  Figure ShareFigure(std::string key, std::string label, int64_t count, int64_t of) {
    Figure f{std::move(key), std::move(label), Disclose(count), std::nullopt};
    if (f.count && Disclose(of) && of > 0)
      f.share = static_cast<double>(count) / static_cast<double>(of);
    return f;
  }

  void AddRepeats(Section& s, const std::string& role, const RepeatPeople& r) {
    if (r.people == 0) return;
    s.figures.push_back(
        ShareFigure("repeat_" + role + "_count",
                    "Repeat " + role + "s (in 2 or more events), of all " + role + "s",
                    r.repeat_people, r.people));
    s.figures.push_back(ShareFigure("repeat_" + role + "_event_count",
                                    "Events with a repeat " + role + ", of events with a " + role,
                                    r.repeat_events, r.events));
  }

  void AddDrivers() {
    const SnaData& d = doc_.data;
    Section s = MakeSection(kSnaDrivers, "Drivers");
    if (NothingLoaded(s)) return;
    if (!d.has_markers) {
      s.needs = "Needs alcohol, drugs, domestic abuse and county lines markers, from " +
                std::string(kNeedsRecordedCrime) + "no markers).";
      AddHealthGap(s);
      doc_.sections.push_back(std::move(s));
      return;
    }
    NotePartialPeriod(s);
    for (const auto& marker : SnaDriverMarkers()) {
      std::string name = marker.substr(7);
      s.figures.push_back(
          MakeFigure(name + "_count", "Flagged " + marker, d.driver_true.at(marker)));
    }
    s.paragraphs.push_back(
        "Share of the events with each marker set by the recording partner. A marker not set "
        "may mean not recorded rather than not present, so these are lower bounds.");
    AddHealthGap(s);
    doc_.sections.push_back(std::move(s));
  }

  void AddHealthGap(Section& s) {
    const HealthGap& g = doc_.data.health_gap;
    const std::vector<std::string>& not_loaded = doc_.data.health_gap_coverage.current;
    if (!not_loaded.empty()) {
      s.paragraphs.push_back(
          "No gap between hospital and police records is given: this period is not fully loaded "
          "for the records it matches, so attendances would look unknown to the police (or "
          "known) only for want of a file. No file is loaded for " +
          Join(not_loaded, "; ") + ".");
      return;
    }
    if (g.attendances == 0) {
      s.paragraphs.push_back(
          "The gap between hospital and police records needs emergency-department assault "
          "attendances (ISTV): cairn ingest --profile profiles/ed-istv.toml FILE.csv.");
      return;
    }
    s.figures.push_back(Figure{"ed_attendance_count", "Emergency-department assault attendances",
                               Disclose(g.attendances), std::nullopt});
    s.figures.push_back(ShareFigure("ed_health_only_count",
                                    "Attendances police have no record of (health only)",
                                    g.health_only, g.attendances - g.unlinkable));
    s.paragraphs.push_back(
        "Health only: the patient's pseudonym is not a victim in any police record of the same "
        "period, so the violence is known to the hospital alone. " +
        WithCommas(g.unlinkable) +
        " attendances have no patient identifier and cannot be matched; the share is of the "
        "others. Matching uses the partnership pseudonyms, so it is only as good as the names "
        "and dates of birth each partner records.");
  }

  void AddCompare() {
    const SnaData& d = doc_.data;
    Section s = MakeSection(kSnaCompare, "How the area compares");
    AddNationalRanks(s);
    if (d.forces.size() < 2) {
      if (d.national_ranks.empty())
        s.needs =
            "A ranking of forces needs ONS's Police Force Area tables with the mid-year "
            "population estimates and the district -> force lookup (profiles/ons-pfa-*.toml, "
            "profiles/ons-mye*.toml, profiles/ons-lad-csp-pfa-lookup.toml; " +
            d.national_ranks_missing +
            "), or data.police.uk files for at least two forces with Census 2021 populations "
            "(forces with both now: " +
            std::to_string(d.force_count) + ").";
      doc_.sections.push_back(std::move(s));
      return;
    }
    if (!d.headline_coverage.current.empty()) {
      s.paragraphs.push_back(
          "No ranking of forces: this period is not fully loaded, so a force's rate would be too "
          "low for want of a file, not of events. No file is loaded for " +
          Join(d.headline_coverage.current, "; ") + ".");
      doc_.sections.push_back(std::move(s));
      return;
    }
    Table t =
        MakeTable("force-ranking", "Forces ranked by events per 1,000 residents, lowest first");
    t.row_header = "Rank and force";
    t.col_labels = {"Events"};
    t.value_labels = {"Usual residents", "Rate per 1,000"};
    t.value_keys = {"population", "rate_per_1000"};
    t.value_digits = {0, 2};
    t.bar_value = 1;
    t.chart = ChartKind::kRateBars;
    t.x_axis = "Events per 1,000 usual residents";
    t.alt =
        "Bar chart of each force's events per 1,000 residents, lowest first; the table below "
        "gives the numbers.";
    Grid values;
    for (size_t i = 0; i < d.forces.size(); ++i) {
      const ForceRate& f = d.forces[i];
      t.row_labels.push_back(std::to_string(i + 1) + ". " + f.force);
      values.push_back({f.count});
      t.values.push_back({static_cast<double>(f.population), f.rate_per_1000});
    }
    s.paragraphs.push_back(
        "What is counted: " + d.definition + " in " + doc_.period_label +
        ", per 1,000 usual "
        "residents of each force area (Census 2021). A force's area is the LSOAs where most of "
        "the store's events for that LSOA were recorded by it. City of London is left out, as "
        "in Home Office rankings. Rank 1 has the lowest rate.");
    Publish(s, std::move(t), values, false, false, true);
    doc_.sections.push_back(std::move(s));
  }

  // The area's rank among all territorial forces on each national measure of ONS's tables. The
  // counts are ONS's published figures, so none is suppressed.
  void AddNationalRanks(Section& s) {
    const SnaData& d = doc_.data;
    if (d.national_ranks.empty()) return;
    Table t = MakeTable("national-ranks", "The area among all territorial police force areas");
    t.row_header = "Measure (ONS table, year ending)";
    t.value_labels = {"Offences",      "Residents",          "Rate per 1,000",
                      "Lower 95%",     "Upper 95%",          "Rank (1 = lowest)",
                      "Forces ranked", "Rank could be from", "to"};
    t.value_keys = {"count", "population", "rate_per_1000", "lower95",   "upper95",
                    "rank",  "ranked",     "rank_best",     "rank_worst"};
    t.value_digits = {0, 0, 4, 4, 4, 0, 0, 0, 0};
    Grid values;
    std::set<std::string> notes;
    for (const SnaData::NationalRank& n : d.national_ranks) {
      const ForceComparison& c = n.comparison;
      t.row_labels.push_back(c.measure_title + ", year ending " + c.year_ending);
      values.push_back({});
      if (!c.area) {
        t.values.push_back({});
        continue;
      }
      const ForceRow& a = c.rows[*c.area];
      auto rank = [&](int v) -> std::optional<double> {
        return a.rank > 0 ? std::optional<double>(v) : std::nullopt;
      };
      t.values.push_back({a.count,
                          a.population ? std::optional<double>(*a.population) : std::nullopt,
                          a.rate.value, a.rate.lower95, a.rate.upper95, rank(a.rank),
                          rank(c.ranked), rank(c.rank_best), rank(c.rank_worst)});
      s.paragraphs.push_back(c.measure_title + ": " + c.stability + " " + HistoryWords(c));
      // The partner count is the store's own: disclosure-controlled like every other count, and
      // left out (with the difference, which would give it away) when it is hidden.
      const std::optional<int64_t> partner = n.partner ? Disclose(*n.partner) : std::nullopt;
      if (partner && a.count)
        s.paragraphs.push_back(
            "Partner data and the national table for the same twelve months: the store counts " +
            WithCommas(*partner) + " (definition " + n.partner_definition + "), ONS's table " +
            WithCommas(static_cast<int64_t>(*a.count)) + " for " + a.name + " (difference " +
            (*partner >= *a.count ? "+" : "") +
            WithCommas(*partner - static_cast<int64_t>(*a.count)) +
            "). Recording dates, reclassification and the counting rules can differ.");
      for (const std::string& note : c.notes) notes.insert(note);
    }
    s.paragraphs.insert(
        s.paragraphs.begin(),
        "ONS's published Police Force Area tables, per 1,000 residents of each force area (ONS "
        "mid-year estimates of its districts, summed over ONS's district -> force lookup), with "
        "95% intervals; rank 1 is the lowest rate. A rank is only as steady as the counts behind "
        "it: where intervals overlap, the area could hold any rank in the range shown. These are "
        "published figures, so no count is suppressed.");
    for (const std::string& note : notes) s.paragraphs.push_back(note);
    Publish(s, std::move(t), values, false, false, false);
  }

  void AddDataQuality() {
    const SnaData& d = doc_.data;
    Section s = MakeSection(kSnaDataQuality, "Appendix: data quality");
    Table t = MakeTable("sources", "Loaded data by source");
    t.row_header = "Source (extract), periods";
    t.col_labels = {"Batches", "Rows", "Rejected rows", "Events"};
    Grid values;
    for (const auto& src : d.sources) {
      t.row_labels.push_back(
          src.source + " (" + src.extract + ")" +
          (src.first_period.empty() ? "" : ", " + src.first_period + " to " + src.last_period));
      values.push_back({src.batches, src.rows, src.rejected, src.events});
    }
    Publish(s, std::move(t), values, false, false, false);
    AddCompleteness(s);
    AddTimeliness(s);
    s.figures.push_back(Figure{"findings_count", "Data-quality findings (cairn status)",
                               Disclose(d.findings), std::nullopt});
    for (const auto& [source, months] : d.empty_months)
      if (!months.empty())
        s.paragraphs.push_back("Missing months for " + source +
                               " (no events at all): " + Join(months, ", ") +
                               ". Counts and changes that span these months are understated.");
    if (s.paragraphs.empty())
      s.paragraphs.push_back(
          "Every source with events in this period or the previous one has events in every month "
          "of both.");
    AddLoadGaps(s);
    doc_.sections.push_back(std::move(s));
  }

  void AddCompleteness(Section& s) {
    const SnaData& d = doc_.data;
    if (d.completeness.empty()) return;
    Table t =
        MakeTable("completeness", "Completeness of each source's events, " + doc_.period_label);
    t.row_header = "Source";
    t.col_labels = {"Events", "With a location", "With an LSOA", "With a time of day",
                    "With a person"};
    t.value_labels = {"% located", "% with LSOA", "% with time", "% with person"};
    t.value_keys = {"located_percent", "lsoa_percent", "time_percent", "person_percent"};
    t.value_digits = {1, 1, 1, 1};
    Grid values;
    for (const auto& [source, c] : d.completeness) {
      t.row_labels.push_back(source);
      values.push_back({c.events, c.with_location, c.with_lsoa, c.with_time, c.with_person});
      auto pct = [&](int64_t n) {
        return std::optional<double>(100.0 * static_cast<double>(n) /
                                     static_cast<double>(c.events));
      };
      t.values.push_back(
          {pct(c.with_location), pct(c.with_lsoa), pct(c.with_time), pct(c.with_person)});
    }
    Publish(s, std::move(t), values, false, false, false);
  }

  // For each source, the latest period loaded and how long after its end it was loaded.
  void AddTimeliness(Section& s) {
    const SnaData& d = doc_.data;
    std::vector<std::string> lines;
    for (const auto& src : d.sources) {
      if (src.last_period.empty()) continue;
      std::string line = src.source + " (" + src.extract + "): latest period " + src.last_period;
      auto end = ParseMonth(src.last_period);
      if (end && *end < d.period.to)
        line += ", which ends before this report's period (" + FormatMonth(d.period.to) +
                "): the latest months may be missing";
      if (!src.last_loaded.empty()) line += "; last loaded " + src.last_loaded.substr(0, 10);
      lines.push_back(line + ".");
    }
    if (!lines.empty()) s.paragraphs.push_back("Timeliness. " + Join(lines, " "));
  }

  // Months between a source's first and last loaded period that no loaded file covers.
  void AddLoadGaps(Section& s) {
    const SnaData& d = doc_.data;
    for (const auto& src : d.sources) {
      auto first = ParseMonth(src.first_period), last = ParseMonth(src.last_period);
      if (!first || !last) continue;
      const std::vector<std::string> gaps =
          UncoveredMonths(d.batches, src.source, src.extract, SnaPeriod{*first, *last});
      if (gaps.empty()) continue;
      std::string shown = Join(
          std::vector<std::string>(gaps.begin(), gaps.begin() + std::min<size_t>(gaps.size(), 12)),
          ", ");
      s.paragraphs.push_back(src.source + " (" + src.extract + "): " + std::to_string(gaps.size()) +
                             " months between " + src.first_period + " and " + src.last_period +
                             " have no file loaded (" + shown + (gaps.size() > 12 ? ", ..." : "") +
                             ").");
    }
  }

  void AddMethods() {
    const SnaData& d = doc_.data;
    Section s = MakeSection(kSnaMethods, "Appendix: methods");
    s.paragraphs.push_back("Headline definition: " + d.definition + " (" + d.definition_label +
                           "). Categories: " + d.strategy_label + ".");
    s.paragraphs.push_back("Definition sets loaded: " + Join(d.definition_sets, "; ") + ".");
    std::vector<std::string> sources;
    for (const auto& src : d.sources)
      sources.push_back(src.source + " (" + src.extract + "; " + LicenceOf(src.extract) + ")");
    s.paragraphs.push_back(
        "Data sources and their terms: " + (sources.empty() ? "none" : Join(sources, "; ")) + ".");
    s.paragraphs.push_back(
        "Every number comes from the same engine as cairn query: the events whose month is in "
        "the period and that meet the definition, grouped by the query's dimensions (for "
        "example cairn query --where " +
        d.definition + " --from " + FormatMonth(d.period.from) + " --to " +
        FormatMonth(d.period.to) + " --by month).");
    s.paragraphs.push_back(
        "Change on the previous period: exact two-sided conditional (binomial) test of two Poisson "
        "counts over periods of equal length; significant when p < 0.05. 95% interval of the "
        "count: exact Poisson below 10 events, Byar's approximation above (as OHID "
        "Fingertips computes them).");
    s.paragraphs.push_back(
        "Rates per 1,000 usual residents (Census 2021) with 95% intervals of the count divided by "
        "the population; directly standardised rates, if used, follow PHEindicatormethods "
        "(Dobson, 2013 European Standard Population). Hot spots: Getis-Ord Gi* (as spdep::localG, "
        "queen neighbours including the cell, Benjamini-Hochberg adjusted) and quartic kernel "
        "density (as sfhotspot) on a British National Grid square grid. Repeat people and the "
        "health-only share rest on the partnership pseudonyms. Details: docs/sna.md and "
        "docs/stats.md.");
    AddDisclosureNote(s);
    doc_.sections.push_back(std::move(s));
  }

  // The terms a source's data come under, by extract kind.
  static std::string LicenceOf(const std::string& extract) {
    static const std::map<std::string, std::string> kOpen = {
        {"police-uk-street", "data.police.uk, Open Government Licence v3.0"},
        {"census2021-ts007a", "ONS Census 2021, Open Government Licence v3.0"},
        {"census2021-ts008", "ONS Census 2021, Open Government Licence v3.0"},
        {"imd2019-file1",
         "MHCLG English Indices of Deprivation 2019, Open Government Licence v3.0"},
        {"lsoa-lookup", "ONS geography lookup, Open Government Licence v3.0"},
        {"ons-lsoa11-lsoa21-lad", "ONS geography lookup, Open Government Licence v3.0"},
        {"ons-lsoa11-rural-urban", "ONS rural-urban classification, Open Government Licence v3.0"},
        {"ons-lsoa21-utla23", "ONS geography lookup, Open Government Licence v3.0"},
        {"lsoa-boundaries",
         "ONS boundaries, Open Government Licence v3.0; contains OS data (c) Crown copyright and "
         "database right"}};
    auto it = kOpen.find(extract);
    return it != kOpen.end() ? it->second
                             : "partner data shared under the partnership's information-sharing "
                               "agreement";
  }

  void AddDisclosureNote(Section& s) {
    if (!doc_.disclosure.enabled) {
      s.paragraphs.push_back(
          "Not for publication: no disclosure control applied (use --public for a version that "
          "can be published).");
      return;
    }
    s.paragraphs.push_back(
        "Disclosure control: counts from 1 to " + std::to_string(doc_.disclosure.threshold - 1) +
        " are suppressed, and further cells are suppressed so that no suppressed count can be "
        "worked out from a table's totals, or from another table of the same areas. Suppressed "
        "counts are shown as \"[c]\" (null in the "
        "JSON). No person-level detail is included.");
    if (doc_.suppressed.empty()) s.paragraphs.push_back("Nothing needed suppressing.");
  }

  SnaDocument doc_;
};

}  // namespace

SnaDocument BuildSnaDocument(const SnaData& data, const DisclosureOptions& disclosure) {
  return Builder(data, disclosure).Build();
}

}  // namespace cairn
