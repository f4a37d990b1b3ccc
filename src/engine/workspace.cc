#include "engine/workspace.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "analysis/kpi/youth_justice.h"
#include "analysis/selection.h"
#include "engine/table_file.h"
#include "store/postgres/postgres_backend.h"
#include "util/csv.h"
#include "util/dates.h"
#include "util/strings.h"

namespace cairn {

Result<std::string> SqlitePathOf(const std::string& location) {
  auto parsed = ParseStoreLocation(location);
  if (!parsed.ok()) return parsed.status();
  if (parsed->kind != StoreLocation::Kind::kSqlite)
    return Status::Invalid(location + ": not a store file");
  return parsed->path;
}

std::string DefaultKeyPath(const std::string& store_path) {
  std::string base = store_path;
  if (EndsWith(base, ".db")) base.resize(base.size() - 3);
  return base + ".key";
}

Result<std::unique_ptr<Workspace>> Workspace::Open(const WorkspaceOptions& options) {
  auto location = ParseStoreLocation(options.store);
  if (!location.ok()) return location.status();
  auto config = FindConfig(options.config);
  if (!config.ok()) return config.status();
  std::unique_ptr<Workspace> ws(new Workspace());
  ws->location_ = *location;
  // A store in memory or on a server has no file: no key beside it (a server store's is given with
  // --key), no snapshot cache (each command builds the snapshot from the store).
  const bool file = location->kind == StoreLocation::Kind::kSqlite;
  ws->store_path_ = file ? location->path : std::string();
  ws->store_name_ = file ? location->path : RedactedLocation(location->path);
  ws->key_path_ = !options.key.empty() ? options.key
                  : file               ? DefaultKeyPath(location->path)
                                       : std::string();
  ws->store_options_ = options.store_options;
  ws->config_location_ = std::move(config).value();
  ws->warn_ = options.warn;
  return ws;
}

Result<Store*> Workspace::store() {
  if (!store_) {
    auto opened = OpenStore(location_, store_options_);
    if (!opened.ok()) return opened.status();
    store_ = std::move(opened).value();
  }
  return store_.get();
}

Result<const Configuration*> Workspace::config() {
  if (!config_) {
    auto loaded = Configuration::Load(config_location_.dir);
    if (!loaded.ok()) return loaded.status();
    config_ = std::move(loaded).value();
    // A KPI command gets the catalogue's problems as its error: no warning besides.
    if (!config_->kpi_problems.ok() && warn_ && !kpis_wanted_) {
      const std::vector<std::string> problems = Split(config_->kpi_problems.message(), '\n');
      warn_("the KPI catalogue (" + KpisDir(config_->dir) + ") is not read: " + problems.front() +
            (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : "") +
            "; the kpi commands and briefs will not run until it is fixed");
    }
  }
  return &*config_;
}

Result<const KpiCatalogue*> Workspace::Kpis() {
  kpis_wanted_ = true;
  auto config = this->config();
  if (!config.ok()) return config.status();
  if (!(*config)->kpi_problems.ok()) return (*config)->kpi_problems;
  return &(*config)->kpis;
}

Result<std::shared_ptr<const Frame>> Workspace::Snapshot() {
  if (!frame_) {
    auto store = this->store();
    if (!store.ok()) return store.status();
    // The cache holds what the store holds, so it gets the store's own mode (0600 unless shared).
    struct stat st {};
    const unsigned mode = ::stat(store_path_.c_str(), &st) == 0 ? (st.st_mode & 0660) | 0600 : 0600;
    const std::string cache = store_path_.empty() ? "" : SnapshotPathFor(store_path_);
    auto frame = LoadFrame(**store, cache, mode);
    if (!frame.ok()) return frame.status();
    frame_ = std::move(frame).value();
  }
  return frame_;
}

void Workspace::DropSnapshot() {
  frame_.reset();
  if (!store_path_.empty()) std::remove(SnapshotPathFor(store_path_).c_str());
}

Status Workspace::NeedKeyPath() const {
  if (!key_path_.empty()) return Status::Ok();
  return Status::Usage(store_name_ +
                       ": a store on a PostgreSQL server has no key file beside it; give the "
                       "partnership key with --key FILE (or $CAIRN_KEY). `cairn init` creates the "
                       "key there if the file does not exist yet");
}

Result<std::optional<PartnershipKey>> Workspace::KeyForLoading() {
  if (key_path_.empty()) return std::optional<PartnershipKey>();
  std::error_code ec;
  if (!std::filesystem::exists(key_path_, ec)) return std::optional<PartnershipKey>();
  auto key = LoadKeyFile(key_path_);
  if (!key.ok()) return key.status();
  auto store = this->store();
  if (!store.ok()) return store.status();
  auto recorded = (*store)->KeyFingerprint();
  if (!recorded.ok()) return recorded.status();
  const std::string fingerprint = KeyFingerprint(*key);
  if (recorded->has_value() && **recorded != fingerprint)
    return Status::Invalid(
        key_path_ + ": this is not the partnership key the store " + store_name_ +
        " was built with (key fingerprint " + fingerprint + ", the store's is " + **recorded +
        "). Pseudonyms made with another key never link with the ones already stored. Use the "
        "store's own key (--key or $CAIRN_KEY). To change keys, re-key: `cairn init` a new store "
        "with the new key and load every extract into it again.");
  return std::optional<PartnershipKey>(*key);
}

Status Workspace::RecordKey(const PartnershipKey& key) {
  auto store = this->store();
  if (!store.ok()) return store.status();
  return (*store)->RecordKeyFingerprint(KeyFingerprint(key));
}

Result<bool> Workspace::EnsureKey() {
  CAIRN_RETURN_IF_ERROR(NeedKeyPath());
  std::error_code ec;
  const bool existed = std::filesystem::exists(key_path_, ec);
  if (!existed) CAIRN_RETURN_IF_ERROR(CreateKeyFile(key_path_));
  auto key = KeyForLoading();
  if (!key.ok()) return key.status();
  if (!key->has_value()) return Status::IoError(key_path_ + ": the key file cannot be read");
  CAIRN_RETURN_IF_ERROR(RecordKey(**key));
  return !existed;
}

Result<StoreReport> Workspace::Describe() {
  auto store = this->store();
  if (!store.ok()) return store.status();
  StoreReport report;
  report.config = config_location_;
  auto events = (*store)->CountEvents();
  if (!events.ok()) return events.status();
  report.events = *events;
  auto sources = (*store)->SummariseSources();
  if (!sources.ok()) return sources.status();
  report.sources = std::move(sources).value();
  auto findings = (*store)->ListFindings(std::nullopt);
  if (!findings.ok()) return findings.status();
  report.findings = std::move(findings).value();
  auto batches = (*store)->ListBatches(false);
  if (!batches.ok()) return batches.status();
  report.batches = std::move(batches).value();
  return report;
}

Result<std::vector<RejectRow>> Workspace::Rejects(std::optional<int64_t> batch_id) {
  auto store = this->store();
  if (!store.ok()) return store.status();
  return (*store)->ListRejects(batch_id);
}

Result<QueryResult> Workspace::Query(QueryRequest& request) {
  return OnSnapshot([&](const Configuration& config, const Frame& frame) -> Result<QueryResult> {
    QuerySpec spec = request.spec;  // the selection adds to it, so an answer again starts afresh
    auto selection = PrepareSelection(config, frame, request.where, spec, request.harm_scheme);
    if (!selection.ok()) return selection.status();
    auto result = RunQuery(frame, spec, *selection);
    if (!result.ok()) return Status::Usage(result.status().message());
    request.spec = std::move(spec);
    return result;
  });
}

Result<SnaDocument> Workspace::Sna(SnaPeriod period, const DisclosureOptions& disclosure) {
  return OnSnapshot([&](const Configuration& config, const Frame& frame) -> Result<SnaDocument> {
    auto data = CollectSna(config, *store_, frame, period);  // Snapshot() opened the store
    if (!data.ok()) return data.status();
    return BuildSnaDocument(*data, disclosure);
  });
}

Result<ForceComparison> Workspace::CompareForces(ComparisonRequest request) {
  return Answer([&]() -> Result<ForceComparison> {
    auto store = this->store();
    if (!store.ok()) return store.status();
    auto figures = ReadForceFigures(**store);
    if (!figures.ok()) return figures.status();
    if (request.area.empty()) {
      auto frame = Snapshot();
      if (!frame.ok()) return frame.status();
      request.area = LargestForce(**frame);
    }
    return ::cairn::CompareForces(*figures, request);
  });
}

Result<std::vector<KpiResult>> Workspace::ComputeKpis(const std::vector<std::string>& ids,
                                                      std::optional<int32_t> as_of,
                                                      std::optional<KpiPeriod> period) {
  return Answer([&]() -> Result<std::vector<KpiResult>> {
    auto kpis = Kpis();
    if (!kpis.ok()) return kpis.status();
    const Configuration* config = &*config_;
    const KpiCatalogue& catalogue = **kpis;
    for (const std::string& id : ids)
      if (!catalogue.Find(id)) {
        std::vector<std::string> known;
        for (const KpiSpec& k : catalogue.kpis) known.push_back(k.id);
        std::string hint = Suggest(id, known);
        return Status::Usage("no KPI \"" + id + "\" in the catalogue (" + KpisDir(config->dir) +
                             ")" + (hint.empty() ? "" : "; did you mean \"" + hint + "\"?"));
      }
    auto frame = Snapshot();
    if (!frame.ok()) return frame.status();
    KpiInputs inputs;
    inputs.as_of = as_of;
    inputs.period = period;
    inputs.config = config;
    inputs.frame = frame->get();
    inputs.loaded = LoadedFactsOf(**frame);
    auto batches = store_->ListBatches(false);
    if (!batches.ok()) return batches.status();
    inputs.batches = std::move(*batches);
    auto reported = store_->ListReportedValues(false);
    if (!reported.ok()) return reported.status();
    inputs.reported = std::move(*reported);
    CAIRN_RETURN_IF_ERROR(
        store_->ForEachTraining([&](int64_t batch_id, const TrainingAttendance& a) {
          inputs.training.push_back({batch_id, a});
        }));
    auto area = ResidentsOfArea(*store_, **frame);
    if (!area.ok()) return area.status();
    inputs.area = std::move(*area);
    auto youth = ResidentsAgedOfArea(*store_, **frame, kYouthLowestAge, kYouthHighestAge);
    if (!youth.ok()) return youth.status();
    inputs.youth_population = youth->residents;
    if (!youth->residents && youth->lsoas_some > 0)
      inputs.youth_population_gap =
          "the population tables' age bands cover every age from 10 to 17 in " +
          WithCommas(youth->lsoas_with) + " of the " + WithCommas(youth->lsoas) +
          " LSOAs the events fall in, and a rate over the residents of those alone would overstate "
          "the area's (load the age bands of every LSOA)";
    std::vector<KpiResult> out;
    for (const KpiSpec& k : catalogue.kpis) {
      if (!ids.empty() && std::find(ids.begin(), ids.end(), k.id) == ids.end()) continue;
      auto r = ComputeKpi(k, inputs);
      if (!r.ok()) return r.status();
      if (!r->unknown_names.empty() && warn_)
        warn_(k.file + ": kpi \"" + k.id + "\": " + r->unknown_names);
      out.push_back(std::move(*r));
    }
    return out;
  });
}

Result<std::vector<SharingRow>> Workspace::DataSharing(KpiPeriod period) {
  auto store = this->store();
  if (!store.ok()) return store.status();
  auto batches = (*store)->ListBatches(false);
  if (!batches.ok()) return batches.status();
  return ::cairn::DataSharing(*batches, period);
}

Result<Workspace::KpiImport> Workspace::ImportKpiValues(const std::string& file,
                                                        const std::string& sheet,
                                                        const std::string& recorded_by) {
  auto table = ReadTableText(file, sheet);
  if (!table.ok()) return table.status();
  CsvReader reader(StripBom(table->text));
  CsvRecord rec;
  if (!reader.Next(&rec)) return Status::Invalid(file + ": no header row");
  std::vector<std::string> header;
  for (auto f : rec.fields) header.push_back(ToLower(Trim(f)));
  auto column = [&](const char* name) {
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
  };
  const int kpi = column("kpi"), period = column("period"), value = column("value"),
            note = column("note");
  if (kpi < 0 || period < 0 || value < 0)
    return Status::Invalid(file +
                           ": the header must have the columns kpi, period and "
                           "value (and optionally note)");
  KpiImport report;
  auto cell = [&](int col) {
    return col >= 0 && col < static_cast<int>(rec.fields.size())
               ? std::string(Trim(rec.fields[col]))
               : std::string();
  };
  while (reader.Next(&rec)) {
    const std::string where = file + " line " + std::to_string(rec.line) + ": ";
    auto number = ParseDouble(cell(value));
    if (!number) {
      report.rejects.push_back(where + "column \"value\": \"" + Abbreviate(cell(value)) +
                               "\" is not a number");
      continue;
    }
    ReportedValue v{0, cell(kpi), cell(period), *number, cell(note), recorded_by, "", std::nullopt};
    auto done = RecordKpiValue(v);
    if (!done.ok())
      report.rejects.push_back(where + done.status().message());
    else if (done->unchanged)
      ++report.unchanged;
    else
      ++report.recorded;
  }
  if (!reader.status().ok()) return reader.status().WithContext(file);
  return report;
}

namespace {

constexpr int kEarliestReportedYear = 2000;

// The month index of today (UTC).
int32_t ThisMonth() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return MonthIndex(tm.tm_year + 1900, tm.tm_mon + 1);
}

// A reported value's period and value as a person could give them: a period begun by today and
// not before 2000 (1900-Q1 and 2030-Q1 are typing slips), a finite value of at least 0.
Status CheckReportedValue(const std::string& kpi, const ReportedValue& value) {
  const auto months = PeriodMonths(value.period);
  if (months->first > ThisMonth())
    return Status::Invalid(kpi + "the period " + value.period + " has not begun (this month is " +
                           FormatMonth(ThisMonth()) + ")");
  if (months->first < MonthIndex(kEarliestReportedYear, 1))
    return Status::Invalid(kpi + "the period " + value.period + " is before " +
                           std::to_string(kEarliestReportedYear) + ": a typing slip?");
  if (!std::isfinite(value.value))
    return Status::Invalid(kpi + "the value " + std::to_string(value.value) +
                           " is not a finite number");
  if (value.value < 0) {
    char shown[32];
    std::snprintf(shown, sizeof shown, "%g", value.value);
    return Status::Invalid(kpi + "the value " + shown +
                           " is below 0 (a reported KPI is a count or a share)");
  }
  return Status::Ok();
}

}  // namespace

