// cairn demo: the whole pipeline on a synthetic county, as a partnership would run it: generate the
// partners' extracts, create the store and key, let the health partner pseudonymise its extract
// before "sending" it, load everything, and write every report that exists into one folder. Each
// partner file is loaded with the day it arrived (`--received`), from the county's delivery log
// (extracts/deliveries.csv): the ED extract comes a quarter at a time, one quarter never, so the
// data-sharing KPIs show days to receipt, a late delivery, rejected rows and a missing quarter.
// Each step is the command line a user would type, run in this process by the same parser and
// commands (RunCommandLine), so the demo exercises the real commands.
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "util/csv.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

namespace {

namespace fs = std::filesystem;

struct Step {
  Step(std::string w, std::vector<std::string> a, std::string out = "")
      : what(std::move(w)), args(std::move(a)), stdout_path(std::move(out)) {}
  std::string what;
  std::vector<std::string> args;
  std::string stdout_path;
};

// The demo's "today" for the register: a month after the synthetic period (2022-01 to 2024-12).
constexpr const char* kDemoAsOf = "2025-01-31";

// The synthetic county's delivery log, extracts/deliveries.csv: file (under extracts/) and the day
// it arrived, in the order the files arrived.
using Deliveries = std::vector<std::pair<std::string, std::string>>;

Result<Deliveries> ReadDeliveries(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.status();
  Deliveries out;
  const std::vector<std::string> lines = Split(*text, '\n');
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    std::vector<std::string> fields = SplitCsvLine(lines[i]);
    if (fields.size() != 2)
      return Status::Invalid(path + ", line " + std::to_string(i + 1) +
                             ": expected two fields, file and received");
    out.emplace_back(std::move(fields[0]), std::move(fields[1]));
  }
  return out;
}

struct DemoPaths {
  std::string out, db, key, profiles;
};

// The synthetic county, before anything else: the rest needs its delivery log.
Step GenerateStep(const DemoPaths& p) {
  return {"generate the synthetic county",
          {"synth", "--out", p.out + "/extracts"},
          p.out + "/extracts.txt"};
}

// Creating the store, each partner pseudonymising and sending its files, and loading them, each
// with the day it arrived (the delivery log's, `--received-log`).
std::vector<Step> LoadSteps(const DemoPaths& p, const Deliveries& deliveries) {
  const std::string data = p.out + "/extracts", log = data + "/deliveries.csv";
  const std::vector<std::string> g = {"--db", p.db, "--key", p.key};
  auto with = [&](std::vector<std::string> a) {
    a.insert(a.begin(), g.begin(), g.end());
    return a;
  };
  // `cairn ingest HOW... [--received-log LOG] PATH`.
  auto ingest = [&](std::vector<std::string> how, const std::string& path, bool delivered) {
    std::vector<std::string> a = {"ingest"};
    a.insert(a.end(), how.begin(), how.end());
    if (delivered) a.insert(a.end(), {"--received-log", log});
    a.push_back(path);
    return Step{"load " + path + (delivered ? ", each file as received" : ""), with(a)};
  };
  auto profile = [&](const std::string& name) {
    return std::vector<std::string>{"--profile", p.profiles + "/" + name};
  };
  // A partner's file (`name` under extracts/), with its person identifiers made pseudonyms before
  // it leaves the partner, sent to the same name under `folder`.
  auto sent = [&](const std::string& who, std::vector<std::string> pseudonymise,
                  const std::string& name, const std::string& folder) {
    pseudonymise.insert(pseudonymise.begin(), {"pseudonymise", "--key", p.key});
    pseudonymise.insert(pseudonymise.end(), {data + "/" + name, folder + "/" + name});
    return Step{who + " pseudonymises " + name + " before sending it", with(pseudonymise)};
  };
  const std::vector<std::string> ed_identifiers = {
      "--columns",   "NHSNumber",       "--link", "PatientSurname+PatientForename+PatientDOB",
      "--link-name", "PatientPseudonym"};
  const std::vector<std::string> asb_identifiers = {"--link", "VictimAddress", "--link-name",
                                                    "PremisesPseudonym"};
  const std::string health = p.out + "/sent-by-health", council = p.out + "/sent-by-council",
                    police = p.out + "/sent-by-police";
  std::vector<Step> steps = {
      {"create the store and partnership key", with({"init"})},
      ingest(profile("lsoa-lookup.toml"), data + "/lsoa-lookup.csv", false),
      ingest(profile("census2021-ts007a.toml"), data + "/census-ts007a.csv", false),
      ingest(profile("census2021-ts008.toml"), data + "/census-ts008.csv", false),
      ingest(profile("imd2019-file1.toml"), data + "/imd2019-file1.csv", false),
      // data.police.uk: each month's file as it was published and downloaded.
      ingest({"police-uk"}, data + "/police-uk", true),
      ingest(profile("police-recorded-crime.toml"), data + "/police-recorded-crime.csv", true),
  };
  // The hospital trust's ED extract, a quarter at a time (one quarter it never sent).
  for (const auto& [name, day] : deliveries)
    if (StartsWith(name, "ed-istv-deliveries/"))
      steps.push_back(sent("health partner", ed_identifiers, name, health));
  steps.push_back(ingest(profile("ed-istv.toml"), health + "/ed-istv-deliveries", true));
  for (const char* name : {"referrals", "justice-outcomes", "training"})
    steps.push_back(ingest(profile(std::string(name) + ".toml"), data + "/" + name + ".csv", true));
  steps.push_back(sent("council", asb_identifiers, "council-asb-incidents.csv", council));
  steps.push_back(sent("police", asb_identifiers, "police-asb-incidents.csv", police));
  steps.push_back(
      ingest(profile("asb-incidents.toml"), council + "/council-asb-incidents.csv", true));
  std::vector<std::string> police_asb = profile("asb-incidents.toml");
  police_asb.insert(police_asb.end(), {"--source", "Fellshire Constabulary"});
  steps.push_back(ingest(police_asb, police + "/police-asb-incidents.csv", true));
  steps.push_back(ingest(profile("asb-case-reviews.toml"), data + "/asb-case-reviews.csv", true));
  return steps;
}

