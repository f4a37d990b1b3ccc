// Frame: the columnar in-memory snapshot of every active event in the store, which every analysis
// and query reads. Built once per store version (Store::DataVersion) and cached on disk beside the
// store, so opening it never re-parses text per row. Strings are dictionary-encoded with one global
// dictionary per column (code 0 = missing), so a filter on `category = "Robbery"` becomes an
// integer comparison over a plain array.
//
// Person-level detail comes from involvements: per event the first victim's and first suspect's age
// and sex (for filters such as `victim.age < 25`), and the full list of involvements for
// person-level grouping (`--by role,age_band`, `--measure people`).
// A Frame is immutable once built and safe to share between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "store/store.h"
#include "util/column.h"
#include "util/status.h"

namespace cairn {

struct Frame {
  int64_t data_version = -1;
  size_t rows = 0;
  // Set on a frame read from the snapshot cache: becomes true when an array read from the cache
  // failed its check (it then read as zeros), so the answer must be computed again from a frame
  // built from the store (Workspace does this).
  std::shared_ptr<const std::atomic<bool>> damage;
  bool Damaged() const { return damage && damage->load(std::memory_order_acquire); }

  // One entry per event.
  Column<uint8_t> kind;          // EventKind
  Column<int32_t> month;         // MonthIndex or kNoMonth
  Column<int64_t> start_minute;  // kNoTime when only the month is known (data.police.uk)
  Column<int64_t> end_minute;
  Column<double> longitude, latitude;  // NaN when unknown
  Column<uint16_t> markers;            // Marker bits
  // Month as a small key for grouping: month - first_month + 1, 0 when unknown (computed once
  // here so a query grouping by month reads it instead of recomputing 20 million keys).
  Column<uint32_t> month_key;
  int32_t first_month = 0, last_month = -1;
  StringColumn source;   // the batch's source (partner)
  StringColumn extract;  // the batch's extract kind
  StringColumn force, reported_by, location, lsoa, lsoa_name, category, offence_code, outcome,
      context, weapon;
  StringColumn district;                    // from the area lookups, by LSOA; missing if unknown
  Column<int16_t> victim_age, suspect_age;  // first victim / suspect; -1 unknown
  Column<uint8_t> victim_sex, suspect_sex;  // Sex
  Column<uint32_t> victims, suspects;       // number of people in each role

  // One entry per batch, in frame order: the events of batch `batch[i]` are the frame rows from
  // first_row[i] to the next entry's (so a list can fetch a row's record reference from the
  // store, which the frame does not keep).
  struct Batches {
    Column<int64_t> batch;
    Column<uint64_t> first_row;
    // 1 when the batch's record references are in `references` below; 0 when they are left in the
    // store: a batch of data.police.uk Crime IDs (64 hex digits each, millions in a national
    // archive, and events no list names by person) would more than double the cache.
    Column<uint8_t> references_kept;
    size_t size() const { return batch.size(); }
  } batches;

  // The record reference (Crime ID, incident number) of each event, for the few rows a list names:
  // the text of row r is text[end[r - 1], end[r]) (from 0 for row 0), empty for a row of a batch
  // whose references are left in the store (Batches::references_kept). Only a frame built for the
  // snapshot cache has them (the cache maps them, so a list reads the pages of the rows it names
  // rather than decoding the store's chunks); elsewhere both are empty and ReferencesOf reads the
  // store.
  struct References {
    Column<uint64_t> end;
    Column<char> text;
    size_t size() const { return end.size(); }
  } references;

  // One entry per person met in involvements, referrals or justice outcomes, ordered by `id`. The
  // id is the pseudonym's first 8 bytes (big-endian): the same person has the same id in every
  // snapshot and every store made with the same key, so a list made this month can be compared
  // with last month's. The `person` columns below index this table.
  struct Persons {
    Column<uint64_t> id;
    Column<Pseudonym> pseudonym;
    size_t size() const { return id.size(); }
  } persons;

  // One entry per involvement (person x event x role), ordered by event.
  struct People {
    Column<uint32_t> event;   // row in the event columns
    Column<uint32_t> person;  // row in `persons`
    Column<uint8_t> role;     // Role
    Column<int16_t> age;      // -1 unknown
    Column<uint8_t> sex;      // Sex
    size_t size() const { return event.size(); }
  } people;

  // One entry per referral to a programme or service (Turnaround, 1CLIC, victim services), in load
  // order. Times are minutes as for events; kNoTime when unknown.
  struct Referrals {
    Column<uint32_t> person;  // row in `persons`
    Column<int64_t> referred, started, ended;
    StringColumn programme, agency, outcome, source;
    StringColumn extract;  // the batch's extract kind: which of the source's files cover a month
    size_t size() const { return person.size(); }
  } referrals;

