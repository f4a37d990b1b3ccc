#include "analysis/query.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "model/codes.h"
#include "util/csv.h"
#include "util/dates.h"
#include "util/strings.h"
#include "util/terminal.h"

namespace cairn {

namespace {

constexpr const char* kMissing = "(missing)";
const char* const kWeekdays[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                 "Friday", "Saturday", "Sunday"};

// One grouping dimension, resolved against a frame: a key per event (or per involvement for
// person-level dimensions), 0 meaning missing, and for every key its label and sort rank.
struct ResolvedDim {
  std::string name;
  bool person_level = false;
  const uint32_t* event_keys = nullptr;  // per event (points into owned or frame storage)
  std::vector<uint32_t> owned;
  std::vector<std::string> labels;  // by key
  std::vector<uint32_t> rank;       // by key; missing ranks last
  uint32_t cardinality() const { return static_cast<uint32_t>(labels.size()); }
};

bool IsMarkerDimension(const std::string& name, Marker* bit) {
  std::string m = StartsWith(name, "marker.") ? name.substr(7) : name;
  auto parsed = ParseMarker(m);
  if (parsed && bit) *bit = *parsed;
  return parsed.has_value();
}

void RankAlphabetically(ResolvedDim* d) {
  std::vector<uint32_t> keys(d->cardinality());
  std::iota(keys.begin(), keys.end(), 0);
  std::sort(keys.begin() + 1, keys.end(),
            [&](uint32_t a, uint32_t b) { return d->labels[a] < d->labels[b]; });
  d->rank.assign(d->cardinality(), 0);
  for (uint32_t i = 1; i < keys.size(); ++i) d->rank[keys[i]] = i - 1;
  d->rank[0] = d->cardinality();  // missing last
}

void RankInKeyOrder(ResolvedDim* d) {
  d->rank.resize(d->cardinality());
  for (uint32_t k = 1; k < d->cardinality(); ++k) d->rank[k] = k - 1;
  d->rank[0] = d->cardinality();
}

const StringColumn* DictionaryColumn(const Frame& f, const std::string& name) {
  for (const TextColumn& t : kTextColumns)
    if (t.dimension && name == t.name) return &(f.*t.column);
  return nullptr;
}

// Month, quarter and year: keys are periods counted from the earliest month in the data.
void ResolvePeriod(const Frame& f, const std::string& name, ResolvedDim* d) {
  if (name == "month" && f.month_key.size() == f.rows && f.rows > 0) {
    d->labels = {kMissing};
    for (int32_t m = f.first_month; m <= f.last_month; ++m) d->labels.push_back(FormatMonth(m));
    d->event_keys = f.month_key.data();
    RankInKeyOrder(d);
    return;
  }
  const auto [lo, hi] = MonthRange(f);
  int divisor = name == "month" ? 1 : name == "quarter" ? 3 : 12;
  auto period = [&](int32_t m) { return m / divisor; };
  d->labels = {kMissing};
  if (lo <= hi) {
    for (int32_t p = period(lo); p <= period(hi); ++p) {
      if (divisor == 1)
        d->labels.push_back(FormatMonth(p));
      else if (divisor == 3)
        d->labels.push_back(std::to_string(p / 4) + "-Q" + std::to_string(p % 4 + 1));
      else
        d->labels.push_back(std::to_string(p));
    }
  }
  d->owned.resize(f.rows);
  for (size_t r = 0; r < f.rows; ++r)
    d->owned[r] =
        f.month[r] == kNoMonth ? 0 : static_cast<uint32_t>(period(f.month[r]) - period(lo) + 1);
  RankInKeyOrder(d);
}

void ResolveClock(const Frame& f, const std::string& name, ResolvedDim* d) {
  bool hour = name == "hour";
  d->labels = {kMissing};
  if (hour) {
    for (int h = 0; h < 24; ++h) d->labels.push_back(std::to_string(h));
  } else {
    for (const char* w : kWeekdays) d->labels.push_back(w);
  }
  d->owned.resize(f.rows);
  for (size_t r = 0; r < f.rows; ++r) {
    int64_t t = f.start_minute[r];
    if (t == kNoTime) {
      d->owned[r] = 0;
      continue;
    }
    int64_t days = t >= 0 ? t / 1440 : (t - 1439) / 1440;
    if (hour)
      d->owned[r] = static_cast<uint32_t>((t - days * 1440) / 60 + 1);
    else
      d->owned[r] =
          static_cast<uint32_t>(((days % 7 + 7 + 3) % 7) + 1);  // 1970-01-01 was a Thursday
  }
  RankInKeyOrder(d);
}

void ResolveMarker(const Frame& f, Marker bit, ResolvedDim* d) {
  d->labels = {kMissing, "false", "true"};
  d->owned.resize(f.rows);
  for (size_t r = 0; r < f.rows; ++r) d->owned[r] = (f.markers[r] & bit) ? 2 : 1;
  RankInKeyOrder(d);
}

void ResolveKind(const Frame& f, ResolvedDim* d) {
  d->labels = {kMissing};
  for (const auto& n : EventKindNames()) d->labels.push_back(n);
  d->owned.resize(f.rows);
  for (size_t r = 0; r < f.rows; ++r) d->owned[r] = f.kind[r] + 1u;
  RankAlphabetically(d);
}

// Person-level: age band, sex and role come from the involvement, not the event.

void ResolvePersonDim(const std::string& name, ResolvedDim* d) {
  d->person_level = true;
  d->labels = {kMissing};
  if (name == "age_band")
    for (const char* b : kAgeBandNames) d->labels.push_back(b);
  else if (name == "sex")
    d->labels.insert(d->labels.end(), {"female", "male", "unknown"});
  else
    for (int r = 0; r < kRoleCount; ++r) d->labels.push_back(RoleName(static_cast<Role>(r)));
  RankInKeyOrder(d);
}

uint32_t PersonKey(const Frame& f, const std::string& name, size_t p) {
  if (name == "age_band") return AgeBandCode(f.people.age[p]);
  if (name == "sex") {
    Sex s = static_cast<Sex>(f.people.sex[p]);
    return s == Sex::kFemale ? 1 : s == Sex::kMale ? 2 : 3;
  }
  return f.people.role[p] + 1u;
}

Result<ResolvedDim> Resolve(const Frame& f, const std::string& name) {
  CAIRN_RETURN_IF_ERROR(CheckDimension(name));
  ResolvedDim d;
  d.name = name;
  Marker bit;
  if (const StringColumn* col = DictionaryColumn(f, name)) {
    d.labels = col->dict();
    d.labels[0] = kMissing;
    d.event_keys = col->codes().data();
    RankAlphabetically(&d);
    return d;
  }
  if (name == "month" || name == "quarter" || name == "year")
    ResolvePeriod(f, name, &d);
  else if (name == "hour" || name == "weekday")
    ResolveClock(f, name, &d);
  else if (name == "kind")
    ResolveKind(f, &d);
  else if (name == "age_band" || name == "sex" || name == "role")
    ResolvePersonDim(name, &d);
  else if (IsMarkerDimension(name, &bit))
    ResolveMarker(f, bit, &d);
  if (!d.person_level && !d.event_keys) d.event_keys = d.owned.data();
  return d;
}

// Accumulates values per combined group key (mixed radix over the dimensions' cardinalities).
class Accumulator {
 public:
  explicit Accumulator(uint64_t groups) : dense_(groups <= (1u << 24)) {
    if (dense_) values_.assign(groups, 0.0);
  }
  void Add(uint64_t key, double v) {
    if (dense_)
      values_[key] += v;
    else
      sparse_[key] += v;
  }
  void Merge(const Accumulator& o) {
    if (dense_) {
      for (size_t i = 0; i < values_.size(); ++i) values_[i] += o.values_[i];
    } else {
      for (const auto& [k, v] : o.sparse_) sparse_[k] += v;
    }
  }
  template <typename F>
  void ForEach(F f) const {
    if (dense_) {
      for (size_t i = 0; i < values_.size(); ++i)
        if (values_[i] != 0) f(i, values_[i]);
    } else {
      for (const auto& [k, v] : sparse_) f(k, v);
    }
  }

