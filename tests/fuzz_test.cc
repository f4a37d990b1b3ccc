// A short, bounded fuzz pass over the readers that take text from outside: the CSV reader (and the
// police.uk reader on top of it), the expression parser, the GeoJSON boundary reader and the .xlsx
// workbook reader.
//
// Each target starts from the hostile inputs kept in tests/corpus/<target>/ (one input per file;
// a crash the fuzzer once found is added there, minimised, so it stays fixed) and runs a seeded
// mutation loop: a fixed seed and a fixed number of iterations, so every run tries the same inputs
// and a failure reproduces. Each iteration stacks one to four mutations on a corpus item: bit
// flips, byte changes, insertions and deletions, a repeated slice, a splice with another item,
// tokens of the target's syntax, interesting values (huge and tiny numbers, NaN, NUL, invalid
// UTF-8, a byte-order mark, escape sequences) and deep nesting; for GeoJSON also one JSON value
// replaced by a hostile one, so the document stays JSON and the features are read. Iterations:
// CSV 4,000, expressions 3,000, GeoJSON 400 (each GeoJSON input sets up PROJ), workbooks 200 and
// 100 for each of their XML parts: about 6 s in all under ASan+UBSan, 2 s in Release.
//
// The property checked for every input: no crash and no sanitizer report (the suite runs under
// ASan+UBSan in CI), and the input is either accepted or refused with a non-empty message. For the
// CSV reader also: both block widths split the same records, records start on increasing lines,
// the reader always moves forward, and the police.uk reader accounts for every record (events +
// rejects = rows read = records after the header).
//
// CAIRN_FUZZ_ITERATIONS and CAIRN_FUZZ_SEED (environment) run a longer or different pass by hand;
// CAIRN_FUZZ_LAST=DIR writes each input to DIR/<target>.last before trying it, to catch a crasher.
#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "define/expr.h"
#include "define/expr_test_table.h"
#include "ingest/boundaries.h"
#include "ingest/police_uk.h"
#include "ingest/xlsx.h"
#include "tests/test_util.h"
#include "util/csv.h"

namespace cairn {
namespace {

constexpr uint64_t kSeed = 0x15c0ffee;
constexpr size_t kMaxInputBytes = 64 << 10;

size_t IterationsOr(size_t fixed) {
  const char* env = std::getenv("CAIRN_FUZZ_ITERATIONS");
  return env ? std::strtoull(env, nullptr, 10) : fixed;
}

uint64_t Seed() {
  const char* env = std::getenv("CAIRN_FUZZ_SEED");
  return env ? std::strtoull(env, nullptr, 0) : kSeed;
}

std::vector<std::string> ReadCorpus(const std::string& target) {
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(CAIRN_SOURCE_DIR) +
                                                               "/tests/corpus/" + target))
    if (entry.is_regular_file()) paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> corpus;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    corpus.push_back(text.str());
  }
  return corpus;
}

// Values that break readers, whatever the syntax.
const std::vector<std::string>& InterestingValues() {
  static const std::vector<std::string> values = {
      "0",
      "-0",
      "1e308",
      "-1e308",
      "1e400",
      "-1e400",
      "1e-400",
      "1E+308",
      "9223372036854775807",
      "9223372036854775808",
      "-9223372036854775809",
      "18446744073709551616",
      "99999999999999999999999999999",
      "0.1e1",
      "NaN",
      "nan",
      "inf",
      "-Infinity",
      std::string(1, '\0'),
      "\xff",
      "\xfe\xff",
      "\xc0\x80",
      "\xed\xa0\x80",
      "\xf4\x90\x80\x80",
      "\xe2\x80\xae",
      "\xef\xbb\xbf",
      "\x1b[31m",
      "\x07",
      "\r",
      "\n",
      "\r\n",
      "\"",
      "'",
      "\\",
      "\\u0000",
      "\\ud800",
      std::string(300, 'A'),
  };
  return values;
}

// splitmix64: small, fast and the same on every platform and standard library.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }

 private:
  uint64_t state_;
};