Result<Workspace::KpiRecorded> Workspace::RecordKpiValue(const ReportedValue& value) {
  auto kpis = Kpis();
  if (!kpis.ok()) return kpis.status();
  const KpiCatalogue& catalogue = **kpis;
  const KpiSpec* k = catalogue.Find(value.kpi);
  const std::string kpi = "kpi \"" + value.kpi + "\": ";
  if (!k) {
    std::vector<std::string> known;
    for (const KpiSpec& spec : catalogue.kpis) known.push_back(spec.id);
    const std::string hint = Suggest(value.kpi, known);
    return Status::Invalid(kpi + "not in the catalogue" +
                           (hint.empty() ? "" : " (did you mean \"" + hint + "\"?)"));
  }
  if (k->measure != KpiMeasure::kReported)
    return Status::Invalid(kpi + "computed from the data (" +
                           std::string(KpiMeasureName(k->measure)) + "), not reported");
  if (!IsPeriodOf(k->period, value.period))
    return Status::Invalid(kpi + "\"" + value.period + "\" is not a " + KpiPeriodName(k->period) +
                           " (expected " +
                           (k->period == KpiPeriod::kYear      ? "2024"
                            : k->period == KpiPeriod::kQuarter ? "2024-Q3"
                                                               : "2024-07") +
                           ")");
  CAIRN_RETURN_IF_ERROR(CheckReportedValue(kpi, value));
  auto store = this->store();
  if (!store.ok()) return store.status();
  auto current = (*store)->ListReportedValues(false);
  if (!current.ok()) return current.status();
  for (const ReportedValue& v : *current)
    if (v.kpi == value.kpi && v.period == value.period && !v.superseded_by &&
        v.value == value.value && v.note == value.note)
      return KpiRecorded{v.id, true};
  auto id = (*store)->RecordValue(value);
  if (!id.ok()) return id.status();
  return KpiRecorded{*id, false};
}

