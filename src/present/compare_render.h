// `cairn compare` as people and programs read it: the ranking as a table (terminal or CSV), the
// words around it (what is counted, the population used, how stable the area's rank is, its rank
// in every edition loaded, every force left out and why), and all of it as JSON.
#pragma once

#include <string>
#include <vector>

#include "analysis/compare.h"
#include "present/list_render.h"

namespace cairn {

// rank,force,code,count,population,rate_per_1000,lower95,upper95,area,not_ranked
ListTable CompareTable(const ForceComparison& c);
// The lines printed before the table: title, method, the area's rank and its stability, history,
// notes.
std::vector<std::string> ComparePreamble(const ForceComparison& c);
std::string CompareToJson(const ForceComparison& c);

}  // namespace cairn
