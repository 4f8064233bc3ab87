// lrsched: evaluate, check and plot a learning-rate schedule given in the spec language.
#include <lrsched/lrsched.hpp>

#include "catalogue_text.hpp"
#include "finder_report.hpp"
#include "parse_instances.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using lrsched::step_t;
constexpr step_t max_step = std::numeric_limits<step_t>::max();
constexpr std::string_view default_spec = "cosine_decay(0.1, 10000, 0.01) | with_warmup(steps=500)";

constexpr std::string_view usage_text =
    "usage: lrsched COMMAND [ARGS]\n"
    "\n"
    "Evaluate, check and plot a learning-rate schedule written in lrsched's spec language,\n"
    "e.g. 'cosine_decay(0.1, 10000, alpha=0.01) | with_warmup(steps=500)'.\n"
    "\n"
    "commands:\n"
    "  list [--markdown]                            every schedule and adaptor, with defaults\n"
    "  help NAME [--markdown]                       formula, parameters, names elsewhere\n"
    "  eval SPEC --steps N [--from T] [--every K]   the schedule as CSV (step,lr)\n"
    "  check SPEC                                   validate; canonical spec, horizon, range\n"
    "  plot SPEC [SPEC ...] [--steps N] [--svg FILE] [--log] [--ascii]\n"
    "                                               a plot in the terminal, and as SVG\n"
    "  finder FILE.csv [--svg FILE] [--beta B]      a range test's lr,loss record: suggestions\n"
    "  demo                                         plot and evaluate an example schedule\n"
    "\n"
    "'lrsched COMMAND --help' describes a command. Errors exit with status 2.\n";

constexpr std::string_view eval_help =
    "usage: lrsched eval SPEC --steps N [--from T] [--every K]\n"
    "\n"
    "Prints CSV on stdout: a header 'step,lr', then N rows for the steps T, T+K, T+2K, ...\n"
    "Rates are printed with 17 significant digits, enough to read back the exact double.\n"
    "\n"
    "  --steps N   how many rows (N >= 1); required\n"
    "  --from T    the first step (0 <= T <= 9223372036854775807); default 0\n"
    "  --every K   the distance between rows (K >= 1); default 1\n";

constexpr std::string_view check_help =
    "usage: lrsched check SPEC\n"
    "\n"
    "Validates SPEC and prints its canonical form (every parameter by name), its horizon (the\n"
    "step from which it is constant, if it ever is) and the smallest and largest rate up to the\n"
    "horizon (or over the first million steps when it has none).\n";

constexpr std::string_view plot_help =
    "usage: lrsched plot SPEC [SPEC ...] [--steps N] [--svg FILE] [--log] [--ascii]\n"
    "\n"
    "Draws each schedule over steps 0 to N-1 in the terminal with Unicode braille characters.\n"
    "\n"
    "  --steps N    how many steps to show (N >= 2); default: the longest horizon plus 10%,\n"
    "               or 10000\n"
    "  --svg FILE   also write the plot as an SVG file: every schedule on one picture, with a\n"
    "               legend when there are several\n"
    "  --log        a logarithmic rate axis (rates <= 0 are drawn at the bottom)\n"
    "  --ascii      draw with '*' instead of braille\n";

constexpr std::string_view list_help =
    "usage: lrsched list [--markdown]\n"
    "\n"
    "Lists every schedule, adaptor and combinator of the catalogue with its parameters in\n"
    "positional order and their defaults.\n"
    "\n"
    "  --markdown   print the README's tables instead (schedules, adaptors, names elsewhere)\n";

constexpr std::string_view help_help =
    "usage: lrsched help NAME [--markdown]\n"
    "\n"
    "Describes a catalogue entry: its formula, its parameters with their defaults and rules, and\n"
    "what PyTorch, Keras, Optax and HF call it. NAME may also be a command, or another\n"
    "framework's name (StepLR), which is answered with the closest entry.\n"
    "\n"
    "  --markdown   the same as a section of a docs page (docs/generate.sh writes "
    "docs/reference)\n";

