#include "store/postgres/agency_access.h"

#include <algorithm>
#include <cctype>
#include <pqxx/pqxx>
#include <utility>

#include "store/postgres/postgres_backend.h"

namespace cairn {

namespace {

// Tables whose rows belong to one batch, and so to one agency; each with the condition that
// keeps a row when its batch is one of the agency's. `%own%` is replaced by the ids of the
// agency's batches, `%sources%` by the agency's source ids, `%s%` by the schema. (The batch
// table's own condition cannot read the batch table: PostgreSQL refuses a policy that recurses.)
struct RecordTable {
  const char* name;
  const char* keep;
};
constexpr RecordTable kRecordTables[] = {
    {"batch", "source_id IN %sources%"},
    {"event_chunk", "batch_id IN %own%"},
    {"involvement", "batch_id IN %own%"},
    {"referral", "batch_id IN %own%"},
    {"justice_outcome", "batch_id IN %own%"},
    {"training_attendance", "batch_id IN %own%"},
    {"reject", "batch_id IN %own%"},
    {"finding", "batch_id IN %own%"},
    // A person is seen where one of the agency's batches names them, and nowhere else.
    {"person",
     "first_batch_id IN %own% OR id IN (SELECT person_id FROM %s%.involvement WHERE batch_id IN "
     "%own% UNION SELECT person_id FROM %s%.referral WHERE batch_id IN %own% UNION SELECT "
     "person_id FROM %s%.justice_outcome WHERE batch_id IN %own%)"},
};

// Tables every partner reads whole: aggregates, lookups, what Cairn needs to open the store, and
// the partnership's accountability register (no record-level data: what the partners answer for
// together).
constexpr const char* kSharedTables[] = {
    "source",      "area",          "area_population",  "area_shape",
    "area_figure", "district_link", "reported_value",   "store_key",
    "meta",        "cairn_schema",  "register_revision"};

// The placeholders replaced in one pass, so text put in (an agency's quoted name) is never
// scanned for placeholders again.
std::string Substitute(const std::string& text,
                       const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out;
  for (size_t at = 0; at < text.size();) {
    bool replaced = false;
    for (const auto& [from, to] : values)
      if (text.compare(at, from.size(), from) == 0) {
        out += to;
        at += from.size();
        replaced = true;
        break;
      }
    if (!replaced) out += text[at++];
  }
  return out;
}

struct Names {
  std::string database, schema, login, policy, agencies;  // quoted for SQL
  std::string login_literal;
};

Names Quote(pqxx::connection& conn, const AgencyAccess& access) {
  pqxx::nontransaction tx(conn);
  pqxx::result r = tx.exec("SELECT current_database(), current_schema()");
  Names n;
  n.database = conn.quote_name(r[0][0].c_str());
  n.schema = conn.quote_name(r[0][1].c_str());
  n.login = conn.quote_name(access.login);
  n.login_literal = conn.quote(access.login);
  n.policy = conn.quote_name("cairn_" + access.login);
  for (const std::string& agency : access.agencies)
    n.agencies += (n.agencies.empty() ? "" : ", ") + conn.quote(agency);
  return n;
}

std::string RoleSql(const Names& n) {
  return "DO $$BEGIN\n  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = " + n.login_literal +
         ") THEN\n    CREATE ROLE " + n.login +
         " LOGIN;\n  END IF;\nEND$$;\nGRANT CONNECT ON DATABASE " + n.database + " TO " + n.login +
         ";\nGRANT USAGE ON SCHEMA " + n.schema + " TO " + n.login +
         ";\n-- Reads only: whatever was granted before, it writes nothing.\nREVOKE INSERT, "
         "UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA " +
         n.schema + " FROM " + n.login + ";\n";
}

std::string SharedSql(const Names& n) {
  std::string tables;
  for (const char* t : kSharedTables) tables += (tables.empty() ? "" : ", ") + n.schema + "." + t;
  return "-- Aggregates and lookups: read whole.\nGRANT SELECT ON " + tables + " TO " + n.login +
         ";\n";
}

std::string RecordSql(const Names& n) {
  const std::string sources =
      "(SELECT id FROM " + n.schema + ".source WHERE name IN (" + n.agencies + "))";
  const std::string own =
      "(SELECT id FROM " + n.schema + ".batch WHERE source_id IN " + sources + ")";
  std::string sql = "-- Record-level rows: only those of the agency's own batches.\n";
  for (const RecordTable& t : kRecordTables) {
    const std::string table = n.schema + "." + t.name;
    const std::string keep =
        Substitute(t.keep, {{"%own%", own}, {"%sources%", sources}, {"%s%", n.schema}});
    sql += "GRANT SELECT ON " + table + " TO " + n.login + ";\nALTER TABLE " + table +
           " ENABLE ROW LEVEL SECURITY;\nDROP POLICY IF EXISTS " + n.policy + " ON " + table +
           ";\nCREATE POLICY " + n.policy + " ON " + table + " FOR SELECT TO " + n.login +
           "\n  USING (" + keep + ");\n";
  }
  return sql;
}

std::string FirstLine(const std::string& what) {
  std::string s = what;
  if (s.rfind("ERROR:  ", 0) == 0) s.erase(0, 8);
  if (auto nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return s;
}

}  // namespace

Result<std::string> AgencyAccessSql(const std::string& location, const AgencyAccess& access) {
  const std::string shown = RedactedLocation(location);
  if (access.login.empty()) return Status::Usage("pg-roles: give the partner's login (--login)");
  // A login goes into SQL as an identifier, a literal and a policy name (PostgreSQL keeps 63
  // bytes of a name, "cairn_" + login): letters, digits and '_' only, so no quoting can be
  // escaped and no two logins share a policy.
  const bool plain =
      access.login.size() <= 57 && !std::isdigit(static_cast<unsigned char>(access.login[0])) &&
      std::all_of(access.login.begin(), access.login.end(),
                  [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  if (!plain)
    return Status::Usage("pg-roles --login \"" + access.login +
                         "\": expected a PostgreSQL role name of letters, digits and '_' (not "
                         "starting with a digit), at most 57 characters");
  if (access.agencies.empty())
    return Status::Usage("pg-roles: give the agency whose extracts the login reads (--agency)");
  try {
    pqxx::connection conn(location);
    const Names n = Quote(conn, access);
    return "-- Generated by `cairn pg-roles` for " + shown + ".\n-- Run as the owner of the " +
           "store's tables (the role Cairn loads with) or a superuser.\nBEGIN;\n" + RoleSql(n) +
           SharedSql(n) + RecordSql(n) + "COMMIT;\n";
  } catch (const std::exception& e) {
    return Status::IoError(shown + ": cannot read the store's database and schema (" +
                           FirstLine(e.what()) + ")");
  }
}

std::vector<std::string> AgencyAccessTables() {
  std::vector<std::string> tables;
  for (const RecordTable& t : kRecordTables) tables.emplace_back(t.name);
  for (const char* t : kSharedTables) tables.emplace_back(t);
  return tables;
}

Status ApplyAccessSql(const std::string& location, const std::string& sql) {
  const std::string shown = RedactedLocation(location);
  try {
    pqxx::connection conn(location);
    pqxx::nontransaction tx(conn);
    tx.exec(sql);  // the script is its own transaction (BEGIN ... COMMIT)
    return Status::Ok();
  } catch (const std::exception& e) {
    return Status::IoError(shown + ": the roles and policies were not applied (" +
                           FirstLine(e.what()) +
                           "); run it as the owner of the store's tables or a superuser");
  }
}

}  // namespace cairn
