// The snapshot cache used in place: a frame read back holds what was written (arrays, constants,
// the derived month key, dictionaries, people); an array is checked only when first read, so a
// damaged array the question does not touch changes nothing and one it touches reads as zeros
// and marks the frame damaged; values out of range are caught even when the checksum is right;
// a damaged header, section table or dictionary means no frame at all.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "snapshot/frame.h"
#include "tests/test_util.h"
#include "util/dates.h"

namespace cairn {
namespace {

using testing::ReadText;
using testing::TempDir;
using testing::WriteText;

constexpr int64_t kStore = 77, kVersion = 5;
constexpr size_t kRows = 3000;

// A frame with every kind of array: varying, constant (start and end times, victims' ages),
// several dictionaries, people, persons, referrals and outcomes.
Frame SampleFrame() {
  Frame f;
  f.data_version = kVersion;
  ResizeFrame(f, kRows);
  f.first_month = 24000;
  f.last_month = 24011;
  for (size_t r = 0; r < kRows; ++r) {
    f.kind[r] = static_cast<uint8_t>(r % 3);
    f.month[r] = r % 13 == 0 ? kNoMonth : f.first_month + static_cast<int32_t>(r % 12);
    f.longitude[r] = -3.0 + 0.001 * static_cast<double>(r);
    f.latitude[r] = 54.0;
    f.markers[r] = static_cast<uint16_t>(r % 5);
  }
  f.month_key.resize(kRows);
  for (size_t r = 0; r < kRows; ++r)
    f.month_key[r] = f.month[r] == kNoMonth ? 0 : f.month[r] - f.first_month + 1;
  const char* categories[] = {"Robbery", "Burglary", "Drugs", "Violence and sexual offences"};
  for (size_t r = 0; r < kRows; ++r) {
    f.category.codes()[r] = f.category.Intern(categories[(r * 7) % 4]);
    f.force.codes()[r] = f.force.Intern(r < kRows / 2 ? "Force A" : "Force B");
  }
  for (uint8_t i = 0; i < 4; ++i) {
    Pseudonym p{};
    p[0] = static_cast<uint8_t>(10 * (i + 1));
    p[31] = i;
    f.persons.pseudonym.push_back(p);
    f.persons.id.push_back(PersonIdOf(p));
  }
  for (uint32_t e = 0; e < 40; ++e) {
    f.people.event.push_back(e * 10);
    f.people.person.push_back(e % 4);
    f.people.role.push_back(static_cast<uint8_t>(e % 2));
    f.people.age.push_back(static_cast<int16_t>(20 + e));
    f.people.sex.push_back(static_cast<uint8_t>(e % 3));
  }
  f.batches.batch = {1, 2};
  f.batches.first_row = {0, kRows / 2};
  // The first batch's references are kept; the second's (Crime IDs) are left in the store.
  f.batches.references_kept = {1, 0};
  for (size_t r = 0; r < kRows; ++r) {
    const std::string ref = r < kRows / 2 ? "FC-" + std::to_string(r) : "";
    f.references.text.values().insert(f.references.text.values().end(), ref.begin(), ref.end());
    f.references.end.push_back(f.references.text.size());
  }
  f.referrals.person = {0, 3};
  f.referrals.referred = {1000, 2000};
  f.referrals.started = {kNoTime, 2100};
  f.referrals.ended = {kNoTime, kNoTime};
  for (const char* programme : {"Turnaround", "1CLIC"}) {
    f.referrals.programme.codes().push_back(f.referrals.programme.Intern(programme));
    f.referrals.agency.codes().push_back(f.referrals.agency.Intern("YJS"));
    f.referrals.outcome.codes().push_back(0);
    f.referrals.source.codes().push_back(f.referrals.source.Intern("council"));
    f.referrals.extract.codes().push_back(f.referrals.extract.Intern("referrals"));
  }
  return f;
}

class SnapshotCacheFile : public ::testing::Test {
 protected:
  void Write(const Frame& f) { WriteSnapshotCache(path_, f, kStore, 0600); }
  std::shared_ptr<const Frame> Read() { return ReadSnapshotCache(path_, kStore, kVersion); }
  // Flips one byte of the cache file, inside the first place the bytes of `values` are stored.
  template <typename T>
  void Damage(const Column<T>& values) {
    std::string bytes = ReadText(path_);
    const std::string needle(reinterpret_cast<const char*>(values.data()),
                             values.size() * sizeof(T));
    const size_t at = bytes.find(needle);
    ASSERT_NE(at, std::string::npos) << "the array is not stored as it is";
    bytes[at + needle.size() / 2] ^= 0x40;
    WriteText(path_, bytes);
  }

