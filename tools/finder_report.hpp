// `lrsched finder FILE.csv`: a range test's record, read back, with its suggestions and a picture.
#pragma once

#include <lrsched/lrsched.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace lrsched_tool {

struct finder_data {
  std::vector<double> lrs;
  std::vector<double> losses;
  std::vector<double> smoothed;
};

/// Reads `lr,loss` rows (a header line of names is skipped; blank lines and lines starting with
/// '#' too). Rates must be finite, > 0 and increasing; a loss may be nan or inf (a divergence).
/// Errors name the line.
inline finder_data read_finder_csv(std::istream& in, std::string_view file, double beta) {
  finder_data d;
  std::string line;
  int number = 0;
  const auto fail = [&](const std::string& why) {
    throw std::runtime_error(std::string(file) + ":" + std::to_string(number) + ": " + why);
  };
  const auto number_of = [&](std::string_view text, const char* what) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
      text.remove_suffix(1);
    }
    double v = 0;
    if (text == "nan" || text == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (text == "inf" || text == "Infinity") return std::numeric_limits<double>::infinity();
    const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
    if (res.ec != std::errc{} || res.ptr != text.data() + text.size()) {
      fail(std::string("the ") + what + " '" + std::string(text) + "' is not a number");
    }
    return v;
  };
  while (std::getline(in, line)) {
    ++number;
    std::string_view row = line;
    if (row.empty() || row == "\r" || row.front() == '#') continue;
    const std::size_t comma = row.find(',');
    if (comma == std::string_view::npos) fail("expected 'lr,loss', found '" + line + "'");
    if (d.lrs.empty() && number == 1 &&
        (std::isalpha(static_cast<unsigned char>(row.front())) != 0) && row.substr(0, 3) != "nan" &&
        row.substr(0, 3) != "inf") {
      continue;  // a header
    }
    const double lr = number_of(row.substr(0, comma), "rate");
    const double loss = number_of(row.substr(comma + 1), "loss");
    if (!(std::isfinite(lr) && lr > 0)) fail("the rate must be finite and > 0");
    if (!d.lrs.empty() && !(lr > d.lrs.back())) fail("the rates must increase from row to row");
    d.lrs.push_back(lr);
    d.losses.push_back(loss);
  }
  if (d.lrs.empty()) throw std::runtime_error(std::string(file) + ": no 'lr,loss' rows");
  d.smoothed = lrsched::smoothed_losses<double>(d.losses, beta);
  return d;
}

/// `s` with the characters XML gives a meaning escaped, for SVG text.
inline std::string xml_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    switch (c) {
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
      default:
        out += c;
    }
  }
  return out;
}

/// A number with three significant digits, as the plots label their axes.
inline std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

/// The round value (1, 2 or 5 times a power of ten) nearest `raw` > 0: a tick spacing.
inline double round_step(double raw) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw))), r = raw / magnitude;
  return (r < 1.5 ? 1 : r < 3 ? 2 : r < 7 ? 5 : 10) * magnitude;
}

/// Round tick values: four to eight over [lo, hi] at multiples of 1, 2 or 5 times a power of ten
/// (linear), or at powers of ten, with 2 and 5 between them over two decades or less (log). The
/// axis runs from the first tick to the last.
inline std::vector<double> round_ticks(double lo, double hi, bool log) {
  std::vector<double> ticks;
  if (log) {
    const double first = std::floor(std::log10(lo) + 1e-9);
    double last = std::ceil(std::log10(hi) - 1e-9);
    if (last <= first) last = first + 1;
    for (double e = first; e <= last; ++e) {
      const double p = std::pow(10.0, e);
      ticks.push_back(p);
      if (last - first <= 2 && e < last) ticks.insert(ticks.end(), {2 * p, 5 * p});
    }
    return ticks;
  }
  const double step = round_step((hi - lo) / 5);
  const double first = std::floor(lo / step + 1e-9), last = std::ceil(hi / step - 1e-9);
  for (double k = first; k <= last; ++k) ticks.push_back(k * step == 0 ? 0.0 : k * step);
  return ticks;
}

/// The suggestions, one per line.
inline std::string finder_text(const finder_data& d, double beta) {
  std::string out = std::to_string(d.lrs.size()) + " records, rates " +
                    short_number(d.lrs.front()) + " to " + short_number(d.lrs.back()) +
                    ", smoothed with beta " + short_number(beta) + "\n";
  for (const auto m : {lrsched::suggest_method::valley, lrsched::suggest_method::steepest,
                       lrsched::suggest_method::minimum}) {
    const auto s = lrsched::suggest_lr<double>(d.lrs, d.smoothed, m);
    char buf[160];
    std::snprintf(buf, sizeof buf, "%-9s %-10s (record %zu, smoothed loss %.4g)%s\n",
                  std::string(lrsched::to_string(m)).c_str(), short_number(s.lr).c_str(), s.index,
                  static_cast<double>(s.loss),
                  m == lrsched::suggest_method::valley ? "   <- suggested" : "");
    out += buf;
  }
  return out;
}

