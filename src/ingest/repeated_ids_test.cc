#include "ingest/repeated_ids.h"

#include <gtest/gtest.h>

#include <random>

namespace cairn {

namespace {

// A batch of `ids` Crime IDs as text (not hex, so kept as they are), with their repeat keys.
struct IdBatch {
  Batch batch;
  std::vector<uint64_t> hashes;
};

IdBatch MakeBatch(const std::string& file, const std::vector<std::string>& ids) {
  IdBatch b;
  b.batch.file_name = file;
  for (size_t row = 0; row < ids.size(); ++row) {
    b.batch.events.reference.AppendDistinct(ids[row]);
    b.batch.events.source_line.push_back(static_cast<uint32_t>(row + 2));
  }
  for (size_t row = 0; row < ids.size(); ++row)
    b.hashes.push_back(b.batch.events.reference.RepeatKey(row));
  return b;
}

std::vector<std::string> Ids(const std::string& prefix, int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) ids.push_back(prefix + std::to_string(i));
  return ids;
}

}  // namespace

TEST(RepeatedIdFinder, NamesTheEarlierFileAndTheLine) {
  RepeatedIdFinder finder(100);
  IdBatch january = MakeBatch("2024-01-cumbria-street.csv", {"A1", "", "B2"});
  IdBatch february = MakeBatch("2024-02-cumbria-street.csv", {"C3", "B2", ""});
  finder.Check(&january.batch, january.hashes);
  finder.Check(&february.batch, february.hashes);
  EXPECT_TRUE(january.batch.findings.empty());
  ASSERT_EQ(february.batch.findings.size(), 1u);
  EXPECT_EQ(february.batch.findings[0],
            "Crime ID B2 on line 3 was already published in 2024-01-cumbria-street.csv; both rows "
            "are kept");
}

// Blank IDs (ASB rows) are never repeats, and an ID twice in one file is not a repeat across files.
TEST(RepeatedIdFinder, BlankIdsAndRepeatsWithinAFileAreNotFindings) {
  RepeatedIdFinder finder(100);
  IdBatch one = MakeBatch("one.csv", {"", "", "X", "X"});
  IdBatch two = MakeBatch("two.csv", {"", "Y"});
  finder.Check(&one.batch, one.hashes);
  finder.Check(&two.batch, two.hashes);
  EXPECT_TRUE(one.batch.findings.empty());
  EXPECT_TRUE(two.batch.findings.empty());
}

// Far more IDs than expected: tables are added, IDs in every one of them are still found, and
// thousands of distinct IDs give no false finding.
TEST(RepeatedIdFinder, FindsIdsInEveryTableWhenTheLoadOutgrowsItsEstimate) {
  RepeatedIdFinder finder(10);
  std::vector<IdBatch> months;
  for (int m = 0; m < 6; ++m) {
    months.push_back(MakeBatch("month" + std::to_string(m) + ".csv",
                               Ids("m" + std::to_string(m) + "-", 2000 << m)));
    finder.Check(&months.back().batch, months.back().hashes);
    EXPECT_TRUE(months.back().batch.findings.empty()) << months.back().batch.findings[0];
  }
  EXPECT_GE(finder.tables(), 3u);
  std::vector<std::string> again;
  for (int m = 0; m < 6; ++m) again.push_back("m" + std::to_string(m) + "-" + std::to_string(m));
  again.push_back("never-seen");
  IdBatch republished = MakeBatch("republished.csv", again);
  finder.Check(&republished.batch, republished.hashes);
  ASSERT_EQ(republished.batch.findings.size(), 6u);
  for (int m = 0; m < 6; ++m)
    EXPECT_NE(republished.batch.findings[m].find("already published in month" + std::to_string(m) +
                                                 ".csv"),
              std::string::npos)
        << republished.batch.findings[m];
}

// Packed (64-hex-digit) Crime IDs, as data.police.uk publishes them, are found by their bytes.
TEST(RepeatedIdFinder, FindsPackedCrimeIds) {
  std::mt19937_64 rng(7);
  auto hex_id = [&] {
    std::string id;
    for (int i = 0; i < 64; ++i) id += "0123456789abcdef"[rng() % 16];
    return id;
  };
  std::vector<std::string> ids;
  for (int i = 0; i < 5000; ++i) ids.push_back(hex_id());
  RepeatedIdFinder finder(1000);
  IdBatch first = MakeBatch("first.csv", ids);
  ASSERT_TRUE(first.batch.events.reference.packed(0));
  IdBatch second = MakeBatch("second.csv", {hex_id(), ids[4321], hex_id()});
  finder.Check(&first.batch, first.hashes);
  finder.Check(&second.batch, second.hashes);
  EXPECT_TRUE(first.batch.findings.empty());
  ASSERT_EQ(second.batch.findings.size(), 1u);
  EXPECT_NE(second.batch.findings[0].find("Crime ID " + ids[4321] + " on line 3"),
            std::string::npos);
}

}  // namespace cairn
