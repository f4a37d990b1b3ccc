#include "analysis/selection.h"

namespace cairn {

Result<std::vector<uint8_t>> PrepareSelection(const Frame& frame, const std::string& where,
                                              QuerySpec& spec, const std::string& harm_scheme) {
  (void)frame;
  (void)spec;
  (void)harm_scheme;
  if (!where.empty()) return Status::Usage("--where is not supported yet");
  return std::vector<uint8_t>();
}

}  // namespace cairn
