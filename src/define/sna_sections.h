// The sections of the strategic needs assessment (present/sna_document.cc builds them in this
// order), by the ids their HTML anchors and JSON keys use. Declared here, once, so the KPI
// catalogue can refuse an `sna_section` the SNA has not (define/kpis.cc) and the SNA cannot gain
// or rename a section without the catalogue knowing.
#pragma once

namespace cairn {

inline constexpr const char kSnaHeadline[] = "headline";
inline constexpr const char kSnaCategories[] = "categories";
inline constexpr const char kSnaTrends[] = "trends";
inline constexpr const char kSnaWhere[] = "where";
inline constexpr const char kSnaWhen[] = "when";
inline constexpr const char kSnaWho[] = "who";
inline constexpr const char kSnaDrivers[] = "drivers";
inline constexpr const char kSnaCompare[] = "compare";
inline constexpr const char kSnaDataQuality[] = "data-quality";
inline constexpr const char kSnaMethods[] = "methods";

inline constexpr const char* kSnaSectionIds[] = {
    kSnaHeadline, kSnaCategories, kSnaTrends,  kSnaWhere,       kSnaWhen,
    kSnaWho,      kSnaDrivers,    kSnaCompare, kSnaDataQuality, kSnaMethods};

}  // namespace cairn
