// The PostgreSQL store's numbered migrations. Version N is the schema after migrations[0..N-1]; the
// version a store has is kept in its cairn_schema table and checked at every open.
#pragma once

#include <vector>

namespace cairn::postgres {

const std::vector<const char*>& Migrations();

}  // namespace cairn::postgres
