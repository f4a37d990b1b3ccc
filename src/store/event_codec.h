// EventCodec: the on-disk form of one batch's events. Events are kept column-wise, strings
// dictionary-encoded, the whole compressed with zstd, one blob per batch. This is what makes
// loading millions of rows fast and what lets a snapshot be rebuilt without re-parsing text per
// row. Any Store backend (SQLite, PostgreSQL) stores the blob as it is.
#pragma once

#include <string>
#include <string_view>

#include "model/batch.h"
#include "util/status.h"

namespace cairn {

std::string EncodeEvents(const EventColumns& events);
// With skip_references the Crime ID / reference column is left empty (analyses never need it, and
// it is the one column with a distinct string per row).
Status DecodeEvents(std::string_view blob, EventColumns* events, bool skip_references = false);
// True when the chunk holds data.police.uk Crime IDs in their packed form (so its reference column
// is millions of 64-digit values in a national archive), found without decoding it.
bool HasPackedReferences(std::string_view blob);

}  // namespace cairn
