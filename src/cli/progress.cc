#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace cairn {

ProgressBar::ProgressBar(std::string what)
    : what_(std::move(what)),
      tty_(::isatty(2) == 1),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Update(long done, long total, const std::string& detail) {
  if (!tty_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1)) return;
  if (shown_ && now - last_ < std::chrono::milliseconds(100) && done != total) return;
  last_ = now;
  shown_ = true;
  constexpr int kWidth = 30;
  int filled = total > 0 ? static_cast<int>(kWidth * done / total) : 0;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(kWidth, ' ');
  std::fprintf(stderr, "\r%s [%s] %ld/%ld %s\033[K", what_.c_str(), bar.c_str(), done, total,
               detail.c_str());
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (shown_) std::fprintf(stderr, "\r\033[K");
  shown_ = false;
}

}  // namespace cairn