 private:
  bool dense_;
  std::vector<double> values_;
  std::unordered_map<uint64_t, double> sparse_;
};

struct Grouping {
  const Frame& f;
  const QuerySpec& spec;
  const std::vector<uint8_t>& selected;
  std::vector<ResolvedDim> dims;
  std::vector<uint64_t> radix;  // multiplier per dimension
  uint64_t groups = 1;

  bool InPeriod(size_t row) const {
    int32_t m = f.month[row];
    if (spec.from_month == QuerySpec::kNoMonthBound && spec.to_month == QuerySpec::kNoMonthBound)
      return true;
    if (m == kNoMonth) return false;
    return (spec.from_month == QuerySpec::kNoMonthBound || m >= spec.from_month) &&
           (spec.to_month == QuerySpec::kNoMonthBound || m <= spec.to_month);
  }
  uint64_t EventKey(size_t row) const {
    uint64_t key = 0;
    for (size_t i = 0; i < dims.size(); ++i)
      if (!dims[i].person_level) key += dims[i].event_keys[row] * radix[i];
    return key;
  }
  double Weight(size_t row) const {
    if (spec.measure != Measure::kHarm) return 1.0;
    uint32_t code = f.offence_code.codes()[row];
    return code < spec.harm_by_offence_code.size() ? spec.harm_by_offence_code[code] : 0.0;
  }
};

bool HasPersonDim(const Grouping& g) {
  for (const auto& d : g.dims)
    if (d.person_level) return true;
  return false;
}

// Counting events with up to three dimensions and no period: branch-free (the selection byte is
// added rather than tested, since a fraction of rows selected makes the branch unpredictable),
// integer counters, one pointer per dimension.
template <int kDims>
void CountEventsFast(const Grouping& g, const uint8_t* extra_mask, size_t begin, size_t end,
                     uint64_t fixed_key, std::vector<uint32_t>* counts) {
  const uint32_t* keys[3] = {nullptr, nullptr, nullptr};
  uint64_t radix[3] = {0, 0, 0};
  for (int i = 0; i < kDims; ++i) {
    keys[i] = g.dims[static_cast<size_t>(i)].event_keys;
    radix[i] = g.radix[static_cast<size_t>(i)];
  }
  const uint8_t* sel = g.selected.empty() ? nullptr : g.selected.data();
  uint32_t* out = counts->data();
  for (size_t row = begin; row < end; ++row) {
    uint64_t key = fixed_key;
    if constexpr (kDims > 0) key += keys[0][row] * radix[0];
    if constexpr (kDims > 1) key += keys[1][row] * radix[1];
    if constexpr (kDims > 2) key += keys[2][row] * radix[2];
    uint32_t take = 1;
    if (sel) take &= sel[row];
    if (extra_mask) take &= extra_mask[row];
    out[key] += take;
  }
}

bool CanCountFast(const Grouping& g) {
  return g.spec.measure == Measure::kCount && g.dims.size() <= 3 && g.groups <= (1u << 22) &&
         g.spec.from_month == QuerySpec::kNoMonthBound &&
         g.spec.to_month == QuerySpec::kNoMonthBound;
}

void CountEventsFastRange(const Grouping& g, const uint8_t* extra_mask, size_t begin, size_t end,
                          uint64_t fixed_key, std::vector<uint32_t>* counts) {
  switch (g.dims.size()) {
    case 0:
      return CountEventsFast<0>(g, extra_mask, begin, end, fixed_key, counts);
    case 1:
      return CountEventsFast<1>(g, extra_mask, begin, end, fixed_key, counts);
    case 2:
      return CountEventsFast<2>(g, extra_mask, begin, end, fixed_key, counts);
    default:
      return CountEventsFast<3>(g, extra_mask, begin, end, fixed_key, counts);
  }
}

// Events only: the hot loop is a mask test, a few array reads and an add.
void CountEvents(const Grouping& g, const uint8_t* extra_mask, size_t begin, size_t end,
                 uint64_t fixed_key, Accumulator* acc) {
  if (CanCountFast(g)) {
    std::vector<uint32_t> counts(g.groups, 0);
    CountEventsFastRange(g, extra_mask, begin, end, fixed_key, &counts);
    for (size_t k = 0; k < counts.size(); ++k)
      if (counts[k]) acc->Add(k, counts[k]);
    return;
  }
  const uint8_t* sel = g.selected.empty() ? nullptr : g.selected.data();
  for (size_t row = begin; row < end; ++row) {
    if (sel && !sel[row]) continue;
    if (extra_mask && !extra_mask[row]) continue;
    uint64_t key = g.InPeriod(row) ? g.EventKey(row) + fixed_key : 0;
    acc->Add(key, g.Weight(row));
  }
}

// Person-level dimensions: one row per involvement (events with nobody recorded count once, with
// the person dimensions missing).
void CountPeopleRows(const Grouping& g, const std::vector<size_t>& offsets,
                     const uint8_t* extra_mask, uint64_t fixed_key, Accumulator* acc,
                     std::set<std::pair<uint64_t, uint32_t>>* people) {
  const uint8_t* sel = g.selected.empty() ? nullptr : g.selected.data();
  for (size_t row = 0; row < g.f.rows; ++row) {
    if ((sel && !sel[row]) || (extra_mask && !extra_mask[row])) continue;
    bool in_period = g.InPeriod(row);
    uint64_t base = in_period ? g.EventKey(row) + fixed_key : 0;
    if (offsets[row] == offsets[row + 1]) {
      if (g.spec.measure != Measure::kPeople) acc->Add(base, g.Weight(row));
      continue;
    }
    for (size_t p = offsets[row]; p < offsets[row + 1]; ++p) {
      uint64_t key = base;
      if (in_period)
        for (size_t i = 0; i < g.dims.size(); ++i)
          if (g.dims[i].person_level) key += PersonKey(g.f, g.dims[i].name, p) * g.radix[i];
      if (g.spec.measure == Measure::kPeople)
        people->emplace(key, g.f.people.person[p]);
      else
        acc->Add(key, g.Weight(row));
    }
  }
}

void CountDistinctPeople(const Grouping& g, const std::vector<size_t>& offsets,
                         const uint8_t* extra_mask, uint64_t fixed_key, Accumulator* acc) {
  std::set<std::pair<uint64_t, uint32_t>> people;
  if (HasPersonDim(g)) {
    CountPeopleRows(g, offsets, extra_mask, fixed_key, acc, &people);
  } else {
    const uint8_t* sel = g.selected.empty() ? nullptr : g.selected.data();
    for (size_t row = 0; row < g.f.rows; ++row) {
      if ((sel && !sel[row]) || (extra_mask && !extra_mask[row])) continue;
      uint64_t key = g.InPeriod(row) ? g.EventKey(row) + fixed_key : 0;
      for (size_t p = offsets[row]; p < offsets[row + 1]; ++p)
        people.emplace(key, g.f.people.person[p]);
    }
  }
  for (const auto& [key, person] : people) acc->Add(key, 1.0);
}

void CountOnePass(const Grouping& g, const std::vector<size_t>& offsets, const uint8_t* extra_mask,
                  uint64_t fixed_key, Accumulator* acc) {
  if (g.spec.measure == Measure::kPeople)
    return CountDistinctPeople(g, offsets, extra_mask, fixed_key, acc);
  if (HasPersonDim(g)) {
    CountPeopleRows(g, offsets, extra_mask, fixed_key, acc, nullptr);
    return;
  }
  int threads = std::max(1, g.spec.threads);
  if (threads == 1 || g.f.rows < 100000)
    return CountEvents(g, extra_mask, 0, g.f.rows, fixed_key, acc);
  std::vector<Accumulator> partial(static_cast<size_t>(threads) - 1, Accumulator(g.groups));
  std::vector<std::thread> pool;
  size_t step = g.f.rows / static_cast<size_t>(threads) + 1;
  for (int t = 1; t < threads; ++t)
    pool.emplace_back(CountEvents, std::cref(g), extra_mask, step * t,
                      std::min(g.f.rows, step * (t + 1)), fixed_key,
                      &partial[static_cast<size_t>(t) - 1]);
  CountEvents(g, extra_mask, 0, std::min(g.f.rows, step), fixed_key, acc);
  for (auto& th : pool) th.join();
  for (const auto& p : partial) acc->Merge(p);
}

// The definition dimension is not one key per event (an event can meet several definitions), so
// each definition is counted in its own pass with its key fixed. Events outside the period are
// counted once, in the last pass, where every dimension reads (missing).
void CountByDefinition(Grouping& g, const std::vector<size_t>& offsets, size_t dim,
                       Accumulator* acc) {
  const size_t rows = g.f.rows;
  std::vector<uint32_t> zero(rows, 0);
  g.dims[dim].event_keys = zero.data();
  std::vector<uint8_t> in_period(rows), rest(rows, 1), pass(rows);
  for (size_t r = 0; r < rows; ++r) in_period[r] = g.InPeriod(r);
  for (size_t k = 0; k < g.spec.definition_masks.size(); ++k) {
    const auto& mask = g.spec.definition_masks[k];
    for (size_t r = 0; r < rows; ++r) {
      pass[r] = mask[r] & in_period[r];
      rest[r] &= static_cast<uint8_t>(!pass[r]);
    }
    CountOnePass(g, offsets, pass.data(), (k + 2) * g.radix[dim], acc);
  }
  CountOnePass(g, offsets, rest.data(), g.radix[dim], acc);  // "(none)", or (missing) if outside
  g.dims[dim].event_keys = nullptr;
}

std::vector<size_t> PeopleOffsets(const Frame& f) {
  std::vector<size_t> offsets(f.rows + 1, 0);
  for (uint32_t e : f.people.event) ++offsets[e + 1];
  for (size_t i = 1; i <= f.rows; ++i) offsets[i] += offsets[i - 1];
  return offsets;
}

}  // namespace

std::vector<std::string> KnownDimensions() {
  std::vector<std::string> dims = {"month",      "quarter",  "year", "weekday", "hour",
                                   "definition", "age_band", "sex",  "role"};
  for (const TextColumn& t : kTextColumns)
    if (t.dimension) dims.emplace_back(t.name);
  dims.emplace_back("kind");
  for (const auto& m : MarkerNames()) dims.push_back("marker." + m);
  return dims;
}

Status CheckDimension(const std::string& name) {
  auto known = KnownDimensions();
  if (std::find(known.begin(), known.end(), name) != known.end()) return Status::Ok();
  if (IsMarkerDimension(name, nullptr)) return Status::Ok();
  std::string hint = Suggest(name, known);
  return Status::Usage("unknown dimension \"" + name + "\"" +
                       (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)") +
                       "; known dimensions: " + Join(known, ", "));
}

std::string RenameOldDimensions(std::vector<std::string>& names) {
  std::string notes;
  for (std::string& name : names)
    for (const auto& [old_name, new_name] : kOldTextColumnNames)
      if (name == old_name) {
        notes += "note: --by " + name + " is now called " + new_name +
                 ", as in expressions; the old name still works\n";
        name = new_name;
      }
  return notes;
}

Status CheckDimensions(const std::vector<std::string>& names) {
  if (names.size() > kMaxDimensions)
    return Status::Usage("--by names " + std::to_string(names.size()) + " dimensions; at most " +
                         std::to_string(kMaxDimensions) + " are allowed");
  for (size_t i = 0; i < names.size(); ++i) {
    CAIRN_RETURN_IF_ERROR(CheckDimension(names[i]));
    for (size_t j = 0; j < i; ++j)
      if (names[j] == names[i])
        return Status::Usage("dimension \"" + names[i] +
                             "\" is given twice in --by; name each dimension once (at most " +
                             std::to_string(kMaxDimensions) + ")");
  }
  return Status::Ok();
}

// With no dimension there is no row that could read (missing), so a period limits the count.
std::vector<uint8_t> OnlyInPeriod(const Frame& frame, const QuerySpec& spec,
                                  const std::vector<uint8_t>& selected) {
  std::vector<uint8_t> mask = selected.empty() ? std::vector<uint8_t>(frame.rows, 1) : selected;
  Grouping g{frame, spec, mask, {}, {}, 1};
  for (size_t r = 0; r < frame.rows; ++r) mask[r] &= static_cast<uint8_t>(g.InPeriod(r));
  return mask;
}

Result<QueryResult> RunQuery(const Frame& frame, const QuerySpec& spec,
                             const std::vector<uint8_t>& selected_in) {
  const bool has_period =
      spec.from_month != QuerySpec::kNoMonthBound || spec.to_month != QuerySpec::kNoMonthBound;
  const std::vector<uint8_t> in_period = spec.by.empty() && has_period
                                             ? OnlyInPeriod(frame, spec, selected_in)
                                             : std::vector<uint8_t>();
  const std::vector<uint8_t>& selected = in_period.empty() ? selected_in : in_period;
  CAIRN_RETURN_IF_ERROR(CheckDimensions(spec.by));
  Grouping g{frame, spec, selected, {}, {}, 1};
  int definition_dim = -1;
  for (size_t i = 0; i < spec.by.size(); ++i) {
    if (spec.by[i] == "definition") {
      ResolvedDim d;
      d.name = "definition";
      // Key 0: outside the period; 1: meets no definition; 2..: the definitions.
      d.labels = {kMissing, "(none)"};
      for (const auto& n : spec.definition_names) d.labels.push_back(n);
      RankAlphabetically(&d);
      d.rank[1] = d.cardinality();      // "(none)" after the definitions,
      d.rank[0] = d.cardinality() + 1;  // then (missing)
      d.event_keys = nullptr;
      definition_dim = static_cast<int>(i);
      g.dims.push_back(std::move(d));
      continue;
    }
    auto d = Resolve(frame, spec.by[i]);
    if (!d.ok()) return d.status();
    g.dims.push_back(std::move(d).value());
  }
  g.radix.resize(g.dims.size());
  for (size_t i = g.dims.size(); i-- > 0;) {
    g.radix[i] = g.groups;
    if (g.groups > (uint64_t{1} << 62) / std::max<uint64_t>(1, g.dims[i].cardinality()))
      return Status::Usage("--by " + Join(spec.by, ",") +
                           " makes too many combinations of values to count; use fewer "
                           "dimensions");
    g.groups *= g.dims[i].cardinality();
  }
  std::vector<size_t> offsets;
  if (HasPersonDim(g) || spec.measure == Measure::kPeople) offsets = PeopleOffsets(frame);
  Accumulator acc(g.groups);
  if (definition_dim < 0) {
    CountOnePass(g, offsets, nullptr, 0, &acc);
  } else {
    CountByDefinition(g, offsets, static_cast<size_t>(definition_dim), &acc);
  }
  QueryResult result;
  result.dimensions = spec.by;
  result.selected_events =
      selected.empty() ? frame.rows
                       : static_cast<uint64_t>(std::count(selected.begin(), selected.end(), 1));
  result.measure = spec.measure == Measure::kCount  ? "count"
                   : spec.measure == Measure::kHarm ? "harm"
                                                    : "people";
  std::vector<std::pair<std::vector<uint32_t>, QueryRow>> rows;
  acc.ForEach([&](uint64_t key, double value) {
    QueryRow row;
    std::vector<uint32_t> ranks;
    for (size_t i = 0; i < g.dims.size(); ++i) {
      uint32_t k = static_cast<uint32_t>((key / g.radix[i]) % g.dims[i].cardinality());
      row.keys.push_back(g.dims[i].labels[k]);
      ranks.push_back(g.dims[i].rank[k]);
    }
    row.value = value;
    rows.emplace_back(std::move(ranks), std::move(row));
  });
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [ranks, row] : rows) result.rows.push_back(std::move(row));
  return result;
}

