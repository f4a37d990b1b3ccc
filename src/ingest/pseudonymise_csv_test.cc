#include "ingest/pseudonymise_csv.h"

#include <gtest/gtest.h>

namespace cairn {
namespace {

PartnershipKey FixedKey() {
  PartnershipKey key;
  for (size_t i = 0; i < key.bytes.size(); ++i) key.bytes[i] = static_cast<uint8_t>(i * 3 + 1);
  return key;
}

TEST(PseudonymiseCsv, LinksReplaceTheirColumnsWhereTheFirstOneStood) {
  const PartnershipKey key = FixedKey();
  const std::string in =
      "\xEF\xBB\xBFRef,Surname,Forename,DOB,NHS,Note\r\n"
      "1,Smith,Ann,01/02/1990,4857773456,\"a, b\"\r\n"
      "2,,,,,blank person\r\n";
  CsvPseudonymisation spec{{"NHS"}, {"Surname+Forename+DOB"}, {"Person"}, ','};
  auto out = PseudonymiseCsv(in, "ed.csv", spec, key, false);
  ASSERT_TRUE(out.ok()) << out.status().message();
  const std::string person = PseudonymToHex(MakePseudonym(key, {"Smith", "Ann", "01/02/1990"}));
  const std::string nhs = PseudonymToHex(MakePseudonym(key, {"4857773456"}));
  EXPECT_EQ(out->text,
            "\xEF\xBB\xBFRef,Person,NHS,Note\r\n"
            "1," +
                person + "," + nhs +
                ",\"a, b\"\r\n"
                "2,,,blank person\r\n");
  EXPECT_EQ(out->rows, 2);
  EXPECT_EQ(out->summary,
            "pseudonymised 2 rows: columns NHS; linked Surname+Forename+DOB -> Person");
}

TEST(PseudonymiseCsv, AShortRowOrAMissingColumnWritesNothing) {
  const PartnershipKey key = FixedKey();
  CsvPseudonymisation spec{{"NHS"}, {}, {}, ','};
  auto short_row = PseudonymiseCsv("Ref,NHS\n1,485\n2\n", "ed.csv", spec, key, false);
  ASSERT_FALSE(short_row.ok());
  EXPECT_EQ(short_row.status().message(),
            "ed.csv line 3: 1 fields, but the header has 2; is the delimiter right, or a quote "
            "unbalanced? Nothing was written.");
  CsvPseudonymisation typo{{"NHSNumber"}, {}, {}, ','};
  auto missing = PseudonymiseCsv("Ref;NHSNumbr\n1;485\n", "ed.csv", typo, key, false);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kUsage);
  EXPECT_NE(missing.status().message().find("try --delimiter ';'"), std::string::npos)
      << missing.status().message();
}

}  // namespace
}  // namespace cairn
