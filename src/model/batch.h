// Batch: everything one partner extract produced, in canonical form, ready to be committed to the
// store whole or not at all. Ingest builds a Batch; the Store commits it; nothing else writes data.
//
// Events are held column-wise (one vector per field, strings dictionary-encoded), because that is
// how the store keeps them and how analyses read them. Person identifiers never reach a Batch: only
// pseudonyms (32-byte HMAC-SHA256 values) do.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/codes.h"
#include "util/column.h"
#include "util/dates.h"

namespace cairn {

// A dictionary-encoded string column, the one such type: a batch's columns while it is read and
// stored, and the snapshot's (where the codes may be read from the cache file in place). Code 0 is
// always the empty string (missing).
//
// A column may also hold "packed" rows: values appended with AppendDistinct that are 64 lower-case
// hex digits (data.police.uk Crime IDs) are kept as their 32 raw bytes in one flat buffer, not as a
// dictionary entry each, because a national load has millions of them. A packed row's code has
// kPackedBit set and the rest is its index in packed_bytes(); at() must not be used on it (Text()
// works on every row). Only freshly read batches have packed rows: decoded columns never do.
class StringColumn {
 public:
  static constexpr uint32_t kPackedBit = 0x80000000u;
  static constexpr size_t kPackedSize = 32;

  StringColumn() { dict_.emplace_back(); }
  void Append(std::string_view value) { codes_.push_back(Intern(value)); }
  // Appends a value that a code seen before probably stands for (a hint kept by the caller, e.g.
  // an LSOA name by its LSOA code's code; 0 for none): the hint is checked, not trusted, and a
  // wrong one costs only what Append costs. Returns the value's code, the hint for next time.
  uint32_t AppendLike(std::string_view value, uint32_t hint);
  void AppendCode(uint32_t code) { codes_.push_back(code); }
  void Set(size_t row, std::string_view value) { codes_[row] = Intern(value); }
  uint32_t Intern(std::string_view value);
  // Appends a value expected to be unique (e.g. a Crime ID) without indexing it; dictionary entries
  // may then repeat, which readers must tolerate. 64-hex-digit values are packed (see above).
  void AppendDistinct(std::string_view value);
  size_t size() const { return codes_.size(); }
  std::string_view at(size_t row) const { return dict_[codes_[row]]; }
  bool packed(size_t row) const { return (codes_[row] & kPackedBit) != 0; }
  // The row's value as text, packed or not.
  std::string Text(size_t row) const;
  // The 32 bytes of a packed row.
  const uint8_t* PackedValue(size_t row) const {
    return reinterpret_cast<const uint8_t*>(packed_.data()) +
           (codes_[row] & ~kPackedBit) * kPackedSize;
  }
  const std::string& packed_bytes() const { return packed_; }
  // A 64-bit fingerprint of the row's value for finding repeats: 0 for a blank row, otherwise
  // never 0; equal values (packed or not) have equal keys.
  uint64_t RepeatKey(size_t row) const;
  bool SameValue(size_t row_a, size_t row_b) const;
  const std::vector<std::string>& dict() const { return dict_; }
  const Column<uint32_t>& codes() const { return codes_; }
  // The codes, for a builder that fills them itself from codes Intern gave.
  Column<uint32_t>& codes() { return codes_; }
  // The code of a value, if the dictionary holds it (0 for the empty value). Fast once the
  // dictionary is indexed (by Intern, or IndexAll after Assign); a scan otherwise.
  std::optional<uint32_t> Find(std::string_view value) const;
  void IndexAll() { RebuildIndex(dict_.size()); }
  void Reserve(size_t rows, size_t packed_rows = 0);
  // Rebuilds from serialized parts (the store, the snapshot cache); not indexed.
  void Assign(std::vector<std::string> dict, Column<uint32_t> codes);

 private:
  uint32_t Lookup(std::string_view value, uint64_t hash) const;
  void Insert(uint32_t code, uint64_t hash);
  void RebuildIndex(size_t entries);

