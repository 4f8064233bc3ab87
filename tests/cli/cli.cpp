// The lrsched program, run as a user runs it: exit codes, stdout, stderr, files.
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "support.hpp"

#ifndef LRSCHED_CLI
#error "LRSCHED_CLI must name the lrsched program"
#endif

namespace {

struct result {
  int status;
  std::string out;
  std::string err;
};

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string quote(const std::string& arg) {
  std::string q = "'";
  for (const char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// A directory of this test's own (mkdtemp), removed with its files when the object goes: tests
// run in parallel processes, and none may touch another's files.
class temp_dir {
 public:
  temp_dir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp")
                              .append("/lrsched_cli_test_XXXXXX");
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    REQUIRE(::mkdtemp(buffer.data()) != nullptr);
    path_ = buffer.data();
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  ~temp_dir() {
    for (const std::string& f : files_) std::remove(f.c_str());
    ::rmdir(path_.c_str());
  }
  /// A path inside the directory, removed with it.
  std::string file(const std::string& name) {
    files_.push_back(path_ + "/" + name);
    return files_.back();
  }

 private:
  std::string path_;
  std::vector<std::string> files_;
};

result run(const std::vector<std::string>& args) {
  temp_dir dir;
  const std::string out = dir.file("out"), err = dir.file("err");
  std::string command = quote(LRSCHED_CLI);
  for (const std::string& a : args) command.append(" ").append(quote(a));
  // Appended piece by piece: g++ 12 warns (-Wrestrict) on the chained temporaries.
  command.append(" >").append(quote(out)).append(" 2>").append(quote(err));
  const int raw = std::system(command.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
}

// The rows of `eval`'s CSV as (step, rate).
std::vector<std::pair<lrsched::step_t, double>> rows(const std::string& csv) {
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  REQUIRE(line == "step,lr");
  std::vector<std::pair<lrsched::step_t, double>> out;
  while (std::getline(in, line)) {
    const auto comma = line.find(',');
    REQUIRE(comma != std::string::npos);
    out.emplace_back(std::stoll(line.substr(0, comma)),
                     std::strtod(line.c_str() + comma + 1, nullptr));
  }
  return out;
}

}  // namespace

#define LRSCHED_TORCH_CASE(id, source, spec, schedule_expr, ...)                          \
  TEST_CASE("cli " id, "[cli][golden]") {                                                 \
    INFO(source << "  ==  " << spec);                                                     \
    static constexpr double expected[] = {__VA_ARGS__};                                   \
    const result r = run({"eval", spec, "--steps", std::to_string(std::size(expected))}); \
    REQUIRE(r.status == 0);                                                               \
    const auto values = rows(r.out);                                                      \
    REQUIRE(values.size() == std::size(expected));                                        \
    const auto s = schedule_expr;                                                         \
    for (std::size_t t = 0; t < values.size(); ++t) {                                     \
      INFO("step " << t);                                                                 \
      REQUIRE(values[t].first == static_cast<lrsched::step_t>(t));                        \
      REQUIRE(values[t].second == s(static_cast<lrsched::step_t>(t))); /* 17 digits */    \
      LRSCHED_REQUIRE_GOLDEN(values[t].second, expected[t],                               \
                             lrsched_test::golden_abs(std::span(expected)));              \
    }                                                                                     \
  }
#include "golden/torch_golden.inc"

TEST_CASE("eval's number format: to_chars with precision 17 is printf's %.17g", "[cli]") {
  // lrsched eval writes rates with std::to_chars (general, 17): byte for byte what it wrote
  // with printf("%.17g"), for every kind of double (random bit patterns: subnormal, huge, exact
  // integers, negative), and what eval prints is the same.
  std::uint64_t state = 12345;
  const auto next = [&state] {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  int compared = 0;
  for (int i = 0; i < 300'000; ++i) {
    std::uint64_t bits = next();
    if (i % 3 == 1) bits &= 0x800FFFFFFFFFFFFFull;  // subnormal
    double v = 0;
    std::memcpy(&v, &bits, sizeof v);
    if (i % 3 == 2) v = static_cast<double>(bits >> 11) * 0x1p-53;  // rates in [0, 1)
    if (!std::isfinite(v)) continue;
    char a[64], b[64];
    std::snprintf(a, sizeof a, "%.17g", v);
    const auto r = std::to_chars(b, b + sizeof b, v, std::chars_format::general, 17);
    REQUIRE(r.ec == std::errc{});
    *r.ptr = '\0';
    REQUIRE(std::string(a) == std::string(b));
    ++compared;
  }
  CHECK(compared > 250'000);
  // eval's rows, subnormal rates included: each number is printf's %.17g of itself.
  const result r =
      run({"eval", "exponential_decay(1e-300, 1, 0.5)", "--steps", "40", "--from", "40"});
  REQUIRE(r.status == 0);
  std::istringstream rows(r.out);
  std::string row;
  std::getline(rows, row);
  CHECK(row == "step,lr");
  int checked = 0;
  while (std::getline(rows, row)) {
    const std::string number = row.substr(row.find(',') + 1);
    char again[64];
    std::snprintf(again, sizeof again, "%.17g", std::strtod(number.c_str(), nullptr));
    REQUIRE(number == again);
    ++checked;
  }
  CHECK(checked == 40);
  CHECK_THAT(r.out, Catch::Matchers::Contains("e-319"));
}

TEST_CASE("eval --from and --every", "[cli]") {
  const result r =
      run({"eval", "step_decay(1, 10, 0.5)", "--steps", "4", "--from", "5", "--every", "10"});
  REQUIRE(r.status == 0);
  REQUIRE(r.out == "step,lr\n5,1\n15,0.5\n25,0.25\n35,0.125\n");
  REQUIRE(r.err.empty());
}

TEST_CASE("eval reaches INT64_MAX without overflow", "[cli]") {
  const result last = run(
      {"eval", "cosine_decay(0.1, 1000, 0.5)", "--steps", "3", "--from", "9223372036854775805"});
  REQUIRE(last.status == 0);
  REQUIRE(last.out ==
          "step,lr\n9223372036854775805,0.050000000000000003\n9223372036854775806,0."
          "050000000000000003\n"
          "9223372036854775807,0.050000000000000003\n");
  const result past = run({"eval", "constant(1)", "--steps", "4", "--from", "9223372036854775805"});
  REQUIRE(past.status == 2);
  REQUIRE(past.out.empty());
  REQUIRE_THAT(past.err,
               Catch::Matchers::Contains("runs past the largest step 9223372036854775807"));
  const result every =
      run({"eval", "constant(1)", "--steps", "3", "--every", "9223372036854775807"});
  REQUIRE(every.status == 2);
  const result too_big =
      run({"eval", "constant(1)", "--steps", "1", "--from", "9223372036854775808"});
  REQUIRE(too_big.status == 2);
  REQUIRE_THAT(too_big.err, Catch::Matchers::Contains("is larger than the largest step"));
}

TEST_CASE("bad arguments exit with status 2 and say why", "[cli]") {
  struct bad {
    std::vector<std::string> args;
    const char* words;
  };
  const bad cases[] = {
      {{}, "lrsched: error: no command given"},
      {{"frobnicate"}, "lrsched: error: unknown command 'frobnicate'"},
      {{"eval", "constant(1)"}, "lrsched: error: 'eval' needs --steps N"},
      {{"eval", "--steps", "3"}, "lrsched: error: 'eval' needs a SPEC"},
      {{"eval", "constant(1)", "--steps", "-3"}, "lrsched: error: --steps must be >= 1 (got -3)"},
      {{"eval", "constant(1)", "--steps", "0"}, "lrsched: error: --steps must be >= 1 (got 0)"},
      {{"eval", "constant(1)", "--steps", "ten"},
       "lrsched: error: --steps expects a whole number, not 'ten'"},
      {{"eval", "constant(1)", "--steps", "3.5"}, "--steps expects a whole number, not '3.5'"},
      {{"eval", "constant(1)", "--steps"}, "lrsched: error: --steps needs a value"},
      {{"eval", "constant(1)", "--steps", "3", "--every", "0"}, "--every must be >= 1 (got 0)"},
      {{"eval", "constant(1)", "--steps", "3", "--from", "-1"}, "--from must be >= 0 (got -1)"},
      {{"eval", "constant(1)", "--steps", "3", "--svg", "x.svg"}, "'eval' has no option --svg"},
      {{"check", "constant(1)", "extra"}, "unexpected argument 'extra'"},
      {{"plot", "constant(1)", "--steps", "1"}, "--steps must be >= 2 (got 1)"},
      {{"plot", "constant(1)", "--svg", "/nonexistent-dir/x.svg"},
       "cannot write '/nonexistent-dir/x.svg': No such file or directory"},
      {{"plot", "constant(1)", "--svg", "/dev/full"},
       "cannot write '/dev/full': No space left on device"},
  };
  for (const bad& c : cases) {
    INFO("arguments: " << c.args.size());
    for (const auto& a : c.args) INFO(a);
    const result r = run(c.args);
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Matchers::Contains(c.words));
  }
}

TEST_CASE("spec errors show the spec with a caret under the column", "[cli]") {
  const result r = run({"check", "cosine_decay(0.1, 10000, alpah=0.01)"});
  REQUIRE(r.status == 2);
  REQUIRE(r.out.empty());
  REQUIRE(
      r.err ==
      "lrsched: error: column 26: 'cosine_decay' has no parameter 'alpah' (did you mean 'alpha'?)\n"
      "  cosine_decay(0.1, 10000, alpah=0.01)\n"
      "                           ^\n");
  const result range = run({"eval", "cosine_decay(0.1, 10000, 1.5)", "--steps", "2"});
  REQUIRE(range.status == 2);
  REQUIRE_THAT(range.err,
               Catch::Matchers::StartsWith(
                   "lrsched: error: column 26: cosine_decay: alpha must be in [0, 1] (got 1.5)\n"));
}

TEST_CASE("check prints the canonical spec and horizon and range", "[cli]") {
  const result r = run({"check", "cosine_decay(0.1, 10000, 0.01) | with_warmup(500)"});
  REQUIRE(r.status == 0);
  REQUIRE(r.out ==
          "spec:     cosine_decay(lr=0.1, decay_steps=10000, alpha=0.01) | with_warmup(steps=500, "
          "start=0, shape=linear)\n"
          "horizon:  10500 (constant from there on, at 0.001)\n"
          "range:    min 0 at step 0, max 0.10000000000000001 at step 500 (steps 0 to 10500)\n");
  const result none = run({"check", "exponential_decay(0.1, 1000, 0.5)"});
  REQUIRE(none.status == 0);
  REQUIRE_THAT(none.out,
               Catch::Matchers::Contains("horizon:  none (the schedule never becomes constant)"));
  REQUIRE_THAT(none.out, Catch::Matchers::Contains("(steps 0 to 999999)"));
}

TEST_CASE("every example of the spec language works in every command", "[cli]") {
  for (const char* spec :
       {"exponential_decay(lr=0.1, decay_steps=100000, decay_rate=0.96, staircase=true)",
        "cosine_decay(0.1, 10000, alpha=0.01) | with_warmup(steps=500)",
        "sequence(constant(0.1), 1000, step_decay(0.1, step_size=3000, gamma=0.5))",
        "cyclic(base_lr=0.001, max_lr=0.006, step_size=2000, mode=triangular2)"}) {
    INFO(spec);
    CHECK(run({"eval", spec, "--steps", "10", "--every", "1000"}).status == 0);
    CHECK(run({"check", spec}).status == 0);
    const result plot = run({"plot", spec, "--steps", "20000"});
    CHECK(plot.status == 0);
    CHECK_THAT(plot.out, Catch::Matchers::Contains("\xe2\xa3\xbf") ||
                             Catch::Matchers::Contains("\xe2\xa0"));  // braille
  }
}

TEST_CASE("plot draws axes in the terminal and writes SVG", "[cli]") {
  temp_dir dir;
  const std::string svg = dir.file("plot.svg");
  const result r =
      run({"plot", "cosine_decay(0.1, 1000) | with_warmup(100)", "--svg", svg, "--log"});
  REQUIRE(r.status == 0);
  REQUIRE_THAT(r.out, Catch::Matchers::Contains("└┬"));
  REQUIRE_THAT(r.out, Catch::Matchers::Contains("step"));
  const std::string text = slurp(svg);
  REQUIRE_THAT(text, Catch::Matchers::StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
  REQUIRE_THAT(text, Catch::Matchers::Contains("<polyline"));
  REQUIRE_THAT(text, Catch::Matchers::Contains("learning rate (log)"));
  REQUIRE_THAT(text, Catch::Matchers::EndsWith("</svg>\n"));
#ifdef LRSCHED_XMLLINT
  REQUIRE(std::system((std::string(LRSCHED_XMLLINT) + " --noout " + svg).c_str()) == 0);
#endif
  const result ascii = run({"plot", "step_decay(1, 10)", "--steps", "50", "--ascii"});
  REQUIRE(ascii.status == 0);
  REQUIRE_THAT(ascii.out, Catch::Matchers::Contains("*"));
}

TEST_CASE("plot draws several specs on one picture with a legend and round ticks", "[cli]") {
  temp_dir dir;
  const std::string svg = dir.file("several.svg");
  const result r = run({"plot", "cosine_decay(0.1, 1000) | with_warmup(100)",
                        "one_cycle(0.1, 1100)", "wsd(0.1, 100, 700, 300, 0.001)", "--svg", svg});
  REQUIRE(r.status == 0);
  const std::string text = slurp(svg);
  std::size_t lines = 0;
  for (std::size_t at = text.find("<polyline"); at != std::string::npos;
       at = text.find("<polyline", at + 1)) {
    ++lines;
  }
  CHECK(lines == 3);
  // The legend names every schedule (wrapped at a comma when long); no title.
  CHECK_THAT(text, Catch::Matchers::Contains(">cosine_decay(lr=0.1, decay_steps=1000, alpha=0) | "
                                             "with_warmup(steps=100, start=0, shape=linear)<"));
  CHECK_THAT(text, Catch::Matchers::Contains(">one_cycle(max_lr=0.1, total_steps=1100, "));
  CHECK_THAT(text, Catch::Matchers::Contains(">wsd(lr=0.1, warmup_steps=100, "));
  // The longest default range (1100 + 10%), ticks every 200 steps, rates every 0.02.
  CHECK_THAT(text, Catch::Matchers::Contains("step (0 to 1209)"));
  for (const char* tick : {">0<", ">200<", ">1200<", ">0.02<", ">0.1<"}) {
    CHECK_THAT(text, Catch::Matchers::Contains(tick));
  }
  CHECK_THAT(text, !Catch::Matchers::Contains(">1209<"));
#ifdef LRSCHED_XMLLINT
  REQUIRE(std::system((std::string(LRSCHED_XMLLINT) + " --noout " + svg).c_str()) == 0);
#endif
  // A bad second spec: the caret goes under it.
  const result bad = run({"plot", "constant(0.1)", "constant(-1)"});
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Catch::Matchers::Contains("  constant(-1)\n           ^"));
}

TEST_CASE("a long spec is a wrapped title", "[cli]") {
  temp_dir dir;
  const std::string svg = dir.file("long.svg");
  const result r = run({"plot",
                        "sequence(constant(0.1) | with_warmup(100, 0.001, exponential), 1000, "
                        "cosine_decay_restarts(0.1, 200, 2, 0.9, 0.01), 5000, "
                        "exponential_decay(0.05, 1000, 0.5))",
                        "--svg", svg, "--log"});
  REQUIRE(r.status == 0);
  const std::string text = slurp(svg);
  std::size_t titles = 0;
  for (std::size_t at = text.find("font-size=\"13\">"); at != std::string::npos;
       at = text.find("font-size=\"13\">", at + 1)) {
    const std::size_t end = text.find("</text>", at);
    CHECK(end - at - 15 <= 104);  // each title line at most 104 characters
    ++titles;
  }
  CHECK(titles >= 2);
  CHECK_THAT(text, Catch::Matchers::Contains(">0.001<"));  // log ticks at 1, 2, 5 x 10^k
  CHECK_THAT(text, Catch::Matchers::Contains(">0.1<"));
}

TEST_CASE("help describes every command", "[cli]") {
  const result top = run({"--help"});
  REQUIRE(top.status == 0);
  for (const char* command : {"list", "help", "eval", "check", "plot", "demo"}) {
    REQUIRE_THAT(top.out, Catch::Matchers::Contains(command));
    const result sub = run({command, "--help"});
    REQUIRE(sub.status == 0);
    REQUIRE_THAT(sub.out, Catch::Matchers::StartsWith(std::string("usage: lrsched ") + command));
  }
  const result demo = run({"demo"});
  REQUIRE(demo.status == 0);
  REQUIRE_THAT(demo.out, Catch::Matchers::Contains(
                             "cosine_decay(0.1, 10000, 0.01) | with_warmup(steps=500)"));
  REQUIRE_THAT(demo.out, Catch::Matchers::Contains("     500  0.1\n"));
}

TEST_CASE("a failed write is an error: nothing exits 0 without its output", "[cli]") {
  for (const std::string& command :
       {std::string("eval 'constant(0.1)' --steps 3"), std::string("check 'constant(0.1)'"),
        std::string("plot 'constant(0.1)' --steps 10"), std::string("demo"),
        std::string("--help")}) {
    INFO(command);
    const int raw =
        std::system((quote(LRSCHED_CLI) + " " + command + " >/dev/full 2>/dev/null").c_str());
    REQUIRE(WIFEXITED(raw));
    REQUIRE(WEXITSTATUS(raw) == 2);
  }
}

TEST_CASE("plots and checks reach the last steps without overflow", "[cli]") {
  const result far = run({"plot", "constant(0.1)", "--steps", "9223372036854775000"});
  REQUIRE(far.status == 0);
  REQUIRE_THAT(far.out, Catch::Matchers::Contains("9223372036854774999   step"));
  temp_dir dir;
  const std::string svg = dir.file("far.svg");
  const result cosine = run({"plot", "cosine_decay(0.1, 9000000000000000000)", "--svg", svg});
  REQUIRE(cosine.status == 0);
  REQUIRE_THAT(cosine.out, Catch::Matchers::Contains("9223372036854775806   step"));
  // Round ticks up to the last step, which the axis title names.
  REQUIRE_THAT(slurp(svg), Catch::Matchers::Contains(">8e+18</text>"));
  REQUIRE_THAT(slurp(svg), Catch::Matchers::Contains("step (0 to 9.22e+18)</text>"));
  const result check = run({"check", "cosine_decay(0.1, 9000000000000000000)"});
  REQUIRE(check.status == 0);
  REQUIRE_THAT(check.out, Catch::Matchers::Contains(
                              "min 0 at step 9000000000000000000, max 0.10000000000000001 at step "
                              "0 (steps 0 to 9000000000000000000, sampled)"));
}

TEST_CASE("the caret lines up after tabs and multi-byte characters and on the right line",
          "[cli]") {
  const result tab = run({"check", "\tcosine_decay(0.1, 10, alpha=2)"});
  REQUIRE(tab.status == 2);
  REQUIRE(tab.err ==
          "lrsched: error: column 30: cosine_decay: alpha must be in [0, 1] (got 2)\n"
          "  \tcosine_decay(0.1, 10, alpha=2)\n"
          "  \t                            ^\n");
  const result lines = run({"check", "cosine_decay(0.1,\n\t10,\n\t\xc3\xa9lpha=2)"});
  REQUIRE(lines.status == 2);
  REQUIRE(lines.err ==
          "lrsched: error: column 25: unexpected character '\xc3\xa9'\n"
          "  \t\xc3\xa9lpha=2)\n"
          "  \t^\n");
  const result wide = run({"check",
                           "constant(\xe2\x80\x9c"
                           "0.1\xe2\x80\x9d)"});
  REQUIRE(wide.err ==
          "lrsched: error: column 10: unexpected character '\xe2\x80\x9c'\n"
          "  constant(\xe2\x80\x9c"
          "0.1\xe2\x80\x9d)\n"
          "           ^\n");
}

TEST_CASE("list shows every registered entry with its parameters and defaults",
          "[cli][catalogue]") {
  const result r = run({"list"});
  REQUIRE(r.status == 0);
  REQUIRE(r.err.empty());
  // Every entry of the registration, as the catalogue describes it.
  for (const lrsched::entry_info& e : lrsched::catalogue_entries()) {
    INFO(e.name);
    REQUIRE_THAT(r.out, Catch::Matchers::Contains(std::string(e.name) + "("));
  }
  REQUIRE_THAT(r.out, Catch::Matchers::Contains("  cosine_decay(lr, decay_steps, alpha=0)\n"));
  REQUIRE_THAT(r.out, Catch::Matchers::Contains(
                          "  polynomial_decay(lr, decay_steps, end_lr=0.0001, power=1, "
                          "cycle=false)\n"));
  REQUIRE_THAT(r.out, Catch::Matchers::Contains("  s | clamped(min=0, max=none)\n"));
  REQUIRE_THAT(r.out, Catch::Matchers::Contains("  sequence(s0, b1, s1, b2, s2, ...)\n"));
}

#ifdef LRSCHED_README
TEST_CASE("the README's catalogue tables are the catalogue's", "[cli][catalogue]") {
  const result r = run({"list", "--markdown"});
  REQUIRE(r.status == 0);
  const std::string readme = slurp(LRSCHED_README);
  const std::string begin = "<!-- catalogue:begin", end = "<!-- catalogue:end -->";
  const auto from = readme.find(begin);
  REQUIRE(from != std::string::npos);
  const auto body = readme.find('\n', from) + 1;
  const auto to = readme.find(end, body);
  REQUIRE(to != std::string::npos);
  INFO("run tools/update_readme.py build/tools/lrsched after changing a description");
  REQUIRE(readme.substr(body, to - body) == r.out);
  REQUIRE_THAT(r.out, Catch::Matchers::Contains("| `step_decay` | `lr, step_size, gamma=0.1` | "
                                                "`lr * gamma^floor(t / step_size)` |"));
  REQUIRE_THAT(
      r.out, Catch::Matchers::Contains(
                 "| `with_warmup` | `s \\| with_warmup(steps, start=0, shape=linear, power=1)` |"));
}
#endif

TEST_CASE("help shows the formula, the parameters and the frameworks' names", "[cli][catalogue]") {
  const result r = run({"help", "cosine_decay"});
  REQUIRE(r.status == 0);
  REQUIRE_THAT(r.out, Catch::Matchers::StartsWith("cosine_decay(lr, decay_steps, alpha=0)"));
  for (const char* words :
       {"lr * ((1 - alpha) * (1 + cos(pi * u / decay_steps)) / 2 + alpha)", "decay_steps",
        "required", "= 0", "in [0, 1]", ">= 1", "PyTorch    CosineAnnealingLR",
        "Keras      CosineDecay", "Optax      cosine_decay_schedule",
        "HF         get_cosine_schedule_with_warmup"}) {
    REQUIRE_THAT(r.out, Catch::Matchers::Contains(words));
  }
  // Adaptors, combinators and commands too.
  REQUIRE_THAT(run({"help", "with_warmup"}).out,
               Catch::Matchers::Contains("shape  name        = linear"));
  REQUIRE_THAT(run({"help", "sequence"}).out, Catch::Matchers::Contains("SequentialLR"));
  REQUIRE_THAT(run({"help", "eval"}).out, Catch::Matchers::StartsWith("usage: lrsched eval"));
  // Another framework's name is answered with the entry that does the same.
  const result torch = run({"help", "StepLR"});
  REQUIRE(torch.status == 0);
  REQUIRE_THAT(torch.out, Catch::Matchers::StartsWith("PyTorch's StepLR is step_decay in lrsched"));
  const result unknown = run({"help", "cosine_decai"});
  REQUIRE(unknown.status == 2);
  REQUIRE_THAT(unknown.err, Catch::Matchers::Contains("(did you mean 'cosine_decay'?)"));
  REQUIRE(run({"help", "zzzzzzzz"}).err ==
          "lrsched: error: no schedule, adaptor or command named 'zzzzzzzz' ('lrsched list' "
          "shows the catalogue)\n");
  REQUIRE(run({"help"}).status == 0);  // plain usage
}

TEST_CASE("unknown names suggest the catalogue's and know the frameworks'", "[cli][catalogue]") {
  const result r = run({"check", "StepLR(0.1, 30)"});
  REQUIRE(r.status == 2);
  REQUIRE(r.err ==
          "lrsched: error: column 1: unknown schedule 'StepLR': did you mean step_decay? (PyTorch "
          "StepLR)\n"
          "  StepLR(0.1, 30)\n"
          "  ^\n");
  REQUIRE_THAT(run({"check", "cosine_decay(0.1, T_max=100)"}).err,
               Catch::Matchers::Contains(
                   "'cosine_decay' has no parameter 'T_max': did you mean decay_steps? (PyTorch "
                   "T_max)"));
  REQUIRE_THAT(run({"check", "cyclic(0.1, 1, 10, mode=triangle2)"}).err,
               Catch::Matchers::Contains("(did you mean 'triangular2'?)"));
  REQUIRE_THAT(run({"check", "CosineAnnealingWarmRestarts(0.1, 10)"}).err,
               Catch::Matchers::Contains("did you mean cosine_decay_restarts? (PyTorch "
                                         "CosineAnnealingWarmRestarts"));
  REQUIRE_THAT(
      run({"check", "cosine_decay_schedule(0.1, 10)"}).err,
      Catch::Matchers::Contains("did you mean cosine_decay? (Optax cosine_decay_schedule)"));
}

TEST_CASE("the entries added since TF1: help, checks and errors", "[cli][catalogue]") {
  const result w = run({"help", "wsd"});
  REQUIRE(w.status == 0);
  for (const char* words :
       {"HF         get_wsd_schedule", "Megatron   WSD", "decay_type 1-sqrt is sqrt",
        "decay         name        = cos      linear, cos, sqrt or exp"}) {
    REQUIRE_THAT(w.out, Catch::Matchers::Contains(words));
  }
  REQUIRE_THAT(run({"help", "SWALR"}).out,
               Catch::Matchers::StartsWith("PyTorch's SWALR is anneal in lrsched"));
  const result ok = run({"check", "wsd(0.1, 100, 800, 100, 0.001, sqrt)"});
  REQUIRE(ok.status == 0);
  REQUIRE_THAT(ok.out,
               Catch::Matchers::Contains("horizon:  1000 (constant from there on, at 0.001)"));
  struct bad {
    const char* spec;
    const char* words;
  };
  const bad cases[] = {
      {"cycle_momentum(one_cycle(0.1, 1000), 0.9, 0.8)",
       "column 43: cycle_momentum: max_momentum must be finite and >= base_momentum (got 0.8)"},
      {"cycle_momentum(linear(0.1, 0, 10))",
       "column 16: 'cycle_momentum' takes a one_cycle or cyclic schedule, not 'linear'"},
      {"constant(0.1) | noisy(2)", "column 23: noisy: pct must be in [0, 1) (got 2)"},
      {"constant(0.1) | per_epoch(0)",
       "column 27: per_epoch: steps_per_epoch must be >= 1 (got 0)"},
      {"anneal(0, 1, 10, exp)", "column 8: anneal: start must be > 0 with shape=exp (got 0)"},
      {"inverse_time_decay(0.1, 1, 0.5, power=-1)",
       "column 39: inverse_time_decay: power must be finite and > 0 (got -1)"},
      {"cosine_decay_restarts(0.1, 10, cycles=-2)",
       "column 39: cosine_decay_restarts: cycles must be >= 0 (0: no limit) (got -2)"},
      {"constant(1) | with_warmup(5, shape=poly, power=inf)",
       "column 48: 'with_warmup' parameter 'power' expects a number, not a name"},
  };
  for (const bad& c : cases) {
    INFO(c.spec);
    const result r = run({"check", c.spec});
    CHECK(r.status == 2);
    CHECK_THAT(r.err, Catch::Matchers::Contains(c.words));
  }
}

TEST_CASE("finder reads a range test's record and suggests its rates", "[cli][finder]") {
  temp_dir dir;
  const std::string csv = dir.file("record.csv");
  const std::string svg = dir.file("record.svg");
  // A loss that falls around lr = 1e-3 and blows up past 3: the library's lr_finder records it.
  lrsched::lr_finder<double> finder(1e-6, 10.0, 150, lrsched::sweep::exponential, 0.9);
  {
    std::ofstream out(csv);
    out << "lr,loss\n";
    for (lrsched::step_t i = 0; i < finder.steps(); ++i) {
      const double x = std::log10(finder.lr(i));
      const double loss = 1.5 - std::tanh(2.0 * (x + 3.0)) + std::exp(3.0 * (x - 0.5));
      char row[80];
      std::snprintf(row, sizeof row, "%.17g,%.17g\n", finder.lr(i), loss);
      out << row;
      if (finder.record(loss)) break;
    }
  }
  const result r = run({"finder", csv, "--beta", "0.9", "--svg", svg});
  REQUIRE(r.status == 0);
  // The same suggestions as lr_finder::suggest on the same record.
  for (const auto m : {lrsched::suggest_method::valley, lrsched::suggest_method::steepest,
                       lrsched::suggest_method::minimum}) {
    const auto s = finder.suggest(m);
    char lr[32], line[120];
    std::snprintf(lr, sizeof lr, "%.3g", s.lr);
    std::snprintf(line, sizeof line, "%-9s %-10s (record %zu,",
                  std::string(lrsched::to_string(m)).c_str(), lr, s.index);
    INFO(r.out);
    REQUIRE_THAT(r.out, Catch::Matchers::Contains(line));
  }
  REQUIRE_THAT(r.out, Catch::Matchers::StartsWith(std::to_string(finder.records().size()) +
                                                  " records, rates 1e-06 to"));
  const std::string picture = slurp(svg);
  REQUIRE_THAT(picture, Catch::Matchers::StartsWith("<svg"));
  REQUIRE_THAT(picture, Catch::Matchers::Contains("valley "));
  REQUIRE_THAT(picture, Catch::Matchers::Contains(">1e-3</text>"));

  const std::string bad = dir.file("bad.csv");
  const auto write = [&](const char* text) { std::ofstream(bad) << text; };
  write("lr,loss\n0.1,1\n0.01,2\n");
  REQUIRE_THAT(run({"finder", bad}).err,
               Catch::Matchers::Contains("bad.csv:3: the rates must increase from row to row"));
  write("0.1,one\n");
  REQUIRE_THAT(run({"finder", bad}).err,
               Catch::Matchers::Contains("bad.csv:1: the loss 'one' is not a number"));
  write("0.1;1\n");
  REQUIRE_THAT(run({"finder", bad}).err,
               Catch::Matchers::Contains("bad.csv:1: expected 'lr,loss', found '0.1;1'"));
  write("# nothing\n");
  REQUIRE_THAT(run({"finder", bad}).err, Catch::Matchers::Contains("bad.csv: no 'lr,loss' rows"));
  REQUIRE_THAT(run({"finder", dir.file("missing.csv")}).err,
               Catch::Matchers::Contains("missing.csv': No such file or directory"));
  REQUIRE_THAT(run({"finder", "/"}).err,
               Catch::Matchers::Contains("cannot read '/': Is a directory"));
  REQUIRE_THAT(run({"finder", csv, "--svg", "/dev/full"}).err,
               Catch::Matchers::Contains("cannot write '/dev/full': No space left on device"));
  REQUIRE_THAT(run({"finder", csv, "--beta", "1"}).err,
               Catch::Matchers::Contains("--beta must be a number in [0, 1), not '1'"));
  REQUIRE(run({"finder"}).status == 2);
  REQUIRE_THAT(run({"finder", "--help"}).out, Catch::Matchers::StartsWith("usage: lrsched finder"));
}
