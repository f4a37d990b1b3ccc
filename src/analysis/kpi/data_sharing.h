// Data sharing, computed from the loads (the performance framework's "level, quality and
// timeliness of data sharing"): for each partner's extract and each period, the files loaded, the
// median days from the end of a file's period to the day the partner delivered it (`cairn ingest
// --received`, else the day it was loaded), the share of rows rejected, and the
// months in the extract's span that no file covers. `cairn kpi sharing`, and a table of the KPI
// report. Pure functions of the store's batch records.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "define/kpis.h"
#include "store/store.h"

namespace cairn {

struct SharingRow {
  std::string source, extract, period;            // period as KpiPeriod labels it
  int64_t covering = 0;                           // files whose period overlaps this one
  int64_t delivered = 0, rows = 0, rejected = 0;  // files whose period ends in this one
  std::optional<double> median_days;  // from the end of each file's period to its receipt
  std::vector<std::string> missing;   // months of the period no file of the extract covers
};

// Days from the end of a batch's last month to the day the partner delivered it (received_on; the
// day it was loaded when the store has no received day); nullopt without a period. Negative for a
// part-month extract sent before its last month ended.
std::optional<double> DaysToReceipt(const BatchSummary& batch);

// One row per (source, extract, period) from the extract's first period to its last, for the
// extracts that have periods (event and referral extracts, not area tables).
std::vector<SharingRow> DataSharing(const std::vector<BatchSummary>& batches, KpiPeriod period);

// How up to date each partner's extract is: the last month any active file covers, and how many
// months before `as_of_month` that is. Late: more than `allowed_months` behind.
struct DataFreshness {
  std::string source, extract, last_month;
  int months_behind = 0;
  bool late = false;
};
std::vector<DataFreshness> FreshnessOf(const std::vector<BatchSummary>& batches,
                                       int32_t as_of_month, int allowed_months);

}  // namespace cairn