namespace {

// The end of the day `as_of` ("YYYY-MM-DD").
Result<int64_t> EndOfDay(const std::string& as_of) {
  auto day = ParseDateTime(as_of, {"%Y-%m-%d"});
  if (!day) return Status::Usage("--as-of \"" + as_of + "\" is not a date (expected YYYY-MM-DD)");
  return *day + 1439;
}

// The end of the day `as_of`; when it is empty, `latest(frame)` (the end of the latest day with
// the events the list is about), or a usage error saying `none` when there is none.
Result<int64_t> ListAsOf(const std::string& as_of, const Frame& frame,
                         std::optional<int64_t> (*latest)(const Frame&), const char* none) {
  if (!as_of.empty()) return EndOfDay(as_of);
  auto minute = latest(frame);
  if (!minute) return Status::Usage(none);
  return *minute;
}

constexpr char kNoDomesticAbuse[] =
    "no domestic abuse events are loaded, so there is no list to make (load a police extract "
    "whose profile sets the domestic abuse marker)";

// Each item's record reference (item->row, item->reference), read from the store.
template <typename Item>
Status FillReferences(Store& store, const Frame& frame, const std::vector<Item*>& items) {
  std::vector<uint32_t> rows;
  for (const Item* item : items) rows.push_back(item->row);
  auto references = ReferencesOf(store, frame, rows);
  if (!references.ok()) return references.status();
  for (size_t i = 0; i < items.size(); ++i) items[i]->reference = std::move((*references)[i]);
  return Status::Ok();
}

}  // namespace

