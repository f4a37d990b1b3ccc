#include "define/kpis.h"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "define/expr.h"
#include "define/sna_sections.h"
#include "model/codes.h"
#include "model/toml_file.h"
#include "util/strings.h"

namespace cairn {

namespace {

constexpr const char* kMeasureNames[] = {"count",
                                         "people",
                                         "proportion",
                                         "rate",
                                         "referrals",
                                         "referral_share",
                                         "timeliness",
                                         "rejected_share",
                                         "da30_referred",
                                         "first_time_entrants",
                                         "proven_reoffending",
                                         "reported",
                                         "programme_reoffending",
                                         "trained",
                                         "understanding_change",
                                         "feedback",
                                         "repeat_people"};
constexpr const char* kPeriodNames[] = {"month", "quarter", "year"};
constexpr const char* kDirectionNames[] = {"increase", "decrease", "neutral"};
constexpr const char* kChartNames[] = {"xmr", "c", "u"};
constexpr const char* kYearFigureNames[] = {"", "sum", "mean", "last"};

template <typename Enum, size_t N>
std::optional<Enum> EnumOf(const std::string& text, const char* const (&names)[N]) {
  for (size_t i = 0; i < N; ++i)
    if (text == names[i]) return static_cast<Enum>(i);
  return std::nullopt;
}

template <size_t N>
std::string NamesOf(const char* const (&names)[N]) {
  return Join(std::vector<std::string>(std::begin(names), std::end(names)), ", ");
}

// True for "2024", "2024-Q3" and "2024-07".
bool IsPeriodLabel(const std::string& s) {
  auto year = s.size() >= 4 ? ParseInt(s.substr(0, 4)) : std::nullopt;
  if (!year || *year < 1900 || *year > 2200) return false;
  if (s.size() == 4) return true;
  if (s.size() == 7 && s[4] == '-' && s[5] == 'Q') return s[6] >= '1' && s[6] <= '4';
  if (s.size() == 7 && s[4] == '-') {
    auto m = ParseInt(s.substr(5, 2));
    return m && *m >= 1 && *m <= 12;
  }
  return false;
}

// Whether a period label can mark a point of a KPI of `period`: a period of the KPI's own kind or
// a longer one (which starts at one of its periods); a month on a quarterly KPI is neither (a
// quarter may start in it or not), nor a quarter on a yearly one.
bool FitsPeriod(const std::string& label, KpiPeriod period) {
  const KpiPeriod kind = label.size() == 4 ? KpiPeriod::kYear
                         : label[5] == 'Q' ? KpiPeriod::kQuarter
                                           : KpiPeriod::kMonth;
  return static_cast<int>(kind) >= static_cast<int>(period);
}

std::string PeriodAdjective(KpiPeriod period) {
  return period == KpiPeriod::kYear      ? "yearly"
         : period == KpiPeriod::kQuarter ? "quarterly"
                                         : "monthly";
}

std::string PeriodExamples(KpiPeriod period) {
  return period == KpiPeriod::kYear ? "a year (2023)"
         : period == KpiPeriod::kQuarter
             ? "a year or a quarter (2023 or 2023-Q2)"
             : "a year, a quarter or a month (2023, 2023-Q2 or 2023-04)";
}

// A justice outcome has an offence code and nothing else (its offence is a crime): the fields a
// youth justice KPI's expression may test.
bool KnownOnOutcomes(const Operand& o) {
  if (o.kind == Operand::Kind::kCall) return false;
  return o.kind != Operand::Kind::kField || o.name == "offence.code" || o.name == "offence" ||
         o.name == "kind";
}

// Whether `e` can be true of a crime known only by its offence code: false when every way it can
// be true needs another field (a category, a marker, an age), which an outcome has not. A missing
// value never meets a comparison, so `not` can always be true.
bool NeedsMoreThanTheCode(const Expr& e, const Definitions& definitions, int depth = 0) {
  switch (e.kind) {
    case Expr::Kind::kOr:
      return std::all_of(e.children.begin(), e.children.end(), [&](const Expr& c) {
        return NeedsMoreThanTheCode(c, definitions, depth);
      });
    case Expr::Kind::kAnd:
      return std::any_of(e.children.begin(), e.children.end(), [&](const Expr& c) {
        return NeedsMoreThanTheCode(c, definitions, depth);
      });
    case Expr::Kind::kNot:
      return false;
    case Expr::Kind::kReference: {
      const Expr* d = depth < 32 ? definitions.Find(e.name) : nullptr;
      return d && NeedsMoreThanTheCode(*d, definitions, depth + 1);
    }
    default:
      if (e.subject.kind == Operand::Kind::kBool) return !e.subject.boolean;
      return !KnownOnOutcomes(e.subject);
  }
}

// The first field or function the KPI's own expression tests that an outcome has not, and the
// first definition it names that selects nothing by the offence code alone.
void FindBeyondTheCode(const Expr& e, const Definitions& definitions, std::string* field,
                       std::string* definition) {
  if (e.kind == Expr::Kind::kReference) {
    if (definition->empty() && NeedsMoreThanTheCode(e, definitions)) *definition = e.name;
    return;
  }
  if (e.kind == Expr::Kind::kCompare || e.kind == Expr::Kind::kIn || e.kind == Expr::Kind::kTest)
    if (field->empty() && !KnownOnOutcomes(e.subject)) *field = ToString(e.subject);
  for (const Expr& c : e.children) FindBeyondTheCode(c, definitions, field, definition);
}

// Reads one [[kpi]] table; every problem names the file and the KPI.
class KpiReader {
 public:
  KpiReader(const std::string& file, const Definitions& definitions,
            std::vector<std::string>* problems)
      : file_(file), definitions_(definitions), problems_(problems) {}

