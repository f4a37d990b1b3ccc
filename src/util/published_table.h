// Published tables as ONS and the Home Office lay them out: title and note rows above the header,
// footnote markers glued to names ("Greater Manchester8,9", "Humberside [note 4]", "knife7"),
// missing values written "..", "[x]" or "NA", and the period only in the title ("... year ending
// December 2019"). These helpers read such tables for figures and lookup profiles; pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cairn {

// A name or column heading without footnote markers, whitespace collapsed: "Greater
// Manchester8,9" -> "Greater Manchester", "Stalking and harassment 5" -> "Stalking and
// harassment", "Humberside [note 4]" -> "Humberside", "Number of\n offences involving a knife7" ->
// "Number of offences involving a knife". Digits that follow a hyphen or stand alone ("Mid-2023",
// "0", "90+") are kept.
std::string PublishedName(std::string_view text);

// The key two tables' names for one area share: lower case, "&" as "and", punctuation dropped,
// "City of London" and "London, City of" alike. "Devon & Cornwall" == "Devon and Cornwall".
std::string AreaNameKey(std::string_view name);

// True for the ways publishers write "no figure": "..", ".", "-", "–", "*", "+", "x", "z", "c",
// "u", ":", "NA", "N/A", "n/a", "[x]", "[z]", "[c]", "[u]", "[low]", "[note N]" alone.
bool IsMissingFigure(std::string_view cell);

// A figure as published: "5,287,312", "1.18E-2", " 42 " -> the number; nullopt when the text is
// not one.
std::optional<double> ParseFigure(std::string_view cell);

// The period a title names: "year ending December 2019" (footnotes glued on, "March 181,2,3" for
// "March 18", "year ending Mar 2018") -> "2019-12"; "mid-2023" -> "2023". Empty when none.
std::string YearEndingFrom(std::string_view text);
std::string MidYearFrom(std::string_view text);

// ONS's GSS area codes: a letter and eight digits, e.g. "E23000002".
bool IsAreaCode(std::string_view text);

}  // namespace cairn
