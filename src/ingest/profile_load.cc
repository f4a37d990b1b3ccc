// LoadProfile: reads a mapping profile (TOML, docs/profiles.md) into a checked Profile.
//
// Every key is checked against what its section allows, so a typo is caught when the profile is
// loaded rather than when the first extract silently loses a column:
//   profiles/x.toml: [fields] "strat": unknown canonical field (did you mean "start"?)
// All problems in a profile are reported together, one per line, then loading stops.
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <utility>

#include "ingest/profile.h"
#include "ingest/profile_rows.h"
#include "ingest/profile_spec.h"
#include "model/toml_file.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

const char* ProfileKindName(ProfileKind kind) {
  static const char* const kNames[] = {"events",     "referrals", "outcomes",        "areas",
                                       "population", "figures",   "district-lookup", "training"};
  return kNames[static_cast<int>(kind)];
}

namespace {

namespace fs = std::filesystem;

struct CanonicalField {
  const char* name;
  FieldType type;
};

const std::vector<CanonicalField>& CanonicalFields(ProfileKind kind) {
  static const std::vector<CanonicalField> kEvents = {{"event_kind", FieldType::kEventKind},
                                                      {"reference", FieldType::kText},
                                                      {"start", FieldType::kDate},
                                                      {"end", FieldType::kDate},
                                                      {"month", FieldType::kMonth},
                                                      {"longitude", FieldType::kLongitude},
                                                      {"latitude", FieldType::kLatitude},
                                                      {"easting", FieldType::kEasting},
                                                      {"northing", FieldType::kNorthing},
                                                      {"location", FieldType::kText},
                                                      {"premises", FieldType::kText},
                                                      {"lsoa_code", FieldType::kLsoa},
                                                      {"lsoa_name", FieldType::kText},
                                                      {"category", FieldType::kText},
                                                      {"offence_code", FieldType::kOffenceCode},
                                                      {"outcome", FieldType::kText},
                                                      {"context", FieldType::kText},
                                                      {"weapon", FieldType::kText},
                                                      {"force", FieldType::kText},
                                                      {"reported_by", FieldType::kText}};
  static const std::vector<CanonicalField> kReferrals = {
      {"programme", FieldType::kText}, {"agency", FieldType::kText}, {"referred", FieldType::kDate},
      {"started", FieldType::kDate},   {"ended", FieldType::kDate},  {"outcome", FieldType::kText}};
  static const std::vector<CanonicalField> kOutcomes = {{"date", FieldType::kDate},
                                                        {"outcome_type", FieldType::kOutcomeType},
                                                        {"offence_code", FieldType::kOffenceCode}};
  static const std::vector<CanonicalField> kAreas = {
      {"lsoa_code", FieldType::kLsoa},     {"lsoa_name", FieldType::kText},
      {"district_code", FieldType::kText}, {"district_name", FieldType::kText},
      {"csp", FieldType::kText},           {"rural_urban", FieldType::kText},
      {"imd_rank", FieldType::kRank},      {"imd_decile", FieldType::kDecile}};
  static const std::vector<CanonicalField> kPopulation = {{"lsoa_code", FieldType::kLsoa}};
  static const std::vector<CanonicalField> kFigures = {{"area_code", FieldType::kText},
                                                       {"area_name", FieldType::kText}};
  static const std::vector<CanonicalField> kDistrictLookup = {
      {"district_code", FieldType::kText}, {"district_name", FieldType::kText},
      {"csp_code", FieldType::kText},      {"csp_name", FieldType::kText},
      {"force_code", FieldType::kText},    {"force_name", FieldType::kText}};
  static const std::vector<CanonicalField> kTraining = {{"agency", FieldType::kText},
                                                        {"course", FieldType::kText},
                                                        {"date", FieldType::kDate},
                                                        {"understanding_before", FieldType::kScore},
                                                        {"understanding_after", FieldType::kScore},
                                                        {"feedback", FieldType::kScore}};
  switch (kind) {
    case ProfileKind::kEvents:
      return kEvents;
    case ProfileKind::kTraining:
      return kTraining;
    case ProfileKind::kReferrals:
      return kReferrals;
    case ProfileKind::kOutcomes:
      return kOutcomes;
    case ProfileKind::kAreas:
      return kAreas;
    case ProfileKind::kPopulation:
      return kPopulation;
    case ProfileKind::kFigures:
      return kFigures;
    case ProfileKind::kDistrictLookup:
      return kDistrictLookup;
  }
  return kEvents;
}

std::vector<std::string> Names(const std::vector<CanonicalField>& fields) {
  std::vector<std::string> out;
  for (const auto& f : fields) out.push_back(f.name);
  return out;
}

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "true/false";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    default:
      return "a date or time";
  }
}

// Collects every problem in a profile, each naming the file, the section and the key.
class Problems {
 public:
  explicit Problems(std::string path) : path_(std::move(path)) {}
  void Add(std::string_view section, std::string_view key, const std::string& what) {
    std::string where = section.empty() ? "" : "[" + std::string(section) + "] ";
    lines_.push_back(path_ + ": " + where + Quote(key) + ": " + what);
  }
  void AddPlain(const std::string& what) { lines_.push_back(path_ + ": " + what); }
  void Expected(std::string_view section, std::string_view key, const std::string& expected,
                const toml::node& found) {
    Add(section, key, "expected " + expected + ", found " + TypeName(found));
  }
  bool empty() const { return lines_.empty(); }
  Status ToStatus() const { return Status::Invalid(Join(lines_, "\n")); }