  KpiSpec Read(const toml::table& t, size_t index) {
    KpiSpec k;
    k.file = file_;
    k.id = Text(t, "id");
    where_ =
        file_ + ": kpi " + (k.id.empty() ? "#" + std::to_string(index + 1) : "\"" + k.id + "\"");
    CheckKeys(t);
    if (k.id.empty()) Problem("id", "missing");
    k.name = Text(t, "name");
    if (k.name.empty()) Problem("name", "missing");
    k.priority = Text(t, "priority");
    if (k.priority != "1" && k.priority != "2" && k.priority != "3" && k.priority != "headline")
      Problem("priority", "expected \"1\", \"2\", \"3\" or \"headline\"");
    k.kind = Text(t, "kind");
    if (k.kind != "output" && k.kind != "outcome") Problem("kind", "expected output or outcome");
    k.evidences = Text(t, "evidences");
    if (k.evidences.empty())
      Problem("evidences", "missing: the theory-of-change text it evidences");
    k.measure = Choice<KpiMeasure>(t, "measure", kMeasureNames, KpiMeasure::kCount);
    k.period = Choice<KpiPeriod>(t, "period", kPeriodNames, KpiPeriod::kQuarter);
    k.improvement = Choice<KpiDirection>(t, "improvement", kDirectionNames, KpiDirection::kNeutral);
    k.chart = Choice<KpiChart>(t, "chart", kChartNames, KpiChart::kXmr);
    k.fix_after = FixAfter(t);
    k.year_figure = Choice<KpiYearFigure>(t, "year_figure", kYearFigureNames, KpiYearFigure::kNone);
    k.where = Expression(t, "where");
    k.of = Expression(t, "of");
    k.roles = Roles(t);
    k.programmes = Lower(t, "programmes");
    k.outcomes = Lower(t, "outcomes");
    k.courses = Lower(t, "courses");
    k.baseline = Text(t, "baseline");
    if (!k.baseline.empty() && !IsPeriodLabel(k.baseline))
      Problem("baseline", "\"" + k.baseline + "\" is not a period (2023, 2023-Q2 or 2023-04)");
    else if (!k.baseline.empty() && !FitsPeriod(k.baseline, k.period))
      Problem("baseline", "\"" + k.baseline + "\" is not " + PeriodExamples(k.period) +
                              ": the KPI is " + PeriodAdjective(k.period));
    if (const toml::node* n = t.get("target")) {
      if (auto v = n->value<double>())
        k.target = *v;
      else
        Problem("target", "expected a number");
    }
    k.owner = Text(t, "owner");
    k.source = Text(t, "source");
    k.rebase = Rebases(t, k.period);
    k.sna_section = Text(t, "sna_section");
    if (!k.sna_section.empty() &&
        std::find_if(std::begin(kSnaSectionIds), std::end(kSnaSectionIds), [&](const char* id) {
          return k.sna_section == id;
        }) == std::end(kSnaSectionIds))
      Problem("sna_section", "\"" + k.sna_section + "\" is not a section of the SNA (" +
                                 NamesOf(kSnaSectionIds) + ")");
    k.by = Text(t, "by");
    CheckMeasure(k);
    return k;
  }

