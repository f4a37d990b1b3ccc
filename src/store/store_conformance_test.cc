// The store's rules against every backend: SQLite, in memory, PostgreSQL (on a throwaway server the
// tests start, tests/postgres_server.h), and each behind the fault-injecting wrapper. A new backend
// joins by adding one line to kBackends.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <sstream>
#include <thread>

#include "store/copy_store.h"
#include "store/fault_injection.h"
#include "store/memory/memory_backend.h"
#include "store/postgres/agency_access.h"
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
  b.received_on = "2025-0" + std::to_string(1 + first_person % 9) + "-15";  // a day per file
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

// A quarter's training log: three attendances by two professionals, one with every score blank.
Batch Training(const std::string& sha, const std::string& course) {
  Batch b;
  b.source = "Test Partnership";
  b.extract = "training";
  b.file_name = "training-2024-Q1.csv";
  b.sha256 = sha;
  b.period_from = "2024-01";
  b.period_to = "2024-03";
  b.profile = "training v1";
  b.rows_read = 3;
  b.training.push_back({PersonNamed(201), "Council", course, 1440 * 19740, 3, 8, 0, 10, 0, 2});
  b.training.push_back({PersonNamed(202), "NHS", course, 1440 * 19750, 5, 9, 4, 10, 5, 3});
  b.training.push_back({PersonNamed(201), "Council", course, 1440 * 19760, 0, 0, 0, 10, 5, 4});
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
        << b.sha256 << " " << b.period_from << ".." << b.period_to << " received "
        << (b.period_from.empty() ? "(the load's day)" : b.received_on) << " " << b.profile << " "
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
  EXPECT_TRUE(store
                  .ForEachTraining([&](int64_t batch, const TrainingAttendance& t) {
                    out << "training " << batch << " " << int{t.attendee[0]} << " " << t.agency
                        << " " << t.course << " " << t.date << " " << t.before << "/" << t.after
                        << " of " << t.understanding_scale << " " << t.feedback << " of "
                        << t.feedback_scale << " line " << t.source_line << "\n";
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

TEST_P(StoreConformance, ATrainingLogComesBackWholeAndAReExtractReplacesIt) {
  ASSERT_TRUE(store_->CommitBatch(Crimes("a1", "2024-01", 3, 1)).ok());
  ASSERT_TRUE(store_->CommitBatch(Training("t1", "Trauma-informed practice")).ok());
  std::vector<std::string> seen;
  auto read = [&]() {
    seen.clear();
    EXPECT_TRUE(store_
                    ->ForEachTraining([&](int64_t batch, const TrainingAttendance& t) {
                      seen.push_back(
                          std::to_string(batch) + " " + std::to_string(t.attendee[0]) + " " +
                          t.agency + " " + t.course + " " + std::to_string(t.date / 1440) + " " +
                          std::to_string(t.before) + " " + std::to_string(t.after) + " " +
                          std::to_string(t.understanding_scale) + " " + std::to_string(t.feedback) +
                          " " + std::to_string(t.feedback_scale) + " " +
                          std::to_string(t.source_line));
                    })
                    .ok());
  };
  read();
  const std::vector<std::string> first = {
      "2 201 Council Trauma-informed practice 19740 3 8 10 0 0 2",
      "2 202 NHS Trauma-informed practice 19750 5 9 10 4 5 3",
      "2 201 Council Trauma-informed practice 19760 0 0 10 0 5 4"};
  EXPECT_EQ(seen, first);
  // Professionals are not people of the event data: the crimes' two victims only.
  int persons = 0;
  ASSERT_TRUE(store_->ForEachPerson([&](int64_t, const Pseudonym&) { ++persons; }).ok());
  EXPECT_EQ(persons, 2);
  // A corrected log of the same quarter replaces the first one's rows.
  auto out = store_->CommitBatch(Training("t2", "Trauma-informed domestic abuse"));
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->superseded, std::vector<int64_t>{2});
  read();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], "3 201 Council Trauma-informed domestic abuse 19740 3 8 10 0 0 2");
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

// A change made from an item as it was read is refused when another revision came since, and
// records nothing; made from the latest, it is recorded.
TEST_P(StoreConformance, AChangeFromAStaleReadOfARegisterItemIsRefused) {
  RegisterRevision first{0, "ACT-1", "action", {{"status", "open"}}, "", "a.csv", "ann", ""};
  ASSERT_TRUE(store_->RecordRegister({first}).ok());
  const int64_t read = store_->RegisterHistory()->back().id;
  RegisterRevision bob = first;
  bob.fields["evidence"] = "minutes";
  bob.recorded_by = "bob";
  ASSERT_TRUE(store_->RecordRegister({bob}, {{"ACT-1", read}}).ok());
  RegisterRevision cat = first;  // made from the state before bob's change
  cat.fields["status"] = "done";
  cat.recorded_by = "cat";
  auto stale = store_->RecordRegister({cat}, {{"ACT-1", read}});
  ASSERT_FALSE(stale.ok());
  EXPECT_NE(stale.status().message().find("ACT-1 was changed by bob"), std::string::npos)
      << stale.status().message();
  auto history = store_->RegisterHistory();
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->back().fields.at("evidence"), "minutes");
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
           Crimes("a2", "2024-02", 2, 2), Crimes("a3", "2024-01", 4, 3),
           Training("t1", "Trauma-informed practice")})
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
    *plan = FaultPlan{n, 0, false, {}};
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
    *plan = FaultPlan{n, 0, false, {}};
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

