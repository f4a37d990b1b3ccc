#include "model/batch.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cairn {

TEST(StringColumn, InternGivesEachDistinctValueOneCode) {
  StringColumn c;
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 5000; ++i) c.Append("value " + std::to_string(i));
  ASSERT_EQ(c.dict().size(), 5001u);
  for (size_t row = 0; row < 5000; ++row) {
    EXPECT_EQ(c.codes()[row], c.codes()[row + 5000]);
    EXPECT_EQ(c.at(row), "value " + std::to_string(row));
  }
  c.Append("");
  EXPECT_EQ(c.codes().back(), 0u);
}

// A hint is checked, never trusted: a wrong or stale one gives the same codes as Append.
TEST(StringColumn, AppendLikeUsesAHintOnlyWhenItIsTheValue) {
  StringColumn c;
  uint32_t carlisle = c.AppendLike("Carlisle 001A", 0);
  EXPECT_EQ(c.AppendLike("Carlisle 001A", carlisle), carlisle);
  uint32_t eden = c.AppendLike("Eden 003B", carlisle);  // a wrong hint
  EXPECT_NE(eden, carlisle);
  EXPECT_EQ(c.AppendLike("Eden 003B", 0), eden);            // no hint: found in the dictionary
  EXPECT_EQ(c.AppendLike("Carlisle 001A", 999), carlisle);  // a hint past the dictionary
  EXPECT_EQ(c.AppendLike("", eden), 0u);
  ASSERT_EQ(c.size(), 6u);
  const char* expected[] = {"Carlisle 001A", "Carlisle 001A", "Eden 003B",
                            "Eden 003B",     "Carlisle 001A", ""};
  for (size_t row = 0; row < 6; ++row) EXPECT_EQ(c.at(row), expected[row]) << row;
  EXPECT_EQ(c.dict().size(), 3u);  // "", and each name once
}

TEST(StringColumn, InternAfterAssignFindsTheAssignedValues) {
  StringColumn c;
  c.Assign({"", "Drugs", "Robbery", "Drugs"}, {1, 2, 3});
  EXPECT_EQ(c.Intern("Robbery"), 2u);
  EXPECT_EQ(c.Intern("Drugs"), 1u);
  EXPECT_EQ(c.Intern("Arson"), 4u);
  EXPECT_EQ(c.dict().size(), 5u);
}

TEST(StringColumn, FindGivesTheCodeOfAValueIndexedOrNot) {
  std::vector<std::string> dict = {""};
  for (int i = 1; i <= 3000; ++i) dict.push_back("E0100" + std::to_string(i));
  StringColumn c;
  c.Assign(dict, std::vector<uint32_t>{2999, 0, 1});
  for (bool indexed : {false, true}) {
    if (indexed) c.IndexAll();
    EXPECT_EQ(c.Find("E01001"), 1u) << indexed;
    EXPECT_EQ(c.Find("E01003000"), 3000u) << indexed;
    EXPECT_EQ(c.Find(""), 0u) << indexed;  // the empty value is code 0
    EXPECT_FALSE(c.Find("E01003001").has_value()) << indexed;
    EXPECT_EQ(c.at(0), "E01002999");
  }
  // Values interned later are found too.
  EXPECT_EQ(c.Find("new"), std::nullopt);
  const uint32_t code = c.Intern("new");
  EXPECT_EQ(c.Find("new"), code);
  EXPECT_EQ(code, 3001u);
}

TEST(StringColumn, HexCrimeIdsArePackedAndOthersKeptAsText) {
  const std::string id(64, 'a');
  StringColumn c;
  c.AppendDistinct(id);
  c.AppendDistinct("");
  c.AppendDistinct(std::string(64, 'A'));
  c.AppendDistinct(std::string(63, 'a') + "g");
  c.AppendDistinct(id);
  EXPECT_TRUE(c.packed(0));
  EXPECT_FALSE(c.packed(2));
  EXPECT_FALSE(c.packed(3));
  EXPECT_EQ(c.Text(0), id);
  EXPECT_EQ(c.Text(1), "");
  EXPECT_EQ(c.Text(2), std::string(64, 'A'));
  EXPECT_EQ(c.Text(3), std::string(63, 'a') + "g");
  EXPECT_EQ(c.RepeatKey(1), 0u);
  EXPECT_EQ(c.RepeatKey(0), c.RepeatKey(4));
  EXPECT_TRUE(c.SameValue(0, 4));
  EXPECT_FALSE(c.SameValue(0, 2));
}

TEST(StringColumn, EveryHexDigitPacksAndEveryOtherByteDoesNot) {
  const std::string digits = "0123456789abcdef";
  const std::string id = digits + digits + digits + digits;
  StringColumn c;
  c.AppendDistinct(id);
  ASSERT_TRUE(c.packed(0));
  EXPECT_EQ(c.Text(0), id);
  EXPECT_EQ(c.PackedValue(0)[0], 0x01);
  EXPECT_EQ(c.PackedValue(0)[7], 0xef);
  for (int byte = 1; byte < 256; ++byte) {
    if (digits.find(static_cast<char>(byte)) != std::string::npos) continue;
    std::string bad = id;
    bad[static_cast<size_t>(byte) % 64] = static_cast<char>(byte);
    c.AppendDistinct(bad);
    EXPECT_FALSE(c.packed(c.size() - 1)) << "byte " << byte;
    EXPECT_EQ(c.Text(c.size() - 1), bad);
  }
}

}  // namespace cairn
