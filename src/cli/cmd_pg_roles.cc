// cairn pg-roles: the SQL that gives a partner's login on a PostgreSQL store read access to its own
// agency's record-level rows and to every aggregate, with the server's roles and row-level
// security (store/postgres/agency_access.h). Printed for the IT team to read and run; applied
// with --apply.
#include <iostream>

#include "cli/command.h"
#include "engine/tools.h"

namespace cairn {

CommandRunner RegisterPgRoles(CLI::App& app, GlobalOptions& global) {
  auto access = std::make_shared<AgencyAccess>();
  auto apply = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "pg-roles",
      "A partner's login on a PostgreSQL store: its own agency's records and the aggregates (SQL)");
  cmd->add_option("--login", access->login, "The PostgreSQL role the partner's analysts log in as")
      ->required();
  cmd->add_option("--agency", access->agencies,
                  "A source whose extracts the login reads, as `cairn status` names it (repeat "
                  "for more than one)")
      ->required();
  cmd->add_flag("--apply", *apply,
                "Run the SQL on the server (as the store's owner) rather than print it");
  return [access, apply, &global]() -> Result<Done> {
    auto sql = PartnerAccessSql(global.db, *access);
    if (!sql.ok()) return sql.status();  // a store that is not on a server is a usage error
    if (!*apply) {
      std::cout << *sql;
      return Done::kOk;
    }
    CAIRN_RETURN_IF_ERROR(AsError(ApplyPartnerAccess(global.db, *sql)));
    std::cerr << "applied: " << access->login << " reads its agency's records and the aggregates\n";
    return Done::kOk;
  };
}

}  // namespace cairn