Result<MatacList> Workspace::Matac(const std::string& as_of) {
  return OnSnapshot([&](const Configuration& config, const Frame& frame) -> Result<MatacList> {
    auto minute = ListAsOf(as_of, frame, LatestDomesticAbuseMinute, kNoDomesticAbuse);
    if (!minute.ok()) return minute.status();
    MatacList list = MakeMatacList(frame, config.matac, config.harm_weights, *minute);
    std::vector<MatacEvent*> events;
    for (MatacRow& row : list.rows)
      for (MatacEvent& e : row.why) events.push_back(&e);
    CAIRN_RETURN_IF_ERROR(FillReferences(*store_, frame, events));
    return list;
  });
}

Result<Da30List> Workspace::Da30(const std::string& as_of) {
  return OnSnapshot([&](const Configuration& config, const Frame& frame) -> Result<Da30List> {
    auto minute = ListAsOf(as_of, frame, LatestDomesticAbuseMinute, kNoDomesticAbuse);
    if (!minute.ok()) return minute.status();
    Da30List list = MakeDa30List(frame, config.da30, *minute);
    std::vector<Da30Row*> rows;
    for (Da30Row& row : list.rows) rows.push_back(&row);
    CAIRN_RETURN_IF_ERROR(FillReferences(*store_, frame, rows));
    return list;
  });
}

