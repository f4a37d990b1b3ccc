// cairn: turns partner extracts into the Serious Violence Duty's needs assessment, KPIs and lists.
// This file only sets the process up and hands the command line to src/cli/run_command.cc.
#include <malloc.h>

#include <string>
#include <vector>

#include "cli/command.h"

int main(int argc, char** argv) {
  // A load allocates each batch's columns afresh and frees them once committed: keep freed memory
  // in the heap for the next batch instead of handing it back to the kernel and faulting it in
  // again. A process-wide choice, so it is made here and not in the library.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  return cairn::RunCommandLine(std::vector<std::string>(argv + 1, argv + argc));
}
