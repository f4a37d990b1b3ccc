// cairn demo: the whole pipeline on a synthetic county, as a partnership would run it: generate the
// partners' extracts, create the store and key, let the health partner pseudonymise its extract
// before "sending" it, load everything, and write every report that exists into one folder.
// Each step is the command line a user would type, run in this process by the same parser and
// commands (RunCommandLine), so the demo exercises the real commands.
#include <filesystem>
#include <iostream>

#include "cli/command.h"
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

std::vector<Step> DemoSteps(const std::string& out, const std::string& db, const std::string& key,
                            const std::string& profiles) {
  auto ProfilePath = [&](const std::string& name) { return profiles + "/" + name; };
  const std::string data = out + "/extracts";
  const std::string sent = out + "/sent-by-health";
  const std::string council = out + "/sent-by-council", police = out + "/sent-by-police";
  std::vector<std::string> g = {"--db", db, "--key", key};
  auto with = [&](std::vector<std::string> a) {
    a.insert(a.begin(), g.begin(), g.end());
    return a;
  };
  auto ingest = [&](const std::string& profile, const std::string& file) {
    return Step{"load " + file, with({"ingest", "--profile", ProfilePath(profile), file})};
  };
  return {
      {"generate the synthetic county", {"synth", "--out", data}, out + "/extracts.txt"},
      {"create the store and partnership key", with({"init"})},
      {"health partner pseudonymises its ED extract",
       with({"pseudonymise", "--key", key, "--columns", "NHSNumber", "--link",
             "PatientSurname+PatientForename+PatientDOB", "--link-name", "PatientPseudonym",
             data + "/ed-istv.csv", sent + "/ed-istv.csv"})},
      ingest("lsoa-lookup.toml", data + "/lsoa-lookup.csv"),
      ingest("census2021-ts007a.toml", data + "/census-ts007a.csv"),
      ingest("census2021-ts008.toml", data + "/census-ts008.csv"),
      ingest("imd2019-file1.toml", data + "/imd2019-file1.csv"),
      {"load data.police.uk files", with({"ingest", "police-uk", data + "/police-uk"})},
      ingest("police-recorded-crime.toml", data + "/police-recorded-crime.csv"),
      ingest("ed-istv.toml", sent + "/ed-istv.csv"),
      ingest("referrals.toml", data + "/referrals.csv"),
      ingest("justice-outcomes.toml", data + "/justice-outcomes.csv"),
      ingest("training.toml", data + "/training.csv"),
      {"council pseudonymises the victims' addresses in its ASB incident log",
       with({"pseudonymise", "--key", key, "--link", "VictimAddress", "--link-name",
             "PremisesPseudonym", data + "/council-asb-incidents.csv",
             council + "/council-asb-incidents.csv"})},
      {"police pseudonymise the victims' addresses in their ASB incident log",
       with({"pseudonymise", "--key", key, "--link", "VictimAddress", "--link-name",
             "PremisesPseudonym", data + "/police-asb-incidents.csv",
             police + "/police-asb-incidents.csv"})},
      ingest("asb-incidents.toml", council + "/council-asb-incidents.csv"),
      {"load " + police + "/police-asb-incidents.csv",
       with({"ingest", "--profile", ProfilePath("asb-incidents.toml"), "--source",
             "Fellshire Constabulary", police + "/police-asb-incidents.csv"})},
      ingest("asb-case-reviews.toml", data + "/asb-case-reviews.csv"),
      {"report: store status", with({"status"}), out + "/status.txt"},
      {"report: store status (JSON)", with({"status", "--json"}), out + "/status.json"},
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
  for (const char* partner : {"/sent-by-health", "/sent-by-council", "/sent-by-police"})
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
  const std::string db = out + "/cairn.db";
  const std::string key = out + "/cairn.key";
  // The demo's own files that a command would not replace unasked (a workbook cannot be told from
  // another, so `register export` replaces one only with --force).
  for (const std::string& made :
       {db, db + "-wal", db + "-shm", db + ".snapshot", key, out + "/register.xlsx"})
    fs::remove(made);
  std::vector<std::string> reports;
  for (const Step& step : DemoSteps(out, db, key, config->profiles)) {
    std::cerr << "== " << step.what << "\n";
    int rc = RunCommandLine(step.args, step.stdout_path);
    if (rc != kExitOk && rc != kExitRejects) {
      return Status::Invalid("demo step failed (exit " + std::to_string(rc) + "): " + step.what);
    }
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