 private:
  void Problem(const std::string& key, const std::string& what) {
    problems_->push_back(where_ + ", " + key + ": " + what);
  }

  void CheckKeys(const toml::table& t) {
    static const std::vector<std::string> kKeys = {
        "id",          "name",     "priority", "kind",       "evidences", "measure",
        "where",       "of",       "role",     "programmes", "outcomes",  "period",
        "improvement", "baseline", "target",   "owner",      "source",    "rebase",
        "sna_section", "by",       "courses",  "chart",      "fix_after", "year_figure"};
    for (const auto& [key, node] : t) {
      std::string name(key.str());
      if (std::find(kKeys.begin(), kKeys.end(), name) == kKeys.end()) {
        std::string hint = Suggest(name, kKeys);
        Problem(name, "unknown key" + (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)"));
      }
    }
  }

  std::string Text(const toml::table& t, const char* key) {
    const toml::node* n = t.get(key);
    if (!n) return "";
    auto s = n->value<std::string>();
    if (!s) Problem(key, "expected text");
    return s.value_or("");
  }

  template <typename E, size_t N>
  E Choice(const toml::table& t, const char* key, const char* const (&names)[N], E fallback) {
    std::string text = Text(t, key);
    if (text.empty()) {
      const std::string_view k = key;
      if (k == "measure" || k == "improvement")
        Problem(key, "missing (one of " + NamesOf(names) + ")");
      return fallback;
    }
    auto value = EnumOf<E>(text, names);
    if (!value) Problem(key, "\"" + text + "\" is not one of " + NamesOf(names));
    return value.value_or(fallback);
  }

  std::string Expression(const toml::table& t, const char* key) {
    std::string text = Text(t, key);
    if (text.empty()) return text;
    Result<Expr> expr = ParseExpr(text);
    Status st = expr.ok() ? CheckExpr(*expr, definitions_) : expr.status();
    if (!st.ok()) Problem(key, st.message());
    return text;
  }

  // `role = "victim"` or `role = ["victim", "vulnerable"]`.
  std::vector<std::string> Roles(const toml::table& t) {
    const toml::node* n = t.get("role");
    if (n && n->is_string()) return {ToLower(Text(t, "role"))};
    return Lower(t, "role");
  }

  std::vector<std::string> Lower(const toml::table& t, const char* key) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const toml::array* a = n->as_array();
    if (!a) {
      Problem(key, "expected a list of names");
      return out;
    }
    for (const auto& item : *a) {
      auto s = item.value<std::string>();
      if (!s || s->empty())
        Problem(key, "every entry must be a non-empty name");
      else
        out.push_back(ToLower(*s));
    }
    return out;
  }

  int FixAfter(const toml::table& t) {
    const toml::node* n = t.get("fix_after");
    if (!n) return 0;
    auto v = n->value<int64_t>();
    if (!n->is_integer() || !v || *v < 12 || *v > 1000) {
      Problem("fix_after",
              "expected a whole number of points, at least 12 (limits from fewer are too unstable "
              "to fix)");
      return 0;
    }
    return static_cast<int>(*v);
  }

  std::vector<KpiSpec::Rebase> Rebases(const toml::table& t, KpiPeriod period) {
    std::vector<KpiSpec::Rebase> out;
    const toml::node* n = t.get("rebase");
    if (!n) return out;
    const toml::array* a = n->as_array();
    if (!a) {
      Problem("rebase", "expected [[kpi.rebase]] tables with period and what");
      return out;
    }
    for (const auto& item : *a) {
      const toml::table* r = item.as_table();
      KpiSpec::Rebase rebase;
      if (r) {
        rebase.period = (*r)["period"].value_or<std::string>("");
        rebase.what = (*r)["what"].value_or<std::string>("");
      }
      if (!r || !IsPeriodLabel(rebase.period) || rebase.what.empty())
        Problem("rebase", "each needs period (2023, 2023-Q3 or 2023-07) and what happened then");
      else if (!FitsPeriod(rebase.period, period))
        Problem("rebase", "period \"" + rebase.period + "\" is not " + PeriodExamples(period) +
                              ": the KPI is " + PeriodAdjective(period) +
                              ", and new limits start at one of its periods");
      else
        out.push_back(std::move(rebase));
    }
    return out;
  }