// The reports, from the loaded store.
std::vector<Step> ReportSteps(const DemoPaths& p) {
  const std::string& out = p.out;
  const std::string data = out + "/extracts";
  const std::vector<std::string> g = {"--db", p.db, "--key", p.key};
  auto with = [&](std::vector<std::string> a) {
    a.insert(a.begin(), g.begin(), g.end());
    return a;
  };
  return {
      {"report: store status", with({"status"}), out + "/status.txt"},
      {"report: store status (JSON)", with({"status", "--json"}), out + "/status.json"},
      {"report: every file loaded, with the day it was received", with({"status", "--batches"}),
       out + "/batches.txt"},
      {"report: rejected rows", with({"rejects"}), out + "/rejects.csv"},
      {"report: Strategic Needs Assessment 2024 (partnership)",
       with({"sna", "--from", "2024-01", "--to", "2024-12", "--out", out + "/sna-2024.html",
             "--json", out + "/sna-2024.json"}),
       out + "/sna-2024.paths"},
      {"report: Strategic Needs Assessment 2024 (public, disclosure-controlled)",
       with({"sna", "--from", "2024-01", "--to", "2024-12", "--public", "--out",
             out + "/sna-2024-public.html", "--json", out + "/sna-2024-public.json"}),
       out + "/sna-2024-public.paths"},
      {"load: KPI values the partners report (reported-kpis.csv)",
       with({"kpi", "import", data + "/reported-kpis.csv", "--by", "demo"}),
       out + "/kpi-import.txt"},
      {"load: the accountability register (register/*.csv, a sheet per kind)",
       with({"register", "import", "--by", "demo", data + "/register/inspections.csv",
             data + "/register/recommendations.csv", data + "/register/dhrs.csv",
             data + "/register/lessons.csv", data + "/register/actions.csv",
             data + "/register/funding.csv", data + "/register/engagement.csv"})},
      {"update: an action's evidence, as the force reports progress",
       with({"register", "update", "ACT-01", "--set", "evidence=Four of six shifts trained",
             "--note", "progress reported at the January board", "--by", "demo"})},
      {"report: KPIs, quarterly (partnership)",
       with({"kpi", "report", "--out", out + "/kpi-2024-Q4.html", "--json",
             out + "/kpi-2024-Q4.json"}),
       out + "/kpi-2024-Q4.paths"},
      {"report: KPIs, annual review 2024 (public, disclosure-controlled)",
       with({"kpi", "report", "--annual", "2024", "--public", "--sna", "sna-2024-public.html",
             "--out", out + "/kpi-annual-2024-public.html"}),
       out + "/kpi-annual-2024-public.paths"},
      {"report: every KPI's series (CSV)", with({"kpi", "compute", "--format", "csv"}),
       out + "/kpis.csv"},
      {"report: data sharing per partner and quarter (CSV)",
       with({"kpi", "sharing", "--format", "csv"}), out + "/data-sharing.csv"},
      {"report: what is due or overdue a month after the period",
       with({"due", "--as-of", kDemoAsOf, "--all"}), out + "/due.txt"},
      {"report: the register as a workbook (re-imports as it is)",
       with({"register", "export", "--out", out + "/register.xlsx"}), out + "/register.paths"},
      {"report: the PCC's response to the PEEL inspection (in progress)",
       with({"register", "response", "INS-1", "--as-of", kDemoAsOf, "--out",
             out + "/response-INS-1.html"}),
       out + "/response-INS-1.paths"},
      {"report: the PCC's response to the county lines thematic (published on time)",
       with({"register", "response", "INS-2", "--as-of", kDemoAsOf, "--out",
             out + "/response-INS-2.html"}),
       out + "/response-INS-2.paths"},
      {"report: the register for the board (partners)",
       with({"register", "report", "--as-of", kDemoAsOf, "--out", out + "/register.html"}),
       out + "/register-report.paths"},
      {"report: the public brief (plain English, for a phone; disclosure-controlled)",
       with({"brief", "--public", "--as-of", kDemoAsOf, "--out", out + "/brief-public.html"}),
       out + "/brief-public.paths"},
      {"report: the partners' brief (what changed, what is due, which data are late)",
       with({"brief", "--partners", "--as-of", kDemoAsOf, "--out", out + "/brief-partners.html"}),
       out + "/brief-partners.paths"},
      {"report: the register (public, disclosure-controlled)",
       with({"register", "report", "--public", "--as-of", kDemoAsOf, "--out",
             out + "/register-public.html"}),
       out + "/register-public.paths"},
      {"report: MATAC serial domestic abuse perpetrators (record-level)",
       with({"list", "matac", "--format", "csv"}), out + "/list-matac.csv"},
      {"report: the 30 days after a domestic abuse offence (record-level)",
       with({"list", "da30", "--format", "csv"}), out + "/list-da30.csv"},
      {"report: county lines: victims and premises (record-level)",
       with({"list", "county-lines", "--format", "csv"}), out + "/list-county-lines.csv"},
      {"report: ASB case review: victims reaching the threshold, and the published figures "
       "(record-level)",
       with({"list", "asb-review", "--format", "csv"}), out + "/list-asb-review.csv"},
      {"report: repeat victims of serious violence (record-level)",
       with({"list", "repeat-victims", "--where", "serious_violence", "--format", "csv"}),
       out + "/list-repeat-victims.csv"},
      {"report: serious violence by year and district",
       with({"query", "--where", "serious_violence", "--by", "year,district", "--format", "csv"}),
       out + "/serious-violence-by-year-district.csv"},
  };
}

