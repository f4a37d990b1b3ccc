// Writes the synthetic partnership's files in the exact layouts of docs/profiles.md and of the real
// published files (Census 2021 bulk CSVs: TS007A unquoted, TS008 fully quoted; IoD2019 File 1 with
// a byte-order mark, CRLF line ends and ranks such as "29,199"; data.police.uk street-level files).
// Rows are appended to a std::string with hand-rolled number formatting and flushed in 1 MiB
// blocks: the police.uk writer is the benchmark path (20 million rows at --scale 160).

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "synth/synth_internal.h"
#include "util/dates.h"

namespace cairn::synth {

const char* const kStreetHeader =
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context";
const char* const kRecordedCrimeHeader =
    "CrimeReference,RecordType,HOOffenceCode,OffenceDescription,CommittedFrom,CommittedTo,Easting,"
    "Northing,LSOA,DAFlag,AlcoholFlag,DrugsFlag,KnifeFlag,FirearmFlag,CountyLinesFlag,NTEFlag,"
    "CSEFlag,CCEFlag,ChildrenPresent,VictimSurname,VictimForename,VictimDOB,VictimAge,VictimSex,"
    "VictimPostcode,SuspectSurname,SuspectForename,SuspectDOB,SuspectAge,SuspectSex,SuspectPNC,"
    "Outcome,PremisesAddress,VulnerableSurname,VulnerableForename,VulnerableDOB,VulnerableAge,"
    "VulnerableSex";
const char* const kEdIstvHeader =
    "SiteCode,ReportingPeriodStart,ReportingPeriodEnd,ArrivalDateTime,AssaultDateTime,"
    "AssaultMethod,"
    "AssaultMethodOther,AssaultLocationType,AssaultLocationDescription,PatientSurname,"
    "PatientForename,PatientDOB,NHSNumber,Age,Sex,LSOA";
const char* const kReferralsHeader =
    "ReferralID,Programme,Agency,Surname,Forename,DOB,ReferredDate,StartDate,EndDate,Outcome";
const char* const kJusticeOutcomesHeader =
    "Surname,Forename,DOB,PNC,OutcomeDate,OutcomeType,HOOffenceCode";
const char* const kTs007aHeader =
    "date,geography,geography code,Age: Total,Age: Aged 4 years and under,Age: Aged 5 to 9 years,"
    "Age: Aged 10 to 14 years,Age: Aged 15 to 19 years,Age: Aged 20 to 24 years,"
    "Age: Aged 25 to 29 years,Age: Aged 30 to 34 years,Age: Aged 35 to 39 years,"
    "Age: Aged 40 to 44 years,Age: Aged 45 to 49 years,Age: Aged 50 to 54 years,"
    "Age: Aged 55 to 59 years,Age: Aged 60 to 64 years,Age: Aged 65 to 69 years,"
    "Age: Aged 70 to 74 years,Age: Aged 75 to 79 years,Age: Aged 80 to 84 years,"
    "Age: Aged 85 years and over";
const char* const kTs008Header =
    "\"date\",\"geography\",\"geography code\",\"Sex: All persons; measures: Value\","
    "\"Sex: Female; measures: Value\",\"Sex: Male; measures: Value\"";
const char* const kImdFile1Header =
    "LSOA code (2011),LSOA name (2011),Local Authority District code (2019),"
    "Local Authority District name (2019),Index of Multiple Deprivation (IMD) Rank,"
    "Index of Multiple Deprivation (IMD) Decile";
const char* const kLsoaLookupHeader = "LSOA21CD,LSOA21NM,LAD22CD,LAD22NM,CSP,RUC11";

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void Append2(std::string* out, int v) {
  out->push_back(static_cast<char>('0' + v / 10));
  out->push_back(static_cast<char>('0' + v % 10));
}

const char* SexCode(PersonSex sex) {
  switch (sex) {
    case PersonSex::kFemale:
      return "F";
    case PersonSex::kMale:
      return "M";
    case PersonSex::kUnknown:
      break;
  }
  return "U";
}

const char* Flag(uint16_t markers, uint16_t bit) { return (markers & bit) ? "Y" : "N"; }

// Surname, forename, DOB, age at `day`, sex: five fields, each followed by a comma.
void AppendPersonCore(std::string* out, const Population& pop, int person, int64_t day) {
  if (person < 0) {
    out->append(",,,,,");
    return;
  }
  const Person& p = pop.persons[person];
  out->append(pop.names.Surname(p.surname));
  out->push_back(',');
  out->append(pop.names.Forename(
      p.forename, p.sex == PersonSex::kFemale ? PersonSex::kFemale : PersonSex::kMale));
  out->push_back(',');
  AppendDate(out, p.dob);
  out->push_back(',');
  AppendInt(out, AgeAt(p, day));
  out->push_back(',');
  out->append(SexCode(p.sex));
  out->push_back(',');
}

// Surname, forename, DOB (three fields, no trailing comma).
void AppendNameDob(std::string* out, const Population& pop, int person) {
  const Person& p = pop.persons[person];
  out->append(pop.names.Surname(p.surname));
  out->push_back(',');
  out->append(pop.names.Forename(
      p.forename, p.sex == PersonSex::kFemale ? PersonSex::kFemale : PersonSex::kMale));
  out->push_back(',');
  AppendDate(out, p.dob);
}

// What a deliberately broken row breaks.
enum class Breakage { kNone, kImpossibleDate, kUnknownOffence, kBlankDate, kOutsideGb };

void AppendCrimeRow(std::string* out, const Geography& geo, const Population& pop, const Crime& c,
                    const std::string& reference, Breakage breakage) {
  const Offence& o = Offences()[c.offence];
  const StreetPoint& sp = geo.points[c.point];
  out->append(reference);
  out->append(",CRIME,");
  if (breakage == Breakage::kUnknownOffence) {
    out->append("99Z,Unknown offence,");
  } else {
    out->append(o.code);
    out->push_back(',');
    AppendField(out, o.description);
    out->push_back(',');
  }
  if (breakage == Breakage::kImpossibleDate) {
    out->append("31/02/2023 ");
    Append2(out, static_cast<int>(c.from % 1440 / 60));
    out->push_back(':');
    Append2(out, static_cast<int>(c.from % 60));
  } else if (breakage != Breakage::kBlankDate) {
    AppendDateTime(out, c.from);
  }
  out->push_back(',');
  if (c.duration > 0) AppendDateTime(out, c.from + c.duration);
  out->push_back(',');
  if (breakage == Breakage::kOutsideGb) {
    out->append("912345,1345678,");
  } else {
    AppendInt(out, static_cast<int64_t>(sp.easting + 0.5) + c.dx);
    out->push_back(',');
    AppendInt(out, static_cast<int64_t>(sp.northing + 0.5) + c.dy);
    out->push_back(',');
  }
  out->append(geo.lsoas[c.lsoa].code);
  for (uint16_t bit :
       {kDa, kAlcohol, kDrugs, kKnife, kFirearm, kCountyLines, kNte, kCse, kCce, kChildren}) {
    out->push_back(',');
    out->append(Flag(c.markers, bit));
  }
  out->push_back(',');
  int64_t day = c.from / 1440;
  AppendPersonCore(out, pop, c.victim, day);
  if (c.victim >= 0) out->append(FormatPostcode(geo, pop.persons[c.victim]));
  out->push_back(',');
  AppendPersonCore(out, pop, c.suspect, day);
  if (c.suspect >= 0 && pop.persons[c.suspect].pnc)
    out->append(FormatPnc(pop.persons[c.suspect].pnc));
  out->push_back(',');
  AppendField(out, RecordedOutcomeText(c.outcome));
  out->push_back(',');
  if (c.premises >= 0) AppendField(out, pop.premises[c.premises]);
  out->push_back(',');
  AppendPersonCore(out, pop, c.vulnerable, day);
  out->pop_back();  // AppendPersonCore ends with a comma; VulnerableSex is the last column
}

template <typename Fn>
Result<int64_t> WriteRows(const std::string& path, const char* header, bool bom_crlf, Fn rows) {
  CsvOut out;
  CAIRN_RETURN_IF_ERROR(out.Open(path));
  if (bom_crlf) out.buf().append("\xEF\xBB\xBF");
  out.buf().append(header);
  bom_crlf ? out.EndRowCrlf() : out.EndRow();
  rows(out);
  CAIRN_RETURN_IF_ERROR(out.Close());
  return out.rows();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// CsvOut and formatting.

CsvOut::~CsvOut() {
  if (file_) std::fclose(file_);
}

Status CsvOut::Open(const std::string& path) {
  path_ = path;
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) return Status::IoError(path + ": cannot write file (" + std::strerror(errno) + ")");
  buf_.reserve(kFlushBytes + 4096);
  return Status::Ok();
}

void CsvOut::Flush() {
  if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), file_) != buf_.size())
    failed_ = true;
  buf_.clear();
}

