#include "present/list_render.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "util/csv.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

namespace {

using Json = nlohmann::ordered_json;

std::string PersonText(const Frame& frame, uint32_t person) {
  const Pseudonym& p = frame.persons.pseudonym[person];
  return ToHex(p.data(), p.size());
}

std::string Harm(double days) {
  if (std::isnan(days)) return "no harm weight";
  char buf[32];
  std::snprintf(buf, sizeof buf, "harm %.0f", days);
  return buf;
}

// "Fellshire Constabulary / recorded-crime / FC-2024-000123": enough for the partner that holds
// the record to find it.
std::string RecordText(const std::string& source, const std::string& extract,
                       const std::string& reference) {
  return source + " / " + extract + " / " + (reference.empty() ? "(no reference)" : reference);
}

std::string WhyText(const MatacRow& r) {
  std::vector<std::string> parts;
  for (const MatacEvent& e : r.why) {
    std::string code = e.offence_code.empty() ? "no offence code" : "offence " + e.offence_code;
    parts.push_back(FormatDate(e.minute) + " " + (e.category.empty() ? "incident" : e.category) +
                    " (" + code + ", " + Harm(e.gravity) + "; " +
                    RecordText(e.source, e.extract, e.reference) + ")");
  }
  return Join(parts, "; ");
}

std::string ChangeText(const MatacRow& r) {
  if (!r.score_change) return "new";
  return (*r.score_change > 0 ? "+" : "") + std::to_string(*r.score_change);
}

}  // namespace

ListTable MatacTable(const MatacList& list, const Frame& frame) {
  ListTable t;
  t.columns = {"rank",         "person",      "score",  "recency",     "frequency",
               "gravity",      "victims",     "events", "first_event", "last_event",
               "score_change", "age_unknown", "why"};
  for (const MatacRow& r : list.rows)
    t.rows.push_back({std::to_string(r.rank), PersonText(frame, r.person), std::to_string(r.score),
                      std::to_string(r.recency), std::to_string(r.frequency),
                      std::to_string(r.gravity), std::to_string(r.victims),
                      std::to_string(r.events), FormatDate(r.first_event), FormatDate(r.last_event),
                      ChangeText(r), r.age_unknown ? "yes" : "no", WhyText(r)});
  return t;
}

std::vector<std::string> MatacPreamble(const MatacList& list) {
  std::vector<std::string> lines = {
      "MATAC serial domestic abuse perpetrators as of " + FormatDate(list.as_of) +
          " (incidents from " + FormatDate(list.window_start + 1) + "); score change since " +
          FormatDate(list.previous_as_of),
      "scales: " + list.scales,
      "record-level: for the partnership inside its data-sharing agreement, not for publication"};
  for (const auto& note : list.notes) lines.push_back("note: " + note);
  if (list.rows.empty()) lines.push_back("no one meets the MATAC definition in this window");
  return lines;
}

std::string MatacToJson(const MatacList& list, const Frame& frame) {
  Json rows = Json::array();
  for (const MatacRow& r : list.rows) {
    Json why = Json::array();
    for (const MatacEvent& e : r.why)
      why.push_back({{"date", FormatDate(e.minute)},
                     {"category", e.category},
                     {"offence_code", e.offence_code},
                     {"harm", std::isnan(e.gravity) ? Json(nullptr) : Json(e.gravity)},
                     {"source", e.source},
                     {"extract", e.extract},
                     {"reference", e.reference},
                     {"victims", e.victims}});
    rows.push_back({{"rank", r.rank},
                    {"person", PersonText(frame, r.person)},
                    {"score", r.score},
                    {"recency", r.recency},
                    {"frequency", r.frequency},
                    {"gravity", r.gravity},
                    {"victim_points", r.victim_points},
                    {"victims", r.victims},
                    {"events", r.events},
                    {"first_event", FormatDate(r.first_event)},
                    {"last_event", FormatDate(r.last_event)},
                    {"score_change", r.score_change ? Json(*r.score_change) : Json(nullptr)},
                    {"age_unknown", r.age_unknown},
                    {"why", std::move(why)}});
  }
  Json out = {{"list", "matac"},
              {"as_of", FormatDate(list.as_of)},
              {"window_from", FormatDate(list.window_start + 1)},
              {"previous_as_of", FormatDate(list.previous_as_of)},
              {"scales", list.scales},
              {"record_level", true},
              {"notes", list.notes},
              {"rows", std::move(rows)}};
  return out.dump(2) + "\n";
}

