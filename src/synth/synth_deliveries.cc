// The partners' deliveries: the files as they arrive over the period, and deliveries.csv, the log
// of which file came on which day, so that a load can give each file its received day (`cairn
// ingest --received`, as `cairn demo` does) and the data-sharing KPIs have something true to show.

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <map>
#include <tuple>

#include "synth/synth_internal.h"
#include "util/dates.h"

namespace cairn::synth {

namespace {

int64_t LastDayOf(int32_t month) {
  const int32_t next = month + 1;
  return DaysFromCivil(next / 12, next % 12 + 1, 1) - 1;
}

std::string QuarterText(int32_t month) {  // "2023-Q3"
  return std::to_string(month / 12) + "-Q" + std::to_string(month % 12 / 3 + 1);
}

// The partners' three-year extracts, sent together once the period is over (the partnership's
// first request), each so many days after its end.
constexpr std::pair<const char*, int> kBacklogFiles[] = {
    {"police-recorded-crime.csv", 14}, {"referrals.csv", 21},
    {"justice-outcomes.csv", 35},      {"training.csv", 10},
    {"council-asb-incidents.csv", 18}, {"police-asb-incidents.csv", 14},
    {"asb-case-reviews.csv", 25}};

}  // namespace

Result<std::vector<Delivery>> WriteEdDeliveries(const std::string& out_dir, Rng& rng,
                                                const Calendar& calendar, const Geography& geo,
                                                const Population& pop, const PartnerData& data) {
  std::vector<std::pair<int32_t, int32_t>> quarters;  // first and last month inside the period
  for (int32_t m = calendar.first_month(); m <= calendar.last_month(); ++m) {
    if (quarters.empty() || m % 3 == 0)
      quarters.emplace_back(m, m);
    else
      quarters.back().second = m;
  }
  const int n = static_cast<int>(quarters.size());
  const int never_sent = n >= 4 ? 2 : -1;  // 2022-Q3 for the default period
  const int late = n >= 8 ? 7 : -1;        // 2023-Q4
  const int broken = n >= 3 ? n - 3 : -1;  // 2024-Q2
  std::vector<Delivery> out;
  for (int q = 0; q < n; ++q) {
    const auto [first, last] = quarters[q];
    // Drawn for every quarter, sent or not, so that one quarter's day does not move another's.
    const int days = q == late ? rng.Between(95, 110) : rng.Between(18, 38);
    if (q == never_sent) continue;
    const std::string file = "ed-istv-deliveries/ed-istv-" + QuarterText(first) + ".csv";
    EdSelection only{first, last, q == broken ? 3 : 0};
    auto rows = WriteEdIstv(out_dir + "/" + file, geo, pop, data, only);
    if (!rows.ok()) return rows.status();
    if (*rows == 0) {  // a tiny county with no attendance that quarter: nothing to send
      std::error_code ec;
      std::filesystem::remove(out_dir + "/" + file, ec);
      continue;
    }
    out.push_back({file, LastDayOf(last) + days, *rows});
  }
  return out;
}

std::vector<Delivery> OtherDeliveries(Rng& rng, const Calendar& calendar,
                                      const std::vector<std::string>& written) {
  std::vector<Delivery> out;
  const int64_t end = LastDayOf(calendar.last_month());
  for (const std::string& file : written) {
    for (const auto& [name, days] : kBacklogFiles)
      if (file == name) out.push_back({file, end + days, 0});
    // police-uk/2023-07/2023-07-fellshire-street.csv: published a month or so after the month,
    // and downloaded then.
    if (file.rfind("police-uk/", 0) == 0)
      if (auto month = ParseMonth(std::string_view(file).substr(10, 7)))
        out.push_back({file, LastDayOf(*month) + rng.Between(28, 49), 0});
  }
  return out;
}

Result<int64_t> WriteDeliveryLog(const std::string& path, std::vector<Delivery> deliveries) {
  std::stable_sort(deliveries.begin(), deliveries.end(), [](const Delivery& a, const Delivery& b) {
    return std::tie(a.received_day, a.file) < std::tie(b.received_day, b.file);
  });
  // A period ending in the last weeks would give days still to come, which a load refuses: a
  // file due after today is logged as received today.
  const int64_t today = static_cast<int64_t>(std::time(nullptr)) / 86400;
  for (Delivery& d : deliveries) d.received_day = std::min(d.received_day, today);
  CsvOut out;
  CAIRN_RETURN_IF_ERROR(out.Open(path));
  out.buf().append("file,received");
  out.EndRow();
  for (const Delivery& d : deliveries) {
    AppendField(&out.buf(), d.file);
    out.buf().push_back(',');
    out.buf().append(FormatDate(d.received_day * 1440));
    out.EndRow();
  }
  CAIRN_RETURN_IF_ERROR(out.Close());
  return out.rows();
}

}  // namespace cairn::synth
