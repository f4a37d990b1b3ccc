// Per-agency access to a store on a PostgreSQL server, with the server's own roles and row-level
// security (`cairn pg-roles`). A partner's login reads its own agency's record-level rows, those
// of the batches whose source is that agency (events, people, involvements, referrals, justice
// outcomes, rejects, findings, the batch records), and every aggregate (areas, populations,
// boundaries, published figures, district lookups, reported KPI values); it writes nothing.
//
// Nothing here changes the store's schema: the SQL grants SELECT, enables row-level security on
// the record-level tables (which binds only roles other than the tables' owner: the role Cairn
// loads with keeps seeing and writing everything) and adds one policy per table for the login,
// replacing the login's earlier ones. It is for an IT team to read and run as the tables' owner
// (or a superuser), or to apply with `--apply`. Example:
//
//   cairn --db postgresql://db.example/cairn pg-roles --login nhs_analyst
//         --agency "Fellshire Hospitals NHS Trust"
//
// prints a script that creates the role nhs_analyst (LOGIN, no password: the IT team sets one,
// or maps it in pg_hba.conf/pg_ident.conf) if it does not exist, and gives it the access above.
#pragma once

#include <string>
#include <vector>

#include "util/status.h"

namespace cairn {

struct AgencyAccess {
  std::string login;                  // the PostgreSQL role the partner's analysts log in as
  std::vector<std::string> agencies;  // batch sources it may read, as `cairn status` names them
};

// The script, for the store at `location` (its database and schema are read from the server).
Result<std::string> AgencyAccessSql(const std::string& location, const AgencyAccess& access);

// Every table the script gives the login access to, record-level or whole. Tests check that the
// store's schema has no other: a new table must be classed as one or the other.
std::vector<std::string> AgencyAccessTables();

// Runs a script such as the above on the store's server, in one transaction.
Status ApplyAccessSql(const std::string& location, const std::string& sql);

}  // namespace cairn
