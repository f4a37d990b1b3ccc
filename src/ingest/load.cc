#include "ingest/load.h"

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "ingest/repeated_ids.h"
#include "store/event_codec.h"
#include "util/dates.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

namespace {

// The first text that is not UTF-8 among the batch's stored values, as "where: value", or "".
std::string FirstNonUtf8(const Batch& batch) {
  auto bad = [](const std::string& text) { return !IsValidUtf8(text); };
  auto named = [](const std::string& where, const std::string& text) {
    return where + " \"" + ToValidUtf8(Abbreviate(text, 60)) + "\"";
  };
  const EventColumns& e = batch.events;
  for (const EventTextColumn& t : kEventTextColumns)
    for (const std::string& value : (e.*t.column).dict())
      if (bad(value)) return named(std::string("events.") + t.name, value);
  for (const std::string* field :
       {&batch.source, &batch.extract, &batch.period_from, &batch.period_to, &batch.profile})
    if (bad(*field)) return named("the batch's source, period or profile", *field);
  for (const Referral& r : batch.referrals)
    for (const std::string* field : {&r.programme, &r.agency, &r.outcome})
      if (bad(*field)) return named("a referral", *field);
  for (const JusticeOutcome& o : batch.outcomes)
    for (const std::string* field : {&o.type, &o.offence_code})
      if (bad(*field)) return named("an outcome", *field);
  for (const TrainingAttendance& t : batch.training)
    for (const std::string* field : {&t.agency, &t.course})
      if (bad(*field)) return named("a training attendance", *field);
  for (const AreaRecord& a : batch.areas)
    for (const std::string* field :
         {&a.lsoa_code, &a.lsoa_name, &a.district_code, &a.district_name, &a.csp, &a.rural_urban})
      if (bad(*field)) return named("an area", *field);
  for (const AreaPopulation& p : batch.populations)
    for (const std::string* field : {&p.lsoa_code, &p.sex, &p.age_band})
      if (bad(*field)) return named("a population count", *field);
  for (const AreaShape& shape : batch.shapes)
    for (const std::string* field : {&shape.lsoa_code, &shape.lsoa_name})
      if (bad(*field)) return named("a boundary", *field);
  return "";
}

void MakeValidUtf8(std::string* text) {
  if (!IsValidUtf8(*text)) *text = ToValidUtf8(*text);
}

}  // namespace

Status CheckBatchText(Batch* batch) {
  if (std::string where = FirstNonUtf8(*batch); !where.empty())
    return Status::Invalid(batch->file_name + ": " + where +
                           " is not valid UTF-8 text; not loaded (every reader should have "
                           "decoded or rejected it: please report this)");
  for (Reject& reject : batch->rejects) {
    MakeValidUtf8(&reject.column);
    MakeValidUtf8(&reject.value);
    MakeValidUtf8(&reject.reason);
  }
  for (std::string& finding : batch->findings) MakeValidUtf8(&finding);
  MakeValidUtf8(&batch->file_name);  // Linux file names are bytes, not necessarily UTF-8
  return Status::Ok();
}

Status SetReceivedDay(const std::string& received_on, Batch* batch) {
  batch->received_on = received_on;
  auto day = ParseDateTime(received_on, {"%Y-%m-%d"});
  auto last = ParseMonth(batch->period_to);
  if (received_on.empty() || !day || !last) return Status::Ok();
  const int32_t received_month = MonthOfMinutes(*day);
  if (*last > received_month)
    return Status::Invalid(batch->file_name + ": received " + received_on +
                           " (the day given for it), but the file holds records of " +
                           batch->period_to +
                           ", a month that had not begun that day: give the day the partner "
                           "sent this file");
  if (*last == received_month)
    batch->findings.push_back("received " + received_on +
                              " (the day given for it), before the end of " + batch->period_to +
                              ", the last month the file covers: a part-month extract, whose days "
                              "from the end of its period to receipt are negative");
  return Status::Ok();
}

namespace {

struct Parsed {
  Status status;
  Batch batch;
  std::vector<uint64_t> id_hashes;  // StringColumn::RepeatKey of each row's Crime ID (0 when blank)
};

Parsed ParseOne(const std::string& path, const FileReader& read, const std::string& received_on,
                FileBuffer* buffer) {
  Parsed p;
  p.status = buffer->Read(path);
  if (!p.status.ok()) return p;
  auto batch = read(path, buffer->data());
  if (!batch.ok()) {
    p.status = batch.status();
    return p;
  }
  p.batch = std::move(batch).value();
  // The last check before anything is stored: text that is not UTF-8 would break every JSON
  // output of the store later.
  p.status = CheckBatchText(&p.batch);
  if (p.status.ok()) p.status = SetReceivedDay(received_on, &p.batch);
  if (!p.status.ok()) return p;
  p.batch.sha256 = Sha256Hex(buffer->data());  // of the bytes read, which did not change meanwhile
  // Work that needs no order is done here, on the worker thread, not by the committer.
  p.batch.encoded_events = EncodeEvents(p.batch.events);
  const StringColumn& refs = p.batch.events.reference;
  p.id_hashes.resize(refs.size());
  for (size_t row = 0; row < refs.size(); ++row) p.id_hashes[row] = refs.RepeatKey(row);
  return p;
}

// Commits parsed files in groups of up to kGroupBatches batches per store transaction, and counts
// each file into the summary once its group is durable.
class Committer {
 public:
  static constexpr size_t kGroupBatches = 32;

  Committer(Store& store, const LoadOptions& options, size_t total, LoadSummary* summary)
      : store_(store), options_(options), total_(total), summary_(summary) {}

