// The store's rules against every backend: SQLite, in memory, PostgreSQL (on a throwaway server the
// tests start, tests/postgres_server.h), and each behind the fault-injecting wrapper. A new backend
// joins by adding one line to kBackends.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <sstream>

#include "store/fault_injection.h"
#include "store/memory/memory_backend.h"
#include "store/postgres/postgres_backend.h"
#include "store/sqlite/sqlite_backend.h"
#include "store/store.h"
#include "tests/postgres_server.h"
#include "util/dates.h"

namespace cairn {
namespace {

namespace fs = std::filesystem;

// Makes a fresh, empty backend; files go under `dir`.
using BackendMaker = std::unique_ptr<StoreBackend> (*)(const fs::path& dir);

std::unique_ptr<StoreBackend> MakeSqlite(const fs::path& dir) {
  static int n = 0;
  auto backend = OpenSqliteBackend((dir / ("s" + std::to_string(++n) + ".db")).string(),
                                   {StoreAccess::kCreate});
  EXPECT_TRUE(backend.ok()) << backend.status().message();
  return backend.ok() ? std::move(backend).value() : nullptr;
}

std::unique_ptr<StoreBackend> MakeMemory(const fs::path&) { return NewMemoryBackend(); }

// A store in a fresh schema on the test server; fails the test when the server could not start.
std::unique_ptr<StoreBackend> MakePostgres(const fs::path&) {
  auto& server = testing::PostgresServer::Shared();
  if (!server.ok()) {
    ADD_FAILURE() << server.error();
    return nullptr;
  }
  auto backend = OpenPostgresBackend(server.NewSchema(), {StoreAccess::kCreate});
  EXPECT_TRUE(backend.ok()) << backend.status().message();
  return backend.ok() ? std::move(backend).value() : nullptr;
}

struct BackendCase {
  const char* name;
  BackendMaker make;
};

// Test names and messages say which backend, not its bytes.
void PrintTo(const BackendCase& c, std::ostream* os) { *os << c.name; }

const BackendCase kBackends[] = {
    {"sqlite", MakeSqlite}, {"memory", MakeMemory}, {"postgres", MakePostgres}};

Pseudonym PersonNamed(uint8_t n) {
  Pseudonym p{};
  p[0] = n;
  p[31] = static_cast<uint8_t>(n * 7);
  return p;
}

// A month of crimes, each with a victim; person `first_person` and the next one alternate.
Batch Crimes(const std::string& sha, const std::string& month, int events, uint8_t first_person) {
  Batch b;
  b.source = "Test Constabulary";
  b.extract = "recorded-crime";
  b.file_name = "crime-" + month + ".csv";
  b.sha256 = sha;
  b.period_from = b.period_to = month;
  b.profile = "crime v1";
  b.rows_read = events + 1;
  for (int i = 0; i < events; ++i) {
    b.events.AppendEmptyRow(EventKind::kCrime, static_cast<uint32_t>(i + 2));
    b.events.category.Set(b.events.size() - 1, i % 2 ? "Robbery" : "Violence");
    b.events.reference.Set(b.events.size() - 1, "CR" + std::to_string(i));
    b.events.month.back() = *ParseMonth(month);
    uint32_t person = b.AddPerson(PersonNamed(static_cast<uint8_t>(first_person + i % 2)));
    b.involvements.push_back({static_cast<uint32_t>(i), person, Role::kVictim,
                              static_cast<int16_t>(20 + i), Sex::kFemale});
  }
  uint32_t referred = b.AddPerson(PersonNamed(first_person));
  Referral r{referred, "Turnaround", "Youth justice", 100, 200, kNoTime, "engaged", 5};
  b.referrals.push_back(r);
  b.outcomes.push_back({referred, 300, "caution", "8N", 6});
  b.rejects.push_back({events + 2, "Month", "2024-13", "is not a month"});
  b.findings.push_back("a finding about " + month);
  return b;
}

Batch Areas(const std::string& sha, const std::string& file, const std::vector<AreaRecord>& areas) {
  Batch b;
  b.source = "ONS";
  b.extract = "areas";
  b.file_name = file;
  b.sha256 = sha;
  b.profile = "areas v1";
  b.rows_read = static_cast<long>(areas.size());
  b.areas = areas;
  return b;
}

Batch Figures(const std::string& sha, const std::string& profile, double value) {
  Batch b;
  b.source = "ONS";
  b.extract = "pfa-table-" + profile;  // each table of a workbook is its own extract
  b.file_name = "tables.xlsx";
  b.sha256 = sha;
  b.period_from = b.period_to = "2024-03";
  b.profile = profile;
  b.rows_read = 2;
  b.figures.push_back({"force", "E23000001", "Cumbria", profile, "2024-03", value});
  b.figures.push_back({"force", "", "British Transport Police", profile, "2024-03", std::nullopt});
  return b;
}

// Everything a store gives back, as text, leaving out what differs between two equal stores
// (load times, the store's random identity).
std::string Dump(Store& store) {
  std::ostringstream out;
  auto batches = store.ListBatches(true);
  auto areas = store.ListAreas();
  auto figures = store.ListAreaFigures("force");
  auto rejects = store.ListRejects(std::nullopt);
  auto findings = store.ListFindings(std::nullopt);
  auto values = store.ListReportedValues(true);
  auto key = store.KeyFingerprint();
  auto populations = store.ListPopulations();
  auto shapes = store.ListAreaShapes();
  auto links = store.ListDistrictLinks();
  EXPECT_TRUE(populations.ok() && shapes.ok() && links.ok());
  for (const AreaPopulation& p : *populations)
    out << "population " << p.lsoa_code << " " << p.sex << " " << p.age_band << " " << p.population
        << "\n";
  for (const AreaShape& a : *shapes)
    out << "shape " << a.lsoa_code << " " << a.rings.size() << " " << a.rings.at(0).size() << "\n";
  for (const DistrictLink& l : *links)
    out << "link " << l.district_code << " " << l.force_name << "\n";
  EXPECT_TRUE(batches.ok() && areas.ok() && figures.ok() && rejects.ok() && findings.ok() &&
              values.ok() && key.ok());
  for (const BatchSummary& b : *batches)
    out << "batch " << b.id << " " << b.source << "/" << b.extract << " " << b.file_name << " "
        << b.sha256 << " " << b.period_from << ".." << b.period_to << " " << b.profile << " "
        << b.rows_loaded << "/" << b.rows_rejected << "/" << b.events << " by "
        << b.superseded_by.value_or(0) << "\n";
  out << "events " << *store.CountEvents() << " version " << *store.DataVersion() << "\n";
  EXPECT_TRUE(store
                  .ForEachEventBatch([&](int64_t batch, int64_t first, const EventColumns& e) {
                    out << "chunk " << batch << " from " << first << ":";
                    for (size_t i = 0; i < e.size(); ++i)
                      out << " " << e.category.at(i) << "/" << e.reference.at(i);
                    out << "\n";
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_TRUE(store
                  .ForEachPerson([&](int64_t id, const Pseudonym& p) {
                    out << "person " << id << " " << int{p[0]} << "\n";
                  })
                  .ok());
  EXPECT_TRUE(store
                  .ForEachInvolvement([&](const Store::InvolvementRow& r) {
                    out << "inv " << r.event_id << " " << r.person_id << " " << RoleName(r.role)
                        << " " << r.age << "\n";
                  })
                  .ok());
  EXPECT_TRUE(store
                  .ForEachReferral([&](const Store::ReferralRow& r) {
                    out << "ref " << r.batch_id << " " << r.person_id << " " << r.referral.programme
                        << " " << r.referral.referred << "\n";
                  })
                  .ok());
  EXPECT_TRUE(store
                  .ForEachJusticeOutcome([&](const Store::OutcomeRow& r) {
                    out << "outcome " << r.batch_id << " " << r.person_id << " " << r.outcome.type
                        << "\n";
                  })
                  .ok());
  for (const AreaRecord& a : *areas)
    out << "area " << a.lsoa_code << " " << a.lsoa_name << " " << a.district_name << " "
        << a.imd_decile << "\n";
  for (const AreaFigure& f : *figures)
    out << "figure " << f.area_code << " " << f.area_name << " " << f.measure << " "
        << f.value.value_or(-1) << "\n";
  for (const RejectRow& r : *rejects)
    out << "reject " << r.batch_id << " " << r.file_name << " " << r.reject.line << "\n";
  for (const std::string& f : *findings) out << "finding " << f << "\n";
  for (const ReportedValue& v : *values)
    out << "value " << v.id << " " << v.kpi << " " << v.period << " " << v.value << " by "
        << v.superseded_by.value_or(0) << "\n";
  out << "key " << key->value_or("none") << "\n";
  auto history = store.RegisterHistory();
  EXPECT_TRUE(history.ok());
  for (const RegisterRevision& r : *history) {
    out << "register " << r.id << " " << r.item << " " << r.kind << " " << r.note << " " << r.origin
        << " " << r.recorded_by;
    for (const auto& [name, value] : r.fields) out << " " << name << "=" << value;
    out << "\n";
  }
  return out.str();
}

class StoreConformance : public ::testing::TestWithParam<BackendCase> {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cairn-conformance-" + std::to_string(::getpid()) + "-" + GetParam().name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto backend = GetParam().make(dir_);
    ASSERT_NE(backend, nullptr) << "no " << GetParam().name << " backend to test";
    store_ = std::make_unique<Store>(std::move(backend));
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  std::unique_ptr<Store> NewStore() { return std::make_unique<Store>(GetParam().make(dir_)); }
  std::unique_ptr<Store> NewFaultyStore(std::shared_ptr<FaultPlan> plan) {
    return std::make_unique<Store>(NewFaultInjectingBackend(GetParam().make(dir_), plan));
  }

  fs::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreConformance, ABatchComesBackWhole) {
  auto out = store_->CommitBatch(Crimes("a1", "2024-01", 3, 1));
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_FALSE(out->already_loaded);
  EXPECT_EQ(*store_->CountEvents(), 3);
  EXPECT_EQ(*store_->DataVersion(), 1);
  auto events = store_->ReadEventBatch(out->batch_id);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->reference.at(2), "CR2");
  int involvements = 0, referrals = 0, outcomes = 0, persons = 0;
  ASSERT_TRUE(store_->ForEachInvolvement([&](const auto&) { ++involvements; }).ok());
  ASSERT_TRUE(store_
                  ->ForEachReferral([&](const auto& r) {
                    EXPECT_EQ(r.referral.programme, "Turnaround");
                    ++referrals;
                  })
                  .ok());
  ASSERT_TRUE(store_->ForEachJusticeOutcome([&](const auto&) { ++outcomes; }).ok());
  ASSERT_TRUE(store_->ForEachPerson([&](int64_t, const Pseudonym&) { ++persons; }).ok());
  EXPECT_EQ(involvements, 3);
  EXPECT_EQ(referrals, 1);
  EXPECT_EQ(outcomes, 1);
  EXPECT_EQ(persons, 2);
  auto sources = store_->SummariseSources();
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ((*sources)[0].rows, 3);
  EXPECT_EQ((*sources)[0].rejected, 1);
  EXPECT_EQ((*store_->ListFindings(out->batch_id))[0], "a finding about 2024-01");
}

TEST_P(StoreConformance, TheSameFileAgainChangesNothing) {
  ASSERT_TRUE(store_->CommitBatch(Crimes("a1", "2024-01", 3, 1)).ok());
  const std::string before = Dump(*store_);
  Batch again = Crimes("a1", "2024-01", 3, 1);
  again.file_name = "renamed.csv";
  auto out = store_->CommitBatch(again);
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->already_loaded);
  EXPECT_EQ(out->batch_id, 1);
  EXPECT_EQ(Dump(*store_), before);
}

TEST_P(StoreConformance, EventIdsFollowOnAndPeopleLinkAcrossBatches) {
  ASSERT_TRUE(store_->CommitBatch(Crimes("a1", "2024-01", 3, 1)).ok());
  ASSERT_TRUE(store_->CommitBatch(Crimes("a2", "2024-02", 2, 2)).ok());
  std::vector<int64_t> firsts;
  ASSERT_TRUE(store_
                  ->ForEachEventBatch([&](int64_t, int64_t first, const EventColumns&) {
                    firsts.push_back(first);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(firsts, (std::vector<int64_t>{1, 4}));
  int persons = 0;
  ASSERT_TRUE(store_->ForEachPerson([&](int64_t, const Pseudonym&) { ++persons; }).ok());
  EXPECT_EQ(persons, 3);  // people 1 and 2, then 2 again and 3
}

TEST_P(StoreConformance, ACorrectedReExtractSupersedesItsPeriodOnly) {
  auto first = store_->CommitBatch(Crimes("a1", "2024-01", 3, 1));
  ASSERT_TRUE(store_->CommitBatch(Crimes("a2", "2024-02", 2, 1)).ok());
  auto fixed = store_->CommitBatch(Crimes("a3", "2024-01", 5, 1));
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->superseded, std::vector<int64_t>{first->batch_id});
  EXPECT_EQ(*store_->CountEvents(), 7);
  auto batches = store_->ListBatches(true);
  ASSERT_EQ(batches->size(), 3u);
  EXPECT_EQ((*batches)[0].superseded_by, fixed->batch_id);
  EXPECT_EQ(store_->ListBatches(false)->size(), 2u);
  EXPECT_TRUE(store_->ListRejects(first->batch_id)->empty());
  EXPECT_FALSE(store_->ReadEventBatch(first->batch_id).ok());
  int referrals = 0;
  ASSERT_TRUE(store_->ForEachReferral([&](const auto&) { ++referrals; }).ok());
  EXPECT_EQ(referrals, 2);
  // The superseded file itself is no longer "already loaded": loading it again supersedes back.
  auto back = store_->CommitBatch(Crimes("a1", "2024-01", 3, 1));
  ASSERT_TRUE(back.ok());
  EXPECT_FALSE(back->already_loaded);
  EXPECT_EQ(back->superseded, std::vector<int64_t>{fixed->batch_id});
}

TEST_P(StoreConformance, AreasMergeFieldByFieldAndLaterFilesWin) {
  AreaRecord census{"E01", "Carlisle 001A", "", "", "", "", -1, -1};
  AreaRecord imd{"E01", "", "", "", "", "", 1234, 3};
  AreaRecord lookup{"E01", "Carlisle 001A (2021)", "E07", "Carlisle", "", "", -1, -1};
  ASSERT_TRUE(store_->CommitBatch(Areas("c", "census.csv", {census})).ok());
  ASSERT_TRUE(store_->CommitBatch(Areas("i", "imd.csv", {imd})).ok());
  ASSERT_TRUE(store_->CommitBatch(Areas("l", "lookup.csv", {lookup})).ok());
  auto areas = store_->ListAreas();
  ASSERT_EQ(areas->size(), 1u);
  EXPECT_EQ((*areas)[0].lsoa_name, "Carlisle 001A (2021)");
  EXPECT_EQ((*areas)[0].district_name, "Carlisle");
  EXPECT_EQ((*areas)[0].imd_decile, 3);
  // A newer file of the same name supersedes (no period): its decile replaces the old one.
  imd.imd_decile = 4;
  auto newer = store_->CommitBatch(Areas("i2", "imd.csv", {imd}));
  ASSERT_TRUE(newer.ok());
  EXPECT_EQ(newer->superseded.size(), 1u);
  EXPECT_EQ((*store_->ListAreas())[0].imd_decile, 4);
}

TEST_P(StoreConformance, PublishedTablesAreKeptPerProfileAndTheLatestWins) {
  ASSERT_TRUE(store_->CommitBatch(Figures("t", "homicide", 5)).ok());
  auto other = store_->CommitBatch(Figures("t", "knife", 50));  // same workbook, another table
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->already_loaded);
  auto again = store_->CommitBatch(Figures("t", "knife", 50));
  EXPECT_TRUE(again->already_loaded);
  auto figures = store_->ListAreaFigures("force");
  ASSERT_EQ(figures->size(), 4u);  // two areas x two measures; the one without a code by name
  Batch links;
  links.source = "ONS";
  links.extract = "lookup";
  links.file_name = "old.csv";
  links.sha256 = "old";
  links.profile = "lookup";
  links.district_links = {{"E07OLD", "Allerdale", "", "", "E23", "Cumbria"}};
  ASSERT_TRUE(store_->CommitBatch(links).ok());
  links.file_name = "new.csv";
  links.sha256 = "new";
  links.district_links = {{"E06", "Cumberland", "", "", "E23", "Cumbria"},
                          {"E06B", "Westmorland", "", "", "E23", "Cumbria"}};
  ASSERT_TRUE(store_->CommitBatch(links).ok());
  auto lookup = store_->ListDistrictLinks();
  ASSERT_EQ(lookup->size(), 2u);  // the latest lookup alone
  EXPECT_EQ((*lookup)[0].district_name, "Cumberland");
}

TEST_P(StoreConformance, AReportedCorrectionSupersedesAndKeepsHistory) {
  auto first = store_->RecordValue({0, "P1-07", "2024-Q1", 12, "", "analyst", "", std::nullopt});
  auto other = store_->RecordValue({0, "P1-07", "2024-Q2", 9, "", "analyst", "", std::nullopt});
  auto fixed = store_->RecordValue({0, "P1-07", "2024-Q1", 14, "typo", "lead", "", std::nullopt});
  ASSERT_TRUE(first.ok() && other.ok() && fixed.ok());
  auto active = store_->ListReportedValues(false);
  ASSERT_EQ(active->size(), 2u);
  EXPECT_EQ((*active)[1].value, 14);
  EXPECT_FALSE((*active)[1].recorded_at.empty());
  auto all = store_->ListReportedValues(true);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].superseded_by, *fixed);
}

// A register's fields survive the store whatever they hold; an unchanged revision is not kept, a
// changed one is added and the earlier kept, and a note alone is a revision.
TEST_P(StoreConformance, TheRegisterKeepsEveryRevision) {
  const std::map<std::string, std::string> awkward = {
      {"text", "line one\nline\ttwo \\ back\\slash\\n"}, {"status", "open"}, {"empty", ""}};
  RegisterRevision first{
      0, "ACT-1", "action", awkward, "", "register.xlsx, sheet Actions, row 2", "analyst", ""};
  auto outcome = store_->RecordRegister({first, first});
  ASSERT_TRUE(outcome.ok()) << outcome.status().message();
  EXPECT_EQ(*outcome,
            (std::vector<RegisterOutcome>{RegisterOutcome::kNew, RegisterOutcome::kUnchanged}));
  RegisterRevision later = first;
  later.fields["status"] = "done";
  RegisterRevision noted = later;
  noted.note = "signed off by the board";
  outcome = store_->RecordRegister({first, later, noted});
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(*outcome,
            (std::vector<RegisterOutcome>{RegisterOutcome::kUnchanged, RegisterOutcome::kChanged,
                                          RegisterOutcome::kChanged}));
  auto history = store_->RegisterHistory();
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].fields.at("text"), awkward.at("text"));
  EXPECT_EQ((*history)[0].fields.count("empty"), 0u);
  EXPECT_EQ((*history)[0].fields.at("status"), "open");
  EXPECT_EQ((*history)[1].fields.at("status"), "done");
  EXPECT_EQ((*history)[2].note, "signed off by the board");
  EXPECT_EQ((*history)[0].origin, "register.xlsx, sheet Actions, row 2");
  EXPECT_FALSE((*history)[0].recorded_at.empty());
  EXPECT_LT((*history)[0].id, (*history)[1].id);
}

