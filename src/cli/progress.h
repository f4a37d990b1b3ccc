// A progress bar on stderr for long loads: shown only when stderr is a terminal and the work has
// already taken more than a second; silent otherwise (scripts and CI see nothing).
#pragma once

#include <chrono>
#include <string>

namespace cairn {

class ProgressBar {
 public:
  explicit ProgressBar(std::string what);
  ~ProgressBar();
  void Update(long done, long total, const std::string& detail);
  void Finish();

 private:
  std::string what_;
  bool tty_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace cairn
