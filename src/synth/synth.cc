// The driver of the synthetic partnership: a list of stages, each with the reason it exists.
// Randomness is split into independent streams keyed by (seed, force, month, purpose), so the
// police.uk files of one force and month come out the same whichever thread writes them, and the
// --only police-uk mode produces the same background crimes as the full mode (the full mode adds
// the scripted histories of synth_people.cc on top).

#include "synth/synth.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <filesystem>
#include <thread>

#include "synth/synth_internal.h"
#include "util/dates.h"

namespace cairn {
namespace {

using synth::Calendar;
using synth::Crime;
using synth::CrimeSampler;
using synth::Geography;
using synth::Rng;
using synth::StreamSeed;

enum Stream : uint64_t {
  kCrimeStream = 1,
  kAsbStream = 2,
  kPeopleStream = 3,
  kPartnerStream = 4,
  kAsbLogStream = 5,
  kProgrammeStream = 6,
  kTrainingStream = 7,
  kDeliveryStream = 8
};

Status Validate(const SynthOptions& o, int32_t* end_month) {
  if (o.out_dir.empty()) return Status::Usage("synth: --out DIR is required");
  if (!(o.scale > 0) || o.scale > 100000)
    return Status::Usage("synth: --scale must be above 0 (got " + std::to_string(o.scale) + ")");
  if (o.forces < 1 || o.forces > 99)
    return Status::Usage("synth: --forces must be 1 to 99 (got " + std::to_string(o.forces) + ")");
  if (o.months < 1 || o.months > 240)
    return Status::Usage("synth: --months must be 1 to 240 (got " + std::to_string(o.months) + ")");
  auto month = ParseMonth(o.end_month);
  if (!month)
    return Status::Usage("synth: \"" + o.end_month + "\" is not a month (expected YYYY-MM)");
  *end_month = *month;
  return Status::Ok();
}

Status MakeDirectory(const std::string& path) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return Status::IoError(path + ": cannot create directory (" + ec.message() + ")");
  return Status::Ok();
}

void Record(SynthSummary* summary, std::string path, int64_t rows) {
  summary->files.push_back({std::move(path), rows});
  summary->total_rows += rows;
}

// Writes everything but police.uk for Fellshire, and hands back the crimes by month so that the
// police.uk files publish the same crimes.
Status WritePartnership(const SynthOptions& options, const Geography& geo, const Calendar& calendar,
                        SynthSummary* summary, std::vector<std::vector<Crime>>* by_month,
                        std::vector<synth::Delivery>* deliveries) {
  const std::string dir = options.out_dir + "/";
  CrimeSampler sampler(geo, calendar);

  // 1. Background crimes, month by month, from the same streams as the police.uk-only mode.
  std::vector<Crime> crimes;
  for (int m = 0; m < calendar.months(); ++m) {
    int32_t month = calendar.first_month() + m;
    Rng rng(StreamSeed(options.seed, 1, static_cast<uint64_t>(month), kCrimeStream));
    sampler.SampleMonth(rng, month, options.scale, &crimes);
  }
  // 2. Victims and suspects, repeat people and the scripted histories.
  synth::Population pop;
  Rng people_rng(StreamSeed(options.seed, 1, 0, kPeopleStream));
  synth::PeopleStats people = synth::AddPeople(people_rng, sampler, options.scale, &pop, &crimes);
  summary->cuckooed_premises = people.cuckooed_premises;
  // 3. What the other partners hold about the same people, and the programmes' own records (MATAC,
  // drug testing on arrest). Justice outcomes last: MATAC's effect changes who commits some crimes.
  Rng partner_rng(StreamSeed(options.seed, 1, 0, kPartnerStream));
  synth::PartnerData partners =
      synth::MakePartnerData(partner_rng, sampler, options.scale, crimes, &pop);
  Rng programme_rng(StreamSeed(options.seed, 1, 0, kProgrammeStream));
  std::vector<synth::Referral> matac =
      synth::MakeMatacReferrals(programme_rng, sampler, crimes, pop, people.serial_perpetrators);
  synth::PlantMatacEffect(programme_rng, matac, &pop, &crimes);
  synth::AddJusticeOutcomes(partner_rng, sampler, crimes, &pop, &partners);
  partners.referrals.insert(partners.referrals.end(), matac.begin(), matac.end());
  synth::MakeDrugTests(programme_rng, sampler, crimes, pop, &partners);
  synth::SortReferrals(&partners);
  synth::MergeByTime(&crimes, people.cuckooing_crimes);

  // 4. The ASB incident logs and case-review log, with the victims the asb-review list must find.
  Rng asb_rng(StreamSeed(options.seed, 1, 0, kAsbLogStream));
  auto asb = synth::WriteAsbFiles(dir, asb_rng, geo, calendar, options.scale, &pop);
  if (!asb.ok()) return asb.status();
  Record(summary, "council-asb-incidents.csv", asb->council_rows);
  Record(summary, "police-asb-incidents.csv", asb->police_rows);
  Record(summary, "asb-case-reviews.csv", asb->review_rows);
  summary->asb_over_threshold = std::move(asb->over_threshold);
  summary->asb_short_of_threshold = std::move(asb->short_of_threshold);

  // 5. The partner extracts and the reference data.
  auto recorded = synth::WriteRecordedCrime(dir + "police-recorded-crime.csv", geo, pop, crimes,
                                            options.with_errors);
  if (!recorded.ok()) return recorded.status();
  Record(summary, "police-recorded-crime.csv", recorded->rows);
  summary->crimes = recorded->rows - recorded->deliberate_errors;
  summary->deliberate_errors = recorded->deliberate_errors;
  struct Named {
    const char* name;
    Result<int64_t> rows;
  };
  Named files[] = {
      {"ed-istv.csv", synth::WriteEdIstv(dir + "ed-istv.csv", geo, pop, partners)},
      {"referrals.csv", synth::WriteReferrals(dir + "referrals.csv", pop, partners)},
      {"justice-outcomes.csv",
       synth::WriteJusticeOutcomes(dir + "justice-outcomes.csv", pop, partners)},
      {"census-ts007a.csv", synth::WriteCensusTs007a(dir + "census-ts007a.csv", geo)},
      {"census-ts008.csv", synth::WriteCensusTs008(dir + "census-ts008.csv", geo)},
      {"imd2019-file1.csv", synth::WriteImdFile1(dir + "imd2019-file1.csv", geo)},
      {"lsoa-lookup.csv", synth::WriteLsoaLookup(dir + "lsoa-lookup.csv", geo)},
      {"reported-kpis.csv", synth::WriteReportedKpis(dir + "reported-kpis.csv", calendar)},
  };
  Rng training_rng(StreamSeed(options.seed, 1, 0, kTrainingStream));
  auto training = synth::WriteTrainingLog(dir + "training.csv", training_rng, calendar, pop.names,
                                          options.scale);
  if (!training.ok()) return training.status();
  Record(summary, "training.csv", *training);
  for (const Named& f : files) {
    if (!f.rows.ok()) return f.rows.status();
    Record(summary, f.name, f.rows.value());
  }

  // 6. The ED extract again, as the trust delivers it: a file a quarter, one never sent.
  CAIRN_RETURN_IF_ERROR(MakeDirectory(dir + "ed-istv-deliveries"));
  Rng delivery_rng(StreamSeed(options.seed, 1, 0, kDeliveryStream));
  auto ed = synth::WriteEdDeliveries(options.out_dir, delivery_rng, calendar, geo, pop, partners);
  if (!ed.ok()) return ed.status();
  for (const synth::Delivery& d : *ed) Record(summary, d.file, d.rows);
  *deliveries = std::move(ed).value();

  auto reg = synth::WriteRegister(dir + "register", calendar);
  if (!reg.ok()) return reg.status();
  for (const auto& [name, rows] : *reg) Record(summary, "register/" + name, rows);

  by_month->assign(calendar.months(), {});
  for (const Crime& c : crimes) (*by_month)[c.month - calendar.first_month()].push_back(c);
  return Status::Ok();
}

struct PoliceUkJob {
  size_t force;
  int32_t month;
  std::string path;  // relative to out_dir
  int64_t rows = 0;
  Status status;
};

// One file: the force's crimes of the month (given, or sampled here) plus its ASB.
void RunJob(const SynthOptions& options, const Geography& geo, const Calendar& calendar,
            std::vector<Crime>* given, PoliceUkJob* job) {
  CrimeSampler sampler(geo, calendar);
  const uint64_t force = job->force + 1, month = static_cast<uint64_t>(job->month);
  std::vector<Crime> rows;
  if (given) {
    rows = std::move(*given);
  } else {
    Rng rng(StreamSeed(options.seed, force, month, kCrimeStream));
    sampler.SampleMonth(rng, job->month, options.scale, &rows);
  }
  Rng asb(StreamSeed(options.seed, force, month, kAsbStream));
  sampler.SampleAsbMonth(asb, job->month, options.scale, &rows);
  auto written =
      synth::WritePoliceUkFile(options.out_dir + "/" + job->path, geo, job->month, &rows);
  job->status = written.status();
  if (written.ok()) job->rows = written.value();
}

Status WritePoliceUk(const SynthOptions& options, const std::vector<Geography>& forces,
                     const Calendar& calendar, std::vector<std::vector<Crime>>* fellshire,
                     SynthSummary* summary) {
  std::vector<PoliceUkJob> jobs;
  for (int m = 0; m < calendar.months(); ++m) {
    int32_t month = calendar.first_month() + m;
    std::string month_text = synth::MonthText(month);
    CAIRN_RETURN_IF_ERROR(MakeDirectory(options.out_dir + "/police-uk/" + month_text));
    for (size_t f = 0; f < forces.size(); ++f) {
      std::string path =
          "police-uk/" + month_text + "/" + month_text + "-" + forces[f].force_slug + "-street.csv";
      jobs.push_back({f, month, std::move(path), 0, Status::Ok()});
    }
  }
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t j = next++; j < jobs.size(); j = next++) {
      PoliceUkJob& job = jobs[j];
      std::vector<Crime>* given = nullptr;
      if (job.force == 0 && !fellshire->empty())
        given = &(*fellshire)[job.month - calendar.first_month()];
      try {
        RunJob(options, forces[job.force], calendar, given, &job);
      } catch (const std::exception& e) {
        job.status = Status::Internal(job.path + ": " + e.what());
      }
    }
  };
  size_t threads = options.threads > 0 ? static_cast<size_t>(options.threads)
                                       : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min(threads, jobs.size());
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();

  for (const PoliceUkJob& job : jobs) {
    CAIRN_RETURN_IF_ERROR(job.status);
    Record(summary, job.path, job.rows);
    summary->police_uk_rows += job.rows;
  }
  return Status::Ok();
}

}  // namespace

