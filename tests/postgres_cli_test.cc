// End to end on a PostgreSQL store: the same extracts loaded into SQLite and into PostgreSQL give
// the same answers from `cairn query` and the same `cairn sna --json`; two loads at once both land
// whole; what a server store needs said (its key) and refuses (a newer schema). The server is the
// tests' own (tests/postgres_server.h); these tests run together as ctest's "Postgres".
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>
#include <thread>

#include "synth/synth.h"
#include "tests/postgres_server.h"
#include "tests/test_util.h"

extern char** environ;

namespace cairn::testing {

namespace {

// The server, or the test fails with why it could not start.
#define REQUIRE_SERVER()                                                                   \
  auto& server = PostgresServer::Shared();                                                 \
  ASSERT_TRUE(server.ok()) << "the PostgreSQL tests need a server they start themselves: " \
                           << server.error()

// Runs cairn and expects it to succeed, or to exit `expected`.
CommandResult Cairn(const std::vector<std::string>& args, int expected = 0) {
  CommandResult r = RunCairn(args);
  EXPECT_EQ(r.exit_code, expected) << r.err;
  return r;
}

// Everything the tests compare between the two stores: query answers and the SNA's JSON.
std::string Answers(const std::string& db, const TempDir& dir, const std::string& from,
                    const std::string& to, const std::string& name) {
  std::string out;
  for (const char* by : {"month", "category,lsoa", "source,extract", "role,sex,age_band"}) {
    out +=
        Cairn({"--db", db, "query", "--from", from, "--to", to, "--by", by, "--format", "csv"}).out;
  }
  out += Cairn({"--db", db, "query", "--measure", "people", "--by", "role", "--format", "csv"}).out;
  const std::string json = dir.File(name + ".json");
  Cairn({"--db", db, "sna", "--from", from, "--to", to, "--out", dir.File(name + ".html"), "--json",
         json});
  return out + ReadText(json);
}

TEST(PostgresCli, TheSyntheticCountyAnswersAsOnSqlite) {
  REQUIRE_SERVER();
  TempDir dir;
  SynthOptions options;
  options.out_dir = dir.File("extracts");
  options.scale = 0.05;
  ASSERT_TRUE(WriteSyntheticPartnership(options).ok());
  const std::string x = dir.File("extracts") + "/", key = dir.File("partnership.key");
  const std::string profiles = std::string(CAIRN_SOURCE_DIR) + "/profiles/";
  const std::string sqlite = dir.File("county.db"), pg = server.NewDatabase();
  // One key for both stores, so that their pseudonyms are the same.
  Cairn({"--db", sqlite, "--key", key, "init"});
  Cairn({"--db", pg, "--key", key, "init"});
  Cairn({"pseudonymise", "--key", key, "--columns", "NHSNumber", "--link",
         "PatientSurname+PatientForename+PatientDOB", "--link-name", "PatientPseudonym",
         x + "ed-istv.csv", x + "ed-istv-sent.csv"});
  for (const std::string& db : {sqlite, pg}) {
    for (const auto& [profile, file] : std::vector<std::pair<std::string, std::string>>{
             {"lsoa-lookup.toml", "lsoa-lookup.csv"},
             {"census2021-ts007a.toml", "census-ts007a.csv"},
             {"imd2019-file1.toml", "imd2019-file1.csv"},
             {"police-recorded-crime.toml", "police-recorded-crime.csv"},
             {"ed-istv.toml", "ed-istv-sent.csv"}})
      Cairn({"--db", db, "--key", key, "ingest", "--profile", profiles + profile, x + file});
    Cairn({"--db", db, "ingest", "police-uk", x + "police-uk"});
  }
  EXPECT_EQ(Cairn({"--db", pg, "status"}).out.substr(0, 200),
            Cairn({"--db", sqlite, "status"}).out.substr(0, 200));
  const std::string answers = Answers(pg, dir, "2024-01", "2024-12", "pg");
  EXPECT_EQ(answers, Answers(sqlite, dir, "2024-01", "2024-12", "sqlite"));
  // People from both partners' extracts, linked by pseudonym: there is something to compare.
  EXPECT_NE(answers.find("patient,"), std::string::npos) << answers.substr(0, 2000);
  EXPECT_NE(answers.find("victim,"), std::string::npos);
  EXPECT_NE(answers.find("\"sections\""), std::string::npos);
}

TEST(PostgresCli, CumbriaPoliceUkAnswersAsOnSqlite) {
  REQUIRE_SERVER();
  if (SharedDir().empty()) GTEST_SKIP() << "shared/data/real not present";
  TempDir dir;
  const std::string files = SharedDir() + "/data/real/police-uk-street/cumbria";
  const std::string sqlite = dir.File("cumbria.db"), pg = server.NewDatabase();
  Cairn({"--db", sqlite, "init"});
  Cairn({"--db", pg, "--key", dir.File("k.key"), "init"});
  Cairn({"--db", sqlite, "ingest", "police-uk", files});
  Cairn({"--db", pg, "ingest", "police-uk", files});
  EXPECT_EQ(Answers(pg, dir, "2024-01", "2024-04", "pg"),
            Answers(sqlite, dir, "2024-01", "2024-04", "sqlite"));
}

// A store moved to the server and back with `cairn copy` answers as the original: the copy keeps
// every id and every chunk's bytes, so the query answers and the SNA's JSON are the same bytes.
// A second copy into the now full server store is refused and changes nothing.
TEST(PostgresCli, ACopyToTheServerAndBackAnswersAsTheOriginal) {
  REQUIRE_SERVER();
  if (SharedDir().empty()) GTEST_SKIP() << "shared/data/real not present";
  TempDir dir;
  const std::string files = SharedDir() + "/data/real/police-uk-street/cumbria";
  const std::string sqlite = dir.File("cumbria.db"), back = dir.File("back.db");
  const std::string pg = server.NewDatabase();
  Cairn({"--db", sqlite, "init"});
  Cairn({"--db", sqlite, "ingest", "police-uk", files});
  CommandResult there = Cairn({"copy", "--from", sqlite, "--to", pg});
  CommandResult home = Cairn({"copy", "--from", pg, "--to", "sqlite:" + back});
  // The table of checks names every table; these have rows: batches, chunks, the counters, and
  // the key recorded by init.
  for (const char* table : {"batch ", "event_chunk ", "meta ", "store_key "}) {
    EXPECT_NE(there.out.find(table), std::string::npos) << there.out;
    EXPECT_NE(home.out.find(table), std::string::npos) << home.out;
  }
  const std::string original = Answers(sqlite, dir, "2024-01", "2024-04", "sqlite");
  EXPECT_EQ(Answers(pg, dir, "2024-01", "2024-04", "pg"), original);
  EXPECT_EQ(Answers(back, dir, "2024-01", "2024-04", "back"), original);
  EXPECT_NE(original.find("\"sections\""), std::string::npos);

  const std::string before = Cairn({"--db", pg, "status", "--json"}).out;
  CommandResult again = Cairn({"copy", "--from", sqlite, "--to", pg}, 1);
  EXPECT_EQ(again.err.rfind("cairn: " + pg + ": the store to copy into is not empty (it holds ", 0),
            0u)
      << again.err;
  EXPECT_NE(again.err.find("nothing was copied"), std::string::npos) << again.err;
  EXPECT_EQ(Cairn({"--db", pg, "status", "--json"}).out, before);
}

// Two spellings of one store on the server: the copy would hold the store still and then wait for
// its own lock for ever. It is refused at once, and the store is left as it was. (The session's
// lock_timeout makes a regression fail here rather than hang the test.)
TEST(PostgresCli, ACopyBetweenTwoNamesOfOneStoreIsRefused) {
  REQUIRE_SERVER();
  TempDir dir;
  const std::string pg = server.NewDatabase();
  Cairn({"--db", pg, "--key", dir.File("k.key"), "init"});
  Cairn({"synth", "--out", dir.File("x"), "--only", "police-uk", "--forces", "1", "--scale", "0.02",
         "--seed", "3"});
  Cairn({"--db", pg, "ingest", "police-uk", dir.File("x")});
  const std::string before = Cairn({"--db", pg, "status", "--json"}).out;
  // postgresql:///cairn_N?host=DIR&user=cairn, and the same with its parameters the other way.
  const size_t query = pg.find('?'), amp = pg.find('&');
  ASSERT_TRUE(query != std::string::npos && amp != std::string::npos) << pg;
  const std::string alias =
      pg.substr(0, query + 1) + pg.substr(amp + 1) + "&" + pg.substr(query + 1, amp - query - 1);
  ASSERT_NE(alias, pg);
  ::setenv("PGOPTIONS", "-c lock_timeout=30s", 1);
  const auto started = std::chrono::steady_clock::now();
  CommandResult r = Cairn({"copy", "--from", pg, "--to", alias}, 2);
  const auto took = std::chrono::steady_clock::now() - started;
  ::unsetenv("PGOPTIONS");
  EXPECT_EQ(r.err.rfind(
                "cairn: --from " + pg + " and --to " + alias + " are the same store (store id ", 0),
            0u)
      << r.err;
  EXPECT_NE(r.err.find("): both locations reach one database and schema (or one is a restored "
                       "backup of the other). Copy into a new, empty database or schema\n"),
            std::string::npos)
      << r.err;
  EXPECT_LT(took, std::chrono::seconds(20));
  EXPECT_EQ(Cairn({"--db", pg, "status", "--json"}).out, before);
}

// The lines of a CSV answer whose first cell is `first`, after its header.
std::string LinesStartingWith(const std::string& csv, const std::string& first) {
  std::istringstream in(csv);
  std::string line, out;
  std::getline(in, line);
  out = line + "\n";
  while (std::getline(in, line))
    if (line.rfind(first + ",", 0) == 0) out += line + "\n";
  return out;
}

// A partner's login set up with `cairn pg-roles` reads, through `cairn query`, only its own
// agency's events and people, and every aggregate; it cannot write.
TEST(PostgresCli, APartnerLoginReadsOnlyItsOwnAgencysRecords) {
  REQUIRE_SERVER();
  TempDir dir;
  SynthOptions options;
  options.out_dir = dir.File("extracts");
  options.scale = 0.05;
  ASSERT_TRUE(WriteSyntheticPartnership(options).ok());
  const std::string x = dir.File("extracts") + "/", key = dir.File("partnership.key");
  const std::string profiles = std::string(CAIRN_SOURCE_DIR) + "/profiles/";
  const std::string pg = server.NewDatabase();
  Cairn({"--db", pg, "--key", key, "init"});
  Cairn({"pseudonymise", "--key", key, "--columns", "NHSNumber", "--link",
         "PatientSurname+PatientForename+PatientDOB", "--link-name", "PatientPseudonym",
         x + "ed-istv.csv", x + "ed-istv-sent.csv"});
  for (const auto& [profile, file] : std::vector<std::pair<std::string, std::string>>{
           {"lsoa-lookup.toml", "lsoa-lookup.csv"},
           {"police-recorded-crime.toml", "police-recorded-crime.csv"},
           {"ed-istv.toml", "ed-istv-sent.csv"}})
    Cairn({"--db", pg, "--key", key, "ingest", "--profile", profiles + profile, x + file});
  const std::string nhs = "Fellshire Hospitals NHS Trust";
  const std::string analyst = pg.substr(0, pg.find("user=cairn")) + "user=nhs_analyst";

  // Printed only: nothing is made until the script is run.
  const std::string sql =
      Cairn({"--db", pg, "pg-roles", "--agency", nhs, "--login", "nhs_analyst"}).out;
  EXPECT_NE(sql.find("CREATE POLICY \"cairn_nhs_analyst\" ON \"public\".event_chunk"),
            std::string::npos)
      << sql;
  EXPECT_NE(Cairn({"--db", analyst, "status"}, 1).err.find("role \"nhs_analyst\" does not exist"),
            std::string::npos);
  Cairn({"--db", pg, "pg-roles", "--agency", nhs, "--login", "nhs_analyst", "--apply"});

  auto query = [&](const std::string& db, const std::string& measure, const std::string& by) {
    return Cairn({"--db", db, "query", "--measure", measure, "--by", by, "--format", "csv"}).out;
  };
  const std::string everything = query(pg, "count", "source,extract");
  const std::string own = query(analyst, "count", "source,extract");
  EXPECT_EQ(own, LinesStartingWith(everything, nhs));
  EXPECT_NE(everything.find("Fellshire Constabulary,"), std::string::npos);
  EXPECT_EQ(own.find("Fellshire Constabulary"), std::string::npos) << own;
  // People: the patients of the agency's own extract, none of the police's victims or suspects.
  const std::string people = query(analyst, "people", "role");
  EXPECT_NE(query(pg, "people", "role").find("victim,"), std::string::npos);
  EXPECT_EQ(people, LinesStartingWith(query(pg, "people", "role"), "patient"));

  pqxx::connection owner_conn(pg), analyst_conn(analyst);
  pqxx::nontransaction as_owner(owner_conn), as_analyst(analyst_conn);
  const auto count = [](pqxx::nontransaction& tx, const std::string& table) {
    return tx.exec("SELECT count(*) FROM " + table)[0][0].as<int64_t>();
  };
  EXPECT_GT(count(as_owner, "area"), 0);
  EXPECT_EQ(count(as_analyst, "area"), count(as_owner, "area"));  // aggregates: all of them
  EXPECT_EQ(count(as_owner, "batch"), 3);
  EXPECT_EQ(count(as_analyst, "batch"), 1);
  EXPECT_LT(count(as_analyst, "person"), count(as_owner, "person"));
  EXPECT_THROW(as_analyst.exec("DELETE FROM finding"), pqxx::sql_error);

  // It cannot load: the store is as it was.
  const std::string before = Cairn({"--db", pg, "status", "--json"}).out;
  CommandResult load = Cairn({"--db", analyst, "ingest", "police-uk", x + "police-uk"}, 1);
  EXPECT_NE(load.err.find("permission denied"), std::string::npos) << load.err;
  EXPECT_EQ(Cairn({"--db", pg, "status", "--json"}).out, before);
}

// Two processes load different extracts into one server store at once: both land whole, and
// their events get ids that do not overlap.
TEST(PostgresCli, TwoLoadsAtOnceBothLandWhole) {
  REQUIRE_SERVER();
  if (SharedDir().empty()) GTEST_SKIP() << "shared/data/real not present";
  TempDir dir;
  const std::string pg = server.NewDatabase();
  Cairn({"--db", pg, "--key", dir.File("k.key"), "init"});
  // The Cumbria months in two folders, one per loader.
  const std::string files = SharedDir() + "/data/real/police-uk-street/cumbria";
  namespace fs = std::filesystem;
  fs::create_directories(dir.File("a"));
  fs::create_directories(dir.File("b"));
  int n = 0;
  for (const auto& entry : fs::directory_iterator(files))
    fs::copy_file(entry.path(), dir.File(n++ % 2 ? "a/" : "b/") + entry.path().filename().string());
  CommandResult a, b;
  std::thread first([&] { a = RunCairn({"--db", pg, "ingest", "police-uk", dir.File("a")}); });
  std::thread second([&] { b = RunCairn({"--db", pg, "ingest", "police-uk", dir.File("b")}); });
  first.join();
  second.join();
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  pqxx::connection conn(pg);
  pqxx::nontransaction tx(conn);
  EXPECT_EQ(tx.exec("SELECT count(*) FROM batch")[0][0].as<int>(), n);
  // Each batch's events follow on from the one before, with no overlap and no gap.
  pqxx::result gaps = tx.exec(
      "SELECT count(*) FROM (SELECT first_event_id, rows, lag(first_event_id + rows) OVER "
      "(ORDER BY first_event_id) AS expected FROM event_chunk) c "
      "WHERE expected IS NOT NULL AND first_event_id <> expected");
  EXPECT_EQ(gaps[0][0].as<int>(), 0);
  EXPECT_EQ(tx.exec("SELECT sum(rows) FROM event_chunk")[0][0].as<int64_t>(),
            tx.exec("SELECT sum(events) FROM batch")[0][0].as<int64_t>());
  EXPECT_EQ(tx.exec("SELECT value FROM meta WHERE key = 'next_event_id'")[0][0].as<int64_t>(),
            tx.exec("SELECT sum(rows) + 1 FROM event_chunk")[0][0].as<int64_t>());
}

// `cairn ingest` into a server store killed with kill -9 at many moments, some in the middle of
// a group's transaction and some just after a group committed: the store holds whole batches only
// (each batch's events are exactly its file's rows, the event ids run on without a gap, the
// counters agree), and the next load completes to the exact total. Beside the SQLite store's test
// (IngestCli.RealDataKillNineLeavesOnlyWholeBatches); synthetic files, so that it needs nothing
// but the server.
TEST(PostgresCli, KillNineMidLoadLeavesOnlyWholeBatches) {
  REQUIRE_SERVER();
  namespace fs = std::filesystem;
  TempDir dir;
  // 4 forces x 36 months: 144 files, so a load is five groups of up to 32 files (ingest/load.cc).
  Cairn({"synth", "--out", dir.File("x"), "--only", "police-uk", "--forces", "4", "--scale", "0.1",
         "--seed", "5"});
  std::map<std::string, int64_t> file_rows;  // data rows of each file, by file name
  int64_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir.File("x"))) {
    if (entry.path().extension() != ".csv") continue;
    std::ifstream in(entry.path());
    int64_t lines = 0;
    for (std::string line; std::getline(in, line);) ++lines;
    file_rows[entry.path().filename().string()] = lines - 1;  // less the header
    total += lines - 1;
  }
  ASSERT_EQ(file_rows.size(), 144u);
  const std::string pg = server.NewDatabase();
  Cairn({"--db", pg, "--key", dir.File("k.key"), "init"});
  pqxx::connection conn(pg);
  pqxx::nontransaction tx(conn);
  auto batches = [&] { return tx.exec("SELECT count(*) FROM batch")[0][0].as<int64_t>(); };

