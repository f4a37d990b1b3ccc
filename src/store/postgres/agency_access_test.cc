#include "store/postgres/agency_access.h"

#include <gtest/gtest.h>

namespace cairn {
namespace {

// A login goes into SQL as an identifier, a literal and a policy name: anything but a plain role
// name is refused before the server is asked anything (the location here names no server).
TEST(AgencyAccess, ALoginIsAPlainRoleName) {
  for (const char* login :
       {"x$$; DROP SCHEMA public CASCADE; --", "nhs analyst", "9lives", "a\"b", "quote'd"}) {
    auto sql = AgencyAccessSql("postgresql://nowhere.invalid/none", {login, {"Some Trust"}});
    ASSERT_FALSE(sql.ok()) << login;
    EXPECT_EQ(sql.status().code(), Status::Code::kUsage) << login;
    EXPECT_NE(sql.status().message().find("expected a PostgreSQL role name"), std::string::npos)
        << sql.status().message();
  }
  auto too_long =
      AgencyAccessSql("postgresql://nowhere.invalid/none", {std::string(58, 'a'), {"Some Trust"}});
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.status().code(), Status::Code::kUsage);
}

}  // namespace
}  // namespace cairn
