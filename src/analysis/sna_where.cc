#include "analysis/sna_where.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <unordered_map>

#include "util/crs_transform.h"
#include "util/dates.h"

namespace cairn {

namespace {

// Distinct places (longitude, latitude) of the selected events, with how many events each.
struct Places {
  std::vector<Point> lonlat;
  std::vector<double> events;
  int64_t without_location = 0;
};

Places CollectPlaces(const Frame& frame, const std::vector<uint8_t>& selected) {
  Places out;
  // Keyed by the exact bits of both coordinates, so only identical places merge.
  using Key = std::pair<uint64_t, uint64_t>;
  struct KeyHash {
    size_t operator()(const Key& k) const { return k.first * 0x9E3779B97F4A7C15ULL ^ k.second; }
  };
  std::unordered_map<Key, size_t, KeyHash> index;
  auto key = [](double lon, double lat) {
    Key k;
    std::memcpy(&k.first, &lon, 8);
    std::memcpy(&k.second, &lat, 8);
    return k;
  };
  for (size_t r = 0; r < frame.rows; ++r) {
    if (!selected[r]) continue;
    double lon = frame.longitude[r], lat = frame.latitude[r];
    if (!std::isfinite(lon) || !std::isfinite(lat)) {
      ++out.without_location;
      continue;
    }
    auto [it, fresh] = index.emplace(key(lon, lat), out.lonlat.size());
    if (fresh) {
      out.lonlat.push_back({lon, lat});
      out.events.push_back(0);
    }
    out.events[it->second] += 1;
  }
  return out;
}

}  // namespace

Result<HotspotGrid> FindHotspots(const Frame& frame, const std::vector<uint8_t>& selected) {
  HotspotGrid grid;
  Places places = CollectPlaces(frame, selected);
  grid.events_without_location = places.without_location;
  auto bng = LonLatToBng();
  if (!bng.ok()) return bng.status();
  std::vector<Point> points;
  std::vector<double> weights;
  for (size_t i = 0; i < places.lonlat.size(); ++i) {
    Point p;
    if (!(*bng)->Project(places.lonlat[i].x, places.lonlat[i].y, &p.x, &p.y)) continue;
    points.push_back(p);
    weights.push_back(places.events[i]);
    grid.events_mapped += static_cast<int64_t>(places.events[i]);
  }
  grid.places = static_cast<int64_t>(points.size());
  auto cell = DefaultCellSize(points);
  std::vector<double> xs;
  for (const Point& p : points) xs.push_back(p.x);
  if (!cell.ok()) {
    grid.unavailable = "the events are at too few distinct places for a hot-spot grid (" +
                       cell.status().message() + ")";
    return grid;
  }
  grid.cell_size = *cell;
  auto bandwidth = BandwidthNrd(xs, weights);
  if (bandwidth.ok()) {
    grid.bandwidth = *bandwidth;
  } else {  // most events at one easting: the rule gives 0
    grid.bandwidth = 2 * grid.cell_size;
    grid.bandwidth_note =
        "two cells, because MASS bandwidth.nrd gives 0 here (" + bandwidth.status().message() + ")";
  }
  auto cells = SquareGridCounts(points, weights, grid.cell_size);
  if (!cells.ok()) return cells.status();
  grid.cells = std::move(cells).value();
  while (grid.columns < static_cast<int64_t>(grid.cells.size()) &&
         grid.cells[grid.columns].y == grid.cells.front().y)
    ++grid.columns;
  auto gi = GetisOrdGiStar(grid.cells, grid.cell_size, PAdjust::kFdr);
  if (!gi.ok()) return gi.status();
  grid.gistar = std::move(gi).value();
  grid.kde = QuarticKde(points, weights, grid.cells, grid.bandwidth);
  return grid;
}

namespace {

std::string DecileLabel(int decile) {
  std::string label = std::to_string(decile);
  if (decile == 1) label += " (most deprived)";
  if (decile == 10) label += " (least deprived)";
  return label;
}

void AddTo(std::map<std::string, AreaGroup>& groups, const std::string& label, int64_t count,
           std::optional<int64_t> population) {
  AreaGroup& g = groups[label];
  g.label = label;
  g.count += count;
  if (population) g.population = g.population.value_or(0) + *population;
}

std::vector<AreaGroup> Ordered(std::map<std::string, AreaGroup> groups,
                               const std::vector<std::string>& order) {
  std::vector<AreaGroup> out;
  for (const auto& label : order) {
    auto it = groups.find(label);
    if (it == groups.end()) continue;
    out.push_back(it->second);
    groups.erase(it);
  }
  for (auto& [label, g] : groups) out.push_back(g);
  return out;
}

// The shapes of the area's LSOAs, and of the other LSOAs whose first vertex lies inside their
// extent (drawn without a value, so the map has no holes where codes changed between 2011 and
// 2021).
std::vector<AreaShape> ShapesOfTheArea(std::vector<AreaShape> shapes,
                                       const std::map<std::string, int64_t>& lsoas) {
  double min_x = 1e300, min_y = 1e300, max_x = -1e300, max_y = -1e300;
  for (const AreaShape& s : shapes)
    if (lsoas.count(s.lsoa_code))
      for (const auto& ring : s.rings)
        for (const auto& [x, y] : ring)
          min_x = std::min(min_x, x), max_x = std::max(max_x, x), min_y = std::min(min_y, y),
          max_y = std::max(max_y, y);
  std::vector<AreaShape> out;
  for (AreaShape& s : shapes) {
    bool inside = !s.rings.empty() && !s.rings[0].empty() && s.rings[0][0].first >= min_x &&
                  s.rings[0][0].first <= max_x && s.rings[0][0].second >= min_y &&
                  s.rings[0][0].second <= max_y;
    if (lsoas.count(s.lsoa_code) || inside) out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::set<std::string> AreaDistricts(const std::map<std::string, int64_t>& events_by_district) {
  int64_t placed = 0;
  for (const auto& [name, n] : events_by_district) placed += n;
  std::set<std::string> districts;
  for (const auto& [name, n] : events_by_district)
    if (n * 100 >= placed) districts.insert(name);
  return districts;
}

AreaBreakdown BreakAreasDown(const std::map<std::string, int64_t>& lsoa_counts,
                             const std::vector<AreaRecord>& areas,
                             const std::map<std::string, int64_t>& population,
                             std::vector<AreaShape> shapes) {
  std::map<std::string, const AreaRecord*> area_of;
  for (const AreaRecord& a : areas) area_of[a.lsoa_code] = &a;
  // The area is the LSOAs with events; residents of LSOAs without events count too when the
  // lookups place them in one of the area's districts: those with at least 1% of the events (so
  // the few crimes a force records outside its area do not bring in whole cities).
  std::map<std::string, int64_t> lsoas = lsoa_counts;
  std::map<std::string, int64_t> district_events;
  for (const auto& [code, n] : lsoa_counts)
    if (auto it = area_of.find(code); it != area_of.end() && !it->second->district_name.empty())
      district_events[it->second->district_name] += n;
  const std::set<std::string> districts = AreaDistricts(district_events);
  for (const auto& [code, people] : population)
    if (auto it = area_of.find(code);
        it != area_of.end() && districts.count(it->second->district_name))
      lsoas.emplace(code, 0);
  std::map<std::string, AreaGroup> deciles, classes;
  AreaBreakdown out;
  for (const auto& [code, n] : lsoas) {
    std::optional<int64_t> people;
    if (auto it = population.find(code); it != population.end()) people = it->second;
    const AreaRecord* a = area_of.count(code) ? area_of[code] : nullptr;
    int decile = a ? a->imd_decile : -1;
    AddTo(deciles, decile >= 1 && decile <= 10 ? DecileLabel(decile) : "(unknown)", n, people);
    AddTo(classes, a && !a->rural_urban.empty() ? a->rural_urban : "(unknown)", n, people);
    out.lsoa.push_back({code, n, people});
  }
  std::vector<std::string> order;
  for (int d = 1; d <= 10; ++d) order.push_back(DecileLabel(d));
  out.imd_decile = Ordered(std::move(deciles), order);
  out.rural_urban = Ordered(std::move(classes), {});
  if (!out.rural_urban.empty() && out.rural_urban.front().label == "(unknown)")
    std::rotate(out.rural_urban.begin(), out.rural_urban.begin() + 1, out.rural_urban.end());
  out.shapes = ShapesOfTheArea(std::move(shapes), lsoas);
  return out;
}

RepeatPeople FindRepeats(const Frame& frame, const std::vector<uint8_t>& selected, Role role) {
  const auto& p = frame.people;
  // The (event, person) pairs in the role, each once.
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (size_t i = 0; i < p.size(); ++i)
    if (selected[p.event[i]] && p.role[i] == static_cast<uint8_t>(role))
      pairs.emplace_back(p.event[i], p.person[i]);
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::unordered_map<uint32_t, int64_t> events_of;  // person -> selected events in the role
  for (const auto& [event, person] : pairs) ++events_of[person];
  RepeatPeople out;
  out.people = static_cast<int64_t>(events_of.size());
  for (const auto& [person, n] : events_of) out.repeat_people += n >= 2;
  for (size_t i = 0; i < pairs.size();) {
    size_t j = i;
    bool repeat = false;
    for (; j < pairs.size() && pairs[j].first == pairs[i].first; ++j)
      repeat = repeat || events_of[pairs[j].second] >= 2;
    ++out.events;
    out.repeat_events += repeat;
    i = j;
  }
  return out;
}

HealthGap FindHealthGap(const Frame& frame, const std::vector<uint8_t>& period_events) {
  const auto& p = frame.people;
  const auto ed = static_cast<uint8_t>(EventKind::kEdAttendance);
  std::unordered_map<uint32_t, bool> police_victim;
  for (size_t i = 0; i < p.size(); ++i)
    if (period_events[p.event[i]] && frame.kind[p.event[i]] != ed &&
        p.role[i] == static_cast<uint8_t>(Role::kVictim))
      police_victim[p.person[i]] = true;
  std::vector<int8_t> state(frame.rows, -1);  // per ED event: -1 no patient, 0 unmatched, 1 matched
  for (size_t i = 0; i < p.size(); ++i) {
    uint32_t e = p.event[i];
    if (!period_events[e] || frame.kind[e] != ed ||
        p.role[i] != static_cast<uint8_t>(Role::kPatient))
      continue;
    state[e] = std::max<int8_t>(state[e], police_victim.count(p.person[i]) ? 1 : 0);
  }
  HealthGap out;
  for (size_t r = 0; r < frame.rows; ++r) {
    if (!period_events[r] || frame.kind[r] != ed) continue;
    ++out.attendances;
    out.matched += state[r] == 1;
    out.health_only += state[r] == 0;
    out.unlinkable += state[r] == -1;
  }
  return out;
}

std::map<std::string, Completeness> MeasureCompleteness(const Frame& frame,
                                                        const std::vector<uint8_t>& period_events) {
  std::vector<uint8_t> has_person(frame.rows, 0);
  for (uint32_t e : frame.people.event) has_person[e] = 1;
  const size_t extracts = frame.extract.dict().size();
  std::vector<Completeness> by_code(frame.source.dict().size() * extracts);
  for (size_t r = 0; r < frame.rows; ++r) {
    if (!period_events[r]) continue;
    Completeness& c = by_code[frame.source.codes()[r] * extracts + frame.extract.codes()[r]];
    ++c.events;
    c.with_location += std::isfinite(frame.longitude[r]) && std::isfinite(frame.latitude[r]);
    c.with_lsoa += frame.lsoa.codes()[r] != 0;
    c.with_time += frame.start_minute[r] != kNoTime;
    c.with_person += has_person[r];
  }
  std::map<std::string, Completeness> out;
  for (size_t code = 0; code < by_code.size(); ++code)
    if (by_code[code].events > 0)
      out[frame.source.dict()[code / extracts] + " (" + frame.extract.dict()[code % extracts] +
          ")"] = by_code[code];
  return out;
}

std::vector<ForceRate> RankForces(const Frame& frame, const std::vector<uint8_t>& selected,
                                  const std::map<std::string, int64_t>& population) {
  const size_t forces = frame.force.dict().size(), lsoas = frame.lsoa.dict().size();
  // Events per (LSOA, force) over the whole store, to give each LSOA to one force.
  if (forces < 3) return {};                        // a ranking needs at least two forces
  std::vector<int64_t> by_pair(lsoas * forces, 0);  // 43 forces x 35,000 LSOAs: 12 MB
  std::vector<int64_t> count(forces, 0);
  for (size_t r = 0; r < frame.rows; ++r) {
    if (frame.kind[r] == static_cast<uint8_t>(EventKind::kEdAttendance) ||
        frame.kind[r] == static_cast<uint8_t>(EventKind::kAmbulance))
      continue;  // a hospital or ambulance trust is not a force
    uint32_t f = frame.force.codes()[r], l = frame.lsoa.codes()[r];
    ++by_pair[static_cast<size_t>(l) * forces + f];
    count[f] += selected[r];
  }
  std::vector<uint32_t> owner(lsoas, 0);
  for (size_t l = 1; l < lsoas; ++l) {
    int64_t most = 0;
    for (uint32_t f = 1; f < forces; ++f)
      if (by_pair[l * forces + f] > most) most = by_pair[l * forces + f], owner[l] = f;
  }
  std::vector<int64_t> people(forces, 0);
  for (size_t l = 1; l < lsoas; ++l) {
    auto it = population.find(frame.lsoa.dict()[l]);
    if (owner[l] != 0 && it != population.end()) people[owner[l]] += it->second;
  }
  std::vector<ForceRate> out;
  for (size_t f = 1; f < forces; ++f) {
    const std::string& name = frame.force.dict()[f];
    if (people[f] == 0 || name.find("City of London") != std::string::npos) continue;
    out.push_back({name, count[f], people[f], 1000.0 * count[f] / people[f]});
  }
  std::sort(out.begin(), out.end(), [](const ForceRate& a, const ForceRate& b) {
    return a.rate_per_1000 != b.rate_per_1000 ? a.rate_per_1000 < b.rate_per_1000
                                              : a.force < b.force;
  });
  return out;
}

}  // namespace cairn
