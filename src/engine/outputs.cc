#include "engine/outputs.h"

#include "ingest/pseudonymise.h"
#include "present/brief_render.h"
#include "present/kpi_report.h"
#include "present/register_render.h"
#include "present/sna_render.h"
#include "snapshot/frame.h"
#include "util/csv.h"

namespace cairn {

ProtectedFiles ProtectedFilesFor(const std::string& store_location, const std::string& key_path,
                                 const std::vector<std::string>& other_keys) {
  ProtectedFiles p;
  auto sqlite = SqlitePathOf(store_location);
  if (sqlite.ok()) {
    const std::string& db = *sqlite;
    p.paths.push_back({db, "the store"});
    for (const char* suffix : {"-wal", "-shm", "-journal"})
      p.paths.push_back({db + suffix, "the store's journal"});
    p.paths.push_back({SnapshotPathFor(db), "the store's snapshot cache"});
    p.paths.push_back({DefaultKeyPath(db), "the partnership key"});
  }
  if (!key_path.empty()) p.paths.push_back({key_path, "the partnership key"});
  for (const auto& key : other_keys) p.paths.push_back({key, "the partnership key"});
  p.magics.push_back({std::string("SQLite format 3\0", 16), "a SQLite database"});
  p.magics.push_back({std::string(kKeyFileHeader), "a partnership key"});
  p.magics.push_back({std::string(kSnapshotCachePrefix), "a Cairn snapshot cache"});
  return p;
}

OutputFile SnaHtmlOutput(const std::string& path, bool force) {
  return {path, "Cairn HTML report", IsSnaHtml, force, 0644};
}

OutputFile SnaJsonOutput(const std::string& path, bool force) {
  return {path, "Cairn JSON report", IsSnaJson, force, 0644};
}

OutputFile KpiHtmlOutput(const std::string& path, bool force) {
  return {path, "Cairn KPI report", IsKpiReportHtml, force, 0644};
}

OutputFile KpiJsonOutput(const std::string& path, bool force) {
  return {path, "Cairn KPI JSON report", IsKpiReportJson, force, 0644};
}

OutputFile RegisterHtmlOutput(const std::string& path, bool force) {
  return {path, "Cairn register document", IsRegisterDocument, force, 0644};
}

OutputFile BriefHtmlOutput(const std::string& path, bool force) {
  return {path, "Cairn brief", IsBrief, force, 0644};
}

OutputFile RegisterSheetOutput(const std::string& path, bool force) {
  auto is_export = [](std::string_view head) { return head.starts_with("kind,id,"); };
  return {path, "Cairn register export", is_export, force, 0644};
}

OutputFile PseudonymisedCsvOutput(const std::string& path, std::string header_line, bool force) {
  auto same_header = [header = std::move(header_line)](std::string_view head) {
    head = StripBom(head);
    size_t eol = head.find_first_of("\r\n");
    return eol != std::string_view::npos && head.substr(0, eol) == header;
  };
  return {path, "pseudonymised CSV", same_header, force, 0600};
}

}  // namespace cairn