// What a copy needs back from every backend: each row with its batch, each person with the batch
// they were first seen in, figures of every level at once, and when the key was recorded.
TEST_P(StoreConformance, RowsComeBackWithTheirBatch) {
  ASSERT_EQ(LoadOneByOne(*store_, SmallLoad()), SmallLoad().size());
  Batch district = Figures("d", "population", 7);
  district.figures[0].level = "district";
  ASSERT_TRUE(store_->CommitBatch(Figures("f", "homicide", 5)).ok());  // batch 7
  ASSERT_TRUE(store_->CommitBatch(district).ok());                     // batch 8
  StoreBackend& rows = store_->backend();
  std::vector<std::string> seen;
  ASSERT_TRUE(rows.ForEachPerson([&](int64_t id, const Pseudonym& p, int64_t first) {
                    seen.push_back("person " + std::to_string(id) + " " + std::to_string(p[0]) +
                                   " first in " + std::to_string(first));
                  })
                  .ok());
  ASSERT_TRUE(rows.ForEachInvolvement([&](const StoreBackend::InvolvementRow& r) {
                    seen.push_back("inv " + std::to_string(r.event_id) + " of " +
                                   std::to_string(r.batch_id));
                  })
                  .ok());
  ASSERT_TRUE(rows.ForEachTraining([&](int64_t batch, const TrainingAttendance& t) {
                    seen.push_back("training " + std::to_string(t.attendee[0]) + " of " +
                                   std::to_string(batch));
                  })
                  .ok());
  ASSERT_TRUE(rows.ForEachArea([&](int64_t batch, const AreaRecord& a) {
                    seen.push_back("area " + a.lsoa_code + " of " + std::to_string(batch));
                  })
                  .ok());
  ASSERT_TRUE(rows.ForEachPopulation([&](int64_t batch, const AreaPopulation& p) {
                    seen.push_back("pop " + p.sex + " of " + std::to_string(batch));
                  })
                  .ok());
  ASSERT_TRUE(rows.ForEachShape([&](int64_t batch, const std::string& code, const std::string&,
                                    std::string_view) {
                    seen.push_back("shape " + code + " of " + std::to_string(batch));
                  })
                  .ok());
  ASSERT_TRUE(rows.ForEachFigure("",
                                 [&](int64_t batch, const AreaFigure& f) {
                                   seen.push_back("figure " + f.level + " " + f.measure + " of " +
                                                  std::to_string(batch));
                                 })
                  .ok());
  int district_only = 0;
  ASSERT_TRUE(
      rows.ForEachFigure("district", [&](int64_t, const AreaFigure&) { ++district_only; }).ok());
  EXPECT_EQ(district_only, 1);
  auto key = rows.KeyFingerprint();
  ASSERT_TRUE(key.ok() && key->has_value());
  EXPECT_EQ((*key)->fingerprint, "0123456789abcdef");
  EXPECT_EQ((*key)->recorded_at.size(), 20u) << (*key)->recorded_at;  // 2024-01-02T03:04:05Z
  // SmallLoad: batch 1 (people 1, 2; superseded by 5), 2 areas, 3 tables, 4 (people 2, 3),
  // 5 (people 3, 4; events 6-9), 6 a training log (no people).
  const std::vector<std::string> expected = {"person 1 1 first in 1",
                                             "person 2 2 first in 1",
                                             "person 3 3 first in 4",
                                             "person 4 4 first in 5",
                                             "inv 4 of 4",
                                             "inv 5 of 4",
                                             "inv 6 of 5",
                                             "inv 7 of 5",
                                             "inv 8 of 5",
                                             "inv 9 of 5",
                                             "training 201 of 6",
                                             "training 202 of 6",
                                             "training 201 of 6",
                                             "area E01 of 2",
                                             "pop female of 3",
                                             "pop male of 3",
                                             "shape E01 of 3",
                                             "figure force homicide of 7",
                                             "figure force homicide of 7",
                                             "figure district population of 8",
                                             "figure force population of 8"};
  EXPECT_EQ(seen, expected);
}

