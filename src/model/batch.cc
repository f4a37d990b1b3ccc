#include "model/batch.h"

#include <cmath>

#include "util/dates.h"

namespace cairn {

uint32_t StringColumn::Intern(std::string_view value) {
  if (value.empty()) return 0;
  if (dict_[last_code_] == value) return last_code_;
  auto it = index_.find(value);
  if (it != index_.end()) return last_code_ = it->second;
  uint32_t code = static_cast<uint32_t>(dict_.size());
  dict_.emplace_back(value);
  index_.emplace(dict_.back(), code);
  return last_code_ = code;
}

void StringColumn::AppendDistinct(std::string_view value) {
  if (value.empty()) {
    codes_.push_back(0);
    return;
  }
  codes_.push_back(static_cast<uint32_t>(dict_.size()));
  dict_.emplace_back(value);
}

void StringColumn::Append(std::string_view value) { codes_.push_back(Intern(value)); }

void StringColumn::Assign(std::vector<std::string> dict, std::vector<uint32_t> codes) {
  dict_ = std::move(dict);
  if (dict_.empty()) dict_.emplace_back();
  codes_ = std::move(codes);
  index_.clear();
  last_code_ = 0;
}

void EventColumns::AppendEmptyRow(EventKind k, uint32_t line) {
  kind.push_back(static_cast<uint8_t>(k));
  month.push_back(kNoMonth);
  start_minute.push_back(kNoTime);
  end_minute.push_back(kNoTime);
  longitude.push_back(NAN);
  latitude.push_back(NAN);
  markers.push_back(0);
  source_line.push_back(line);
  for (StringColumn* c : {&reference, &force, &reported_by, &location, &lsoa_code, &lsoa_name,
                          &category, &offence_code, &outcome, &context, &weapon})
    c->AppendCode(0);
}

uint32_t Batch::AddPerson(const Pseudonym& p) {
  std::string key(reinterpret_cast<const char*>(p.data()), p.size());
  auto it = person_index_.find(key);
  if (it != person_index_.end()) return it->second;
  uint32_t idx = static_cast<uint32_t>(persons.size());
  persons.push_back(p);
  person_index_.emplace(std::move(key), idx);
  return idx;
}

}  // namespace cairn