 private:
  std::string path_;
  std::vector<std::string> lines_;
};

// Reports keys of `table` not in `allowed`.
void CheckKeys(const toml::table& table, const std::vector<std::string>& allowed,
               std::string_view section, Problems* problems) {
  for (const auto& [key, node] : table) {
    std::string name(key.str());
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end())
      problems->Add(section, name, "unknown key" + DidYouMean(name, allowed));
  }
}

// A string array, or nullopt (with a problem reported) if the node is anything else.
std::optional<std::vector<std::string>> StringList(const toml::node& node, std::string_view section,
                                                   std::string_view key, Problems* problems) {
  const toml::array* array = node.as_array();
  if (!array) {
    problems->Expected(section, key, "an array of strings", node);
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *array) {
    auto s = item.value<std::string>();
    if (!s) {
      problems->Add(section, key,
                    "expected an array of strings, found " + TypeName(item) + " in it");
      return std::nullopt;
    }
    out.push_back(*s);
  }
  return out;
}

// A column name, or an array of one or more (a marker set by any of several columns).
std::optional<std::vector<std::string>> Columns(const toml::node& node, std::string_view section,
                                                std::string_view key, Problems* problems) {
  if (auto s = node.value<std::string>()) {
    if (Trim(*s).empty()) {
      problems->Add(section, key, "expected a column name, found an empty string");
      return std::nullopt;
    }
    return std::vector<std::string>{std::string(Trim(*s))};
  }
  auto list = StringList(node, section, key, problems);
  if (list && list->empty()) {
    problems->Add(section, key, "expected at least one column name");
    return std::nullopt;
  }
  return list;
}

std::optional<std::string> Column(const toml::node& node, std::string_view section,
                                  std::string_view key, Problems* problems) {
  auto s = node.value<std::string>();
  if (!s) {
    problems->Expected(section, key, "a column name (a string)", node);
    return std::nullopt;
  }
  if (Trim(*s).empty()) {
    problems->Add(section, key, "expected a column name, found an empty string");
    return std::nullopt;
  }
  return std::string(Trim(*s));
}

const std::vector<std::string>& OutcomeTypes() {
  static const std::vector<std::string> kTypes = {"charge", "caution", "conviction"};
  return kTypes;
}

// Checks a canonical value (from a map or [defaults]) against the field's type; "" if fine.
std::string CheckCanonicalValue(FieldType type, const std::string& value) {
  if (type == FieldType::kEventKind && !ParseEventKind(value))
    return Quote(value) + " is not an event kind (expected one of " + Join(EventKindNames(), ", ") +
           ")";
  if (type == FieldType::kOutcomeType) {
    const auto& types = OutcomeTypes();
    if (std::find(types.begin(), types.end(), ToLower(Trim(value))) == types.end())
      return Quote(value) + " is not an outcome type (expected charge, caution or conviction)";
  }
  return "";
}

bool AllowsMap(FieldType type) {
  return type == FieldType::kText || type == FieldType::kEventKind ||
         type == FieldType::kOutcomeType || type == FieldType::kOffenceCode;
}

bool AllowsDefault(FieldType type) {
  return type == FieldType::kText || type == FieldType::kEventKind ||
         type == FieldType::kOutcomeType;
}

std::string CheckDatePattern(const std::string& pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%') continue;
    char spec = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
    if (std::string_view("dmYyHMSb").find(spec) == std::string_view::npos || spec == '\0')
      return Quote(pattern) + ": unknown date specifier \"%" + std::string(1, spec) +
             "\" (expected %d %m %Y %y %H %M %S %b)";
    ++i;
  }
  return "";
}

// Reads a value map: { "SOURCE VALUE" = "canonical value", ... }, keys compared case-insensitively.
std::unordered_map<std::string, std::string> ValueMap(const toml::node& node,
                                                      std::string_view section,
                                                      const std::string& key, FieldType type,
                                                      Problems* problems) {
  std::unordered_map<std::string, std::string> out;
  const toml::table* table = node.as_table();
  if (!table) {
    problems->Expected(section, key + ".map", "a table of \"source value\" = \"value\"", node);
    return out;
  }
  for (const auto& [from, to] : *table) {
    auto value = to.value<std::string>();
    if (!value) {
      problems->Expected(section, key + ".map", "string values", to);
      continue;
    }
    if (std::string bad = CheckCanonicalValue(type, *value); !bad.empty()) {
      problems->Add(section, key + ".map", bad);
      continue;
    }
    out[ToLower(Trim(from.str()))] = *value;
  }
  return out;
}