constexpr std::string_view finder_help =
    "usage: lrsched finder FILE.csv [--svg FILE] [--beta B]\n"
    "\n"
    "Reads the record of a learning-rate range test (lrsched::lr_finder, fastai's lr_find,\n"
    "torch-lr-finder): rows 'lr,loss' with increasing rates ('-' reads standard input; a header\n"
    "line and lines starting with '#' are skipped). Smooths the loss as lr_finder does and prints\n"
    "the rates the three methods suggest: valley (the default of lr_finder::suggest), steepest\n"
    "and minimum / 10.\n"
    "\n"
    "  --svg FILE   also draw the curve against log(lr), with the suggestions marked\n"
    "  --beta B     the smoothing weight, 0 <= B < 1 (0: none); default 0.98\n";

constexpr std::string_view demo_help =
    "usage: lrsched demo\n"
    "\n"
    "Plots and evaluates cosine_decay(0.1, 10000, 0.01) | with_warmup(steps=500).\n";

/// A command-line error: printed as "lrsched: error: ...", exit status 2.
struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& message) { throw usage_error(message); }

/// Fails with "cannot read 'path'" (or write), and the system's reason when it gave one: "No such
/// file or directory", "Permission denied", "Is a directory". `errno` is cleared before the file
/// is opened, so that a reason left from earlier is not shown.
[[noreturn]] void fail_file(const char* verb, const std::string& path) {
  std::string message = std::string("cannot ") + verb + " '" + path + "'";
  if (errno != 0) message.append(": ").append(std::strerror(errno));
  fail(message);
}

/// Writes `text` to the file at `path`, or fails with the system's reason (fail_file).
void write_file(const std::string& path, const std::string& text) {
  errno = 0;
  std::ofstream file(path, std::ios::binary);
  if (!file) fail_file("write", path);
  file << text;
  file.close();
  if (!file) fail_file("write", path);
}

/// Writes to stdout, and fails the command at once if the output cannot take it (a full disk,
/// /dev/full): a schedule that was not written must not exit 0.
void write_out(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
    fail(std::string("cannot write the output: ") + std::strerror(errno));
  }
}

std::string format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

step_t parse_step_option(std::string_view option, std::string_view text, step_t minimum) {
  step_t v{};
  const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
  if (res.ec == std::errc::result_out_of_range) {
    fail(std::string(option) + " " + std::string(text) + " is larger than the largest step " +
         std::to_string(max_step));
  }
  if (res.ec != std::errc{} || res.ptr != text.data() + text.size()) {
    fail(std::string(option) + " expects a whole number, not '" + std::string(text) + "'");
  }
  if (v < minimum) {
    fail(std::string(option) + " must be >= " + std::to_string(minimum) + " (got " +
         std::string(text) + ")");
  }
  return v;
}

struct options {
  std::string command;
  std::optional<std::string> spec;
  std::vector<std::string> more_specs;  // plot: the second and later
  std::optional<step_t> steps;
  step_t from = 0;
  step_t every = 1;
  std::optional<std::string> svg;
  bool log = false;
  bool ascii = false;
  bool help = false;
  bool markdown = false;
  double beta = 0.98;
};

