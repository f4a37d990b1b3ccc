// Hand-built frames: what is loaded is set row by row, and each expected reason follows from it.
#include "analysis/loaded.h"

#include <gtest/gtest.h>

#include "model/codes.h"

namespace cairn {
namespace {

// Two crimes from a data.police.uk-like extract: no offence code, no marker, no people.
Frame PoliceUkCrimes() {
  Frame f;
  f.rows = 2;
  f.kind.assign(2, static_cast<uint8_t>(EventKind::kCrime));
  f.markers.assign(2, 0);
  f.victims.assign(2, 0);
  f.suspects.assign(2, 0);
  f.offence_code.codes().assign(2, 0);
  f.extract.Append("police-uk-street");
  f.extract.Append("police-uk-street");
  return f;
}

DefinitionCatalog Catalog() {
  const std::string text = R"([set]
name = "test"
version = 1
title = "test"
default = true

[[definition]]
name = "knives"
title = "Knives"
expr = 'kind = "crime" and marker.knife'

[[definition]]
name = "admissions"
title = "Admissions"
expr = 'kind = "ed_attendance" and (marker.knife or offence.code in ("8N"))'
)";
  auto catalog = DefinitionCatalog::LoadFiles({{"test.toml", text}});
  EXPECT_TRUE(catalog.ok()) << catalog.status().message();
  return std::move(catalog).value();
}

TEST(WhyNotLoaded, NamesWhatNoLoadedEventHas) {
  const Frame f = PoliceUkCrimes();
  const DefinitionCatalog c = Catalog();
  EXPECT_EQ(WhyNotLoaded("kind = \"ed_attendance\"", c, f, LoadedFactsOf(f)),
            "no ed_attendance records are loaded");
  EXPECT_EQ(WhyNotLoaded("kind in (\"ed_attendance\", \"asb\")", c, f, LoadedFactsOf(f)),
            "no ed_attendance or asb records are loaded");
  EXPECT_EQ(WhyNotLoaded("extract = \"recorded-crime\"", c, f, LoadedFactsOf(f)),
            "no recorded-crime extract is loaded");
  EXPECT_NE(WhyNotLoaded("offence.code in (\"1\")", c, f, LoadedFactsOf(f))
                .find("no loaded extract has offence"),
            std::string::npos);
  EXPECT_NE(WhyNotLoaded("victim.age < 25", c, f, LoadedFactsOf(f))
                .find("no loaded extract names a victim"),
            std::string::npos);
  // Through a named definition, and an `and` fails on its first unloadable conjunct.
  EXPECT_NE(WhyNotLoaded("knives", c, f, LoadedFactsOf(f))
                .find("no loaded event carries the knife marker"),
            std::string::npos);
  EXPECT_EQ(WhyNotLoaded("admissions", c, f, LoadedFactsOf(f)),
            "no ed_attendance records are loaded");
}

TEST(WhyNotLoaded, LoadableWhenAnyWayCouldMatch) {
  Frame f = PoliceUkCrimes();
  const DefinitionCatalog c = Catalog();
  EXPECT_EQ(WhyNotLoaded("kind = \"crime\"", c, f, LoadedFactsOf(f)), "");
  EXPECT_EQ(WhyNotLoaded("extract = \"police-uk-street\"", c, f, LoadedFactsOf(f)), "");
  // One child of an `or` that could match is enough; `not` and counts are never ruled out.
  EXPECT_EQ(WhyNotLoaded("marker.knife or kind = \"crime\"", c, f, LoadedFactsOf(f)), "");
  EXPECT_EQ(WhyNotLoaded("not marker.knife", c, f, LoadedFactsOf(f)), "");
  EXPECT_EQ(WhyNotLoaded("victim.count = 0", c, f, LoadedFactsOf(f)), "");
  // Every child of an `or` ruled out: both reasons.
  EXPECT_EQ(WhyNotLoaded("kind = \"ed_attendance\" or extract = \"recorded-crime\"", c, f,
                         LoadedFactsOf(f)),
            "no ed_attendance records are loaded, and no recorded-crime extract is loaded");
  // One event with the marker and a victim: those are loaded now.
  f.markers[1] = kMarkerKnife;
  f.victims[0] = 1;
  EXPECT_EQ(WhyNotLoaded("knives", c, f, LoadedFactsOf(f)), "");
  EXPECT_EQ(WhyNotLoaded("victim.age < 25", c, f, LoadedFactsOf(f)), "");
}

}  // namespace
}  // namespace cairn