// Reads one [fields] entry: "Column" or { column, required, formats, map }.
void ReadField(const std::string& key, const toml::node& node, FieldSpec* field,
               Problems* problems) {
  static const char* kSection = "fields";
  if (node.is_string()) {
    if (auto column = Column(node, kSection, key, problems)) field->column = *column;
    return;
  }
  const toml::table* table = node.as_table();
  if (!table) {
    problems->Expected(kSection, key, "a column name or a table { column = ... }", node);
    return;
  }
  CheckKeys(*table, {"column", "required", "formats", "map", "pseudonym", "scale"}, kSection,
            problems);
  if (!table->contains("column")) {
    problems->Add(kSection, key, "missing \"column\" (the source column to read)");
  } else if (auto column = Column(*table->get("column"), kSection, key + ".column", problems)) {
    field->column = *column;
  }
  if (const toml::node* required = table->get("required")) {
    if (!required->is_boolean())
      problems->Expected(kSection, key + ".required", "true or false", *required);
    else
      field->required = required->value_or(false);
  }
  if (const toml::node* formats = table->get("formats")) {
    if (field->type != FieldType::kDate) {
      problems->Add(kSection, key, "\"formats\" applies only to date fields");
    } else if (auto list = StringList(*formats, kSection, key + ".formats", problems)) {
      for (const auto& pattern : *list)
        if (std::string bad = CheckDatePattern(pattern); !bad.empty())
          problems->Add(kSection, key + ".formats", bad);
      field->formats = *list;
    }
  }
  if (const toml::node* scale = table->get("scale")) {
    auto top = scale->value<int64_t>();
    if (field->type != FieldType::kScore)
      problems->Add(kSection, key, "\"scale\" applies only to scores");
    else if (!scale->is_integer() || !top || *top < 2 || *top > 100)
      problems->Add(kSection, key + ".scale",
                    "expected the top of the scale, a whole number from 2 to 100 (5 for 1-5)");
    else
      field->scale = static_cast<int>(*top);
  }
  if (const toml::node* pseudonym = table->get("pseudonym")) {
    if (!pseudonym->is_boolean())
      problems->Expected(kSection, key + ".pseudonym", "true or false", *pseudonym);
    else if (field->type != FieldType::kText)
      problems->Add(kSection, key, "\"pseudonym\" applies only to text fields");
    else
      field->pseudonym = pseudonym->value_or(false);
  }
  if (const toml::node* map = table->get("map")) {
    if (!AllowsMap(field->type))
      problems->Add(kSection, key, "\"map\" is not supported for this field");
    else
      field->map = ValueMap(*map, kSection, key, field->type, problems);
  }
}

FieldSpec* FindOrAddField(Profile* profile, const CanonicalField& canonical) {
  for (auto& f : profile->fields)
    if (f.name == canonical.name) return &f;
  FieldSpec field;
  field.name = canonical.name;
  field.type = canonical.type;
  profile->fields.push_back(std::move(field));
  return &profile->fields.back();
}

const CanonicalField* FindCanonical(ProfileKind kind, std::string_view name) {
  for (const auto& f : CanonicalFields(kind))
    if (name == f.name) return &f;
  return nullptr;
}

// "unknown canonical field" with a hint, or the kind the field belongs to.
std::string UnknownFieldMessage(ProfileKind kind, const std::string& name) {
  for (ProfileKind other : {ProfileKind::kEvents, ProfileKind::kReferrals, ProfileKind::kOutcomes,
                            ProfileKind::kAreas, ProfileKind::kPopulation, ProfileKind::kFigures,
                            ProfileKind::kDistrictLookup, ProfileKind::kTraining}) {
    if (other != kind && FindCanonical(other, name))
      return std::string("not a field of ") + ProfileKindName(kind) + " profiles (it belongs to " +
             ProfileKindName(other) + "; fields here: " + Join(Names(CanonicalFields(kind)), ", ") +
             ")";
  }
  return "unknown canonical field" + DidYouMean(name, Names(CanonicalFields(kind)));
}

void ReadFields(const toml::node& node, Profile* profile, Problems* problems) {
  const toml::table* table = node.as_table();
  if (!table) {
    problems->AddPlain("[fields] must be a table");
    return;
  }
  for (const auto& [key, value] : *table) {
    std::string name(key.str());
    const CanonicalField* canonical = FindCanonical(profile->kind, name);
    if (!canonical) {
      problems->Add("fields", name, UnknownFieldMessage(profile->kind, name));
      continue;
    }
    ReadField(name, value, FindOrAddField(profile, *canonical), problems);
  }
}

void ReadDefaults(const toml::node& node, Profile* profile, Problems* problems) {
  const toml::table* table = node.as_table();
  if (!table) {
    problems->AddPlain("[defaults] must be a table");
    return;
  }
  for (const auto& [key, value] : *table) {
    std::string name(key.str());
    const CanonicalField* canonical = FindCanonical(profile->kind, name);
    if (!canonical) {
      problems->Add("defaults", name, UnknownFieldMessage(profile->kind, name));
      continue;
    }
    auto text = value.value<std::string>();
    if (!text) {
      problems->Expected("defaults", name, "a string", value);
      continue;
    }
    if (!AllowsDefault(canonical->type)) {
      problems->Add("defaults", name, "a constant value is not supported for this field");
      continue;
    }
    if (std::string bad = CheckCanonicalValue(canonical->type, *text); !bad.empty()) {
      problems->Add("defaults", name, bad);
      continue;
    }
    FindOrAddField(profile, *canonical)->default_value = *text;
  }
}