Result<SynthSummary> WriteSyntheticPartnership(const SynthOptions& options) {
  int32_t end_month = 0;
  CAIRN_RETURN_IF_ERROR(Validate(options, &end_month));
  const Calendar calendar(end_month - options.months + 1, options.months);
  CAIRN_RETURN_IF_ERROR(MakeDirectory(options.out_dir));

  // The maps do not depend on the seed: Fellshire first, then any invented forces.
  std::vector<Geography> forces;
  forces.push_back(synth::BuildFellshire());
  for (int f = 2; f <= options.forces; ++f) forces.push_back(synth::BuildInventedForce(f));

  SynthSummary summary;
  std::vector<std::vector<Crime>> fellshire_by_month;
  std::vector<synth::Delivery> deliveries;
  if (!options.police_uk_only)
    CAIRN_RETURN_IF_ERROR(
        WritePartnership(options, forces[0], calendar, &summary, &fellshire_by_month, &deliveries));
  CAIRN_RETURN_IF_ERROR(WritePoliceUk(options, forces, calendar, &fellshire_by_month, &summary));
  if (options.police_uk_only) return summary;
  // The delivery log: when each partner file arrived (the ED deliveries' days drawn first).
  std::vector<std::string> written;
  for (const SynthFile& f : summary.files) written.push_back(f.path);
  Rng delivery_rng(StreamSeed(options.seed, 1, 1, kDeliveryStream));
  for (synth::Delivery& d : synth::OtherDeliveries(delivery_rng, calendar, written))
    deliveries.push_back(std::move(d));
  auto logged = synth::WriteDeliveryLog(options.out_dir + "/deliveries.csv", deliveries);
  if (!logged.ok()) return logged.status();
  Record(&summary, "deliveries.csv", *logged);
  return summary;
}

}  // namespace cairn