TEST_P(StoreConformance, TheFirstKeyFingerprintStays) {
  EXPECT_FALSE(store_->KeyFingerprint()->has_value());
  ASSERT_TRUE(store_->RecordKeyFingerprint("aaaa").ok());
  ASSERT_TRUE(store_->RecordKeyFingerprint("bbbb").ok());
  EXPECT_EQ(store_->KeyFingerprint()->value_or(""), "aaaa");
}

TEST_P(StoreConformance, AGroupBecomesDurableTogether) {
  ASSERT_TRUE(store_->BeginGroup().ok());
  ASSERT_TRUE(store_->CommitBatch(Crimes("a1", "2024-01", 3, 1)).ok());
  ASSERT_TRUE(store_->CommitBatch(Crimes("a2", "2024-02", 2, 1)).ok());
  auto same = store_->CommitBatch(Crimes("a1", "2024-01", 3, 1));  // already in this group
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->already_loaded);
  ASSERT_TRUE(store_->EndGroup().ok());
  EXPECT_EQ(*store_->CountEvents(), 5);
}

// The small load the fault tests use: crimes with people, areas, populations, boundaries and a
// lookup, a re-extract that supersedes the first file, then a reported value and its correction,
// and the key's fingerprint. Each step is one commit.
Batch Tables() {
  Batch b = Areas("t", "tables.csv", {});
  b.extract = "tables";
  b.populations = {{"E01", "female", "0-15", 120}, {"E01", "male", "0-15", 115}};
  b.shapes = {{"E01", "Carlisle 001A", {{{300000, 500000}, {300100, 500000}, {300000, 500100}}}}};
  b.district_links = {{"E07", "Carlisle", "", "", "E23", "Cumbria"}};
  b.rows_read = 4;
  return b;
}

