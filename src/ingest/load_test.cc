#include "ingest/load.h"

#include <gtest/gtest.h>

namespace cairn {

// Whatever a reader lets through, text that is not UTF-8 never reaches the store: in the data the
// file is refused by name; in a reject or finding (which quote bad input) each bad byte becomes
// U+FFFD.
TEST(Load, TextThatIsNotUtf8IsRefusedOrMadeValidBeforeStoring) {
  Batch batch;
  batch.file_name = "f.csv";
  batch.events.AppendEmptyRow(EventKind::kCrime, 2);
  batch.events.location.Set(0, "Caf\xE9");
  EXPECT_EQ(CheckBatchText(&batch).message(),
            "f.csv: events.location \"Caf\xEF\xBF\xBD\" is not valid UTF-8 text; not loaded (every "
            "reader should have decoded or rejected it: please report this)");

  Batch quoted;
  quoted.file_name = "caf\xE9.csv";
  quoted.rejects.push_back({2, "Location", "Caf\xE9", "is odd"});
  quoted.findings.push_back("value \"\xFF\" seen");
  ASSERT_TRUE(CheckBatchText(&quoted).ok());
  EXPECT_EQ(quoted.rejects[0].value, "Caf\xEF\xBF\xBD");
  EXPECT_EQ(quoted.findings[0], "value \"\xEF\xBF\xBD\" seen");
  EXPECT_EQ(quoted.file_name, "caf\xEF\xBF\xBD.csv");
}

}  // namespace cairn