std::vector<std::string> LowerAll(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) out.push_back(ToLower(Trim(v)));
  return out;
}

void ReadMarker(const std::string& name, const toml::node& node, MarkerSpec* marker,
                Problems* problems) {
  static const char* kSection = "markers";
  marker->truthy = {"y", "yes", "true", "1"};
  const toml::table* table = node.as_table();
  if (!table) {
    if (auto columns = Columns(node, kSection, name, problems)) marker->columns = *columns;
    return;
  }
  CheckKeys(*table, {"column", "columns", "truthy"}, kSection, problems);
  for (const char* key : {"column", "columns"}) {
    if (const toml::node* columns = table->get(key))
      if (auto list = Columns(*columns, kSection, name + "." + key, problems))
        marker->columns.insert(marker->columns.end(), list->begin(), list->end());
  }
  if (marker->columns.empty() && !table->contains("column") && !table->contains("columns"))
    problems->Add(kSection, name, "missing \"column\" (the source column holding the flag)");
  if (const toml::node* truthy = table->get("truthy")) {
    auto list = StringList(*truthy, kSection, name + ".truthy", problems);
    if (list && list->empty())
      problems->Add(kSection, name + ".truthy", "expected at least one value");
    if (list && !list->empty()) marker->truthy = LowerAll(*list);
  }
}

void ReadMarkers(const toml::node& node, Profile* profile, Problems* problems) {
  const toml::table* table = node.as_table();
  if (!table) {
    problems->AddPlain("[markers] must be a table");
    return;
  }
  for (const auto& [key, value] : *table) {
    std::string name(key.str());
    std::optional<Marker> bit = ParseMarker(name);
    if (!bit) {
      problems->Add("markers", name, "unknown marker" + DidYouMean(name, MarkerNames()));
      continue;
    }
    MarkerSpec marker{*bit, name, {}, {}};
    ReadMarker(name, value, &marker, problems);
    profile->markers.push_back(std::move(marker));
  }
}

std::optional<Sex> ParseSexName(std::string_view s) {
  std::string l = ToLower(Trim(s));
  if (l == "female") return Sex::kFemale;
  if (l == "male") return Sex::kMale;
  if (l == "unknown") return Sex::kUnknown;
  return std::nullopt;
}

// age = "Column" | { column = "..." }; sex = "Column" | { column = "...", map = {...} }.
void ReadPersonColumn(const toml::node& node, const std::string& key, PersonSpec* person,
                      Problems* problems) {
  static const char* kSection = "people";
  std::string* column = key == "age" ? &person->age_column : &person->sex_column;
  if (node.is_string()) {
    if (auto c = Column(node, kSection, key, problems)) *column = *c;
    return;
  }
  const toml::table* table = node.as_table();
  if (!table) {
    problems->Expected(kSection, key, "a column name or a table { column = ... }", node);
    return;
  }
  if (key == "age")
    CheckKeys(*table, {"column"}, kSection, problems);
  else
    CheckKeys(*table, {"column", "map"}, kSection, problems);
  if (const toml::node* c = table->get("column")) {
    if (auto name = Column(*c, kSection, key + ".column", problems)) *column = *name;
  } else {
    problems->Add(kSection, key, "missing \"column\"");
  }
  const toml::node* map = table->get("map");
  if (!map || key != "sex") return;
  const toml::table* pairs = map->as_table();
  if (!pairs) {
    problems->Expected(kSection, "sex.map", "a table of \"source value\" = \"female\"", *map);
    return;
  }
  for (const auto& [from, to] : *pairs) {
    auto value = to.value<std::string>();
    if (!value || !ParseSexName(*value)) {
      problems->Add(kSection, "sex.map", "values must be \"female\", \"male\" or \"unknown\"");
      continue;
    }
    person->sex_map[ToLower(Trim(from.str()))] = ToLower(Trim(*value));
  }
}

void ReadPerson(const toml::table& table, ProfileKind kind, PersonSpec* person,
                Problems* problems) {
  static const char* kSection = "people";
  CheckKeys(table, {"role", "link", "identifiers", "pseudonym", "age", "sex"}, kSection, problems);
  if (const toml::node* role = table.get("role")) {
    auto text = role->value<std::string>();
    std::optional<Role> parsed = text ? ParseRole(*text) : std::nullopt;
    if (!parsed) {
      problems->Add(kSection, "role",
                    "expected victim, suspect, offender, patient, witness or vulnerable");
    } else {
      person->has_role = true;
      person->role = *parsed;
    }
  } else if (kind == ProfileKind::kEvents) {
    problems->Add(kSection, "role",
                  "missing (victim, suspect, offender, patient, witness or vulnerable)");
  }
  if (const toml::node* link = table.get("link"))
    if (auto list = Columns(*link, kSection, "link", problems)) person->link = *list;
  if (const toml::node* ids = table.get("identifiers"))
    if (auto list = StringList(*ids, kSection, "identifiers", problems))
      person->identifiers = *list;
  if (const toml::node* pseudonym = table.get("pseudonym"))
    if (auto column = Column(*pseudonym, kSection, "pseudonym", problems))
      person->pseudonym = *column;
  if (person->link.empty() == person->pseudonym.empty())
    problems->Add(kSection, person->link.empty() ? "link" : "pseudonym",
                  "a person needs either \"link\" (identifier columns) or \"pseudonym\" (a "
                  "pre-pseudonymised column), not both and not neither");
  for (const char* key : {"age", "sex"})
    if (const toml::node* node = table.get(key)) ReadPersonColumn(*node, key, person, problems);
}

