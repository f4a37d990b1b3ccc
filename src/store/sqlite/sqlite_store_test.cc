#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "store/store.h"
#include "util/dates.h"

namespace cairn {

namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (std::filesystem::temp_directory_path() /
             ("cairn-store-test-" + std::to_string(::getpid()) + ".db"))
                .string();
    std::filesystem::remove(path_);
    auto s = OpenSqliteStore(path_, {StoreAccess::kCreate});
    ASSERT_TRUE(s.ok()) << s.status().message();
    store_ = std::move(s).value();
  }
  void TearDown() override {
    store_.reset();
    for (auto suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path_ + suffix);
  }

  static Batch MakeBatch(const std::string& sha, const std::string& month, int events) {
    Batch b;
    b.source = "Test Constabulary";
    b.extract = "police-uk-street";
    b.file_name = month + ".csv";
    b.sha256 = sha;
    b.period_from = b.period_to = month;
    b.profile = "test v1";
    b.rows_read = events + 1;
    for (int i = 0; i < events; ++i) {
      b.events.AppendEmptyRow(EventKind::kCrime, static_cast<uint32_t>(i + 2));
      b.events.category.Set(b.events.size() - 1, i % 2 ? "Robbery" : "Drugs");
      b.events.month.back() = *ParseMonth(month);
    }
    b.rejects.push_back({99, "Month", "2024-13", "is not a month"});
    Pseudonym p{};
    p[0] = 7;
    uint32_t person = b.AddPerson(p);
    b.involvements.push_back({0, person, Role::kVictim, 30, Sex::kFemale});
    return b;
  }

  // The journal mode the store file itself records: bytes 18 and 19 of its header are 2 in WAL
  // mode and 1 with a rollback journal (sqlite.org/fileformat.html, "File format version numbers").
  std::string FileMode() const {
    std::ifstream in(path_, std::ios::binary);
    char header[20] = {};
    in.read(header, sizeof header);
    if (header[18] == 2 && header[19] == 2) return "wal";
    if (header[18] == 1 && header[19] == 1) return "rollback";
    return "unknown";
  }

  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreTest, CommitsAndSummarisesABatch) {
  auto out = store_->CommitBatch(MakeBatch("aa", "2024-01", 3));
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_FALSE(out->already_loaded);
  EXPECT_EQ(*store_->CountEvents(), 3);
  auto sources = store_->SummariseSources();
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ((*sources)[0].rows, 3);
  EXPECT_EQ((*sources)[0].rejected, 1);
  EXPECT_EQ((*sources)[0].first_period, "2024-01");
  auto rejects = store_->ListRejects(out->batch_id);
  ASSERT_EQ(rejects->size(), 1u);
  EXPECT_EQ((*rejects)[0].reject.reason, "is not a month");
}

TEST_F(StoreTest, SameContentTwiceIsANoOp) {
  ASSERT_TRUE(store_->CommitBatch(MakeBatch("aa", "2024-01", 3)).ok());
  auto again = store_->CommitBatch(MakeBatch("aa", "2024-01", 3));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->already_loaded);
  EXPECT_EQ(*store_->CountEvents(), 3);
}

TEST_F(StoreTest, CorrectedReExtractSupersedesTheSamePeriod) {
  auto first = store_->CommitBatch(MakeBatch("aa", "2024-01", 3));
  ASSERT_TRUE(store_->CommitBatch(MakeBatch("bb", "2024-02", 2)).ok());
  auto fixed = store_->CommitBatch(MakeBatch("cc", "2024-01", 5));
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->superseded, std::vector<int64_t>{first->batch_id});
  EXPECT_EQ(*store_->CountEvents(), 7);
  auto batches = store_->ListBatches(true);
  ASSERT_EQ(batches->size(), 3u);
  EXPECT_EQ((*batches)[0].superseded_by, fixed->batch_id);
  EXPECT_EQ((*store_->SummariseSources())[0].rows, 7);
}

