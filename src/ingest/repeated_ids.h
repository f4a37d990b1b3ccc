// RepeatedIdFinder: Crime IDs seen in earlier files of one load, so that a crime re-published in a
// later month's file is reported (data.police.uk does this) as a finding on the later batch; both
// rows are kept, as data.police.uk counts them. (Repeats within one file are the reader's finding.)
//
// Open-addressing tables of 8-byte slots: the top 40 bits of the ID's 64-bit hash
// (StringColumn::RepeatKey) and the file that first had it. A slot's place comes from the hash's
// other 24 bits, so a false report needs two IDs agreeing in their top 40 bits whose places fall in
// one run of slots: about 1 in 10^5 national loads. The first table is sized from the load's
// expected number of IDs, at most three quarters full; should the IDs outnumber that, a table at
// least twice the size is added and looked in after the others, so nothing is ever rehashed.
// (Every page of a table is fresh memory the kernel zeroes on first touch: 16-byte slots in a
// power-of-two table were 128 MiB of a national load's 180 MiB, and a tenth of its time.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/batch.h"
#include "util/zeroed_array.h"

namespace cairn {

class RepeatedIdFinder {
 public:
  explicit RepeatedIdFinder(size_t expected_ids);

  // Files are checked in load order. `hashes` holds each row's RepeatKey of its Crime ID (0 for a
  // blank one); a row whose ID an earlier file had gets a finding naming that file.
  void Check(Batch* batch, const std::vector<uint64_t>& hashes);

  size_t tables() const { return tables_.size(); }

 private:
  using Table = ZeroedArray<uint64_t>;
  uint32_t FindOrInsert(uint64_t hash, uint32_t file_idx);
  std::string Finding(const Batch& batch, size_t row, uint32_t owner) const;
  void AddTable(size_t entries);

  std::vector<std::string> files_;
  std::vector<Table> tables_;
  size_t used_ = 0;  // slots filled in the newest table
};

}  // namespace cairn