  TempDir dir_;
  const std::string path_ = dir_.File("store.db.snapshot");
};

TEST_F(SnapshotCacheFile, AFrameReadBackHoldsWhatWasWritten) {
  const Frame f = SampleFrame();
  Write(f);
  auto read = Read();
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->rows, kRows);
  EXPECT_EQ(read->first_month, f.first_month);
  EXPECT_EQ(read->last_month, f.last_month);
  EXPECT_TRUE(read->kind.is_lazy()) << "a frame from the cache reads the file in place";
  EXPECT_EQ(read->kind, f.kind);
  EXPECT_EQ(read->month, f.month);
  EXPECT_EQ(read->month_key, f.month_key) << "derived from the month, not stored";
  EXPECT_EQ(read->start_minute, f.start_minute);  // all kNoTime: stored as one value
  EXPECT_EQ(read->end_minute, f.end_minute);
  EXPECT_EQ(read->victim_age, f.victim_age);
  EXPECT_EQ(read->markers, f.markers);
  for (size_t r = 0; r < kRows; ++r) {
    ASSERT_EQ(read->longitude[r], f.longitude[r]) << r;
  }
  EXPECT_EQ(read->category.dict(), f.category.dict());
  EXPECT_EQ(read->category.codes(), f.category.codes());
  EXPECT_EQ(read->force.codes(), f.force.codes());
  EXPECT_EQ(read->force.Find("Force B"), f.force.Find("Force B"));
  EXPECT_EQ(read->persons.id, f.persons.id);
  EXPECT_EQ(read->persons.pseudonym, f.persons.pseudonym);
  EXPECT_EQ(read->people.event, f.people.event);
  EXPECT_EQ(read->people.person, f.people.person);
  EXPECT_EQ(read->people.age, f.people.age);
  EXPECT_EQ(read->batches.first_row, f.batches.first_row);
  EXPECT_EQ(read->batches.references_kept, f.batches.references_kept);
  EXPECT_EQ(read->references.end, f.references.end);
  EXPECT_EQ(read->references.text, f.references.text);
  EXPECT_EQ(read->referrals.started, f.referrals.started);
  EXPECT_EQ(read->referrals.programme.dict(), f.referrals.programme.dict());
  EXPECT_EQ(read->referrals.programme.codes(), f.referrals.programme.codes());
  EXPECT_FALSE(read->Damaged());
  // A copy owns its arrays.
  Frame copy = *read;
  EXPECT_FALSE(copy.category.codes().is_lazy());
  EXPECT_EQ(copy.category.codes(), f.category.codes());
}

TEST_F(SnapshotCacheFile, ADamagedArrayIsFoundOnlyWhenItIsRead) {
  const Frame f = SampleFrame();
  Write(f);
  Damage(f.category.codes());
  auto read = Read();
  ASSERT_NE(read, nullptr) << "the header, table and dictionaries are whole";
  EXPECT_EQ(read->month, f.month);
  EXPECT_EQ(read->force.codes(), f.force.codes());
  EXPECT_FALSE(read->Damaged()) << "the damaged array has not been read yet";
  const auto& codes = read->category.codes();
  EXPECT_TRUE(std::all_of(codes.begin(), codes.end(), [](uint32_t c) { return c == 0; }))
      << "a damaged array reads as zeros, never as what the file says";
  EXPECT_TRUE(read->Damaged());
}

TEST_F(SnapshotCacheFile, EveryArrayIsChecksummed) {
  const Frame f = SampleFrame();
  Write(f);
  Damage(f.longitude);
  auto read = Read();
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->longitude[kRows / 2], 0.0);
  EXPECT_TRUE(read->Damaged());
  Write(f);
  Damage(f.persons.pseudonym);
  read = Read();
  ASSERT_NE(read, nullptr);
  EXPECT_EQ(read->persons.id[0], 0u) << "ids are checked against their pseudonyms";
  EXPECT_TRUE(read->Damaged());
}