TEST_F(StoreTest, EventsRoundTripThroughTheColumnChunk) {
  ASSERT_TRUE(store_->CommitBatch(MakeBatch("aa", "2024-01", 4)).ok());
  std::vector<std::string> categories;
  Status st = store_->ForEachEventBatch([&](int64_t, int64_t, const EventColumns& e) {
    for (size_t i = 0; i < e.size(); ++i) categories.emplace_back(e.category.at(i));
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(categories, (std::vector<std::string>{"Drugs", "Robbery", "Drugs", "Robbery"}));
}

TEST_F(StoreTest, ReopeningKeepsDataAndSchemaVersion) {
  ASSERT_TRUE(store_->CommitBatch(MakeBatch("aa", "2024-01", 2)).ok());
  store_.reset();
  auto again = OpenSqliteStore(path_, {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*(*again)->CountEvents(), 2);
}

// A file's received day is kept with its batch (the load's day unless given). A store written
// before the store kept it (schema 10, no received_on column) is upgraded on opening, each batch
// received the day it was loaded.
TEST_F(StoreTest, TheReceivedDayIsKeptAndAnOlderStoreGetsTheLoadDay) {
  Batch sent = MakeBatch("aa", "2024-01", 2);
  sent.received_on = "2024-02-19";
  ASSERT_TRUE(store_->CommitBatch(sent).ok());
  ASSERT_TRUE(store_->CommitBatch(MakeBatch("bb", "2024-02", 2)).ok());
  auto batches = store_->ListBatches(false);
  ASSERT_TRUE(batches.ok() && batches->size() == 2u);
  EXPECT_EQ((*batches)[0].received_on, "2024-02-19");
  EXPECT_EQ((*batches)[1].received_on, (*batches)[1].loaded_at.substr(0, 10));
  auto sources = store_->SummariseSources();
  EXPECT_EQ((*sources)[0].last_received, (*batches)[1].received_on);  // today is after 2024
  store_.reset();

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  const char* to_schema_10 =
      "ALTER TABLE batch DROP COLUMN received_on; UPDATE batch SET loaded_at = "
      "'2023-05-06T07:08:09Z' WHERE id = 1; PRAGMA user_version = 10;";
  ASSERT_EQ(sqlite3_exec(db, to_schema_10, nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
  auto upgraded = OpenSqliteStore(path_, {});
  ASSERT_TRUE(upgraded.ok()) << upgraded.status().message();
  batches = (*upgraded)->ListBatches(false);
  ASSERT_TRUE(batches.ok() && batches->size() == 2u);
  EXPECT_EQ((*batches)[0].received_on, "2023-05-06");
  EXPECT_EQ((*batches)[1].received_on, (*batches)[1].loaded_at.substr(0, 10));
}

Batch ShapeBatch(const std::string& sha, const std::string& file,
                 const std::vector<std::pair<std::string, double>>& shapes) {
  Batch b;
  b.source = "ONS boundaries";
  b.extract = "lsoa-boundaries";
  b.file_name = file;
  b.sha256 = sha;
  b.profile = "test";
  b.rows_read = static_cast<long>(shapes.size());
  for (const auto& [code, x] : shapes)
    b.shapes.push_back(
        {code, "Name " + code, {{{x, 500000.0}, {x + 100.25, 500000.0}, {x, 500100.0}}}});
  return b;
}

class AreaShapeStoreTest : public StoreTest {};

TEST_F(AreaShapeStoreTest, LaterBatchWinsAndShapesComeOrderedByCode) {
  ASSERT_TRUE(
      store_->CommitBatch(ShapeBatch("s1", "a.geojson", {{"E2", 1000}, {"E1", 2000}})).ok());
  ASSERT_TRUE(store_->CommitBatch(ShapeBatch("s2", "b.geojson", {{"E2", 3000}})).ok());
  auto shapes = store_->ListAreaShapes();
  ASSERT_TRUE(shapes.ok()) << shapes.status().message();
  ASSERT_EQ(shapes->size(), 2u);
  EXPECT_EQ((*shapes)[0].lsoa_code, "E1");
  EXPECT_EQ((*shapes)[0].lsoa_name, "Name E1");
  EXPECT_EQ((*shapes)[1].lsoa_code, "E2");
  ASSERT_EQ((*shapes)[1].rings.size(), 1u);
  ASSERT_EQ((*shapes)[1].rings[0].size(), 3u);
  EXPECT_DOUBLE_EQ((*shapes)[1].rings[0][0].first, 3000.0);  // b.geojson's, not a.geojson's
  EXPECT_DOUBLE_EQ((*shapes)[1].rings[0][1].first, 3100.3);  // stored to the nearest 0.1 m
  EXPECT_DOUBLE_EQ((*shapes)[1].rings[0][2].second, 500100.0);
}

TEST_F(AreaShapeStoreTest, ANewerFileOfTheSameNameSupersedesItsShapes) {
  auto first = store_->CommitBatch(ShapeBatch("s1", "a.geojson", {{"E1", 1000}, {"E2", 2000}}));
  ASSERT_TRUE(first.ok());
  auto second = store_->CommitBatch(ShapeBatch("s2", "a.geojson", {{"E1", 5000}}));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->superseded, std::vector<int64_t>{first->batch_id});
  auto shapes = store_->ListAreaShapes();
  ASSERT_EQ(shapes->size(), 1u);
  EXPECT_DOUBLE_EQ((*shapes)[0].rings[0][0].first, 5000.0);
  EXPECT_TRUE(store_->CommitBatch(ShapeBatch("s2", "a.geojson", {{"E1", 5000}}))->already_loaded);
}

TEST_F(StoreTest, AGroupIsStoredWhenEndedAndSeesItsOwnBatches) {
  ASSERT_TRUE(store_->BeginGroup().ok());
  ASSERT_TRUE(store_->CommitBatch(MakeBatch("aa", "2024-01", 2)).ok());
  auto again = store_->CommitBatch(MakeBatch("aa", "2024-01", 2));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->already_loaded);
  ASSERT_TRUE(store_->CommitBatch(MakeBatch("bb", "2024-02", 3)).ok());
  ASSERT_TRUE(store_->EndGroup().ok());
  store_.reset();
  auto reopened = OpenSqliteStore(path_, {});
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(*(*reopened)->CountEvents(), 5);
}

TEST_F(StoreTest, AGroupNeverEndedLeavesNothing) {
  ASSERT_TRUE(store_->CommitBatch(MakeBatch("aa", "2024-01", 2)).ok());
  ASSERT_TRUE(store_->BeginGroup().ok());
  ASSERT_TRUE(store_->CommitBatch(MakeBatch("bb", "2024-02", 3)).ok());
  store_.reset();  // as a crash would: the group's transaction is never committed
  auto reopened = OpenSqliteStore(path_, {});
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(*(*reopened)->CountEvents(), 2);
}

// Alone with the store, a bulk load writes through a rollback journal; a reader that opens the
// store meanwhile gets in at once (it does not wait to switch the store back to WAL mode) and sees
// only committed groups; when the load ends the store is in WAL mode again.
TEST_F(StoreTest, ABulkLoadUsesARollbackJournalAndReadersStillGetIn) {
  EXPECT_EQ(FileMode(), "wal");
  store_->BeginBulkLoad();
  EXPECT_EQ(FileMode(), "rollback");
  ASSERT_TRUE(store_->BeginGroup().ok());
  ASSERT_TRUE(store_->CommitBatch(MakeBatch("aa", "2024-01", 2)).ok());
  auto reader = OpenSqliteStore(path_, {});
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_EQ(*(*reader)->CountEvents(), 0);
  // What `cairn query` asks first; no statement of the reader's may keep its read lock after it,
  // or the commit below would wait for the reader to close (two minutes, then fail).
  EXPECT_TRUE((*reader)->DataVersion().ok());
  EXPECT_TRUE((*reader)->StoreId().ok());
  EXPECT_TRUE((*reader)->FindBatchByHash("aa").ok());
  ASSERT_TRUE(store_->EndGroup().ok());
  EXPECT_EQ(*(*reader)->CountEvents(), 2);
  reader->reset();
  store_->EndBulkLoad();
  EXPECT_EQ(FileMode(), "wal");
  EXPECT_EQ(*store_->CountEvents(), 2);
}

// Leaving WAL mode needs the store to itself: with another connection open the load stays in WAL
// mode (and does not wait for the other to close).
TEST_F(StoreTest, ABulkLoadStaysInWalModeWhenTheStoreIsShared) {
  auto other = OpenSqliteStore(path_, {});
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(*(*other)->CountEvents(), 0);
  store_->BeginBulkLoad();
  EXPECT_EQ(FileMode(), "wal");
  ASSERT_TRUE(store_->CommitBatch(MakeBatch("aa", "2024-01", 2)).ok());
  store_->EndBulkLoad();
  EXPECT_EQ(*(*other)->CountEvents(), 2);
}

// A bulk load that dies mid-group (a child process that exits without committing or closing, as
// kill -9 would leave it) leaves the store in rollback mode; the next connection finds only what
// was committed before and puts the store back in WAL mode. (The CLI's kill -9 test also kills
// loads mid-commit.)
TEST_F(StoreTest, ABulkLoadThatDiesMidGroupLeavesNothingAndTheStoreReturnsToWal) {
  ASSERT_TRUE(store_->CommitBatch(MakeBatch("aa", "2024-01", 2)).ok());
  store_.reset();  // the load must have the store to itself
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto store = OpenSqliteStore(path_, {});
    if (!store.ok()) _exit(2);
    (*store)->BeginBulkLoad();
    if (!(*store)->BeginGroup().ok()) _exit(3);
    if (!(*store)->CommitBatch(MakeBatch("bb", "2024-02", 3)).ok()) _exit(4);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(FileMode(), "rollback");
  auto reopened = OpenSqliteStore(path_, {});
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  EXPECT_EQ(*(*reopened)->CountEvents(), 2);
  EXPECT_EQ(FileMode(), "wal");
}

}  // namespace

}  // namespace cairn

namespace cairn {
namespace {

Batch TableBatch(const std::string& sha, const std::string& profile, const std::string& file) {
  Batch b;
  b.source = "Office for National Statistics";
  b.extract = profile;
  b.file_name = file;
  b.sha256 = sha;
  b.profile = profile + " v1";
  b.rows_read = 1;
  return b;
}

class TableStoreTest : public StoreTest {};

// One workbook read through two profiles (Table P1, Table P4) is two batches; the same events
// file through another profile is still the same file, loaded once.
TEST_F(TableStoreTest, OnlyPublishedTablesAreLoadedOncePerProfile) {
  Batch p1 = TableBatch("wb", "ons-pfa-p1", "pfa.xlsx");
  p1.figures.push_back({"force", "E23000002", "Cumbria", "homicide", "2019-12", 5});
  Batch p4 = TableBatch("wb", "ons-pfa-p4", "pfa.xlsx");
  p4.figures.push_back({"force", "E23000002", "Cumbria", "knife-offences", "2019-12", 207});
  ASSERT_FALSE(store_->CommitBatch(p1)->already_loaded);
  EXPECT_FALSE(store_->CommitBatch(p4)->already_loaded);
  EXPECT_TRUE(store_->CommitBatch(p4)->already_loaded);
  EXPECT_EQ(store_->ListAreaFigures("force")->size(), 2u);
  ASSERT_FALSE(store_->CommitBatch(MakeBatch("ev", "2024-01", 3))->already_loaded);
  Batch same = MakeBatch("ev", "2024-01", 3);
  same.profile = "another-profile v1";
  same.extract = "recorded-crime";
  EXPECT_TRUE(store_->CommitBatch(same)->already_loaded);
}

// A lookup is complete by nature: the latest one loaded replaces the earlier, never merges.
TEST_F(TableStoreTest, TheLatestLookupAloneIsTheLookup) {
  Batch old_lookup = TableBatch("l22", "lookup", "lad22.csv");
  old_lookup.district_links = {{"E07000026", "Allerdale", "", "", "E23000002", "Cumbria"},
                               {"E06000047", "County Durham", "", "", "E23000008", "Durham"}};
  Batch new_lookup = TableBatch("l24", "lookup", "lad24.csv");
  new_lookup.district_links = {{"E06000063", "Cumberland", "", "", "E23000002", "Cumbria"}};
  ASSERT_TRUE(store_->CommitBatch(old_lookup).ok());
  ASSERT_TRUE(store_->CommitBatch(new_lookup).ok());
  auto links = store_->ListDistrictLinks();
  ASSERT_TRUE(links.ok());
  ASSERT_EQ(links->size(), 1u);
  EXPECT_EQ((*links)[0].district_code, "E06000063");
}

TEST_F(TableStoreTest, AReportedValueCorrectionSupersedesAndKeepsHistory) {
  ReportedValue v{0, "p1-drug-deaths", "2024", 12, "coroner", "analyst", "", std::nullopt};
  auto first = store_->RecordValue(v);
  ASSERT_TRUE(first.ok()) << first.status().message();
  v.value = 14;
  v.note = "corrected";
  auto second = store_->RecordValue(v);
  ASSERT_TRUE(second.ok());
  auto active = store_->ListReportedValues(false);
  ASSERT_EQ(active->size(), 1u);
  EXPECT_EQ((*active)[0].value, 14);
  auto all = store_->ListReportedValues(true);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].value, 12);
  EXPECT_EQ((*all)[0].superseded_by, *second);
  EXPECT_FALSE((*all)[1].superseded_by.has_value());
  EXPECT_FALSE((*all)[0].recorded_at.empty());
}

}  // namespace
}  // namespace cairn
