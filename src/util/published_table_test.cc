#include "util/published_table.h"

#include <gtest/gtest.h>

namespace cairn {
namespace {

// Names as ONS writes them in the 2018-2025 Police Force Area tables.
TEST(PublishedTable, FootnoteMarkersAreRemovedFromNames) {
  EXPECT_EQ(PublishedName("Greater Manchester8,9"), "Greater Manchester");
  EXPECT_EQ(PublishedName("Essex10"), "Essex");
  EXPECT_EQ(PublishedName("Humberside [note 4]"), "Humberside");
  EXPECT_EQ(PublishedName("ENGLAND AND WALES [note 3]"), "ENGLAND AND WALES");
  EXPECT_EQ(PublishedName("Stalking and harassment 5"), "Stalking and harassment");
  EXPECT_EQ(PublishedName("Total recorded crime (excluding fraud3)"),
            "Total recorded crime (excluding fraud)");
  EXPECT_EQ(PublishedName("Residential burglary (households) 7,8,10"),
            "Residential burglary (households)");
  EXPECT_EQ(PublishedName("Number of\n offences\n involving a\n knife7"),
            "Number of offences involving a knife");
  EXPECT_EQ(PublishedName("Lancashire "), "Lancashire");
  // Digits that are part of the name stay.
  EXPECT_EQ(PublishedName("Mid-2023"), "Mid-2023");
  EXPECT_EQ(PublishedName("90+"), "90+");
  EXPECT_EQ(PublishedName("0"), "0");
  EXPECT_EQ(PublishedName("Population figures\n (mid-2018)3  rounded to 100"),
            "Population figures (mid-2018) rounded to 100");
}

TEST(PublishedTable, AreaNamesFromDifferentTablesShareAKey) {
  EXPECT_EQ(AreaNameKey("Devon & Cornwall"), AreaNameKey("Devon and Cornwall"));
  EXPECT_EQ(AreaNameKey("London, City of"), AreaNameKey("City of London14"));
  EXPECT_EQ(AreaNameKey("Dyfed-Powys4"), AreaNameKey("Dyfed Powys"));
  EXPECT_NE(AreaNameKey("Cumbria"), AreaNameKey("Cambria"));
}

TEST(PublishedTable, MissingValueMarksAreNotNumbersAndNumbersKeepTheirValue) {
  for (const char* mark : {"..", "[x]", "[z]", "NA", "+", "-", "[note 4]"})
    EXPECT_TRUE(IsMissingFigure(mark)) << mark;
  EXPECT_FALSE(IsMissingFigure("0"));
  EXPECT_FALSE(IsMissingFigure(""));
  EXPECT_EQ(*ParseFigure("5,287,312"), 5287312);
  EXPECT_DOUBLE_EQ(*ParseFigure("1.1899848037164469E-2"), 0.011899848037164469);
  EXPECT_FALSE(ParseFigure("five").has_value());
}

TEST(PublishedTable, PeriodsAreReadFromTitles) {
  EXPECT_EQ(YearEndingFrom("Table P1: ..., number of offences, year ending December 20191,2"),
            "2019-12");
  EXPECT_EQ(YearEndingFrom("Table P1:  ..., year ending March 181,2,3"), "2018-03");
  EXPECT_EQ(YearEndingFrom("..., year ending June 2025 [note 1]"), "2025-06");
  EXPECT_EQ(YearEndingFrom("year ending Sept 2019"), "2019-09");
  EXPECT_EQ(YearEndingFrom("no period here"), "");
  EXPECT_EQ(MidYearFrom("MYE2: Persons by single year of age ..., mid-2023"), "2023");
  EXPECT_EQ(MidYearFrom("mid-20"), "");
  EXPECT_TRUE(IsAreaCode("E23000002"));
  EXPECT_FALSE(IsAreaCode("1. Police recorded crime data"));
}

}  // namespace
}  // namespace cairn