// A mutation that knows the target's syntax (e.g. replaces one JSON value, keeping the rest valid).
using SyntaxMutation = std::function<void(std::string* input, Random* random)>;

// Mutates corpus items. `tokens` are pieces of the target's syntax; `opener` and `closer` nest;
// `syntax` (optional) is applied instead of a byte-level mutation one time in three.
class Mutator {
 public:
  Mutator(uint64_t seed, std::vector<std::string> corpus, std::vector<std::string> tokens,
          std::string opener, std::string closer, SyntaxMutation syntax = nullptr)
      : random_(seed),
        corpus_(std::move(corpus)),
        tokens_(std::move(tokens)),
        opener_(std::move(opener)),
        closer_(std::move(closer)),
        syntax_(std::move(syntax)) {}

  std::string Next() {
    std::string s = corpus_[random_.Below(corpus_.size())];
    const size_t count = 1 + random_.Below(4);
    for (size_t i = 0; i < count; ++i) MutateOnce(&s);
    if (s.size() > kMaxInputBytes) s.resize(kMaxInputBytes);
    return s;
  }

 private:
  size_t Position(const std::string& s) { return random_.Below(s.size() + 1); }

  void MutateOnce(std::string* s) {
    if (syntax_ && random_.Below(3) == 0) return syntax_(s, &random_);
    switch (random_.Below(11)) {
      case 0:  // flip a bit
        if (!s->empty())
          (*s)[random_.Below(s->size())] ^= static_cast<char>(1u << random_.Below(8));
        break;
      case 1:  // change a byte
        if (!s->empty()) (*s)[random_.Below(s->size())] = static_cast<char>(random_.Below(256));
        break;
      case 2:  // insert a byte
        s->insert(Position(*s), 1, static_cast<char>(random_.Below(256)));
        break;
      case 3: {  // delete a slice
        if (s->empty()) break;
        size_t at = random_.Below(s->size());
        s->erase(at, 1 + random_.Below(std::min<size_t>(32, s->size() - at)));
        break;
      }
      case 4: {  // repeat a slice
        if (s->empty()) break;
        size_t at = random_.Below(s->size());
        std::string slice = s->substr(at, 1 + random_.Below(64));
        size_t times = 1 + random_.Below(random_.Below(2) ? 4 : 200);
        std::string repeated;
        for (size_t i = 0; i < times && repeated.size() < kMaxInputBytes; ++i) repeated += slice;
        s->insert(Position(*s), repeated);
        break;
      }
      case 5: {  // splice: this item's start, another's end
        const std::string& other = corpus_[random_.Below(corpus_.size())];
        *s = s->substr(0, Position(*s)) + other.substr(random_.Below(other.size() + 1));
        break;
      }
      case 6:
      case 7:  // a token of the syntax
        if (!tokens_.empty()) s->insert(Position(*s), tokens_[random_.Below(tokens_.size())]);
        break;
      case 8:  // an interesting value
        s->insert(Position(*s), InterestingValues()[random_.Below(InterestingValues().size())]);
        break;
      case 9: {  // replace a number as written with an interesting one
        std::vector<size_t> starts;
        for (size_t i = 0; i < s->size(); ++i)
          if (std::isdigit(static_cast<unsigned char>((*s)[i])) &&
              (i == 0 || !std::isdigit(static_cast<unsigned char>((*s)[i - 1]))))
            starts.push_back(i);
        if (starts.empty()) break;
        size_t begin = starts[random_.Below(starts.size())], end = begin;
        while (end < s->size() && (std::isdigit(static_cast<unsigned char>((*s)[end])) ||
                                   (*s)[end] == '.' || (*s)[end] == 'e' || (*s)[end] == 'E'))
          ++end;
        static const std::vector<std::string> numbers = {"1e308",
                                                         "-1e308",
                                                         "1e400",
                                                         "-1e400",
                                                         "1e-400",
                                                         "-0",
                                                         "0",
                                                         "9223372036854775808",
                                                         "18446744073709551616",
                                                         "180.0000001",
                                                         "90.5",
                                                         "-180",
                                                         "700001",
                                                         "1300001",
                                                         "2e7"};
        s->replace(begin, end - begin, numbers[random_.Below(numbers.size())]);
        break;
      }
      case 10: {  // deep nesting
        static const size_t depths[] = {8, 64, 300, 3000};
        size_t depth = depths[random_.Below(std::size(depths))];
        std::string open, close;
        for (size_t i = 0; i < depth; ++i) open += opener_;
        if (random_.Below(2))
          for (size_t i = 0; i < depth; ++i) close += closer_;
        s->insert(Position(*s), open + InterestingValues()[random_.Below(3)] + close);
        break;
      }
    }
  }

