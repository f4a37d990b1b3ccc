// Inline SVG charts for the report's tables: no scripts, no external resources, scalable (viewBox)
// for phones and print. Every chart has a <title> (the table's title), a <desc> (its alt text) and
// axis labels. Suppressed counts (std::nullopt) are gaps in a line, grey cells in a heat map and
// missing bars.
#pragma once

#include <string>
#include <string_view>

#include "present/sna_document.h"

namespace cairn {

std::string HtmlEscape(std::string_view text);
// A self-contained report page: the shared style (phones, print to A4) plus `extra_css`, a content
// security policy that allows no network request, and `generator_meta`, the <meta> that marks the
// file as an earlier Cairn output of its kind (so it may be replaced, and nothing else).
std::string ReportPage(const std::string& title, std::string_view generator_meta,
                       const std::string& extra_css, const std::string& body);
// One line per column of the table, the rows along the x axis.
std::string LineChartSvg(const Table& table);
// Rows down, columns across, cell shade by count.
std::string HeatmapSvg(const Table& table);
// Horizontal bars, one group per row, one bar per column.
std::string BarChartSvg(const Table& table);
// Horizontal bars of one value column (a rate) with its 95% interval as whiskers: the columns
// bar_value, bar_value + 1, bar_value + 2.
std::string RateBarsSvg(const Table& table);
// The table's map: areas shaded in five quantile classes of their value, hot spots outlined red
// and cold spots blue, north up, in British National Grid metres scaled to fit.
std::string MapSvg(const Table& table);

}  // namespace cairn
