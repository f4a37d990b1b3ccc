// The synthetic partnership: a reproducible, entirely fictional county ("Fellshire", laid over the
// Cumbria area of GB so that coordinates are valid) whose partner extracts exercise every part of
// Cairn. It writes the sample files of docs/profiles.md ("Sample extract layouts written by
// `cairn synth`"): police recorded crime with victims and suspects, the same crimes plus ASB as
// data.police.uk street-level files, ED ISTV assault attendances (raw identifiers, as a partner
// holds them), referrals, justice outcomes, Census 2021 TS007A/TS008, IoD2019 File 1 and an LSOA
// lookup, ASB incident logs (council and police) with the ASB case-review log, the
// partnership's accountability register (register/*.csv), the ED extract again as quarterly
// deliveries (ed-istv-deliveries/, one quarter never sent) and deliveries.csv, the log of the day
// each partner file arrived (for `cairn ingest --received-log`).
//
// Every name in the output is invented (syllables from small tables); no row describes a real
// person. The same options give byte-identical files: all randomness comes from one seeded
// xoshiro256** generator per stream, never from std::random distributions (whose output differs
// between standard libraries). Thread-safe: WriteSyntheticPartnership keeps no global state.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace cairn {

struct SynthOptions {
  std::string out_dir;
  double scale = 1;  // multiplies every volume; population and areas stay the same
  uint64_t seed = 1;
  int forces = 1;               // >1 adds invented forces "Force 02".. (police.uk files only)
  bool police_uk_only = false;  // write only the police.uk street-level files (fast: no people)
  bool with_errors = false;     // add a few realistic bad rows to police-recorded-crime.csv
  int months = 36;              // length of the period, ending with end_month
  std::string end_month = "2024-12";
  int threads = 0;  // police.uk writer threads; 0 = hardware concurrency (output is the same)
};

struct SynthFile {
  std::string path;  // relative to out_dir, with '/' separators
  int64_t rows = 0;  // data rows, excluding the header
};

struct SynthSummary {
  std::vector<SynthFile> files;  // in the order written (sorted within police-uk/)
  int64_t total_rows = 0;
  int64_t police_uk_rows = 0;
  int64_t crimes = 0;  // rows of police-recorded-crime.csv that are valid crimes
  int deliberate_errors = 0;
  // What `cairn list asb-review` as of the period's last day must find: the reference of the first
  // counted report of each planted victim crossing the ASB case-review threshold; and the
  // references of every report of each planted victim one day (or one report) short of it.
  std::vector<std::string> asb_over_threshold, asb_short_of_threshold;
  // Premises cuckooed by the county lines (each with three to six county-lines crimes recorded
  // with its address in police-recorded-crime.csv, column PremisesAddress).
  int cuckooed_premises = 0;
};

// The programme effect planted for MATAC (`cairn evaluate MATAC`, KPI p3-da-reoffending): of the
// serial perpetrators who start MATAC, kMatacDesisted stop domestic abuse from their start, and
// of each other one's domestic abuse crimes after it kMatacFewer are prevented (a prevented crime
// is committed by someone else, never seen again, so the county's crimes keep their number).
// Those MATAC has no room for go on as before. So at most 1 - kMatacDesisted of the starters can
// be a domestic abuse suspect again, against nearly all of those who never started.
inline constexpr double kMatacDesisted = 0.6;
inline constexpr double kMatacFewer = 0.5;

// Writes the synthetic partnership under options.out_dir (created if missing; existing files with
// the same names are overwritten). Fails on invalid options (scale <= 0, forces outside 1..99,
// malformed end_month) or when a file cannot be written.
Result<SynthSummary> WriteSyntheticPartnership(const SynthOptions& options);

}  // namespace cairn