options parse_arguments(int argc, char** argv) {
  options o;
  if (argc < 2) fail(std::string("no command given\n\n").append(usage_text));
  o.command = argv[1];
  if (o.command == "--help" || o.command == "-h" || (o.command == "help" && argc == 2)) {
    o.help = true;
    o.command.clear();
    return o;
  }
  if (o.command != "eval" && o.command != "check" && o.command != "plot" && o.command != "demo" &&
      o.command != "list" && o.command != "help" && o.command != "finder") {
    fail("unknown command '" + o.command +
         "' (the commands are list, help, eval, check, plot, finder and demo)");
  }
  const bool takes_spec = o.command != "demo" && o.command != "list";
  for (int i = 2; i < argc; ++i) {
    const std::string_view a = argv[i];
    const auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) fail(std::string(a) + " needs a value");
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      o.help = true;
    } else if (a == "--steps" && o.command != "check" && o.command != "demo") {
      o.steps = parse_step_option(a, value(), o.command == "plot" ? 2 : 1);
    } else if (a == "--from" && o.command == "eval") {
      o.from = parse_step_option(a, value(), 0);
    } else if (a == "--every" && o.command == "eval") {
      o.every = parse_step_option(a, value(), 1);
    } else if (a == "--beta" && o.command == "finder") {
      const std::string_view text = value();
      double b = 0;
      const auto res = std::from_chars(text.data(), text.data() + text.size(), b);
      if (res.ec != std::errc{} || res.ptr != text.data() + text.size() || !(b >= 0 && b < 1)) {
        fail("--beta must be a number in [0, 1), not '" + std::string(text) + "'");
      }
      o.beta = b;
    } else if (a == "--svg" && (o.command == "plot" || o.command == "finder")) {
      o.svg = std::string(value());
    } else if (a == "--log" && o.command == "plot") {
      o.log = true;
    } else if (a == "--ascii" && o.command == "plot") {
      o.ascii = true;
    } else if (a == "--markdown" && (o.command == "list" || o.command == "help")) {
      o.markdown = true;
    } else if (a.size() > 1 && a.front() == '-' &&
               !(a.size() > 1 && (std::isdigit(static_cast<unsigned char>(a[1])) != 0))) {
      fail("'" + o.command + "' has no option " + std::string(a) + " (see 'lrsched " + o.command +
           " --help')");
    } else if (!o.spec && takes_spec) {
      o.spec = std::string(a);
    } else if (o.command == "plot") {
      o.more_specs.emplace_back(a);
    } else {
      fail(std::string("unexpected argument '").append(a) + "'");
    }
  }
  if (o.help) return o;
  if (o.command == "help" && !o.spec) fail("'help' needs a NAME");
  if (o.command == "finder" && !o.spec) fail("'finder' needs a FILE (lr,loss rows; '-' for stdin)");
  if (takes_spec && !o.spec) fail("'" + o.command + "' needs a SPEC");
  if (o.command == "eval" && !o.steps) fail("'eval' needs --steps N");
  return o;
}

// The rows eval prints: from, from + every, ...; never past the largest step.
void check_range(step_t from, step_t rows, step_t every) {
  // from + (rows - 1) * every <= max_step, without overflowing on the way.
  if (rows - 1 > (max_step - from) / every) {
    fail("--from " + std::to_string(from) + " with --steps " + std::to_string(rows) +
         " and --every " + std::to_string(every) + " runs past the largest step " +
         std::to_string(max_step));
  }
}

int run_eval(const options& o, const lrsched::any_schedule<double>& s) {
  check_range(o.from, *o.steps, o.every);
  // std::to_chars with precision 17 writes what printf("%.17g") writes (the standard defines it
  // so), without the format parsing and locale: about 3x faster here. Rows go to a 64 KiB buffer.
  constexpr std::size_t row_max = 20 + 1 + 32 + 1;  // a step, ',', a %.17g double, '\n'
  std::vector<char> out(std::size_t{1} << 16);
  std::size_t used = 0;
  constexpr std::string_view header = "step,lr\n";
  std::copy(header.begin(), header.end(), out.data());
  used = header.size();
  for (step_t i = 0; i < *o.steps; ++i) {
    const step_t t = o.from + i * o.every;
    if (out.size() - used < row_max) {
      write_out({out.data(), used});
      used = 0;
    }
    char* p = out.data() + used;
    char* const end = out.data() + out.size();
    p = std::to_chars(p, end, t).ptr;
    *p++ = ',';
    p = std::to_chars(p, end, s(t), std::chars_format::general, 17).ptr;
    *p++ = '\n';
    used = static_cast<std::size_t>(p - out.data());
  }
  write_out({out.data(), used});
  return 0;
}

// Smallest and largest value over [0, last]: every step up to ten million, else a sample.
struct range {
  double min, max;
  step_t at_min, at_max;
  bool sampled;
};
range value_range(const lrsched::any_schedule<double>& s, step_t last) {
  constexpr step_t dense = 10'000'000, samples = 1'000'000;
  range r{s(0), s(0), 0, 0, last > dense};
  const auto visit = [&](step_t t) {
    const double v = s(t);
    if (v < r.min) r.min = v, r.at_min = t;
    if (v > r.max) r.max = v, r.at_max = t;
  };
  if (last <= dense) {
    for (step_t t = 1; t <= last; ++t) visit(t);
  } else {
    // Evenly spaced samples, computed from their index: never a step past `last`.
    const step_t stride = last / samples;
    for (step_t k = 1; k < samples; ++k) visit(k * stride);
    visit(last);
  }
  return r;
}