  Random random_;
  std::vector<std::string> corpus_;
  std::vector<std::string> tokens_;
  std::string opener_, closer_;
  SyntaxMutation syntax_;
};

std::string Show(std::string_view input);

// Runs `check` on every corpus item, then on `iterations` mutants, and says how long it took and
// which input was slowest. An input that takes longer than kMaxInputSeconds is a hang.
constexpr double kMaxInputSeconds = 5;

void RunTarget(const std::string& target, Mutator mutator, const std::vector<std::string>& corpus,
               size_t iterations, const std::function<void(const std::string&)>& check) {
  using Clock = std::chrono::steady_clock;
  const char* last_dir = std::getenv("CAIRN_FUZZ_LAST");
  double slowest = 0;
  std::string slowest_input;
  auto run = [&](const std::string& input) {
    if (last_dir)
      std::ofstream(std::string(last_dir) + "/" + target + ".last", std::ios::binary) << input;
    auto begin = Clock::now();
    check(input);
    double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    EXPECT_LT(seconds, kMaxInputSeconds) << "too slow: " << Show(input);
    if (seconds > slowest) {
      slowest = seconds;
      slowest_input = input;
    }
  };
  auto begin = Clock::now();
  for (const std::string& input : corpus) run(input);
  for (size_t i = 0; i < iterations && !::testing::Test::HasFailure(); ++i) run(mutator.Next());
  std::printf("%s: %zu corpus items and %zu mutants in %.0f ms; the slowest (%.0f ms): %s\n",
              target.c_str(), corpus.size(), iterations,
              std::chrono::duration<double, std::milli>(Clock::now() - begin).count(),
              slowest * 1000, Show(slowest_input.substr(0, 120)).c_str());
}