  void CheckMeasure(const KpiSpec& k) {
    const bool events = IsEventMeasure(k.measure) || k.measure == KpiMeasure::kRepeatPeople;
    const bool outcomes = IsJusticeMeasure(k.measure);
    const bool programme_reoffending = k.measure == KpiMeasure::kProgrammeReoffending;
    const bool referrals = k.measure == KpiMeasure::kReferrals ||
                           k.measure == KpiMeasure::kReferralShare || programme_reoffending;
    if (events && k.where.empty()) Problem("where", "missing: this measure counts events");
    if ((outcomes || programme_reoffending) && k.where.empty())
      Problem("where", "missing: which offences count (for example serious_violence)");
    if (outcomes && !k.where.empty()) CheckOnOutcomes(k);
    if (!events && !outcomes && !programme_reoffending && !k.where.empty())
      Problem("where",
              "only event, justice outcome and programme reoffending measures take an expression");
    if (k.measure == KpiMeasure::kProvenReoffending && k.period == KpiPeriod::kMonth)
      Problem("period",
              "a proven reoffending cohort is a quarter (as the Ministry of Justice's since 2017) "
              "or a year, not a month");
    if (k.measure == KpiMeasure::kProportion && k.of.empty())
      Problem("of", "missing: a proportion needs the events it is a share of");
    if (k.measure != KpiMeasure::kProportion && !k.of.empty())
      Problem("of", "only a proportion takes `of`");
    if (referrals && k.programmes.empty())
      Problem("programmes", "missing: which programmes' referrals to count");
    if (k.measure == KpiMeasure::kReferralShare && k.outcomes.empty())
      Problem("outcomes", "missing: which referral outcomes the share counts");
    if (!k.roles.empty() && k.measure != KpiMeasure::kPeople &&
        k.measure != KpiMeasure::kRepeatPeople)
      Problem("role", "only the people and repeat_people measures take a role");
    for (const std::string& role : k.roles)
      if (!ParseRole(role))
        Problem("role", "\"" + role +
                            "\" is not a role (victim, suspect, offender, patient, witness or "
                            "vulnerable)");
    if (!k.outcomes.empty() && (!referrals || programme_reoffending))
      Problem("outcomes", "only referral measures take outcomes");
    if (IsTrainingMeasure(k.measure) && k.courses.empty())
      Problem("courses", "missing: which courses of the training logs count");
    if (!IsTrainingMeasure(k.measure) && !k.courses.empty())
      Problem("courses",
              "only training measures (trained, understanding_change, feedback) take "
              "courses");
    if (k.chart == KpiChart::kC && !IsCountMeasure(k.measure))
      Problem("chart",
              "a c chart is for counts (count, people, referrals, first_time_entrants, trained), "
              "not a " +
                  std::string(KpiMeasureName(k.measure)) + " measure");
    if (k.chart == KpiChart::kU && !IsShareMeasure(k.measure) && k.measure != KpiMeasure::kRate)
      Problem("chart",
              "a u chart is for a count over an exposure (a share's numerator over its "
              "denominator, or a rate), not a " +
                  std::string(KpiMeasureName(k.measure)) + " measure");
    CheckYearFigure(k);
    if (!k.by.empty() && k.by != "partner")
      Problem("by", "\"" + k.by + "\" is not a breakdown (the one there is: partner)");
    else if (!k.by.empty() && !IsEventMeasure(k.measure) && k.measure != KpiMeasure::kTimeliness &&
             k.measure != KpiMeasure::kRejectedShare)
      Problem("by",
              "only event measures and the data-sharing measures (timeliness, "
              "rejected_share) break down by partner");
  }

