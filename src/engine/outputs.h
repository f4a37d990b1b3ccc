// Where commands write files for people, and what those files may never replace: the store, its
// journal and caches, and key files are refused by path and by content (even with --force); any
// other existing file is replaced only when it is an earlier output of the same kind.
#pragma once

#include <string>
#include <vector>

#include "engine/workspace.h"
#include "util/files.h"

namespace cairn {

// The store named by `store_location` (with -wal, -shm, -journal and its snapshot cache), the key
// beside it or `key_path`, every key in `other_keys`, and anything that starts like a SQLite
// database, a partnership key or a snapshot cache.
ProtectedFiles ProtectedFilesFor(const std::string& store_location, const std::string& key_path,
                                 const std::vector<std::string>& other_keys = {});

OutputFile SnaHtmlOutput(const std::string& path, bool force);
OutputFile SnaJsonOutput(const std::string& path, bool force);
OutputFile KpiHtmlOutput(const std::string& path, bool force);
OutputFile KpiJsonOutput(const std::string& path, bool force);
OutputFile RegisterHtmlOutput(const std::string& path, bool force);
OutputFile BriefHtmlOutput(const std::string& path, bool force);
// `cairn register export`: CSV (replaces an earlier export) or a workbook (only with --force).
OutputFile RegisterSheetOutput(const std::string& path, bool force);
// A pseudonymised extract holds record-level data: mode 0600, and it replaces only an earlier
// pseudonymised extract with the same first line (`header_line`, without its line ending).
OutputFile PseudonymisedCsvOutput(const std::string& path, std::string header_line, bool force);

}  // namespace cairn
