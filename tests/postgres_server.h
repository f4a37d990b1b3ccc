// A throwaway PostgreSQL server for the tests: initdb into a temporary folder, started on a Unix
// socket there (no TCP at all), with durability off (nothing in it outlives the test process), and
// stopped and removed when the process exits. One server per test process, started on first use;
// ctest runs every PostgreSQL test in one process (CMakeLists.txt, test "Postgres"), so the suite
// pays for one initdb.
//
// PostgreSQL refuses to run as root, and tests here run as root: the server then runs as the
// `postgres` user that Debian's postgresql package creates (else `nobody`), through runuser, and
// owns the folder. If the server cannot start, every test that needs it fails with the reason.
#pragma once

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <pqxx/pqxx>
#include <sstream>
#include <string>

namespace cairn::testing {

class PostgresServer {
 public:
  // The server of this process; check ok() (and error()) before use.
  static PostgresServer& Shared() {
    static PostgresServer server;
    return server;
  }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  const std::string& socket_dir() const { return dir_; }

  // A location for a new, empty database on the server (CREATE DATABASE: about 0.3 s).
  std::string NewDatabase() {
    const std::string name = "cairn_" + std::to_string(++databases_);
    Admin("CREATE DATABASE " + name);
    return "postgresql:///" + name + "?host=" + dir_ + "&user=cairn";
  }

  // A location for a new, empty store in a schema of its own, in one shared database (a few
  // milliseconds; the conformance suite makes a store for every fault it injects).
  std::string NewSchema() {
    const std::string name = "store_" + std::to_string(++schemas_);
    Admin("CREATE SCHEMA " + name, "cairn");
    return "postgresql:///cairn?host=" + dir_ + "&user=cairn&options=-csearch_path%3D" + name;
  }

  // Runs one statement as the server's superuser, in database `db`.
  void Admin(const std::string& sql, const std::string& db = "postgres") {
    pqxx::connection conn("postgresql:///" + db + "?host=" + dir_ + "&user=cairn");
    pqxx::nontransaction tx(conn);
    tx.exec(sql);
  }

 private:
  PostgresServer() {
    const char* bin = std::getenv("CAIRN_PG_BIN");
    bin_ = bin && *bin ? bin : "/usr/lib/postgresql/15/bin";
    if (!std::filesystem::exists(bin_ + "/initdb")) {
      error_ = bin_ +
               "/initdb not found: the PostgreSQL tests need Debian's postgresql package "
               "(make deps), or CAIRN_PG_BIN set to its bin folder";
      return;
    }
    char tmpl[] = "/tmp/cairn-pg-XXXXXX";
    if (!::mkdtemp(tmpl)) {
      error_ = "cannot make a temporary folder for the server";
      return;
    }
    dir_ = tmpl;
    if (::geteuid() == 0) {
      const passwd* user = ::getpwnam("postgres");
      if (!user) user = ::getpwnam("nobody");
      if (!user || ::chown(dir_.c_str(), user->pw_uid, user->pw_gid) != 0) {
        error_ = "running as root, and no user (postgres, nobody) to run the server as";
        return;
      }
      as_ = std::string("runuser -u ") + user->pw_name + " -- ";
    }
    if (!Run(bin_ + "/initdb -D " + dir_ + "/data -U cairn --auth=trust -N -E UTF8 --no-locale",
             "initdb"))
      return;
    // -w: wait until the server accepts connections.
    if (!Run(bin_ + "/pg_ctl -D " + dir_ + "/data -w -t 60 -l " + dir_ + "/server.log -o \"-k " +
                 dir_ +
                 " -c listen_addresses='' -c fsync=off -c synchronous_commit=off"
                 " -c full_page_writes=off -c max_connections=200\" start",
             "pg_ctl start")) {
      error_ += "\nserver log:\n" + Read(dir_ + "/server.log");
      return;
    }
    started_ = true;
    try {
      Admin("CREATE DATABASE cairn");
    } catch (const std::exception& e) {
      error_ = std::string("the server started, but: ") + e.what();
    }
  }

  ~PostgresServer() {
    if (started_) Run(bin_ + "/pg_ctl -D " + dir_ + "/data -m immediate -w stop", "pg_ctl stop");
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }

  // Runs a server command as the server's user; on failure sets error_ with its output.
  bool Run(const std::string& command, const char* what) {
    const std::string log = dir_ + "/" + std::string(what).substr(0, 6) + ".out";
    const std::string line = "cd / && " + as_ + command + " >" + log + " 2>&1";
    const int rc = std::system(line.c_str());
    if (rc == 0) return true;
    if (error_.empty())
      error_ = std::string("the test PostgreSQL server: ") + what + " failed (exit status " +
               std::to_string(rc) + "): " + command + "\n" + Read(log);
    return false;
  }

  static std::string Read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
  }

  std::string bin_, dir_, as_, error_;
  bool started_ = false;
  int databases_ = 0, schemas_ = 0;
};

}  // namespace cairn::testing