using Step = std::function<bool(Store&)>;

std::vector<Step> SmallLoad() {
  std::vector<Step> steps;
  for (Batch& b : std::vector<Batch>{
           Crimes("a1", "2024-01", 3, 1),
           Areas("c", "census.csv", {{"E01", "Carlisle 001A", "", "", "", "", -1, -1}}), Tables(),
           Crimes("a2", "2024-02", 2, 2), Crimes("a3", "2024-01", 4, 3)})
    steps.push_back([b = std::move(b)](Store& s) { return s.CommitBatch(b).ok(); });
  steps.push_back([](Store& s) {
    return s.RecordValue({0, "P1-07", "2024-Q1", 12, "", "analyst", "", std::nullopt}).ok();
  });
  steps.push_back([](Store& s) {
    return s.RecordValue({0, "P1-07", "2024-Q1", 14, "typo", "lead", "", std::nullopt}).ok();
  });
  steps.push_back([](Store& s) { return s.RecordKeyFingerprint("0123456789abcdef").ok(); });
  steps.push_back([](Store& s) {
    return s
        .RecordRegister({{0, "INS-1", "inspection", {{"title", "PEEL"}}, "", "a.csv", "me", ""},
                         {0, "REC-1", "recommendation", {{"text", "Do X"}}, "", "a.csv", "me", ""}})
        .ok();
  });
  steps.push_back([](Store& s) {
    return s
        .RecordRegister({{0, "REC-1", "recommendation", {{"text", "Do Y"}}, "", "b.csv", "me", ""}})
        .ok();
  });
  return steps;
}

