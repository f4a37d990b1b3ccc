#include "ingest/reidentify.h"

#include <algorithm>

#include "ingest/profile_rows.h"
#include "util/csv.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {

Result<NamesByPseudonym> NamesInExtract(const Profile& profile, const std::string& file_name,
                                        std::string_view data, const PartnershipKey& key) {
  std::string converted;
  if (profile.windows_1252) {
    converted = Windows1252ToUtf8(data);
    data = converted;
  }
  CsvReader reader(StripBom(data), profile.delimiter);
  CsvRecord record;
  if (!reader.Next(&record)) return Status::Invalid(file_name + ": no header line");
  const std::vector<std::string> header(record.fields.begin(), record.fields.end());
  const HeaderIndex index(header);
  std::vector<std::vector<int>> groups;
  for (const PersonSpec& person : profile.people) {
    if (person.link.empty()) continue;
    std::vector<int> cols;
    for (const auto& column : person.link) {
      int col = index.Find(column);
      if (col < 0)
        return Status::Invalid(file_name + ": no column \"" + column +
                               "\", which the profile links people by");
      cols.push_back(col);
    }
    groups.push_back(std::move(cols));
  }
  if (groups.empty())
    return Status::Invalid(
        "the profile links no people by identifier columns, so its extract "
        "cannot be matched to a list");
  NamesByPseudonym names;
  while (reader.Next(&record)) {
    for (const auto& cols : groups) {
      std::vector<std::string_view> values;
      for (int col : cols)
        values.push_back(static_cast<size_t>(col) < record.fields.size() ? Trim(record.fields[col])
                                                                         : std::string_view());
      if (std::all_of(values.begin(), values.end(), [](auto v) { return v.empty(); })) continue;
      std::vector<std::string> shown(values.begin(), values.end());
      names.emplace(PseudonymToHex(MakePseudonym(key, values)), Join(shown, " "));
    }
  }
  if (!reader.status().ok()) return reader.status().WithContext(file_name);
  return names;
}

Result<std::string> AddPartnerNames(const std::string& list_name, std::string_view list_csv,
                                    const NamesByPseudonym& names, size_t* matched) {
  *matched = 0;
  CsvReader reader(StripBom(list_csv));
  CsvRecord record;
  if (!reader.Next(&record)) return Status::Invalid(list_name + ": the list is empty");
  std::vector<std::string> header(record.fields.begin(), record.fields.end());
  auto person = std::find(header.begin(), header.end(), "person");
  if (person == header.end())
    return Status::Invalid(list_name +
                           ": no `person` column; expected a list written by `cairn list`");
  const size_t at = static_cast<size_t>(person - header.begin()) + 1;
  header.insert(header.begin() + static_cast<long>(at), "partner_record");
  std::string out = CsvLine(header);
  while (reader.Next(&record)) {
    std::vector<std::string> row(record.fields.begin(), record.fields.end());
    if (row.size() + 1 != header.size())
      return Status::Invalid(list_name + " line " + std::to_string(record.line) + ": the row has " +
                             std::to_string(row.size()) + " fields, the header " +
                             std::to_string(header.size() - 1));
    auto it = names.find(row[at - 1]);
    row.insert(row.begin() + static_cast<long>(at), it == names.end() ? "" : it->second);
    *matched += it != names.end();
    out += CsvLine(row);
  }
  if (!reader.status().ok()) return reader.status().WithContext(list_name);
  return out;
}

}  // namespace cairn
