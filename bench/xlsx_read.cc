// Reads one sheet of a workbook with XlsxWorkbook and prints what it saw and how long it took, for
// bench/xlsx_bench.sh:
//   cairn_xlsx_read FILE [SHEET]   ->   rows=1000001 cells=8000008 problems=0 read_seconds=1.234
// The seconds are measured around Open and ForEachRow only: the file is read into memory first.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "ingest/xlsx.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: cairn_xlsx_read FILE [SHEET]\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  std::stringstream bytes;
  bytes << in.rdbuf();
  const std::string data = bytes.str();

  auto begin = std::chrono::steady_clock::now();
  auto book = cairn::XlsxWorkbook::Open(data, argv[1]);
  if (!book.ok()) {
    std::fprintf(stderr, "%s\n", book.status().message().c_str());
    return 1;
  }
  auto sheet = book->FindSheet(argc == 3 ? argv[2] : "#1");
  if (!sheet.ok()) {
    std::fprintf(stderr, "%s\n", sheet.status().message().c_str());
    return 1;
  }
  long rows = 0, cells = 0, problems = 0;
  cairn::Status st = book->ForEachRow(*sheet, [&](const cairn::XlsxRow& row) {
    ++rows;
    for (const std::string& cell : row.cells) cells += !cell.empty();
    problems += static_cast<long>(row.problems.size());
    return true;
  });
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  if (!st.ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    return 1;
  }
  std::printf("rows=%ld cells=%ld problems=%ld read_seconds=%.3f\n", rows, cells, problems,
              seconds);
  return 0;
}