void ReadPeople(const toml::node& node, Profile* profile, Problems* problems) {
  const toml::array* array = node.as_array();
  if (!array) {
    problems->AddPlain("\"people\" must be written as [[people]] tables");
    return;
  }
  for (const auto& item : *array) {
    const toml::table* table = item.as_table();
    if (!table) {
      problems->AddPlain("\"people\" must be written as [[people]] tables");
      continue;
    }
    PersonSpec person;
    ReadPerson(*table, profile->kind, &person, problems);
    profile->people.push_back(std::move(person));
  }
}

bool IsAgeBand(std::string_view band) {
  if (band == "all") return true;
  if (EndsWith(band, "+")) return ParseInt(band.substr(0, band.size() - 1)).has_value();
  size_t dash = band.find('-');
  if (dash == std::string_view::npos) return false;
  auto from = ParseInt(band.substr(0, dash));
  auto to = ParseInt(band.substr(dash + 1));
  return from && to && *from >= 0 && *from <= *to;
}

void ReadPopulation(const toml::node& node, Profile* profile, Problems* problems) {
  const toml::table* table = node.as_table();
  if (!table) {
    problems->AddPlain("[population] must be a table");
    return;
  }
  CheckKeys(*table, {"columns"}, "population", problems);
  const toml::table* columns = (*table)["columns"].as_table();
  if (!columns || columns->empty()) {
    problems->Add("population", "columns",
                  "expected a table of \"Source column\" = { sex = \"all\", age_band = \"0-4\" }");
    return;
  }
  for (const auto& [key, value] : *columns) {
    std::string column(key.str());
    const toml::table* spec = value.as_table();
    if (!spec) {
      problems->Expected("population.columns", column, "{ sex = ..., age_band = ... }", value);
      continue;
    }
    CheckKeys(*spec, {"sex", "age_band"}, "population.columns", problems);
    std::string sex = ToLower(spec->get("sex") ? spec->get("sex")->value_or<std::string>("") : "");
    std::string band =
        spec->get("age_band") ? spec->get("age_band")->value_or<std::string>("") : "";
    if (sex != "all" && sex != "female" && sex != "male")
      problems->Add("population.columns", column, "sex must be \"all\", \"female\" or \"male\"");
    if (!IsAgeBand(band))
      problems->Add("population.columns", column,
                    "age_band must be \"all\", a range such as \"0-4\" or an open band such as "
                    "\"85+\"");
    profile->population.push_back({column, sex, band});
  }
}

// [figures]: the level and period of a published table, and the measure of each column.
void ReadFigures(const toml::node& node, Profile* profile, Problems* problems) {
  const toml::table* table = node.as_table();
  if (!table) {
    problems->AddPlain("[figures] must be a table");
    return;
  }
  CheckKeys(*table, {"level", "period", "period_from_title", "columns"}, "figures", problems);
  profile->figure_level = (*table)["level"].value_or<std::string>("");
  if (profile->figure_level != "force" && profile->figure_level != "district")
    problems->Add("figures", "level", "expected \"force\" or \"district\"");
  profile->figure_period = (*table)["period"].value_or<std::string>("");
  std::string title = (*table)["period_from_title"].value_or<std::string>("");
  if (title == "year-ending")
    profile->period_from_title = TitlePeriod::kYearEnding;
  else if (title == "mid-year")
    profile->period_from_title = TitlePeriod::kMidYear;
  else if (!title.empty())
    problems->Add("figures", "period_from_title", "expected \"year-ending\" or \"mid-year\"");
  const toml::table* columns = (*table)["columns"].as_table();
  if (!columns || columns->empty()) {
    problems->Add("figures", "columns",
                  "expected a table of \"Source column\" = { measure = \"homicide\" }");
    return;
  }
  bool every_column_has_period = true;
  for (const auto& [key, value] : *columns) {
    std::string column(key.str());
    const toml::table* spec = value.as_table();
    if (!spec) {
      problems->Expected("figures.columns", column, "{ measure = ... }", value);
      continue;
    }
    CheckKeys(*spec, {"measure", "period"}, "figures.columns", problems);
    FigureColumn figure{column, (*spec)["measure"].value_or<std::string>(""),
                        (*spec)["period"].value_or<std::string>("")};
    if (figure.measure.empty())
      problems->Add("figures.columns", column, "missing: measure = \"...\"");
    every_column_has_period &= !figure.period.empty();
    profile->figures.push_back(std::move(figure));
  }
  if (!every_column_has_period && profile->figure_period.empty() &&
      profile->period_from_title == TitlePeriod::kNone)
    problems->Add("figures", "period",
                  "missing: say the table's period (period = \"2019-12\"), or read it from the "
                  "title (period_from_title = \"year-ending\" or \"mid-year\"), or give each "
                  "column its period");
}