// A copy into any backend reads back the same, with the same ids, and says so table by table.
TEST_P(StoreConformance, ACopyIntoEveryBackendReadsTheSame) {
  ASSERT_EQ(LoadOneByOne(*store_, SmallLoad()), SmallLoad().size());
  const std::string source = Dump(*store_);
  auto source_digest = DigestStore(store_->backend());
  ASSERT_TRUE(source_digest.ok()) << source_digest.status().message();
  for (const BackendCase& target_case : kBackends) {
    SCOPED_TRACE(std::string("into ") + target_case.name);
    Store target(target_case.make(dir_));
    auto checks = CopyStore(store_->backend(), target.backend(), "source", "target");
    ASSERT_TRUE(checks.ok()) << checks.status().message();
    ASSERT_EQ(checks->size(), source_digest->size());
    for (size_t i = 0; i < checks->size(); ++i) {
      EXPECT_TRUE((*checks)[i].same()) << (*checks)[i].source.table;
      EXPECT_EQ((*checks)[i].source.sha256, (*source_digest)[i].sha256);
    }
    EXPECT_EQ(Dump(target), source);
    // The copy goes on as the original would: the next batch gets the same ids in both.
    Store again(target_case.make(dir_));
    ASSERT_TRUE(CopyStore(store_->backend(), again.backend(), "source", "again").ok());
    auto next = again.CommitBatch(Crimes("a9", "2024-03", 2, 9));
    ASSERT_TRUE(next.ok());
    EXPECT_EQ(next->batch_id, 7);  // after SmallLoad's six
    std::vector<int64_t> firsts;
    ASSERT_TRUE(again
                    .ForEachEventBatch([&](int64_t, int64_t first, const EventColumns&) {
                      firsts.push_back(first);
                      return Status::Ok();
                    })
                    .ok());
    EXPECT_EQ(firsts, (std::vector<int64_t>{4, 6, 10}));
  }
}

// The digest sees a change, and only in the table that changed.
TEST_P(StoreConformance, TheDigestSeesADifference) {
  ASSERT_EQ(LoadOneByOne(*store_, SmallLoad()), SmallLoad().size());
  auto before = DigestStore(store_->backend());
  ASSERT_TRUE(store_->RecordValue({0, "P1-08", "2024", 1, "", "analyst", "", std::nullopt}).ok());
  auto after = DigestStore(store_->backend());
  ASSERT_TRUE(before.ok() && after.ok());
  std::vector<std::string> changed;
  for (size_t i = 0; i < before->size(); ++i)
    if ((*before)[i].sha256 != (*after)[i].sha256) changed.push_back((*before)[i].table);
  EXPECT_EQ(changed, (std::vector<std::string>{"reported_value"}));
}

TEST_P(StoreConformance, ACopyIntoAStoreThatIsNotEmptyIsRefused) {
  ASSERT_EQ(LoadOneByOne(*store_, SmallLoad()), SmallLoad().size());
  auto target = NewStore();
  ASSERT_TRUE(target->CommitBatch(Crimes("b1", "2023-01", 2, 7)).ok());
  const std::string before = Dump(*target);
  auto copied = CopyStore(store_->backend(), target->backend(), "source", "the target");
  ASSERT_FALSE(copied.ok());
  EXPECT_EQ(copied.status().message(),
            "the target: the store to copy into is not empty (it holds 1 batch, 2 people); a copy "
            "goes only into a new, empty store, so nothing was copied");
  EXPECT_EQ(Dump(*target), before);
  // A store made with another key is refused too.
  auto other_key = NewStore();
  ASSERT_TRUE(other_key->RecordKeyFingerprint("fedcba9876543210").ok());
  copied = CopyStore(store_->backend(), other_key->backend(), "source", "the target");
  ASSERT_FALSE(copied.ok());
  EXPECT_NE(copied.status().message().find("made with another partnership key"), std::string::npos);
}