// A printable sketch of an input, for a failure message.
std::string Show(std::string_view input) {
  std::string out;
  for (unsigned char c : input.substr(0, 400)) {
    char buf[8];
    if (c >= 0x20 && c < 0x7f && c != '\\') {
      out += static_cast<char>(c);
    } else {
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out + (input.size() > 400 ? "... (" + std::to_string(input.size()) + " bytes)" : "");
}

// --- CSV -----------------------------------------------------------------------------------------

struct CsvPass {
  std::vector<std::vector<std::string>> records;
  std::vector<long> lines;
  Status status;
};

CsvPass ReadCsv(std::string_view input, bool wide) {
  CsvReader::UseWideBlocksForTesting(wide);
  CsvReader reader(input);
  CsvRecord record;
  CsvPass pass;
  size_t last_offset = 0;
  while (reader.Next(&record)) {
    EXPECT_GT(reader.offset(), last_offset) << "the reader did not move forward: " << Show(input);
    EXPECT_LE(reader.offset(), reader.size()) << Show(input);
    if (reader.offset() <= last_offset || pass.records.size() > input.size()) break;
    last_offset = reader.offset();
    EXPECT_FALSE(record.fields.empty()) << Show(input);
    EXPECT_TRUE(record.raw.data() >= input.data() &&
                record.raw.data() + record.raw.size() <= input.data() + input.size())
        << "the raw record is not inside the data: " << Show(input);
    if (!pass.lines.empty()) {
      EXPECT_GT(record.line, pass.lines.back()) << "lines must increase: " << Show(input);
    }
    pass.lines.push_back(record.line);
    pass.records.emplace_back(record.fields.begin(), record.fields.end());
  }
  pass.status = reader.status();
  if (!pass.status.ok()) {
    EXPECT_FALSE(pass.status.message().empty()) << Show(input);
  } else {
    EXPECT_EQ(reader.offset(), reader.size()) << "stopped early without a word: " << Show(input);
  }
  CsvReader::UseWideBlocksForTesting(true);
  return pass;
}

void CheckCsv(const std::string& input) {
  CsvPass narrow = ReadCsv(input, false);
  CsvPass wide = ReadCsv(input, true);
  EXPECT_EQ(narrow.records, wide.records) << "16- and 32-byte blocks differ: " << Show(input);
  EXPECT_EQ(narrow.lines, wide.lines) << Show(input);
  EXPECT_EQ(narrow.status.message(), wide.status.message()) << Show(input);

  auto batch = ReadPoliceUk("fuzz.csv", input);
  if (!batch.ok()) {
    EXPECT_GT(batch.status().message().size(), std::string("fuzz.csv: ").size()) << Show(input);
    return;
  }
  EXPECT_TRUE(narrow.status.ok()) << Show(input);
  EXPECT_EQ(batch->rows_read, static_cast<long>(narrow.records.size()) - 1)
      << "every record after the header is a row read: " << Show(input);
  EXPECT_EQ(static_cast<long>(batch->events.size()) + static_cast<long>(batch->rejects.size()),
            batch->rows_read)
      << "every row read is an event or a reject: " << Show(input);
  for (const Reject& reject : batch->rejects) EXPECT_FALSE(reject.reason.empty()) << Show(input);
}

TEST(Fuzz, CsvReaderAndPoliceUkRows) {
  std::vector<std::string> corpus = ReadCorpus("csv");
  ASSERT_FALSE(corpus.empty());
  Mutator mutator(Seed(), corpus,
                  {",", "\"", "\"\"", ",\"", "\",", "\n", "\r\n", "\r", ";", "\t", kPoliceUkHeader,
                   "\n,2024-01,F,F,,,No Location,,,Anti-social behaviour,,\n"},
                  "\"", "\"");
  RunTarget("csv", std::move(mutator), corpus, IterationsOr(4000), CheckCsv);
  // No data at all, not even a pointer: memchr(nullptr, ..., 0) was undefined (UBSan).
  EXPECT_TRUE(ReadCsv(std::string_view(), false).records.empty());
  EXPECT_TRUE(ReadCsv(std::string_view(), true).records.empty());
}

// --- Expressions ---------------------------------------------------------------------------------

const Frame& ExprFrame() {
  static const Frame frame = [] {
    auto f = expr_test::FrameFromTable(
        {"category", "victim.age", "victim.sex", "kind", "marker.knife", "start", "end", "lsoa"},
        {{"Robbery", "17", "female", "crime", "true", "2024-01-05 23:10", "2024-01-06 01:00",
          "E01019188"},
         {"Burglary", "", "unknown", "asb", "false", "2024-03-01", "", ""},
         {"", "70", "male", "incident", "", "", "", "E01000001"}});
    EXPECT_TRUE(f.ok()) << f.status().message();
    return f.ok() ? std::move(f).value() : Frame();
  }();
  return frame;
}

void CheckExpression(const std::string& input, const Definitions& definitions) {
  auto expr = ParseExpr(input);
  if (!expr.ok()) {
    EXPECT_TRUE(expr.status().message().starts_with("column ")) << expr.status().message();
    EXPECT_GT(expr.status().message().size(), std::string("column 1: ").size()) << Show(input);
    return;
  }
  // The canonical form parses to the same canonical form.
  const std::string canonical = ToString(*expr);
  auto again = ParseExpr(canonical);
  EXPECT_TRUE(again.ok()) << "the canonical form " << Show(canonical) << " of " << Show(input)
                          << " does not parse: " << again.status().message();
  if (again.ok()) {
    EXPECT_EQ(ToString(*again), canonical) << Show(input);
  }
  Status checked = CheckExpr(*expr, definitions);
  auto predicate = Compile(*expr, ExprFrame(), definitions);
  if (!predicate.ok()) {
    EXPECT_FALSE(predicate.status().message().empty()) << Show(input);
    return;
  }
  EXPECT_TRUE(checked.ok()) << "compiles but CheckExpr says " << checked.message() << ": "
                            << Show(input);
  EXPECT_EQ(predicate->Mask(ExprFrame()).size(), ExprFrame().rows) << Show(input);
}

TEST(Fuzz, ExprParser) {
  std::vector<std::string> corpus = ReadCorpus("expr");
  ASSERT_FALSE(corpus.empty());
  Definitions definitions;
  ASSERT_TRUE(definitions.Add("serious_violence", "category in (\"Robbery\", \"Assault\")").ok());
  ASSERT_TRUE(definitions.Add("loop_a", "loop_b or marker.knife").ok());
  ASSERT_TRUE(definitions.Add("loop_b", "loop_a").ok());
  Mutator mutator(Seed(), corpus,
                  {" and ",
                   " or ",
                   " not ",
                   " in ",
                   "(",
                   ")",
                   ",",
                   "=",
                   "!=",
                   "<=",
                   ">",
                   "\"",
                   "'",
                   "\\'",
                   "category",
                   "victim.age",
                   "marker.knife",
                   "hour()",
                   "weekday()",
                   "age_band(",
                   "days_between(start, end)",
                   "loop_a",
                   "serious_violence",
                   "-",
                   "."},
                  "(", ")");
  RunTarget("expr", std::move(mutator), corpus, IterationsOr(3000),
            [&](const std::string& input) { CheckExpression(input, definitions); });
}

// --- GeoJSON boundaries --------------------------------------------------------------------------

void CheckBoundaries(const std::string& input, const BoundaryOptions& options) {
  BoundaryCrs crs;
  auto batch = ReadBoundaries(options, "fuzz.geojson", input, &crs);
  if (!batch.ok()) {
    EXPECT_GT(batch.status().message().size(), std::string("fuzz.geojson: ").size()) << Show(input);
    return;
  }
  EXPECT_FALSE(crs.crs.empty()) << Show(input);
  // Every feature is a shape, part of an earlier feature's shape (noted) or a reject.
  const long merged =
      std::count_if(batch->findings.begin(), batch->findings.end(), [](const std::string& finding) {
        return finding.find(" appears in feature ") != std::string::npos;
      });
  EXPECT_EQ(batch->rows_read,
            static_cast<long>(batch->shapes.size() + batch->rejects.size()) + merged)
      << "features neither loaded nor rejected: " << Show(input);
  for (const Reject& reject : batch->rejects) EXPECT_FALSE(reject.reason.empty()) << Show(input);
  for (const AreaShape& shape : batch->shapes) {
    EXPECT_FALSE(shape.lsoa_code.empty()) << Show(input);
    for (const auto& ring : shape.rings) {
      EXPECT_GE(ring.size(), 3u) << Show(input);
      for (const auto& [e, n] : ring)
        EXPECT_TRUE(e >= 0 && e <= 700000 && n >= 0 && n <= 1300000)
            << "a vertex outside British National Grid: " << e << ", " << n << ": " << Show(input);
    }
  }
}

// Replaces one value of a JSON document with a hostile one, so the document stays JSON and the
// reader gets past parsing to the features. Leaves text that is not JSON alone.
void ReplaceOneJsonValue(std::string* input, Random* random) {
  nlohmann::json root = nlohmann::json::parse(*input, nullptr, false);
  if (root.is_discarded()) return;
  std::vector<nlohmann::json*> nodes;
  std::function<void(nlohmann::json&, int)> walk = [&](nlohmann::json& node, int depth) {
    nodes.push_back(&node);
    if (depth < 40 && node.is_structured())
      for (auto& child : node) walk(child, depth + 1);
  };
  walk(root, 0);
  using nlohmann::json;
  static const std::vector<json> values = {
      nullptr,
      true,
      0,
      -0.0,
      1e308,
      -1e308,
      4.9e-324,
      180.0000001,
      -90.5,
      700000.1,
      2.1e7,
      9223372036854775807LL,
      18446744073709551615ULL,
      "",
      "<script>alert(1)</script>",
      std::string("E01\0\x1b[31m", 9),
      "\xff\xfe",
      "E01019188",
      "Polygon",
      "MultiPolygon",
      "Point",
      "FeatureCollection",
      "urn:ogc:def:crs:EPSG::27700",
      "EPSG:3857",
      json::array(),
      json::object(),
      json::array({1}),
      json::array({-2.95, 54.89}),
      json::array({1e308, -1e308}),
      json::array({json::array({-2.95, 54.89}), json::array({-2.94, 54.90}),
                   json::array({-2.94, 54.89}), json::array({-2.95, 54.90}),
                   json::array({-2.95, 54.89})})};
  json* node = nodes[random->Below(nodes.size())];
  if (node->is_array() && !node->empty() && random->Below(2)) {  // repeat or drop an element
    if (random->Below(2))
      node->push_back((*node)[random->Below(node->size())]);
    else
      node->erase(random->Below(node->size()));
  } else {
    *node = values[random->Below(values.size())];
  }
  *input = root.dump(-1, ' ', false, json::error_handler_t::replace);
}

TEST(Fuzz, GeoJsonBoundaries) {
  std::vector<std::string> corpus = ReadCorpus("geojson");
  ASSERT_FALSE(corpus.empty());
  Mutator mutator(Seed(), corpus,
                  {"[",
                   "]",
                   "{",
                   "}",
                   ",",
                   ":",
                   "\"",
                   "null",
                   "true",
                   "[]",
                   "{}",
                   "\"type\":",
                   "\"Polygon\"",
                   "\"MultiPolygon\"",
                   "\"coordinates\":",
                   "\"lsoa11cd\":",
                   "\"features\":",
                   "\"crs\":",
                   "[-2.95,54.89]",
                   "[339160.9,555442.1]",
                   "\\u0000",
                   "\"\\ud800\""},
                  "[", "]", ReplaceOneJsonValue);
  static const char* const kCrs[] = {"", "", "", "EPSG:4326", "27700", "EPSG:3857", "nonsense"};
  size_t call = 0;
  RunTarget("geojson", std::move(mutator), corpus, IterationsOr(400),
            [&](const std::string& input) {
              BoundaryOptions options;
              options.crs = kCrs[call++ % std::size(kCrs)];
              CheckBoundaries(input, options);
            });
}

// --- Workbooks
// -------------------------------------------------------------------------------------

// Opens the bytes as a workbook and reads every sheet: refused with a message naming the file, or
// read with rows in increasing order, no row wider than XFD and every problem on a real column.
void CheckXlsx(const std::string& input) {
  auto book = XlsxWorkbook::Open(input, "fuzz.xlsx");
  if (!book.ok()) {
    EXPECT_EQ(book.status().message().rfind("fuzz.xlsx", 0), 0u) << Show(input);
    return;
  }
  for (size_t sheet = 0; sheet < book->sheet_names().size(); ++sheet) {
    long last = 0;
    Status st = book->ForEachRow(static_cast<int>(sheet), [&](const XlsxRow& row) {
      EXPECT_GT(row.number, last) << Show(input);
      last = row.number;
      EXPECT_LE(row.cells.size(), 16384u) << Show(input);
      EXPECT_TRUE(row.cells.empty() || !row.cells.back().empty()) << Show(input);
      for (const auto& [col, why] : row.problems) {
        EXPECT_TRUE(col >= 0 && col < 16384) << Show(input);
        EXPECT_FALSE(why.empty()) << Show(input);
      }
      return true;
    });
    if (!st.ok()) {
      EXPECT_EQ(st.message().rfind("fuzz.xlsx", 0), 0u) << Show(input);
    }
    auto merged = book->MergedCells(static_cast<int>(sheet));
    if (!merged.ok()) {
      EXPECT_FALSE(merged.status().message().empty()) << Show(input);
    }
    (void)book->FindSheet(book->sheet_names()[sheet]);
  }
}

// The parts of a zip archive, in order, or of a new one built from them (libzip, deflated).
std::vector<std::pair<std::string, std::string>> Unzip(const std::string& bytes) {
  std::vector<std::pair<std::string, std::string>> parts;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  EXPECT_NE(archive, nullptr) << zip_error_strerror(&error);
  for (zip_int64_t i = 0; archive && i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &st);
    std::string text(st.size, '\0');
    zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(i), 0);
    zip_fread(file, text.data(), st.size);
    zip_fclose(file);
    parts.emplace_back(st.name, std::move(text));
  }
  if (archive) zip_discard(archive);
  zip_error_fini(&error);
  return parts;
}

