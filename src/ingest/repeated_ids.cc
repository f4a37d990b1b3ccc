#include "ingest/repeated_ids.h"

#include <algorithm>

namespace cairn {

namespace {

constexpr int kOwnerBits = 24;
// Files after the first 16.7 million of a load share one owner number, and their findings say "an
// earlier file"; no load comes near it.
constexpr uint32_t kLaterFiles = (1u << kOwnerBits) - 1;

// A slot's place, from the hash's low 24 bits, which the fingerprint does not hold, so the two
// together keep all 64 bits; a table of more than 2^24 slots (12 million IDs) needs 32 bits.
size_t Home(const ZeroedArray<uint64_t>& table, uint64_t hash) {
  const int bits = table.size() <= (size_t{1} << kOwnerBits) ? kOwnerBits : 32;
  return static_cast<size_t>(((hash & ((uint64_t{1} << bits) - 1)) * table.size()) >> bits);
}

uint64_t Fingerprint(uint64_t hash) {
  uint64_t top = hash >> kOwnerBits;
  return top ? top : 1;  // a slot of 0 is empty
}

}  // namespace

RepeatedIdFinder::RepeatedIdFinder(size_t expected_ids) { AddTable(expected_ids); }

void RepeatedIdFinder::Check(Batch* batch, const std::vector<uint64_t>& hashes) {
  const uint32_t file_idx = static_cast<uint32_t>(std::min<size_t>(files_.size(), kLaterFiles));
  files_.push_back(batch->file_name);
  if (4 * (used_ + hashes.size()) > 3 * tables_.back().size()) AddTable(hashes.size());
  // The tables are far bigger than the caches: fetch the slots a few rows ahead.
  constexpr size_t kAhead = 16;
  for (size_t row = 0; row < hashes.size(); ++row) {
    if (row + kAhead < hashes.size())
      for (const Table& table : tables_)
        __builtin_prefetch(&table[Home(table, hashes[row + kAhead])]);
    if (hashes[row] == 0) continue;
    uint32_t owner = FindOrInsert(hashes[row], file_idx);
    if (owner != file_idx) batch->findings.push_back(Finding(*batch, row, owner));
  }
}

// The file that first had this ID, having recorded it for file_idx if it is new. Older tables are
// only looked in; the newest always has room (Check adds a table before it could fill).
uint32_t RepeatedIdFinder::FindOrInsert(uint64_t hash, uint32_t file_idx) {
  const uint64_t fingerprint = Fingerprint(hash);
  for (Table& table : tables_) {
    const bool newest = &table == &tables_.back();
    for (size_t i = Home(table, hash);; i = i + 1 == table.size() ? 0 : i + 1) {
      uint64_t& slot = table[i];
      if (slot >> kOwnerBits == fingerprint) return static_cast<uint32_t>(slot & kLaterFiles);
      if (slot != 0) continue;
      if (!newest) break;
      slot = fingerprint << kOwnerBits | file_idx;
      ++used_;
      return file_idx;
    }
  }
  return file_idx;
}

std::string RepeatedIdFinder::Finding(const Batch& batch, size_t row, uint32_t owner) const {
  std::string where = owner < kLaterFiles ? files_[owner] : "an earlier file of this load";
  return "Crime ID " + batch.events.reference.Text(row) + " on line " +
         std::to_string(batch.events.source_line[row]) + " was already published in " + where +
         "; both rows are kept";
}

// A table for `entries` IDs at most three quarters full, and at least twice the size of the last.
void RepeatedIdFinder::AddTable(size_t entries) {
  size_t size = std::max<size_t>(1024, 4 * entries / 3 + 1);
  if (!tables_.empty()) size = std::max(size, 2 * tables_.back().size());
  tables_.emplace_back(size);
  used_ = 0;
}

}  // namespace cairn
