// A real training loop with libtorch and lrsched: a small MLP classifies two noisy rings
// (generated here, fixed seed) with SGD and momentum in two param groups (the first layer at a
// tenth of the head's rate), warmup into cosine, reduce on plateau on the validation loss, and a
// checkpoint taken mid-run and resumed with the same rates, bit for bit, from there on.
//
//   lrsched_example_libtorch                      train, print the epochs, check the resume
//   lrsched_example_libtorch --replay FILE        use the validation losses in FILE (one per
//                                                 epoch) for the plateau, so that the rates are
//                                                 the same on every machine
//   ... --rates OUT.csv                           write step,lr_head,lr_body
//   ... --check FILE.csv                          compare the rates with PyTorch's (written by
//                                                 pytorch_recipe.py from the same losses)
//   ... --losses OUT.csv                          write the validation losses, one per epoch
#include <torch/torch.h>

#include <lrsched/lrsched.hpp>
#include <lrsched/torch.hpp>

#include <unistd.h>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

constexpr int epochs = 20, batches = 25, batch_size = 32, checkpoint_epoch = 9;
constexpr double lr = 0.5;

struct rings {
  torch::Tensor x, y;
};

rings make_rings(int n, std::uint64_t seed) {
  // Two noisy rings (radius 0.4 and 1.0): the classes are separable, but not by a line.
  torch::manual_seed(seed);
  const auto angle = torch::rand({n}, torch::kFloat64) * 2 * M_PI;
  const auto cls = torch::randint(0, 2, {n}, torch::kLong);
  const auto radius =
      0.4 + 0.6 * cls.to(torch::kFloat64) + 0.1 * torch::randn({n}, torch::kFloat64);
  const auto x = torch::stack({radius * torch::cos(angle), radius * torch::sin(angle)}, 1);
  return {x.to(torch::kFloat32), cls};
}

struct netImpl : torch::nn::Module {
  torch::nn::Linear body{nullptr}, head{nullptr};
  netImpl() {
    body = register_module("body", torch::nn::Linear(2, 64));
    head = register_module("head", torch::nn::Linear(64, 2));
  }
  torch::Tensor forward(const torch::Tensor& x) { return head(torch::tanh(body(x))); }
};
TORCH_MODULE(net);
using model = net;

std::vector<double> read_column(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<double> v;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || std::isalpha(static_cast<unsigned char>(line[0])))
      continue;
    v.push_back(std::stod(line.substr(line.rfind(',') + 1)));
  }
  return v;
}

// A training run from `start_epoch` (a fresh model at 0, a checkpoint otherwise). Returns the
// rates of every step it took, head and body.
struct run_result {
  std::vector<std::array<double, 2>> rates;
  std::vector<double> val_losses;
  std::string plateau_at_checkpoint;
};