std::string Zip(const std::vector<std::pair<std::string, std::string>>& parts) {
  std::vector<cairn::testing::ZipPart> files;
  for (const auto& [name, text] : parts) files.push_back({name, text});
  return cairn::testing::ZipInMemory(files);
}

const std::vector<std::string>& XmlTokens() {
  static const std::vector<std::string> tokens = {"<",
                                                  ">",
                                                  "/>",
                                                  "</row>",
                                                  "<row>",
                                                  "<row r=\"1\">",
                                                  "<c>",
                                                  "</c>",
                                                  "<c r=\"XFD1\">",
                                                  "<c r=\"A1048577\">",
                                                  " t=\"s\"",
                                                  " t=\"e\"",
                                                  " t=\"b\"",
                                                  " t=\"inlineStr\"",
                                                  " s=\"1\"",
                                                  " s=\"99999999999\"",
                                                  "<v>",
                                                  "</v>",
                                                  "<v>99999999</v>",
                                                  "<v>-1e308</v>",
                                                  "<f>",
                                                  "</f>",
                                                  "<is><t>",
                                                  "</t></is>",
                                                  "<rPh>",
                                                  "</rPh>",
                                                  "<si>",
                                                  "</si>",
                                                  "&amp;",
                                                  "&#0;",
                                                  "&#xD800;",
                                                  "<!DOCTYPE x [<!ENTITY a \"b\">]>",
                                                  "<![CDATA[",
                                                  "]]>",
                                                  "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
                                                  "r:id=\"rId9\"",
                                                  "<mergeCell ref=\"A1:XFE2\"/>",
                                                  "<mergeCell ref=\"B2\"/>",
                                                  "numFmtId=\"14\"",
                                                  "formatCode=\"\\\"",
                                                  "date1904=\"1\"",
                                                  "Target=\"../../../etc\"",
                                                  "Target=\"\""};
  return tokens;
}