  std::vector<std::string> dict_;
  Column<uint32_t> codes_;
  std::string packed_;
  // Open-addressing index of dict_: each slot is (hash high 32 bits << 32 | code), 0 when empty.
  // Built lazily, so columns decoded from the store pay nothing until something is interned.
  std::vector<uint64_t> slots_;
  size_t indexed_ = 0;      // dict_ entries before this one are in slots_ (0 never is)
  uint32_t last_code_ = 0;  // consecutive rows often repeat a value (force, month, type)
};

using Pseudonym = std::array<uint8_t, 32>;

// One batch's events. All vectors have the same length; row i of each is event i.
struct EventColumns {
  std::vector<uint8_t> kind;          // EventKind
  std::vector<int32_t> month;         // MonthIndex; kNoMonth if unknown
  std::vector<int64_t> start_minute;  // committed from / arrival (local time); kNoTime if unknown
  std::vector<int64_t> end_minute;    // committed to; kNoTime if unknown
  std::vector<double> longitude;      // WGS84; NaN if unknown
  std::vector<double> latitude;
  std::vector<uint16_t> markers;      // Marker bits
  std::vector<uint32_t> source_line;  // line in the source file, for lineage
  StringColumn reference;             // Crime ID / local reference (not personal data)
  StringColumn force;                 // police.uk "Falls within", or the partner source
  StringColumn reported_by;           // police.uk "Reported by", ED site code
  StringColumn location;              // street-level description ("On or near ...") or place type
  StringColumn lsoa_code;
  StringColumn lsoa_name;
  StringColumn category;      // police.uk crime type or Home Office offence group
  StringColumn offence_code;  // Home Office offence code, e.g. "8N"
  StringColumn outcome;       // last outcome category
  StringColumn context;
  StringColumn weapon;  // assault method (ISTV) / weapon used

