// cairn register and cairn due end to end: the synthetic county's register loads whole; a
// malformed workbook (wrong types, merged cells, a formula where a date should be, a second
// sheet) keeps its good rows and names file, sheet, row and column for the rest; re-imports keep
// an exact history; exports re-import as they are; the documents say what the statute asks and
// the public one holds no count from 1 to 4 and nothing of a DHR before it is published.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "tests/test_util.h"
#include "util/strings.h"

namespace cairn {
namespace {

namespace fs = std::filesystem;
using testing::CsvRows;
using testing::NewStore;
using testing::ReadText;
using testing::RunCairn;
using testing::TempDir;
using testing::WriteText;

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

class RegisterCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto r = RunCairn({"synth", "--out", dir_->File("synth")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override { db_ = NewStore(tmp_); }

  static std::vector<std::string> SynthRegisterFiles() {
    std::vector<std::string> files;
    for (const char* kind :
         {"inspections", "recommendations", "dhrs", "lessons", "actions", "funding", "engagement"})
      files.push_back(dir_->File("synth/register/" + std::string(kind) + ".csv"));
    return files;
  }
  testing::CommandResult Cairn(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunCairn(args);
  }
  testing::CommandResult ImportSynthRegister() {
    std::vector<std::string> args = {"register", "import", "--by", "test"};
    for (const std::string& f : SynthRegisterFiles()) args.push_back(f);
    return Cairn(args);
  }
  // `register list` as id -> row (id,kind,owner,status,due,title,...).
  std::map<std::string, std::vector<std::string>> List() {
    auto r = Cairn({"register", "list", "--format", "csv"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::map<std::string, std::vector<std::string>> out;
    auto rows = CsvRows(r.out);
    for (size_t i = 1; i < rows.size(); ++i) out[rows[i][0]] = rows[i];
    return out;
  }

  static TempDir* dir_;
  TempDir tmp_;
  std::string db_;
};
TempDir* RegisterCli::dir_ = nullptr;

TEST_F(RegisterCli, TheSyntheticCountysRegisterLoadsWhole) {
  auto r = ImportSynthRegister();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("register: 32 new, 0 changed, 0 unchanged, 0 rejected"), std::string::npos)
      << r.err;
  auto items = List();
  EXPECT_EQ(items.size(), 32u);
  EXPECT_EQ(items["ACT-07"][1], "action");
  EXPECT_EQ(items["ACT-07"][2], "probation");
  // Loading the same sheets again changes nothing.
  r = ImportSynthRegister();
  EXPECT_NE(r.err.find("0 new, 0 changed, 32 unchanged"), std::string::npos) << r.err;
}

// The shipped templates (config/register/templates/) are the columns the importer reads, and the
// synthetic county's sheets use them.
TEST_F(RegisterCli, TheShippedTemplatesAreTheImportersColumns) {
  const std::string dir = std::string(CAIRN_SOURCE_DIR) + "/config/register/templates/";
  int templates = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string kind = entry.path().stem().string();
    SCOPED_TRACE(kind);
    auto r = Cairn({"register", "template", kind});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ReadText(entry.path().string()), r.out);
    EXPECT_EQ(FirstLine(ReadText(dir_->File("synth/register/" + kind + ".csv"))),
              r.out.substr(0, r.out.size() - 1));
    r = Cairn({"register", "import", entry.path().string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    ++templates;
  }
  EXPECT_EQ(templates, 7);
}

TEST_F(RegisterCli, DueSaysWhatIsOverdueAndByHowLongAndLabelsUnconfirmedClocks) {
  ASSERT_EQ(ImportSynthRegister().exit_code, 0);
  auto r = Cairn({"due", "--as-of", "2025-01-31", "--all", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::map<std::string, std::vector<std::string>> by_item_and_what;
  for (const auto& row : CsvRows(r.out)) by_item_and_what[row[0] + "|" + row[2]] = row;
  // INS-1 was published on 2024-12-12 (20 days before the period ended): 56 days beginning with
  // that day end on 2025-02-05.
  const auto& ins1 = by_item_and_what["INS-1|PCC's published response to the inspection report"];
  ASSERT_EQ(ins1.size(), 9u);
  EXPECT_EQ(ins1[4], "2025-02-05");
  EXPECT_EQ(ins1[5], "due in 5 days");
  EXPECT_EQ(ins1[6], "amber");
  // INS-2: published 2024-09-05, due 2024-10-30, response published 2024-10-28.
  const auto& ins2 = by_item_and_what["INS-2|PCC's published response to the inspection report"];
  EXPECT_EQ(ins2[4], "2024-10-30");
  EXPECT_EQ(ins2[5], "met on time");
  // ACT-07 was due 2024-12-17 (15 days before the period ended): 45 days overdue on 2025-01-31.
  const auto& act7 =
      by_item_and_what["ACT-07|Daily address-change alert between police and probation"];
  EXPECT_EQ(act7[5], "overdue by 45 days");
  EXPECT_EQ(act7[6], "red");
  // DHR-2024-01: notified 2024-10-10, decided 2024-11-28: a month's clock ends 2024-11-10.
  const auto& dhr =
      by_item_and_what["DHR-2024-01|Decision whether to hold a DHR, notified to the Home Office"];
  EXPECT_EQ(dhr[4], "2024-11-10");
  EXPECT_EQ(dhr[5], "met 18 days late");
  EXPECT_EQ(dhr[8].rfind("not confirmed: ", 0), 0u) << dhr[8];
  // By default, only open clocks within the window: ACT-07 (overdue) yes, REC-01 (90 days) no.
  r = Cairn(
      {"due", "--as-of", "2025-01-31", "--within", "7", "--owner", "police", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> shown;
  for (const auto& row : CsvRows(r.out)) shown.insert(row[0]);
  EXPECT_EQ(shown, (std::set<std::string>{"item", "LES-02", "ACT-02"}));
  EXPECT_EQ(Cairn({"due", "--owner", "nobody"}).exit_code, 2);
}

TEST_F(RegisterCli, AReimportRecordsWhatChangedAndNeverOverwrites) {
  const std::string v1 = tmp_.File("v1/actions.csv"), v2 = tmp_.File("v2/actions.csv");
  fs::create_directories(tmp_.File("v1"));
  fs::create_directories(tmp_.File("v2"));
  WriteText(tmp_.File("recs.csv"),
            "kind,id,source,text,owner,status\nrecommendation,R-1,sna,Do it,police,open\n");
  WriteText(v1, "id,answers,text,owner,due,status\nA-1,R-1,First text,police,31/03/2025,open\n");
  WriteText(v2,
            "id,answers,text,owner,due,status\n"
            "A-1,R-1,First text,police,30/04/2025,In progress\n"
            "A-2,R-1,Another,police,30/04/2025,open\n");
  auto r = Cairn({"register", "import", "--by", "ann", tmp_.File("recs.csv"), v1});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cairn({"register", "import", "--by", "bob", v2});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("A-1 changed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("1 new, 1 changed, 0 unchanged"), std::string::npos) << r.err;
  r = Cairn(
      {"register", "update", "A-1", "--status", "done", "--note", "signed off", "--by", "cat"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cairn({"register", "history", "A-1", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = CsvRows(r.out);
  ASSERT_EQ(rows.size(), 4u);  // header and three revisions
  EXPECT_EQ(rows[1][2], "ann");
  EXPECT_EQ(rows[1][3], v1 + ", line 2");
  EXPECT_EQ(rows[2][2], "bob");
  EXPECT_EQ(rows[2][5], "due: 2025-03-31 -> 2025-04-30; status: open -> in-progress");
  EXPECT_EQ(rows[3][2], "cat");
  EXPECT_EQ(rows[3][3], "register update");
  EXPECT_EQ(rows[3][4], "signed off");
  EXPECT_EQ(rows[3][5], "status: in-progress -> done");
  // An update is checked as an imported row would be.
  r = Cairn({"register", "update", "A-1", "--status", "sort of"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("expected a status"), std::string::npos) << r.err;
  EXPECT_EQ(Cairn({"register", "update", "A-9", "--status", "done"}).exit_code, 2);
  EXPECT_EQ(Cairn({"register", "update", "A-1", "--set", "answers=R-404"}).exit_code, 2);
}

// Built with openpyxl, as a partnership's spreadsheet is built with Excel.
TEST_F(RegisterCli, AMalformedWorkbookKeepsItsGoodRowsAndNamesEveryBadCell) {
  const std::string book = tmp_.File("register.xlsx");
  const std::string script =
      "import openpyxl, datetime, sys\n"
      "wb = openpyxl.Workbook()\n"
      "ws = wb.active\n"
      "ws.title = 'Notes'\n"
      "ws.append(['Fill in the other sheets'])\n"
      "ins = wb.create_sheet('Inspections')\n"
      "ins.append(['id','title','inspectorate','type','published','owner','status'])\n"
      "ins.append(['INS-1','PEEL','HMICFRS','force',datetime.date(2024,12,12),'pcc','open'])\n"
      "ins.append(['INS-2','Typed date','HMICFRS','force','soon','pcc','open'])\n"
      "ins.append(['INS-3','A number','HMICFRS','force',45363,'pcc','open'])\n"
      "act = wb.create_sheet('Actions')\n"
      "act.append(['id','answers','text','owner','due','status'])\n"
      "act.append(['ACT-1','INS-1','Wrong kind','police',datetime.date(2025,3,31),'open'])\n"
      "act.append(['ACT-2','REC-1','Good','police',datetime.date(2025,3,31),'open'])\n"
      "act.append(['ACT-3','REC-1','Merged owner','police',datetime.date(2025,3,31),'open'])\n"
      "act.append(['ACT-4','REC-1','Under the merge',None,datetime.date(2025,3,31),'open'])\n"
      "act.merge_cells('D4:D5')\n"
      "act.append(['ACT-5','REC-1','Formula','police','=TODAY()+30','open'])\n"
      "rec = wb.create_sheet('Recommendations')\n"
      "rec.append(['id','source','text','owner','status'])\n"
      "rec.append(['REC-1','sna','On the last sheet','police','open'])\n"
      "wb.save(sys.argv[1])\n";
  WriteText(tmp_.File("make.py"), script);
  ASSERT_EQ(std::system(("/usr/bin/python3 " + tmp_.File("make.py") + " " + book).c_str()), 0);
  auto r = Cairn({"register", "import", book});
  EXPECT_EQ(r.exit_code, 3) << r.err;  // finished, with rejects
  const std::string where = book + ", sheet ";
  for (const std::string& expected : {
           where + "Inspections, row 3, published (column E): expected a date",
           where + "Inspections, row 4, published (column E): expected a date; got 45363, which "
                   "looks like a spreadsheet date serial number",
           where + "Actions, row 2, answers (column B): INS-1 is an inspection",
           where + "Actions, row 5: cell D5 is in merged cells D4:D5",
           where + "Actions, row 6, due (column E):",
           book + ", sheet Notes was skipped",
       })
    EXPECT_NE(r.err.find(expected), std::string::npos) << expected << "\n" << r.err;
  EXPECT_NE(r.err.find("4 new, 0 changed, 0 unchanged, 5 rejected"), std::string::npos) << r.err;
  auto items = List();
  EXPECT_EQ(items.size(), 4u);  // INS-1, ACT-2, ACT-3, REC-1
  EXPECT_TRUE(items.count("INS-1") && items.count("ACT-2") && items.count("ACT-3") &&
              items.count("REC-1"));
  EXPECT_EQ(items["INS-1"][1], "inspection");
}

TEST_F(RegisterCli, AnExportReimportsAsItIs) {
  ASSERT_EQ(ImportSynthRegister().exit_code, 0);
  auto before = List();
  for (const char* name : {"register.csv", "register.xlsx"}) {
    SCOPED_TRACE(name);
    const std::string file = tmp_.File(name);
    auto r = Cairn({"register", "export", "--out", file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    TempDir other;
    const std::string db = NewStore(other);
    r = RunCairn({"--db", db, "register", "import", file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = RunCairn({"--db", db, "register", "list", "--format", "csv"});
    std::map<std::string, std::vector<std::string>> after;
    auto rows = CsvRows(r.out);
    for (size_t i = 1; i < rows.size(); ++i) after[rows[i][0]] = rows[i];
    ASSERT_EQ(after.size(), before.size());
    for (auto& [id, row] : before)
      for (size_t c = 0; c < 6; ++c) EXPECT_EQ(after[id].at(c), row.at(c)) << id << " " << c;
  }
}

TEST_F(RegisterCli, TheResponseSaysForEachRecommendationWhatIsDoneOrWhyNot) {
  ASSERT_EQ(ImportSynthRegister().exit_code, 0);
  const std::string html = tmp_.File("response.html");
  auto r = Cairn({"register", "response", "INS-1", "--as-of", "2025-01-31", "--out", html});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page = ReadText(html);
  for (const char* expected :
       {"PEEL 2023-25: an inspection of Fellshire Constabulary",
        "Not yet published: due by "
        "2025-02-05",
        "https://hmicfrs.example/peel-2023-25-fellshire", "Record exploitation flags",
        "Action proposed: </strong>Training for response officers",
        "No response recorded for this recommendation yet.",
        "Why no action: </strong>The force already publishes",
        "Train response officers to flag exploitation"})
    EXPECT_NE(page.find(expected), std::string::npos) << expected;
  EXPECT_EQ(Cairn({"register", "response", "ACT-01", "--out", html}).exit_code, 2);
}

TEST_F(RegisterCli, ThePublicReportHoldsNoSmallCountAndNothingOfAnUnpublishedReview) {
  ASSERT_EQ(ImportSynthRegister().exit_code, 0);
  const std::string partners = tmp_.File("partners.html"), open = tmp_.File("public.html");
  ASSERT_EQ(Cairn({"register", "report", "--as-of", "2025-01-31", "--out", partners}).exit_code, 0);
  ASSERT_EQ(
      Cairn({"register", "report", "--public", "--as-of", "2025-01-31", "--out", open}).exit_code,
      0);
  const std::string p = ReadText(partners), q = ReadText(open);
  // Partners see the unpublished DHR, the evidence and the small group's size.
  EXPECT_NE(p.find("Adult B"), std::string::npos);
  EXPECT_NE(p.find("Two of six shifts trained"), std::string::npos);
  EXPECT_NE(p.find("<td>4</td>"), std::string::npos);
  // The public do not.
  EXPECT_EQ(q.find("Adult B"), std::string::npos);
  EXPECT_EQ(q.find("DHR-2024-01"), std::string::npos);
  EXPECT_EQ(q.find("Two of six shifts trained"), std::string::npos);
  EXPECT_NE(q.find("fewer than 5"), std::string::npos);
  EXPECT_NE(q.find("Adult A"), std::string::npos);     // published: public
  const std::string body = q.substr(q.find("<body"));  // not the style sheet's sizes
  std::smatch m;
  EXPECT_FALSE(std::regex_search(body, m, std::regex("<td>[1-4]</td>"))) << m.str();
  EXPECT_FALSE(std::regex_search(body, m, std::regex(": [1-4]\\."))) << m.str();
}

TEST_F(RegisterCli, TheBriefsSayWhatIsKnownDoneAndDueAndNeverShowNoDataAsZero) {
  ASSERT_EQ(ImportSynthRegister().exit_code, 0);
  const std::string open = tmp_.File("brief-public.html"), inside = tmp_.File("brief.html");
  ASSERT_EQ(Cairn({"brief", "--public", "--as-of", "2025-01-31", "--out", open}).exit_code, 0);
  ASSERT_EQ(Cairn({"brief", "--partners", "--as-of", "2025-01-31", "--out", inside}).exit_code, 0);
  EXPECT_EQ(Cairn({"brief", "--out", open}).exit_code, 2);  // public or partners, not neither
  // A day written without leading zeros is the same day everywhere it is shown.
  const std::string short_day = tmp_.File("brief-short.html");
  ASSERT_EQ(Cairn({"brief", "--partners", "--as-of", "2025-1-31", "--out", short_day}).exit_code,
            0);
  EXPECT_NE(ReadText(short_day).find("as of 2025-01-31"), std::string::npos);
  const std::string q = ReadText(open), p = ReadText(inside);
  EXPECT_NE(q.find("name=\"viewport\""), std::string::npos);
  EXPECT_NE(q.find("What we are doing"), std::string::npos);
  // No events are loaded: the headline says so, never 0.
  EXPECT_NE(q.find("No data loaded for this yet."), std::string::npos);
  EXPECT_EQ(q.find("class=\"big\">0<"), std::string::npos);
  // Priority 3's actions outside the unpublished review: ACT-02 (open) and ACT-06, ACT-07 (their
  // DHR is published) and ACT-08: 4 open, shown as fewer than 5; the public never see 1 to 4.
  EXPECT_NE(q.find("fewer than 5 actions under way"), std::string::npos);
  std::smatch m;
  EXPECT_FALSE(std::regex_search(q, m, std::regex("[^0-9.,][1-4] actions"))) << m.str();
  EXPECT_EQ(q.find("Adult B"), std::string::npos);
  EXPECT_NE(q.find("You said: Feeling unsafe at night"), std::string::npos);
  // The partners' brief: what is overdue, and no extract loaded to be late.
  EXPECT_NE(p.find("ACT-07"), std::string::npos);
  EXPECT_NE(p.find("overdue by 45 days"), std::string::npos);
  EXPECT_NE(p.find("No partner extract with a period is loaded."), std::string::npos);
}

// Needs the Debian package `chromium`. "Slow": not run under ASan.
TEST_F(RegisterCli, TheDocumentsRenderWithoutConsoleErrorsSlow) {
  if (std::system("command -v chromium >/dev/null 2>&1") != 0) GTEST_SKIP() << "no chromium";
  ASSERT_EQ(ImportSynthRegister().exit_code, 0);
  const std::string script = std::string(CAIRN_SOURCE_DIR) + "/tests/sna_browser_test.sh";
  for (const std::vector<std::string>& doc :
       {std::vector<std::string>{"register", "report", "--public"},
        std::vector<std::string>{"register", "response", "INS-2"},
        std::vector<std::string>{"brief", "--public"},
        std::vector<std::string>{"brief", "--partners"}}) {
    std::vector<std::string> args = doc;
    const std::string html = tmp_.File(doc[0] + doc[1] + ".html");
    args.insert(args.end(), {"--as-of", "2025-01-31", "--out", html});
    ASSERT_EQ(Cairn(args).exit_code, 0);
    EXPECT_EQ(std::system((script + " '" + html + "' '" + html + ".png' >/dev/null").c_str()), 0)
        << html;
  }
}

}  // namespace
}  // namespace cairn
