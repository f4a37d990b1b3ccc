// Hand-built frames with answers worked out by hand in the comments.
#include "analysis/sna_where.h"

#include <gtest/gtest.h>

#include <cmath>

#include "util/dates.h"

namespace cairn {
namespace {

// A frame of `n` crimes with no place, force or people.
Frame Events(size_t n) {
  Frame f;
  f.rows = n;
  f.kind.assign(n, static_cast<uint8_t>(EventKind::kCrime));
  f.longitude.assign(n, NAN);
  f.latitude.assign(n, NAN);
  f.force.codes().assign(n, 0);
  f.lsoa.codes().assign(n, 0);
  return f;
}

void Involve(Frame& f, uint32_t event, uint32_t person, Role role) {
  f.people.event.push_back(event);
  f.people.person.push_back(person);
  f.people.role.push_back(static_cast<uint8_t>(role));
  f.people.age.push_back(-1);
  f.people.sex.push_back(0);
}

TEST(SnaWhere, RepeatVictimsCountPeopleAndTheirEvents) {
  Frame f = Events(5);
  Involve(f, 0, 7, Role::kVictim);
  Involve(f, 0, 7, Role::kVictim);  // listed twice in one event: still one event
  Involve(f, 0, 7, Role::kSuspect);
  Involve(f, 1, 7, Role::kVictim);
  Involve(f, 2, 8, Role::kVictim);
  Involve(f, 3, 9, Role::kVictim);
  Involve(f, 4, 9, Role::kVictim);  // event 4 is not selected
  std::vector<uint8_t> selected = {1, 1, 1, 1, 0};
  RepeatPeople v = FindRepeats(f, selected, Role::kVictim);
  EXPECT_EQ(v.people, 3);         // 7, 8, 9
  EXPECT_EQ(v.repeat_people, 1);  // 7 (events 0 and 1); 9 has one selected event
  EXPECT_EQ(v.events, 4);         // events 0-3 have a victim
  EXPECT_EQ(v.repeat_events, 2);  // events 0 and 1
  RepeatPeople s = FindRepeats(f, selected, Role::kSuspect);
  EXPECT_EQ(s.people, 1);
  EXPECT_EQ(s.repeat_people, 0);
  EXPECT_EQ(s.events, 1);
}

TEST(SnaWhere, HealthOnlyAttendancesAreThoseNoPoliceRecordNamesAsVictim) {
  Frame f = Events(6);
  const auto ed = static_cast<uint8_t>(EventKind::kEdAttendance);
  f.kind = {0, ed, ed, ed, ed, 0};
  Involve(f, 0, 1, Role::kVictim);   // police: person 1 is a victim
  Involve(f, 1, 1, Role::kPatient);  // matched
  Involve(f, 2, 2, Role::kPatient);  // health only
  // event 3: an attendance with no patient identifier
  Involve(f, 4, 3, Role::kPatient);  // person 3 is a victim only outside the period
  Involve(f, 5, 3, Role::kVictim);
  HealthGap g = FindHealthGap(f, {1, 1, 1, 1, 1, 0});
  EXPECT_EQ(g.attendances, 4);
  EXPECT_EQ(g.matched, 1);
  EXPECT_EQ(g.health_only, 2);
  EXPECT_EQ(g.unlinkable, 1);
}

TEST(SnaWhere, CompletenessCountsWhatEachExtractRecords) {
  Frame f = Events(4);
  f.start_minute.assign(4, kNoTime);
  f.source.codes() = {f.source.Intern("Police"), 1, 1, 1};
  uint32_t uk = f.extract.Intern("police-uk-street"), rc = f.extract.Intern("recorded-crime");
  f.extract.codes() = {uk, uk, rc, rc};
  f.longitude[0] = -3.0, f.latitude[0] = 54.5;     // located, no LSOA
  f.lsoa.codes()[2] = f.lsoa.Intern("E01000001");  // an LSOA, no coordinates
  f.start_minute[2] = f.start_minute[3] = 1000;    // times
  Involve(f, 3, 1, Role::kVictim);
  auto c = MeasureCompleteness(f, {1, 1, 1, 0});  // event 3 outside the period
  ASSERT_EQ(c.size(), 2u);
  const Completeness& a = c.at("Police (police-uk-street)");
  EXPECT_EQ(a.events, 2);
  EXPECT_EQ(a.with_location, 1);
  EXPECT_EQ(a.with_lsoa, 0);
  EXPECT_EQ(a.with_time, 0);
  const Completeness& b = c.at("Police (recorded-crime)");
  EXPECT_EQ(b.events, 1);
  EXPECT_EQ(b.with_lsoa, 1);
  EXPECT_EQ(b.with_time, 1);
  EXPECT_EQ(b.with_person, 0);
}

TEST(SnaWhere, ForcesRankedPerThousandOfTheLsoasTheyMostlyPolice) {
  Frame f = Events(8);
  uint32_t a = f.force.Intern("Force A"), b = f.force.Intern("Force B");
  uint32_t city = f.force.Intern("City of London Police");
  uint32_t l1 = f.lsoa.Intern("L1"), l2 = f.lsoa.Intern("L2"), l3 = f.lsoa.Intern("L3");
  // L1: three events of A and one of B, so it is A's; L2: two of B; L3: two of City of London.
  f.force.codes() = {a, a, a, b, b, b, city, city};
  f.lsoa.codes() = {l1, l1, l1, l1, l2, l2, l3, l3};
  std::vector<uint8_t> selected = {1, 1, 0, 1, 1, 0, 1, 1};
  std::map<std::string, int64_t> population = {{"L1", 1000}, {"L2", 500}, {"L3", 100}};
  std::vector<ForceRate> ranked = RankForces(f, selected, population);
  ASSERT_EQ(ranked.size(), 2u);  // City of London left out
  EXPECT_EQ(ranked[0].force, "Force A");
  EXPECT_EQ(ranked[0].count, 2);
  EXPECT_EQ(ranked[0].population, 1000);
  EXPECT_DOUBLE_EQ(ranked[0].rate_per_1000, 2.0);  // 2 / 1000 * 1000
  EXPECT_EQ(ranked[1].force, "Force B");
  EXPECT_EQ(ranked[1].count, 2);  // events 3 and 4
  EXPECT_EQ(ranked[1].population, 500);
  EXPECT_DOUBLE_EQ(ranked[1].rate_per_1000, 4.0);
}

TEST(SnaWhere, AreaGroupsAddEventsAndResidentsOfTheDistrictsWithEvents) {
  std::vector<AreaRecord> areas(4);
  areas[0] = {"L1", "", "", "D", "", "Urban city and town", 10, 1};
  areas[1] = {"L2", "", "", "D", "", "Rural village", 20, 1};
  areas[2] = {"L3", "", "", "D", "", "", 30000, 10};
  areas[3] = {"L4", "", "", "E", "", "Urban city and town", 40, 1};
  std::map<std::string, int64_t> population = {{"L1", 100}, {"L2", 50}, {"L3", 200}, {"L4", 999}};
  areas.push_back({"L5", "", "", "F", "", "Urban city and town", 50, 1});
  areas.push_back({"L6", "", "", "F", "", "Urban city and town", 60, 1});
  population["L6"] = 5000;  // district F has under 1% of the events: L6 is not in the area
  AreaBreakdown b = BreakAreasDown({{"L1", 500}, {"L2", 300}, {"L5", 7}}, areas, population, {});
  ASSERT_EQ(b.imd_decile.size(), 2u);
  EXPECT_EQ(b.imd_decile[0].label, "1 (most deprived)");
  EXPECT_EQ(b.imd_decile[0].count, 807);
  EXPECT_EQ(b.imd_decile[0].population, 150);  // L4 and L6 are in districts outside the area
  EXPECT_EQ(b.imd_decile[1].label, "10 (least deprived)");
  EXPECT_EQ(b.imd_decile[1].count, 0);
  EXPECT_EQ(b.imd_decile[1].population, 200);
  ASSERT_EQ(b.rural_urban.size(), 3u);
  EXPECT_EQ(b.rural_urban[0].label, "Rural village");
  EXPECT_EQ(b.rural_urban[1].label, "Urban city and town");
  EXPECT_EQ(b.rural_urban[2].label, "(unknown)");
  EXPECT_EQ(b.lsoa.size(), 4u);  // L1, L2, L3 and L5 (which has events)
}

TEST(SnaWhere, HotspotsMapEveryLocatedEventAndFindTheCluster) {
  Frame f = Events(60);
  // 40 events at one place in the middle of Carlisle, 18 spread on a line east-west 30 km long,
  // two with no location.
  for (size_t r = 0; r < 40; ++r) f.longitude[r] = -2.9339, f.latitude[r] = 54.8952;
  for (size_t r = 40; r < 58; ++r) {
    f.longitude[r] = -3.2 + 0.03 * static_cast<double>(r - 40);
    f.latitude[r] = 54.70 + 0.01 * static_cast<double>(r % 5);
  }
  std::vector<uint8_t> all(60, 1);
  auto g = FindHotspots(f, all);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_TRUE(g->unavailable.empty());
  EXPECT_EQ(g->events_mapped, 58);
  EXPECT_EQ(g->events_without_location, 2);
  EXPECT_EQ(g->places, 19);
  double total = 0;
  size_t top = 0;
  for (size_t i = 0; i < g->cells.size(); ++i) {
    total += g->cells[i].count;
    if (g->cells[i].count > g->cells[top].count) top = i;
  }
  EXPECT_EQ(total, 58);
  EXPECT_EQ(g->cells[top].count, 40);
  // Carlisle Market Cross is about (340,000, 555,900) in British National Grid metres.
  EXPECT_NEAR(g->cells[top].x, 340000, g->cell_size);
  EXPECT_NEAR(g->cells[top].y, 555900, g->cell_size);
  ASSERT_TRUE(g->gistar[top].z.has_value());
  EXPECT_GT(*g->gistar[top].z, 0);
  EXPECT_GT(g->kde[top], 0);
  // Most events share one easting, so the bandwidth rule gives 0 and two cells are used instead.
  EXPECT_EQ(g->bandwidth, 2 * g->cell_size);
  EXPECT_FALSE(g->bandwidth_note.empty());
}

}  // namespace
}  // namespace cairn