int run_check(const lrsched::any_schedule<double>& s) {
  std::printf("spec:     %s\n", lrsched::to_spec(s).c_str());
  const auto h = lrsched::horizon(s);
  step_t last = 999'999;
  if (h) {
    std::printf("horizon:  %lld (constant from there on, at %.17g)\n", static_cast<long long>(*h),
                s(*h));
    last = *h;
  } else {
    std::printf("horizon:  none (the schedule never becomes constant)\n");
  }
  const range r = value_range(s, last);
  std::printf("range:    min %.17g at step %lld, max %.17g at step %lld (steps 0 to %lld%s)\n",
              r.min, static_cast<long long>(r.at_min), r.max, static_cast<long long>(r.at_max),
              static_cast<long long>(last), r.sampled ? ", sampled" : "");
  return 0;
}

// ----------------------------------------------------------------------------------------------
// Plots

struct series {
  std::vector<double> lo, hi;  // per column: the smallest and largest value it covers
  double min = 0, max = 0;     // over all columns (positive values only, for --log)
};

// Samples the schedule over steps [0, steps) into `columns` columns; each column keeps the
// smallest and largest of up to 64 samples, so that steps and spikes stay visible.
series sample(const lrsched::any_schedule<double>& s, step_t steps, int columns, bool log) {
  series out;
  out.lo.resize(static_cast<std::size_t>(columns));
  out.hi.resize(static_cast<std::size_t>(columns));
  out.min = std::numeric_limits<double>::infinity();
  out.max = -std::numeric_limits<double>::infinity();
  for (int c = 0; c < columns; ++c) {
    const auto begin = static_cast<step_t>(static_cast<long double>(steps) * c / columns);
    auto end = static_cast<step_t>(static_cast<long double>(steps) * (c + 1) / columns);
    if (end <= begin) end = begin + 1;
    // Up to 64 samples in [begin, end), computed from their index: no sum can overflow.
    const step_t n = std::min<step_t>(64, end - begin);
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (step_t k = 0; k < n; ++k) {
      const auto offset = static_cast<step_t>(static_cast<long double>(end - begin) * k / n);
      const double v = s(begin + offset);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    out.lo[static_cast<std::size_t>(c)] = lo;
    out.hi[static_cast<std::size_t>(c)] = hi;
    for (const double v : {lo, hi}) {
      if (log && v <= 0) continue;
      out.min = std::min(out.min, v);
      out.max = std::max(out.max, v);
    }
  }
  if (!(out.min <= out.max)) out.min = out.max = 1;  // --log with no positive value
  if (out.min == out.max) {
    const double pad = out.min == 0 ? 1 : std::abs(out.min) * 0.1;
    out.min = log ? out.min / 2 : out.min - pad;
    out.max = log ? out.max * 2 : out.max + pad;
  }
  if (!log && out.min > 0 && out.min < 0.25 * out.max) out.min = 0;  // start the axis at 0
  return out;
}

// The position of `v` on an axis from `min` (0) to `max` (1).
double position(double v, double min, double max, bool log) {
  if (log) {
    if (v <= 0) return 0;
    return (std::log10(v) - std::log10(min)) / (std::log10(max) - std::log10(min));
  }
  return (v - min) / (max - min);
}

void append_utf8(std::string& out, char32_t c) {
  out += static_cast<char>(0xE0 | (c >> 12));
  out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  out += static_cast<char>(0x80 | (c & 0x3F));
}

std::string terminal_plot(const lrsched::any_schedule<double>& s, step_t steps, bool log,
                          bool ascii) {
  constexpr int width = 64, height = 16;  // characters
  const int dots_x = ascii ? 1 : 2, dots_y = ascii ? 1 : 4;
  const int columns = width * dots_x, rows = height * dots_y;
  const series data = sample(s, steps, columns, log);
  std::vector<std::vector<bool>> dot(static_cast<std::size_t>(columns),
                                     std::vector<bool>(static_cast<std::size_t>(rows)));
  const auto row_of = [&](double v) {
    const double p = std::clamp(position(v, data.min, data.max, log), 0.0, 1.0);
    return static_cast<int>(std::lround(p * (rows - 1)));
  };
  int previous = -1;
  for (int c = 0; c < columns; ++c) {
    int lo = row_of(data.lo[static_cast<std::size_t>(c)]);
    int hi = row_of(data.hi[static_cast<std::size_t>(c)]);
    if (previous >= 0) {  // join to the previous column so that the line is unbroken
      lo = std::min(lo, previous);
      hi = std::max(hi, previous);
      if (lo < previous && hi > previous) lo = hi = row_of(data.lo[static_cast<std::size_t>(c)]);
    }
    for (int r = lo; r <= hi; ++r)
      dot[static_cast<std::size_t>(c)][static_cast<std::size_t>(r)] = true;
    previous = row_of(data.lo[static_cast<std::size_t>(c)]);
  }
  static constexpr unsigned braille_bit[2][4] = {{0x01, 0x02, 0x04, 0x40},
                                                 {0x08, 0x10, 0x20, 0x80}};
  std::string out;
  const std::string top = lrsched_tool::short_number(data.max),
                    mid = lrsched_tool::short_number(log ? std::sqrt(data.min * data.max)
                                                         : (data.min + data.max) / 2),
                    bottom = lrsched_tool::short_number(data.min);
  const std::size_t margin = std::max({top.size(), mid.size(), bottom.size()}) + 1;
  for (int line = 0; line < height; ++line) {
    std::string y_label = line == 0            ? top
                          : line == height / 2 ? mid
                          : line == height - 1 ? bottom
                                               : "";
    out += std::string(margin - y_label.size(), ' ') + y_label + (y_label.empty() ? "│" : "┤");
    for (int x = 0; x < width; ++x) {
      unsigned bits = 0;
      for (int dx = 0; dx < dots_x; ++dx) {
        for (int dy = 0; dy < dots_y; ++dy) {
          const int r = rows - 1 - (line * dots_y + dy);
          if (dot[static_cast<std::size_t>(x * dots_x + dx)][static_cast<std::size_t>(r)]) {
            bits |= ascii ? 1u : braille_bit[dx][dy];
          }
        }
      }
      if (ascii) {
        out += bits != 0 ? '*' : ' ';
      } else {
        append_utf8(out, static_cast<char32_t>(0x2800 + bits));
      }
    }
    out += '\n';
  }
  out += std::string(margin, ' ') + "└";
  for (int x = 0; x < width; ++x) out += (x == 0 || x == width / 2 || x == width - 1) ? "┬" : "─";
  out += '\n';
  const std::string left = "0", middle = std::to_string(steps / 2),
                    right = std::to_string(steps - 1);
  std::string axis(margin + 1 + static_cast<std::size_t>(width) + right.size(), ' ');
  axis.replace(margin + 1, left.size(), left);
  axis.replace(margin + 1 + width / 2 - middle.size() / 2, middle.size(), middle);
  axis.replace(margin + static_cast<std::size_t>(width) - right.size() / 2, right.size(), right);
  out += axis.substr(0, axis.find_last_not_of(' ') + 1) + "   step\n";
  return out;
}

// Round steps for the step axis [0, last]: multiples of 1, 2 or 5 times a power of ten.
std::vector<step_t> step_ticks(step_t last) {
  const auto step =
      static_cast<step_t>(lrsched_tool::round_step(std::max(1.0, static_cast<double>(last) / 5)));
  std::vector<step_t> ticks;
  for (step_t t = 0;; t += step) {
    ticks.push_back(t);
    if (t > last - step) break;  // the next would pass the last step (no overflow)
  }
  return ticks;
}

std::string step_label(step_t t) {
  if (t < 10'000'000) return std::to_string(t);
  return lrsched_tool::short_number(static_cast<double>(t));
}

// `text` in lines of at most `width` characters, broken after ", " or " | " where possible.
std::vector<std::string> wrap(std::string_view text, std::size_t width) {
  std::vector<std::string> lines;
  while (text.size() > width) {
    std::size_t cut = std::string_view::npos;
    for (std::size_t i = width; i > width / 3; --i) {
      if (text[i - 1] == ' ' && (text[i - 2] == ',' || text[i - 2] == '|' || text[i] == '|')) {
        cut = i;
        break;
      }
    }
    if (cut == std::string_view::npos) cut = width;
    lines.emplace_back(text.substr(0, cut));
    text.remove_prefix(cut);
    while (lines.back().ends_with(' ')) lines.back().pop_back();
  }
  lines.emplace_back(text);
  return lines;
}

// One or more schedules on one picture: a title (one schedule) or a legend (several), both
// wrapped; ticks at round rates and steps.
std::string svg_plot(const std::vector<lrsched::any_schedule<double>>& schedules, step_t steps,
                     bool log) {
  static constexpr std::array<const char*, 10> colors = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                         "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                                         "#bcbd22", "#17becf"};
  constexpr double width = 800, left = 80, right = 24, plot_h = 330, line_h = 16;
  constexpr int columns = 696;
  constexpr std::size_t title_chars = 104, legend_chars = 96;
  std::vector<series> data;
  double min = std::numeric_limits<double>::infinity(), max = -min;
  for (const auto& s : schedules) {
    data.push_back(sample(s, steps, columns, log));
    min = std::min(min, data.back().min);
    max = std::max(max, data.back().max);
  }
  const std::vector<double> ticks = lrsched_tool::round_ticks(min, max, log);
  const double axis_min = ticks.front(), axis_max = ticks.back();
  std::vector<std::vector<std::string>> labels;
  for (const auto& s : schedules) {
    labels.push_back(wrap(lrsched::to_spec(s), schedules.size() == 1 ? title_chars : legend_chars));
  }
  const bool legend = schedules.size() > 1;
  std::size_t legend_lines = 0;
  for (const auto& l : labels) legend_lines += l.size();
  const double top = legend ? 24 : 20 + line_h * static_cast<double>(labels[0].size());
  const double plot_w = width - left - right, axis_y = top + plot_h;
  const double height =
      axis_y + 50 + (legend ? 8 + line_h * static_cast<double>(legend_lines) + 4 : 0);
  const auto x_of = [&](double column) { return left + plot_w * column / (columns - 1); };
  const auto x_of_step = [&](step_t t) {
    return left + plot_w * (static_cast<double>(t) / static_cast<double>(steps - 1));
  };
  const auto y_of = [&](double v) {
    return top + plot_h * (1 - std::clamp(position(v, axis_min, axis_max, log), 0.0, 1.0));
  };
  const auto num = [](double v) { return format("%.1f", v); };
  std::string out;
  out += format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\"", width) +
         format(" height=\"%.0f\"", height) + format(" viewBox=\"0 0 %.0f", width) +
         format(" %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n", height);
  out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  if (!legend) {
    for (std::size_t i = 0; i < labels[0].size(); ++i) {
      out += "<text x=\"" + num(width / 2) + "\" y=\"" + num(22 + line_h * static_cast<double>(i)) +
             "\" text-anchor=\"middle\" font-size=\"13\">" +
             lrsched_tool::xml_escape(labels[0][i]) + "</text>\n";
    }
  }
  out += "<g font-size=\"11\">\n";
  for (const double v : ticks) {
    const double y = y_of(v);
    out += "<line x1=\"" + num(left - 5) + "\" y1=\"" + num(y) + "\" x2=\"" + num(left + plot_w) +
           "\" y2=\"" + num(y) + "\" stroke=\"#ddd\"/>\n";
    out += "<text x=\"" + num(left - 8) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\">" +
           lrsched_tool::xml_escape(lrsched_tool::short_number(v)) + "</text>\n";
  }
  for (const step_t t : step_ticks(steps - 1)) {
    const double x = x_of_step(t);
    out += "<line x1=\"" + num(x) + "\" y1=\"" + num(axis_y) + "\" x2=\"" + num(x) + "\" y2=\"" +
           num(axis_y + 5) + "\" stroke=\"#333\"/>\n";
    out += "<text x=\"" + num(x) + "\" y=\"" + num(axis_y + 18) + "\" text-anchor=\"middle\">" +
           step_label(t) + "</text>\n";
  }
  out += "<text x=\"" + num(left + plot_w / 2) + "\" y=\"" + num(axis_y + 38) +
         "\" text-anchor=\"middle\">step (0 to " + step_label(steps - 1) + ")</text>\n";
  out += "<text transform=\"translate(16 " + num(top + plot_h / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">learning rate" + (log ? " (log)" : "") +
         "</text>\n</g>\n";
  out += "<g stroke=\"#333\" stroke-width=\"1\">\n<line x1=\"" + num(left) + "\" y1=\"" +
         num(axis_y) + "\" x2=\"" + num(left + plot_w) + "\" y2=\"" + num(axis_y) + "\"/>\n" +
         "<line x1=\"" + num(left) + "\" y1=\"" + num(top) + "\" x2=\"" + num(left) + "\" y2=\"" +
         num(axis_y) + "\"/>\n</g>\n";
  double legend_y = axis_y + 62;
  for (std::size_t k = 0; k < data.size(); ++k) {
    const std::string color = colors[k % colors.size()];
    const std::string dash =
        k < colors.size() ? "" : " stroke-dasharray=\"" + std::to_string(2 + 2 * (k / 10)) + " 3\"";
    out += "<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"1.5\"" + dash +
           " points=\"";
    for (int c = 0; c < columns; ++c) {
      const double lo = data[k].lo[static_cast<std::size_t>(c)],
                   hi = data[k].hi[static_cast<std::size_t>(c)];
      out += format("%.2f,", x_of(c)) + format("%.2f ", y_of(hi));
      if (hi != lo) out += format("%.2f,", x_of(c)) + format("%.2f ", y_of(lo));
    }
    out += "\"/>\n";
    if (!legend) continue;
    out += "<line x1=\"" + num(left) + "\" y1=\"" + num(legend_y - 4) + "\" x2=\"" +
           num(left + 26) + "\" y2=\"" + num(legend_y - 4) + "\" stroke=\"" + color +
           "\" stroke-width=\"2\"" + dash + "/>\n";
    for (const std::string& line : labels[k]) {
      out += "<text x=\"" + num(left + 34) + "\" y=\"" + num(legend_y) + "\">" +
             lrsched_tool::xml_escape(line) + "</text>\n";
      legend_y += line_h;
    }
  }
  out += "</svg>\n";
  return out;
}

step_t default_plot_steps(const lrsched::any_schedule<double>& s) {
  const auto h = lrsched::horizon(s);
  if (!h || *h < 10) return 10'000;
  return *h > max_step / 2 ? max_step : *h + *h / 10;
}

int run_plot(const options& o, const std::vector<lrsched::any_schedule<double>>& schedules) {
  // The longest default among the schedules, so that every one reaches its horizon.
  step_t steps = 2;
  for (const auto& s : schedules) steps = std::max(steps, default_plot_steps(s));
  if (o.steps) steps = *o.steps;
  for (const auto& s : schedules) {
    std::printf("%s\n%s", lrsched::to_spec(s).c_str(),
                terminal_plot(s, steps, o.log, o.ascii).c_str());
  }
  if (o.svg) {
    write_file(*o.svg, svg_plot(schedules, steps, o.log));
    std::printf("wrote %s\n", o.svg->c_str());
  }
  return 0;
}

void run_help(std::string_view name, bool markdown) {
  for (const auto& [command, text] :
       {std::pair{"eval", eval_help}, std::pair{"check", check_help}, std::pair{"plot", plot_help},
        std::pair{"demo", demo_help}, std::pair{"list", list_help}, std::pair{"help", help_help},
        std::pair{"finder", finder_help}}) {
    if (name == command) return write_out(text);
  }
  if (const lrsched::entry_info* e = lrsched::find_entry(name)) {
    return write_out(markdown ? lrsched_tool::help_markdown(*e) : lrsched_tool::help_text(*e));
  }
  // Another framework's name: the entry that does the same.
  for (const lrsched::entry_info& e : lrsched::catalogue_entries()) {
    for (const lrsched::framework_name& f : e.frameworks) {
      if (f.name == name) {
        return write_out(std::string(f.framework) + "'s " + std::string(f.name) + " is " +
                         std::string(e.name) + " in lrsched" +
                         (f.note.empty() ? "" : std::string(" (").append(f.note) + ")") + ":\n\n" +
                         lrsched_tool::help_text(e));
      }
    }
  }
  std::string hint = lrsched::detail::suggest(name, lrsched::detail::entry_candidates());
  if (hint.empty()) hint = " ('lrsched list' shows the catalogue)";
  fail(std::string("no schedule, adaptor or command named '").append(name) + "'" + hint);
}

int run_finder(const options& o) {
  const std::string& path = *o.spec;
  lrsched_tool::finder_data d;
  if (path == "-") {
    d = lrsched_tool::read_finder_csv(std::cin, "<stdin>", o.beta);
  } else {
    errno = 0;
    std::ifstream in(path);
    if (!in) fail_file("read", path);
    // A directory opens, and reads as no rows.
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      errno = EISDIR;
      fail_file("read", path);
    }
    d = lrsched_tool::read_finder_csv(in, path, o.beta);
  }
  write_out(lrsched_tool::finder_text(d, o.beta));
  if (o.svg) {
    write_file(*o.svg, lrsched_tool::finder_svg(d, "lr range test: " + path + " (" +
                                                       std::to_string(d.lrs.size()) + " records)"));
    write_out("wrote " + *o.svg + "\n");
  }
  return 0;
}

