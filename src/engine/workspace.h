// Workspace: the one object every command (and later every HTTP handler) opens. It holds the store
// opened by location, the configuration read once, and the snapshot built or read from its cache
// once; the operations below are what the commands call, so `cairn query` and a future server
// give the same answers from the same code (LevelDB's DB, DuckDB's ClientContext).
// A Workspace is used from one thread at a time.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/compare.h"
#include "analysis/evaluate.h"
#include "analysis/kpi/data_sharing.h"
#include "analysis/kpi/kpi.h"
#include "analysis/lists/asb_review.h"
#include "analysis/lists/da30.h"
#include "analysis/lists/matac.h"
#include "analysis/lists/repeats.h"
#include "analysis/near_repeat.h"
#include "analysis/query.h"
#include "analysis/register/due.h"
#include "analysis/register/register.h"
#include "analysis/sna.h"
#include "define/configuration.h"
#include "engine/config_dir.h"
#include "engine/ingest.h"
#include "ingest/pseudonymise.h"
#include "present/brief_render.h"
#include "present/disclosure.h"
#include "present/register_render.h"
#include "present/sna_document.h"
#include "snapshot/frame.h"
#include "store/store.h"
#include "util/status.h"

namespace cairn {

struct WorkspaceOptions {
  std::string store;   // "sqlite:PATH" or a plain PATH (SQLite); "memory:" (tests)
  std::string key;     // partnership key file; empty: beside the store, .key for .db
  std::string config;  // --config; empty: found by FindConfig
  // Only `cairn init` creates a store; readers open it read-only where it cannot be written.
  StoreOpenOptions store_options;
  // Where one-line warnings go (the CLI: stderr): a KPI catalogue that is not read, a KPI naming
  // a programme or course no loaded record has. Null: dropped.
  std::function<void(const std::string&)> warn;
};

// What the store holds, for `cairn status`.
struct StoreReport {
  int64_t events = 0;
  std::vector<SourceSummary> sources;
  std::vector<std::string> findings;
  ConfigLocation config;
  std::vector<BatchSummary> batches;  // the files loaded and not superseded, in load order
};

struct QueryRequest {
  std::string where;  // expression; empty selects every event
  std::string harm_scheme = "cchi";
  QuerySpec spec;  // dimensions, period, measure; filled with provenance by Query
};

struct NearRepeatRequest {
  std::string where;  // expression; empty selects every event, as in `cairn query`
  KnoxOptions knox;   // bands, distance, permutations, seed
};

// `cairn register import`: CSV files (the kind from a kind column, else `kind`, else the file's
// name: actions.csv) and workbooks (every sheet; the kind from a kind column or the sheet's name).
struct RegisterImportRequest {
  std::vector<std::string> files;
  std::string kind;
  std::string recorded_by;
};

// What recording one item did, and for a changed item what changed ("status: open -> done").
struct RegisterChange {
  std::string item, kind, origin;
  RegisterOutcome outcome = RegisterOutcome::kNew;
  std::vector<std::string> changes;
};

struct RegisterImportReport {
  std::vector<RegisterChange> changes;  // one per good row
  std::vector<RegisterReject> rejects;
  std::vector<std::string> notes;
};

// `cairn register update ID --status S --note N --set column=value`.
struct RegisterUpdate {
  std::string id, status, note, recorded_by;
  std::vector<std::pair<std::string, std::string>> set;
};

// What the register's documents are made from; `inputs` points into the rest.
struct RegisterDocuments {
  Register reg{{}};
  std::vector<KpiResult> kpis;
  RegisterReportInputs inputs;
};

// What a brief is made from (`cairn brief`); brief.inputs.reg points into register_docs.
struct BriefData {
  std::unique_ptr<RegisterDocuments> register_docs;
  BriefInputs inputs;
};

class Workspace {
 public:
  // Finds the configuration and names the store; the store itself is opened on first use (created
  // only with StoreAccess::kCreate), so a command that fails before it needs the store leaves no
  // file.
  static Result<std::unique_ptr<Workspace>> Open(const WorkspaceOptions& options);

  const std::string& store_path() const { return store_path_; }
  // Empty for a store in memory, or on a server when no --key was given.
  const std::string& key_path() const { return key_path_; }
  // The store as messages name it: its file, or its location without a password.
  const std::string& store_name() const { return store_name_; }
  // Usage error when there is no key file to use: a server store's key is given with --key.
  Status NeedKeyPath() const;
  const ConfigLocation& config_location() const { return config_location_; }
  Result<Store*> store();

