// Writers for the operational lists: a table of text cells (for the terminal and CSV) and JSON.
// A list names each person by the pseudonym `cairn pseudonymise --link ...` gives for that person's
// row in a partner's own extract, so only the partner holding the key and the records can
// re-identify them. Lists are record-level: for the partnership inside its data-sharing agreement,
// never for publication.
#pragma once

#include <string>
#include <vector>

#include "analysis/lists/asb_review.h"
#include "analysis/lists/da30.h"
#include "analysis/lists/matac.h"
#include "analysis/lists/repeats.h"
#include "snapshot/frame.h"

namespace cairn {

struct ListTable {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

// rank,person,score,recency,frequency,gravity,victims,events,first_event,last_event,score_change,
// age_unknown,why. score_change is "new" for a perpetrator not on the previous list; why lists the
// qualifying incidents: "YYYY-MM-DD category (offence code, harm; source / extract / reference)".
ListTable MatacTable(const MatacList& list, const Frame& frame);
std::string MatacToJson(const MatacList& list, const Frame& frame);
// The lines printed before a list: the as-of date, the window, the scales, the notes.
std::vector<std::string> MatacPreamble(const MatacList& list);

// person,offence_date,days_remaining,offences_in_window,referred,referral_date,programme,category,
// record (source / extract / reference of the latest offence)
ListTable Da30Table(const Da30List& list, const Frame& frame);
std::string Da30ToJson(const Da30List& list, const Frame& frame);
std::vector<std::string> Da30Preamble(const Da30List& list);

// rank,person|location,events,share_percent,first_event,last_event,why
ListTable RepeatTable(const RepeatList& list, const Frame& frame);
std::string RepeatToJson(const RepeatList& list, const Frame& frame);
std::vector<std::string> RepeatPreamble(const RepeatList& list);

// type (person|premises),rank,subject,events,first_event,last_event,why
ListTable CountyLinesTable(const CountyLinesList& list, const Frame& frame);
std::string CountyLinesToJson(const CountyLinesList& list, const Frame& frame);
std::vector<std::string> CountyLinesPreamble(const CountyLinesList& list);

// rank,victim_type (person|premises),victim,lsoa,incidents,reports,first_report,last_report,
// hate_motivated,applied,application_date,decision,why
ListTable AsbReviewTable(const AsbReviewList& list, const Frame& frame);
std::string AsbReviewToJson(const AsbReviewList& list, const Frame& frame);
// The preamble ends with the published figures, one line a year.
std::vector<std::string> AsbReviewPreamble(const AsbReviewList& list);

// The CSV of a table: the header, then one line per row, through CsvLine (formula-safe).
std::string ListToCsv(const ListTable& table);

}  // namespace cairn
