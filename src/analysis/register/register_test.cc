#include "analysis/register/register.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "analysis/register/due.h"
#include "util/dates.h"

namespace cairn {
namespace {

RegisterRules Rules() {
  RegisterRules rules;
  rules.agencies = {{"pcc", "Office of the PCC"}, {"police", "Constabulary"}};
  rules.amber_within_days = 28;
  RegisterClock response;
  response.name = "pcc-response";
  response.what = "response";
  response.kind = "inspection";
  response.from = "published";
  response.until = "response_published";
  response.days = 56;
  response.beginning_with = true;
  response.confirmed = true;
  rules.clocks.push_back(response);
  return rules;
}

int64_t Day(const std::string& date) { return RegisterDay(date).value(); }

RegisterRevision Inspection(const std::string& id, const std::string& published,
                            const std::string& response_published = "") {
  RegisterRevision r;
  r.item = id;
  r.kind = "inspection";
  r.fields = {{"title", "PEEL"},
              {"inspectorate", "HMICFRS"},
              {"type", "force"},
              {"owner", "pcc"},
              {"status", "open"},
              {"published", published},
              {"response_published", response_published}};
  if (response_published.empty()) r.fields.erase("response_published");
  return r;
}

std::string ResponseDue(const std::string& published) {
  Register reg({Inspection("I", published)});
  auto entries = RegisterClocks(reg, Rules(), Day(published));
  EXPECT_EQ(entries.size(), 1u);
  return entries.empty() ? "" : entries[0].due;
}

// Police Act 1996 s.55(5A): "before the end of 56 days beginning with the day the report is
// published": the publication day is day 1, so the last day is publication + 55. Expected days
// counted by hand on a calendar, across month ends, a year end and 29 February.
TEST(RegisterClocks, TheResponseIsDueFiftySixDaysBeginningWithPublication) {
  EXPECT_EQ(ResponseDue("2024-12-12"), "2025-02-05");  // across the year end
  EXPECT_EQ(ResponseDue("2023-12-31"), "2024-02-24");
  EXPECT_EQ(ResponseDue("2024-01-05"), "2024-02-29");  // a leap year's 29 February
  EXPECT_EQ(ResponseDue("2023-01-05"), "2023-03-01");  // no 29 February
  EXPECT_EQ(ResponseDue("2024-03-07"), "2024-05-01");
  EXPECT_EQ(ResponseDue("2024-11-30"), "2025-01-24");
}

TEST(RegisterClocks, AResponseOnTheLastDayIsOnTimeAndTheNextDayIsLate) {
  Register reg({Inspection("ON", "2024-12-12", "2025-02-05"),
                Inspection("LATE", "2024-12-12", "2025-02-06")});
  auto entries = RegisterClocks(reg, Rules(), Day("2025-03-01"));
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].state, DueState::kMetOnTime);
  EXPECT_EQ(DueInWords(entries[0]), "met on time");
  EXPECT_EQ(entries[1].state, DueState::kMetLate);
  EXPECT_EQ(DueInWords(entries[1]), "met 1 day late");
}

TEST(RegisterClocks, AnUnpublishedResponseIsDueSoonThenOverdue) {
  Register reg({Inspection("I", "2024-12-12")});
  auto soon = RegisterClocks(reg, Rules(), Day("2025-01-31"));
  ASSERT_EQ(soon.size(), 1u);
  EXPECT_EQ(DueInWords(soon[0]), "due in 5 days");
  EXPECT_EQ(Rag(soon[0]), "amber");
  auto today = RegisterClocks(reg, Rules(), Day("2025-02-05"));
  EXPECT_EQ(DueInWords(today[0]), "due today");
  auto late = RegisterClocks(reg, Rules(), Day("2025-02-08"));
  EXPECT_EQ(DueInWords(late[0]), "overdue by 3 days");
  EXPECT_EQ(Rag(late[0]), "red");
  auto early = RegisterClocks(reg, Rules(), Day("2024-12-13"));
  EXPECT_EQ(Rag(early[0]), "green");
}

