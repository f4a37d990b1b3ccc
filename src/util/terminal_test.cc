#include "util/terminal.h"

#include <gtest/gtest.h>

namespace cairn {
namespace {

// Issue 15 item 23: ESC, BEL, other C0 controls, DEL and C1 controls are shown, not obeyed.
TEST(VisibleText, ShowsEveryControlCharacter) {
  EXPECT_EQ(VisibleText("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(VisibleText("bell\a"), "bell\\x07");
  EXPECT_EQ(VisibleText(std::string("nul\0x", 5)), "nul\\x00x");
  EXPECT_EQ(VisibleText("tab\tline\nret\r"), "tab\\x09line\\x0aret\\x0d");
  EXPECT_EQ(VisibleText("del\x7f"), "del\\x7f");
  EXPECT_EQ(VisibleText("csi\xc2\x9b"
                        "31m"),
            "csi\\u009b31m");
}

TEST(VisibleText, LeavesOrdinaryTextAlone) {
  EXPECT_EQ(VisibleText("Robbery"), "Robbery");
  EXPECT_EQ(VisibleText("Ynys Môn £5 – ok"), "Ynys Môn £5 – ok");
}

// Error messages quote values from the user's files; they are shown too, their lines kept.
TEST(VisibleLines, KeepsNewlinesAndShowsOtherControls) {
  EXPECT_EQ(VisibleLines("line 1: \"\x1b]52;c;eA==\a\"\n  ^"),
            "line 1: \"\\x1b]52;c;eA==\\x07\"\n  ^");
}

TEST(FormatTable, AlignsByCharactersAndRightAlignsTheLastColumn) {
  EXPECT_EQ(FormatTable({{"place", "count"}, {"Môn", "7"}, {"x\x1b", "12"}}),
            "place  count\nMôn        7\nx\\x1b     12\n");
}

}  // namespace
}  // namespace cairn
