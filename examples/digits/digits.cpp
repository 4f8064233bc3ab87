// lrsched's demo: a small network trained on real data under every kind of schedule.
//
// A multilayer perceptron (64 inputs, 64 ReLU units, 10 softmax outputs) learns the UCI
// handwritten digits (1,797 8x8 images, digits.csv beside this file). First Smith's range test
// (lrsched::lr_finder) picks the rate; then SGD with momentum trains under ten schedules, and
// Adagrad, RMSProp and Adam train with a constant rate and with warmup into cosine. Every run
// starts from the same weights and sees the same batches in the same order: only the schedule
// and the optimizer differ. The program prints one table and writes the curves as CSV and SVG.
//
//   lrsched_digits [--data digits.csv] [--out DIR] [--epochs N] [--lr RATE]

#include <lrsched/core.hpp>
#include <lrsched/runtime/any_schedule.hpp>
#include <lrsched/runtime/write.hpp>
#include <lrsched/train/finder.hpp>
#include <lrsched/train/plateau.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#ifndef LRSCHED_DIGITS_CSV
#define LRSCHED_DIGITS_CSV "digits.csv"
#endif

namespace {

constexpr std::size_t inputs = 64, hidden = 64, classes = 10, batch_size = 32;

// ---------------------------------------------------------------------------------------------
// Data

struct dataset {
  std::vector<float> x;  // rows of 64 pixels scaled to [0, 1]
  std::vector<std::size_t> y;
  std::size_t size() const { return y.size(); }
  const float* row(std::size_t i) const { return x.data() + i * inputs; }
};

// The generator every random choice uses (splitmix64): the same numbers on every machine and
// standard library, unlike std:: distributions.
struct rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  template <class V>
  void shuffle(V& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }
};

dataset read_digits(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read '" + path + "' (pass --data FILE)");
  dataset d;
  std::string line;
  std::size_t number = 0;
  while (std::getline(file, line)) {
    ++number;
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string field;
    std::vector<int> values;
    while (std::getline(fields, field, ',')) values.push_back(std::stoi(field));
    if (values.size() != inputs + 1 || values.back() < 0 || values.back() >= int(classes)) {
      throw std::runtime_error(path + ":" + std::to_string(number) +
                               ": expected 64 pixels and a digit 0-9");
    }
    for (std::size_t i = 0; i < inputs; ++i) d.x.push_back(static_cast<float>(values[i]) / 16.0f);
    d.y.push_back(static_cast<std::size_t>(values.back()));
  }
  if (d.size() == 0) throw std::runtime_error("'" + path + "' holds no image");
  return d;
}