TEST(RegisterClocks, MonthsEndOnTheSameDayOrTheMonthsLast) {
  EXPECT_EQ(RegisterDate(AddMonths(Day("2024-01-31"), 1)), "2024-02-29");
  EXPECT_EQ(RegisterDate(AddMonths(Day("2023-01-31"), 1)), "2023-02-28");
  EXPECT_EQ(RegisterDate(AddMonths(Day("2024-08-25"), 6)), "2025-02-25");
  EXPECT_EQ(RegisterDate(AddMonths(Day("2024-12-15"), 1)), "2025-01-15");
}

TEST(RegisterClocks, AClosedActionIsDoneNotOverdue) {
  RegisterRevision action{0,  "A", "action", {{"due", "2024-01-01"}, {"status", "closed"}},
                          "", "",  "",       ""};
  RegisterRevision open = action;
  open.item = "B";
  open.fields["status"] = "in-progress";
  auto entries = RegisterClocks(Register({action, open}), Rules(), Day("2024-02-01"));
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].state, DueState::kDone);
  EXPECT_EQ(DueInWords(entries[1]), "overdue by 31 days");
}

// A clock naming a kind or a column that does not exist would never run: refused by name.
TEST(RegisterClocks, AMistypedClockIsRefusedNotSilentlyIdle) {
  RegisterRules rules = Rules();
  EXPECT_TRUE(CheckClocks(rules, "register.toml").ok());
  rules.clocks[0].from = "publshed";
  Status st = CheckClocks(rules, "register.toml");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("register.toml: clock \"pcc-response\": \"publshed\" is not a date "
                              "column of inspections"),
            std::string::npos)
      << st.message();
  rules.clocks[0].from = "published";
  rules.clocks[0].kind = "inspections";
  EXPECT_FALSE(CheckClocks(rules, "register.toml").ok());
  rules.clocks[0].kind = "inspection";
  rules.clocks[0].until = "title";  // a column, but not a date
  EXPECT_FALSE(CheckClocks(rules, "register.toml").ok());
}

// Agency codes are matched in lower case however the configuration spells them.
TEST(RegisterRules, AgencyCodesAreReadInLowerCase) {
  const std::string path = ::testing::TempDir() + "/cairn-register-rules.toml";
  {
    std::ofstream out(path);
    out << "[agencies]\nPCC = \"Office of the PCC\"\n";
  }
  auto rules = RegisterRules::Load(path);
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  const KpiCatalogue kpis;
  RegisterColumn owner{"owner", ColumnType::kAgency, true, {}, ""};
  EXPECT_EQ(*ReadRegisterValue(owner, "PCC", *rules, kpis), "pcc");
  std::remove(path.c_str());
}

TEST(RegisterValues, AreReadAsSheetsGiveThemAndRefusedWithWhatWasExpected) {
  const RegisterRules rules = Rules();
  const KpiCatalogue kpis;
  auto read = [&](ColumnType type, const std::string& text, std::vector<std::string> choices = {}) {
    RegisterColumn c{"c", type, false, std::move(choices), ""};
    return ReadRegisterValue(c, text, rules, kpis);
  };
  EXPECT_EQ(*read(ColumnType::kDate, "12/03/2024"), "2024-03-12");
  EXPECT_EQ(*read(ColumnType::kDate, "2024-03-12"), "2024-03-12");
  EXPECT_EQ(*read(ColumnType::kDate, "2024-03-12 00:00:00"), "2024-03-12");
  EXPECT_NE(read(ColumnType::kDate, "45363").status().message().find("serial number"),
            std::string::npos);
  EXPECT_FALSE(read(ColumnType::kDate, "31/02/2024").ok());
  EXPECT_EQ(*read(ColumnType::kStatus, "In progress"), "in-progress");
  EXPECT_EQ(*read(ColumnType::kStatus, "Completed"), "done");
  EXPECT_FALSE(read(ColumnType::kStatus, "sort of").ok());
  EXPECT_EQ(*read(ColumnType::kMoney,
                  "\xc2\xa3"
                  "12,500.50"),
            "12500.50");
  EXPECT_EQ(*read(ColumnType::kMoney, "95000"), "95000");
  EXPECT_FALSE(read(ColumnType::kMoney, "-3").ok());
  EXPECT_EQ(*read(ColumnType::kYear, "2024-25"), "2024/25");
  EXPECT_FALSE(read(ColumnType::kYear, "2024/26").ok());
  EXPECT_EQ(*read(ColumnType::kAgency, "Police"), "police");
  EXPECT_EQ(*read(ColumnType::kAgency, "Office of the PCC"), "pcc");
  EXPECT_FALSE(read(ColumnType::kAgency, "nobody").ok());
  EXPECT_EQ(*read(ColumnType::kChoice, "Lived experience", {"lived-experience"}),
            "lived-experience");
  EXPECT_FALSE(read(ColumnType::kKpis, "p9-nothing").ok());
  // With no catalogue read (empty, or refused for a problem) a KPI id cannot be checked: the
  // reason says so, rather than that the KPI is unknown.
  EXPECT_NE(read(ColumnType::kKpis, "p1-drug-alcohol-referrals")
                .status()
                .message()
                .find("cannot be checked: the KPI catalogue (config/kpis) is empty or not read"),
            std::string::npos);
  EXPECT_EQ(*read(ColumnType::kKpis, ""), "");
  EXPECT_FALSE(read(ColumnType::kLink, "ftp://x").ok());
  EXPECT_FALSE(read(ColumnType::kId, "has space").ok());
}