Status CsvOut::Close() {
  Flush();
  bool ok = std::fclose(file_) == 0 && !failed_;
  file_ = nullptr;
  return ok ? Status::Ok() : Status::IoError(path_ + ": write failed (disk full?)");
}

void AppendInt(std::string* out, int64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, res.ptr);
}

void AppendPadded(std::string* out, int64_t v, int width) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  for (int pad = width - static_cast<int>(res.ptr - buf); pad > 0; --pad) out->push_back('0');
  out->append(buf, res.ptr);
}

void AppendDate(std::string* out, int64_t day) {
  int y, m, d;
  CivilFromDays(day, &y, &m, &d);
  Append2(out, d);
  out->push_back('/');
  Append2(out, m);
  out->push_back('/');
  AppendPadded(out, y, 4);
}

void AppendDateTime(std::string* out, int64_t minutes) {
  int64_t day = minutes >= 0 ? minutes / 1440 : (minutes - 1439) / 1440;
  int rem = static_cast<int>(minutes - day * 1440);
  AppendDate(out, day);
  out->push_back(' ');
  Append2(out, rem / 60);
  out->push_back(':');
  Append2(out, rem % 60);
}

void AppendFixed6(std::string* out, double v) {
  if (v < 0) {
    out->push_back('-');
    v = -v;
  }
  int64_t micro = static_cast<int64_t>(v * 1e6 + 0.5);
  AppendInt(out, micro / 1000000);
  out->push_back('.');
  AppendPadded(out, micro % 1000000, 6);
}

