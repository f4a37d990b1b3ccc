#include "present/charts.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace cairn {

namespace {

const char* const kSeriesColours[] = {"#8c8c8c", "#0b3c5d", "#b5442c", "#3f7f3f"};

std::string Num(double v) {
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << v;
  return out.str();
}

int64_t MaxVisible(const Table& t) {
  int64_t m = 0;
  for (const auto& row : t.grid.cells)
    for (const auto& c : row) m = std::max(m, c.value_or(0));
  return m;
}

// A round number at or above `v` for the top of an axis.
int64_t NiceCeiling(int64_t v) {
  if (v <= 5) return 5;
  double p = std::pow(10.0, std::floor(std::log10(static_cast<double>(v))));
  for (double step : {1.0, 2.0, 2.5, 5.0, 10.0})
    if (step * p >= static_cast<double>(v)) return static_cast<int64_t>(step * p);
  return v;
}

std::string SvgOpen(const Table& t, int width, int height) {
  std::string id = "chart-" + t.id;
  return "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + std::to_string(width) + " " +
         std::to_string(height) + "\" aria-labelledby=\"" + id + "-t " + id +
         "-d\">\n<title id=\"" + id + "-t\">" + HtmlEscape(t.title) + "</title>\n<desc id=\"" + id +
         "-d\">" + HtmlEscape(t.alt) + "</desc>\n";
}

std::string Text(double x, double y, const std::string& text, const std::string& attrs = "") {
  return "<text x=\"" + Num(x) + "\" y=\"" + Num(y) + "\" " + attrs + ">" + HtmlEscape(text) +
         "</text>\n";
}

std::string Line(double x1, double y1, double x2, double y2, const std::string& attrs) {
  return "<line x1=\"" + Num(x1) + "\" y1=\"" + Num(y1) + "\" x2=\"" + Num(x2) + "\" y2=\"" +
         Num(y2) + "\" " + attrs + "/>\n";
}

struct Plot {
  double left, top, width, height;
};

// Y axis with gridlines at fifths of `top_value`, and the axis label.
std::string YAxis(const Plot& p, int64_t top_value, const std::string& label) {
  std::string out;
  for (int i = 0; i <= 5; ++i) {
    double y = p.top + p.height - p.height * i / 5;
    out += Line(p.left, y, p.left + p.width, y, "class=\"grid\"");
    out += Text(p.left - 6, y + 4, std::to_string(top_value * i / 5), "text-anchor=\"end\"");
  }
  double cy = p.top + p.height / 2;
  out += Text(
      14, cy, label,
      "class=\"axis-label\" text-anchor=\"middle\" transform=\"rotate(-90 14 " + Num(cy) + ")\"");
  return out;
}

std::string Legend(const Table& t, double x, double y) {
  std::string out;
  for (size_t c = 0; c < t.col_labels.size() && c < 4; ++c) {
    double lx = x + static_cast<double>(c) * 170;
    out += "<rect x=\"" + Num(lx) + "\" y=\"" + Num(y - 9) +
           "\" width=\"14\" height=\"10\" fill=\"" + kSeriesColours[c] + "\"/>\n";
    out += Text(lx + 20, y, t.col_labels[c]);
  }
  return out;
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

std::string LineChartSvg(const Table& t) {
  const int width = 720, height = 320;
  Plot p{70, 20, 620, 210};
  const int64_t top = NiceCeiling(MaxVisible(t));
  const size_t n = t.row_labels.size();
  auto x_of = [&](size_t i) { return p.left + (n <= 1 ? 0 : p.width * i / (n - 1.0)); };
  auto y_of = [&](int64_t v) { return p.top + p.height - p.height * v / static_cast<double>(top); };
  std::string out = SvgOpen(t, width, height) + YAxis(p, top, t.y_axis);
  size_t step = std::max<size_t>(1, (n + 11) / 12);
  for (size_t i = 0; i < n; i += step)
    out += Text(x_of(i), p.top + p.height + 16, t.row_labels[i],
                "text-anchor=\"end\" transform=\"rotate(-40 " + Num(x_of(i)) + " " +
                    Num(p.top + p.height + 16) + ")\"");
  out += Text(p.left + p.width / 2, height - 34, t.x_axis,
              "class=\"axis-label\" "
              "text-anchor=\"middle\"");
  for (size_t c = 0; c < t.col_labels.size() && c < 4; ++c) {
    std::string points;
    size_t in_run = 0;
    auto flush = [&] {
      if (in_run == 1) {  // a month between gaps: a dot, as a line of one point draws nothing
        const size_t comma = points.find(','), end = points.find(' ');
        out += "<circle cx=\"" + points.substr(0, comma) + "\" cy=\"" +
               points.substr(comma + 1, end - comma - 1) + "\" r=\"3\" fill=\"" +
               kSeriesColours[c] + "\"/>\n";
      } else if (!points.empty())
        out += "<polyline fill=\"none\" stroke-width=\"2.5\" stroke=\"" +
               std::string(kSeriesColours[c]) + "\"" + (c == 0 ? " stroke-dasharray=\"6 4\"" : "") +
               " points=\"" + points + "\"/>\n";
      points.clear();
      in_run = 0;
    };
    for (size_t i = 0; i < n; ++i) {
      const auto& v = t.grid.cells[i][c];
      if (!v) {
        flush();
        continue;
      }
      points += Num(x_of(i)) + "," + Num(y_of(*v)) + " ";
      ++in_run;
    }
    flush();
  }
  out += Legend(t, p.left, height - 8);
  return out + "</svg>\n";
}

std::string HeatmapSvg(const Table& t) {
  const double cell_w = 26, cell_h = 22, left = 90, top = 10;
  const size_t rows = t.row_labels.size(), cols = t.col_labels.size();
  const int width = static_cast<int>(left + cell_w * cols + 10);
  const int height = static_cast<int>(top + cell_h * rows + 60);
  const double max = std::max<int64_t>(1, MaxVisible(t));
  std::string out = SvgOpen(t, width, height);
  for (size_t r = 0; r < rows; ++r) {
    out += Text(left - 6, top + cell_h * r + 15, t.row_labels[r], "text-anchor=\"end\"");
    for (size_t c = 0; c < cols; ++c) {
      const auto& v = t.grid.cells[r][c];
      std::string fill = "#d9d9d9";
      if (v) {
        double a = 0.04 + 0.96 * static_cast<double>(*v) / max;
        fill = "rgba(181,68,44," + std::to_string(a).substr(0, 5) + ")";
      }
      out += "<rect x=\"" + Num(left + cell_w * c) + "\" y=\"" + Num(top + cell_h * r) +
             "\" width=\"" + Num(cell_w - 1) + "\" height=\"" + Num(cell_h - 1) + "\" fill=\"" +
             fill + "\"><title>" +
             HtmlEscape(t.row_labels[r] + " " + t.col_labels[c] +
                        ":00: " + (v ? std::to_string(*v) : "suppressed")) +
             "</title></rect>\n";
    }
  }
  for (size_t c = 0; c < cols; c += 2)
    out += Text(left + cell_w * c + cell_w / 2, top + cell_h * rows + 14, t.col_labels[c],
                "text-anchor=\"middle\"");
  out += Text(left + cell_w * cols / 2, top + cell_h * rows + 34, t.x_axis,
              "class=\"axis-label\" text-anchor=\"middle\"");
  out += Text(4, top + cell_h * rows + 52, t.y_axis + " down the side; darker = more events",
              "class=\"note\"");
  return out + "</svg>\n";
}

std::string BarChartSvg(const Table& t) {
  const size_t rows = t.row_labels.size(), cols = std::min<size_t>(t.col_labels.size(), 4);
  const double bar_h = 10, group_h = bar_h * cols + 8;
  Plot p{100, 10, 560, group_h * rows};
  const int width = 720, height = static_cast<int>(p.top + p.height + 70);
  const int64_t top = NiceCeiling(MaxVisible(t));
  std::string out = SvgOpen(t, width, height);
  for (int i = 0; i <= 5; ++i) {
    double x = p.left + p.width * i / 5;
    out += Line(x, p.top, x, p.top + p.height, "class=\"grid\"");
    out += Text(x, p.top + p.height + 14, std::to_string(top * i / 5), "text-anchor=\"middle\"");
  }
  for (size_t r = 0; r < rows; ++r) {
    double gy = p.top + group_h * r;
    out += Text(p.left - 6, gy + group_h / 2 + 3, t.row_labels[r], "text-anchor=\"end\"");
    for (size_t c = 0; c < cols; ++c) {
      const auto& v = t.grid.cells[r][c];
      if (!v) continue;
      out += "<rect x=\"" + Num(p.left) + "\" y=\"" + Num(gy + 4 + bar_h * c) + "\" width=\"" +
             Num(p.width * static_cast<double>(*v) / static_cast<double>(top)) + "\" height=\"" +
             Num(bar_h - 1) + "\" fill=\"" + kSeriesColours[c + 1] + "\"/>\n";
    }
  }
  out += Text(p.left + p.width / 2, p.top + p.height + 32, t.x_axis,
              "class=\"axis-label\" text-anchor=\"middle\"");
  out += Text(14, p.top + p.height / 2, t.y_axis,
              "class=\"axis-label\" text-anchor=\"middle\" transform=\"rotate(-90 14 " +
                  Num(p.top + p.height / 2) + ")\"");
  std::string items;
  for (size_t c = 0; c < cols; ++c) {
    double lx = p.left + static_cast<double>(c) * 170;
    items += "<rect x=\"" + Num(lx) + "\" y=\"" + Num(height - 17.0) +
             "\" width=\"14\" height=\"10\" fill=\"" + kSeriesColours[c + 1] + "\"/>\n";
    items += Text(lx + 20, height - 8, t.col_labels[c]);
  }
  return out + items + "</svg>\n";
}

namespace {

bool RowHidden(const Table& t, size_t row) {
  if (row >= t.grid.cells.size()) return false;
  for (const auto& c : t.grid.cells[row])
    if (!c) return true;
  return false;
}

const char* const kMapClasses[] = {"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"};

// Upper bounds of five classes with equal numbers of areas (quantiles of the values).
std::vector<double> ClassBreaks(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  std::vector<double> breaks;
  for (int k = 1; k <= 5; ++k)
    breaks.push_back(values.empty() ? 0 : values[(values.size() - 1) * k / 5]);
  return breaks;
}

std::string Fill(const std::vector<double>& breaks, double v) {
  for (size_t k = 0; k < breaks.size(); ++k)
    if (v <= breaks[k]) return kMapClasses[k];
  return kMapClasses[4];
}

std::string FormatValue(double v) {
  std::ostringstream out;
  out.precision(v >= 100 ? 0 : v >= 10 ? 1 : 2);
  out << std::fixed << v;
  return out.str();
}

struct MapFrame {
  double min_x = 1e300, min_y = 1e300, max_x = -1e300, max_y = -1e300, scale = 1;
  double X(double x) const { return 10 + (x - min_x) * scale; }
  double Y(double y) const { return 10 + (max_y - y) * scale; }
};

MapFrame FitMap(const std::vector<MapShape>& shapes, double width) {
  MapFrame f;
  for (const auto& s : shapes)
    for (const auto& ring : s.rings)
      for (const auto& [x, y] : ring) {
        f.min_x = std::min(f.min_x, x), f.max_x = std::max(f.max_x, x);
        f.min_y = std::min(f.min_y, y), f.max_y = std::max(f.max_y, y);
      }
  double span = std::max(f.max_x - f.min_x, f.max_y - f.min_y);
  f.scale = span > 0 ? (width - 20) / std::max(f.max_x - f.min_x, 1.0) : 1;
  if ((f.max_y - f.min_y) * f.scale > 900) f.scale = 880 / (f.max_y - f.min_y);
  return f;
}

std::string PathOf(const MapShape& s, const MapFrame& f) {
  std::string d;
  for (const auto& ring : s.rings) {
    for (size_t i = 0; i < ring.size(); ++i)
      d += (i == 0 ? "M" : "L") + Num(f.X(ring[i].first)) + " " + Num(f.Y(ring[i].second));
    d += "Z";
  }
  return d;
}

std::string MapLegend(const Table& t, const std::vector<double>& breaks, double y) {
  std::string out = Text(10, y, t.map_legend, "class=\"axis-label\"");
  double lo = 0;
  for (size_t k = 0; k < 5; ++k) {
    double x = 10 + 120.0 * static_cast<double>(k);
    out += "<rect x=\"" + Num(x) + "\" y=\"" + Num(y + 8) +
           "\" width=\"16\" height=\"12\" fill=\"" + kMapClasses[k] + "\" stroke=\"#999\"/>\n";
    out += Text(x + 20, y + 18, FormatValue(lo) + "-" + FormatValue(breaks[k]));
    lo = breaks[k];
  }
  out += "<rect x=\"10\" y=\"" + Num(y + 28) +
         "\" width=\"16\" height=\"12\" fill=\"none\" stroke=\"#d7301f\" stroke-width=\"2\"/>\n";
  out += Text(30, y + 38, "hot spot (Gi*, p < 0.05)");
  out += "<rect x=\"200\" y=\"" + Num(y + 28) +
         "\" width=\"16\" height=\"12\" fill=\"#d9d9d9\" stroke=\"#999\"/>\n";
  out += Text(220, y + 38, "no value or suppressed");
  return out;
}

}  // namespace

std::string MapSvg(const Table& t) {
  const double width = 640;
  MapFrame f = FitMap(t.map, width);
  std::vector<double> values;
  for (const auto& s : t.map)
    if (s.value && !RowHidden(t, s.row)) values.push_back(*s.value);
  std::vector<double> breaks = ClassBreaks(values);
  const double map_h = (f.max_y - f.min_y) * f.scale + 20;
  std::string out = SvgOpen(t, static_cast<int>(width), static_cast<int>(map_h + 60));
  std::string marks;
  for (const auto& s : t.map) {
    bool shown = s.value && !RowHidden(t, s.row);
    std::string label = s.row < t.row_labels.size() ? t.row_labels[s.row] : "";
    std::string path = "<path d=\"" + PathOf(s, f) + "\" fill-rule=\"evenodd\"";
    out += path + " fill=\"" + (shown ? Fill(breaks, *s.value) : "#d9d9d9") +
           "\" stroke=\"#fff\" stroke-width=\"0.3\">" +
           (label.empty() ? "" : "<title>" + HtmlEscape(label) + "</title>") + "</path>\n";
    if (s.mark != 0)
      marks += path + " fill=\"none\" stroke=\"" + (s.mark > 0 ? "#d7301f" : "#2166ac") +
               "\" stroke-width=\"1.5\"/>\n";
  }
  out += marks;
  out += "<text x=\"" + Num(width - 20) + "\" y=\"24\" text-anchor=\"middle\">N</text>\n" +
         Line(width - 20, 28, width - 20, 44, "stroke=\"#333\"");
  out += MapLegend(t, breaks, map_h + 8);
  return out + "</svg>\n";
}

std::string RateBarsSvg(const Table& t) {
  const size_t rows = t.row_labels.size(), v = t.bar_value;
  Plot p{210, 10, 460, 22.0 * static_cast<double>(rows)};
  const int width = 720, height = static_cast<int>(p.top + p.height + 50);
  double max = 0;
  for (size_t r = 0; r < rows; ++r)
    for (size_t k = v; k < v + 3 && k < t.values[r].size(); ++k)
      if (t.values[r][k]) max = std::max(max, *t.values[r][k]);
  if (!(max > 0)) max = 1;
  auto x_of = [&](double value) { return p.left + p.width * value / max; };
  std::string out = SvgOpen(t, width, height);
  for (int i = 0; i <= 4; ++i) {
    double x = p.left + p.width * i / 4;
    out += Line(x, p.top, x, p.top + p.height, "class=\"grid\"");
    out += Text(x, p.top + p.height + 14, FormatValue(max * i / 4), "text-anchor=\"middle\"");
  }
  for (size_t r = 0; r < rows; ++r) {
    double y = p.top + 22.0 * static_cast<double>(r);
    out += Text(p.left - 6, y + 15, t.row_labels[r], "text-anchor=\"end\"");
    const auto& value = t.values[r][v];
    if (!value) continue;
    out += "<rect x=\"" + Num(p.left) + "\" y=\"" + Num(y + 4) + "\" width=\"" +
           Num(x_of(*value) - p.left) + "\" height=\"14\" fill=\"" + kSeriesColours[1] + "\"/>\n";
    if (t.values[r].size() < v + 3) continue;
    const auto &lo = t.values[r][v + 1], &hi = t.values[r][v + 2];
    if (lo && hi)
      out += Line(x_of(*lo), y + 11, x_of(*hi), y + 11, "stroke=\"#b5442c\" stroke-width=\"2\"");
  }
  out += Text(p.left + p.width / 2, p.top + p.height + 34, t.x_axis,
              "class=\"axis-label\" text-anchor=\"middle\"");
  return out + "</svg>\n";
}

}  // namespace cairn
