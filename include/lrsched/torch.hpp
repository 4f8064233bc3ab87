// lrsched: libtorch integration. Sets the rate (and the momentum, or Adam's beta1) of a
// torch::optim::Optimizer's param groups from lrsched schedules, once per optimizer step.
//
// Not included by <lrsched/lrsched.hpp>: include it where libtorch is (find_package(Torch)).
//
//     auto schedule = lrsched::cosine_decay(0.1, 10'000) | lrsched::with_warmup(500);
//     for (lrsched::step_t t = 0; t < 10'500; ++t) {
//       lrsched::set_lr(optimizer, t, schedule);  // every group, before optimizer.step()
//       ...
//       optimizer.step();
//     }
//
// Per-group schedules are one schedule per group, in the optimizer's group order: a backbone at a
// tenth of the head's rate is `schedule | lrsched::scaled(0.1)`. That scales the whole curve, its
// floor included; PyTorch's CosineAnnealingLR with a per-group `eta_min` instead keeps the same
// absolute floor for every group (in lrsched: `cosine_decay(0.1 * lr, T, alpha = eta_min / (0.1 *
// lr))` for that group).
#pragma once

#include <torch/optim/adagrad.h>
#include <torch/optim/adam.h>
#include <torch/optim/adamw.h>
#include <torch/optim/optimizer.h>
#include <torch/optim/rmsprop.h>
#include <torch/optim/sgd.h>

#include <cstddef>
#include <span>
#include <stdexcept>
#include <string>
#include <tuple>

#include "compose/momentum.hpp"
#include "concepts.hpp"

namespace lrsched {

namespace detail {

/// The momentum of a param group's options: SGD's and RMSprop's `momentum`, Adam's and AdamW's
/// first beta. Throws for an optimizer without one (Adagrad, LBFGS).
inline void set_group_momentum(torch::optim::OptimizerOptions& options, double m,
                               std::size_t group) {
  if (auto* sgd = dynamic_cast<torch::optim::SGDOptions*>(&options)) {
    sgd->momentum(m);
  } else if (auto* rms = dynamic_cast<torch::optim::RMSpropOptions*>(&options)) {
    rms->momentum(m);
  } else if (auto* adam = dynamic_cast<torch::optim::AdamOptions*>(&options)) {
    adam->betas(std::make_tuple(m, std::get<1>(adam->betas())));
  } else if (auto* adamw = dynamic_cast<torch::optim::AdamWOptions*>(&options)) {
    adamw->betas(std::make_tuple(m, std::get<1>(adamw->betas())));
  } else {
    throw std::invalid_argument("lrsched::set_lr: param group " + std::to_string(group) +
                                " has no momentum to set (SGD, RMSprop, Adam and AdamW have one)");
  }
}

inline void require_groups(const torch::optim::Optimizer& o, std::size_t n, const char* what) {
  if (o.param_groups().size() != n) {
    throw std::invalid_argument(std::string("lrsched::set_lr: ") + std::to_string(n) + " " + what +
                                " for " + std::to_string(o.param_groups().size()) +
                                " param groups (one per group, in the optimizer's order)");
  }
}

}  // namespace detail

/// Sets the rate of every param group to `rate(t)`.
template <schedule S>
void set_lr(torch::optim::Optimizer& optimizer, step_t t, const S& rate) {
  const auto v = static_cast<double>(rate(t));
  for (auto& group : optimizer.param_groups()) group.options().set_lr(v);
}

/// Sets the rate of every param group to `rate(t)` and its momentum (Adam's beta1) to
/// `momentum(t)`: PyTorch's OneCycleLR and CyclicLR with `cycle_momentum=True`.
template <schedule S, schedule M>
void set_lr(torch::optim::Optimizer& optimizer, step_t t, const S& rate, const M& momentum) {
  const auto v = static_cast<double>(rate(t));
  const auto m = static_cast<double>(momentum(t));
  std::size_t k = 0;
  for (auto& group : optimizer.param_groups()) {
    group.options().set_lr(v);
    detail::set_group_momentum(group.options(), m, k++);
  }
}

/// Sets the rate of param group k to `per_group[k](t)`; as many schedules as groups.
template <schedule S>
void set_lr(torch::optim::Optimizer& optimizer, step_t t, std::span<const S> per_group) {
  detail::require_groups(optimizer, per_group.size(), "schedules");
  std::size_t k = 0;
  for (auto& group : optimizer.param_groups()) {
    group.options().set_lr(static_cast<double>(per_group[k++](t)));
  }
}

/// Sets rate and momentum of param group k from `rates[k]` and `momenta[k]`.
template <schedule S, schedule M>
void set_lr(torch::optim::Optimizer& optimizer, step_t t, std::span<const S> rates,
            std::span<const M> momenta) {
  detail::require_groups(optimizer, rates.size(), "schedules");
  detail::require_groups(optimizer, momenta.size(), "momentum schedules");
  std::size_t k = 0;
  for (auto& group : optimizer.param_groups()) {
    group.options().set_lr(static_cast<double>(rates[k](t)));
    detail::set_group_momentum(group.options(), static_cast<double>(momenta[k](t)), k);
    ++k;
  }
}

}  // namespace lrsched