// A failure at any write of the copy, or at its commit, leaves the target empty, and the source
// as it was.
TEST_P(StoreConformance, AFailureAtAnyWriteOfACopyLeavesTheTargetEmpty) {
  ASSERT_EQ(LoadOneByOne(*store_, SmallLoad()), SmallLoad().size());
  const std::string source = Dump(*store_);
  const std::string empty = Dump(*NewStore());
  auto plan = std::make_shared<FaultPlan>();
  {
    auto counting = NewFaultyStore(plan);
    ASSERT_TRUE(CopyStore(store_->backend(), counting->backend(), "source", "target").ok());
  }
  const int64_t writes = plan->count;
  ASSERT_GT(writes, 20);
  for (int64_t n = 1; n <= writes; ++n) {
    SCOPED_TRACE("fault at write " + std::to_string(n));
    *plan = FaultPlan{n, 0, false, {}};
    auto target = NewFaultyStore(plan);
    auto copied = CopyStore(store_->backend(), target->backend(), "source", "target");
    ASSERT_TRUE(plan->failed);
    EXPECT_FALSE(copied.ok());
    EXPECT_NE(copied.status().message().find("injected fault"), std::string::npos)
        << copied.status().message();
    EXPECT_EQ(Dump(*target), empty);
    EXPECT_EQ(Dump(*store_), source);
  }
}

// A loader whose connection the server ends: a second connection terminates the loader's session
// (pg_terminate_backend, as a server restart, a network cut or an administrator would end it)
// just before one of the load's writes or commits. Named "Postgres..." so that it runs with the
// server's other tests (ctest's "Postgres").
class PostgresConnectionCut : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.ok()) << server_.error();
    location_ = server_.NewSchema();
  }
  // The loader's store, whose session is cut at write `n` (1 = the first write or commit).
  std::unique_ptr<Store> CutAt(int64_t n) {
    const std::string name = "cairn_cut_" + std::to_string(n);
    plan_ = std::make_shared<FaultPlan>();
    plan_->fail_at = n;
    plan_->instead = [this, name] {
      server_.Admin(
          "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
          "WHERE application_name = '" +
              name + "'",
          "cairn");
    };
    auto backend =
        OpenPostgresBackend(location_ + "&application_name=" + name, {StoreAccess::kCreate});
    EXPECT_TRUE(backend.ok()) << backend.status().message();
    if (!backend.ok()) return nullptr;
    return std::make_unique<Store>(NewFaultInjectingBackend(std::move(backend).value(), plan_));
  }
  // The same store on a new connection.
  std::unique_ptr<Store> Reconnect() {
    auto backend = OpenPostgresBackend(location_, {StoreAccess::kWrite});
    EXPECT_TRUE(backend.ok()) << backend.status().message();
    return std::make_unique<Store>(std::move(backend).value());
  }

  testing::PostgresServer& server_ = testing::PostgresServer::Shared();
  std::string location_;
  std::shared_ptr<FaultPlan> plan_;
};

// At every write and commit of the small load: the store, seen from a new connection, is exactly
// as before the step the cut hit (no part of a batch), and loading again from there completes.
TEST_F(PostgresConnectionCut, AtAnyWriteTheStoreStaysWholeAndLoadingAgainCompletes) {
  const std::vector<Step> load = SmallLoad();
  std::vector<std::string> after;  // the store after k whole steps (on any backend: the same)
  int64_t writes = 0;
  {
    auto plan = std::make_shared<FaultPlan>();
    Store clean(NewFaultInjectingBackend(NewMemoryBackend(), plan));
    after.push_back(Dump(clean));
    for (const Step& step : load) {
      ASSERT_TRUE(step(clean));
      after.push_back(Dump(clean));
    }
    writes = plan->count;
  }
  ASSERT_GT(writes, 30);
  for (int64_t n = 1; n <= writes; ++n) {
    SCOPED_TRACE("connection cut before write " + std::to_string(n));
    location_ = server_.NewSchema();
    size_t reached = 0;
    {
      auto loader = CutAt(n);
      ASSERT_NE(loader, nullptr);
      reached = LoadOneByOne(*loader, load);
      ASSERT_TRUE(plan_->failed);
      ASSERT_LT(reached, load.size());
    }
    auto store = Reconnect();
    EXPECT_EQ(Dump(*store), after[reached]);
    EXPECT_EQ(LoadOneByOne(*store, load, reached), load.size());
    EXPECT_EQ(Dump(*store), after.back());
  }
}