Result<AsbReviewList> Workspace::AsbReview(const std::string& as_of) {
  return OnSnapshot([&](const Configuration& config, const Frame& frame) -> Result<AsbReviewList> {
    auto minute = ListAsOf(as_of, frame, LatestAsbMinute,
                           "no ASB incidents with a date are loaded, so there is no list to make "
                           "(load the ASB incident logs with profiles/asb-incidents.toml)");
    if (!minute.ok()) return minute.status();
    AsbReviewList list = MakeAsbReviewList(frame, config.asb_review, *minute);
    std::vector<AsbReport*> reports;
    for (AsbReviewRow& row : list.rows)
      for (AsbIncident& incident : row.why)
        for (AsbReport& report : incident.reports) reports.push_back(&report);
    CAIRN_RETURN_IF_ERROR(FillReferences(*store_, frame, reports));
    return list;
  });
}

Result<RepeatList> Workspace::Repeats(RepeatKind kind, const std::string& as_of,
                                      const std::string& where) {
  auto config = this->config();
  if (!config.ok()) return config.status();
  return RepeatsWith(kind, as_of, where, (*config)->repeats);
}

Result<CountyLinesList> Workspace::CountyLines(const std::string& as_of) {
  auto config = this->config();
  if (!config.ok()) return config.status();
  RepeatRules people = (*config)->county_lines;
  people.min_events = 1;
  CountyLinesList list;
  auto victims = RepeatsWith(RepeatKind::kSafeguarding, as_of, "marker.county_lines", people);
  if (!victims.ok()) return victims.status();
  list.people = std::move(victims).value();
  auto premises =
      RepeatsWith(RepeatKind::kPremises, as_of, "marker.county_lines", (*config)->county_lines);
  if (!premises.ok()) return premises.status();
  list.premises = std::move(premises).value();
  return list;
}

