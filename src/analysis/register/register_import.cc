// CheckRegisterSheets: every row of a register sheet checked like a row of an extract, good rows
// kept, bad rows kept aside with where and why.
#include <algorithm>
#include <set>
#include <tuple>

#include "analysis/register/register.h"
#include "util/strings.h"

namespace cairn {

namespace {

struct Candidate {
  const RegisterSheet* sheet = nullptr;
  long line = 0;
  const RegisterKind* kind = nullptr;
  RegisterRevision revision;
  std::map<std::string, std::string> labels;  // column -> "answers (column B)", for messages
  bool rejected = false;
};

std::string HeaderName(std::string_view cell) {
  std::string name = ToLower(Trim(cell));
  std::replace(name.begin(), name.end(), ' ', '_');
  return name;
}

std::string ColumnLetter(int col) {
  std::string name;
  for (int c = col + 1; c > 0; c = (c - 1) / 26) name.insert(name.begin(), 'A' + (c - 1) % 26);
  return name;
}

std::string WithArticle(const std::string& noun) {
  const bool vowel = !noun.empty() && std::string("aeiou").find(noun[0]) != std::string::npos;
  return (vowel ? "an " : "a ") + noun;
}

// "a recommendation, lesson or engagement"
std::string Alternatives(const std::vector<std::string>& kinds) {
  std::string out = WithArticle(kinds.at(0));
  for (size_t i = 1; i < kinds.size(); ++i)
    out += (i + 1 == kinds.size() ? " or " : ", ") + kinds[i];
  return out;
}

class SheetChecker {
 public:
  // `rejected_ids`: the id of each row rejected, and where, so a row pointing at it can say so.
  SheetChecker(const RegisterSheet& sheet, const RegisterRules& rules, const KpiCatalogue& kpis,
               const std::string& recorded_by, RegisterImport* out,
               std::map<std::string, std::string>* rejected_ids)
      : sheet_(sheet),
        rules_(rules),
        kpis_(kpis),
        recorded_by_(recorded_by),
        out_(out),
        rejected_ids_(rejected_ids) {}

  void Check(std::vector<Candidate>* candidates) {
    if (sheet_.rows.empty()) {
      out_->notes.push_back(Where() + " is empty: nothing read from it");
      return;
    }
    ReadHeader();
    const RegisterKind* fixed = nullptr;
    if (kind_column_ < 0) {
      fixed = FindRegisterKind(sheet_.kind);
      if (!fixed) {
        out_->notes.push_back(Where() + " was skipped: \"" + sheet_.kind +
                              "\" is not a register kind (" + KindNames() +
                              ") and the sheet has no kind column");
        return;
      }
      if (!HasRequiredColumns(*fixed)) return;
    }
    NoteUnknownColumns(fixed);
    MarkMerges();
    for (size_t i = 1; i < sheet_.rows.size(); ++i) {
      const SheetRow& row = sheet_.rows[i];
      if (IsBlank(row)) continue;
      CheckRow(row, fixed, candidates);
    }
  }

 private:
  std::string RowPlace(long line) const {
    return sheet_.sheet.empty() ? "line " + std::to_string(line)
                                : "sheet " + sheet_.sheet + ", row " + std::to_string(line);
  }
  std::string Where() const {
    return sheet_.sheet.empty() ? sheet_.file : sheet_.file + ", sheet " + sheet_.sheet;
  }
  std::string ColumnLabel(int col) const {
    const std::string name = col < static_cast<int>(header_.size()) ? header_[col] : "";
    if (sheet_.sheet.empty()) return name;
    return name + " (column " + ColumnLetter(col) + ")";
  }
  static std::string KindNames() {
    std::vector<std::string> names;
    for (const RegisterKind& k : RegisterKinds()) names.push_back(k.plural);
    return Join(names, ", ");
  }
  void Reject(long line, const std::string& column, const std::string& reason) {
    out_->rejects.push_back({sheet_.file, sheet_.sheet, line, column, reason});
  }

  void ReadHeader() {
    for (size_t c = 0; c < sheet_.rows[0].cells.size(); ++c) {
      header_.push_back(HeaderName(sheet_.rows[0].cells[c]));
      if (header_.back() == "kind") kind_column_ = static_cast<int>(c);
      if (!header_.back().empty()) column_of_.emplace(header_.back(), static_cast<int>(c));
    }
  }

  bool HasRequiredColumns(const RegisterKind& kind) {
    std::vector<std::string> missing, all;
    for (const RegisterColumn& c : kind.columns) {
      all.push_back(c.name);
      if (c.required && !column_of_.count(c.name)) missing.push_back(c.name);
    }
    if (missing.empty()) return true;
    Reject(sheet_.rows[0].line, "",
           "the header has no column " + Join(missing, ", ") + ": a sheet of " + kind.plural +
               " has the columns " + Join(all, ", ") +
               " (`cairn register template` writes one); nothing was read from this sheet");
    return false;
  }