// Runs the steps from `from` on; stops at the first failure. Returns the step reached.
size_t LoadOneByOne(Store& store, const std::vector<Step>& steps, size_t from = 0) {
  for (size_t i = from; i < steps.size(); ++i)
    if (!steps[i](store)) return i;
  return steps.size();
}

// For every N up to the number of writes and commits in the small load: the Nth fails, the store
// is exactly as it was before the batch it hit, and loading again completes the load.
TEST_P(StoreConformance, AFailureAtAnyWriteLeavesTheStoreAsItWas) {
  const std::vector<Step> load = SmallLoad();
  std::vector<std::string> after;  // the store after k whole steps
  {
    auto clean = NewStore();
    after.push_back(Dump(*clean));
    for (const Step& step : load) {
      ASSERT_TRUE(step(*clean));
      after.push_back(Dump(*clean));
    }
  }
  auto plan = std::make_shared<FaultPlan>();
  {
    auto counting = NewFaultyStore(plan);
    ASSERT_EQ(LoadOneByOne(*counting, load), load.size());
  }
  const int64_t writes = plan->count;
  ASSERT_GT(writes, 30);
  for (int64_t n = 1; n <= writes; ++n) {
    SCOPED_TRACE("fault at write " + std::to_string(n));
    *plan = FaultPlan{n, 0, false};
    auto store = NewFaultyStore(plan);
    const size_t reached = LoadOneByOne(*store, load);
    ASSERT_TRUE(plan->failed);
    ASSERT_LT(reached, load.size());
    EXPECT_EQ(Dump(*store), after[reached]);
    plan->fail_at = 0;
    EXPECT_EQ(LoadOneByOne(*store, load, reached), load.size());
    EXPECT_EQ(Dump(*store), after.back());
  }
}