  size_t size() const { return kind.size(); }
  void Reserve(size_t rows);
  // Appends a row with every field missing; callers then set the fields they know via back().
  void AppendEmptyRow(EventKind k, uint32_t line);
};

// The event's text columns, declared once, in the order every chunk stores them: the codec, the
// loader's checks and the snapshot read this list (the snapshot's own list, with the names the
// expressions and `query --by` use, is snapshot/frame.h's kTextColumns).
struct EventTextColumn {
  const char* name;
  StringColumn EventColumns::*column;
};
inline constexpr EventTextColumn kEventTextColumns[] = {
    {"reference", &EventColumns::reference},
    {"force", &EventColumns::force},
    {"reported_by", &EventColumns::reported_by},
    {"location", &EventColumns::location},
    {"lsoa_code", &EventColumns::lsoa_code},
    {"lsoa_name", &EventColumns::lsoa_name},
    {"category", &EventColumns::category},
    {"offence_code", &EventColumns::offence_code},
    {"outcome", &EventColumns::outcome},
    {"context", &EventColumns::context},
    {"weapon", &EventColumns::weapon}};

// The event's number columns, declared once, in the order every chunk stores them, each with the
// value a row holds while its field is unknown: the codec, Reserve and AppendEmptyRow read this
// list (the snapshot's own list is snapshot/frame.h's kNumberColumns, which points here).
template <typename T>
struct EventNumberColumn {
  const char* name;
  std::vector<T> EventColumns::*column;
  T missing;
};
inline constexpr auto kEventNumberColumns = std::make_tuple(
    EventNumberColumn<uint8_t>{"kind", &EventColumns::kind,
                               static_cast<uint8_t>(EventKind::kCrime)},
    EventNumberColumn<int32_t>{"month", &EventColumns::month, kNoMonth},
    EventNumberColumn<int64_t>{"start_minute", &EventColumns::start_minute, kNoTime},
    EventNumberColumn<int64_t>{"end_minute", &EventColumns::end_minute, kNoTime},
    EventNumberColumn<double>{"longitude", &EventColumns::longitude,
                              std::numeric_limits<double>::quiet_NaN()},
    EventNumberColumn<double>{"latitude", &EventColumns::latitude,
                              std::numeric_limits<double>::quiet_NaN()},
    EventNumberColumn<uint16_t>{"markers", &EventColumns::markers, uint16_t{0}},
    EventNumberColumn<uint32_t>{"source_line", &EventColumns::source_line, uint32_t{0}});

// Calls visit(entry) for each entry of kEventNumberColumns, in order.
template <typename Visit>
void ForEachEventNumberColumn(Visit&& visit) {
  std::apply([&](const auto&... entry) { (visit(entry), ...); }, kEventNumberColumns);
}

struct Involvement {
  uint32_t event_row;   // row within this batch's EventColumns
  uint32_t person_idx;  // index into Batch::persons
  Role role;
  int16_t age = -1;  // years at the event; -1 unknown
  Sex sex = Sex::kUnknown;
};

struct Referral {
  uint32_t person_idx;
  std::string programme;  // "1CLIC", "Turnaround", "DAPP", "Victim services", "Drug and alcohol"
  std::string agency;
  int64_t referred = INT64_MIN, started = INT64_MIN,
          ended = INT64_MIN;  // minutes; INT64_MIN unknown
  std::string outcome;
  uint32_t source_line = 0;
};

struct JusticeOutcome {
  uint32_t person_idx;
  int64_t date = INT64_MIN;
  std::string type;  // "charge", "caution", "conviction"
  std::string offence_code;
  uint32_t source_line = 0;
};

// One attendance at a training course, from a partnership's training log (`training` profiles).
// The attendee is a professional: their identifier is pseudonymised at ingest with the partnership
// key like every identifier, and the pseudonym is kept here only. Professionals are not people of
// the event data: they have no person row and no involvement, so no list or network can name them.
struct TrainingAttendance {
  Pseudonym attendee{};
  std::string agency, course;
  int64_t date = INT64_MIN;  // minutes; never unknown once loaded
  // Self-assessed understanding before and after the course and the feedback rating, each a whole
  // number from 1 to its scale's top (understanding_scale, feedback_scale); 0 = left blank.
  int16_t before = 0, after = 0, feedback = 0;
  int16_t understanding_scale = 0, feedback_scale = 0;  // 0 when the log has no such column
  uint32_t source_line = 0;
};

// Attributes of one LSOA from one source; empty / -1 means "this source does not say".
struct AreaRecord {
  std::string lsoa_code, lsoa_name, district_code, district_name, csp, rural_urban;
  int64_t imd_rank = -1;
  int imd_decile = -1;
};

// An area's boundary for maps: polygons in British National Grid metres (EPSG:27700). Each ring
// is closed implicitly; holes are rings too (draw with the even-odd rule).
struct AreaShape {
  std::string lsoa_code, lsoa_name;
  std::vector<std::vector<std::pair<double, double>>> rings;  // (easting, northing)
};

struct AreaPopulation {
  std::string lsoa_code;
  std::string sex;       // "all", "female", "male"
  std::string age_band;  // "all", "0-4", "5-9", ..., "85+"
  int64_t population = 0;
};

// One figure of a published table about an area (ONS Police Force Area tables, mid-year
// population estimates): e.g. Cumbria's homicides in the year ending December 2019, or
// Cumberland's residents at mid-2023. `value` is empty where the publisher writes a missing value
// ("..", "[x]", "NA").
struct AreaFigure {
  std::string level;      // "force" (police force area) or "district" (local authority)
  std::string area_code;  // ONS code, e.g. "E23000002"; empty when the table has none
  std::string area_name;  // as published, footnote markers removed
  std::string measure;    // e.g. "homicide", "population"
  std::string period;     // "YYYY-MM" for a year ending that month; "YYYY" for a mid-year
  std::optional<double> value;
};

// One row of ONS's local authority district -> community safety partnership -> police force area
// lookup.
struct DistrictLink {
  std::string district_code, district_name, csp_code, csp_name, force_code, force_name;
};

// A row that could not be loaded, with where and why. `value` is left empty for identifier columns,
// so a reject never leaks personal data.
struct Reject {
  long line = 0;
  std::string column;
  std::string value;
  std::string reason;
};

struct Batch {
  std::string source;   // partner/agency, e.g. "Cumbria Constabulary"
  std::string extract;  // extract kind, e.g. "police-uk-street", "recorded-crime", "ed-istv"
  std::string file_name;
  std::string sha256;
  std::string period_from;  // "YYYY-MM" (empty if not applicable)
  std::string period_to;
  std::string profile;  // profile name and version used
  // The day the partner delivered the file, "YYYY-MM-DD" (`cairn ingest --received`); empty: the
  // day it is stored. Data-sharing timeliness counts from the end of the period to this day.
  std::string received_on;
  long rows_read = 0;  // data rows in the file (excluding header)

  EventColumns events;
  std::vector<Pseudonym> persons;
  std::vector<Involvement> involvements;
  std::vector<Referral> referrals;
  std::vector<JusticeOutcome> outcomes;
  std::vector<TrainingAttendance> training;
  std::vector<AreaRecord> areas;
  std::vector<AreaPopulation> populations;
  std::vector<AreaShape> shapes;  // boundaries for maps (`cairn ingest boundaries`)
  std::vector<AreaFigure> figures;
  std::vector<DistrictLink> district_links;
  std::vector<Reject> rejects;
  std::vector<std::string> findings;  // data-quality notes, e.g. repeated Crime IDs
  // The events already encoded for storage (store/event_codec.h), when the loader did it on a
  // worker thread; empty means the store encodes them itself.
  std::string encoded_events;

  long rows_loaded() const { return rows_read - static_cast<long>(rejects.size()); }
  // Adds a pseudonym (deduplicated within the batch) and returns its index.
  uint32_t AddPerson(const Pseudonym& p);

 private:
  std::unordered_map<std::string, uint32_t> person_index_;
};

}  // namespace cairn
