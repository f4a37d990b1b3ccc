// Load: the ingest driver. Reads files in parallel (parse, validate, pseudonymise), then commits
// them to the store one batch at a time, in file order, several batches per store transaction
// (Store::BeginGroup). A file with a file-level problem is reported and skipped; the others still
// load. Each batch commits whole or not at all.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model/batch.h"
#include "store/store.h"
#include "util/status.h"

namespace cairn {

// Turns one file's bytes into a Batch (police.uk reader or a profile reader).
using FileReader = std::function<Result<Batch>(const std::string& path, std::string_view data)>;

struct FileResult {
  std::string path;
  Status status;         // file-level error; no batch was written
  CommitOutcome commit;  // when status is ok
  long rows_read = 0, rows_loaded = 0, rows_rejected = 0;
  std::vector<std::string> findings;
};

struct LoadSummary {
  std::vector<FileResult> files;
  long rows_loaded = 0, rows_rejected = 0, files_loaded = 0, files_already_loaded = 0,
       files_failed = 0, batches_superseded = 0, findings = 0;
};

struct LoadOptions {
  int threads = 2;
  // The day the partner delivered the files, "YYYY-MM-DD" (already checked to be a valid day, not
  // in the future); empty: the day they are stored. Or one day per path, in the paths' order.
  std::string received_on;
  std::vector<std::string> received_on_each;
  // Called for each file, in order, once its batch is durable (for progress bars).
  std::function<void(long done, long total, const LoadSummary&)> on_progress;
};

// The last check before a batch is stored: refuses one whose data holds text that is not UTF-8
// (naming the file and the field), and makes the rejects' and findings' quotes of bad input, and
// the file's name, valid UTF-8 (U+FFFD for each bad byte). LoadFiles calls it on every batch.
Status CheckBatchText(Batch* batch);

// Records the day the partner delivered the file (`received_on`, a valid YYYY-MM-DD) on its batch,
// checked against the months the file covers. A file cannot hold records of a month that had not
// begun on the day it was received: refused, naming the file, the day and the month. One received
// before its last month ended is a part-month extract: kept, with a finding that says so (its days
// to receipt are negative). A batch without a period (areas, published tables) takes the day as
// it is.
Status SetReceivedDay(const std::string& received_on, Batch* batch);

LoadSummary LoadFiles(Store& store, const std::vector<std::string>& paths, const FileReader& read,
                      const LoadOptions& options);

}  // namespace cairn