  void NoteUnknownColumns(const RegisterKind* fixed) {
    for (size_t c = 0; c < header_.size(); ++c) {
      const std::string& name = header_[c];
      if (name == "kind" || name.empty()) continue;
      bool known = false;
      for (const RegisterKind& k : RegisterKinds())
        if ((!fixed || fixed == &k) && k.Column(name)) known = true;
      if (!known)
        out_->notes.push_back(Where() + ": column " + ColumnLetter(static_cast<int>(c)) + " \"" +
                              sheet_.rows[0].cells[c] +
                              "\" is not a register column; its values were not kept");
    }
  }

  // A merged range gives its value to its first cell only: the rows it covers below the first
  // would read as blank, so they are rejected rather than silently losing the value.
  void MarkMerges() {
    const long header_line = sheet_.rows[0].line;
    for (const SheetMerge& m : sheet_.merges) {
      if (m.last_row <= header_line) continue;
      const long from = m.first_col == m.last_col ? std::max(m.first_row + 1, header_line + 1)
                                                  : std::max(m.first_row, header_line + 1);
      for (long r = from; r <= m.last_row; ++r)
        merged_[r] = "cell " + ColumnLetter(m.first_col) + std::to_string(r) +
                     " is in merged cells " + m.name +
                     ", which hold a value in their first cell only: unmerge them and fill "
                     "each row";
    }
  }

  static bool IsBlank(const SheetRow& row) {
    return row.problems.empty() &&
           std::all_of(row.cells.begin(), row.cells.end(),
                       [](const std::string& c) { return Trim(c).empty(); });
  }

  std::string Cell(const SheetRow& row, int col) const {
    return col >= 0 && col < static_cast<int>(row.cells.size()) ? row.cells[col] : "";
  }

  void CheckRow(const SheetRow& row, const RegisterKind* fixed, std::vector<Candidate>* out) {
    Candidate c;
    c.sheet = &sheet_;
    c.line = row.line;
    c.kind = fixed;
    if (!c.kind) {
      c.kind = FindRegisterKind(Cell(row, kind_column_));
      if (!c.kind) {
        Reject(row.line, ColumnLabel(kind_column_),
               "expected a register kind (" + KindNames() + "); got \"" +
                   Abbreviate(Cell(row, kind_column_)) + "\"");
        return;
      }
    }
    bool ok = true;
    if (auto m = merged_.find(row.line); m != merged_.end()) {
      Reject(row.line, "", m->second);
      ok = false;
    }
    for (const auto& [col, why] : row.problems) {
      Reject(row.line, ColumnLabel(col), why);
      ok = false;
    }
    for (const RegisterColumn& column : c.kind->columns) ok = ReadField(row, column, &c) && ok;
    if (!fixed) ok = NoForeignValues(row, *c.kind) && ok;
    ok = ok && KindRules(row.line, c);
    if (!ok) {
      if (auto id = c.revision.fields.find("id"); id != c.revision.fields.end())
        rejected_ids_->emplace(id->second, RowPlace(row.line));
      return;
    }
    c.revision.item = c.revision.fields["id"];
    c.revision.fields.erase("id");
    c.revision.kind = c.kind->name;
    c.revision.recorded_by = recorded_by_;
    c.revision.origin = sheet_.file + ", " + RowPlace(row.line);
    for (const auto& [name, col] : column_of_) c.labels[name] = ColumnLabel(col);
    out->push_back(std::move(c));
  }

  bool ReadField(const SheetRow& row, const RegisterColumn& column, Candidate* c) {
    auto it = column_of_.find(column.name);
    const int col = it == column_of_.end() ? -1 : it->second;
    for (const auto& [p, why] : row.problems)
      if (p == col) return false;  // already said
    const std::string text(Trim(Cell(row, col)));
    if (text.empty()) {
      if (!column.required) return true;
      Reject(row.line, col < 0 ? column.name : ColumnLabel(col),
             "required, and empty: " + column.help);
      return false;
    }
    auto value = ReadRegisterValue(column, text, rules_, kpis_);
    if (!value.ok()) {
      Reject(row.line, ColumnLabel(col), value.status().message());
      return false;
    }
    c->revision.fields[column.name] = *value;
    return true;
  }

  // A sheet holding several kinds: a value in a column the row's kind does not have would be lost.
  bool NoForeignValues(const SheetRow& row, const RegisterKind& kind) {
    bool ok = true;
    for (size_t col = 0; col < header_.size(); ++col) {
      if (static_cast<int>(col) == kind_column_ || header_[col].empty()) continue;
      if (kind.Column(header_[col]) || Trim(Cell(row, static_cast<int>(col))).empty()) continue;
      Reject(row.line, ColumnLabel(static_cast<int>(col)),
             WithArticle(kind.name) + " has no column \"" + header_[col] +
                 "\"; the value would be lost");
      ok = false;
    }
    return ok;
  }