// [profile]: identity and file format.
void ReadProfileTable(const toml::table& table, Profile* profile, LoadedProfile* loaded,
                      Problems* problems) {
  static const char* kSection = "profile";
  CheckKeys(table,
            {"name", "version", "kind", "source", "extract", "delimiter", "encoding", "header_row",
             "offence_codes", "description", "format", "sheet", "find_header", "header_rows"},
            kSection, problems);
  auto text = [&](const char* key, bool required) -> std::string {
    const toml::node* node = table.get(key);
    if (!node) {
      if (required) problems->Add(kSection, key, "missing");
      return "";
    }
    auto s = node->value<std::string>();
    if (!s) problems->Expected(kSection, key, "a string", *node);
    return s.value_or("");
  };
  loaded->name = text("name", true);
  loaded->source = text("source", false);
  loaded->extract = text("extract", false);
  if (loaded->extract.empty()) loaded->extract = loaded->name;
  text("description", false);

  std::string kind = text("kind", true);
  static const std::vector<std::string> kKinds = {"events",          "referrals",  "outcomes",
                                                  "areas",           "population", "figures",
                                                  "district-lookup", "training"};
  auto it = std::find(kKinds.begin(), kKinds.end(), kind);
  if (it == kKinds.end() && table.contains("kind"))
    problems->Add(kSection, "kind",
                  Quote(kind) +
                      " is not a kind (expected events, referrals, outcomes, areas, "
                      "population, figures, district-lookup or training)" +
                      DidYouMean(kind, kKinds));
  if (it != kKinds.end()) profile->kind = static_cast<ProfileKind>(it - kKinds.begin());
  loaded->kind = ProfileKindName(profile->kind);

  for (const char* key : {"version", "header_row", "header_rows"}) {
    const toml::node* node = table.get(key);
    if (!node) continue;
    auto n = node->value<int64_t>();
    if (!node->is_integer() || !n || *n < 1 || *n > 1000000)
      problems->Add(kSection, key, "expected a whole number of 1 or more");
    else if (std::string_view(key) == "version")
      loaded->version = static_cast<int>(*n);
    else if (std::string_view(key) == "header_rows")
      profile->header_rows = static_cast<int>(std::min<int64_t>(*n, 10));
    else
      profile->header_row = static_cast<int>(*n);
  }

  if (table.contains("delimiter")) {
    std::string delimiter = text("delimiter", false);
    if (ToLower(delimiter) == "tab") delimiter = "\t";
    if (delimiter.size() != 1 || delimiter == "\"" || delimiter == "\n" || delimiter == "\r")
      problems->Add(kSection, "delimiter",
                    "expected one character, such as \",\" or \";\" or \"\\t\" for tab");
    else
      profile->delimiter = delimiter[0];
  }
  std::string format = ToLower(text("format", false));
  if (format == "xlsx")
    profile->format = FileFormat::kXlsx;
  else if (!format.empty() && format != "csv")
    problems->Add(kSection, "format", "expected \"csv\" or \"xlsx\"");
  profile->sheet = text("sheet", false);
  if (!profile->sheet.empty() && profile->format != FileFormat::kXlsx)
    problems->Add(kSection, "sheet", "only an xlsx profile (format = \"xlsx\") reads a sheet");
  if (const toml::node* node = table.get("find_header"))
    if (auto names = StringList(*node, kSection, "find_header", problems))
      profile->find_header = std::move(*names);
  if (table.contains("encoding")) {
    std::string encoding = ToLower(text("encoding", false));
    if (encoding == "windows-1252" || encoding == "cp1252")
      profile->windows_1252 = true;
    else if (encoding != "utf-8" && encoding != "utf8")
      problems->Add(kSection, "encoding", "expected \"utf-8\" or \"windows-1252\"");
  }
}

// Kind-specific rules that span sections.
// An identifier column feeds only a pseudonym. If a profile also mapped it to a stored field (by
// mistake: `context = "SuspectPNC"`, or `outcome = "VICTIMDOB"`), the identifier would be stored
// in clear; refuse the profile. Names compare as a header matches them: trimmed, ignoring case.
void CheckIdentifiersStayPrivate(Profile* profile, Problems* problems) {
  std::vector<std::string> identifiers;
  for (const PersonSpec& person : profile->people) {
    for (const auto& column : person.link) identifiers.push_back(ToLower(Trim(column)));
    for (const auto& column : person.identifiers) identifiers.push_back(ToLower(Trim(column)));
    if (!person.pseudonym.empty()) identifiers.push_back(ToLower(Trim(person.pseudonym)));
  }
  const FieldSpec* premises = profile->Field("premises");
  const std::string premises_column =
      premises && !premises->column.empty() ? ToLower(Trim(premises->column)) : "";
  auto is_identifier = [&](const std::string& column) {
    return std::find(identifiers.begin(), identifiers.end(), ToLower(Trim(column))) !=
           identifiers.end();
  };
  for (const FieldSpec& f : profile->fields) {
    if (f.column.empty()) continue;
    if (is_identifier(f.column))
      problems->Add("fields", f.name,
                    "column " + Quote(f.column) +
                        " is an identifier (in [[people]]) and must never be stored; map the "
                        "field to another column or remove it");
    else if (f.name != "premises" && ToLower(Trim(f.column)) == premises_column)
      problems->Add("fields", f.name,
                    "column " + Quote(f.column) +
                        " is the premises (an address) and is stored only as its pseudonym; "
                        "map the field to another column or remove it");
  }
  if (!premises_column.empty())
    for (const MarkerSpec& m : profile->markers)
      for (const std::string& column : m.columns)
        if (ToLower(Trim(column)) == premises_column)
          problems->Add("markers", m.name,
                        "column " + Quote(column) + " is the premises and cannot feed a marker");
  for (const MarkerSpec& m : profile->markers)
    for (const std::string& column : m.columns)
      if (is_identifier(column))
        problems->Add("markers", m.name,
                      "column " + Quote(column) +
                          " is an identifier (in [[people]]) and cannot "
                          "feed a marker");
}

