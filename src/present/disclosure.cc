#include "present/disclosure.h"

#include <algorithm>

namespace cairn {

namespace {

struct Slot {
  std::optional<int64_t>* value;
  int64_t original = 0;
  bool total = false;
  bool hidden = false;
};

class Suppressor {
 public:
  explicit Suppressor(CountGrid& grid) { Index(grid); }

  int Primary(int64_t threshold) {
    int n = 0;
    for (Slot& s : slots_)
      if (s.original >= 1 && s.original < threshold) {
        s.hidden = true;
        ++n;
      }
    return n;
  }

  // Hides a complementary slot in every constraint with exactly one hidden slot, until none has.
  int Secondary() {
    int n = 0;
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& members : constraints_) {
        if (HiddenCount(members) != 1) continue;
        int pick = Complement(members);
        if (pick < 0) continue;
        slots_[pick].hidden = true;
        changed = true;
        ++n;
      }
    }
    return n;
  }

  void Write() {
    for (Slot& s : slots_)
      if (s.hidden) *s.value = std::nullopt;
  }

 private:
  int Add(std::optional<int64_t>* v, bool total) {
    slots_.push_back({v, v->value_or(0), total, !v->has_value()});
    return static_cast<int>(slots_.size()) - 1;
  }

  void Index(CountGrid& g) {
    const size_t rows = g.cells.size(), cols = rows ? g.cells[0].size() : 0;
    std::vector<std::vector<int>> cell(rows, std::vector<int>(cols));
    for (size_t r = 0; r < rows; ++r)
      for (size_t c = 0; c < cols; ++c) cell[r][c] = Add(&g.cells[r][c], false);
    std::vector<int> row_total, col_total;
    for (auto& t : g.row_totals) row_total.push_back(Add(&t, true));
    for (auto& t : g.col_totals) col_total.push_back(Add(&t, true));
    int grand = g.has_grand_total ? Add(&g.grand_total, true) : -1;
    for (size_t r = 0; r < row_total.size(); ++r) {
      std::vector<int> m = cell[r];
      m.push_back(row_total[r]);
      constraints_.push_back(m);
    }
    for (size_t c = 0; c < col_total.size(); ++c) {
      std::vector<int> m;
      for (size_t r = 0; r < rows; ++r) m.push_back(cell[r][c]);
      m.push_back(col_total[c]);
      constraints_.push_back(m);
    }
    if (grand < 0) return;
    if (!row_total.empty()) constraints_.push_back(WithTotal(row_total, grand));
    if (!col_total.empty()) constraints_.push_back(WithTotal(col_total, grand));
    if (row_total.empty() && col_total.empty()) {
      std::vector<int> all;
      for (const auto& row : cell) all.insert(all.end(), row.begin(), row.end());
      constraints_.push_back(WithTotal(all, grand));
    }
  }

  static std::vector<int> WithTotal(std::vector<int> parts, int total) {
    parts.push_back(total);
    return parts;
  }

  int HiddenCount(const std::vector<int>& members) const {
    return static_cast<int>(
        std::count_if(members.begin(), members.end(), [&](int i) { return slots_[i].hidden; }));
  }

  // The smallest visible non-zero part, else a visible zero part, else the visible total.
  int Complement(const std::vector<int>& members) const {
    int best = -1;
    auto rank = [&](int i) {
      const Slot& s = slots_[i];
      return std::make_pair(s.total ? 2 : s.original == 0 ? 1 : 0, s.original);
    };
    for (int i : members)
      if (!slots_[i].hidden && (best < 0 || rank(i) < rank(best))) best = i;
    return best;
  }

  std::vector<Slot> slots_;
  std::vector<std::vector<int>> constraints_;
};

std::optional<int64_t> SumOf(const std::vector<std::optional<int64_t>>& v) {
  int64_t s = 0;
  for (const auto& x : v) s += x.value_or(0);
  return s;
}

}  // namespace

void FillTotals(CountGrid& grid, bool rows, bool cols, bool grand) {
  const size_t nr = grid.cells.size(), nc = nr ? grid.cells[0].size() : 0;
  grid.row_totals.clear();
  grid.col_totals.clear();
  if (rows)
    for (const auto& row : grid.cells) grid.row_totals.push_back(SumOf(row));
  if (cols)
    for (size_t c = 0; c < nc; ++c) {
      int64_t s = 0;
      for (size_t r = 0; r < nr; ++r) s += grid.cells[r][c].value_or(0);
      grid.col_totals.push_back(s);
    }
  grid.has_grand_total = grand;
  if (grand) {
    int64_t s = 0;
    for (const auto& row : grid.cells) s += *SumOf(row);
    grid.grand_total = s;
  }
}

SuppressionRecord ApplyDisclosure(CountGrid& grid, const DisclosureOptions& options,
                                  const std::string& table) {
  SuppressionRecord record{table, 0, 0};
  if (!options.enabled) return record;
  Suppressor s(grid);
  record.primary = s.Primary(options.threshold);
  record.secondary = s.Secondary();
  s.Write();
  return record;
}

std::optional<int64_t> DiscloseCount(int64_t count, const DisclosureOptions& options) {
  if (options.enabled && count >= 1 && count < options.threshold) return std::nullopt;
  return count;
}

}  // namespace cairn
