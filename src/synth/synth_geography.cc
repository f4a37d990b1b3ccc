// The map of the synthetic partnership. Fellshire is laid over the Cumbria area of GB (lon -3.6 to
// -2.2, lat 54.0 to 55.1) so every coordinate is a valid GB position: eleven invented towns sit
// where real towns are (so they are on land), each a cluster of LSOAs packed densest at the centre;
// rural LSOAs are spread over a rough outline of the county. Deprivation peaks in the centres of
// the larger, post-industrial towns and is low in the countryside; IMD ranks, census age structure
// and the rural-urban class follow from it. The map does not depend on the user's seed: every seed
// describes the same county, so runs can be compared.
//
// Invented forces for the national benchmark archive (--forces N) get a generic map of the same
// size around a point elsewhere in England and Wales.

#include <algorithm>
#include <cmath>
#include <functional>
#include <set>
#include <stdexcept>

#include "synth/synth_internal.h"
#include "util/crs_transform.h"

namespace cairn::synth {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kLsoasPerForce = 320;
constexpr int kTargetPopulation = 500000;
constexpr int kImdLsoas = 32844;  // LSOAs in England, IoD2019

struct TownSpec {
  const char* name;
  double lon, lat;
  int district;
  int lsoas;
  double deprivation;
};

constexpr const char* kFellshireDistricts[] = {"Ravensby",   "Westmarsh", "Penmoor",
                                               "Kelderdale", "Hawkshore", "Solmere"};

constexpr TownSpec kFellshireTowns[] = {
    {"Ravensby", -2.935, 54.892, 0, 70, 0.75},    {"Skelbeck", -3.545, 54.642, 1, 19, 0.92},
    {"Hallerhaven", -3.585, 54.548, 1, 18, 0.85}, {"Penrigg", -2.752, 54.664, 2, 10, 0.45},
    {"Kelderton", -2.745, 54.327, 3, 19, 0.50},   {"Windrigg", -2.905, 54.378, 3, 5, 0.22},
    {"Hawksey", -3.228, 54.114, 4, 38, 0.95},     {"Ulbeck", -3.093, 54.195, 4, 5, 0.45},
    {"Maryholm", -3.490, 54.713, 5, 6, 0.80},     {"Cockerby", -3.362, 54.663, 5, 5, 0.35},
    {"Keldwick", -3.135, 54.601, 5, 3, 0.25},
};

// A rough outline of the county's land (lon, lat), clockwise from the Solway.
constexpr double kFellshireOutline[][2] = {
    {-3.05, 55.02}, {-2.85, 55.08}, {-2.65, 55.10}, {-2.50, 55.04}, {-2.32, 54.86},
    {-2.27, 54.65}, {-2.32, 54.45}, {-2.36, 54.27}, {-2.55, 54.21}, {-2.72, 54.17},
    {-2.82, 54.21}, {-2.95, 54.18}, {-3.05, 54.20}, {-3.14, 54.12}, {-3.22, 54.08},
    {-3.26, 54.16}, {-3.30, 54.25}, {-3.41, 54.34}, {-3.52, 54.43}, {-3.60, 54.51},
    {-3.57, 54.62}, {-3.49, 54.72}, {-3.43, 54.84}, {-3.37, 54.92}, {-3.20, 54.95},
};

// Approximate centres of land areas in England and Wales for invented forces.
constexpr double kForceCentres[][2] = {
    {-1.55, 53.80}, {-2.24, 53.48}, {-1.90, 52.48}, {-0.12, 51.50}, {-1.26, 51.75}, {-2.59, 51.45},
    {-3.18, 51.52}, {-1.47, 53.38}, {-1.61, 54.95}, {-1.08, 53.96}, {-0.40, 53.74}, {-1.15, 52.95},
    {-1.13, 52.63}, {1.10, 52.63},  {0.12, 52.20},  {-0.47, 52.14}, {0.90, 51.25},  {-0.20, 50.90},
    {-1.40, 50.95}, {-2.44, 50.75}, {-3.53, 50.75}, {-4.10, 50.50}, {-4.90, 50.40}, {-3.10, 51.02},
    {-1.80, 51.10}, {-2.24, 51.86}, {-2.72, 52.06}, {-2.75, 52.71}, {-2.18, 53.00}, {-2.85, 53.19},
    {-2.90, 53.43}, {-2.65, 53.80}, {-1.78, 53.65}, {-1.55, 54.52}, {-1.23, 54.55}, {-3.90, 52.35},
    {-3.80, 53.15}, {-3.90, 51.68}, {-4.80, 51.85}, {-0.54, 53.23}, {-0.45, 51.78}, {0.47, 51.74},
    {-0.75, 52.04}, {-1.52, 52.41}, {-0.97, 51.42},
};

constexpr const char* kPlaceStarts[] = {
    "Ash",  "Birk",  "Brack", "Cald",  "Crag", "Dun",  "Eld",    "Fell", "Garth", "Gill",
    "Hale", "Holm",  "Ingle", "Kirk",  "Lang", "Mire", "Nether", "Orm",  "Pike",  "Rydal",
    "Scar", "Sedge", "Thorn", "Ulver", "Wath", "Yew",  "Heron",  "Moss", "Raven", "Tarn"};
constexpr const char* kPlaceEnds[] = {"by",    "thwaite", "wick",  "dale", "holme", "ridge",
                                      "sett",  "ley",     "worth", "mere", "beck",  "stead",
                                      "haven", "moor",    "fold",  "gate", "ton",   "field"};
constexpr const char* kStreetFirst[] = {
    "Mill",    "Church",   "Station", "Castle",     "Fell",     "Beck",    "Market",    "Tarn",
    "Bracken", "Heron",    "Raven",   "Alder",      "Rowan",    "Holly",   "Quarry",    "Bridge",
    "Priory",  "Abbey",    "Meadow",  "Orchard",    "Moorside", "Larch",   "Sandpiper", "Curlew",
    "Foundry", "Harbour",  "Chapel",  "Coronation", "Victoria", "Albion",  "Brewery",   "Wharf",
    "Tannery", "Ropewalk", "Kiln",    "Hawthorn",   "Juniper",  "Lapwing", "Skylark",   "Gorse"};
constexpr const char* kStreetKinds[] = {"Street",   "Road",    "Lane", "Close", "Avenue",
                                        "Crescent", "Terrace", "Way",  "Drive", "Gardens",
                                        "Row",      "Place",   "Walk", "Court", "Brow"};
constexpr const char* kGenericLabels[] = {"Parking Area",
                                          "Supermarket",
                                          "Petrol Station",
                                          "Shopping Area",
                                          "Sports/Recreation Area",
                                          "Park/Open Space",
                                          "Nightclub",
                                          "Pedestrian Subway",
                                          "Hospital",
                                          "Police Station",
                                          "Further/Higher Educational Building",
                                          "Bus/Coach Station",
                                          "Theatre/Concert Hall"};

// England's age structure (Census 2021, percent), 0-4 .. 85+.
constexpr double kAgeShares[kAgeBands] = {5.4, 5.9, 6.0, 5.7, 5.8, 6.6, 6.9, 6.6, 6.3,
                                          6.1, 6.8, 6.8, 6.0, 5.1, 4.9, 3.6, 2.4, 2.4};

double Rad(double deg) { return deg * kPi / 180.0; }

bool InsideFellshire(double lon, double lat) {
  bool inside = false;
  constexpr int n = sizeof(kFellshireOutline) / sizeof(kFellshireOutline[0]);
  for (int i = 0, j = n - 1; i < n; j = i++) {
    double xi = kFellshireOutline[i][0], yi = kFellshireOutline[i][1];
    double xj = kFellshireOutline[j][0], yj = kFellshireOutline[j][1];
    if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// Distance in "latitude degrees" with longitude shrunk by cos(latitude).
double Dist(double lon1, double lat1, double lon2, double lat2) {
  double k = std::cos(Rad((lat1 + lat2) / 2));
  double dx = (lon1 - lon2) * k, dy = lat1 - lat2;
  return std::sqrt(dx * dx + dy * dy);
}

std::string Pad3(int n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%03d", n);
  return buf;
}

std::string InventPlaceName(Rng& rng, std::set<std::string>* used) {
  for (;;) {
    std::string name = kPlaceStarts[rng.Below(std::size(kPlaceStarts))];
    name += kPlaceEnds[rng.Below(std::size(kPlaceEnds))];
    if (used->insert(name).second) return name;
  }
}

// Allocates `total` among shares by largest remainder, so the parts sum exactly.
std::vector<int> Apportion(std::span<const double> shares, int total) {
  double sum = 0;
  for (double s : shares) sum += s;
  std::vector<int> parts(shares.size());
  std::vector<std::pair<double, int>> rest;
  int given = 0;
  for (size_t i = 0; i < shares.size(); ++i) {
    double exact = shares[i] / sum * total;
    parts[i] = static_cast<int>(std::floor(exact));
    given += parts[i];
    rest.push_back({exact - parts[i], -static_cast<int>(i)});
  }
  std::sort(rest.rbegin(), rest.rend());
  for (int k = 0; given < total; ++k, ++given) parts[-rest[k % rest.size()].second]++;
  return parts;
}

struct RawLsoa {
  double lon, lat;
  int town;  // -1 rural
  int district;
  double centre;
  double deprivation;
};

// Places the LSOAs of one town: a sunflower pattern, densest at the centre.
void PlaceTownLsoas(Rng& rng, const Town& town, int town_idx, std::vector<RawLsoa>* out) {
  const int n = town.lsoas;
  const double radius = 0.0065 * std::sqrt(static_cast<double>(n));
  const double kx = 1.0 / std::cos(Rad(town.lat));
  const int core = std::max(1, n / 10), ring = std::max(2, n / 4);
  for (int j = 0; j < n; ++j) {
    double r = radius * std::sqrt((j + 0.5) / n);
    double a = j * 2.39996323 + rng.Uniform() * 0.4;
    RawLsoa l;
    l.lon = town.lon + r * std::cos(a) * kx;
    l.lat = town.lat + r * std::sin(a);
    l.town = town_idx;
    l.district = town.district;
    l.centre = j < core ? 1.0 : (j < ring ? 0.4 : 0.0);
    double falloff = 1.0 - 0.7 * (r / radius);
    double affluent_suburb = (j >= ring && rng.Chance(0.25)) ? -0.3 : 0.0;
    l.deprivation = town.deprivation * falloff + affluent_suburb + 0.12 * rng.Normal();
    out->push_back(l);
  }
}

// Spreads rural LSOAs with a minimum separation, away from town centres.
void PlaceRuralLsoas(Rng& rng, int count, const std::vector<Town>& towns, double lon0, double lon1,
                     double lat0, double lat1, const std::function<bool(double, double)>& inside,
                     std::vector<RawLsoa>* out) {
  std::vector<RawLsoa> placed;
  double separation = 0.05;
  int attempts = 0;
  while (static_cast<int>(placed.size()) < count) {
    if (++attempts % 5000 == 0) separation *= 0.85;
    double lon = lon0 + rng.Uniform() * (lon1 - lon0);
    double lat = lat0 + rng.Uniform() * (lat1 - lat0);
    if (!inside(lon, lat)) continue;
    bool ok = true;
    int nearest = 0;
    double best = 1e9;
    for (size_t t = 0; t < towns.size(); ++t) {
      double d = Dist(lon, lat, towns[t].lon, towns[t].lat);
      double town_radius = 0.0065 * std::sqrt(static_cast<double>(towns[t].lsoas)) + 0.015;
      if (d < town_radius) ok = false;
      if (d < best) best = d, nearest = static_cast<int>(t);
    }
    for (const auto& p : placed)
      if (Dist(lon, lat, p.lon, p.lat) < separation) ok = false;
    if (!ok) continue;
    RawLsoa l{lon, lat, -1, towns[nearest].district, 0.0, 0.22 + 0.12 * rng.Normal()};
    if (best < 0.12 && rng.Chance(0.3)) l.deprivation += 0.1;
    placed.push_back(l);
  }
  out->insert(out->end(), placed.begin(), placed.end());
}

void SetAges(Rng& rng, Lsoa* l) {
  double shares[kAgeBands];
  for (int b = 0; b < kAgeBands; ++b) {
    double s = kAgeShares[b];
    bool young_adult = b >= 4 && b <= 6, older = b >= 11;
    if (l->town >= 0 && l->centre > 0) s *= young_adult ? 1.5 : (older ? 0.75 : 1.0);
    if (l->town < 0) s *= (b >= 3 && b <= 8) ? 0.8 : (older ? 1.35 : 1.0);
    s *= 1.0 + 0.08 * rng.Normal();
    shares[b] = std::max(0.2, s);
  }
  std::vector<int> parts = Apportion(shares, l->population);
  std::copy(parts.begin(), parts.end(), l->ages.begin());
  double female_share = 0.507 + 0.012 * rng.Normal() - (l->centre > 0 ? 0.015 : 0.0);
  l->females = static_cast<int>(std::lround(l->population * female_share));
}

// Orders LSOAs by district then north to south, groups them five to an "MSOA" and names them
// "<District> 001A"; assigns codes, postcode districts and sectors.
void NameLsoas(int force_number, Geography* geo) {
  std::stable_sort(geo->lsoas.begin(), geo->lsoas.end(), [](const Lsoa& a, const Lsoa& b) {
    if (a.district != b.district) return a.district < b.district;
    return a.lat > b.lat;
  });
  int postcode_district = 0;
  std::vector<int> next_in_district(geo->districts.size(), 0);
  for (size_t i = 0; i < geo->lsoas.size(); ++i) {
    Lsoa& l = geo->lsoas[i];
    int k = next_in_district[l.district]++;
    int msoa = k / 5 + 1, letter = k % 5;
    if (letter == 0) ++postcode_district;
    char code[16];
    std::snprintf(code, sizeof code, "E019%02d%03d", force_number, static_cast<int>(i + 1));
    l.code = code;
    l.name = geo->districts[l.district].name + " " + Pad3(msoa) + static_cast<char>('A' + letter);
    l.postcode_district = postcode_district;
    l.postcode_sector = letter + 1 + (msoa % 2) * 5;
    l.police_uk_text = l.code + "," + l.name;
  }
}

// IMD ranks keep the order of the deprivation scores but follow a shire county's spread of
// national deciles (few in the most deprived decile, most in the middle).
void SetImd(Rng& rng, Geography* geo) {
  static constexpr double kDecileShares[10] = {0.05, 0.07, 0.10, 0.11, 0.12,
                                               0.13, 0.13, 0.11, 0.10, 0.08};
  std::vector<int> order(geo->lsoas.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return geo->lsoas[a].deprivation > geo->lsoas[b].deprivation;
  });
  std::vector<int> counts = Apportion(kDecileShares, static_cast<int>(order.size()));
  size_t next = 0;
  for (int decile = 1; decile <= 10; ++decile) {
    int lo = (decile - 1) * kImdLsoas / 10 + 1, hi = decile * kImdLsoas / 10;
    std::set<int> ranks;
    while (static_cast<int>(ranks.size()) < counts[decile - 1]) ranks.insert(rng.Between(lo, hi));
    for (int rank : ranks) {
      Lsoa& l = geo->lsoas[order[next++]];
      l.imd_rank = rank;
      l.imd_decile = decile;
      l.deprivation = 1.0 - static_cast<double>(rank - 1) / (kImdLsoas - 1);
    }
  }
}

void SetPopulations(Rng& rng, Geography* geo) {
  std::vector<double> raw;
  for (const Lsoa& l : geo->lsoas) raw.push_back((l.town >= 0 ? 1650 : 1480) + 140 * rng.Normal());
  std::vector<int> pops = Apportion(raw, kTargetPopulation);
  for (size_t i = 0; i < pops.size(); ++i) {
    geo->lsoas[i].population = pops[i];
    SetAges(rng, &geo->lsoas[i]);
  }
}

void SetRuralUrban(Rng& rng, Geography* geo) {
  for (Lsoa& l : geo->lsoas) {
    if (l.town >= 0) {
      l.ruc = geo->towns[l.town].lsoas >= 15 ? Ruc::kUrbanCityTown : Ruc::kRuralTownFringe;
    } else {
      l.ruc = rng.Chance(0.25) ? Ruc::kRuralTownFringe : Ruc::kRuralVillage;
    }
  }
}

std::string InventStreet(Rng& rng) {
  std::string s = kStreetFirst[rng.Below(std::size(kStreetFirst))];
  s += ' ';
  s += kStreetKinds[rng.Below(std::size(kStreetKinds))];
  return s;
}

// Street points ("snap points" of data.police.uk) around each LSOA's centre.
void AddStreetPoints(Rng& rng, Geography* geo) {
  std::vector<std::string> label_names;
  auto label_of = [&](const std::string& name) {
    auto it = std::find(label_names.begin(), label_names.end(), name);
    if (it != label_names.end()) return static_cast<uint32_t>(it - label_names.begin());
    label_names.push_back(name);
    return static_cast<uint32_t>(label_names.size() - 1);
  };
  for (Lsoa& l : geo->lsoas) {
    bool urban = l.town >= 0;
    int n = urban ? 14 + rng.Between(0, 10) : 8 + rng.Between(0, 8);
    double spread = urban ? 0.004 : 0.018;
    l.first_point = static_cast<uint32_t>(geo->points.size());
    l.num_points = static_cast<uint32_t>(n);
    double kx = 1.0 / std::cos(Rad(l.lat));
    for (int p = 0; p < n; ++p) {
      double r = spread * std::sqrt(rng.Uniform()), a = rng.Uniform() * 2 * kPi;
      StreetPoint sp;
      sp.lon = std::round((l.lon + r * std::cos(a) * kx) * 1e6) / 1e6;
      sp.lat = std::round((l.lat + r * std::sin(a)) * 1e6) / 1e6;
      ToBritishNationalGrid(sp.lon, sp.lat, &sp.easting, &sp.northing);
      bool generic = rng.Chance(urban ? 0.25 : 0.1);
      sp.label = label_of(generic ? kGenericLabels[rng.Below(std::size(kGenericLabels))]
                                  : InventStreet(rng));
      geo->points.push_back(sp);
    }
  }
  for (const auto& name : label_names) geo->labels.push_back("On or near " + name);
  for (const StreetPoint& sp : geo->points) {
    std::string text;
    AppendFixed6(&text, sp.lon);
    text += ',';
    AppendFixed6(&text, sp.lat);
    text += ',';
    text += geo->labels[sp.label];
    geo->point_texts.push_back(std::move(text));
  }
}

void BuildChoiceTables(Geography* geo) {
  std::vector<double> resid, centre, mixed, pop;
  for (const Lsoa& l : geo->lsoas) {
    double p = l.population;
    double town_size = l.town >= 0 ? std::sqrt(geo->towns[l.town].lsoas / 20.0) : 0.0;
    double r = p * (0.35 + 1.8 * std::pow(l.deprivation, 1.5));
    double c = p * (0.12 + 0.4 * l.deprivation + l.centre * 9.0 * town_size);
    resid.push_back(r);
    centre.push_back(c);
    mixed.push_back(r + c * 0.6);
    pop.push_back(p);
  }
  geo->place[static_cast<int>(Place::kResidential)] = Discrete(resid);
  geo->place[static_cast<int>(Place::kCentre)] = Discrete(centre);
  geo->place[static_cast<int>(Place::kMixed)] = Discrete(mixed);
  geo->by_population = Discrete(pop);
  geo->district_lsoas.assign(geo->districts.size(), {});
  std::vector<std::vector<double>> dpop(geo->districts.size());
  for (size_t i = 0; i < geo->lsoas.size(); ++i) {
    geo->district_lsoas[geo->lsoas[i].district].push_back(static_cast<int>(i));
    dpop[geo->lsoas[i].district].push_back(geo->lsoas[i].population);
  }
  for (const auto& w : dpop) geo->district_by_population.emplace_back(w);
}

// Shared tail of both builders: raw LSOAs -> named, populated, deprived, mapped LSOAs.
void FinishGeography(Rng& rng, int force_number, std::vector<RawLsoa> raw, Geography* geo) {
  for (const RawLsoa& r : raw) {
    Lsoa l;
    l.lon = r.lon;
    l.lat = r.lat;
    l.town = r.town;
    l.district = r.district;
    l.centre = r.centre;
    l.deprivation = r.deprivation;
    geo->lsoas.push_back(std::move(l));
  }
  NameLsoas(force_number, geo);
  SetPopulations(rng, geo);
  SetImd(rng, geo);
  SetRuralUrban(rng, geo);
  AddStreetPoints(rng, geo);
  BuildChoiceTables(geo);
}

void AddDistricts(int force_number, const std::vector<std::string>& names, Geography* geo) {
  for (size_t d = 0; d < names.size(); ++d) {
    char code[16];
    std::snprintf(code, sizeof code, "E079%02d00%d", force_number, static_cast<int>(d + 1));
    geo->districts.push_back({code, names[d]});
  }
}

}  // namespace

const char* RucName(Ruc ruc) {
  switch (ruc) {
    case Ruc::kUrbanCityTown:
      return "Urban city and town";
    case Ruc::kRuralTownFringe:
      return "Rural town and fringe";
    case Ruc::kRuralVillage:
      return "Rural village and dispersed";
  }
  return "";
}

Geography BuildFellshire() {
  Geography geo;
  geo.county = "Fellshire";
  geo.force_name = "Fellshire Constabulary";
  geo.force_slug = "fellshire";
  geo.csp = "Fellshire Community Safety Partnership";
  geo.postcode_area = "FL";
  AddDistricts(0, {std::begin(kFellshireDistricts), std::end(kFellshireDistricts)}, &geo);
  Rng rng(StreamSeed(0xFE115, 0));
  std::vector<RawLsoa> raw;
  int urban = 0;
  for (const TownSpec& t : kFellshireTowns) {
    geo.towns.push_back({t.name, t.lon, t.lat, t.district, t.lsoas, t.deprivation});
    urban += t.lsoas;
  }
  for (size_t t = 0; t < geo.towns.size(); ++t)
    PlaceTownLsoas(rng, geo.towns[t], static_cast<int>(t), &raw);
  PlaceRuralLsoas(rng, kLsoasPerForce - urban, geo.towns, -3.6, -2.2, 54.0, 55.1, InsideFellshire,
                  &raw);
  FinishGeography(rng, 0, std::move(raw), &geo);
  return geo;
}

Geography BuildInventedForce(int force_number) {
  Geography geo;
  char buf[64];
  std::snprintf(buf, sizeof buf, "Force %02d", force_number);
  geo.county = buf;
  geo.force_name = geo.county + " Constabulary";
  std::snprintf(buf, sizeof buf, "force-%02d", force_number);
  geo.force_slug = buf;
  geo.csp = geo.county + " Community Safety Partnership";
  geo.postcode_area = "ZF";
  Rng rng(StreamSeed(0xF0CE, static_cast<uint64_t>(force_number)));
  std::set<std::string> used;
  std::vector<std::string> district_names;
  for (int d = 0; d < 6; ++d) district_names.push_back(InventPlaceName(rng, &used));
  AddDistricts(force_number, district_names, &geo);

  constexpr int kCentres = sizeof(kForceCentres) / sizeof(kForceCentres[0]);
  int idx = (force_number - 2) % kCentres, cycle = (force_number - 2) / kCentres;
  const double clon = kForceCentres[idx][0] + 0.15 * cycle;
  const double clat = kForceCentres[idx][1] + 0.10 * cycle;
  const double kx = 1.0 / std::cos(Rad(clat));
  std::vector<RawLsoa> raw;
  int town_count = 6 + rng.Between(0, 3), urban = 0;
  std::vector<double> sizes;
  for (int t = 0; t < town_count; ++t) sizes.push_back(t == 0 ? 5.0 : 0.6 + rng.Uniform() * 1.6);
  std::vector<int> lsoas = Apportion(sizes, kLsoasPerForce * 6 / 10);
  for (int t = 0; t < town_count; ++t) {
    double r = t == 0 ? 0.0 : 0.12 + 0.2 * rng.Uniform(), a = rng.Uniform() * 2 * kPi;
    Town town{InventPlaceName(rng, &used),
              clon + r * std::cos(a) * kx,
              clat + r * std::sin(a),
              t % 6,
              lsoas[t],
              0.4 + 0.55 * rng.Uniform()};
    geo.towns.push_back(town);
    urban += town.lsoas;
  }
  for (size_t t = 0; t < geo.towns.size(); ++t)
    PlaceTownLsoas(rng, geo.towns[t], static_cast<int>(t), &raw);
  auto inside_disc = [clon, clat](double lon, double lat) {
    return Dist(lon, lat, clon, clat) < 0.42;
  };
  PlaceRuralLsoas(rng, kLsoasPerForce - urban, geo.towns, clon - 0.45 * kx, clon + 0.45 * kx,
                  clat - 0.45, clat + 0.45, inside_disc, &raw);
  FinishGeography(rng, force_number, std::move(raw), &geo);
  return geo;
}

void ToBritishNationalGrid(double lon, double lat, double* easting, double* northing) {
  // One PROJ transformation per thread (a PROJ object is not safe to share between threads).
  thread_local Result<std::unique_ptr<CrsTransform>> to_grid = LonLatToBng();
  if (!to_grid.ok())
    throw std::runtime_error("cannot place the synthetic county on British National Grid: " +
                             to_grid.status().message());
  if (!(*to_grid)->Project(lon, lat, easting, northing))
    throw std::runtime_error("PROJ cannot project the synthetic point " + std::to_string(lon) +
                             ", " + std::to_string(lat) + " to British National Grid");
}

}  // namespace cairn::synth