void AppendHex64(std::string* out, uint64_t a, uint64_t b) {
  uint64_t s1 = a ^ 0x5bd1e9955bd1e995ULL, s2 = b ^ 0x27d4eb2f165667c5ULL;
  uint64_t words[4] = {a, b, SplitMix64(&s1), SplitMix64(&s2)};
  char buf[64];
  for (int w = 0; w < 4; ++w)
    for (int i = 0; i < 16; ++i) buf[w * 16 + i] = kHexDigits[(words[w] >> (60 - 4 * i)) & 15];
  out->append(buf, 64);
}

void AppendField(std::string* out, std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(s);
    return;
  }
  out->push_back('"');
  for (char ch : s) {
    if (ch == '"') out->push_back('"');
    out->push_back(ch);
  }
  out->push_back('"');
}

std::string MonthText(int32_t month) {
  std::string s;
  AppendPadded(&s, month / 12, 4);
  s.push_back('-');
  Append2(&s, month % 12 + 1);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Files.

Result<int64_t> WritePoliceUkFile(const std::string& path, const Geography& geo, int32_t month,
                                  std::vector<Crime>* rows) {
  // Published files list rows by LSOA, rows without a location last: a stable counting sort.
  const size_t buckets = geo.lsoas.size() + 1;
  std::vector<uint32_t> start(buckets + 1, 0);
  auto bucket = [&](const Crime& c) { return c.no_location ? geo.lsoas.size() : c.lsoa; };
  for (const Crime& c : *rows) ++start[bucket(c) + 1];
  for (size_t b = 1; b <= buckets; ++b) start[b] += start[b - 1];
  std::vector<uint32_t> order(rows->size());
  for (size_t i = 0; i < rows->size(); ++i)
    order[start[bucket((*rows)[i])]++] = static_cast<uint32_t>(i);

  const std::string prefix =
      "," + MonthText(month) + "," + geo.force_name + "," + geo.force_name + ",";
  return WriteRows(path, kStreetHeader, false, [&](CsvOut& out) {
    std::string& buf = out.buf();
    constexpr size_t kAhead = 16;  // rows are visited out of order: fetch them before they are due
    for (size_t k = 0; k < order.size(); ++k) {
      if (k + kAhead < order.size()) __builtin_prefetch(&(*rows)[order[k + kAhead]]);
      const Crime& c = (*rows)[order[k]];
      bool asb = c.offence == kAsbOffence;
      if (!asb) AppendHex64(&buf, c.id_hash, c.id_hash2);
      buf.append(prefix);
      if (c.no_location) {
        buf.append(",,No Location,,");
      } else {
        buf.append(geo.point_texts[c.point]);
        buf.push_back(',');
        buf.append(geo.lsoas[c.lsoa].police_uk_text);
      }
      buf.push_back(',');
      buf.append(asb ? "Anti-social behaviour" : Offences()[c.offence].police_uk_type);
      buf.push_back(',');
      buf.append(PoliceUkOutcomeText(c.outcome, c.id_hash >> 40));
      buf.push_back(',');
      out.EndRow();
    }
  });
}

Result<RecordedCrimeFile> WriteRecordedCrime(const std::string& path, const Geography& geo,
                                             const Population& pop,
                                             const std::vector<Crime>& crimes, bool with_errors) {
  static constexpr Breakage kBreakages[] = {Breakage::kImpossibleDate, Breakage::kUnknownOffence,
                                            Breakage::kBlankDate, Breakage::kOutsideGb};
  RecordedCrimeFile file;
  std::vector<size_t> error_at;
  if (with_errors && crimes.size() >= 8)
    for (size_t k = 0; k < std::size(kBreakages); ++k)
      error_at.push_back(crimes.size() * (2 * k + 1) / (2 * std::size(kBreakages)));
  auto rows = WriteRows(path, kRecordedCrimeHeader, false, [&](CsvOut& out) {
    int year = 0;
    int64_t sequence = 0;
    std::string reference;
    auto next_reference = [&](const Crime& c) {
      int y = c.month / 12;
      if (y != year) year = y, sequence = 0;
      reference = "FC-";
      AppendInt(&reference, y);
      reference.push_back('-');
      AppendPadded(&reference, ++sequence, 6);
    };
    size_t next_error = 0;
    for (size_t i = 0; i < crimes.size(); ++i) {
      next_reference(crimes[i]);
      AppendCrimeRow(&out.buf(), geo, pop, crimes[i], reference, Breakage::kNone);
      out.EndRow();
      if (next_error < error_at.size() && error_at[next_error] == i) {
        next_reference(crimes[i]);
        AppendCrimeRow(&out.buf(), geo, pop, crimes[i], reference, kBreakages[next_error]);
        out.EndRow();
        ++next_error;
      }
    }
    file.deliberate_errors = static_cast<int>(next_error);
  });
  if (!rows.ok()) return rows.status();
  file.rows = rows.value();
  return file;
}

namespace {

// What a broken copy of an attendance has in AssaultDateTime (a required date): nothing, an
// impossible day, and words.
constexpr const char* kEdBrokenAssaultTimes[] = {"", "31/02/", "not known"};

void AppendEdRow(std::string* out, const Geography& geo, const Population& pop,
                 const EdAttendance& a, int broken) {
  std::string& buf = *out;
  const Person& p = pop.persons[a.person];
  int64_t day = a.arrival / 1440;
  int y, m, d;
  CivilFromDays(day, &y, &m, &d);
  int64_t first = day - (d - 1);
  int32_t month = MonthIndex(y, m);
  int64_t last = DaysFromCivil((month + 1) / 12, (month + 1) % 12 + 1, 1) - 1;
  buf.append(EdSites()[a.site]);
  buf.push_back(',');
  AppendDate(&buf, first);
  buf.push_back(',');
  AppendDate(&buf, last);
  buf.push_back(',');
  AppendDateTime(&buf, a.arrival);
  buf.push_back(',');
  if (broken < 0) {
    AppendDateTime(&buf, a.assault);
  } else {
    buf.append(kEdBrokenAssaultTimes[broken]);
    if (broken == 1) AppendInt(&buf, y);
  }
  buf.push_back(',');
  buf.append(EdMethods()[a.method]);
  buf.push_back(',');
  AppendField(&buf, a.method_other);
  buf.push_back(',');
  buf.append(EdLocationTypes()[a.location]);
  buf.push_back(',');
  AppendField(&buf, a.description);
  buf.push_back(',');
  AppendNameDob(&buf, pop, a.person);
  buf.push_back(',');
  buf.append(FormatNhs(p.nhs));
  buf.push_back(',');
  AppendInt(&buf, AgeAt(p, a.assault / 1440));
  buf.push_back(',');
  buf.append(SexCode(p.sex));
  buf.push_back(',');
  if (p.lsoa >= 0) buf.append(geo.lsoas[p.lsoa].code);
}

}  // namespace

Result<int64_t> WriteEdIstv(const std::string& path, const Geography& geo, const Population& pop,
                            const PartnerData& data, const EdSelection& only) {
  return WriteRows(path, kEdIstvHeader, false, [&](CsvOut& out) {
    int broken = 0;
    for (const EdAttendance& a : data.ed) {
      const int32_t month = MonthOfMinutes(a.assault);
      if (month < only.first_month || month > only.last_month) continue;
      AppendEdRow(&out.buf(), geo, pop, a, -1);
      out.EndRow();
      if (broken < only.broken_rows) {  // a bad copy follows the first few attendances
        AppendEdRow(&out.buf(), geo, pop, a, broken % 3);
        out.EndRow();
        ++broken;
      }
    }
  });
}

Result<int64_t> WriteReferrals(const std::string& path, const Population& pop,
                               const PartnerData& data) {
  return WriteRows(path, kReferralsHeader, false, [&](CsvOut& out) {
    std::string& buf = out.buf();
    int64_t id = 0;
    for (const Referral& r : data.referrals) {
      buf.append("REF-");
      AppendPadded(&buf, ++id, 6);
      buf.push_back(',');
      buf.append(Programmes()[r.programme]);
      buf.push_back(',');
      AppendField(&buf, ProgrammeAgencies()[r.programme]);
      buf.push_back(',');
      AppendNameDob(&buf, pop, r.person);
      buf.push_back(',');
      AppendDate(&buf, r.referred);
      buf.push_back(',');
      if (r.started >= 0) AppendDate(&buf, r.started);
      buf.push_back(',');
      if (r.ended >= 0) AppendDate(&buf, r.ended);
      buf.push_back(',');
      AppendField(&buf, ReferralOutcomes()[r.outcome]);
      out.EndRow();
    }
  });
}

Result<int64_t> WriteJusticeOutcomes(const std::string& path, const Population& pop,
                                     const PartnerData& data) {
  return WriteRows(path, kJusticeOutcomesHeader, false, [&](CsvOut& out) {
    std::string& buf = out.buf();
    for (const JusticeOutcome& j : data.outcomes) {
      AppendNameDob(&buf, pop, j.person);
      buf.push_back(',');
      buf.append(FormatPnc(pop.persons[j.person].pnc));
      buf.push_back(',');
      AppendDate(&buf, j.day);
      buf.push_back(',');
      buf.append(JusticeOutcomeTypes()[j.type]);
      buf.push_back(',');
      buf.append(Offences()[j.offence].code);
      out.EndRow();
    }
  });
}

Result<int64_t> WriteCensusTs007a(const std::string& path, const Geography& geo) {
  return WriteRows(path, kTs007aHeader, false, [&](CsvOut& out) {
    std::string& buf = out.buf();
    for (const Lsoa& l : geo.lsoas) {
      buf.append("2021,");
      buf.append(l.name);
      buf.push_back(',');
      buf.append(l.code);
      buf.push_back(',');
      AppendInt(&buf, l.population);
      for (int band : l.ages) {
        buf.push_back(',');
        AppendInt(&buf, band);
      }
      out.EndRow();
    }
  });
}

Result<int64_t> WriteCensusTs008(const std::string& path, const Geography& geo) {
  return WriteRows(path, kTs008Header, false, [&](CsvOut& out) {
    std::string& buf = out.buf();
    for (const Lsoa& l : geo.lsoas) {
      buf.append("\"2021\",\"");
      buf.append(l.name);
      buf.append("\",\"");
      buf.append(l.code);
      buf.append("\",");
      AppendInt(&buf, l.population);
      buf.push_back(',');
      AppendInt(&buf, l.females);
      buf.push_back(',');
      AppendInt(&buf, l.population - l.females);
      out.EndRow();
    }
  });
}

// Figures only people can give, for the KPIs of the shipped catalogue that are reported
// (config/kpis/): invented, smooth with a little seasonality, one row per period of the calendar.
Result<int64_t> WriteReportedKpis(const std::string& path, const Calendar& calendar) {
  struct Reported {
    const char* kpi;
    bool yearly;
    double base, step;  // value = base + step * period index, plus a summer bump for quarters
  };
  static constexpr Reported kReported[] = {{"p1-county-lines-visits", false, 38, 1.5},
                                           {"p1-county-lines-threats-to-life", false, 2, 0.2},
                                           {"p1-county-lines-operating", false, 9, -0.25},
                                           {"p1-drug-related-deaths", true, 31, -2},
                                           {"p2-asb-young-referred", false, 21, 0.8}};
  return WriteRows(path, "kpi,period,value,note", false, [&](CsvOut& out) {
    for (const Reported& r : kReported) {
      std::vector<std::string> periods;
      for (int32_t m = calendar.first_month(); m <= calendar.last_month(); ++m) {
        std::string label = r.yearly
                                ? std::to_string(m / 12)
                                : std::to_string(m / 12) + "-Q" + std::to_string(m % 12 / 3 + 1);
        if (m % (r.yearly ? 12 : 3) == (r.yearly ? 11 : 2)) periods.push_back(label);
      }
      for (size_t i = 0; i < periods.size(); ++i) {
        const bool summer = !r.yearly && periods[i].back() == '3';
        const long value = std::lround(r.base + r.step * static_cast<double>(i) + (summer ? 3 : 0));
        out.buf().append(std::string(r.kpi) + "," + periods[i] + "," + std::to_string(value) +
                         ",synthetic (invented) figure");
        out.EndRow();
      }
    }
  });
}

Result<int64_t> WriteImdFile1(const std::string& path, const Geography& geo) {
  return WriteRows(path, kImdFile1Header, true, [&](CsvOut& out) {
    std::string& buf = out.buf();
    for (const Lsoa& l : geo.lsoas) {
      const District& d = geo.districts[l.district];
      buf.append(l.code + "," + l.name + "," + d.code + "," + d.name + ",");
      if (l.imd_rank >= 1000) {
        buf.push_back('"');
        AppendInt(&buf, l.imd_rank / 1000);
        buf.push_back(',');
        AppendPadded(&buf, l.imd_rank % 1000, 3);
        buf.push_back('"');
      } else {
        AppendInt(&buf, l.imd_rank);
      }
      buf.push_back(',');
      AppendInt(&buf, l.imd_decile);
      out.EndRowCrlf();
    }
  });
}

Result<int64_t> WriteLsoaLookup(const std::string& path, const Geography& geo) {
  return WriteRows(path, kLsoaLookupHeader, false, [&](CsvOut& out) {
    std::string& buf = out.buf();
    for (const Lsoa& l : geo.lsoas) {
      const District& d = geo.districts[l.district];
      buf.append(l.code + "," + l.name + "," + d.code + "," + d.name + "," + geo.csp + ",");
      buf.append(RucName(l.ruc));
      out.EndRow();
    }
  });
}

}  // namespace cairn::synth
