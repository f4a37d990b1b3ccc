// Writers for the needs assessment document: one self-contained HTML file (inline CSS and SVG, no
// scripts, no network requests; prints to A4 and reads on a phone) and the JSON of the same
// numbers.
//
// JSON structure (every count is under a key named `count` or ending in `_count`; a suppressed
// count is null):
//   { "report": "sna", "title", "public": bool, "suppress_below": int|null,
//     "period": {"from": "YYYY-MM", "to": "YYYY-MM"}, "previous_period": {...},
//     "definition": {"name", "title", "version"},
//     "headline": {"count", "previous_count", "previous_note", "current_note", "change_percent",
//                  "p_value", "significant", "ci95_lower", "ci95_upper", "rate_per_1000",
//                  "rate_note"},
//     (a note is null unless that period is not fully loaded: then this period's count is partial,
//      or null when nothing of it is loaded, and no change is given)
//     "sections": [{"id", "title", "available": bool, "needs", "paragraphs": [...],
//                   "figures": [{"label", "<name>_count", "share"}],
//                   "tables": [{"id", "title", "row_header", "columns": [...],
//                               "rows": [{"label", "cells": [{"column", "count"}], "total_count",
//                                         "change_percent"}],
//                               "column_totals": [{"column", "count"}], "grand_total_count"}]}],
//     (a cell or column total with no data loaded has "count": null and "no_data": true; a table
//      with such a cell has "grand_total_no_data": true)
//     "suppressed": [{"table", "primary_cells", "secondary_cells"}] }
// Keys whose value would be meaningless for a table (row totals of a table without them) are left
// out rather than null.
#pragma once

#include <string>
#include <string_view>

#include "present/sna_document.h"

namespace cairn {

std::string SnaToHtml(const SnaDocument& doc);
std::string SnaToJson(const SnaDocument& doc);
// True when `head` (the start of a file) is an earlier SnaToHtml or SnaToJson output: the HTML
// carries <meta name="generator" content="Cairn sna">, the JSON starts with "report": "sna".
bool IsSnaHtml(std::string_view head);
bool IsSnaJson(std::string_view head);
// The CSV of one table, as the HTML's download link carries it ("[c]" for suppressed).
std::string TableToCsv(const Table& table);
// "yes" / "no" for a row of a table with a p-value column (significance_from), "" when unknown.
std::string SignificantText(const Table& table, size_t row);

}  // namespace cairn