Result<RepeatList> Workspace::RepeatsWith(RepeatKind kind, const std::string& as_of,
                                          const std::string& where, const RepeatRules& rules) {
  return OnSnapshot([&](const Configuration& config, const Frame& frame) -> Result<RepeatList> {
    auto minute = ListAsOf(as_of, frame, LatestEventMinute,
                           "the store holds no events, so there is no list to make");
    if (!minute.ok()) return minute.status();
    QuerySpec spec;
    auto selected = PrepareSelection(config, frame, where, spec, "cchi");
    if (!selected.ok()) return selected.status();
    RepeatList list = MakeRepeatList(frame, kind, rules, *selected, *minute);
    std::vector<RepeatEvent*> events;
    for (RepeatRow& row : list.rows)
      for (RepeatEvent& e : row.why) events.push_back(&e);
    CAIRN_RETURN_IF_ERROR(FillReferences(*store_, frame, events));
    return list;
  });
}

Result<NearRepeatResult> Workspace::NearRepeat(const NearRepeatRequest& request) {
  return OnSnapshot(
      [&](const Configuration& config, const Frame& frame) -> Result<NearRepeatResult> {
        QuerySpec spec;
        auto selected = PrepareSelection(config, frame, request.where, spec, "cchi");
        if (!selected.ok()) return selected.status();
        return FindNearRepeats(frame, *selected, request.knox);
      });
}

Result<Evaluation> Workspace::Evaluate(const std::string& programme, const std::string& as_of) {
  return OnSnapshot([&](const Configuration& config, const Frame& frame) -> Result<Evaluation> {
    auto minute = ListAsOf(as_of, frame, LatestActivityMinute,
                           "nothing with a date is loaded, so there is nothing to evaluate");
    if (!minute.ok()) return minute.status();
    const std::string scheme = "cchi";
    std::vector<double> harm_by_code =
        config.harm_weights.WeightsByCode(scheme, frame.offence_code.dict());
    return EvaluateProgramme(frame, harm_by_code, scheme, programme, *minute);
  });
}

Result<std::vector<Evaluation>> Workspace::EvaluateEveryProgramme() {
  return Answer([&]() -> Result<std::vector<Evaluation>> {
    auto frame = Snapshot();
    if (!frame.ok()) return frame.status();
    std::vector<Evaluation> out;
    const auto& names = (*frame)->referrals.programme.dict();
    for (size_t code = 1; code < names.size(); ++code) {
      auto evaluation = Evaluate(names[code], "");
      if (!evaluation.ok()) return evaluation.status();
      out.push_back(std::move(evaluation).value());
    }
    return out;
  });
}

}  // namespace cairn
