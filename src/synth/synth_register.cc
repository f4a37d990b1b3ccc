// The synthetic county's accountability register (register/*.csv, a CSV per kind as a partnership
// keeps its sheets): an inspection whose response is in progress and one answered on time, SNA and
// strategy recommendations, a published DHR with lessons and one still under way, actions (some
// overdue) naming the KPIs they should move, two years of funding for the programmes the
// referrals name, and engagement sessions whose themes led to actions. Dates are set from the end
// of the period, so `cairn due --as-of` a month after it finds something overdue, something due
// soon and something met. Every name is invented.
#include <filesystem>

#include "synth/synth_internal.h"
#include "util/csv.h"
#include "util/dates.h"
#include "util/files.h"

namespace cairn::synth {

namespace {

using Rows = std::vector<std::vector<std::string>>;

struct RegisterFile {
  const char* name;
  std::vector<std::string> header;
  Rows rows;
};

// The day `offset` days from the end of the period, as a sheet gives it; "" stays "".
class Days {
 public:
  explicit Days(int64_t end_day) : end_(end_day) {}
  std::string operator()(int64_t offset) const { return FormatDate((end_ + offset) * 1440); }

 private:
  int64_t end_;
};

std::vector<RegisterFile> RegisterFiles(const Days& d) {
  return {
      {"inspections.csv",
       {"id", "title", "inspectorate", "type", "published", "link", "key_findings", "owner",
        "status", "response_published", "response"},
       {{"INS-1", "PEEL 2023-25: an inspection of Fellshire Constabulary", "HMICFRS", "force",
         d(-20), "https://hmicfrs.example/peel-2023-25-fellshire",
         "Adequate at preventing crime; requires improvement in recording crime involving "
         "children at risk of exploitation and in the timeliness of domestic abuse risk "
         "assessments.",
         "pcc", "in-progress", "",
         "The Commissioner welcomes the report and has asked the Chief Constable for a plan."},
        {"INS-2", "The police response to county lines (thematic)", "HMICFRS", "thematic", d(-118),
         "https://hmicfrs.example/county-lines-thematic",
         "Forces should share county lines intelligence with partners routinely.", "pcc", "done",
         d(-65),
         "The Commissioner accepts the recommendation; the force already meets monthly "
         "with both councils."}}},
      {"recommendations.csv",
       {"id", "source", "inspection", "text", "priority", "owner", "status", "due", "response"},
       {{"REC-01", "inspection", "INS-1",
         "Record exploitation flags on every crime involving a child at risk", "p2", "police",
         "in-progress", d(120),
         "Training for response officers in flagging exploitation (ACT-01)."},
        {"REC-02", "inspection", "INS-1", "Review domestic abuse risk assessments within 24 hours",
         "p3", "police", "open", d(90), ""},
        {"REC-03", "inspection", "INS-1", "Publish stop and search data by ward monthly", "",
         "police", "closed", "",
         "The force already publishes these figures quarterly with the council."},
        {"REC-04", "inspection", "INS-2", "Share county lines intelligence with partners", "p1",
         "police", "done", d(-60), "Monthly meetings with both councils since October."},
        {"SNA-01", "sna", "", "Reach more people with drug or alcohol needs through the EDs", "p1",
         "public-health", "in-progress", d(60), ""},
        {"SNA-02", "sna", "", "Offer Turnaround to every child arrested for the first time", "p2",
         "youth-justice", "open", d(-10), ""},
        {"STR-01", "strategy", "", "Commission a specialist domestic abuse perpetrator programme",
         "p3", "partnership", "in-progress", d(150), ""}}},
      {"dhrs.csv",
       {"id", "title", "owner", "notified", "decided", "decision", "chair_appointed",
        "report_submitted", "home_office_qa", "published", "status"},
       {{"DHR-2023-01", "Adult A", "partnership", d(-517), d(-494), "hold", d(-457), d(-226),
         d(-111), d(-58), "in-progress"},
        {"DHR-2024-01", "Adult B", "partnership", d(-83), d(-34), "hold", d(-20), "", "", "",
         "in-progress"}}},
      {"lessons.csv",
       {"id", "dhr", "text", "owner", "due", "expected_change", "status"},
       {{"LES-01", "DHR-2023-01", "GP practices ask routinely about domestic abuse", "nhs", d(90),
         "More disclosures in primary care and more referrals to the IDVA service", "open"},
        {"LES-02", "DHR-2023-01",
         "Police and probation share a perpetrator's change of address within 24 hours", "police",
         d(-15), "No perpetrator under management is lost track of", "in-progress"}}},
      {"actions.csv",
       {"id", "answers", "text", "owner", "due", "status", "evidence", "kpis"},
       {{"ACT-01", "REC-01", "Train response officers to flag exploitation", "police", d(45),
         "in-progress", "Two of six shifts trained", "p1-county-lines-victims"},
        {"ACT-02", "REC-02", "MASH reviews every domestic abuse risk assessment next day", "police",
         d(-5), "open", "", "p3-da-victims"},
        {"ACT-03", "REC-04", "Monthly county lines intelligence meeting with the councils",
         "police", d(-60), "done", "Minutes of the October to December meetings",
         "p1-county-lines-crimes"},
        {"ACT-04", "SNA-01", "Alcohol and drug outreach workers in both emergency departments",
         "public-health", d(60), "in-progress", "",
         "p1-drug-alcohol-referrals; p1-treatment-completed"},
        {"ACT-05", "SNA-02", "Forty more Turnaround places", "youth-justice", d(20), "in-progress",
         "", "p2-turnaround-engaged; p2-youth-first-time-entrants"},
        {"ACT-06", "LES-01", "Routine enquiry training for GP practices", "nhs", d(80), "open", "",
         "p3-victim-services-referrals"},
        {"ACT-07", "LES-02", "Daily address-change alert between police and probation", "probation",
         d(-15), "in-progress", "", "p3-da-reoffending"},
        {"ACT-08", "STR-01", "Tender for a perpetrator programme", "partnership", d(150), "open",
         "", "p3-da-perpetrators-referred-30-days"},
        {"ACT-09", "ENG-01", "Review street lighting and CCTV in the town centre", "cumberland",
         d(30), "in-progress", "", "headline-serious-violence"}}},
      {"funding.csv",
       {"id", "year", "recipient", "programme", "allocated", "spent", "note"},
       {{"FUND-2324-01", "2023/24", "police", "1CLIC", "120000", "118500", ""},
        {"FUND-2324-02", "2023/24", "youth-justice", "Turnaround", "95000", "95000", ""},
        {"FUND-2324-03", "2023/24", "public-health", "Drug and Alcohol Treatment", "60000", "58000",
         ""},
        {"FUND-2425-01", "2024/25", "police", "1CLIC", "125000", "90000", ""},
        {"FUND-2425-02", "2024/25", "youth-justice", "Turnaround", "100000", "70000", ""},
        {"FUND-2425-03", "2024/25", "public-health", "Drug and Alcohol Treatment", "65000", "40000",
         ""},
        {"FUND-2425-04", "2024/25", "partnership", "", "45000", "33750",
         "Analyst and coordinator posts"}}},
      {"engagement.csv",
       {"id", "date", "type", "group", "participants", "themes", "we_did", "owner"},
       {{"ENG-01", d(-200), "consultation", "Town centre traders and residents", "46",
         "Feeling unsafe at night; poor lighting near the bus station",
         "A lighting and CCTV review (ACT-09)", "cumberland"},
        {"ENG-02", d(-150), "lived-experience", "Survivors of domestic abuse, through the refuge",
         "7", "Being passed between agencies and repeating their story",
         "One lead professional per family; address-change alerts (ACT-07)", "partnership"},
        {"ENG-03", d(-90), "lived-experience",
         "Young people supported by the youth justice service", "4",
         "Nothing to do in the evenings; fear of older dealers", "", "youth-justice"}}},
  };
}

}  // namespace

Result<std::vector<std::pair<std::string, int64_t>>> WriteRegister(const std::string& dir,
                                                                   const Calendar& calendar) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError(dir + ": cannot create the folder (" + ec.message() + ")");
  std::vector<std::pair<std::string, int64_t>> written;
  for (const RegisterFile& f : RegisterFiles(Days(calendar.EndDay()))) {
    std::string text = CsvLine(f.header);
    for (const auto& row : f.rows) text += CsvLine(row);
    CAIRN_RETURN_IF_ERROR(WriteFile(dir + "/" + f.name, text));
    written.emplace_back(f.name, static_cast<int64_t>(f.rows.size()));
  }
  return written;
}

}  // namespace cairn::synth
