// Profile: the parsed, checked form of a mapping profile (docs/profiles.md), shared by LoadProfile
// (profile_load.cc), which builds it, and ReadWithProfile (profile_read.cc), which applies it to an
// extract. Internal to src/ingest; everything else sees only LoadedProfile (profile.h).
// Immutable once loaded; safe to share between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/codes.h"
#include "model/offence_codes.h"

namespace cairn {

enum class ProfileKind {
  kEvents,
  kReferrals,
  kOutcomes,
  kAreas,
  kPopulation,
  kFigures,         // a published table of figures by area (ONS force tables, population estimates)
  kDistrictLookup,  // ONS district -> CSP -> police force area lookup
  kTraining,        // a training log: one row per attendance (professionals, courses, scores)
};

enum class FileFormat { kCsv, kXlsx };

// Where a figures table says which period it covers, when its columns do not.
enum class TitlePeriod {
  kNone,
  kYearEnding,  // "... year ending December 2019" -> "2019-12"
  kMidYear,     // "... mid-2023" -> "2023"
};

// How a canonical field's value is interpreted.
enum class FieldType {
  kText,       // copied (after the optional map)
  kDate,       // parsed with `formats` (or DefaultDatePatterns()) into minutes
  kMonth,      // YYYY-MM
  kLongitude,  // decimal degrees, WGS84
  kLatitude,
  kEasting,  // British National Grid metres
  kNorthing,
  kLsoa,         // E01/W01 + six digits
  kOffenceCode,  // must be in config/offence_codes.toml
  kEventKind,    // crime | asb | incident | ed_attendance | ambulance
  kOutcomeType,  // charge | caution | conviction
  kRank,         // positive integer, thousands separators accepted
  kDecile,       // 1..10
  kScore,        // a whole number from 1 to the field's `scale` (self-assessment, feedback)
};

// One canonical field: where its value comes from and how to read it.
struct FieldSpec {
  std::string name;  // canonical name, e.g. "start"
  FieldType type = FieldType::kText;
  std::string column;  // source column; empty when the field has only a [defaults] value
  bool required = false;
  std::vector<std::string> formats;                  // kDate: strptime-like patterns
  std::unordered_map<std::string, std::string> map;  // lower-cased trimmed source value -> value
  std::string default_value;                         // from [defaults]; used when the cell is blank
  int scale = 0;  // kScore: the top of the scale (5 for 1-5, 10 for 1-10)
  // Text fields: the column holds a pseudonym a partner made (`cairn pseudonymise`), such as an
  // address pseudonymised before sending. Anything else in it is rejected, never stored or quoted:
  // it may be the identifier itself.
  bool pseudonym = false;
};

// A marker set when any of its columns holds a truthy value.
struct MarkerSpec {
  Marker bit;
  std::string name;
  std::vector<std::string> columns;
  std::vector<std::string> truthy;  // lower-cased; default y, yes, true, 1
};

// One [[people]] group: a person involved in each row.
struct PersonSpec {
  bool has_role = false;
  Role role = Role::kVictim;
  std::vector<std::string> link;         // identifier columns hashed into one pseudonym
  std::vector<std::string> identifiers;  // further identifier columns: checked to exist, never read
  std::string pseudonym;                 // a column already pseudonymised (64 hex characters)
  std::string age_column;
  std::string sex_column;
  std::unordered_map<std::string, std::string>
      sex_map;  // lower-cased source value -> female|male|unknown
};

// One population column: a count of residents of one sex and age band.
struct PopulationColumn {
  std::string column;
  std::string sex;       // all | female | male
  std::string age_band;  // all | "0-4" | ... | "85+"
};

// A figures column's period when its heading names it ("(mid-2018)").
inline constexpr const char* kPeriodFromHeading = "from-heading";

// One figures column: a measure, for the table's period unless the column names its own.
struct FigureColumn {
  std::string column;
  std::string measure;  // e.g. "homicide"
  std::string period;   // empty: the table's period
};

struct Profile {
  std::string path;  // as given to LoadProfile, for messages
  ProfileKind kind = ProfileKind::kEvents;
  FileFormat format = FileFormat::kCsv;
  std::string sheet;  // xlsx: a sheet name or "#N"; empty = the first sheet
  char delimiter = ',';
  bool windows_1252 = false;
  int header_row = 1;
  // The header is the first row holding all these names (title rows above it are skipped);
  // empty = `header_row`.
  std::vector<std::string> find_header;
  // Rows that name the columns, ending at the header row: 2 names each column "upper / lower",
  // with a merged upper cell naming every column it spans.
  int header_rows = 1;
  // Figures: the level of the areas ("force" or "district"), and the table's period: fixed, or
  // read from the title rows above the header (then from the file name).
  std::string figure_level;
  std::string figure_period;
  TitlePeriod period_from_title = TitlePeriod::kNone;
  std::vector<FigureColumn> figures;
  std::vector<FieldSpec> fields;  // every field with a column or a default
  std::vector<MarkerSpec> markers;
  std::vector<PersonSpec> people;
  std::vector<PopulationColumn> population;
  std::shared_ptr<const OffenceCodes> offence_codes;  // set when offence_code is mapped

  // The field named `name`, or nullptr if the profile does not map it.
  const FieldSpec* Field(std::string_view name) const {
    for (const auto& f : fields)
      if (f.name == name) return &f;
    return nullptr;
  }
};

const char* ProfileKindName(ProfileKind kind);  // "events", ...

}  // namespace cairn