  // One entry per justice outcome (charge, caution, conviction), in load order.
  struct Outcomes {
    Column<uint32_t> person;  // row in `persons`
    Column<int64_t> date;     // minutes; kNoTime when unknown
    StringColumn type, offence_code, source;
    StringColumn extract;  // the batch's extract kind: which of the source's files cover a month
    size_t size() const { return person.size(); }
  } outcomes;
};

// The frame's number columns with a value per event, declared once: the event chunk's column each
// is built from (and so the value an unknown field holds), and what the snapshot cache checks of
// its values when it first reads them. The builder, ResizeFrame, the cache's layout and its checks
// read this list; its order is the cache's.
enum class NumberCheck { kAnyValue, kEventKind, kMonthInFrame };
template <typename T>
struct FrameNumberColumn {
  Column<T> Frame::*column;
  const EventNumberColumn<T>* from;
  NumberCheck check;
};
inline constexpr auto kNumberColumns = std::make_tuple(
    FrameNumberColumn<uint8_t>{&Frame::kind, &std::get<0>(kEventNumberColumns),
                               NumberCheck::kEventKind},
    FrameNumberColumn<int32_t>{&Frame::month, &std::get<1>(kEventNumberColumns),
                               NumberCheck::kMonthInFrame},
    FrameNumberColumn<int64_t>{&Frame::start_minute, &std::get<2>(kEventNumberColumns),
                               NumberCheck::kAnyValue},
    FrameNumberColumn<int64_t>{&Frame::end_minute, &std::get<3>(kEventNumberColumns),
                               NumberCheck::kAnyValue},
    FrameNumberColumn<double>{&Frame::longitude, &std::get<4>(kEventNumberColumns),
                              NumberCheck::kAnyValue},
    FrameNumberColumn<double>{&Frame::latitude, &std::get<5>(kEventNumberColumns),
                              NumberCheck::kAnyValue},
    FrameNumberColumn<uint16_t>{&Frame::markers, &std::get<6>(kEventNumberColumns),
                                NumberCheck::kAnyValue});

// Calls visit(entry) for each entry of kNumberColumns, in order.
template <typename Visit>
void ForEachNumberColumn(Visit&& visit) {
  std::apply([&](const auto&... entry) { (visit(entry), ...); }, kNumberColumns);
}

// The frame's text columns, declared once: the name the expression language and `query --by` use
// (one vocabulary), the column, the event chunk's column it is built from (none for source and
// extract, which come from the batch record, and district, from the area lookups), and whether
// `query --by` groups by it (not the columns with a value per place or record: reported by,
// location, LSOA name, context). The builder, the cache, the expression fields and the query's
// dimensions read this list.
struct TextColumn {
  const char* name;
  StringColumn Frame::*column;
  StringColumn EventColumns::*from;
  bool dimension;
};
inline constexpr TextColumn kTextColumns[] = {
    {"category", &Frame::category, &EventColumns::category, true},
    {"offence.code", &Frame::offence_code, &EventColumns::offence_code, true},
    {"force", &Frame::force, &EventColumns::force, true},
    {"source", &Frame::source, nullptr, true},
    {"extract", &Frame::extract, nullptr, true},
    {"reported_by", &Frame::reported_by, &EventColumns::reported_by, false},
    {"lsoa", &Frame::lsoa, &EventColumns::lsoa_code, true},
    {"lsoa.name", &Frame::lsoa_name, &EventColumns::lsoa_name, false},
    {"district", &Frame::district, nullptr, true},
    {"location", &Frame::location, &EventColumns::location, false},
    {"outcome", &Frame::outcome, &EventColumns::outcome, true},
    {"context", &Frame::context, &EventColumns::context, false},
    {"weapon", &Frame::weapon, &EventColumns::weapon, true},
};
// Old names still accepted, each with the name it now has.
inline constexpr std::pair<const char*, const char*> kOldTextColumnNames[] = {
    {"offence", "offence.code"}};

// The first and last month any event has (first > last when none): the range the builder keeps,
// or, for a frame made by hand without one, a scan of the months.
std::pair<int32_t, int32_t> MonthRange(const Frame& f);

// The batch holding frame row `row` and the row's position in it.
std::pair<int64_t, size_t> BatchRowOf(const Frame& frame, size_t row);

// The record reference (Crime ID, incident number) of each frame row: from the frame's own
// references when it has them, else read from its batch in the store. For the few rows a list
// names.
Result<std::vector<std::string>> ReferencesOf(Store& store, const Frame& frame,
                                              const std::vector<uint32_t>& rows);

// The stable id of a person: the first 8 bytes of their pseudonym, big-endian.
uint64_t PersonIdOf(const Pseudonym& pseudonym);

// Builds the frame from the store, or reads it from the cache file `cache_path` when that was built
// for the store's current data version (and rewrites the cache otherwise). Pass an empty cache_path
// to skip caching. A cache written is given `cache_mode` (the store file's own mode).
Result<std::shared_ptr<const Frame>> LoadFrame(Store& store, const std::string& cache_path,
                                               unsigned cache_mode = 0600);

// The frame in a cache file (snapshot_cache.cc), used in place, if the file was built for this
// store and data version and its header, section table and dictionaries check out; else nullptr.
// Each array is checked when first read; one that fails reads as zeros and sets Damaged().
std::shared_ptr<const Frame> ReadSnapshotCache(const std::string& path, int64_t store_id,
                                               int64_t version);
// Writes the cache file for a frame (through a temporary file and a rename); a failure only costs
// the next command a rebuild.
void WriteSnapshotCache(const std::string& path, const Frame& frame, int64_t store_id,
                        unsigned mode);

// Every event column sized for `rows`, every value missing (kind crime, no month, no time, no
// place, empty codes, unknown ages, counts 0); month_key is left for the caller. For frames
// made by hand: the youth justice KPIs' frame of offence codes, tests.
void ResizeFrame(Frame& f, size_t rows);

// Builds the frame from the store without any cache; with_references also keeps every event's
// record reference (Frame::references), as the snapshot cache does.
Result<std::shared_ptr<const Frame>> BuildFrame(Store& store, bool with_references = false);

// The snapshot cache file used for a store file: "<db>.snapshot".
std::string SnapshotPathFor(const std::string& db_path);
// What every version of a snapshot cache file starts with.
inline constexpr std::string_view kSnapshotCachePrefix = "CAIRSNP";

}  // namespace cairn