// Values the readers would index with are range-checked even when the checksum matches.
TEST_F(SnapshotCacheFile, OutOfRangeValuesAreNeverBelieved) {
  struct Case {
    const char* what;
    void (*spoil)(Frame&);
    bool (*read_damaged)(const Frame&);
  };
  const Case cases[] = {
      {"a code past its dictionary", [](Frame& f) { f.category.codes()[5] = 99; },
       [](const Frame& f) { return f.category.codes()[5] == 0 && f.Damaged(); }},
      {"a month outside the frame's months", [](Frame& f) { f.month[1] = f.last_month + 1; },
       [](const Frame& f) { return f.month[1] == 0 && f.Damaged(); }},
      {"an involvement past the events",
       [](Frame& f) { f.people.event.back() = static_cast<uint32_t>(kRows); },
       [](const Frame& f) { return f.people.event.back() == 0 && f.Damaged(); }},
      {"involvements out of event order",
       [](Frame& f) { std::swap(f.people.event[0], f.people.event[1]); },
       [](const Frame& f) { return f.people.event[1] == 0 && f.Damaged(); }},
      {"a person past the persons", [](Frame& f) { f.referrals.person[1] = 4; },
       [](const Frame& f) { return f.referrals.person[1] == 0 && f.Damaged(); }},
      {"an unknown event kind", [](Frame& f) { f.kind[7] = 200; },
       [](const Frame& f) { return f.kind[7] == 0 && f.Damaged(); }},
      {"an unknown role in every involvement", [](Frame& f) { f.people.role.assign(40, 9); },
       [](const Frame& f) { return f.people.role[0] == 0 && f.Damaged(); }},
  };
  for (const Case& c : cases) {
    Frame f = SampleFrame();
    c.spoil(f);
    Write(f);
    auto read = Read();
    ASSERT_NE(read, nullptr) << c.what;
    EXPECT_TRUE(c.read_damaged(*read)) << c.what;
  }
}

TEST_F(SnapshotCacheFile, AWrongOrDamagedHeaderTableOrDictionaryGivesNoFrame) {
  const Frame f = SampleFrame();
  Write(f);
  const std::string good = ReadText(path_);
  EXPECT_EQ(ReadSnapshotCache(path_, kStore + 1, kVersion), nullptr) << "another store";
  EXPECT_EQ(ReadSnapshotCache(path_, kStore, kVersion + 1), nullptr) << "another data version";
  EXPECT_EQ(good.substr(0, 7), kSnapshotCachePrefix);
  for (size_t at : {size_t{8}, size_t{40}, size_t{64}, size_t{100}, size_t{300}}) {
    std::string damaged = good;
    damaged[at] ^= 0x01;
    WriteText(path_, damaged);
    EXPECT_EQ(Read(), nullptr) << "byte " << at << " of the header or section table";
  }
  std::string damaged = good;
  const size_t robbery = damaged.find("Burglary");
  ASSERT_NE(robbery, std::string::npos);
  damaged[robbery] = 'b';
  WriteText(path_, damaged);
  EXPECT_EQ(Read(), nullptr) << "a dictionary is checked when the file is opened";
  WriteText(path_, good.substr(0, good.size() - 1));
  EXPECT_EQ(Read(), nullptr) << "a short file";
  WriteText(path_, good);
  EXPECT_NE(Read(), nullptr);
}

}  // namespace
}  // namespace cairn
