#include "analysis/kpi/data_sharing.h"

#include <algorithm>
#include <map>
#include <set>

#include "analysis/kpi/kpi.h"
#include "util/dates.h"

namespace cairn {

std::optional<double> DaysToReceipt(const BatchSummary& b) {
  auto to = ParseMonth(b.period_to);
  const std::string& day = b.received_on.empty() ? b.loaded_at : b.received_on;
  auto received = ParseDateTime(day.substr(0, 10), {"%Y-%m-%d"});
  if (!to || !received) return std::nullopt;
  const int32_t next = *to + 1;
  const int64_t end_day = DaysFromCivil(next / 12, next % 12 + 1, 1) - 1;
  return static_cast<double>(*received / 1440 - end_day);
}

std::vector<DataFreshness> FreshnessOf(const std::vector<BatchSummary>& batches,
                                       int32_t as_of_month, int allowed_months) {
  std::map<std::pair<std::string, std::string>, int32_t> last;
  for (const BatchSummary& b : batches) {
    auto to = ParseMonth(b.period_to);
    if (!to || b.superseded_by) continue;
    auto [it, inserted] = last.emplace(std::make_pair(b.source, b.extract), *to);
    if (!inserted) it->second = std::max(it->second, *to);
  }
  std::vector<DataFreshness> out;
  for (const auto& [key, month] : last) {
    const int behind = std::max(0, as_of_month - month);
    out.push_back({key.first, key.second, FormatMonth(month), behind, behind > allowed_months});
  }
  return out;
}

std::vector<SharingRow> DataSharing(const std::vector<BatchSummary>& batches, KpiPeriod period) {
  struct Extract {
    std::set<int32_t> covered;
    std::map<std::string, SharingRow> rows;
    std::map<std::string, std::vector<double>> days;
  };
  std::map<std::pair<std::string, std::string>, Extract> extracts;
  for (const BatchSummary& b : batches) {
    auto from = ParseMonth(b.period_from), to = ParseMonth(b.period_to);
    if (!from || !to) continue;
    Extract& e = extracts[{b.source, b.extract}];
    std::set<std::string> overlapped;
    for (int32_t m = *from; m <= *to; ++m) {
      e.covered.insert(m);
      overlapped.insert(PeriodLabel(period, m));
    }
    for (const std::string& label : overlapped) ++e.rows[label].covering;
    SharingRow& row = e.rows[PeriodLabel(period, *to)];
    ++row.delivered;
    row.rows += b.rows_loaded + b.rows_rejected;
    row.rejected += b.rows_rejected;
    if (auto days = DaysToReceipt(b)) e.days[PeriodLabel(period, *to)].push_back(*days);
  }
  std::vector<SharingRow> out;
  for (auto& [key, e] : extracts) {
    const int32_t first = *e.covered.begin(), last = *e.covered.rbegin();
    std::string current;
    for (int32_t m = first; m <= last; ++m) {
      const std::string label = PeriodLabel(period, m);
      if (label != current) {
        current = label;
        SharingRow row = e.rows[label];
        row.source = key.first;
        row.extract = key.second;
        row.period = label;
        std::vector<double>& days = e.days[label];
        if (!days.empty()) {
          std::sort(days.begin(), days.end());
          const size_t n = days.size();
          row.median_days = n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2;
        }
        out.push_back(std::move(row));
      }
      if (!e.covered.count(m)) out.back().missing.push_back(FormatMonth(m));
    }
  }
  return out;
}

}  // namespace cairn
