// `cairn synth`: writes the synthetic partnership of the fictional county of Fellshire (see
// synth/synth.h). stdout lists the files written, one path a line; stderr gets the summary.

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>

#include "cli/command.h"
#include "engine/tools.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {
namespace {

struct SynthArgs {
  SynthOptions options;
  std::string only;
};

// "police-uk/2023-07/2023-07-force-02-street.csv" -> "force-02"
std::string ForceSlug(const std::string& path) {
  size_t slash = path.rfind('/');
  std::string name = path.substr(slash + 1);
  constexpr size_t kMonthDash = 8;  // "2023-07-"
  constexpr size_t kSuffix = sizeof("-street.csv") - 1;
  if (name.size() <= kMonthDash + kSuffix) return name;
  return name.substr(kMonthDash, name.size() - kMonthDash - kSuffix);
}

void PrintSummary(const SynthOptions& o, const SynthSummary& s, double seconds) {
  std::fprintf(stderr, "cairn synth: seed %llu, scale %g, %d months to %s, %d force%s\n",
               static_cast<unsigned long long>(o.seed), o.scale, o.months, o.end_month.c_str(),
               o.forces, o.forces == 1 ? "" : "s");
  struct ForceTotal {
    int files = 0;
    int64_t rows = 0;
  };
  std::map<std::string, ForceTotal> police_uk;
  for (const SynthFile& f : s.files) {
    if (StartsWith(f.path, "police-uk/")) {
      ForceTotal& t = police_uk[ForceSlug(f.path)];
      ++t.files;
      t.rows += f.rows;
      continue;
    }
    std::fprintf(stderr, "  %-28s %12s rows\n", f.path.c_str(), WithCommas(f.rows).c_str());
  }
  for (const auto& [slug, t] : police_uk) {
    std::string label = "police-uk " + slug + " (" + std::to_string(t.files) + " files)";
    std::fprintf(stderr, "  %-28s %12s rows\n", label.c_str(), WithCommas(t.rows).c_str());
  }
  if (s.deliberate_errors > 0)
    std::fprintf(stderr, "  with %d deliberately bad rows in police-recorded-crime.csv\n",
                 s.deliberate_errors);
  double rate = seconds > 0 ? static_cast<double>(s.total_rows) / seconds : 0;
  std::fprintf(stderr, "wrote %zu files, %s rows in %.2f s (%s rows/s)\n", s.files.size(),
               WithCommas(s.total_rows).c_str(), seconds,
               WithCommas(static_cast<int64_t>(rate)).c_str());
}

Result<Done> RunSynth(SynthArgs& args) {
  args.options.police_uk_only = args.only == "police-uk";
  auto start = std::chrono::steady_clock::now();
  Result<SynthSummary> result = Synthesise(args.options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!result.ok()) {
    return result.status();
  }
  std::string listing;
  for (const SynthFile& f : result->files) listing += args.options.out_dir + "/" + f.path + "\n";
  std::cout << listing << std::flush;
  PrintSummary(args.options, result.value(), seconds);
  return Done::kOk;
}

}  // namespace

CommandRunner RegisterSynth(CLI::App& app, GlobalOptions& /*global*/) {
  auto args = std::make_shared<SynthArgs>();
  SynthOptions& o = args->options;
  CLI::App* cmd = app.add_subcommand(
      "synth",
      "Write a reproducible synthetic partnership: the fictional county of Fellshire (police "
      "recorded crime, police.uk, ED ISTV, referrals, justice outcomes, census, IMD, lookup)");
  cmd->add_option("--out", o.out_dir, "Output directory (created if missing)")->required();
  cmd->add_option("--scale", o.scale, "Multiplies every volume (1 = about 32,500 crimes a year)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--seed", o.seed, "Random seed; the same seed gives byte-identical files");
  cmd->add_option("--forces", o.forces,
                  "Forces in the police.uk archive; more than 1 adds invented forces")
      ->check(CLI::Range(1, 99));
  cmd->add_option("--only", args->only, "Write only the police.uk street-level files")
      ->check(CLI::IsMember({"police-uk"}));
  cmd->add_flag("--with-errors", o.with_errors,
                "Add a few bad rows to police-recorded-crime.csv (to demonstrate rejects)");
  cmd->add_option("--months", o.months, "Length of the period in months (default 36)")
      ->check(CLI::Range(1, 240));
  cmd->add_option("--end", o.end_month, "Last month of the period, YYYY-MM (default 2024-12)");
  cmd->add_option("--threads", o.threads, "Writer threads (default: all cores; output is the same)")
      ->check(CLI::NonNegativeNumber);
  return [args]() { return RunSynth(*args); };
}

}  // namespace cairn