  // A figure people report by month or quarter says how its periods make a year: a flow's are
  // summed, a level's are not (twelve months of "lines operating" are not twelve times as many).
  void CheckYearFigure(const KpiSpec& k) {
    const bool reported = k.measure == KpiMeasure::kReported;
    if (reported && k.period != KpiPeriod::kYear && k.year_figure == KpiYearFigure::kNone)
      Problem("year_figure",
              "missing: how the " + std::string(KpiPeriodName(k.period)) +
                  "s of a reported KPI make its year in the annual review: \"sum\" for a flow "
                  "(visits made), \"mean\" for a level each period, \"last\" for a level at "
                  "the year's end");
    else if (!reported && k.year_figure != KpiYearFigure::kNone)
      Problem("year_figure",
              "only a reported KPI takes it (a computed KPI's year is computed over the whole "
              "year)");
    else if (reported && k.period == KpiPeriod::kYear && k.year_figure != KpiYearFigure::kNone)
      Problem("year_figure", "the KPI is reported by year: its year is the figure reported");
  }

  // A youth justice KPI's expression is evaluated on each outcome's offence code alone: a test of
  // anything else would silently select nothing (or everything).
  void CheckOnOutcomes(const KpiSpec& k) {
    Result<Expr> expr = ParseExpr(k.where);
    if (!expr.ok()) return;  // said already
    std::string field, definition;
    FindBeyondTheCode(*expr, definitions_, &field, &definition);
    const std::string what = std::string("a ") + KpiMeasureName(k.measure) +
                             " KPI selects justice outcomes, which have an offence code and "
                             "nothing else (no age, marker or place)";
    if (!field.empty())
      Problem("where", "\"" + field + "\" cannot select a justice outcome: " + what +
                           "; test offence.code, or name a definition such as serious_violence");
    else if (!definition.empty())
      Problem("where",
              "definition \"" + definition +
                  "\" selects no offence by its code alone, so no justice outcome: " + what);
  }

  std::string file_, where_;
  const Definitions& definitions_;
  std::vector<std::string>* problems_;
};

}  // namespace

const char* KpiMeasureName(KpiMeasure m) { return kMeasureNames[static_cast<int>(m)]; }
const char* KpiPeriodName(KpiPeriod p) { return kPeriodNames[static_cast<int>(p)]; }
const char* KpiDirectionName(KpiDirection d) { return kDirectionNames[static_cast<int>(d)]; }
const char* KpiChartName(KpiChart c) { return kChartNames[static_cast<int>(c)]; }
const char* KpiYearFigureName(KpiYearFigure y) { return kYearFigureNames[static_cast<int>(y)]; }

const KpiSpec* KpiCatalogue::Find(const std::string& id) const {
  for (const KpiSpec& k : kpis)
    if (k.id == id) return &k;
  return nullptr;
}

Result<KpiCatalogue> KpiCatalogue::LoadDirectory(const std::string& dir,
                                                 const Definitions& definitions) {
  namespace fs = std::filesystem;
  KpiCatalogue catalogue;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return catalogue;
  std::vector<std::string> paths;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".toml") paths.push_back(entry.path().string());
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> problems;
  std::set<std::string> ids;
  for (const std::string& path : paths) {
    auto root = ParseTomlFile(path);
    if (!root.ok()) return root.status();
    catalogue.files.push_back(path);
    const toml::array* list = (*root)["kpi"].as_array();
    if (!list) {
      problems.push_back(path + ": no [[kpi]] entries");
      continue;
    }
    KpiReader reader(path, definitions, &problems);
    for (size_t i = 0; i < list->size(); ++i) {
      const toml::table* t = (*list)[i].as_table();
      if (!t) {
        problems.push_back(path + ": kpi #" + std::to_string(i + 1) + " is not a table");
        continue;
      }
      KpiSpec k = reader.Read(*t, i);
      if (!k.id.empty() && !ids.insert(k.id).second)
        problems.push_back(path + ": kpi \"" + k.id + "\" is defined twice");
      catalogue.kpis.push_back(std::move(k));
    }
  }
  if (!problems.empty()) return Status::Invalid(Join(problems, "\n"));
  return catalogue;
}

}  // namespace cairn
