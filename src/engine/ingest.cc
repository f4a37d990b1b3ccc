#include "engine/ingest.h"

#include <algorithm>
#include <ctime>
#include <memory>
#include <mutex>

#include "engine/workspace.h"
#include "ingest/police_uk.h"
#include "ingest/profile.h"
#include "util/csv.h"
#include "util/dates.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

namespace {

// The CRS each boundary file was read in (files are read on worker threads).
struct CrsNotes {
  std::mutex mu;
  std::map<std::string, BoundaryCrs> by_file;
};

FileReader BoundaryReader(const IngestRequest& request, std::shared_ptr<CrsNotes> notes) {
  BoundaryOptions options;
  options.code_property = request.code_property;
  options.name_property = request.name_property;
  options.crs = request.crs;
  if (!request.source.empty()) options.source = request.source;
  return [options, notes](const std::string& path, std::string_view data) -> Result<Batch> {
    BoundaryCrs crs;
    auto batch = ReadBoundaries(options, path, data, &crs);
    if (batch.ok()) {
      std::lock_guard lock(notes->mu);
      notes->by_file[path] = crs;
    }
    return batch;
  };
}

FileReader ProfileReader(LoadedProfile profile, const PartnershipKey* key, std::string source) {
  return [profile = std::move(profile), key, source = std::move(source)](const std::string& path,
                                                                         std::string_view data) {
    return ReadWithProfile(profile, path, data, key, source);
  };
}

}  // namespace

Status CheckReceivedDay(const std::string& day, std::string today) {
  if (today.empty()) {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    today = buf;
  }
  const bool iso = day.size() == 10 && day[4] == '-' && day[7] == '-';
  if (!iso || !ParseDateTime(day, {"%Y-%m-%d"}))
    return Status::Usage(
        "\"" + day + "\" is not a day (expected YYYY-MM-DD, the day the partner sent the file)");
  if (day > today)
    return Status::Usage(
        day + " is after today (" + today +
        "): give the day the partner sent the file, which cannot be in the future");
  return Status::Ok();
}

namespace {

// A path's components, "." and empty ones left out: "a//b/./c.csv" -> {a, b, c.csv}.
std::vector<std::string> Components(const std::string& path) {
  std::vector<std::string> out;
  for (const std::string& part : Split(path, '/'))
    if (!part.empty() && part != ".") out.push_back(part);
  return out;
}

bool EndsWithComponents(const std::vector<std::string>& path,
                        const std::vector<std::string>& tail) {
  return !tail.empty() && tail.size() <= path.size() &&
         std::equal(tail.rbegin(), tail.rend(), path.rbegin());
}

}  // namespace

Result<std::vector<std::string>> ReceivedDaysFromLog(const std::string& log,
                                                     const std::vector<std::string>& files) {
  auto text = ReadFile(log);
  if (!text.ok()) return Status::Usage("--received-log: " + text.status().message());
  CsvReader reader(StripBom(*text));
  CsvRecord record;
  if (!reader.Next(&record))
    return Status::Usage(log + ": empty; expected a delivery log with columns file and received");
  int file_col = -1, day_col = -1;
  for (size_t i = 0; i < record.fields.size(); ++i) {
    if (record.fields[i] == "file") file_col = static_cast<int>(i);
    if (record.fields[i] == "received") day_col = static_cast<int>(i);
  }
  if (file_col < 0 || day_col < 0)
    return Status::Usage(log +
                         ": line 1 must name the columns file and received (the file as "
                         "delivered and the day it arrived, YYYY-MM-DD)");
  struct Entry {
    std::vector<std::string> path;
    std::string day;
    long line;
  };
  std::vector<Entry> entries;
  const auto needed = static_cast<size_t>(std::max(file_col, day_col));
  while (reader.Next(&record)) {
    const std::string where = log + ", line " + std::to_string(record.line);
    if (record.fields.size() <= needed)
      return Status::Usage(where + ": expected a file and the day it was received");
    std::string day(record.fields[static_cast<size_t>(day_col)]);
    entries.push_back({Components(std::string(record.fields[static_cast<size_t>(file_col)])),
                       std::move(day), record.line});
  }
  if (!reader.status().ok()) return Status::Usage(log + ": " + reader.status().message());
  std::vector<std::string> days;
  for (const std::string& file : files) {
    const std::vector<std::string> path = Components(file);
    const Entry* found = nullptr;
    for (const Entry& e : entries) {
      if (!EndsWithComponents(path, e.path)) continue;
      if (found && found->day != e.day)
        return Status::Usage(file + ": the delivery log " + log + " gives it two days (lines " +
                             std::to_string(found->line) + " and " + std::to_string(e.line) + ")");
      found = &e;
    }
    if (!found)
      return Status::Usage(file + ": not in the delivery log " + log +
                           " (no line's file ends with its name); nothing was loaded");
    // Only the lines of the files loaded are checked: a bad line for another file stops nothing.
    if (Status st = CheckReceivedDay(found->day); !st.ok())
      return Status::Usage(log + ", line " + std::to_string(found->line) + " (" + file +
                           "): " + st.message());
    days.push_back(found->day);
  }
  return days;
}

std::vector<std::string> ExtensionsFor(ExtractKind kind) {
  if (kind == ExtractKind::kBoundaries) return {".geojson", ".json"};
  return {".csv"};
}

Result<IngestReport> Workspace::Ingest(const IngestRequest& request) {
  if (!request.received_on.empty())
    if (Status st = CheckReceivedDay(request.received_on); !st.ok())
      return Status::Usage("--received " + st.message());
  if (!request.received_each.empty() && request.received_each.size() != request.files.size())
    return Status::Internal("ingest: " + std::to_string(request.received_each.size()) +
                            " received days for " + std::to_string(request.files.size()) +
                            " files");
  for (const std::string& day : request.received_each) CAIRN_RETURN_IF_ERROR(CheckReceivedDay(day));
  auto notes = std::make_shared<CrsNotes>();
  std::unique_ptr<PartnershipKey> key;
  FileReader reader;
  switch (request.kind) {
    case ExtractKind::kPoliceUk:
      reader = ReadPoliceUk;
      break;
    case ExtractKind::kBoundaries:
      reader = BoundaryReader(request, notes);
      break;
    case ExtractKind::kProfile: {
      auto profile = LoadProfile(request.profile, config_location_.dir);
      if (!profile.ok()) return profile.status();
      auto loaded = KeyForLoading();
      if (!loaded.ok()) return loaded.status();
      if (!loaded->has_value() && NeedsKey(*profile->profile)) CAIRN_RETURN_IF_ERROR(NeedKeyPath());
      if (loaded->has_value()) key = std::make_unique<PartnershipKey>(**loaded);
      reader = ProfileReader(std::move(profile).value(), key.get(), request.source);
      break;
    }
  }
  auto store = this->store();
  if (!store.ok()) return store.status();
  LoadOptions options;
  options.threads = request.threads;
  options.received_on = request.received_on;
  options.received_on_each = request.received_each;
  options.on_progress = request.on_progress;
  IngestReport report;
  report.summary = LoadFiles(**store, request.files, reader, options);
  if (key && report.summary.files_loaded > 0) report.key_recorded = RecordKey(*key);
  report.crs_by_file = std::move(notes->by_file);
  frame_.reset();  // the store has changed
  return report;
}

}  // namespace cairn