dataset subset(const dataset& d, const std::vector<std::size_t>& rows) {
  dataset out;
  for (const std::size_t r : rows) {
    out.x.insert(out.x.end(), d.row(r), d.row(r) + inputs);
    out.y.push_back(d.y[r]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The network: parameters in one flat vector, so that every optimizer is one loop over it.

constexpr std::size_t w1 = 0, b1 = w1 + hidden * inputs, w2 = b1 + hidden,
                      b2 = w2 + classes * hidden, parameter_count = b2 + classes;

std::vector<float> initial_weights(std::uint64_t seed) {
  rng r{seed};
  std::vector<float> p(parameter_count, 0.0f);
  const auto fill = [&](std::size_t at, std::size_t count, std::size_t fan_in) {
    const double limit = std::sqrt(6.0 / static_cast<double>(fan_in));  // He, uniform
    for (std::size_t i = 0; i < count; ++i) {
      p[at + i] = static_cast<float>((2 * r.uniform() - 1) * limit);
    }
  };
  fill(w1, hidden * inputs, inputs);
  fill(w2, classes * hidden, hidden);
  return p;
}

// Mean cross-entropy over rows [first, last) of `order`; adds its gradient to `grad` when given.
// Returns the loss; counts the correct predictions in `correct` when given.
double forward_backward(const std::vector<float>& p, const dataset& d, const std::size_t* rows,
                        std::size_t count, std::vector<float>* grad,
                        std::size_t* correct = nullptr) {
  std::array<float, hidden> h{};
  std::array<float, classes> z{};
  double loss = 0;
  const float scale = 1.0f / static_cast<float>(count);
  for (std::size_t n = 0; n < count; ++n) {
    const float* x = d.row(rows[n]);
    const std::size_t label = d.y[rows[n]];
    for (std::size_t j = 0; j < hidden; ++j) {
      float a = p[b1 + j];
      const float* w = p.data() + w1 + j * inputs;
      for (std::size_t i = 0; i < inputs; ++i) a += w[i] * x[i];
      h[j] = a > 0 ? a : 0;
    }
    float top = -INFINITY;
    for (std::size_t k = 0; k < classes; ++k) {
      float a = p[b2 + k];
      const float* w = p.data() + w2 + k * hidden;
      for (std::size_t j = 0; j < hidden; ++j) a += w[j] * h[j];
      z[k] = a;
      top = std::max(top, a);
    }
    float sum = 0;
    for (std::size_t k = 0; k < classes; ++k) sum += (z[k] = std::exp(z[k] - top));
    for (std::size_t k = 0; k < classes; ++k) z[k] /= sum;  // now the probabilities
    loss -= std::log(std::max(static_cast<double>(z[label]), 1e-30));
    if (correct != nullptr &&
        static_cast<std::size_t>(std::max_element(z.begin(), z.end()) - z.begin()) == label) {
      ++*correct;
    }
    if (grad == nullptr) continue;
    std::array<float, hidden> dh{};
    for (std::size_t k = 0; k < classes; ++k) {
      const float dz = (z[k] - (k == label ? 1.0f : 0.0f)) * scale;
      (*grad)[b2 + k] += dz;
      float* g = grad->data() + w2 + k * hidden;
      const float* w = p.data() + w2 + k * hidden;
      for (std::size_t j = 0; j < hidden; ++j) {
        g[j] += dz * h[j];
        dh[j] += dz * w[j];
      }
    }
    for (std::size_t j = 0; j < hidden; ++j) {
      if (h[j] <= 0) continue;
      (*grad)[b1 + j] += dh[j];
      float* g = grad->data() + w1 + j * inputs;
      for (std::size_t i = 0; i < inputs; ++i) g[i] += dh[j] * x[i];
    }
  }
  return loss / static_cast<double>(count);
}

struct evaluation {
  double loss, accuracy;
};

evaluation evaluate(const std::vector<float>& p, const dataset& d) {
  std::vector<std::size_t> rows(d.size());
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  std::size_t correct = 0;
  const double loss = forward_backward(p, d, rows.data(), rows.size(), nullptr, &correct);
  return {loss, static_cast<double>(correct) / static_cast<double>(d.size())};
}

// ---------------------------------------------------------------------------------------------
// Optimizers, with PyTorch's update rules and defaults.

enum class optimizer { sgd, adagrad, rmsprop, adam };

constexpr std::string_view optimizer_name(optimizer o) {
  switch (o) {
    case optimizer::sgd:
      return "SGD+momentum";
    case optimizer::adagrad:
      return "Adagrad";
    case optimizer::rmsprop:
      return "RMSProp";
    case optimizer::adam:
      return "Adam";
  }
  return "?";
}

struct optimizer_state {
  optimizer kind;
  std::vector<float> m = std::vector<float>(parameter_count, 0.0f),
                     v = std::vector<float>(parameter_count, 0.0f);
  long long updates = 0;

  // One update with rate `lr` and momentum (SGD) or first beta (Adam) `momentum`.
  void step(std::vector<float>& p, const std::vector<float>& g, double lr, double momentum) {
    ++updates;
    const auto rate = static_cast<float>(lr), mu = static_cast<float>(momentum);
    switch (kind) {
      case optimizer::sgd:  // torch.optim.SGD: buf = mu * buf + g; p -= lr * buf
        for (std::size_t i = 0; i < p.size(); ++i) {
          m[i] = mu * m[i] + g[i];
          p[i] -= rate * m[i];
        }
        break;
      case optimizer::adagrad:  // torch.optim.Adagrad, eps 1e-10
        for (std::size_t i = 0; i < p.size(); ++i) {
          v[i] += g[i] * g[i];
          p[i] -= rate * g[i] / (std::sqrt(v[i]) + 1e-10f);
        }
        break;
      case optimizer::rmsprop:  // torch.optim.RMSprop, alpha 0.99, eps 1e-8
        for (std::size_t i = 0; i < p.size(); ++i) {
          v[i] = 0.99f * v[i] + 0.01f * g[i] * g[i];
          p[i] -= rate * g[i] / (std::sqrt(v[i]) + 1e-8f);
        }
        break;
      case optimizer::adam: {  // torch.optim.Adam, betas (0.9, 0.999), eps 1e-8
        const double t = static_cast<double>(updates);
        const auto c1 = static_cast<float>(1 - std::pow(0.9, t)),
                   c2 = static_cast<float>(std::sqrt(1 - std::pow(0.999, t)));
        for (std::size_t i = 0; i < p.size(); ++i) {
          m[i] = 0.9f * m[i] + 0.1f * g[i];
          v[i] = 0.999f * v[i] + 0.001f * g[i] * g[i];
          p[i] -= rate / c1 * m[i] / (std::sqrt(v[i]) / c2 + 1e-8f);
        }
        break;
      }
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Runs

using schedule = lrsched::any_schedule<double>;

struct run_config {
  std::string name;
  optimizer kind;
  schedule lr;
  std::optional<schedule> momentum;  // SGD's momentum per step (cycle_momentum); else 0.9
  std::optional<lrsched::plateau_options<double>> plateau;  // reduce on the validation loss
};

struct run_result {
  std::string name, spec;
  optimizer kind;
  double train_loss, test_accuracy, seconds;
  std::vector<double> rates, batch_losses;       // per step
  std::vector<double> epoch_losses, val_losses;  // per epoch
};

struct experiment {
  dataset train, validation, test;
  std::vector<float> start;    // the initial weights of every run
  std::uint64_t batches_seed;  // the batch order of every run
  std::size_t epochs;
  std::size_t steps_per_epoch() const { return (train.size() + batch_size - 1) / batch_size; }
  std::size_t total_steps() const { return epochs * steps_per_epoch(); }
};

run_result train(const experiment& e, const run_config& c) {
  const auto begin = std::chrono::steady_clock::now();
  std::vector<float> p = e.start, g(parameter_count);
  optimizer_state opt{c.kind};
  rng batches{e.batches_seed};
  std::vector<std::size_t> order(e.train.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::optional<lrsched::reduce_on_plateau<schedule>> plateau;
  if (c.plateau) plateau.emplace(c.lr, *c.plateau);

  run_result r{c.name, lrsched::to_spec(c.lr), c.kind, 0, 0, 0, {}, {}, {}, {}};
  if (plateau) r.spec += " | on plateau";
  if (c.momentum) r.spec += " + cycle_momentum";
  lrsched::step_t t = 0;
  for (std::size_t epoch = 0; epoch < e.epochs; ++epoch) {
    batches.shuffle(order);
    double epoch_loss = 0;
    for (std::size_t first = 0; first < order.size(); first += batch_size, ++t) {
      const std::size_t count = std::min(batch_size, order.size() - first);
      std::fill(g.begin(), g.end(), 0.0f);
      const double loss = forward_backward(p, e.train, order.data() + first, count, &g);
      const double lr = plateau ? (*plateau)(t) : c.lr(t);
      opt.step(p, g, lr, c.momentum ? (*c.momentum)(t) : 0.9);
      r.rates.push_back(lr);
      r.batch_losses.push_back(loss);
      epoch_loss += loss * static_cast<double>(count);
    }
    r.epoch_losses.push_back(epoch_loss / static_cast<double>(order.size()));
    r.val_losses.push_back(evaluate(p, e.validation).loss);
    if (plateau) plateau->step(r.val_losses.back());
  }
  r.train_loss = evaluate(p, e.train).loss;
  r.test_accuracy = evaluate(p, e.test).accuracy;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  return r;
}

// Smith's range test: SGD with momentum from the common initial weights, one batch per rate. The
// rate trained with is where the loss falls fastest (fastai's former lr_steep): the valley
// suggestion sits lower, which suits one long run at a constant rate better than a schedule
// that decays from its peak over 20 epochs.
struct range_result {
  lrsched::lr_suggestion<double> suggestion;
  std::size_t batches;
};

range_result range_test(const experiment& e, const std::filesystem::path& csv) {
  lrsched::lr_finder<double> finder(1e-4, 10.0, 300);
  std::vector<float> p = e.start, g(parameter_count);
  optimizer_state opt{optimizer::sgd};
  rng batches{e.batches_seed ^ 0xF1D};
  std::vector<std::size_t> order(e.train.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::size_t first = order.size();
  for (lrsched::step_t i = 0; i < finder.steps(); ++i) {
    if (first + batch_size > order.size()) {
      batches.shuffle(order);
      first = 0;
    }
    std::fill(g.begin(), g.end(), 0.0f);
    const double loss = forward_backward(p, e.train, order.data() + first, batch_size, &g);
    first += batch_size;
    if (finder.record(loss)) break;
    opt.step(p, g, finder.lr(i), 0.9);
  }
  std::ofstream out(csv);
  out << "lr,loss\n";
  char line[64];
  for (const auto& rec : finder.records()) {
    std::snprintf(line, sizeof line, "%.17g,%.17g\n", rec.lr, rec.loss);
    out << line;
  }
  return {finder.suggest(lrsched::suggest_method::steepest), finder.records().size()};
}

// ---------------------------------------------------------------------------------------------
// Output: the table, the CSV and the picture.

std::string number(double v, int digits = 3) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*g", digits, v);
  return text;
}

void write_csv(const std::filesystem::path& path, const std::vector<run_result>& runs) {
  std::ofstream out(path);
  out << "run,optimizer,step,lr,batch_loss\n";
  char line[160];
  for (const run_result& r : runs) {
    for (std::size_t t = 0; t < r.rates.size(); ++t) {
      std::snprintf(line, sizeof line, "%s,%s,%zu,%.9g,%.9g\n", r.name.c_str(),
                    std::string(optimizer_name(r.kind)).c_str(), t, r.rates[t], r.batch_losses[t]);
      out << line;
    }
  }
  if (!out) throw std::runtime_error("cannot write '" + path.string() + "'");
}

// About five ticks from lo to past hi, at multiples of 1, 2 or 5 times a power of ten.
std::vector<double> round_ticks(double lo, double hi) {
  const double raw = (hi - lo) / 5, magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double step = raw / magnitude <= 1   ? magnitude
                      : raw / magnitude <= 2 ? 2 * magnitude
                      : raw / magnitude <= 5 ? 5 * magnitude
                                             : 10 * magnitude;
  std::vector<double> ticks;
  for (double v = std::floor(lo / step) * step;; v += step) {
    ticks.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);
    if (v >= hi * (1 - 1e-12)) break;
  }
  return ticks;
}

// Two panels: the rate of every run against the step, and the training loss per epoch (log).
void write_svg(const std::filesystem::path& path, const std::vector<run_result>& runs,
               const experiment& e) {
  static constexpr std::array<const char*, 10> colors = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                                         "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                                         "#bcbd22", "#17becf"};
  constexpr double panel_w = 420, panel_h = 300, left = 60, gap = 70, top = 50, legend_h = 20;
  const double width = left + 2 * panel_w + gap + 20;
  const std::size_t legend_rows = (runs.size() + 2) / 3;
  const double height = top + panel_h + 45 + static_cast<double>(legend_rows) * legend_h + 10;
  std::string s;
  const auto add = [&](const std::string& text) { s += text; };
  const auto f = [](double v) { return number(v, 6); };
  add("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + f(width) + "\" height=\"" + f(height) +
      "\" viewBox=\"0 0 " + f(width) + " " + f(height) +
      "\" font-family=\"sans-serif\" font-size=\"12\">\n"
      "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
  const double steps = static_cast<double>(e.total_steps());
  double max_lr = 0, min_loss = INFINITY, max_loss = 0;
  for (const run_result& r : runs) {
    if (r.kind == optimizer::sgd)
      max_lr = std::max(max_lr, *std::max_element(r.rates.begin(), r.rates.end()));
    for (const double l : r.epoch_losses) {
      min_loss = std::min(min_loss, l);
      max_loss = std::max(max_loss, l);
    }
  }
  const double log_lo = std::floor(std::log10(min_loss)), log_hi = std::ceil(std::log10(max_loss));
  struct panel {
    double x0;
    std::string title, x_label;
  };
  const panel rate_panel{left, "learning rate (SGD runs)", "step"},
      loss_panel{left + panel_w + gap, "training loss per epoch (log scale)", "epoch"};
  for (const panel& pn : {rate_panel, loss_panel}) {
    add("<text x=\"" + f(pn.x0 + panel_w / 2) + "\" y=\"" + f(top - 14) +
        "\" text-anchor=\"middle\" font-size=\"13\">" + pn.title + "</text>\n");
    add("<rect x=\"" + f(pn.x0) + "\" y=\"" + f(top) + "\" width=\"" + f(panel_w) + "\" height=\"" +
        f(panel_h) + "\" fill=\"none\" stroke=\"#333\"/>\n");
    add("<text x=\"" + f(pn.x0 + panel_w / 2) + "\" y=\"" + f(top + panel_h + 32) +
        "\" text-anchor=\"middle\">" + pn.x_label + "</text>\n");
  }
  // Ticks at round rates and steps; losses at powers of ten; epochs.
  const double rate_top = round_ticks(0, max_lr).back();
  for (const double v : round_ticks(0, max_lr)) {
    const double y = top + panel_h * (1 - v / rate_top);
    add("<line x1=\"" + f(left) + "\" y1=\"" + f(y) + "\" x2=\"" + f(left + panel_w) + "\" y2=\"" +
        f(y) + "\" stroke=\"#eee\"/>\n");
    add("<text x=\"" + f(left - 6) + "\" y=\"" + f(y + 4) + "\" text-anchor=\"end\">" + number(v) +
        "</text>\n");
  }
  for (const double v : round_ticks(0, steps)) {
    if (v > steps) break;
    add("<text x=\"" + f(left + panel_w * v / steps) + "\" y=\"" + f(top + panel_h + 16) +
        "\" text-anchor=\"middle\">" + number(v, 6) + "</text>\n");
  }
  for (double l = log_lo; l <= log_hi; ++l) {
    const double y = top + panel_h * (1 - (l - log_lo) / (log_hi - log_lo));
    add("<line x1=\"" + f(loss_panel.x0) + "\" y1=\"" + f(y) + "\" x2=\"" +
        f(loss_panel.x0 + panel_w) + "\" y2=\"" + f(y) + "\" stroke=\"#eee\"/>\n");
    add("<text x=\"" + f(loss_panel.x0 - 6) + "\" y=\"" + f(y + 4) + "\" text-anchor=\"end\">" +
        number(std::pow(10.0, l)) + "</text>\n");
  }
  const double epochs = static_cast<double>(e.epochs);
  for (std::size_t ep = 0; ep <= e.epochs; ep += std::max<std::size_t>(1, e.epochs / 5)) {
    const double x = loss_panel.x0 + panel_w * static_cast<double>(ep) / epochs;
    add("<text x=\"" + f(x) + "\" y=\"" + f(top + panel_h + 16) + "\" text-anchor=\"middle\">" +
        std::to_string(ep) + "</text>\n");
  }
  for (std::size_t k = 0; k < runs.size(); ++k) {
    const run_result& r = runs[k];
    // SGD runs in ten colours; each adaptive optimizer in one, dashed at a constant rate and
    // dotted under warmup-cosine.
    const std::string color = r.kind == optimizer::sgd       ? colors[k % colors.size()]
                              : r.kind == optimizer::adagrad ? "#17becf"
                              : r.kind == optimizer::rmsprop ? "#222222"
                                                             : "#ff00ff";
    const std::string dash = r.kind == optimizer::sgd ? ""
                             : r.name == "constant"   ? " stroke-dasharray=\"6 3\""
                                                      : " stroke-dasharray=\"2 2\"";
    if (r.kind == optimizer::sgd) {
      add("<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"1.4\" points=\"");
      const std::size_t stride = std::max<std::size_t>(1, r.rates.size() / 400);
      for (std::size_t t = 0; t < r.rates.size(); t += stride) {
        add(f(left + panel_w * static_cast<double>(t) / steps) + "," +
            f(top + panel_h * (1 - r.rates[t] / rate_top)) + " ");
      }
      add("\"/>\n");
    }
    add("<polyline fill=\"none\" stroke=\"" + color + "\" stroke-width=\"1.4\"" + dash +
        " points=\"");
    for (std::size_t ep = 0; ep < r.epoch_losses.size(); ++ep) {
      const double y = (std::log10(r.epoch_losses[ep]) - log_lo) / (log_hi - log_lo);
      add(f(loss_panel.x0 + panel_w * static_cast<double>(ep + 1) / epochs) + "," +
          f(top + panel_h * (1 - y)) + " ");
    }
    add("\"/>\n");
    const double lx = left + static_cast<double>(k % 3) * (width - left) / 3,
                 ly = top + panel_h + 50 + static_cast<double>(k / 3) * legend_h;
    add("<line x1=\"" + f(lx) + "\" y1=\"" + f(ly - 4) + "\" x2=\"" + f(lx + 24) + "\" y2=\"" +
        f(ly - 4) + "\" stroke=\"" + color + "\" stroke-width=\"2\"" + dash + "/>\n");
    add("<text x=\"" + f(lx + 30) + "\" y=\"" + f(ly) + "\">" + r.name + " (" +
        std::string(optimizer_name(r.kind)) + ")</text>\n");
  }
  add("</svg>\n");
  std::ofstream out(path, std::ios::binary);
  out << s;
  if (!out) throw std::runtime_error("cannot write '" + path.string() + "'");
}

struct arguments {
  std::string data = LRSCHED_DIGITS_CSV;
  std::filesystem::path out = ".";
  std::size_t epochs = 20;
  std::optional<double> lr;  // instead of the range test's suggestion
};

arguments parse_arguments(int argc, char** argv) {
  arguments a;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 >= argc) throw std::runtime_error("'" + std::string(arg) + "' needs a value");
    const std::string value = argv[++i];
    if (arg == "--data") {
      a.data = value;
    } else if (arg == "--out") {
      a.out = value;
    } else if (arg == "--lr") {
      const double v = std::strtod(value.c_str(), nullptr);
      if (!(v > 0 && v <= 10)) throw std::runtime_error("--lr must be in (0, 10]");
      a.lr = v;
    } else if (arg == "--epochs") {
      const long n = std::strtol(value.c_str(), nullptr, 10);
      if (n < 1 || n > 1000) throw std::runtime_error("--epochs must be in [1, 1000]");
      a.epochs = static_cast<std::size_t>(n);
    } else {
      throw std::runtime_error("unknown option '" + std::string(arg) +
                               "' (options: --data FILE, --out DIR, --epochs N, --lr RATE)");
    }
  }
  return a;
}

int run(int argc, char** argv) {
  const arguments args = parse_arguments(argc, argv);
  const dataset all = read_digits(args.data);
  // A fixed split: 70% train, 10% validation (for reduce-on-plateau), 20% test.
  std::vector<std::size_t> rows(all.size());
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  rng split{20261201};
  split.shuffle(rows);
  const std::size_t n_train = all.size() * 7 / 10, n_val = all.size() / 10;
  experiment e{subset(all, {rows.begin(), rows.begin() + std::ptrdiff_t(n_train)}),
               subset(all, {rows.begin() + std::ptrdiff_t(n_train),
                            rows.begin() + std::ptrdiff_t(n_train + n_val)}),
               subset(all, {rows.begin() + std::ptrdiff_t(n_train + n_val), rows.end()}),
               initial_weights(7),
               11,
               args.epochs};
  std::filesystem::create_directories(args.out);
  std::printf(
      "UCI digits: %zu images (%zu train, %zu validation, %zu test); MLP 64-%zu-10, "
      "batch %zu, %zu epochs = %zu steps\n\n",
      all.size(), e.train.size(), e.validation.size(), e.test.size(), hidden, batch_size, e.epochs,
      e.total_steps());

  const auto [found, batches] = range_test(e, args.out / "range_test.csv");
  // The suggestion to two digits, as one would write it in a config file.
  const double lr = args.lr ? *args.lr : std::stod(number(found.lr, 2));
  std::printf(
      "range test (lrsched::lr_finder, 1e-4 to 10, SGD+momentum 0.9, %zu batches): "
      "suggested rate %s (%s); training with %s\n  record: %s (lrsched finder FILE "
      "shows all three suggestions)\n\n",
      batches, number(found.lr).c_str(), std::string(lrsched::to_string(found.method)).c_str(),
      number(lr).c_str(), (args.out / "range_test.csv").string().c_str());

  using namespace lrsched;
  const auto T = static_cast<step_t>(e.total_steps());
  const auto epoch = static_cast<step_t>(e.steps_per_epoch());
  const step_t warmup = T / 20;
  const auto warmup_cosine = [&](double peak) -> schedule {
    return cosine_decay(peak, T - warmup) | with_warmup(warmup);
  };
  const one_cycle<double> cycle(lr, T);
  std::vector<run_config> configs;
  configs.push_back({"constant", optimizer::sgd, constant(lr), {}, {}});
  configs.push_back({"inverse-time", optimizer::sgd, inverse_time_decay(lr, epoch, 0.5), {}, {}});
  configs.push_back({"step", optimizer::sgd, step_decay(lr, T / 3 + 1, 0.2), {}, {}});
  configs.push_back({"exponential", optimizer::sgd, exponential_decay(lr, T, 0.01), {}, {}});
  configs.push_back({"triangular2",
                     optimizer::sgd,
                     cyclic(lr / 10, lr, T / 8, cyclic_mode::triangular2),
                     {},
                     {}});
  configs.push_back(
      {"one-cycle", optimizer::sgd, cycle, schedule(cycle_momentum(cycle, 0.85, 0.95)), {}});
  configs.push_back({"warmup-cosine", optimizer::sgd, warmup_cosine(lr), {}, {}});
  configs.push_back({"WSD",
                     optimizer::sgd,
                     wsd(lr, warmup, T * 7 / 10 - warmup, T - T * 7 / 10, lr / 100),
                     {},
                     {}});
  configs.push_back({"plateau",
                     optimizer::sgd,
                     constant(lr),
                     {},
                     plateau_options<double>{.factor = 0.3, .patience = 1}});
  for (const auto& [kind, rate] :
       {std::pair{optimizer::adagrad, 0.05}, std::pair{optimizer::rmsprop, 0.001},
        std::pair{optimizer::adam, 0.002}}) {
    configs.push_back({"constant", kind, constant(rate), {}, {}});
    configs.push_back({"warmup-cosine", kind, warmup_cosine(rate), {}, {}});
  }

  std::vector<run_result> runs;
  std::printf("%-14s %-13s %10s %9s %8s  %s\n", "schedule", "optimizer", "train loss", "test acc",
              "time", "spec");
  for (const run_config& c : configs) {
    runs.push_back(train(e, c));
    const run_result& r = runs.back();
    std::printf("%-14s %-13s %10.4f %8.1f%% %6.0fms  %s\n", r.name.c_str(),
                std::string(optimizer_name(r.kind)).c_str(), r.train_loss, 100 * r.test_accuracy,
                1000 * r.seconds, r.spec.c_str());
    std::fflush(stdout);
  }
  write_csv(args.out / "digits_curves.csv", runs);
  write_svg(args.out / "digits.svg", runs, e);
  std::printf("\ncurves: %s (every step of every run); picture: %s\n",
              (args.out / "digits_curves.csv").string().c_str(),
              (args.out / "digits.svg").string().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "lrsched_digits: %s\n", error.what());
    return 1;
  }
}