// Whole workbooks mutated byte by byte (one stored and one deflated, from
// tests/corpus/xlsx/make_fixtures.py: mostly refused as damaged zips), then each XML part of the
// stored one mutated as text and zipped again, so the mutants reach the XML readers.
TEST(Fuzz, XlsxWorkbooks) {
  std::vector<std::string> corpus;
  for (const std::string& item : ReadCorpus("xlsx"))
    if (item.rfind("PK", 0) == 0) corpus.push_back(item);
  ASSERT_EQ(corpus.size(), 2u);
  Mutator mutator(Seed(), corpus, {"PK\x03\x04", "PK\x01\x02", "PK\x05\x06"}, "PK", "");
  RunTarget("xlsx", std::move(mutator), corpus, IterationsOr(200), CheckXlsx);

  const auto parts = Unzip(corpus[1].size() > corpus[0].size() ? corpus[1] : corpus[0]);
  for (size_t part = 0; part < parts.size(); ++part) {
    if (parts[part].first.find(".xml") == std::string::npos) continue;
    const std::vector<std::string> xml = {parts[part].second};
    RunTarget("xlsx " + parts[part].first, Mutator(Seed() + part, xml, XmlTokens(), "<c>", "</c>"),
              xml, IterationsOr(100), [&](const std::string& input) {
                auto mutated = parts;
                mutated[part].second = input;
                CheckXlsx(Zip(mutated));
              });
  }
}

}  // namespace
}  // namespace cairn
