#include "util/terminal.h"

#include <algorithm>
#include <cstdio>

namespace cairn {

namespace {

std::string Escape(const char* format, unsigned code) {
  char buf[8];
  std::snprintf(buf, sizeof buf, format, code);
  return buf;
}

size_t Characters(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string Visible(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0u;
    if (c == '\n' && keep_newlines) {
      out += '\n';
    } else if (c < 0x20 || c == 0x7F) {
      out += Escape("\\x%02x", c);
    } else if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {  // a C1 control in UTF-8
      out += Escape("\\u%04x", next);
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace

std::string VisibleText(std::string_view text) { return Visible(text, false); }

std::string VisibleLines(std::string_view text) { return Visible(text, true); }

std::string FormatTable(const std::vector<std::vector<std::string>>& lines) {
  std::vector<std::vector<std::string>> shown;
  std::vector<size_t> width;
  for (const auto& line : lines) {
    std::vector<std::string> cells;
    for (const auto& cell : line) cells.push_back(VisibleText(cell));
    if (width.size() < cells.size()) width.resize(cells.size(), 0);
    for (size_t i = 0; i < cells.size(); ++i) width[i] = std::max(width[i], Characters(cells[i]));
    shown.push_back(std::move(cells));
  }
  std::string out;
  for (const auto& line : shown) {
    for (size_t i = 0; i < line.size(); ++i) {
      const bool last = i + 1 == line.size();
      const std::string pad(width[i] - Characters(line[i]), ' ');
      out += last ? pad + line[i] : line[i] + pad + "  ";
    }
    out += "\n";
  }
  return out;
}

}  // namespace cairn
