#include "engine/ingest.h"

#include <memory>
#include <mutex>

#include "engine/workspace.h"
#include "ingest/police_uk.h"
#include "ingest/profile.h"

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

std::vector<std::string> ExtensionsFor(ExtractKind kind) {
  if (kind == ExtractKind::kBoundaries) return {".geojson", ".json"};
  return {".csv"};
}

Result<IngestReport> Workspace::Ingest(const IngestRequest& request) {
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
  options.on_progress = request.on_progress;
  IngestReport report;
  report.summary = LoadFiles(**store, request.files, reader, options);
  if (key && report.summary.files_loaded > 0) report.key_recorded = RecordKey(*key);
  report.crs_by_file = std::move(notes->by_file);
  frame_.reset();  // the store has changed
  return report;
}

}  // namespace cairn