ListTable Da30Table(const Da30List& list, const Frame& frame) {
  ListTable t;
  t.columns = {"person",   "offence_date",  "days_remaining", "offences_in_window",
               "referred", "referral_date", "programme",      "category",
               "record"};
  for (const Da30Row& r : list.rows)
    t.rows.push_back({PersonText(frame, r.person), FormatDate(r.offence),
                      std::to_string(r.days_remaining), std::to_string(r.offences_in_window),
                      r.referred ? "yes" : "no", r.referred ? FormatDate(r.referral) : "",
                      r.programme, r.category, RecordText(r.source, r.extract, r.reference)});
  return t;
}

std::vector<std::string> Da30Preamble(const Da30List& list) {
  std::vector<std::string> lines = {
      "Perpetrators of a domestic abuse crime in the " + std::to_string(list.window_days) +
          " days to " + FormatDate(list.as_of) + ": " + std::to_string(list.rows.size()) + ", " +
          std::to_string(list.referred) + " referred to a specialist service within the window",
      "record-level: for the partnership inside its data-sharing agreement, not for publication"};
  for (const auto& note : list.notes) lines.push_back("note: " + note);
  return lines;
}

std::string Da30ToJson(const Da30List& list, const Frame& frame) {
  Json rows = Json::array();
  for (const Da30Row& r : list.rows)
    rows.push_back({{"person", PersonText(frame, r.person)},
                    {"offence_date", FormatDate(r.offence)},
                    {"days_remaining", r.days_remaining},
                    {"offences_in_window", r.offences_in_window},
                    {"referred", r.referred},
                    {"referral_date", r.referred ? Json(FormatDate(r.referral)) : Json(nullptr)},
                    {"programme", r.referred ? Json(r.programme) : Json(nullptr)},
                    {"category", r.category},
                    {"source", r.source},
                    {"extract", r.extract},
                    {"reference", r.reference}});
  Json out = {{"list", "da30"},
              {"as_of", FormatDate(list.as_of)},
              {"window_days", list.window_days},
              {"perpetrators", list.rows.size()},
              {"referred", list.referred},
              {"record_level", true},
              {"notes", list.notes},
              {"rows", std::move(rows)}};
  return out.dump(2) + "\n";
}