int run_demo() {
  const auto s = lrsched::parse_schedule(default_spec);
  std::printf("%s", terminal_plot(s, 12'000, false, false).c_str());
  std::printf("\n%s\n\n%8s  %s\n", std::string(default_spec).c_str(), "step", "lr");
  for (const step_t t : {0, 250, 500, 2'500, 5'500, 8'000, 10'500, 12'000}) {
    std::printf("%8lld  %.6g\n", static_cast<long long>(t), s(t));
  }
  std::printf("\nTry: lrsched eval '%s' --steps 5 --from 498\n", std::string(default_spec).c_str());
  return 0;
}

// The line of `spec` that holds character `column` (1-based), and a caret under that character.
// The caret line repeats the tabs before it, so that it lines up in any terminal.
std::string caret(std::string_view spec, std::size_t column) {
  std::size_t line_start = 0, character = 1, i = 0;
  std::string under;
  for (; i < spec.size() && character < column; ++i) {
    const char c = spec[i];
    if ((static_cast<unsigned char>(c) & 0xc0) == 0x80) continue;  // inside a UTF-8 character
    ++character;
    if (c == '\n') {
      line_start = i + 1;
      under.clear();
    } else {
      under += c == '\t' ? '\t' : ' ';
    }
  }
  while (i < spec.size() && (static_cast<unsigned char>(spec[i]) & 0xc0) == 0x80) ++i;
  const std::size_t line_end = spec.find('\n', line_start);
  std::string line(spec.substr(line_start, line_end == std::string_view::npos
                                               ? std::string_view::npos
                                               : line_end - line_start));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return "  " + line + "\n  " + under + "^\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::string spec_text;
  try {
    const options o = parse_arguments(argc, argv);
    if (o.help) {
      const std::string_view text = o.command == "eval"     ? eval_help
                                    : o.command == "check"  ? check_help
                                    : o.command == "plot"   ? plot_help
                                    : o.command == "demo"   ? demo_help
                                    : o.command == "list"   ? list_help
                                    : o.command == "help"   ? help_help
                                    : o.command == "finder" ? finder_help
                                                            : usage_text;
      write_out(text);
      if (std::fflush(stdout) != 0)
        fail(std::string("cannot write the output: ") + std::strerror(errno));
      return 0;
    }
    if (o.command == "demo") {
      run_demo();
    } else if (o.command == "list") {
      write_out(o.markdown ? lrsched_tool::markdown_tables() : lrsched_tool::list_text());
    } else if (o.command == "help") {
      run_help(*o.spec, o.markdown);
    } else if (o.command == "finder") {
      run_finder(o);
    } else {
      spec_text = *o.spec;
      const auto s = lrsched::parse_schedule(spec_text);
      if (o.command == "eval") {
        run_eval(o, s);
      } else if (o.command == "check") {
        run_check(s);
      } else {
        std::vector<lrsched::any_schedule<double>> all{s};
        for (const std::string& more : o.more_specs) {
          spec_text = more;  // the caret goes under the spec that failed
          all.push_back(lrsched::parse_schedule(spec_text));
        }
        run_plot(o, all);
      }
    }
    // Everything printed must have reached its destination.
    if (std::fflush(stdout) != 0 || std::ferror(stdout) != 0) {
      fail(std::string("cannot write the output: ") + std::strerror(errno));
    }
    return 0;
  } catch (const lrsched::spec_error& e) {
    std::fprintf(stderr, "lrsched: error: %s\n%s", e.what(), caret(spec_text, e.column()).c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lrsched: error: %s\n", e.what());
  }
  return 2;
}