  // Kills as soon as a group has committed (the next group's transaction has just begun), first,
  // while most files are still to load, so that at least one kill lands mid-load however fast
  // the machine is; then after fixed times (mostly inside a group's transaction).
  const std::vector<int> kDelaysMs = {-1, -1, -1, 40, 120, 250, 400, 700};
  int mid_load = 0;  // kills that left some files loaded and some not
  for (int delay_ms : kDelaysMs) {
    SCOPED_TRACE(delay_ms < 0 ? std::string("killed after a commit")
                              : "killed after " + std::to_string(delay_ms) + " ms");
    const int64_t before = batches();
    std::vector<std::string> args = {CAIRN_BINARY, "--db",      pg,
                                     "ingest",     "police-uk", dir.File("x")};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    ASSERT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
    if (delay_ms >= 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    } else {
      // Until a group lands, or the load ends (with nothing left to load, at once).
      for (int i = 0; i < 30000 && batches() == before; ++i) {
        if (waitpid(pid, nullptr, WNOHANG) == pid) {
          pid = 0;
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    if (pid != 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }

    // Every stored batch is whole: its file's rows, all of them events, in one chunk.
    int64_t stored = 0;
    for (const auto& row : tx.exec("SELECT b.file_name, b.rows_read, b.events, c.rows "
                                   "FROM batch b LEFT JOIN event_chunk c ON c.batch_id = b.id")) {
      const std::string name = fs::path(row[0].as<std::string>()).filename().string();
      ASSERT_TRUE(file_rows.count(name)) << name;
      EXPECT_EQ(row[1].as<int64_t>(), file_rows[name]) << name;
      EXPECT_EQ(row[2].as<int64_t>(), file_rows[name]) << name;
      ASSERT_FALSE(row[3].is_null()) << name << " has no events";
      EXPECT_EQ(row[3].as<int64_t>(), file_rows[name]) << name;
      stored += file_rows[name];
    }
    // The event ids run on from 1 without a gap, and the counters agree with what is stored.
    pqxx::result gaps = tx.exec(
        "SELECT count(*) FROM (SELECT first_event_id, rows, lag(first_event_id + rows) OVER "
        "(ORDER BY first_event_id) AS expected FROM event_chunk) c "
        "WHERE expected IS NOT NULL AND first_event_id <> expected");
    EXPECT_EQ(gaps[0][0].as<int>(), 0);
    EXPECT_EQ(tx.exec("SELECT value FROM meta WHERE key = 'next_event_id'")[0][0].as<int64_t>(),
              stored + 1);
    EXPECT_EQ(nlohmann::json::parse(Cairn({"--db", pg, "status", "--json"}).out)["events"], stored);
    const int64_t now = batches();
    if (now > 0 && now < static_cast<int64_t>(file_rows.size())) ++mid_load;
  }
  // The test killed loads part-way, not only before they began or after they ended.
  EXPECT_GT(mid_load, 0);
  CommandResult r = Cairn({"--db", pg, "ingest", "police-uk", dir.File("x")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(batches(), static_cast<int64_t>(file_rows.size()));
  EXPECT_EQ(tx.exec("SELECT sum(rows) FROM event_chunk")[0][0].as<int64_t>(), total);
}

TEST(PostgresCli, AServerStoreNeedsItsKeyGiven) {
  REQUIRE_SERVER();
  TempDir dir;
  const std::string pg = server.NewDatabase();
  CommandResult r = Cairn({"--db", pg, "init"}, 2);
  EXPECT_EQ(r.err, "cairn: " + pg +
                       ": a store on a PostgreSQL server has no key file beside it; give the "
                       "partnership key with --key FILE (or $CAIRN_KEY). `cairn init` creates the "
                       "key there if the file does not exist yet\n");
  // Nothing was made: the store is still to be created.
  r = Cairn({"--db", pg, "status"}, 1);
  EXPECT_EQ(r.err, "cairn: " + pg +
                       ": no Cairn store in this database. Check the location (--db or "
                       "$CAIRN_DB), or create the store with `cairn init --db " +
                       pg + "`\n");
}

TEST(PostgresCli, ANewerSchemaIsRefusedAndPasswordsAreNotShown) {
  REQUIRE_SERVER();
  TempDir dir;
  const std::string pg = server.NewDatabase();
  Cairn({"--db", pg, "--key", dir.File("k.key"), "init"});
  pqxx::connection conn(pg);
  pqxx::nontransaction(conn).exec("UPDATE cairn_schema SET version = 99");
  // The server trusts local connections, so any password does; it must not be shown.
  const std::string with_password = "postgresql://cairn:s3cret@/" + pg.substr(14);
  const std::string shown = "postgresql://cairn:***@/" + pg.substr(14);
  CommandResult r = Cairn({"--db", with_password, "status"}, 1);
  EXPECT_EQ(r.err, "cairn: " + shown +
                       ": the store was written by a newer Cairn (schema 99); upgrade Cairn to "
                       "open it\n");
}

}  // namespace

}  // namespace cairn::testing