// A sheet as the reader hands it over: header then rows, line numbers as in the file.
RegisterSheet Sheet(const std::string& kind, std::vector<std::vector<std::string>> rows) {
  RegisterSheet sheet{"register.xlsx", kind, kind, {}, {}};
  long line = 1;
  for (auto& cells : rows) sheet.rows.push_back({line++, std::move(cells), {}});
  return sheet;
}

const RegisterReject* RejectAt(const RegisterImport& in, long line, const std::string& column) {
  for (const RegisterReject& r : in.rejects)
    if (r.line == line && (column.empty() ? r.column.empty() : r.column.rfind(column, 0) == 0))
      return &r;
  return nullptr;
}

TEST(RegisterImport, KeepsGoodRowsAndSaysWhereAndWhyEachBadRowWasKeptAside) {
  std::vector<RegisterSheet> sheets = {
      Sheet("Inspections",
            {{"id", "title", "inspectorate", "type", "published", "owner", "status"},
             {"INS-1", "PEEL", "HMICFRS", "force", "12/12/2024", "pcc", "open"},
             {"INS-2", "Bad date", "HMICFRS", "force", "2024-13-01", "pcc", "open"}}),
      Sheet("Recommendations",
            {{"id", "source", "inspection", "text", "owner", "status"},
             {"REC-1", "inspection", "INS-1", "Do better", "police", "open"},
             {"REC-2", "inspection", "INS-2", "Points at a rejected row", "police", "open"},
             {"REC-3", "inspection", "INS-1", "Unknown owner", "nobody", "open"},
             {"REC-4", "inspection", "", "No inspection given", "police", "open"}}),
      Sheet("Actions",
            {{"id", "answers", "text", "owner", "due", "status"},
             {"ACT-1", "REC-1", "Good", "police", "2025-03-31", "open"},
             {"ACT-2", "REC-9", "No such recommendation", "police", "2025-03-31", "open"},
             {"ACT-3", "INS-1", "Answers an inspection", "police", "2025-03-31", "open"},
             {"ACT-1", "REC-1", "The same id again", "police", "2025-03-31", "open"}}),
      Sheet("Notes", {{"anything"}, {"at all"}}),
  };
  RegisterImport in = CheckRegisterSheets(sheets, Register({}), Rules(), KpiCatalogue(), "me");
  std::vector<std::string> kept;
  for (const RegisterRevision& r : in.revisions) kept.push_back(r.item);
  EXPECT_EQ(kept, (std::vector<std::string>{"INS-1", "REC-1", "ACT-1"}));
  EXPECT_EQ(in.revisions[0].fields.at("published"), "2024-12-12");
  EXPECT_EQ(in.revisions[0].origin, "register.xlsx, sheet Inspections, row 2");
  ASSERT_NE(RejectAt(in, 3, "published (column E)"), nullptr);
  const RegisterReject* rejected_parent = RejectAt(in, 3, "inspection");
  ASSERT_NE(rejected_parent, nullptr);
  EXPECT_EQ(rejected_parent->sheet, "Recommendations");
  EXPECT_NE(rejected_parent->reason.find("INS-2 was rejected (sheet Inspections, row 3)"),
            std::string::npos);
  ASSERT_NE(RejectAt(in, 4, "owner (column E)"), nullptr);
  ASSERT_NE(RejectAt(in, 5, "inspection"), nullptr);
  ASSERT_NE(RejectAt(in, 3, "answers"), nullptr);
  EXPECT_NE(RejectAt(in, 3, "answers")->reason.find("REC-9 is neither"), std::string::npos);
  ASSERT_NE(RejectAt(in, 4, "answers"), nullptr);
  EXPECT_NE(
      RejectAt(in, 4, "answers")
          ->reason.find("INS-1 is an inspection; expected a recommendation, lesson or engagement"),
      std::string::npos);
  ASSERT_NE(RejectAt(in, 5, "id"), nullptr);
  ASSERT_EQ(in.notes.size(), 1u);
  EXPECT_NE(in.notes[0].find("sheet Notes was skipped"), std::string::npos);
}