template <class Plateau>
run_result train(model& network, torch::optim::SGD& optimizer, Plateau& plateau, int start_epoch,
                 const rings& train_set, const rings& val_set,
                 const std::optional<std::vector<double>>& replay, const std::string& checkpoint,
                 bool verbose) {
  run_result out;
  // The head follows the controller; the body is a tenth of it: one schedule per group.
  const auto head = lrsched::from_function([&plateau](lrsched::step_t t) { return plateau(t); });
  // In the optimizer's group order: the body first.
  const std::array<lrsched::any_schedule<double>, 2> groups{head | lrsched::scaled(0.1), head};
  for (int epoch = start_epoch; epoch < epochs; ++epoch) {
    network->train();
    double train_loss = 0;
    for (int b = 0; b < batches; ++b) {
      const lrsched::step_t t = static_cast<lrsched::step_t>(epoch) * batches + b;
      lrsched::set_lr(optimizer, t, std::span<const lrsched::any_schedule<double>>(groups));
      out.rates.push_back({optimizer.param_groups()[1].options().get_lr(),
                           optimizer.param_groups()[0].options().get_lr()});
      const auto idx = torch::arange(b * batch_size, (b + 1) * batch_size);
      optimizer.zero_grad();
      const auto loss = torch::nn::functional::cross_entropy(
          network->forward(train_set.x.index({idx})), train_set.y.index({idx}));
      loss.backward();
      optimizer.step();
      train_loss += loss.item<double>() / batches;
    }
    network->eval();
    torch::NoGradGuard no_grad;
    const auto logits = network->forward(val_set.x);
    const double val_loss = torch::nn::functional::cross_entropy(logits, val_set.y).item<double>();
    const double accuracy =
        (logits.argmax(1) == val_set.y).to(torch::kFloat64).mean().item<double>();
    out.val_losses.push_back(val_loss);
    const double metric = replay ? (*replay).at(static_cast<std::size_t>(epoch)) : val_loss;
    const bool reduced = plateau.step(metric);
    if (verbose) {
      std::printf("epoch %2d  lr %.5f  train %.4f  val %.4f  accuracy %.3f%s\n", epoch,
                  out.rates.back()[0], train_loss, val_loss, accuracy,
                  reduced ? "  (plateau: rate halved)" : "");
    }
    if (epoch == checkpoint_epoch && !checkpoint.empty()) {
      torch::save(network, checkpoint + ".model.pt");
      torch::save(optimizer, checkpoint + ".optim.pt");
      out.plateau_at_checkpoint = plateau.save();
    }
  }
  return out;
}