// The same in a group, as `cairn ingest` commits: a batch that fails rolls back alone and the
// rest of the group lands; a failed group commit leaves nothing of the group.
TEST_P(StoreConformance, AFailureInAGroupLosesOnlyTheFailedBatchOrTheWholeGroup) {
  const std::vector<Batch> load = {
      Crimes("a1", "2024-01", 3, 1),
      Areas("c", "census.csv", {{"E01", "Carlisle 001A", "", "", "", "", -1, -1}}), Tables(),
      Crimes("a2", "2024-02", 2, 2), Crimes("a3", "2024-01", 4, 3)};
  auto without = [&](std::optional<size_t> skipped) {
    auto clean = NewStore();
    EXPECT_TRUE(clean->BeginGroup().ok());
    for (size_t i = 0; i < load.size(); ++i)
      if (i != skipped) {
        EXPECT_TRUE(clean->CommitBatch(load[i]).ok());
      }
    EXPECT_TRUE(clean->EndGroup().ok());
    return Dump(*clean);
  };
  const std::string empty = Dump(*NewStore());
  auto plan = std::make_shared<FaultPlan>();
  {
    auto counting = NewFaultyStore(plan);
    ASSERT_TRUE(counting->BeginGroup().ok());
    for (const Batch& b : load) ASSERT_TRUE(counting->CommitBatch(b).ok());
    ASSERT_TRUE(counting->EndGroup().ok());
  }
  const int64_t writes = plan->count;
  for (int64_t n = 1; n <= writes; ++n) {
    SCOPED_TRACE("fault at write " + std::to_string(n));
    *plan = FaultPlan{n, 0, false};
    auto store = NewFaultyStore(plan);
    ASSERT_TRUE(store->BeginGroup().ok());
    std::optional<size_t> failed;
    for (size_t i = 0; i < load.size(); ++i)
      if (!store->CommitBatch(load[i]).ok()) failed = i;
    const bool group_failed = !store->EndGroup().ok();
    ASSERT_TRUE(plan->failed);
    ASSERT_NE(failed.has_value(), group_failed);
    EXPECT_EQ(Dump(*store), group_failed ? empty : without(failed));
  }
}

// Every backend holds the same after the same load: same ids, same order, same rows.
TEST(StoreConformanceAcrossBackends, EveryBackendHoldsTheSame) {
  const fs::path dir =
      fs::temp_directory_path() / ("cairn-conformance-across-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string first;
  for (const BackendCase& backend : kBackends) {
    SCOPED_TRACE(backend.name);
    Store store(backend.make(dir));
    ASSERT_EQ(LoadOneByOne(store, SmallLoad()), SmallLoad().size());
    const std::string dump = Dump(store);
    if (first.empty()) first = dump;
    EXPECT_EQ(dump, first);
  }
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformance, ::testing::ValuesIn(kBackends),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace cairn