TEST(RegisterImport, MergedCellsAndCellsWithoutAValueAreRefusedNotReadAsBlank) {
  RegisterSheet sheet = Sheet("Actions", {{"id", "answers", "text", "owner", "due", "status"},
                                          {"ACT-1", "REC-1", "One", "police", "2025-03-31", "open"},
                                          {"ACT-2", "REC-1", "Two", "", "2025-03-31", "open"},
                                          {"ACT-3", "REC-1", "Three", "police", "", "open"}});
  sheet.merges.push_back({2, 3, 3, 3, "D2:D3"});  // owner merged down over ACT-2
  sheet.rows[3].problems.push_back({4, "cell E4 holds a formula never calculated"});
  RegisterRevision rec{0, "REC-1", "recommendation", {{"status", "open"}}, "", "", "", ""};
  RegisterImport in = CheckRegisterSheets({sheet}, Register({rec}), Rules(), KpiCatalogue(), "me");
  ASSERT_EQ(in.revisions.size(), 1u);
  EXPECT_EQ(in.revisions[0].item, "ACT-1");
  const RegisterReject* merged = RejectAt(in, 3, "");
  ASSERT_NE(merged, nullptr);
  EXPECT_NE(merged->reason.find("merged cells D2:D3"), std::string::npos);
  const RegisterReject* formula = RejectAt(in, 4, "due (column E)");
  ASSERT_NE(formula, nullptr);
  EXPECT_NE(formula->reason.find("never calculated"), std::string::npos);
}

TEST(RegisterImport, ASheetWithoutARequiredColumnIsRefusedWhole) {
  RegisterSheet sheet = Sheet("Actions", {{"id", "answers", "text", "owner", "status"},
                                          {"ACT-1", "REC-1", "One", "police", "open"}});
  RegisterImport in = CheckRegisterSheets({sheet}, Register({}), Rules(), KpiCatalogue(), "me");
  EXPECT_TRUE(in.revisions.empty());
  ASSERT_EQ(in.rejects.size(), 1u);
  EXPECT_NE(in.rejects[0].reason.find("no column due"), std::string::npos);
}

TEST(RegisterImport, AnIdKeepsItsKind) {
  RegisterRevision existing{0, "X-1", "lesson", {{"status", "open"}}, "", "", "", ""};
  RegisterSheet sheet = Sheet("Actions", {{"id", "answers", "text", "owner", "due", "status"},
                                          {"X-1", "X-1", "One", "police", "2025-03-31", "open"}});
  RegisterImport in =
      CheckRegisterSheets({sheet}, Register({existing}), Rules(), KpiCatalogue(), "me");
  EXPECT_TRUE(in.revisions.empty());
  ASSERT_NE(RejectAt(in, 2, "id"), nullptr);
  EXPECT_NE(RejectAt(in, 2, "id")->reason.find("already a lesson"), std::string::npos);
}

TEST(RegisterParticipants, FinancialYearsRunAprilToMarch) {
  EXPECT_EQ(FinancialYear(Day("2024-03-31")), "2023/24");
  EXPECT_EQ(FinancialYear(Day("2024-04-01")), "2024/25");
  EXPECT_EQ(FinancialYear(Day("1999-12-31")), "1999/00");
}

}  // namespace
}  // namespace cairn