/// The curve against log(lr): raw losses in grey, the smoothed loss in blue, the suggestions as
/// labelled vertical lines.
inline std::string finder_svg(const finder_data& d, std::string_view title) {
  constexpr double width = 800, height = 440, left = 70, right = 20, top = 40, bottom = 50;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  const double x0 = std::log10(d.lrs.front()), x1 = std::log10(d.lrs.back());
  // The loss axis: the finite smoothed losses, up to 4x their minimum (the divergence is off).
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (const double v : d.smoothed) {
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  if (lo > 0) hi = std::min(hi, 4 * lo);
  if (!(hi > lo)) hi = lo + 1;
  const std::vector<double> loss_ticks = round_ticks(lo, hi, false);
  lo = loss_ticks.front();
  hi = loss_ticks.back();
  const auto x_of = [&](double lr) {
    return left + plot_w * (x1 > x0 ? (std::log10(lr) - x0) / (x1 - x0) : 0.5);
  };
  const auto y_of = [&](double v) {
    return top + plot_h * (1 - std::clamp((v - lo) / (hi - lo), 0.0, 1.0));
  };
  const auto num = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return std::string(buf);
  };
  std::string out =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"800\" height=\"440\" "
      "viewBox=\"0 0 800 440\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  out += "<text x=\"400\" y=\"22\" text-anchor=\"middle\" font-size=\"13\">" + xml_escape(title) +
         "</text>\n<g stroke=\"#333\">\n<line x1=\"" + num(left) + "\" y1=\"" + num(top + plot_h) +
         "\" x2=\"" + num(left + plot_w) + "\" y2=\"" + num(top + plot_h) + "\"/>\n<line x1=\"" +
         num(left) + "\" y1=\"" + num(top) + "\" x2=\"" + num(left) + "\" y2=\"" +
         num(top + plot_h) + "\"/>\n</g>\n<g font-size=\"11\">\n";
  // Decades on the rate axis, round losses on the loss axis.
  for (double e = std::ceil(x0); e <= x1 + 1e-9; e += 1) {
    const double x = x_of(std::pow(10.0, e));
    out += "<line x1=\"" + num(x) + "\" y1=\"" + num(top) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(top + plot_h + 5) + "\" stroke=\"#ddd\"/>\n<text x=\"" + num(x) + "\" y=\"" +
           num(top + plot_h + 18) + "\" text-anchor=\"middle\">1e" +
           std::to_string(static_cast<int>(e)) + "</text>\n";
  }
  for (const double v : loss_ticks) {
    out += "<line x1=\"" + num(left - 5) + "\" y1=\"" + num(y_of(v)) + "\" x2=\"" +
           num(left + plot_w) + "\" y2=\"" + num(y_of(v)) + "\" stroke=\"#eee\"/>\n<text x=\"" +
           num(left - 8) + "\" y=\"" + num(y_of(v) + 4) + "\" text-anchor=\"end\">" +
           short_number(v) + "</text>\n";
  }
  out += "<text x=\"" + num(left + plot_w / 2) + "\" y=\"" + num(height - 10) +
         "\" text-anchor=\"middle\">learning rate (log)</text>\n<text transform=\"translate(16 " +
         num(top + plot_h / 2) + ") rotate(-90)\" text-anchor=\"middle\">loss</text>\n</g>\n";
  const auto line_of = [&](const std::vector<double>& v, const char* style) {
    std::string l = std::string("<polyline fill=\"none\" ") + style + " points=\"";
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (std::isfinite(v[i])) l += num(x_of(d.lrs[i])) + "," + num(y_of(v[i])) + " ";
    }
    return l + "\"/>\n";
  };
  out += line_of(d.losses, "stroke=\"#bbb\" stroke-width=\"1\"");
  out += line_of(d.smoothed, "stroke=\"#1f77b4\" stroke-width=\"2\"");
  const char* colours[] = {"#d62728", "#2ca02c", "#9467bd"};
  int k = 0;
  for (const auto m : {lrsched::suggest_method::valley, lrsched::suggest_method::steepest,
                       lrsched::suggest_method::minimum}) {
    const auto s = lrsched::suggest_lr<double>(d.lrs, d.smoothed, m);
    const double x = x_of(s.lr);
    out += "<line x1=\"" + num(x) + "\" y1=\"" + num(top) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(top + plot_h) + "\" stroke=\"" + colours[k] +
           "\" stroke-dasharray=\"5 3\" stroke-width=\"1.5\"/>\n<text x=\"" +
           num(k == 1 ? x - 4 : x + 4) + "\" y=\"" + num(top + 14 + 14 * k) +
           (k == 1 ? "\" text-anchor=\"end" : "") + "\" fill=\"" + colours[k] + "\">" +
           std::string(lrsched::to_string(m)) + " " + short_number(s.lr) + "</text>\n";
    ++k;
  }
  return out + "</svg>\n";
}

}  // namespace lrsched_tool