// One-cycle with cycle_momentum, as PyTorch's OneCycleLR(cycle_momentum=True) sets them: the
// momentum of SGD and the first beta of Adam follow the momentum schedule.
bool momentum_is_set() {
  const auto rate = lrsched::one_cycle(0.1, 100);
  const auto momentum = lrsched::cycle_momentum(rate);
  auto w = torch::zeros({1}, torch::requires_grad());
  torch::optim::SGD sgd({w}, torch::optim::SGDOptions(0.1).momentum(0.9));
  torch::optim::Adam adam({w}, torch::optim::AdamOptions(0.1));
  bool ok = true;
  for (const lrsched::step_t t : {0, 29, 60, 99}) {
    lrsched::set_lr(sgd, t, rate, momentum);
    lrsched::set_lr(adam, t, rate, momentum);
    const auto& s = static_cast<torch::optim::SGDOptions&>(sgd.param_groups()[0].options());
    const auto& a = static_cast<torch::optim::AdamOptions&>(adam.param_groups()[0].options());
    ok = ok && s.lr() == rate(t) && s.momentum() == momentum(t) && a.lr() == rate(t) &&
         std::get<0>(a.betas()) == momentum(t) && std::get<1>(a.betas()) == 0.999;
  }
  // An optimizer without momentum is told so.
  torch::optim::Adagrad adagrad({w}, torch::optim::AdagradOptions(0.1));
  try {
    lrsched::set_lr(adagrad, 0, rate, momentum);
    ok = false;
  } catch (const std::invalid_argument&) {
  }
  std::printf("one_cycle with cycle_momentum: SGD momentum and Adam beta1 %s\n",
              ok ? "follow the schedule" : "WRONG");
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<std::vector<double>> replay;
  std::string rates_out, check, losses_out;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--replay")
      replay = read_column(v);
    else if (a == "--rates")
      rates_out = v;
    else if (a == "--check")
      check = v;
    else if (a == "--losses")
      losses_out = v;
    else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  torch::set_num_threads(1);
  if (!momentum_is_set()) return 1;
  const rings train_set = make_rings(batches * batch_size, 1);
  const rings val_set = make_rings(400, 2);

  // Warmup into cosine (PyTorch: SequentialLR(LinearLR(start_factor=0.1, total_iters=50),
  // CosineAnnealingLR(T_max=900), milestones=[50])), under reduce on plateau.
  const auto schedule = lrsched::cosine_decay(lr, 900) | lrsched::with_warmup(50, 0.1 * lr);
  const lrsched::plateau_options<double> options{
      .factor = 0.5, .patience = 2, .threshold = 0.05, .min_lr = 0.0, .eps = 0.0};

  char dir_template[] = "/tmp/lrsched_libtorch_XXXXXX";
  if (::mkdtemp(dir_template) == nullptr) return 1;
  const std::string checkpoint = std::string(dir_template) + "/checkpoint";

  torch::manual_seed(7);
  model net_;
  torch::optim::SGD optimizer({torch::optim::OptimizerParamGroup(net_->body->parameters()),
                               torch::optim::OptimizerParamGroup(net_->head->parameters())},
                              torch::optim::SGDOptions(lr).momentum(0.9));
  lrsched::reduce_on_plateau plateau(schedule, options);
  const run_result full =
      train(net_, optimizer, plateau, 0, train_set, val_set, replay, checkpoint, true);

  // Resume from the checkpoint in a fresh process state: model, optimizer (momentum buffers)
  // and the controller's text; the step is the epoch's first.
  model resumed_net;
  torch::load(resumed_net, checkpoint + ".model.pt");
  torch::optim::SGD resumed_optimizer(
      {torch::optim::OptimizerParamGroup(resumed_net->body->parameters()),
       torch::optim::OptimizerParamGroup(resumed_net->head->parameters())},
      torch::optim::SGDOptions(lr).momentum(0.9));
  torch::load(resumed_optimizer, checkpoint + ".optim.pt");
  auto resumed_plateau = decltype(plateau)::restore(schedule, full.plateau_at_checkpoint);
  const run_result rest = train(resumed_net, resumed_optimizer, resumed_plateau,
                                checkpoint_epoch + 1, train_set, val_set, replay, "", false);
  std::remove((checkpoint + ".model.pt").c_str());
  std::remove((checkpoint + ".optim.pt").c_str());
  ::rmdir(dir_template);
  const std::size_t offset = static_cast<std::size_t>(checkpoint_epoch + 1) * batches;
  bool same = rest.rates.size() + offset == full.rates.size();
  for (std::size_t k = 0; same && k < rest.rates.size(); ++k) {
    same = rest.rates[k] == full.rates[offset + k];
  }
  std::printf("resumed after epoch %d: %zu later steps, rates %s\n", checkpoint_epoch,
              rest.rates.size(), same ? "bit-identical" : "DIFFERENT");
  if (!same) return 1;

  if (!losses_out.empty()) {
    std::ofstream out(losses_out);
    out << "epoch,val_loss\n";
    char row[64];
    for (std::size_t e = 0; e < full.val_losses.size(); ++e) {
      std::snprintf(row, sizeof row, "%zu,%.17g\n", e, full.val_losses[e]);
      out << row;
    }
  }
  if (!rates_out.empty()) {
    std::ofstream out(rates_out);
    out << "step,lr_head,lr_body\n";
    char row[96];
    for (std::size_t t = 0; t < full.rates.size(); ++t) {
      std::snprintf(row, sizeof row, "%zu,%.17g,%.17g\n", t, full.rates[t][0], full.rates[t][1]);
      out << row;
    }
  }
  if (!check.empty()) {
    std::ifstream in(check);
    std::string line;
    double worst = 0;
    std::size_t rows = 0;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#' || std::isalpha(static_cast<unsigned char>(line[0]))) {
        continue;  // the comment and the header
      }
      std::stringstream ss(line);
      std::string step, head, body;
      std::getline(ss, step, ',');
      std::getline(ss, head, ',');
      std::getline(ss, body, ',');
      const std::size_t t = std::stoul(step);
      if (t >= full.rates.size()) break;
      const double expected[2] = {std::stod(head), std::stod(body)};
      for (std::size_t g = 0; g < 2; ++g) {
        worst = std::max(worst, std::abs(full.rates[t][g] - expected[g]) / std::abs(expected[g]));
      }
      ++rows;
    }
    std::printf("against PyTorch (%s): %zu steps, worst relative difference %.3g\n", check.c_str(),
                rows, worst);
    if (rows != full.rates.size() || !(worst <= 1e-12)) return 1;
  }
  return 0;
}
