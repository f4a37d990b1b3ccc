#include "analysis/near_repeat.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <unordered_map>

#include "util/crs_transform.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

Result<NearRepeatPoints> NearRepeatEvents(const Frame& frame,
                                          const std::vector<uint8_t>& selected) {
  NearRepeatPoints out;
  auto bng = LonLatToBng();
  if (!bng.ok()) return bng.status();
  // Many events share a place (data.police.uk's map points, one address): project each place once,
  // keyed by the exact bits of both coordinates.
  struct KeyHash {
    size_t operator()(const std::pair<uint64_t, uint64_t>& k) const {
      return k.first * 0x9E3779B97F4A7C15ULL ^ k.second;
    }
  };
  std::unordered_map<std::pair<uint64_t, uint64_t>, std::pair<double, double>, KeyHash> places;
  const double nan = std::nan("");
  for (size_t r = 0; r < frame.rows; ++r) {
    if (!selected.empty() && !selected[r]) continue;
    ++out.selected;
    const double lon = frame.longitude[r], lat = frame.latitude[r];
    if (!std::isfinite(lon) || !std::isfinite(lat)) {
      ++out.without_location;
      continue;
    }
    std::pair<uint64_t, uint64_t> key;
    std::memcpy(&key.first, &lon, 8);
    std::memcpy(&key.second, &lat, 8);
    auto [it, fresh] = places.emplace(key, std::pair<double, double>{nan, nan});
    if (fresh && !(*bng)->Project(lon, lat, &it->second.first, &it->second.second))
      it->second = {nan, nan};
    if (!std::isfinite(it->second.first)) {
      ++out.without_location;
      continue;
    }
    if (frame.start_minute[r] == kNoTime) {
      ++out.without_date;
      continue;
    }
    out.events.push_back({it->second.first, it->second.second,
                          static_cast<double>(DayOfMinute(frame.start_minute[r]))});
  }
  return out;
}

Result<NearRepeatResult> FindNearRepeats(const Frame& frame, const std::vector<uint8_t>& selected,
                                         const KnoxOptions& options) {
  auto points = NearRepeatEvents(frame, selected);
  if (!points.ok()) return points.status();
  NearRepeatResult result;
  result.selected = points->selected;
  result.without_location = points->without_location;
  result.without_date = points->without_date;
  auto knox = KnoxTest(points->events, options);
  if (!knox.ok()) {
    if (knox.status().code() == Status::Code::kUsage) return knox.status();
    return Status::Invalid(
        fmt::format("{} ({} events selected: {} without a location, {} without a date)",
                    knox.status().message(), WithCommas(result.selected),
                    WithCommas(result.without_location), WithCommas(result.without_date)));
  }
  result.knox = std::move(knox).value();
  return result;
}

}  // namespace cairn
