// The store's schema as an ordered list of migrations. Migration N moves a store from version N-1
// to N; a store records its version in PRAGMA user_version. Never edit a shipped migration: add
// one.
#pragma once

#include <vector>

namespace cairn::sqlite {

const std::vector<const char*>& Migrations();

}  // namespace cairn::sqlite