// What the loader is told: the connection went, while doing what, and what was kept.
TEST_F(PostgresConnectionCut, TheErrorSaysWhatWasLost) {
  const std::string shown = location_ + "&application_name=cairn_cut_";
  {
    auto loader = CutAt(2);  // the batch record is written; its events are next
    auto out = loader->CommitBatch(Crimes("a1", "2024-01", 3, 1));
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.status().message().rfind(
                  "crime-2024-01.csv: " + shown +
                      "2: the connection to the PostgreSQL server was lost while writing events; "
                      "nothing of this batch was kept (nor of any batch loaded with it in the same "
                      "group, not yet committed): run the load again (",
                  0),
              0u)
        << out.status().message();
  }
  location_ = server_.NewSchema();
  {
    auto counting = std::make_shared<FaultPlan>();
    Store probe(NewFaultInjectingBackend(NewMemoryBackend(), counting));
    ASSERT_TRUE(probe.CommitBatch(Crimes("a1", "2024-01", 3, 1)).ok());
    auto loader = CutAt(counting->count);  // the commit
    auto out = loader->CommitBatch(Crimes("a1", "2024-01", 3, 1));
    ASSERT_FALSE(out.ok());
    EXPECT_NE(out.status().message().find(
                  "the connection to the PostgreSQL server was lost while committing; the server "
                  "may or may not have kept this batch"),
              std::string::npos)
        << out.status().message();
  }
  EXPECT_EQ(*Reconnect()->CountEvents(), 0);
}

