#include "define/list_scales.h"

#include <toml++/toml.h>

#include "model/toml_file.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

int PointScale::Points(double value) const {
  for (size_t i = 0; i < limits.size(); ++i)
    if (below ? value < limits[i] : value >= limits[i]) return points[i];
  return otherwise;
}

namespace {

class ScaleReader {
 public:
  ScaleReader(const toml::table& root, std::string path) : root_(root), path_(std::move(path)) {}

  int Int(const char* key, int fallback, const char* table = "list") {
    const toml::node* node = root_[table][key].node();
    if (!node) return fallback;
    auto v = node->value<int64_t>();
    if (!v || *v < 0 || *v > 1200) {
      Problem(std::string("[") + table + "] " + key, "expected a whole number from 0 to 1200");
      return fallback;
    }
    return static_cast<int>(*v);
  }

  bool Bool(const char* key, bool fallback) {
    const toml::node* node = root_["list"][key].node();
    if (!node) return fallback;
    auto v = node->value<bool>();
    if (!v) {
      Problem(std::string("[list] ") + key, "expected true or false");
      return fallback;
    }
    return *v;
  }

  PointScale Scale(const char* name) {
    PointScale scale;
    const toml::table* t = root_[name].as_table();
    if (!t) {
      Problem(std::string("[") + name + "]", "missing; expected below or at_least, and points");
      return scale;
    }
    const toml::array* limits = (*t)["below"].as_array();
    scale.below = limits != nullptr;
    if (!limits) limits = (*t)["at_least"].as_array();
    const toml::array* points = (*t)["points"].as_array();
    const std::string where = std::string("[") + name + "]";
    if (!limits || !points || limits->size() != points->size() || limits->empty()) {
      Problem(where, "expected below = [...] or at_least = [...] and points = [...] of one length");
      return scale;
    }
    for (size_t i = 0; i < limits->size(); ++i) {
      auto limit = (*limits)[i].value<double>();
      auto p = (*points)[i].value<int64_t>();
      if (!limit || !p) {
        Problem(where, "band " + std::to_string(i + 1) + " is not a number and whole points");
        return scale;
      }
      scale.limits.push_back(*limit);
      scale.points.push_back(static_cast<int>(*p));
    }
    scale.otherwise = static_cast<int>((*t)["otherwise"].value_or(int64_t{0}));
    return scale;
  }

  std::vector<std::string> Texts(const char* table, const char* key) {
    std::vector<std::string> out;
    const toml::array* list = root_[table][key].as_array();
    if (!list) {
      Problem(std::string("[") + table + "] " + key, "expected a list of names");
      return out;
    }
    for (const auto& item : *list) {
      auto text = item.value<std::string>();
      if (!text || text->empty()) {
        Problem(std::string("[") + table + "] " + key, "every entry must be a non-empty name");
        continue;
      }
      out.push_back(ToLower(*text));
    }
    return out;
  }

  std::string Text(const char* table, const char* key, std::string fallback) {
    return root_[table][key].value_or(std::move(fallback));
  }

  Status Result() const {
    if (problems_.empty()) return Status::Ok();
    return Status::Invalid(path_ + ": " + Join(problems_, "; "));
  }

 private:
  void Problem(const std::string& where, const std::string& what) {
    problems_.push_back(where + ": " + what);
  }
  const toml::table& root_;
  std::string path_;
  std::vector<std::string> problems_;
};

}  // namespace

Result<MatacScales> MatacScales::Load(const std::string& path) {
  auto root = ParseTomlFile(path);
  if (!root.ok()) return root.status();
  ScaleReader r(*root, path);
  MatacScales s;
  s.scales = r.Text("list", "scales", "");
  s.window_months = r.Int("window_months", s.window_months);
  s.min_age = r.Int("min_age", s.min_age);
  s.min_events = r.Int("min_events", s.min_events);
  s.min_victims = r.Int("min_victims", s.min_victims);
  s.previous_days = r.Int("previous_days", s.previous_days);
  s.recency = r.Scale("recency");
  s.frequency = r.Scale("frequency");
  s.gravity = r.Scale("gravity");
  s.victims = r.Scale("victims");
  s.gravity_scheme = r.Text("gravity", "scheme", s.gravity_scheme);
  CAIRN_RETURN_IF_ERROR(r.Result());
  if (s.scales.empty())
    return Status::Invalid(path + ": [list] scales: say what the scales are and who chose them");
  return s;
}

Result<Da30Rules> Da30Rules::Load(const std::string& path) {
  auto root = ParseTomlFile(path);
  if (!root.ok()) return root.status();
  ScaleReader r(*root, path);
  Da30Rules rules;
  rules.window_days = r.Int("window_days", rules.window_days);
  rules.min_age = r.Int("min_age", rules.min_age);
  rules.programmes = r.Texts("list", "programmes");
  CAIRN_RETURN_IF_ERROR(r.Result());
  if (rules.window_days < 1)
    return Status::Invalid(path + ": [list] window_days: expected at least 1");
  return rules;
}

Result<RepeatRules> RepeatRules::Load(const std::string& path) {
  auto root = ParseTomlFile(path);
  if (!root.ok()) return root.status();
  ScaleReader r(*root, path);
  RepeatRules rules;
  rules.window_months = r.Int("window_months", rules.window_months);
  rules.min_events = r.Int("min_events", rules.min_events);
  CAIRN_RETURN_IF_ERROR(r.Result());
  if (rules.window_months < 1 || rules.min_events < 2)
    return Status::Invalid(path +
                           ": [list] expected window_months of at least 1 and min_events "
                           "of at least 2 (a repeat is two or more)");
  return rules;
}

Result<AsbReviewRules> AsbReviewRules::Load(const std::string& path) {
  auto root = ParseTomlFile(path);
  if (!root.ok()) return root.status();
  ScaleReader r(*root, path);
  AsbReviewRules rules;
  rules.threshold = r.Int("threshold", rules.threshold);
  rules.window_months = r.Int("window_months", rules.window_months);
  rules.report_within_days = r.Int("report_within_days", rules.report_within_days);
  rules.multi_agency_once = r.Bool("multi_agency_once", rules.multi_agency_once);
  rules.programmes = r.Texts("case_review", "programmes");
  rules.threshold_met = r.Texts("case_review", "threshold_met");
  rules.recommendations = r.Texts("case_review", "recommendations");
  rules.year_starts_month = r.Int("year_starts_month", rules.year_starts_month, "case_review");
  CAIRN_RETURN_IF_ERROR(r.Result());
  if (rules.threshold < 1)
    return Status::Invalid(path + ": [list] threshold: expected at least 1 incident");
  if (rules.window_months < 1)
    return Status::Invalid(path + ": [list] window_months: expected at least 1");
  if (rules.year_starts_month < 1 || rules.year_starts_month > 12)
    return Status::Invalid(path +
                           ": [case_review] year_starts_month: expected a month from 1 to 12 "
                           "(4: April-March financial years)");
  return rules;
}

}  // namespace cairn
