#include "engine/workspace.h"

#include "analysis/selection.h"
#include "util/strings.h"

namespace cairn {

Result<std::string> SqlitePathOf(const std::string& location) {
  if (StartsWith(location, "sqlite:")) return location.substr(7);
  if (StartsWith(location, "postgresql:") || StartsWith(location, "postgres:"))
    return Status::Invalid(location +
                           ": PostgreSQL stores are not available in this build yet (use a "
                           "file, or sqlite:PATH)");
  return location;
}

std::string DefaultKeyPath(const std::string& store_path) {
  std::string base = store_path;
  if (EndsWith(base, ".db")) base.resize(base.size() - 3);
  return base + ".key";
}

Result<std::unique_ptr<Workspace>> Workspace::Open(const WorkspaceOptions& options) {
  auto path = SqlitePathOf(options.store);
  if (!path.ok()) return path.status();
  auto config = FindConfig(options.config);
  if (!config.ok()) return config.status();
  auto store = OpenSqliteStore(*path);
  if (!store.ok()) return store.status();
  std::unique_ptr<Workspace> ws(new Workspace());
  ws->store_path_ = *path;
  ws->key_path_ = options.key.empty() ? DefaultKeyPath(*path) : options.key;
  ws->config_location_ = std::move(config).value();
  ws->store_ = std::move(store).value();
  return ws;
}

Result<const Configuration*> Workspace::config() {
  if (!config_) {
    auto loaded = Configuration::Load(config_location_.dir);
    if (!loaded.ok()) return loaded.status();
    config_ = std::move(loaded).value();
  }
  return &*config_;
}

Result<std::shared_ptr<const Frame>> Workspace::Snapshot() {
  if (!frame_) {
    auto frame = LoadFrame(*store_, SnapshotPathFor(store_path_));
    if (!frame.ok()) return frame.status();
    frame_ = std::move(frame).value();
  }
  return frame_;
}

Result<StoreReport> Workspace::Describe() {
  StoreReport report;
  report.config = config_location_;
  auto events = store_->CountEvents();
  if (!events.ok()) return events.status();
  report.events = *events;
  auto sources = store_->SummariseSources();
  if (!sources.ok()) return sources.status();
  report.sources = std::move(sources).value();
  auto findings = store_->ListFindings(std::nullopt);
  if (!findings.ok()) return findings.status();
  report.findings = std::move(findings).value();
  return report;
}

Result<std::vector<RejectRow>> Workspace::Rejects(std::optional<int64_t> batch_id) {
  return store_->ListRejects(batch_id);
}

Result<QueryResult> Workspace::Query(QueryRequest& request) {
  auto config = this->config();
  if (!config.ok()) return config.status();
  auto frame = Snapshot();
  if (!frame.ok()) return frame.status();
  auto selection =
      PrepareSelection(**config, **frame, request.where, request.spec, request.harm_scheme);
  if (!selection.ok()) return selection.status();
  auto result = RunQuery(**frame, request.spec, *selection);
  if (!result.ok()) return Status::Usage(result.status().message());
  return result;
}

Result<SnaDocument> Workspace::Sna(SnaPeriod period, const DisclosureOptions& disclosure) {
  auto config = this->config();
  if (!config.ok()) return config.status();
  auto frame = Snapshot();
  if (!frame.ok()) return frame.status();
  auto data = CollectSna(**config, *store_, **frame, period);
  if (!data.ok()) return data.status();
  return BuildSnaDocument(*data, disclosure);
}

}  // namespace cairn