  // What one column alone cannot say.
  bool KindRules(long line, const Candidate& c) {
    const auto& f = c.revision.fields;
    auto has = [&](const char* name) { return f.count(name) > 0; };
    if (c.kind->name == "recommendation") {
      if (f.at("source") == "inspection" && !has("inspection")) {
        Reject(line, "inspection", "the source is an inspection: give the inspection's id");
        return false;
      }
      if (f.at("status") == "closed" && !has("response")) {
        Reject(line, "response",
               "a recommendation closed without action needs the reason in response (Police Act "
               "1996 s.55(5B): the action taken or proposed, or why none)");
        return false;
      }
    }
    if (c.kind->name == "inspection" && has("response_published") &&
        f.at("response_published") < f.at("published")) {
      Reject(line, "response_published", "is before the report was published");
      return false;
    }
    return true;
  }

  const RegisterSheet& sheet_;
  const RegisterRules& rules_;
  const KpiCatalogue& kpis_;
  const std::string& recorded_by_;
  RegisterImport* out_;
  std::map<std::string, std::string>* rejected_ids_;
  std::vector<std::string> header_;
  std::map<std::string, int> column_of_;
  int kind_column_ = -1;
  std::map<long, std::string> merged_;
};

std::string RowName(const Candidate& c) {
  return c.sheet->sheet.empty() ? "line " + std::to_string(c.line)
                                : "sheet " + c.sheet->sheet + " row " + std::to_string(c.line);
}

void RejectCandidate(Candidate* c, const std::string& column, const std::string& reason,
                     RegisterImport* out) {
  c->rejected = true;
  auto label = c->labels.find(column);
  out->rejects.push_back({c->sheet->file, c->sheet->sheet, c->line,
                          label == c->labels.end() ? column : label->second, reason});
}

// Each id once per import, and an id already in the register keeps its kind.
void CheckIds(std::vector<Candidate>* candidates, const Register& current, RegisterImport* out) {
  std::map<std::string, const Candidate*> first;
  for (Candidate& c : *candidates) {
    const std::string& id = c.revision.item;
    if (auto it = first.find(id); it != first.end()) {
      RejectCandidate(&c, "id", id + " is also at " + RowName(*it->second) + "; each item once",
                      out);
      continue;
    }
    first[id] = &c;
    if (const RegisterItem* item = current.Find(id); item && item->kind != c.revision.kind)
      RejectCandidate(&c, "id", id + " is already " + WithArticle(item->kind) + " in the register",
                      out);
  }
}

// References resolve to an item of the right kind in this import or the register; a row pointing
// at a rejected row is rejected too, until nothing changes.
void CheckReferences(std::vector<Candidate>* candidates, const Register& current,
                     const std::map<std::string, std::string>& rejected_ids, RegisterImport* out) {
  for (bool changed = true; changed;) {
    changed = false;
    std::map<std::string, const Candidate*> by_id;
    for (const Candidate& c : *candidates) by_id.emplace(c.revision.item, &c);
    for (Candidate& c : *candidates) {
      if (c.rejected) continue;
      for (const RegisterColumn& column : c.kind->columns) {
        if (column.type != ColumnType::kRef || !c.revision.fields.count(column.name)) continue;
        const std::string& target = c.revision.fields.at(column.name);
        std::string kind, why;
        if (auto it = by_id.find(target); it != by_id.end()) {
          if (it->second->rejected) why = target + " was rejected (" + RowName(*it->second) + ")";
          kind = it->second->revision.kind;
        } else if (const RegisterItem* item = current.Find(target)) {
          kind = item->kind;
        } else if (auto r = rejected_ids.find(target); r != rejected_ids.end()) {
          why = target + " was rejected (" + r->second + ")";
        } else {
          why = target + " is neither in the register nor in this import";
        }
        if (why.empty() &&
            std::find(column.choices.begin(), column.choices.end(), kind) == column.choices.end())
          why = target + " is " + WithArticle(kind) + "; expected " + Alternatives(column.choices);
        if (!why.empty()) {
          RejectCandidate(&c, column.name, why, out);
          changed = true;
          break;
        }
      }
    }
  }
}

}  // namespace

RegisterImport CheckRegisterSheets(const std::vector<RegisterSheet>& sheets,
                                   const Register& current, const RegisterRules& rules,
                                   const KpiCatalogue& kpis, const std::string& recorded_by) {
  RegisterImport out;
  std::vector<Candidate> candidates;
  std::map<std::string, std::string> rejected_ids;
  for (const RegisterSheet& sheet : sheets)
    SheetChecker(sheet, rules, kpis, recorded_by, &out, &rejected_ids).Check(&candidates);
  CheckIds(&candidates, current, &out);
  CheckReferences(&candidates, current, rejected_ids, &out);
  for (Candidate& c : candidates)
    if (!c.rejected) out.revisions.push_back(std::move(c.revision));
  std::stable_sort(out.rejects.begin(), out.rejects.end(),
                   [](const RegisterReject& a, const RegisterReject& b) {
                     return std::tie(a.file, a.sheet, a.line) < std::tie(b.file, b.sheet, b.line);
                   });
  return out;
}

}  // namespace cairn