// A training log: every attendance names its course, agency and date (they are required), and a
// score is read on the scale the profile states, the same before and after.
void CheckTrainingRules(Profile* profile, Problems* problems) {
  for (const char* name : {"agency", "course", "date"}) {
    FieldSpec* field = nullptr;
    for (auto& f : profile->fields)
      if (f.name == name) field = &f;
    if (!field || field->column.empty())
      problems->Add("fields", name,
                    "missing: every attendance in a training log needs its " + std::string(name));
    else
      field->required = true;
  }
  for (const FieldSpec& f : profile->fields)
    if (f.type == FieldType::kScore && f.scale == 0)
      problems->Add("fields", f.name,
                    "missing \"scale\": the top of the scale its scores are on, e.g. { column "
                    "= \"" +
                        f.column + "\", scale = 10 } for 1-10");
  const FieldSpec* before = profile->Field("understanding_before");
  const FieldSpec* after = profile->Field("understanding_after");
  if (before && after && before->scale > 0 && after->scale > 0 && before->scale != after->scale)
    problems->Add("fields", "understanding_after",
                  "scale " + std::to_string(after->scale) +
                      " differs from understanding_before's " + std::to_string(before->scale) +
                      ": the change is read on one scale, the same before and after");
}

void CheckKindRules(const toml::table& root, Profile* profile, Problems* problems) {
  CheckIdentifiersStayPrivate(profile, problems);
  ProfileKind kind = profile->kind;
  const bool has_people = !profile->people.empty();
  if (kind == ProfileKind::kEvents) {
    if (const FieldSpec* premises = profile->Field("premises")) {
      // The premises' pseudonym is stored as the event's location, so the two cannot both be read.
      if (profile->Field("location"))
        problems->Add("fields", "premises",
                      "a premises is stored as the event's location (its pseudonym), so map "
                      "either \"location\" or \"premises\", not both");
      if (premises->column.empty() || !premises->map.empty())
        problems->Add("fields", "premises",
                      "an address column is needed, read as it is (no [defaults] value and no "
                      "map: it is an identifier)");
    }
    if (!profile->Field("event_kind"))
      problems->Add("defaults", "event_kind",
                    "missing: events profiles need an event kind, either [defaults] event_kind = "
                    "\"crime\" or [fields] event_kind = \"Column\"");
    for (auto [a, b] : {std::pair{"longitude", "latitude"}, std::pair{"easting", "northing"}}) {
      if (profile->Field(a) && !profile->Field(b))
        problems->Add("fields", b,
                      std::string("missing: ") + a + " is mapped, so " + b + " must be too");
      if (profile->Field(b) && !profile->Field(a))
        problems->Add("fields", a,
                      std::string("missing: ") + b + " is mapped, so " + a + " must be too");
    }
  }
  if (kind == ProfileKind::kTraining) CheckTrainingRules(profile, problems);
  if ((kind == ProfileKind::kReferrals || kind == ProfileKind::kOutcomes ||
       kind == ProfileKind::kTraining) &&
      profile->people.size() != 1)
    problems->AddPlain(std::string(ProfileKindName(kind)) +
                       " profiles need exactly one [[people]] table (found " +
                       std::to_string(profile->people.size()) + ")");
  const bool tables = kind == ProfileKind::kFigures || kind == ProfileKind::kDistrictLookup;
  if ((kind == ProfileKind::kAreas || kind == ProfileKind::kPopulation || tables) && has_people)
    problems->AddPlain(std::string(ProfileKindName(kind)) + " profiles cannot have [[people]]");
  if (kind != ProfileKind::kEvents && root.contains("markers"))
    problems->AddPlain("[markers] applies only to events profiles");
  if (kind != ProfileKind::kPopulation && root.contains("population"))
    problems->AddPlain("[population] applies only to population profiles");
  if (kind == ProfileKind::kPopulation && !root.contains("population"))
    problems->Add("population", "columns",
                  "missing: population profiles map count columns with [population.columns]");
  // A heading prefix ("Population figures*") is for published tables' year-bearing headings only.
  Profile without_figures = *profile;
  without_figures.figures.clear();
  for (const std::string& column : NamedColumns(without_figures))
    if (column.size() > 1 && column.back() == '*')
      problems->AddPlain("column \"" + column +
                         "\": a name ending in * (a heading prefix) is allowed only in "
                         "[figures.columns]");
  if (kind != ProfileKind::kFigures && root.contains("figures"))
    problems->AddPlain("[figures] applies only to figures profiles");
  if (kind == ProfileKind::kFigures && !root.contains("figures"))
    problems->Add("figures", "columns",
                  "missing: figures profiles say the level and map columns with [figures]");
  if (kind == ProfileKind::kFigures && !profile->Field("area_code") && !profile->Field("area_name"))
    problems->Add("fields", "area_code", "missing: figures profiles map area_code or area_name");
  if (kind == ProfileKind::kDistrictLookup)
    for (const char* name : {"district_code", "force_code"}) {
      FieldSpec* f = nullptr;
      for (auto& field : profile->fields)
        if (field.name == name) f = &field;
      if (!f || f->column.empty())
        problems->Add("fields", name, "missing: a district lookup must map it");
      else
        f->required = true;
    }
  if (kind == ProfileKind::kAreas || kind == ProfileKind::kPopulation) {
    FieldSpec* lsoa = nullptr;
    for (auto& f : profile->fields)
      if (f.name == "lsoa_code") lsoa = &f;
    if (!lsoa || lsoa->column.empty())
      problems->Add("fields", "lsoa_code", "missing: this kind of profile must map lsoa_code");
    else
      lsoa->required = true;
  }
}