  void Commit(const std::string& path, Parsed* p) {
    FileResult fr;
    fr.path = path;
    fr.status = p->status;
    if (fr.status.ok()) {
      if (!in_group_) in_group_ = store_.BeginGroup().ok();  // else each batch commits alone
      auto outcome = store_.CommitBatch(p->batch);
      if (outcome.ok()) {
        fr.commit = *outcome;
        fr.rows_read = p->batch.rows_read;
        fr.rows_loaded = p->batch.rows_loaded();
        fr.rows_rejected = static_cast<long>(p->batch.rejects.size());
        fr.findings = std::move(p->batch.findings);
      } else {
        fr.status = outcome.status().WithContext(path);  // "database or disk is full"
      }
    }
    pending_.push_back(std::move(fr));
    if (!in_group_ || pending_.size() >= kGroupBatches) EndGroup();
  }

  std::string GroupContext(const std::string& path) const {
    return path + " (in one transaction with " + std::to_string(pending_.size() - 1) +
           " other files, none of them loaded)";
  }

  // Makes the open group durable; if that fails, none of its files was loaded.
  void EndGroup() {
    Status st = in_group_ ? store_.EndGroup() : Status::Ok();
    in_group_ = false;
    for (FileResult& fr : pending_) {
      if (!st.ok() && fr.status.ok())  // conservative: the whole group failed
        fr.status = st.WithContext(pending_.size() == 1 ? fr.path : GroupContext(fr.path));
      Count(std::move(fr));
    }
    pending_.clear();
  }

 private:
  void Count(FileResult fr) {
    LoadSummary& s = *summary_;
    if (!fr.status.ok()) {
      ++s.files_failed;
    } else if (fr.commit.already_loaded) {
      ++s.files_already_loaded;
    } else {
      ++s.files_loaded;
      s.rows_loaded += fr.rows_loaded;
      s.rows_rejected += fr.rows_rejected;
      s.batches_superseded += static_cast<long>(fr.commit.superseded.size());
      s.findings += static_cast<long>(fr.findings.size());
    }
    s.files.push_back(std::move(fr));
    if (options_.on_progress)
      options_.on_progress(static_cast<long>(s.files.size()), static_cast<long>(total_), s);
  }

  Store& store_;
  const LoadOptions& options_;
  const size_t total_;
  LoadSummary* summary_;
  std::vector<FileResult> pending_;
  bool in_group_ = false;
};

uintmax_t TotalBytes(const std::vector<std::string>& paths) {
  uintmax_t bytes = 0;
  for (const auto& path : paths) {
    std::error_code ec;
    uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec) bytes += size;
  }
  return bytes;
}

// How many parsed batches may wait for the committer. Enough that the workers keep going while a
// commit waits for a WAL checkpoint's fsync (a quarter of a second or more on a national load),
// bounded by about 128 MiB of source files in flight, since a batch takes about its file's size.
size_t ParseAhead(const std::vector<std::string>& paths, uintmax_t bytes) {
  const uintmax_t mean = paths.empty() ? 1 : std::max<uintmax_t>(1, bytes / paths.size());
  return static_cast<size_t>(std::clamp<uintmax_t>((128u << 20) / mean, 16, 256));
}

}  // namespace

LoadSummary LoadFiles(Store& store, const std::vector<std::string>& paths, const FileReader& read,
                      const LoadOptions& options) {
  LoadSummary summary;
  const size_t n = paths.size();
  std::vector<std::optional<Parsed>> slots(n);
  std::mutex mu;
  std::condition_variable ready, room;
  std::atomic<size_t> next{0};
  size_t committed = 0;
  const uintmax_t bytes = TotalBytes(paths);
  const size_t window = ParseAhead(paths, bytes);

  std::vector<Parsed> committed_batches;  // freed by the workers, off the committing thread
  auto worker = [&]() {
    FileBuffer buffer;
    for (;;) {
      size_t i = next.fetch_add(1);
      if (i >= n) return;
      std::vector<Parsed> to_free;
      {
        std::unique_lock lock(mu);
        room.wait(lock, [&] { return i < committed + window; });
        to_free.swap(committed_batches);
      }
      to_free.clear();  // freeing a batch's millions of small strings is work for a worker
      const std::string& received =
          i < options.received_on_each.size() ? options.received_on_each[i] : options.received_on;
      Parsed p = ParseOne(paths[i], read, received, &buffer);
      std::lock_guard lock(mu);
      slots[i] = std::move(p);
      ready.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < std::max(1, options.threads); ++t) threads.emplace_back(worker);

  // data.police.uk files take about 290 bytes per Crime ID (a quarter of rows have none).
  RepeatedIdFinder repeats(static_cast<size_t>(bytes / 256));
  Committer committer(store, options, n, &summary);
  store.BeginBulkLoad();
  for (size_t i = 0; i < n; ++i) {
    Parsed p;
    {
      std::unique_lock lock(mu);
      // Never hold the group's transaction open while waiting for the workers.
      if (!slots[i].has_value()) {
        lock.unlock();
        committer.EndGroup();
        lock.lock();
      }
      ready.wait(lock, [&] { return slots[i].has_value(); });
      p = std::move(*slots[i]);
      slots[i].reset();
    }
    if (p.status.ok()) repeats.Check(&p.batch, p.id_hashes);
    committer.Commit(paths[i], &p);
    {
      std::lock_guard lock(mu);
      committed = i + 1;
      committed_batches.push_back(std::move(p));
      room.notify_all();
    }
  }
  committer.EndGroup();
  store.EndBulkLoad();
  for (auto& t : threads) t.join();
  return summary;
}

}  // namespace cairn