// The demo deletes and rewrites its store, key and reports: it refuses a folder it did not make.
Status PrepareDemoFolder(const std::string& out) {
  CAIRN_RETURN_IF_ERROR(ClaimOutputFolder(out, ".cairn-demo", "cairn demo"));
  std::error_code ec;
  for (const char* partner :
       {"/sent-by-health/ed-istv-deliveries", "/sent-by-council", "/sent-by-police"})
    if (!ec) fs::create_directories(out + partner, ec);
  if (ec) return Status::IoError(out + ": cannot create the folder (" + ec.message() + ")");
  return Status::Ok();
}

Result<Done> RunDemo(const std::string& out, const GlobalOptions& global) {
  auto config = FindConfig(global.config);
  if (!config.ok()) {
    return AsError(config.status());
  }
  if (Status st = PrepareDemoFolder(out); !st.ok()) {
    return st;
  }
  const DemoPaths paths{out, out + "/cairn.db", out + "/cairn.key", config->profiles};
  const std::string& db = paths.db;
  // The demo's own files that a command would not replace unasked (a workbook cannot be told from
  // another, so `register export` replaces one only with --force).
  for (const std::string& made :
       {db, db + "-wal", db + "-shm", db + ".snapshot", paths.key, out + "/register.xlsx"})
    fs::remove(made);
  auto run = [](const Step& step) -> Status {
    std::cerr << "== " << step.what << "\n";
    int rc = RunCommandLine(step.args, step.stdout_path);
    if (rc != kExitOk && rc != kExitRejects)
      return Status::Invalid("demo step failed (exit " + std::to_string(rc) + "): " + step.what);
    return Status::Ok();
  };
  CAIRN_RETURN_IF_ERROR(run(GenerateStep(paths)));
  auto deliveries = ReadDeliveries(out + "/extracts/deliveries.csv");
  if (!deliveries.ok()) return deliveries.status();
  for (const Step& step : LoadSteps(paths, *deliveries)) CAIRN_RETURN_IF_ERROR(run(step));
  std::vector<std::string> reports;
  for (const Step& step : ReportSteps(paths)) {
    CAIRN_RETURN_IF_ERROR(run(step));
    if (step.stdout_path.empty() || !StartsWith(step.what, "report:")) continue;
    if (!EndsWith(step.stdout_path, ".paths")) {
      reports.push_back(step.stdout_path);
      continue;
    }
    // Commands that write their own files print their paths; list those instead.
    auto listed = ReadFile(step.stdout_path);
    if (listed.ok())
      for (const auto& line : Split(*listed, '\n'))
        if (!line.empty()) reports.push_back(line);
    fs::remove(step.stdout_path);
  }
  std::cerr << "\nDemo store: " << db << "\nReports:\n";
  for (const auto& r : reports) std::cout << r << "\n";
  return Done::kOk;
}

}  // namespace

CommandRunner RegisterDemo(CLI::App& app, GlobalOptions& global) {
  auto out = std::make_shared<std::string>("out");
  auto* cmd = app.add_subcommand(
      "demo", "Generate a synthetic county, load it and write every report into one folder");
  cmd->add_option("--out", *out, "Folder for the demo store, extracts and reports (default out)");
  return [out, &global]() { return RunDemo(*out, global); };
}

}  // namespace cairn