namespace {

std::string FormatValue(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<int64_t>(v));
  std::ostringstream os;
  os.precision(10);
  os << v;
  return os.str();
}

}  // namespace

namespace {

// The rows shown to people: a result with no rows is one total row of 0.
std::vector<QueryRow> ShownRows(const QueryResult& r) {
  if (!r.rows.empty()) return r.rows;
  return {QueryRow{std::vector<std::string>(r.dimensions.size(), "(total)"), 0}};
}

}  // namespace

std::string QueryToCsv(const QueryResult& r) {
  std::vector<std::string> header = r.dimensions;
  header.push_back(r.measure);
  std::string out = CsvLine(header);
  for (const auto& row : ShownRows(r)) {
    auto line = row.keys;
    line.push_back(FormatValue(row.value));
    out += CsvLine(line);
  }
  return out;
}

std::string QueryToJson(const QueryResult& r) {
  nlohmann::json j;
  j["dimensions"] = r.dimensions;
  j["measure"] = r.measure;
  j["rows"] = nlohmann::json::array();
  for (const auto& row : ShownRows(r)) {
    nlohmann::json o;
    for (size_t i = 0; i < row.keys.size(); ++i) o[r.dimensions[i]] = row.keys[i];
    if (row.value == std::floor(row.value))
      o[r.measure] = static_cast<int64_t>(row.value);
    else
      o[r.measure] = row.value;
    j["rows"].push_back(o);
  }
  if (r.rows.empty()) j["note"] = QueryEmptyNote(r);
  return j.dump(2) + "\n";
}

std::string QueryToTable(const QueryResult& r) {
  std::vector<std::string> header = r.dimensions;
  header.push_back(r.measure);
  std::vector<std::vector<std::string>> cells = {header};
  for (const auto& row : ShownRows(r)) {
    auto line = row.keys;
    line.push_back(FormatValue(row.value));
    cells.push_back(std::move(line));
  }
  return FormatTable(cells);
}

std::string QueryEmptyNote(const QueryResult& r) {
  if (!r.rows.empty()) return "";
  if (r.selected_events == 0) return "no events matched; the total is 0";
  return "the " + std::to_string(r.selected_events) + " matching events have a total " + r.measure +
         " of 0";
}

}  // namespace cairn