  // Definitions and harm weights, read on first use and kept. A KPI catalogue with a problem
  // does not fail it (one warning says so): only Kpis() does.
  Result<const Configuration*> config();
  // The KPI catalogue; its problems, every one naming the file, the KPI and the key, when it has
  // any. What uses KPIs (kpi commands, briefs) asks here, so a bad entry fails only them.
  Result<const KpiCatalogue*> Kpis();
  // The snapshot of the store's active batches, from the cache when it is current; kept.
  Result<std::shared_ptr<const Frame>> Snapshot();
  // Runs `op`, which reads the snapshot. If an array of a snapshot read from the cache failed its
  // check while `op` ran (it read as zeros), the cache is removed and `op` runs again on a snapshot
  // built from the store: a damaged cache never decides an answer.
  template <typename Op>
  auto Answer(Op&& op) -> decltype(op()) {
    auto answer = op();
    if (!frame_ || !frame_->Damaged()) return answer;
    DropSnapshot();
    return op();
  }
  // Answer(op) for the common case: `op(config, frame)` with the configuration and the snapshot.
  template <typename Op>
  auto OnSnapshot(Op&& op)
      -> decltype(op(std::declval<const Configuration&>(), std::declval<const Frame&>())) {
    using Reply = decltype(op(std::declval<const Configuration&>(), std::declval<const Frame&>()));
    return Answer([&]() -> Reply {
      auto config = this->config();
      if (!config.ok()) return config.status();
      auto frame = Snapshot();
      if (!frame.ok()) return frame.status();
      return op(**config, **frame);
    });
  }
  // Forgets the snapshot and removes its cache file.
  void DropSnapshot();

  // The partnership key, for a load that pseudonymises; nullopt when there is no key file. Refused
  // when the store's pseudonyms were made with another key (they would never link).
  Result<std::optional<PartnershipKey>> KeyForLoading();
  // Records in the store which key its pseudonyms are made with (at init, and after a load).
  Status RecordKey(const PartnershipKey& key);
  // `cairn init`'s key: the key file is kept when it exists, else created (mode 0600); either way
  // recorded in the store by fingerprint, so a load with another key is refused. True when made.
  Result<bool> EnsureKey();

  // Loads files into the store (`cairn ingest`): every file is loaded whole, already loaded,
  // or reported with why not; the summary says which.
  Result<IngestReport> Ingest(const IngestRequest& request);

  Result<StoreReport> Describe();
  Result<std::vector<RejectRow>> Rejects(std::optional<int64_t> batch_id);
  // Usage errors (a bad expression, an unknown definition set) come back as kUsage.
  Result<QueryResult> Query(QueryRequest& request);
  Result<SnaDocument> Sna(SnaPeriod period, const DisclosureOptions& disclosure);
  // The MATAC list as of the end of `as_of` ("YYYY-MM-DD"); empty: the latest day with a domestic
  // abuse event. A usage error when the date is not one, or there is no domestic abuse data.
  Result<MatacList> Matac(const std::string& as_of);
  // The 30-day window list, as of a day as for Matac.
  Result<Da30List> Da30(const std::string& as_of);
  // Repeat victims, suspects or locations among the events `where` selects (empty: all), as of a
  // day (empty: the latest day of any event).
  Result<RepeatList> Repeats(RepeatKind kind, const std::string& as_of, const std::string& where);
  // County lines: every victim or vulnerable person of a county-lines event in the window, and
  // premises (pseudonymised addresses) with repeated ones (config/lists/county-lines.toml).
  Result<CountyLinesList> CountyLines(const std::string& as_of);
  // Victims reaching the ASB case-review threshold (config/lists/asb-review.toml) as of a day
  // (empty: the latest day an ASB incident was reported), with the case-review log's yearly
  // figures. A usage error when no ASB incident with a date is loaded.
  Result<AsbReviewList> AsbReview(const std::string& as_of);
  // Every territorial force ranked on a measure of ONS's force-area tables (`cairn compare`);
  // with no area given, the force that recorded most of the store's events, if any.
  Result<ForceComparison> CompareForces(ComparisonRequest request);
  // The KPIs of the catalogue (those named, or all), each as its series with SPC and baseline.
  // `as_of` (a month index): every series cut at the end of that month, as it was then;
  // `period`: every computed KPI by that period instead of its own (KpiInputs).
  Result<std::vector<KpiResult>> ComputeKpis(const std::vector<std::string>& ids,
                                             std::optional<int32_t> as_of = std::nullopt,
                                             std::optional<KpiPeriod> period = std::nullopt);
  // Records a value people report for a `reported` KPI: the KPI must be in the catalogue and be
  // reported, the period of the KPI's kind, begun by today and not before 2000, and the value a
  // finite number of at least 0 (reported KPIs are counts). The same value and note as the
  // period's current one is not recorded again (`unchanged`): importing a file twice adds nothing.
  struct KpiRecorded {
    int64_t id = 0;  // the new value's, or the current one's when unchanged
    bool unchanged = false;
  };
  Result<KpiRecorded> RecordKpiValue(const ReportedValue& value);
  // Records the rows kpi,period,value[,note] of a CSV file or a workbook's sheet (empty: the
  // first), each through RecordKpiValue; a bad row becomes "FILE line N: why" and the rest load.
  // A file without those columns is refused whole.
  struct KpiImport {
    int64_t recorded = 0;
    int64_t unchanged = 0;  // rows equal to the period's current value, not recorded again
    std::vector<std::string> rejects;
  };
  Result<KpiImport> ImportKpiValues(const std::string& file, const std::string& sheet,
                                    const std::string& recorded_by);
  // Data sharing per partner's extract and period, from the loads.
  Result<std::vector<SharingRow>> DataSharing(KpiPeriod period);
  // The Knox test for near repeats among the events `where` selects that have a location and a
  // date (`cairn nearrepeat`); how many had neither is in the result.
  Result<NearRepeatResult> NearRepeat(const NearRepeatRequest& request);
  // The programme's participants against matched people who did not take part (`cairn
  // evaluate`, docs/evaluate.md), as of the end of the day `as_of` (empty: the latest day of any
  // event, referral or justice outcome), harm weighted with the CCHI. A usage error when the date
  // is not one or no referral is to `programme`.
  Result<Evaluation> Evaluate(const std::string& programme, const std::string& as_of);
  // The evaluation of every programme the referrals name (for the KPI report), as of the latest
  // day of any event, referral or outcome; none when no referral is loaded.
  Result<std::vector<Evaluation>> EvaluateEveryProgramme();

