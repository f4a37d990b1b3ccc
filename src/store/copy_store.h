// CopyStore: a whole store moved from one backend to another (`cairn copy`), e.g. from the SQLite
// file a partnership started with to the PostgreSQL server it has outgrown it for, or back.
//
// Only the StoreBackend interface is used, so it works between any two backends. Everything the
// store holds goes: batches with their lineage (superseded ones too, with superseded_by), event
// chunks as the same bytes, people, involvements, referrals, justice outcomes, areas, populations,
// boundaries, published figures, district lookups, rejects, findings, reported values with their
// corrections, the key's fingerprint and the counters (the next event id, the data version). Ids
// stay the same (batch, event, person, reported value), so a snapshot built from either store is
// the same. The target keeps its own identity (Counter::kStoreId): it is another store, and caches
// made for one must never be taken for the other.
//
// The target must be empty (no batches, people or reported values; a key fingerprint only if it
// is the source's, as `cairn init` with the same key leaves it). The copy is one transaction on the
// target, and the source is held still meanwhile (its write transaction: a loader waits). Before
// the target commits, every table is read back from both sides and compared by row count and a
// SHA-256 over a canonical serialisation (DigestStore); a difference rolls the target back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/backend.h"
#include "util/status.h"

namespace cairn {

// One table as read through a backend: its rows and a SHA-256 over them, in the backend's order
// (the order readers see), each field length-prefixed so that the serialisation is unambiguous.
struct TableDigest {
  std::string table;
  int64_t rows = 0;
  std::string sha256;  // lower-case hex
};

// Every table a store holds. Leaves out only what differs between two stores holding the same:
// the store's identity, and when the key's fingerprint was recorded.
Result<std::vector<TableDigest>> DigestStore(StoreBackend& store);

// The tables of the store's schema that a copy carries: those DigestStore compares, and `source`,
// which comes with the batch records. Tests check that neither SQLite's nor PostgreSQL's schema
// has another (PostgreSQL's cairn_schema, its schema version, apart): a new table must be copied.
const std::vector<std::string>& CopiedTables();

struct TableCheck {
  TableDigest source, target;
  bool same() const { return source.rows == target.rows && source.sha256 == target.sha256; }
};

// Copies `from` into `to` (see above); returns both sides' digests, table by table, all the same.
// `from_name` and `to_name` are how messages name the two stores.
Result<std::vector<TableCheck>> CopyStore(StoreBackend& from, StoreBackend& to,
                                          const std::string& from_name, const std::string& to_name);

// Opens both stores by location (store/store.h: sqlite:PATH or a path, memory:, postgresql://)
// and copies. The target is created where it does not exist yet (an SQLite file, or the store's
// tables in a PostgreSQL database that exists).
Result<std::vector<TableCheck>> CopyStoreBetween(const std::string& from, const std::string& to);

}  // namespace cairn
