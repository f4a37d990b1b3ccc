// The snapshot's people, referrals and justice outcomes: person ids come from pseudonyms, so they
// are the same in every snapshot and every store made with the same key, whatever order the
// extracts were loaded in; and the referrals and outcomes are all there, as the extracts say.
#include "snapshot/frame.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "ingest/pseudonymise.h"
#include "synth/synth.h"
#include "tests/test_util.h"
#include "util/csv.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {
namespace {

using testing::CommandResult;
using testing::ReadText;
using testing::RunCairn;
using testing::TempDir;

class FramePeople : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    SynthOptions options;
    options.out_dir = dir_->File("x");
    options.scale = 0.02;
    ASSERT_TRUE(WriteSyntheticPartnership(options).ok());
    ASSERT_EQ(RunCairn({"--db", dir_->File("a.db"), "init"}).exit_code, 0);
    // Store b shares a's key, and loads the same extracts in the other order.
    ASSERT_EQ(
        RunCairn({"--db", dir_->File("b.db"), "--key", dir_->File("a.key"), "init"}).exit_code, 0);
    const std::vector<std::string> order = {"referrals", "justice-outcomes"};
    for (const auto& [db, names] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"a.db", order}, {"b.db", {order.rbegin(), order.rend()}}})
      for (const std::string& name : names) {
        CommandResult r = RunCairn({"--db", dir_->File(db), "--key", dir_->File("a.key"), "ingest",
                                    "--profile", Profile(name), dir_->File("x/" + name + ".csv")});
        ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 3) << db << " " << name << ": " << r.err;
      }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string Profile(const std::string& name) {
    return std::string(CAIRN_SOURCE_DIR) + "/profiles/" + name + ".toml";
  }
  static std::shared_ptr<const Frame> FrameOf(const std::string& db) {
    auto store = OpenSqliteStore(dir_->File(db), {StoreAccess::kRead});
    EXPECT_TRUE(store.ok()) << store.status().message();
    auto frame = BuildFrame(**store);
    EXPECT_TRUE(frame.ok()) << frame.status().message();
    return *frame;
  }
  // Pseudonym -> rows, from `cairn pseudonymise` (what a partner runs) over the extract's link
  // columns: an independent path to the pseudonyms the store should hold.
  static std::map<Pseudonym, int> PseudonymsOf(const std::string& name) {
    const std::string out = dir_->File(name + "-pseudonymised.csv");
    CommandResult r =
        RunCairn({"pseudonymise", "--key", dir_->File("a.key"), "--link", "Surname+Forename+DOB",
                  "--link-name", "P", dir_->File("x/" + name + ".csv"), out});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::string text = ReadText(out);
    CsvReader reader(text);
    CsvRecord record;
    std::map<Pseudonym, int> rows;
    EXPECT_TRUE(reader.Next(&record));
    size_t col = std::find(record.fields.begin(), record.fields.end(), "P") - record.fields.begin();
    while (reader.Next(&record)) {
      Pseudonym p{};
      EXPECT_TRUE(PseudonymFromHex(record.fields.at(col), &p));
      ++rows[p];
    }
    return rows;
  }
  static TempDir* dir_;
};
TempDir* FramePeople::dir_ = nullptr;

TEST_F(FramePeople, EveryReferralAndOutcomeIsThereWithItsPerson) {
  auto frame = FrameOf("a.db");
  const auto referred = PseudonymsOf("referrals");
  const auto outcomes = PseudonymsOf("justice-outcomes");
  std::map<Pseudonym, int> frame_referred, frame_outcomes;
  for (uint32_t p : frame->referrals.person) ++frame_referred[frame->persons.pseudonym[p]];
  for (uint32_t p : frame->outcomes.person) ++frame_outcomes[frame->persons.pseudonym[p]];
  EXPECT_EQ(frame_referred, referred);
  EXPECT_EQ(frame_outcomes, outcomes);
  ASSERT_GT(frame->referrals.size(), 100u);
  size_t with_programme = 0;
  for (size_t i = 0; i < frame->referrals.size(); ++i)
    with_programme +=
        !frame->referrals.programme.at(i).empty() && frame->referrals.referred[i] != kNoTime;
  EXPECT_EQ(with_programme, frame->referrals.size()) << "programme and referral date are required";
  std::set<std::string> types;
  for (size_t i = 0; i < frame->outcomes.size(); ++i)
    types.insert(ToLower(frame->outcomes.type.at(i)));
  EXPECT_EQ(types, (std::set<std::string>{"caution", "charge", "conviction"}));
}

TEST_F(FramePeople, APersonHasTheSameIdInEveryStoreMadeWithTheSameKey) {
  auto a = FrameOf("a.db"), b = FrameOf("b.db");
  ASSERT_GT(a->persons.size(), 100u);
  EXPECT_EQ(a->persons.id, b->persons.id);
  EXPECT_EQ(a->persons.pseudonym, b->persons.pseudonym);
  for (size_t i = 0; i < a->persons.size(); ++i) {
    const Pseudonym& p = a->persons.pseudonym[i];
    uint64_t expected = 0;
    for (int k = 0; k < 8; ++k) expected = expected * 256 + p[k];
    ASSERT_EQ(a->persons.id[i], expected);
  }
  // The same referral lands on the same person id in both stores, loaded in another order.
  std::multiset<std::pair<uint64_t, int64_t>> ra, rb;
  for (size_t i = 0; i < a->referrals.size(); ++i)
    ra.insert({a->persons.id[a->referrals.person[i]], a->referrals.referred[i]});
  for (size_t i = 0; i < b->referrals.size(); ++i)
    rb.insert({b->persons.id[b->referrals.person[i]], b->referrals.referred[i]});
  EXPECT_EQ(ra, rb);
}

TEST_F(FramePeople, TheCacheKeepsPeopleReferralsAndOutcomes) {
  auto store = OpenSqliteStore(dir_->File("a.db"), {StoreAccess::kRead});
  ASSERT_TRUE(store.ok());
  const std::string cache = dir_->File("a.cache");
  auto built = LoadFrame(**store, cache);
  ASSERT_TRUE(built.ok());
  auto id = (*store)->StoreId();
  auto version = (*store)->DataVersion();
  auto cached = ReadSnapshotCache(cache, *id, *version);
  ASSERT_NE(cached, nullptr);
  EXPECT_EQ(cached->persons.id, (*built)->persons.id);
  EXPECT_EQ(cached->referrals.person, (*built)->referrals.person);
  EXPECT_EQ(cached->referrals.programme.dict(), (*built)->referrals.programme.dict());
  EXPECT_EQ(cached->outcomes.date, (*built)->outcomes.date);
}

}  // namespace
}  // namespace cairn