  // The accountability register as it stands, with every revision (engine/register.cc).
  Result<Register> LoadRegister();
  // Reads the sheets, checks every row, records the good ones (a changed item gets a revision,
  // the earlier kept). A usage error when the configuration names no agencies.
  Result<RegisterImportReport> ImportRegister(const RegisterImportRequest& request);
  // A quick change to one item, checked as an imported row would be.
  Result<RegisterChange> UpdateRegister(const RegisterUpdate& update);
  // Every clock as of a day ("YYYY-MM-DD"; empty: today).
  Result<std::vector<DueEntry>> Due(const std::string& as_of);
  // The register, its clocks, the KPIs its actions name and the programmes' participants, as of
  // a day (empty: today), for the response, the register report and the briefs.
  // `which`: the KPIs the documents need: those the actions name (the register report), every
  // one (the briefs), or none (the annual review's funding section, which has its own).
  enum class RegisterKpis { kNone, kActions, kEvery };
  Result<std::unique_ptr<RegisterDocuments>> RegisterDocumentsAsOf(
      const std::string& as_of, const DisclosureOptions& d,
      RegisterKpis which = RegisterKpis::kActions);
  // The register's documents' inputs plus every KPI (disclosed when public) and how up to date
  // each partner's extract is, as of a day (empty: today).
  Result<BriefData> Brief(const std::string& as_of, const DisclosureOptions& d);

 private:
  Workspace() = default;
  // The day as_of names (empty: today), after checking the register's clocks; usage errors.
  Result<int64_t> RegisterDayAsOf(const std::string& as_of);
  Result<std::vector<KpiResult>> RegisterDocumentKpis(const Register& reg, RegisterKpis which);
  Result<RepeatList> RepeatsWith(RepeatKind kind, const std::string& as_of,
                                 const std::string& where, const RepeatRules& rules);
  StoreLocation location_;
  std::string store_path_, key_path_;  // empty for a store in memory (store_path_: or on a server)
  std::string store_name_;
  StoreOpenOptions store_options_;
  ConfigLocation config_location_;
  std::unique_ptr<Store> store_;
  std::optional<Configuration> config_;
  bool kpis_wanted_ = false;  // Kpis() asked before the configuration was read: no warning
  std::shared_ptr<const Frame> frame_;
  std::function<void(const std::string&)> warn_;
};

// The SQLite file a location names: "sqlite:PATH" or PATH. Other schemes (memory:, postgresql://)
// are refused: they name no file.
Result<std::string> SqlitePathOf(const std::string& location);
// The default key file for a store file: cairn.db -> cairn.key.
std::string DefaultKeyPath(const std::string& store_path);

}  // namespace cairn
