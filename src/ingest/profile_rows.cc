// Row conversion for profile-driven ingest. Each data row is checked field by field in the order
// the canonical record needs them; the first problem becomes the row's one Reject, e.g.
//   line 7, column "CommittedFrom", value "31/02/2023":
//     "31/02/2023" is not a valid date (expected dd/mm/yyyy HH:MM)
// and nothing of that row reaches the batch. A row that passes is committed whole: the event with
// its markers and people, or the referral, outcome, area or population counts.
#include "ingest/profile_rows.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <initializer_list>

#include "ingest/xlsx.h"
#include "util/dates.h"
#include "util/published_table.h"
#include "util/strings.h"

namespace cairn {

namespace {

constexpr size_t kMaxValueChars = 10000;

std::string Quoted(std::string_view value) {
  std::string out = "\"";
  out += Abbreviate(value);
  out += '"';
  return out;
}

size_t CharCount(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// "%d/%m/%Y %H:%M" -> "dd/mm/yyyy HH:MM".
std::string HumanPattern(std::string_view pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%' || i + 1 >= pattern.size()) {
      out.push_back(pattern[i]);
      continue;
    }
    switch (pattern[++i]) {
      case 'd':
        out += "dd";
        break;
      case 'm':
        out += "mm";
        break;
      case 'Y':
        out += "yyyy";
        break;
      case 'y':
        out += "yy";
        break;
      case 'H':
        out += "HH";
        break;
      case 'M':
        out += "MM";
        break;
      case 'S':
        out += "SS";
        break;
      case 'b':
        out += "Mon";
        break;
      default:
        out.push_back(pattern[i]);
    }
  }
  return out;
}

std::string DescribePatterns(const std::vector<std::string>& patterns) {
  if (&patterns == &DefaultDatePatterns()) return "dd/mm/yyyy HH:MM, dd/mm/yyyy or yyyy-mm-dd";
  std::vector<std::string> human;
  for (const auto& p : patterns) human.push_back(HumanPattern(p));
  if (human.size() == 1) return human[0];
  std::string last = human.back();
  human.pop_back();
  return Join(human, ", ") + " or " + last;
}

bool IsLsoaCode(std::string_view code) {
  if (code.size() != 9 || (code[0] != 'E' && code[0] != 'W') || code[1] != '0' || code[2] != '1')
    return false;
  for (size_t i = 3; i < 9; ++i)
    if (code[i] < '0' || code[i] > '9') return false;
  return true;
}

std::string UpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::optional<Sex> BuiltInSex(std::string_view value) {
  std::string l = ToLower(value);
  if (l == "f" || l == "female") return Sex::kFemale;
  if (l == "m" || l == "male") return Sex::kMale;
  if (l == "u" || l == "unknown" || l == "not known") return Sex::kUnknown;
  return std::nullopt;
}

std::string FormatDegrees(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

std::string FormatLimit(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

bool InsideGreatBritain(double longitude, double latitude) {
  return longitude >= -8.7 && longitude <= 1.8 && latitude >= 49.8 && latitude <= 60.9;
}

bool SameArea(const AreaRecord& a, const AreaRecord& b) {
  return a.lsoa_name == b.lsoa_name && a.district_code == b.district_code &&
         a.district_name == b.district_name && a.csp == b.csp && a.rural_urban == b.rural_urban &&
         a.imd_rank == b.imd_rank && a.imd_decile == b.imd_decile;
}

void AddUnique(std::vector<std::string>* out, const std::string& column) {
  if (!column.empty() && std::find(out->begin(), out->end(), column) == out->end())
    out->push_back(column);
}

}  // namespace

std::vector<std::string> NamedColumns(const Profile& profile) {
  std::vector<std::string> out;
  for (const auto& f : profile.fields) AddUnique(&out, f.column);
  for (const auto& m : profile.markers)
    for (const auto& c : m.columns) AddUnique(&out, c);
  for (const auto& p : profile.people) {
    for (const auto& c : p.link) AddUnique(&out, c);
    for (const auto& c : p.identifiers) AddUnique(&out, c);
    AddUnique(&out, p.pseudonym);
    AddUnique(&out, p.age_column);
    AddUnique(&out, p.sex_column);
  }
  for (const auto& c : profile.population) AddUnique(&out, c.column);
  for (const auto& c : profile.figures) AddUnique(&out, c.column);
  return out;
}

HeaderIndex::HeaderIndex(const std::vector<std::string>& header) : size_(header.size()) {
  for (size_t col = 0; col < header.size(); ++col) {
    std::string name(Trim(header[col]));
    exact_.try_emplace(name, static_cast<int>(col));
    lower_.try_emplace(ToLower(name), static_cast<int>(col));
    lower_names_.push_back(ToLower(name));
  }
}

int HeaderIndex::Find(const std::string& column) const {
  std::string name(Trim(column));
  if (auto it = exact_.find(name); it != exact_.end()) return it->second;
  if (auto it = lower_.find(ToLower(name)); it != lower_.end()) return it->second;
  std::vector<int> matches = PrefixMatches(name);
  return matches.size() == 1 ? matches[0] : -1;  // two headings with the prefix: which is unknown
}

std::vector<int> HeaderIndex::PrefixMatches(const std::string& column) const {
  std::string name(Trim(column));
  std::vector<int> matches;
  if (name.size() < 2 || name.back() != '*') return matches;
  const std::string prefix = ToLower(Trim(std::string_view(name).substr(0, name.size() - 1)));
  for (size_t col = 0; col < lower_names_.size(); ++col)
    if (StartsWith(lower_names_[col], prefix)) matches.push_back(static_cast<int>(col));
  return matches;
}

RowConverter::RowConverter(const Profile& profile, const std::vector<std::string>& header,
                           const PartnershipKey* key, Batch* batch)
    : profile_(profile), key_(key), batch_(batch), header_(header) {
  for (const auto& name : header) header_names_.emplace_back(Trim(name));
  identifier_col_.assign(header.size(), false);
  for (const auto& person : profile.people) {
    std::vector<std::string> ids = person.link;
    ids.insert(ids.end(), person.identifiers.begin(), person.identifiers.end());
    if (!person.pseudonym.empty()) ids.push_back(person.pseudonym);
    for (const auto& column : ids)
      if (int col = header_.Find(column); col >= 0) identifier_col_[col] = true;
  }
  // A premises column holds an address (or the partner's pseudonym of one): an identifier too.
  if (const FieldSpec* premises = profile.Field("premises"); premises && !premises->column.empty())
    if (int col = header_.Find(premises->column); col >= 0) identifier_col_[col] = true;
  for (const auto& column : NamedColumns(profile)) {
    int col = header_.Find(column);
    if (col >= 0) used_columns_.push_back({col, header_names_[col], identifier_col_[col]});
  }
  for (const auto& person : profile.people) {
    PersonBinding binding{&person, {}};
    for (const auto& column : person.link) binding.link_cols.push_back(header_.Find(column));
    if (!person.pseudonym.empty()) binding.pseudonym_col = header_.Find(person.pseudonym);
    if (!person.age_column.empty()) binding.age_col = header_.Find(person.age_column);
    if (!person.sex_column.empty()) binding.sex_col = header_.Find(person.sex_column);
    people_.push_back(std::move(binding));
  }
  for (const auto& marker : profile.markers) {
    MarkerBinding binding{marker.bit, {}, &marker.truthy};
    for (const auto& column : marker.columns) {
      binding.cols.push_back(header_.Find(column));
      NoteIfIdentifier(binding.cols.back(), "marker " + Quoted(marker.name), column);
    }
    markers_.push_back(std::move(binding));
  }
  for (const auto& column : profile.population)
    population_.emplace_back(header_.Find(column.column), &column);
  std::sort(population_.begin(), population_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });  // file order
  for (const auto& column : profile.figures) {
    figure_columns_.emplace_back(header_.Find(column.column), &column);
    figure_periods_.push_back(column.period);
  }

  using FieldBinding = std::pair<Bound*, const char*>;
  for (auto [bound, name] :
       std::initializer_list<FieldBinding>{{&event_kind_, "event_kind"},
                                           {&reference_, "reference"},
                                           {&start_, "start"},
                                           {&end_, "end"},
                                           {&month_, "month"},
                                           {&longitude_, "longitude"},
                                           {&latitude_, "latitude"},
                                           {&easting_, "easting"},
                                           {&northing_, "northing"},
                                           {&location_, "location"},
                                           {&lsoa_code_, "lsoa_code"},
                                           {&lsoa_name_, "lsoa_name"},
                                           {&category_, "category"},
                                           {&offence_code_, "offence_code"},
                                           {&outcome_, "outcome"},
                                           {&context_, "context"},
                                           {&weapon_, "weapon"},
                                           {&force_, "force"},
                                           {&reported_by_, "reported_by"},
                                           {&programme_, "programme"},
                                           {&agency_, "agency"},
                                           {&referred_, "referred"},
                                           {&started_, "started"},
                                           {&ended_, "ended"},
                                           {&date_, "date"},
                                           {&outcome_type_, "outcome_type"},
                                           {&district_code_, "district_code"},
                                           {&district_name_, "district_name"},
                                           {&csp_, "csp"},
                                           {&rural_urban_, "rural_urban"},
                                           {&imd_rank_, "imd_rank"},
                                           {&imd_decile_, "imd_decile"},
                                           {&area_code_, "area_code"},
                                           {&area_name_, "area_name"},
                                           {&csp_code_, "csp_code"},
                                           {&csp_name_, "csp_name"},
                                           {&force_code_, "force_code"},
                                           {&force_name_, "force_name"},
                                           {&course_, "course"},
                                           {&understanding_before_, "understanding_before"},
                                           {&understanding_after_, "understanding_after"},
                                           {&feedback_, "feedback"}}) {
    *bound = Bind(name);
    if (*bound) NoteIfIdentifier(bound->col, "field " + Quoted(name), bound->spec->column);
  }
  premises_ = Bind("premises");

  using std::chrono::duration_cast;
  const int64_t today =
      duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count() /
      86400;
  earliest_minute_ = DaysFromCivil(1900, 1, 1) * 1440;
  latest_minute_ = (today + 2) * 1440 - 1;  // the end of tomorrow, for clocks and time zones
  latest_date_ = FormatDate((today + 1) * 1440);
}

RowConverter::~RowConverter() = default;

// The profile check compares names; this one compares the columns the mapping really reads (found
// as HeaderIndex finds them, ignoring case), so no spelling of an identifier column is ever stored.
void RowConverter::NoteIfIdentifier(int col, const std::string& what, const std::string& column) {
  if (col < 0 || !identifier_col_[col]) return;
  stored_identifiers_.push_back(what + " reads column " + Quoted(column) +
                                ", which is the column " + Quoted(header_names_[col]) +
                                " that [[people]] names as an identifier");
}

Status RowConverter::Init() {
  if (!stored_identifiers_.empty())
    return Status::Invalid(
        "the profile would store an identifier in clear: " + Join(stored_identifiers_, "; ") +
        ". An identifier only feeds a pseudonym; map the field to another column or remove it");
  // A column whose heading names its period ("Population figures (mid-2018) rounded to 100"): the
  // figure keeps the table's period and its measure says which mid-year or year it is of
  // ("population-rounded-mid-2018"), so each edition's figure stays with its edition.
  for (size_t i = 0; i < figure_columns_.size(); ++i) {
    figure_measures_.push_back(figure_columns_[i].second->measure);
    if (figure_periods_[i] != kPeriodFromHeading) continue;
    const std::string& heading = header_names_[figure_columns_[i].first];
    std::string of = YearEndingFrom(heading);
    if (of.empty() && !MidYearFrom(heading).empty()) of = "mid-" + MidYearFrom(heading);
    if (of.empty())
      return Status::Invalid("column \"" + heading +
                             "\" names no period (\"mid-2018\" or \"year ending March 2019\"), "
                             "but the profile reads its period from the heading");
    figure_measures_[i] += "-" + of;
    figure_periods_[i].clear();
  }
  if (!easting_) return Status::Ok();
  auto grid = BngToLonLat();
  if (!grid.ok()) return grid.status();
  grid_ = std::move(grid).value();
  return Status::Ok();
}

RowConverter::Bound RowConverter::Bind(const char* field) const {
  Bound bound;
  bound.spec = profile_.Field(field);
  if (bound.spec && !bound.spec->column.empty()) bound.col = header_.Find(bound.spec->column);
  return bound;
}

std::string_view RowConverter::Cell(int col) const {
  if (col < 0 || static_cast<size_t>(col) >= record_->fields.size()) return {};
  return Trim(record_->fields[col]);
}

std::string_view RowConverter::Value(const Bound& f) const {
  if (!f) return {};
  std::string_view value = Cell(f.col);
  return value.empty() ? std::string_view(f.spec->default_value) : value;
}

bool RowConverter::RejectValue(int col, std::string_view value, const std::string& predicate) {
  if (col >= 0 && identifier_col_[col]) return RejectRow(col, value, "the value " + predicate);
  return RejectRow(col, value, Quoted(value) + " " + predicate);
}

bool RowConverter::RejectRow(int col, std::string_view value, const std::string& reason) {
  ::cairn::Reject reject;
  reject.line = record_->line;
  if (col >= 0) reject.column = header_names_[col];
  if (col >= 0 && identifier_col_[col]) {
    reject.reason = value.empty() ? reason : reason + " (identifier, not shown)";
  } else {
    reject.value = Abbreviate(value);
    reject.reason = reason;
  }
  batch_->rejects.push_back(std::move(reject));
  return false;
}

bool RowConverter::RejectUnreadableCell(const CsvRecord& record, int col, const std::string& why) {
  const bool read = std::any_of(used_columns_.begin(), used_columns_.end(),
                                [&](const UsedColumn& used) { return used.col == col; });
  if (!read) return false;
  record_ = &record;
  ++batch_->rows_read;
  return !RejectRow(col, "", "cell " + XlsxCellName(record.line, col) + " " + why);
}

void RowConverter::Convert(const CsvRecord& record) {
  record_ = &record;
  if (!IsTableRow()) {
    ++not_table_rows_;
    return;
  }
  ++batch_->rows_read;
  if (!CheckFieldCount() || !CheckLengths() || !CheckNoNul()) return;
  switch (profile_.kind) {
    case ProfileKind::kEvents:
      ConvertEvent();
      break;
    case ProfileKind::kReferrals:
      ConvertReferral();
      break;
    case ProfileKind::kOutcomes:
      ConvertOutcome();
      break;
    case ProfileKind::kTraining:
      ConvertTraining();
      break;
    case ProfileKind::kAreas:
      ConvertArea();
      break;
    case ProfileKind::kPopulation:
      ConvertPopulation();
      break;
    case ProfileKind::kFigures:
      ConvertFigures();
      break;
    case ProfileKind::kDistrictLookup:
      ConvertDistrictLink();
      break;
  }
}

// A published table's notes, sub-headings and blank spacer rows are not data: a figures row names
// an area and has at least one figure cell filled; a lookup row names a district.
bool RowConverter::IsTableRow() const {
  if (profile_.kind == ProfileKind::kDistrictLookup)
    return std::any_of(used_columns_.begin(), used_columns_.end(),
                       [&](const UsedColumn& used) { return !Trim(Cell(used.col)).empty(); });
  if (profile_.kind != ProfileKind::kFigures) return true;
  if (Value(area_code_).empty() && Value(area_name_).empty()) return false;
  return std::any_of(figure_columns_.begin(), figure_columns_.end(),
                     [&](const auto& column) { return !Trim(Cell(column.first)).empty(); });
}

bool RowConverter::ConvertFigures() {
  std::string code(Value(area_code_));
  if (!code.empty() && !IsAreaCode(code))
    return RejectValue(area_code_.col, code,
                       "is not an ONS area code (a letter and eight digits, e.g. E23000002)");
  std::string name = PublishedName(Value(area_name_));
  std::vector<AreaFigure> figures;
  for (size_t i = 0; i < figure_columns_.size(); ++i) {
    const int col = figure_columns_[i].first;
    std::string_view cell = Trim(Cell(col));
    const std::string& period = figure_periods_[i].empty() ? table_period_ : figure_periods_[i];
    AreaFigure f{profile_.figure_level, code, name, figure_measures_[i], period, std::nullopt};
    if (IsMissingFigure(cell) || cell.empty()) {
      ++missing_figures_;
    } else if (std::optional<double> value = ParseFigure(cell); value && std::isfinite(*value)) {
      f.value = *value;
    } else {
      return RejectValue(col, cell,
                         "is not a figure (a number, or a missing-value mark such as .. or [x])");
    }
    figures.push_back(std::move(f));
  }
  batch_->figures.insert(batch_->figures.end(), std::make_move_iterator(figures.begin()),
                         std::make_move_iterator(figures.end()));
  return true;
}

bool RowConverter::ConvertDistrictLink() {
  DistrictLink link{std::string(Value(district_code_)), PublishedName(Value(district_name_)),
                    std::string(Value(csp_code_)),      PublishedName(Value(csp_name_)),
                    std::string(Value(force_code_)),    PublishedName(Value(force_name_))};
  if (link.district_code.empty())
    return RejectRow(district_code_.col, "", "blank (a district code is expected)");
  for (const auto* field : {&district_code_, &csp_code_, &force_code_}) {
    std::string_view value = Value(*field);
    if (*field && !value.empty() && !IsAreaCode(value))
      return RejectValue(field->col, value,
                         "is not an ONS area code (a letter and eight digits, e.g. E06000063)");
  }
  if (link.force_code.empty())
    return RejectRow(force_code_.col, "", "blank (a force code is expected)");
  batch_->district_links.push_back(std::move(link));
  return true;
}

// Fewer fields than the header: a truncated row, or a missing delimiter. More: usually an unquoted
// delimiter inside a value. Trailing empty fields (a delimiter at the end of every line) are fine.
bool RowConverter::CheckFieldCount() {
  const size_t expected = header_names_.size(), found = record_->fields.size();
  if (found == expected) return true;
  if (found > expected) {
    bool extras_blank = true;
    for (size_t i = expected; i < found; ++i) extras_blank &= Trim(record_->fields[i]).empty();
    if (extras_blank) return true;
  }
  std::string reason =
      "expected " + std::to_string(expected) + " fields, found " + std::to_string(found);
  reason += found < expected ? " (a truncated row or an unquoted comma?)"
                             : " (an unquoted delimiter inside a value?)";
  return RejectRow(-1, "", reason);
}

bool RowConverter::CheckLengths() {
  for (const auto& used : used_columns_) {
    std::string_view value = record_->fields[used.col];
    if (value.size() <= kMaxValueChars) continue;
    size_t chars = CharCount(value);
    if (chars <= kMaxValueChars) continue;
    return RejectRow(used.col, value,
                     "value is " + WithCommas(static_cast<int64_t>(chars)) +
                         " characters long; at most " +
                         WithCommas(static_cast<int64_t>(kMaxValueChars)) + " expected");
  }
  return true;
}

bool RowConverter::CheckNoNul() {
  const int col = FieldWithNul(*record_);
  if (col < 0) return true;
  const bool named = static_cast<size_t>(col) < header_names_.size();
  return RejectRow(named ? col : -1, "",
                   "holds a NUL byte (\\0), which text never does (is the file damaged?)");
}

bool RowConverter::Required(const Bound& f, std::string_view value) {
  if (!value.empty() || !f || !f.spec->required) return true;
  return RejectRow(f.col, "", "required value is blank");
}

bool RowConverter::Text(const Bound& f, std::string* out) {
  out->clear();
  std::string_view value = Value(f);
  if (!Required(f, value)) return false;
  if (!f.spec || value.empty()) return true;
  if (f.spec->pseudonym) {
    Pseudonym unused;
    if (!PseudonymFromHex(value, &unused))
      return RejectRow(f.col, "",
                       "is not a pseudonym (expected 64 hexadecimal characters, as written by "
                       "cairn pseudonymise; the value is not shown, as it may be the identifier "
                       "itself)");
  }
  if (!f.spec->map.empty()) {
    auto it = f.spec->map.find(ToLower(value));
    if (it != f.spec->map.end()) value = it->second;
  }
  out->assign(value);
  return true;
}

bool RowConverter::Premises(std::string* out) {
  out->clear();
  std::string_view value = Value(premises_);
  if (!premises_ || value.empty()) return true;
  Pseudonym pseudonym;
  if (premises_.spec->pseudonym) {
    if (!PseudonymFromHex(value, &pseudonym))
      return RejectRow(premises_.col, "",
                       "is not a pseudonym (expected 64 hexadecimal characters, as written by "
                       "cairn pseudonymise; the value is not shown, as it may be the address "
                       "itself)");
  } else {
    const std::vector<std::string_view> values = {value};
    if (AllBlank(values)) return true;  // "Unknown", "N/A": no premises rather than one for all
    pseudonym = MakePseudonym(*key_, values);
  }
  *out = PseudonymToHex(pseudonym);
  return true;
}

bool RowConverter::Date(const Bound& f, int64_t* minutes) {
  *minutes = kNoTime;
  std::string_view value = Value(f);
  if (!Required(f, value)) return false;
  if (value.empty()) return true;
  const auto& patterns = f.spec->formats.empty() ? DefaultDatePatterns() : f.spec->formats;
  std::optional<int64_t> parsed = ParseDateTime(value, patterns);
  if (!parsed)
    return RejectValue(f.col, value,
                       "is not a valid date (expected " + DescribePatterns(patterns) + ")");
  if (*parsed < earliest_minute_) return RejectValue(f.col, value, "is before 1900-01-01");
  if (*parsed > latest_minute_)
    return RejectValue(f.col, value,
                       "is in the future (the latest date accepted is " + latest_date_ + ")");
  *minutes = *parsed;
  return true;
}

bool RowConverter::EndNotBeforeStart(const Bound& start_field, int64_t start,
                                     const Bound& end_field, int64_t end) {
  if (start == kNoTime || end == kNoTime || end >= start) return true;
  const int start_col = start_field.col;
  if (start_col < 0 || identifier_col_[start_col])
    return RejectValue(end_field.col, Value(end_field), "is before the start");
  return RejectValue(end_field.col, Value(end_field),
                     "is before the start " + Quoted(Value(start_field)) + " in column \"" +
                         header_names_[start_col] + "\"");
}

bool RowConverter::Month(const Bound& f, int32_t* month) {
  *month = kNoMonth;
  std::string_view value = Value(f);
  if (!Required(f, value)) return false;
  if (value.empty()) return true;
  std::optional<int32_t> parsed = ParseMonth(value);
  if (!parsed) return RejectValue(f.col, value, WhyNotAMonth(value));
  if (*parsed > MonthOfMinutes(latest_minute_))
    return RejectValue(f.col, value,
                       "is in the future (the latest date accepted is " + latest_date_ + ")");
  *month = *parsed;
  return true;
}

bool RowConverter::Lsoa(const Bound& f, std::string* out) {
  out->clear();
  std::string_view value = Value(f);
  if (!Required(f, value)) return false;
  if (value.empty()) return true;
  std::string code = UpperAscii(value);
  if (!IsLsoaCode(code))
    return RejectValue(f.col, value,
                       "is not an LSOA code (expected E01 or W01 and six digits, e.g. E01000001)");
  *out = std::move(code);
  return true;
}

bool RowConverter::OffenceCodeValue(const Bound& f, std::string* code, std::string* group) {
  code->clear();
  group->clear();
  std::string mapped;
  if (!Text(f, &mapped)) return false;
  if (mapped.empty()) return true;
  const OffenceCode* known = profile_.offence_codes->Find(mapped);
  if (!known)
    return RejectValue(
        f.col, Value(f),
        "is not a Home Office offence code in " + profile_.offence_codes->display_name());
  *code = known->code;
  *group = known->group;
  return true;
}

bool RowConverter::Kind(const Bound& f, EventKind* kind) {
  std::string value;
  if (!Text(f, &value)) return false;
  if (value.empty())
    return RejectRow(f.col, "",
                     "event kind is blank (map it, or set [defaults] event_kind in the profile)");
  std::optional<EventKind> parsed = ParseEventKind(value);
  if (!parsed)
    return RejectValue(f.col, Value(f),
                       "is not an event kind (expected crime, asb, incident, ed_attendance or "
                       "ambulance; map it with event_kind.map in the profile)");
  *kind = *parsed;
  return true;
}

bool RowConverter::OutcomeType(const Bound& f, std::string* out) {
  if (!Text(f, out)) return false;
  if (out->empty()) return true;
  *out = ToLower(*out);
  if (*out == "charge" || *out == "caution" || *out == "conviction") return true;
  return RejectValue(f.col, Value(f),
                     "is not an outcome type (expected charge, caution or conviction; map it with "
                     "outcome_type.map in the profile)");
}

bool RowConverter::Score(const Bound& f, int16_t* out) {
  *out = 0;
  std::string_view value = Value(f);
  if (!Required(f, value)) return false;
  if (!f || value.empty()) return true;
  std::optional<int64_t> score = ParseInt(value);
  if (!score || *score < 1 || *score > f.spec->scale)
    return RejectValue(f.col, value,
                       "is not a score on the scale from 1 to " + std::to_string(f.spec->scale) +
                           " (a whole number expected, or blank)");
  *out = static_cast<int16_t>(*score);
  return true;
}

bool RowConverter::Degrees(const Bound& f, double min, double max, const char* axis, double* out) {
  std::string_view value = Value(f);
  std::optional<double> parsed = ParseDouble(value);
  if (!parsed || !std::isfinite(*parsed)) return RejectValue(f.col, value, "is not a number");
  if (*parsed < min || *parsed > max)
    return RejectValue(f.col, value,
                       std::string("is outside Great Britain (") + axis + " " + FormatLimit(min) +
                           " to " + FormatLimit(max) + " expected)");
  *out = *parsed;
  return true;
}

bool RowConverter::GridMetres(const Bound& f, double max, const char* axis, double* out) {
  std::string_view value = Value(f);
  std::optional<double> parsed = ParseDouble(value);
  if (!parsed || !std::isfinite(*parsed)) return RejectValue(f.col, value, "is not a number");
  if (*parsed < 0 || *parsed > max)
    return RejectValue(f.col, value,
                       std::string("is outside Great Britain (") + axis + " 0 to " +
                           WithCommas(static_cast<int64_t>(max)) + " expected)");
  *out = *parsed;
  return true;
}

// Longitude/latitude when given, else easting/northing converted with PROJ. A pair must be given
// whole or not at all; a point outside Great Britain is a data error, not a location.
bool RowConverter::Coordinates(double* longitude, double* latitude) {
  *longitude = *latitude = NAN;
  for (const Bound* f : {&longitude_, &latitude_, &easting_, &northing_})
    if (*f && !Required(*f, Value(*f))) return false;
  auto pair_given = [&](const Bound& a, const Bound& b) -> std::optional<bool> {
    if (!a) return false;
    bool has_a = !Value(a).empty(), has_b = !Value(b).empty();
    if (has_a == has_b) return has_a;
    const Bound& blank = has_a ? b : a;
    const Bound& given = has_a ? a : b;
    RejectRow(blank.col, "",
              "blank, but " + given.spec->name + " is given (both or neither expected)");
    return std::nullopt;
  };
  std::optional<bool> degrees = pair_given(longitude_, latitude_);
  if (!degrees) return false;
  if (*degrees)
    return Degrees(longitude_, -8.7, 1.8, "longitude", longitude) &&
           Degrees(latitude_, 49.8, 60.9, "latitude", latitude);
  std::optional<bool> grid = pair_given(easting_, northing_);
  if (!grid) return false;
  if (!*grid) return true;
  double easting = 0, northing = 0;
  if (!GridMetres(easting_, 700000, "easting", &easting) ||
      !GridMetres(northing_, 1300000, "northing", &northing))
    return false;
  std::string pair = std::string(Value(easting_)) + ", " + std::string(Value(northing_));
  if (!grid_->Project(easting, northing, longitude, latitude))
    return RejectRow(easting_.col, pair,
                     "easting, northing " + pair + " cannot be converted to longitude/latitude");
  if (!InsideGreatBritain(*longitude, *latitude)) {
    std::string where =
        "longitude " + FormatDegrees(*longitude) + ", latitude " + FormatDegrees(*latitude);
    *longitude = *latitude = NAN;
    return RejectRow(easting_.col, pair,
                     "easting, northing " + pair + " lies outside Great Britain (" + where + ")");
  }
  return true;
}

bool RowConverter::Person(const PersonBinding& binding, PersonValue* out) {
  *out = PersonValue();
  if (binding.pseudonym_col >= 0) {
    std::string_view value = Cell(binding.pseudonym_col);
    if (value.empty()) return true;
    if (!PseudonymFromHex(value, &out->pseudonym))
      return RejectValue(binding.pseudonym_col, value,
                         "is not a pseudonym (expected 64 hexadecimal characters, as written by "
                         "cairn pseudonymise)");
  } else {
    std::vector<std::string_view> values;
    for (int col : binding.link_cols) values.push_back(Cell(col));
    if (AllBlank(values)) return true;
    out->pseudonym = MakePseudonym(*key_, values);
  }
  out->present = true;
  if (std::string_view age = Cell(binding.age_col); !age.empty()) {
    std::optional<int64_t> years = ParseInt(age);
    if (!years || *years < 0 || *years > 120)
      return RejectValue(binding.age_col, age,
                         "is not an age (whole years from 0 to 120 expected)");
    out->age = static_cast<int16_t>(*years);
  }
  if (std::string_view sex = Cell(binding.sex_col); !sex.empty()) {
    std::string canonical(sex);
    auto it = binding.spec->sex_map.find(ToLower(sex));
    if (it != binding.spec->sex_map.end()) canonical = it->second;
    std::optional<Sex> parsed = BuiltInSex(canonical);
    if (!parsed)
      return RejectValue(
          binding.sex_col, sex,
          "is not a sex the profile knows (expected F, M or U, or add it to sex.map)");
    out->sex = *parsed;
  }
  return true;
}

// Referrals and outcomes are about a person; a row that identifies nobody is rejected.
bool RowConverter::RequirePerson(const PersonBinding& binding, PersonValue* out) {
  if (!Person(binding, out)) return false;
  if (out->present) return true;
  if (binding.pseudonym_col >= 0)
    return RejectRow(binding.pseudonym_col, "", "blank: the row identifies no person");
  return RejectRow(
      binding.link_cols.front(), "",
      "blank: the row identifies no person (" + Join(binding.spec->link, ", ") + " are all blank)");
}

// A flag is set by a truthy value; blank and the usual false values leave it unset. Anything else
// ("maybe") also leaves it unset, but is counted for a finding, so it is not taken as "no" without
// a word.
uint16_t RowConverter::Markers() {
  static const std::vector<std::string> kFalsy = {"n", "no", "false", "0"};
  auto any_of = [](std::string_view value, const std::vector<std::string>& list) {
    return std::any_of(list.begin(), list.end(),
                       [&](const std::string& item) { return EqualsIgnoreCase(value, item); });
  };
  uint16_t bits = 0;
  for (const auto& marker : markers_) {
    for (int col : marker.cols) {
      std::string_view value = Cell(col);
      if (value.empty()) continue;
      if (any_of(value, *marker.truthy)) {
        bits |= marker.bit;
      } else if (!any_of(value, kFalsy) && unclear_flags_++ == 0) {
        unclear_flag_col_ = col;
        unclear_flag_line_ = record_->line;
        unclear_flag_value_ = std::string(value);
        unclear_flag_truthy_ = marker.truthy;
      }
    }
  }
  return bits;
}

void RowConverter::ReportUnclearFlags() {
  if (unclear_flags_ == 0) return;
  const std::string example = identifier_col_[unclear_flag_col_] ? "an identifier, not shown,"
                                                                 : Quoted(unclear_flag_value_);
  batch_->findings.push_back(
      WithCommas(unclear_flags_) + (unclear_flags_ == 1 ? " flag value is" : " flag values are") +
      " neither true (" + Join(*unclear_flag_truthy_, ", ") +
      ") nor false (n, no, false, 0) nor blank (e.g. " + example + " in column \"" +
      header_names_[unclear_flag_col_] + "\" on line " + std::to_string(unclear_flag_line_) +
      "); they were counted as not set (add them to the marker's truthy list if they mean yes)");
}

MonthsCovered CoveredMonths(const std::map<int32_t, int64_t>& rows_by_month, bool judge_edges) {
  MonthsCovered c;
  if (rows_by_month.empty()) return c;
  std::vector<int64_t> counts;
  for (const auto& [month, n] : rows_by_month) counts.push_back(n);
  std::nth_element(counts.begin(), counts.begin() + counts.size() / 2, counts.end());
  const int64_t median = counts[counts.size() / 2];
  // Too few rows a month to tell a stray record from a quiet month: every month is the file's.
  const bool judged = judge_edges && median >= kFewestRowsToJudge;
  auto stray = [&](int64_t n) { return judged && n * 10 < median; };
  auto begin = rows_by_month.begin();
  auto end = rows_by_month.end();
  while (begin != end && stray(begin->second)) c.stray.push_back((begin++)->first);
  while (begin != end && stray(std::prev(end)->second)) c.stray.push_back((--end)->first);
  if (begin == end) return c;  // cannot happen: the median month is not stray
  c.first = begin->first;
  c.last = std::prev(end)->first;
  std::sort(c.stray.begin(), c.stray.end());
  return c;
}

void RowConverter::NoteMonth(int32_t month) {
  if (month == kNoMonth) return;
  if (!last_noted_rows_ || last_noted_ != month) {
    last_noted_ = month;
    last_noted_rows_ = &month_rows_[month];
  }
  ++*last_noted_rows_;
}

bool RowConverter::ConvertEvent() {
  EventKind kind = EventKind::kCrime;
  if (!Kind(event_kind_, &kind)) return false;
  int64_t start = kNoTime, end = kNoTime;
  if (!Date(start_, &start) || !Date(end_, &end) || !EndNotBeforeStart(start_, start, end_, end))
    return false;
  int32_t month = MonthOfMinutes(start);
  if (month == kNoMonth && !Month(month_, &month)) return false;
  double longitude = NAN, latitude = NAN;
  if (!Coordinates(&longitude, &latitude)) return false;
  std::string reference, location, lsoa, lsoa_name, category, outcome, context, weapon, force,
      reported_by, code, group;
  if (!Text(reference_, &reference) || !Text(location_, &location) || !Lsoa(lsoa_code_, &lsoa) ||
      !Text(lsoa_name_, &lsoa_name) || !Text(category_, &category) ||
      !OffenceCodeValue(offence_code_, &code, &group) || !Text(outcome_, &outcome) ||
      !Text(context_, &context) || !Text(weapon_, &weapon) || !Text(force_, &force) ||
      !Text(reported_by_, &reported_by))
    return false;
  if (premises_ && !Premises(&location)) return false;  // a premises is the event's location
  std::vector<std::pair<const PersonBinding*, PersonValue>> people;
  for (const auto& binding : people_) {
    PersonValue person;
    if (!Person(binding, &person)) return false;
    if (person.present) people.emplace_back(&binding, person);
  }

  EventColumns& events = batch_->events;
  const size_t row = events.size();
  events.AppendEmptyRow(kind, static_cast<uint32_t>(record_->line));
  events.month[row] = month;
  events.start_minute[row] = start;
  events.end_minute[row] = end;
  events.longitude[row] = longitude;
  events.latitude[row] = latitude;
  events.markers[row] = Markers();
  events.reference.Set(row, reference);
  events.force.Set(row, force.empty() ? batch_->source : force);
  events.reported_by.Set(row, reported_by);
  events.location.Set(row, location);
  events.lsoa_code.Set(row, lsoa);
  events.lsoa_name.Set(row, lsoa_name);
  events.category.Set(row, category.empty() ? group : category);
  events.offence_code.Set(row, code);
  events.outcome.Set(row, outcome);
  events.context.Set(row, context);
  events.weapon.Set(row, weapon);
  for (const auto& [binding, person] : people) {
    Involvement involvement{static_cast<uint32_t>(row), batch_->AddPerson(person.pseudonym),
                            binding->spec->role, person.age, person.sex};
    batch_->involvements.push_back(involvement);
  }
  NoteMonth(month);
  return true;
}

bool RowConverter::ConvertReferral() {
  Referral referral;
  if (!Text(programme_, &referral.programme) || !Text(agency_, &referral.agency) ||
      !Date(referred_, &referral.referred) || !Date(started_, &referral.started) ||
      !Date(ended_, &referral.ended) ||
      !EndNotBeforeStart(started_, referral.started, ended_, referral.ended) ||
      !Text(outcome_, &referral.outcome))
    return false;
  PersonValue person;
  if (!RequirePerson(people_.front(), &person)) return false;
  referral.person_idx = batch_->AddPerson(person.pseudonym);
  referral.source_line = static_cast<uint32_t>(record_->line);
  NoteMonth(MonthOfMinutes(referral.referred != kNoTime ? referral.referred : referral.started));
  batch_->referrals.push_back(std::move(referral));
  return true;
}

bool RowConverter::ConvertOutcome() {
  JusticeOutcome outcome;
  std::string group;
  if (!Date(date_, &outcome.date) || !OutcomeType(outcome_type_, &outcome.type) ||
      !OffenceCodeValue(offence_code_, &outcome.offence_code, &group))
    return false;
  PersonValue person;
  if (!RequirePerson(people_.front(), &person)) return false;
  outcome.person_idx = batch_->AddPerson(person.pseudonym);
  outcome.source_line = static_cast<uint32_t>(record_->line);
  NoteMonth(MonthOfMinutes(outcome.date));
  batch_->outcomes.push_back(std::move(outcome));
  return true;
}

bool RowConverter::ConvertTraining() {
  TrainingAttendance t;
  if (!Text(agency_, &t.agency) || !Text(course_, &t.course) || !Date(date_, &t.date) ||
      !Score(understanding_before_, &t.before) || !Score(understanding_after_, &t.after) ||
      !Score(feedback_, &t.feedback))
    return false;
  PersonValue attendee;
  if (!RequirePerson(people_.front(), &attendee)) return false;
  t.attendee = attendee.pseudonym;
  if (understanding_before_)
    t.understanding_scale = static_cast<int16_t>(understanding_before_.spec->scale);
  if (understanding_after_)
    t.understanding_scale = static_cast<int16_t>(understanding_after_.spec->scale);
  if (feedback_) t.feedback_scale = static_cast<int16_t>(feedback_.spec->scale);
  t.source_line = static_cast<uint32_t>(record_->line);
  NoteMonth(MonthOfMinutes(t.date));
  batch_->training.push_back(std::move(t));
  return true;
}

bool RowConverter::ConvertArea() {
  AreaRecord area;
  if (!Lsoa(lsoa_code_, &area.lsoa_code) || !Text(lsoa_name_, &area.lsoa_name) ||
      !Text(district_code_, &area.district_code) || !Text(district_name_, &area.district_name) ||
      !Text(csp_, &area.csp) || !Text(rural_urban_, &area.rural_urban))
    return false;
  if (std::string_view rank = Value(imd_rank_); !rank.empty()) {
    std::optional<int64_t> parsed = ParseInt(rank, /*allow_commas=*/true);
    if (!parsed || *parsed < 1)
      return RejectValue(imd_rank_.col, rank,
                         "is not a rank (a whole number of 1 or more expected)");
    area.imd_rank = *parsed;
  } else if (!Required(imd_rank_, rank)) {
    return false;
  }
  if (std::string_view decile = Value(imd_decile_); !decile.empty()) {
    std::optional<int64_t> parsed = ParseInt(decile);
    if (!parsed || *parsed < 1 || *parsed > 10)
      return RejectValue(imd_decile_.col, decile, "is not a decile (1 to 10 expected)");
    area.imd_decile = static_cast<int>(*parsed);
  } else if (!Required(imd_decile_, decile)) {
    return false;
  }
  auto [it, inserted] = area_rows_.try_emplace(area.lsoa_code, batch_->areas.size(), record_->line);
  if (!inserted) {
    if (!SameArea(batch_->areas[it->second.first], area))
      return RejectValue(lsoa_code_.col, area.lsoa_code,
                         "appears again with different values (first on line " +
                             std::to_string(it->second.second) + ")");
    if (repeated_areas_++ == 0) repeated_area_example_ = area.lsoa_code;
    return true;
  }
  batch_->areas.push_back(std::move(area));
  return true;
}

bool RowConverter::ConvertPopulation() {
  std::string lsoa;
  if (!Lsoa(lsoa_code_, &lsoa)) return false;
  std::vector<AreaPopulation> counts;
  for (const auto& [col, column] : population_) {
    std::string_view value = Cell(col);
    if (value.empty()) return RejectRow(col, "", "blank (a population count is expected)");
    std::optional<int64_t> count = ParseInt(value, /*allow_commas=*/true);
    if (!count || *count < 0)
      return RejectValue(col, value, "is not a count (a whole number of 0 or more expected)");
    counts.push_back({lsoa, column->sex, column->age_band, *count});
  }
  batch_->populations.insert(batch_->populations.end(), std::make_move_iterator(counts.begin()),
                             std::make_move_iterator(counts.end()));
  return true;
}

void RowConverter::Finish() {
  ReportUnclearFlags();
  if (not_table_rows_ > 0)
    batch_->findings.push_back(WithCommas(not_table_rows_) +
                               (not_table_rows_ == 1 ? " row" : " rows") +
                               " of the published table are not data (title, note or spacer rows: "
                               "no area named, or no figure)");
  if (missing_figures_ > 0)
    batch_->findings.push_back(WithCommas(missing_figures_) +
                               (missing_figures_ == 1 ? " figure is" : " figures are") +
                               " shown as missing in the table (\"..\", \"[x]\", \"NA\" or "
                               "blank); kept as missing, never as 0");
  // Only an event extract's edge months are judged: referral and training logs have naturally
  // quiet months (a programme's first weeks, a course not run), which are months of the file.
  const MonthsCovered covered = profile_.kind == ProfileKind::kEvents
                                    ? CoveredMonths(month_rows_)
                                    : CoveredMonths(month_rows_, /*judge_edges=*/false);
  if (covered.first <= covered.last) {
    batch_->period_from = FormatMonth(covered.first);
    batch_->period_to = FormatMonth(covered.last);
  }
  if (!covered.stray.empty()) {
    std::vector<std::string> months;
    int64_t rows = 0;
    for (int32_t m : covered.stray) {
      months.push_back(FormatMonth(m) + " (" + WithCommas(month_rows_.at(m)) + ")");
      rows += month_rows_.at(m);
    }
    batch_->findings.push_back(
        WithCommas(rows) + (rows == 1 ? " row falls" : " rows fall") + " in " + Join(months, ", ") +
        ", outside the months the file is of (" + batch_->period_from + " to " + batch_->period_to +
        "): kept, but the file is not taken as covering those months, whose counts it would "
        "make look whole");
  }
  if (repeated_areas_ > 0)
    batch_->findings.push_back(WithCommas(repeated_areas_) +
                               (repeated_areas_ == 1 ? " row repeats" : " rows repeat") +
                               " an LSOA already read with identical values (e.g. " +
                               repeated_area_example_ + "); each LSOA is kept once");
  if (profile_.kind != ProfileKind::kEvents || !reference_) return;
  const StringColumn& references = batch_->events.reference;
  std::vector<uint32_t> uses(references.dict().size(), 0);
  for (uint32_t code : references.codes()) ++uses[code];
  long repeated = 0;
  uint32_t example = 0;
  for (uint32_t code = 1; code < uses.size(); ++code) {
    if (uses[code] < 2) continue;
    if (repeated++ == 0) example = code;
  }
  if (repeated > 0)
    batch_->findings.push_back(
        WithCommas(repeated) + (repeated == 1 ? " reference appears" : " references appear") +
        " on more than one row (e.g. \"" + references.dict()[example] + "\" on " +
        std::to_string(uses[example]) + " rows); each row is kept as its own event");
}

}  // namespace cairn
