// Whether the data an expression counts is loaded at all: what it needs that no loaded event has.
// A KPI or a national measure that selects nothing is then "not loaded", never a run of zeros (a
// store of data.police.uk files has no hospital attendances, offence codes or markers, and a
// count of 0 would say there were none).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "define/definitions.h"
#include "snapshot/frame.h"

namespace cairn {

// What the loaded events hold at all, found in one pass over the frame: which kinds, which markers,
// and whether any event has an offence code, a victim or a suspect.
struct LoadedFacts {
  std::vector<bool> kinds;  // by EventKind code
  uint16_t markers = 0;     // every event's markers together
  bool offence_codes = false, victims = false, suspects = false;
};
LoadedFacts LoadedFactsOf(const Frame& frame);

// Why nothing can meet `expression` in `frame` ("no ed_attendance records are loaded"), or "" when
// it could: every conjunct of an `and` must be loadable and one child of an `or`; a named
// definition is read through `catalog`; `not`, and tests the rules below do not know, count as
// loadable. The rules: a kind, or an extract, no loaded event has; offence codes when no loaded
// extract gives them; a marker no loaded event carries; a victim's or suspect's age or sex when
// no loaded event names one.
std::string WhyNotLoaded(const std::string& expression, const DefinitionCatalog& catalog,
                         const Frame& frame, const LoadedFacts& facts);

}  // namespace cairn
