#include "cli/command.h"

#include <cstdlib>
#include <iostream>

#include "util/strings.h"

namespace cairn {

void ResolveGlobalOptions(GlobalOptions* global) {
  if (global->db.empty()) {
    const char* env = std::getenv("CAIRN_DB");
    global->db = env && *env ? env : "cairn.db";
  }
  if (global->key.empty()) {
    const char* env = std::getenv("CAIRN_KEY");
    if (env && *env) {
      global->key = env;
    } else {
      std::string base = global->db;
      if (EndsWith(base, ".db")) base.resize(base.size() - 3);
      global->key = base + ".key";
    }
  }
}

void PrintError(const std::string& message) { std::cerr << "cairn: " << message << "\n"; }

}  // namespace cairn