// Finds config/offence_codes.toml: the profile's `offence_codes` key (relative to the profile),
// else config/ beside the profile's folder, else the configuration directory in use.
Result<std::shared_ptr<const OffenceCodes>> LoadOffenceCodesFor(const toml::table& profile_table,
                                                                const std::string& profile_path,
                                                                const std::string& config_dir) {
  fs::path profile_dir = fs::path(profile_path).parent_path();
  std::vector<std::pair<fs::path, std::string>> candidates;
  if (auto explicit_path = profile_table["offence_codes"].value<std::string>()) {
    candidates.emplace_back(profile_dir / *explicit_path, *explicit_path);
  } else {
    const std::string display = "config/offence_codes.toml";
    candidates.emplace_back(profile_dir / ".." / display, display);
    if (!config_dir.empty())
      candidates.emplace_back(fs::path(config_dir) / "offence_codes.toml", display);
  }
  std::error_code ec;
  for (const auto& [path, display] : candidates) {
    if (!fs::exists(path, ec)) continue;
    Result<OffenceCodes> codes = OffenceCodes::Load(path.string(), display);
    if (!codes.ok()) return codes.status();
    return std::make_shared<const OffenceCodes>(std::move(codes).value());
  }
  return Status::NotFound(profile_path + ": offence_code is mapped but " +
                          candidates.front().second +
                          " was not found (set [profile] offence_codes = \"path/to/file.toml\")");
}

// TOML tables iterate by key; keep fields in the documented order instead, so messages that list
// columns read like the extract.
void SortFields(Profile* profile) {
  const std::vector<CanonicalField>& order = CanonicalFields(profile->kind);
  auto position = [&](const FieldSpec& field) {
    for (size_t i = 0; i < order.size(); ++i)
      if (field.name == order[i].name) return i;
    return order.size();
  };
  std::stable_sort(
      profile->fields.begin(), profile->fields.end(),
      [&](const FieldSpec& a, const FieldSpec& b) { return position(a) < position(b); });
}

}  // namespace

Result<LoadedProfile> LoadProfile(const std::string& path, const std::string& config_dir) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  auto parsed = ParseToml(*text, path);
  if (!parsed.ok()) return parsed.status();
  toml::table& root = *parsed;
  auto profile = std::make_shared<Profile>();
  profile->path = path;
  LoadedProfile loaded;
  Problems problems(path);
  CheckKeys(root, {"profile", "defaults", "fields", "markers", "people", "population", "figures"},
            "", &problems);
  const toml::table* profile_table = root["profile"].as_table();
  if (!profile_table) return Status::Invalid(path + ": missing the [profile] table (name, kind)");
  ReadProfileTable(*profile_table, profile.get(), &loaded, &problems);
  if (const toml::node* node = root.get("fields")) ReadFields(*node, profile.get(), &problems);
  if (const toml::node* node = root.get("defaults")) ReadDefaults(*node, profile.get(), &problems);
  if (const toml::node* node = root.get("markers")) ReadMarkers(*node, profile.get(), &problems);
  if (const toml::node* node = root.get("people")) ReadPeople(*node, profile.get(), &problems);
  if (const toml::node* node = root.get("population"))
    ReadPopulation(*node, profile.get(), &problems);
  if (const toml::node* node = root.get("figures")) ReadFigures(*node, profile.get(), &problems);
  CheckKindRules(root, profile.get(), &problems);
  if (!problems.empty()) return problems.ToStatus();
  SortFields(profile.get());

  if (profile->Field("offence_code")) {
    auto codes = LoadOffenceCodesFor(*profile_table, path, config_dir);
    if (!codes.ok()) return codes.status();
    profile->offence_codes = *codes;
  }
  loaded.profile = std::move(profile);
  return loaded;
}

}  // namespace cairn
