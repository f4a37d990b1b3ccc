// cairn ingest: loads partner extracts into the store.
//   cairn ingest police-uk PATH...            data.police.uk street-level files or directories
//   cairn ingest --profile P.toml FILE...     any partner extract described by a mapping profile
//   cairn ingest boundaries FILE.geojson...   LSOA boundary polygons for maps
// --received YYYY-MM-DD: the day the partner sent the files (default: today), from which
// data-sharing timeliness counts.
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/progress.h"
#include "util/files.h"
#include "util/strings.h"
#include "util/terminal.h"

namespace cairn {

namespace {

struct IngestArgs {
  std::vector<std::string> paths;
  std::string profile;
  std::string source;
  std::string received;      // YYYY-MM-DD the partner sent the files; empty: the load's day
  std::string received_log;  // or a delivery log: file,received
  std::string code_property, name_property, crs;  // boundaries only
  int threads = 2;
  bool quiet = false;
};

// `day_given`: a received day was given (--received or --received-log).
void ReportFile(const FileResult& f, bool day_given) {
  if (!f.status.ok()) {
    PrintError("not loaded: " + f.status.message());
    return;
  }
  if (f.commit.already_loaded) {
    std::cerr << f.path << ": already loaded as batch " << f.commit.batch_id << "; nothing to do"
              << (day_given ? " (the received day given is not applied: a batch keeps the day "
                              "first recorded, which `cairn status --batches` shows)"
                            : "")
              << "\n";
    return;
  }
  for (int64_t old : f.commit.superseded)
    std::cerr << f.path << ": batch " << f.commit.batch_id << " supersedes batch " << old
              << " (same source and period)\n";
  if (f.rows_rejected > 0)
    std::cerr << f.path << ": " << WithCommas(f.rows_rejected) << " of " << WithCommas(f.rows_read)
              << " rows rejected; see `cairn rejects --batch " << f.commit.batch_id << "`\n";
  const size_t kShown = 5;
  for (size_t i = 0; i < f.findings.size() && i < kShown; ++i)
    std::cerr << f.path << ": note: " << VisibleText(f.findings[i]) << "\n";  // may quote a value
  if (f.findings.size() > kShown)
    std::cerr << f.path << ": note: ... and " << f.findings.size() - kShown
              << " more data-quality notes (cairn status --json lists them)\n";
}

Result<Done> RunIngest(IngestArgs& args, const GlobalOptions& global) {
  std::string first = args.paths.empty() ? "" : args.paths.front();
  IngestRequest request;
  request.kind = first == "police-uk"    ? ExtractKind::kPoliceUk
                 : first == "boundaries" ? ExtractKind::kBoundaries
                                         : ExtractKind::kProfile;
  const ExtractKind kind = request.kind;
  if (kind != ExtractKind::kProfile) args.paths.erase(args.paths.begin());
  if ((kind == ExtractKind::kProfile) == args.profile.empty()) {
    return Status::Usage(
        "say what the files are: `cairn ingest police-uk PATH...`, "
        "`cairn ingest --profile PROFILE.toml FILE...` or `cairn ingest boundaries "
        "FILE.geojson...`");
  }
  if (kind != ExtractKind::kBoundaries &&
      !(args.code_property.empty() && args.name_property.empty() && args.crs.empty())) {
    return Status::Usage(
        "--code-property, --name-property and --crs are for `cairn ingest boundaries`");
  }
  if (args.paths.empty()) {
    return Status::Usage("no files given");
  }
  if (!args.received.empty())
    if (Status st = CheckReceivedDay(args.received); !st.ok())
      return Status::Usage("--received " + st.message());
  const std::vector<std::string> extensions = ExtensionsFor(kind);
  std::vector<std::string> skipped;
  auto files = ExpandPaths(args.paths, extensions, &skipped);
  if (!files.ok()) {
    return AsUsage(files.status());
  }
  for (const std::string& note : skipped) std::cerr << "note: " << note << "\n";
  if (files->empty()) {
    return Status::Usage("no " + Join(extensions, " or ") + " files found under " +
                         Join(args.paths, ", "));
  }
  if (!args.received_log.empty()) {  // read and checked before the store is opened
    auto days = ReceivedDaysFromLog(args.received_log, *files);
    if (!days.ok()) return days.status();
    request.received_each = std::move(days).value();
  }
  auto workspace = OpenWorkspace(global, StoreAccess::kWrite);
  if (!workspace.ok()) {
    return AsError(workspace.status());
  }
  request.files = std::move(files).value();
  request.profile = args.profile;
  request.source = args.source;
  request.received_on = args.received;
  request.code_property = args.code_property;
  request.name_property = args.name_property;
  request.crs = args.crs;
  request.threads = args.threads;
  ProgressBar bar("loading");
  request.on_progress = [&](long done, long total, const LoadSummary& s) {
    bar.Update(done, total, WithCommas(s.rows_loaded) + " rows");
  };
  auto report = (*workspace)->Ingest(request);
  bar.Finish();
  if (!report.ok()) {
    return AsError(report.status());
  }
  const LoadSummary& summary = report->summary;
  if (!report->key_recorded.ok()) PrintError(report->key_recorded.message());
  for (const FileResult& f : summary.files) {
    auto crs = report->crs_by_file.find(f.path);
    if (f.status.ok() && !f.commit.already_loaded && crs != report->crs_by_file.end())
      std::cerr << f.path << ": coordinates read as " << crs->second.crs << " (" << crs->second.why
                << ") and projected to British National Grid (EPSG:27700)\n";
    ReportFile(f, !args.received.empty() || !args.received_log.empty());
  }
  std::cerr << "loaded " << WithCommas(summary.rows_loaded) << " rows from " << summary.files_loaded
            << " file" << (summary.files_loaded == 1 ? "" : "s") << ", rejected "
            << WithCommas(summary.rows_rejected) << " rows";
  if (summary.files_already_loaded)
    std::cerr << "; " << summary.files_already_loaded << " already loaded";
  if (summary.batches_superseded)
    std::cerr << "; " << summary.batches_superseded << " batches superseded";
  if (summary.files_failed) std::cerr << "; " << summary.files_failed << " files not loaded";
  if (summary.findings) std::cerr << "; " << summary.findings << " data-quality notes";
  std::cerr << " (store: " << (*workspace)->store_name() << ")\n";
  if (summary.files_failed) return AlreadySaid();  // each file named above
  if (summary.rows_rejected) return Done::kWithRejects;
  return Done::kOk;
}

}  // namespace

CommandRunner RegisterIngest(CLI::App& app, GlobalOptions& global) {
  auto args = std::make_shared<IngestArgs>();
  auto* cmd = app.add_subcommand(
      "ingest",
      "Load extracts: `ingest police-uk PATH...` for data.police.uk files, `ingest --profile "
      "P.toml FILE...` for partner extracts, `ingest boundaries FILE.geojson...` for LSOA maps");
  cmd->add_option("paths", args->paths, "police-uk or boundaries, then files or directories")
      ->required();
  cmd->add_option("--profile", args->profile, "Mapping profile (TOML) describing the extract");
  cmd->add_option("--source", args->source,
                  "Partner name, overriding the profile's source (boundaries: \"ONS boundaries\")");
  cmd->add_option("--received", args->received,
                  "The day the partner sent the files, YYYY-MM-DD (default: today); data-sharing "
                  "timeliness counts from the end of a file's period to this day");
  auto* log = cmd->add_option(
      "--received-log", args->received_log,
      "A delivery log (CSV with columns file and received) giving each file's received day; a "
      "line's file is matched by the end of the path (police-uk/2024-01/x.csv, or x.csv)");
  log->excludes("--received");
  cmd->add_option("--code-property", args->code_property,
                  "Boundaries: the property holding the LSOA code (default: lsoa11cd, LSOA11CD, "
                  "lsoa21cd or LSOA21CD, whichever the file has)");
  cmd->add_option("--name-property", args->name_property,
                  "Boundaries: the property holding the LSOA name (default: the one that goes with "
                  "the code)");
  cmd->add_option("--crs", args->crs,
                  "Boundaries: the coordinates' CRS, e.g. EPSG:4326 (default: the file's crs "
                  "member, else inferred from the coordinates)");
  cmd->add_option("--jobs", args->threads, "Files read in parallel (default 2)")
      ->check(CLI::Range(1, 64));
  return [args, &global]() { return RunIngest(*args, global); };
}

}  // namespace cairn