namespace {

const char* RepeatName(RepeatKind kind) {
  switch (kind) {
    case RepeatKind::kVictims:
      return "repeat-victims";
    case RepeatKind::kSuspects:
      return "repeat-suspects";
    case RepeatKind::kSafeguarding:
      return "victims-or-vulnerable";
    case RepeatKind::kPremises:
      return "repeat-premises";
    case RepeatKind::kLocations:
      break;
  }
  return "repeat-locations";
}

const char* RepeatSubjects(RepeatKind kind) {
  switch (kind) {
    case RepeatKind::kVictims:
      return "victims";
    case RepeatKind::kSuspects:
      return "suspects or offenders";
    case RepeatKind::kSafeguarding:
      return "victims or vulnerable people";
    case RepeatKind::kPremises:
      return "premises";
    case RepeatKind::kLocations:
      break;
  }
  return "locations";
}

std::string Percent(int64_t part, int64_t whole) {
  if (whole <= 0) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f",
                100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

// "2024-05-31 Burglary (Fellshire Constabulary / recorded-crime / FC-2024-799509); ...", built in
// one string: a repeat list can have hundreds of thousands of rows.
std::string RepeatWhy(const RepeatRow& r) {
  std::string out;
  for (size_t i = 0; i < r.why.size(); ++i) {
    const RepeatEvent& e = r.why[i];
    if (i > 0) out += "; ";
    out += FormatDate(e.minute);
    out += ' ';
    out += e.category.empty() ? std::string_view("event") : e.category;
    out += " (";
    out += e.source;
    out += " / ";
    out += e.extract;
    out += " / ";
    out += e.reference.empty() ? std::string_view("(no reference)") : e.reference;
    out += ')';
  }
  return out;
}

}  // namespace

ListTable RepeatTable(const RepeatList& list, const Frame& frame) {
  ListTable t;
  t.columns = {"rank",        IsPlaceKind(list.kind) ? "location" : "person",
               "events",      "share_percent",
               "first_event", "last_event",
               "why"};
  for (const RepeatRow& r : list.rows)
    t.rows.push_back({std::to_string(r.rank),
                      IsPlaceKind(list.kind) ? r.location : PersonText(frame, r.person),
                      std::to_string(r.events), Percent(r.events, list.events),
                      FormatDate(r.first_event), FormatDate(r.last_event), RepeatWhy(r)});
  return t;
}

std::vector<std::string> RepeatPreamble(const RepeatList& list) {
  if (list.events == 0) {
    std::vector<std::string> lines = {
        std::string(RepeatName(list.kind)) + ": no selected events with " +
        RepeatSubjects(list.kind) + " recorded in the " + std::to_string(list.window_months) +
        " months to " + FormatDate(list.as_of) + ", so there is no one to list"};
    for (const auto& note : list.notes) lines.push_back("note: " + note);
    return lines;
  }
  std::vector<std::string> lines = {
      std::string(RepeatName(list.kind)) + ": " + RepeatSubjects(list.kind) + " with " +
          std::to_string(list.min_events) + " or more events in the " +
          std::to_string(list.window_months) + " months to " + FormatDate(list.as_of) + ": " +
          std::to_string(list.rows.size()) + " of " + std::to_string(list.subjects) + ", in " +
          std::to_string(list.repeat_events) + " of the " + std::to_string(list.events) +
          " events with " + RepeatSubjects(list.kind) + " recorded (" +
          Percent(list.repeat_events, list.events) + "%)",
      "record-level: for the partnership inside its data-sharing agreement, not for publication"};
  for (const auto& note : list.notes) lines.push_back("note: " + note);
  return lines;
}

namespace {

Json RepeatRowsJson(const RepeatList& list, const Frame& frame) {
  Json rows = Json::array();
  for (const RepeatRow& r : list.rows) {
    Json why = Json::array();
    for (const RepeatEvent& e : r.why)
      why.push_back({{"date", FormatDate(e.minute)},
                     {"category", e.category},
                     {"source", e.source},
                     {"extract", e.extract},
                     {"reference", e.reference}});
    Json row = {{"rank", r.rank}};
    if (list.kind == RepeatKind::kPremises) {
      row["premises"] = r.location;
      Json people = Json::array();
      for (uint32_t person : r.people) people.push_back(PersonText(frame, person));
      row["people"] = std::move(people);
    } else if (list.kind == RepeatKind::kLocations) {
      row["location"] = r.location;
    } else {
      row["person"] = PersonText(frame, r.person);
      if (list.kind == RepeatKind::kSafeguarding) row["roles"] = r.roles;
    }
    row["events"] = r.events;
    row["first_event"] = FormatDate(r.first_event);
    row["last_event"] = FormatDate(r.last_event);
    row["why"] = std::move(why);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::string RepeatToJson(const RepeatList& list, const Frame& frame) {
  Json out = {{"list", RepeatName(list.kind)},
              {"as_of", FormatDate(list.as_of)},
              {"window_months", list.window_months},
              {"min_events", list.min_events},
              {"events", list.events},
              {"subjects", list.subjects},
              {"repeat_events", list.repeat_events},
              {"record_level", true},
              {"notes", list.notes},
              {"rows", RepeatRowsJson(list, frame)}};
  return out.dump(2) + "\n";
}

// One row per person (type "person", with their roles) and per premises (type "premises", with
// the victims and vulnerable people recorded there); `why` lists the linked crimes.
ListTable CountyLinesTable(const CountyLinesList& list, const Frame& frame) {
  ListTable t;
  t.columns = {"type",   "rank",        "subject",    "roles_or_people",
               "events", "first_event", "last_event", "why"};
  for (const auto* part : {&list.people, &list.premises}) {
    const ListTable rows = RepeatTable(*part, frame);
    for (size_t i = 0; i < rows.rows.size(); ++i) {
      const auto& row = rows.rows[i];  // rank,subject,events,share,first,last,why
      const RepeatRow& r = part->rows[i];
      std::vector<std::string> people;
      for (uint32_t person : r.people) people.push_back(PersonText(frame, person));
      t.rows.push_back({part == &list.people ? "person" : "premises", row[0], row[1],
                        part == &list.people ? r.roles : Join(people, " "), row[2], row[4], row[5],
                        row[6]});
    }
  }
  return t;
}

std::vector<std::string> CountyLinesPreamble(const CountyLinesList& list) {
  const RepeatList& p = list.people;
  std::vector<std::string> lines = {
      "County lines, the " + std::to_string(p.window_months) + " months to " + FormatDate(p.as_of) +
          ": " + std::to_string(p.rows.size()) +
          " people recorded as victims or vulnerable in county-lines events (" +
          std::to_string(p.events) + " events with such a person recorded), " +
          std::to_string(list.premises.rows.size()) + " premises with " +
          std::to_string(list.premises.min_events) + " or more",
      "record-level: for the partnership inside its data-sharing agreement, not for publication"};
  for (const auto& note : p.notes)
    if (note.find("shares") == std::string::npos) lines.push_back("note: " + note);
  if (list.premises.events == 0)
    lines.push_back(
        "note: no county-lines event in these " + std::to_string(p.window_months) +
        " months names its premises, so none can be listed (if none ever does, map `premises` "
        "to the address column in the police extract's profile; an earlier --as-of looks at "
        "earlier months; street locations are in cairn list repeat-locations --where "
        "marker.county_lines)");
  return lines;
}

std::string CountyLinesToJson(const CountyLinesList& list, const Frame& frame) {
  nlohmann::ordered_json out = {{"list", "county-lines"},
                                {"as_of", FormatDate(list.people.as_of)},
                                {"window_months", list.people.window_months},
                                {"record_level", true},
                                {"people", RepeatRowsJson(list.people, frame)},
                                {"premises", RepeatRowsJson(list.premises, frame)}};
  return out.dump(2) + "\n";
}

namespace {

std::string VictimText(const AsbReviewRow& r, const Frame& frame) {
  return r.premises ? r.premises_id : PersonText(frame, r.person);
}

// "2024-05-02 Noise, hate-motivated, reported 2024-05-03 (Fellshire Council / asb-incidents /
// C-1; same incident: Fellshire Constabulary / asb-incidents / P-7 reported 2024-05-05)"
std::string AsbWhy(const AsbReviewRow& r) {
  std::vector<std::string> parts;
  for (const AsbIncident& incident : r.why) {
    std::vector<std::string> records;
    for (const AsbReport& report : incident.reports) {
      std::string text = RecordText(report.source, report.extract, report.reference);
      if (!report.counted)
        text = "same incident: " + text + " reported " + FormatDate(report.reported);
      records.push_back(std::move(text));
    }
    parts.push_back(FormatDate(incident.incident) + " " +
                    (incident.category.empty() ? "ASB" : incident.category) +
                    (incident.hate ? ", hate-motivated" : "") + ", reported " +
                    FormatDate(incident.reported) + " (" + Join(records, "; ") + ")");
  }
  return Join(parts, "; ");
}

}  // namespace

ListTable AsbReviewTable(const AsbReviewList& list, const Frame& frame) {
  ListTable t;
  t.columns = {
      "rank",         "victim_type", "victim",         "lsoa",    "incidents",        "reports",
      "first_report", "last_report", "hate_motivated", "applied", "application_date", "decision",
      "why"};
  for (const AsbReviewRow& r : list.rows)
    t.rows.push_back({std::to_string(r.rank), r.premises ? "premises" : "person",
                      VictimText(r, frame), r.lsoa, std::to_string(r.incidents),
                      std::to_string(r.reports), FormatDate(r.first_report),
                      FormatDate(r.last_report), r.hate ? "yes" : "no", r.applied ? "yes" : "no",
                      r.applied ? FormatDate(r.application) : "", r.decision, AsbWhy(r)});
  return t;
}

std::vector<std::string> AsbReviewPreamble(const AsbReviewList& list) {
  std::vector<std::string> lines = {
      "ASB case review (Community Trigger) as of " + FormatDate(list.as_of) + ": " +
          std::to_string(list.rows.size()) + " victims with " + std::to_string(list.threshold) +
          " or more separate incidents reported from " + FormatDate(list.window_start + 1) + " (" +
          std::to_string(list.window_months) + " months), each within " +
          std::to_string(list.report_within_days) + " days of the incident" +
          (list.multi_agency_once ? ", one incident reported by several agencies counted once"
                                  : ""),
      std::to_string(list.reports_in_window) + " reports in the window (" +
          std::to_string(list.late_reports) + " too late to count, " +
          std::to_string(list.merged_reports) + " the same incident again), " +
          std::to_string(list.victims) + " victims",
      "record-level: for the partnership inside its data-sharing agreement, not for publication"};
  for (const auto& note : list.notes) lines.push_back("note: " + note);
  for (const AsbReviewYear& y : list.years)
    lines.push_back("case reviews " + y.year + ": " + std::to_string(y.applications) +
                    " applications, " + std::to_string(y.threshold_met) + " threshold met, " +
                    std::to_string(y.reviews_held) + " reviews held, " +
                    std::to_string(y.with_recommendations) + " with recommendations");
  return lines;
}

std::string AsbReviewToJson(const AsbReviewList& list, const Frame& frame) {
  Json rows = Json::array();
  for (const AsbReviewRow& r : list.rows) {
    Json why = Json::array();
    for (const AsbIncident& incident : r.why) {
      Json reports = Json::array();
      for (const AsbReport& report : incident.reports)
        reports.push_back({{"reported", FormatDate(report.reported)},
                           {"counted", report.counted},
                           {"source", report.source},
                           {"extract", report.extract},
                           {"reference", report.reference}});
      why.push_back({{"incident", FormatDate(incident.incident)},
                     {"reported", FormatDate(incident.reported)},
                     {"category", incident.category},
                     {"hate_motivated", incident.hate},
                     {"reports", std::move(reports)}});
    }
    rows.push_back({{"rank", r.rank},
                    {"victim_type", r.premises ? "premises" : "person"},
                    {"victim", VictimText(r, frame)},
                    {"lsoa", r.lsoa},
                    {"incidents", r.incidents},
                    {"reports", r.reports},
                    {"first_report", FormatDate(r.first_report)},
                    {"last_report", FormatDate(r.last_report)},
                    {"hate_motivated", r.hate},
                    {"applied", r.applied},
                    {"application_date", r.applied ? Json(FormatDate(r.application)) : Json()},
                    {"decision", r.applied ? Json(r.decision) : Json()},
                    {"why", std::move(why)}});
  }
  Json years = Json::array();
  for (const AsbReviewYear& y : list.years)
    years.push_back({{"year", y.year},
                     {"applications", y.applications},
                     {"threshold_met", y.threshold_met},
                     {"reviews_held", y.reviews_held},
                     {"with_recommendations", y.with_recommendations}});
  Json out = {{"list", "asb-review"},
              {"as_of", FormatDate(list.as_of)},
              {"window_from", FormatDate(list.window_start + 1)},
              {"threshold", list.threshold},
              {"window_months", list.window_months},
              {"report_within_days", list.report_within_days},
              {"multi_agency_once", list.multi_agency_once},
              {"reports_in_window", list.reports_in_window},
              {"late_reports", list.late_reports},
              {"merged_reports", list.merged_reports},
              {"victims", list.victims},
              {"record_level", true},
              {"notes", list.notes},
              {"rows", std::move(rows)},
              {"published_figures", std::move(years)}};
  return out.dump(2) + "\n";
}

std::string ListToCsv(const ListTable& table) {
  size_t bytes = 0;
  for (const auto& row : table.rows)
    for (const std::string& cell : row) bytes += cell.size() + 1;
  std::string out = CsvLine(table.columns);
  out.reserve(out.size() + bytes + bytes / 16);  // room for a few quotes
  for (const auto& row : table.rows) AppendCsvLine(row, &out);
  return out;
}

}  // namespace cairn