// Writers take turns a transaction at a time: a second one waits for the first, as long as it
// takes, unless its session has a lock_timeout; then it gives up with a message that says why.
TEST(PostgresWriters, ASecondWriterWaitsForTheFirstOrSaysWhyItGaveUp) {
  auto& server = testing::PostgresServer::Shared();
  ASSERT_TRUE(server.ok()) << server.error();
  const std::string location = server.NewSchema();
  auto first = OpenPostgresBackend(location, {StoreAccess::kCreate});
  ASSERT_TRUE(first.ok()) << first.status().message();
  ASSERT_TRUE((*first)->Begin().ok());  // holds the store's write lock

  std::string impatient_location = location;
  impatient_location.replace(impatient_location.find("options="), 8,
                             "options=-clock_timeout%3D200ms%20");
  auto impatient = OpenPostgresBackend(impatient_location, {StoreAccess::kWrite});
  ASSERT_TRUE(impatient.ok()) << impatient.status().message();
  Store gives_up(std::move(impatient).value());
  auto out = gives_up.CommitBatch(Crimes("a1", "2024-01", 3, 1));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().message(),
            "crime-2024-01.csv: " + impatient_location +
                ": another writer (a load, a copy or a recorded value) had this store and had not "
                "finished when this one had waited lock_timeout (200ms), so nothing was done: run "
                "this again when it has finished, or let it wait longer (e.g. PGOPTIONS='-c "
                "lock_timeout=30min'; 0 waits as long as it takes)");

  std::atomic<bool> done{false};
  Result<CommitOutcome> waited = Status::Internal("not run");
  std::thread second([&] {
    auto backend = OpenPostgresBackend(location, {StoreAccess::kWrite});
    if (!backend.ok()) {
      waited = backend.status();
    } else {
      Store patient(std::move(backend).value());
      waited = patient.CommitBatch(Crimes("a1", "2024-01", 3, 1));
    }
    done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_FALSE(done) << "the second writer did not wait for the first";
  ASSERT_TRUE((*first)->Commit().ok());
  second.join();
  ASSERT_TRUE(waited.ok()) << waited.status().message();
  EXPECT_EQ(waited->batch_id, 1);
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// A table added to the schema is copied by `cairn copy` (and compared), or the copy would drop it
// without a word: every table of a new SQLite store is one the copy carries.
TEST(StoreTables, EveryTableOfAnSqliteStoreIsCopied) {
  const fs::path dir = fs::temp_directory_path() / ("cairn-tables-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "s.db").string();
  ASSERT_TRUE(OpenSqliteBackend(path, {StoreAccess::kCreate}).ok());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                               "LIKE 'sqlite_%'",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  std::vector<std::string> tables;
  while (sqlite3_step(stmt) == SQLITE_ROW)
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  fs::remove_all(dir);
  EXPECT_EQ(Sorted(tables), Sorted(CopiedTables()));
}

// The same on the server, where a new table must also be classed for partners' logins
// (`cairn pg-roles`): record-level, read per agency, or read whole.
// A COPY the server refuses (here: involvements naming a person the store does not have) fails
// the write with the server's reason, the batch is not committed and leaves nothing, and the
// connection goes on: the next batch loads whole.
TEST(PostgresWriters, ARefusedCopyLeavesNothingAndTheConnectionGoesOn) {
  auto& server = testing::PostgresServer::Shared();
  ASSERT_TRUE(server.ok()) << server.error();
  auto opened = OpenPostgresBackend(server.NewSchema(), {StoreAccess::kCreate});
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  StoreBackend& rows = **opened;
  Batch b = Crimes("c1", "2024-01", 4, 1);
  BatchSummary summary;
  summary.source = b.source;
  summary.extract = b.extract;
  summary.file_name = b.file_name;
  summary.sha256 = b.sha256;
  summary.profile = b.profile;
  summary.loaded_at = "2024-01-02T03:04:05Z";

  ASSERT_TRUE(rows.Begin().ok());
  auto id = rows.InsertBatch(summary);
  ASSERT_TRUE(id.ok()) << id.status().message();
  Status refused = rows.InsertPeopleRows(*id, b, 1, std::vector<int64_t>(b.persons.size(), 999));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.message().rfind("store: writing people's rows failed (PostgreSQL: insert or "
                                    "update on table \"involvement\" violates foreign key",
                                    0),
            0u)
      << refused.message();
  EXPECT_FALSE(rows.Commit().ok());
  auto batches = rows.ListBatches(true);
  ASSERT_TRUE(batches.ok()) << batches.status().message();
  EXPECT_TRUE(batches->empty());

  ASSERT_TRUE(rows.Begin().ok());
  id = rows.InsertBatch(summary);
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto people = rows.PersonIds(*id, b.persons);
  ASSERT_TRUE(people.ok()) << people.status().message();
  Status st = rows.InsertPeopleRows(*id, b, 1, *people);
  ASSERT_TRUE(st.ok()) << st.message();
  st = rows.Commit();
  ASSERT_TRUE(st.ok()) << st.message();
  size_t involvements = 0;
  ASSERT_TRUE(
      rows.ForEachInvolvement([&](const StoreBackend::InvolvementRow&) { ++involvements; }).ok());
  EXPECT_EQ(involvements, b.involvements.size());
  EXPECT_GT(involvements, 0u);
}

TEST(PostgresTables, EveryTableIsCopiedAndClassedForPartners) {
  auto& server = testing::PostgresServer::Shared();
  ASSERT_TRUE(server.ok()) << server.error();
  const std::string location = server.NewSchema();
  ASSERT_TRUE(OpenPostgresBackend(location, {StoreAccess::kCreate}).ok());
  pqxx::connection conn(location);
  pqxx::nontransaction tx(conn);
  std::vector<std::string> tables;
  for (const auto& row : tx.exec("SELECT table_name FROM information_schema.tables "
                                 "WHERE table_schema = current_schema()"))
    tables.emplace_back(row[0].c_str());
  EXPECT_EQ(Sorted(tables), Sorted(AgencyAccessTables()));
  std::erase(tables, "cairn_schema");  // the schema's version: the target's own
  EXPECT_EQ(Sorted(tables), Sorted(CopiedTables()));
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

// Every column of every row a batch writes comes back exactly, from every backend: text that
// COPY's text format must escape (tab, newline, carriage return, backslash, a literal \N, a
// lone "\."), text beyond ASCII, empty text, NULLs (an unknown age, rank, decile, figure), binary
// boundaries and doubles.
TEST(StoreConformanceAcrossBackends, EveryValueComesBackExactly) {
  const fs::path dir =
      fs::temp_directory_path() / ("cairn-conformance-values-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::vector<std::string> kTexts = {"tab\there", "new\nline", "cr\rhere", "back\\slash",
                                           "\\N",       "\\.",       "\\x41",    "Ünïcødé ‘q’",
                                           "",          "a,b\"c'd",  "end\\"};
  Batch b;
  b.source = "Values";
  b.extract = "all";
  b.file_name = "values.csv";
  b.sha256 = "v";
  b.profile = "values v1";
  b.persons = {PersonNamed(1), PersonNamed(2)};
  for (size_t i = 0; i < kTexts.size(); ++i) {
    const std::string& t = kTexts[i];
    const auto n = static_cast<uint32_t>(i);
    b.involvements.push_back({n, n % 2, i % 2 ? Role::kSuspect : Role::kVictim,
                              static_cast<int16_t>(i % 3 ? -1 : 30),
                              i % 2 ? Sex::kMale : Sex::kUnknown});
    b.referrals.push_back({n % 2, "prog " + t, t,
                           i % 2 ? kNoTime : 1000 * static_cast<int64_t>(i + 1), kNoTime, 5000, t,
                           n + 2});
    b.outcomes.push_back({n % 2, i % 2 ? kNoTime : 7000, "type " + t, t, n + 2});
    b.areas.push_back({"E0" + std::to_string(i), t, t, t, t, t, i % 2 ? -1 : int64_t(i * 100),
                       i % 3 ? -1 : int(i % 10)});
    b.populations.push_back({"E0" + std::to_string(i), t, t, int64_t(i) * 37});
    b.shapes.push_back({"E0" + std::to_string(i), t, {{{0.1 * i, -1e6}, {1.0 / 3, 2.5}, {7, 8}}}});
    std::optional<double> value;
    if (i % 2) value = 0.1 * static_cast<double>(i);
    b.figures.push_back({"force", "E23", t, "measure " + t, "2024", value});
    b.district_links.push_back({"E06" + std::to_string(i), t, t, t, "E23", t});
    b.rejects.push_back({static_cast<long>(i + 2), t, t, "reason " + t});
    b.findings.push_back("finding " + t);
    const auto score = static_cast<int16_t>(i % 4);  // 0: left blank
    b.training.push_back({PersonNamed(static_cast<uint8_t>(100 + i)), t, "course " + t,
                          i % 2 ? 1440 * 19000 : 1440 * 19000 + 61, score, score, score,
                          static_cast<int16_t>(i % 3 ? 10 : 0), 5, n + 2});
  }
  std::string first;
  for (const BackendCase& backend : kBackends) {
    SCOPED_TRACE(backend.name);
    std::unique_ptr<StoreBackend> rows = backend.make(dir);
    ASSERT_NE(rows, nullptr);
    ASSERT_TRUE(rows->Begin().ok());
    BatchSummary summary;
    summary.source = b.source;
    summary.extract = b.extract;
    summary.file_name = b.file_name;
    summary.sha256 = b.sha256;
    summary.profile = b.profile;
    summary.loaded_at = "2024-01-02T03:04:05Z";
    auto id = rows->InsertBatch(summary);
    ASSERT_TRUE(id.ok()) << id.status().message();
    auto people = rows->PersonIds(*id, b.persons);
    ASSERT_TRUE(people.ok()) << people.status().message();
    Status st = rows->InsertPeopleRows(*id, b, 1, *people);
    ASSERT_TRUE(st.ok()) << st.message();
    st = rows->InsertTrainingRows(*id, b);
    ASSERT_TRUE(st.ok()) << st.message();
    st = rows->InsertAreaRows(*id, b);
    ASSERT_TRUE(st.ok()) << st.message();
    st = rows->InsertFigureRows(*id, b);
    ASSERT_TRUE(st.ok()) << st.message();
    st = rows->InsertRejectsAndFindings(*id, b);
    ASSERT_TRUE(st.ok()) << st.message();
    ASSERT_TRUE(rows->Commit().ok());

    std::ostringstream out;
    out.precision(17);
    auto quoted = [&](const std::string& t) -> std::ostream& { return out << '[' << t << ']'; };
    ASSERT_TRUE(rows->ForEachInvolvement([&](const StoreBackend::InvolvementRow& r) {
                      out << "inv " << r.event_id << " " << r.person_id << " " << RoleName(r.role)
                          << " " << r.age << " " << SexName(r.sex) << " " << r.batch_id << "\n";
                    })
                    .ok());
    ASSERT_TRUE(rows->ForEachReferral([&](const StoreBackend::ReferralRow& r) {
                      const Referral& f = r.referral;
                      out << "ref " << r.batch_id << " " << r.person_id << " ";
                      quoted(f.programme) << " ";
                      quoted(f.agency)
                          << " " << f.referred << " " << f.started << " " << f.ended << " ";
                      quoted(f.outcome) << " " << f.source_line << "\n";
                    })
                    .ok());
    ASSERT_TRUE(rows->ForEachJusticeOutcome([&](const StoreBackend::OutcomeRow& r) {
                      const JusticeOutcome& o = r.outcome;
                      out << "outcome " << r.batch_id << " " << r.person_id << " " << o.date << " ";
                      quoted(o.type) << " ";
                      quoted(o.offence_code) << " " << o.source_line << "\n";
                    })
                    .ok());
    ASSERT_TRUE(rows->ForEachTraining([&](int64_t batch, const TrainingAttendance& t) {
                      out << "training " << batch << " " << int{t.attendee[0]} << " ";
                      quoted(t.agency) << " ";
                      quoted(t.course) << " " << t.date << " " << t.before << " " << t.after << " "
                                       << t.understanding_scale << " " << t.feedback << " "
                                       << t.feedback_scale << " " << t.source_line << "\n";
                    })
                    .ok());
    ASSERT_TRUE(rows->ForEachArea([&](int64_t batch, const AreaRecord& a) {
                      out << "area " << batch << " ";
                      for (const std::string* t : {&a.lsoa_code, &a.lsoa_name, &a.district_code,
                                                   &a.district_name, &a.csp, &a.rural_urban})
                        quoted(*t) << " ";
                      out << a.imd_rank << " " << a.imd_decile << "\n";
                    })
                    .ok());
    ASSERT_TRUE(rows->ForEachPopulation([&](int64_t batch, const AreaPopulation& p) {
                      out << "pop " << batch << " ";
                      quoted(p.lsoa_code) << " ";
                      quoted(p.sex) << " ";
                      quoted(p.age_band) << " " << p.population << "\n";
                    })
                    .ok());
    ASSERT_TRUE(rows->ForEachShape([&](int64_t batch, const std::string& code,
                                       const std::string& name, std::string_view geometry) {
                      out << "shape " << batch << " ";
                      quoted(code) << " ";
                      quoted(name) << " " << geometry.size() << " bytes:";
                      for (unsigned char c : geometry) out << " " << int{c};
                      out << "\n";
                    })
                    .ok());
    ASSERT_TRUE(
        rows->ForEachFigure("",
                            [&](int64_t batch, const AreaFigure& f) {
                              out << "figure " << batch << " ";
                              for (const std::string* t :
                                   {&f.level, &f.area_code, &f.area_name, &f.measure, &f.period})
                                quoted(*t) << " ";
                              if (f.value)
                                out << *f.value << "\n";
                              else
                                out << "null\n";
                            })
            .ok());
    ASSERT_TRUE(rows->ForEachDistrictLink([&](int64_t batch, const DistrictLink& l) {
                      out << "link " << batch << " ";
                      for (const std::string* t : {&l.district_code, &l.district_name, &l.csp_code,
                                                   &l.csp_name, &l.force_code, &l.force_name})
                        quoted(*t) << " ";
                      out << "\n";
                    })
                    .ok());
    auto rejects = rows->ListRejects(std::nullopt);
    ASSERT_TRUE(rejects.ok());
    for (const RejectRow& r : *rejects) {
      out << "reject " << r.batch_id << " " << r.reject.line << " ";
      quoted(r.reject.column) << " ";
      quoted(r.reject.value) << " ";
      quoted(r.reject.reason) << "\n";
    }
    auto findings = rows->ListFindings(std::nullopt);
    ASSERT_TRUE(findings.ok());
    for (const std::string& f : *findings) quoted(f) << "\n";

    const std::string dump = out.str();
    // The values went in as given: every text, once per column it was written to.
    EXPECT_NE(dump.find("[tab\there]"), std::string::npos);
    EXPECT_NE(dump.find("[\\N]"), std::string::npos);
    EXPECT_NE(dump.find("training 1 100 [tab\there] [course tab\there] 27360061 0 0 0 0 5 2"),
              std::string::npos)
        << dump;
    EXPECT_NE(dump.find("figure 1 [force] [E23] [tab\there] [measure tab\there] [2024] null"),
              std::string::npos)
        << dump;
    EXPECT_NE(dump.find("area 1 [E00] [tab\there] [tab\there] [tab\there] [tab\there] "
                        "[tab\there] 0 0"),
              std::string::npos)
        << dump;
    if (first.empty())
      first = dump;
    else
      EXPECT_EQ(dump, first);
  }
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformance, ::testing::ValuesIn(kBackends),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace cairn
