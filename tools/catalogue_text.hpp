// lrsched program: the catalogue as text, read from the registered descriptions
// (lrsched::catalogue_entries()): `lrsched list`, `lrsched list --markdown` (the README's tables)
// and `lrsched help NAME` (with --markdown, a section of docs/reference).
#pragma once

#include <lrsched/lrsched.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace lrsched_tool {

/// Markdown without its backticks, for the terminal.
inline std::string plain(std::string_view markdown) {
  std::string out;
  for (const char c : markdown) {
    if (c != '`') out += c;
  }
  return out;
}

/// A table cell: '|' escaped.
inline std::string cell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

inline std::string_view role_name(lrsched::entry_role r) {
  switch (r) {
    case lrsched::entry_role::adaptor:
      return "adaptor";
    case lrsched::entry_role::combinator:
      return "combinator";
    default:
      return "schedule";
  }
}

inline std::string_view kind_name(lrsched::param_kind k) {
  switch (k) {
    case lrsched::param_kind::real:
      return "number";
    case lrsched::param_kind::steps:
      return "steps";
    case lrsched::param_kind::boolean:
      return "true/false";
    case lrsched::param_kind::enumeration:
      return "name";
    case lrsched::param_kind::reals:
      return "[numbers]";
    case lrsched::param_kind::step_list:
      return "[steps]";
    default:
      return "schedule";
  }
}

/// How an entry is written: `cosine_decay(lr, decay_steps, alpha=0)`, or its form.
inline std::string usage(const lrsched::entry_info& e) {
  if (!e.form.empty()) return std::string(e.form);
  return std::string(e.name) + "(" + e.signature() + ")";
}

/// `lrsched list`: every entry with its parameters and defaults, by role.
inline std::string list_text() {
  std::string out;
  for (const auto role : {lrsched::entry_role::schedule, lrsched::entry_role::adaptor,
                          lrsched::entry_role::combinator}) {
    out += std::string(role_name(role)) + "s:\n";
    for (const lrsched::entry_info& e : lrsched::catalogue_entries()) {
      if (e.role == role) out += "  " + usage(e) + "\n";
    }
    out += "\n";
  }
  out +=
      "'lrsched help NAME' shows an entry's formula, its parameters' rules and its names in\n"
      "PyTorch, Keras, Optax and HF.\n";
  return out;
}

/// The column of the names table a framework goes in: PyTorch, TensorFlow / Keras (with TF
/// Addons), Optax, HF / timm, or other (Darknet, Caffe, Megatron, ...).
inline std::string_view column_of(std::string_view framework) {
  if (framework == "Keras" || framework == "TensorFlow" || framework == "TF Addons") return "Keras";
  if (framework == "HF" || framework == "timm") return "HF";
  if (framework == "PyTorch" || framework == "Optax") return framework;
  return "other";
}

inline std::string framework_cell(const lrsched::entry_info& e, std::string_view column) {
  std::string out;
  for (const lrsched::framework_name& f : e.frameworks) {
    if (column_of(f.framework) != column) continue;
    if (!out.empty()) out += ", ";
    // Name the framework where the column holds more than one.
    if (f.framework != column) out.append(f.framework).append(" ");
    out.append("`").append(f.name).append("`");
    if (!f.note.empty()) out.append(" (").append(f.note).append(")");
  }
  return out.empty() ? "—" : cell(out);
}

/// `lrsched list --markdown`: the README's tables, between its catalogue markers.
inline std::string markdown_tables() {
  std::string out =
      "| schedule | parameters | value at step `t` |\n"
      "|---|---|---|\n";
  for (const lrsched::entry_info& e : lrsched::catalogue_entries()) {
    if (e.role != lrsched::entry_role::schedule) continue;
    out += std::string("| `").append(e.name) + "` | `" + e.signature() + "` | " + cell(e.formula) +
           " |\n";
  }
  out +=
      "\n"
      "| adaptor | form | value |\n"
      "|---|---|---|\n";
  for (const lrsched::entry_info& e : lrsched::catalogue_entries()) {
    if (e.role == lrsched::entry_role::schedule) continue;
    out += std::string("| `").append(e.name) + "` | `" + cell(usage(e)) + "` | " + cell(e.formula) +
           " |\n";
  }
  out +=
      "\n"
      "| lrsched | PyTorch | TensorFlow / Keras | Optax | HF / timm | other |\n"
      "|---|---|---|---|---|---|\n";
  for (const lrsched::entry_info& e : lrsched::catalogue_entries()) {
    out += std::string("| `").append(e.name) + "`";
    for (const std::string_view column : {"PyTorch", "Keras", "Optax", "HF", "other"}) {
      out += " | " + framework_cell(e, column);
    }
    out += " |\n";
  }
  return out;
}

inline std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

/// `lrsched help NAME`: the formula, the parameters with defaults and rules, the equivalents.
inline std::string help_text(const lrsched::entry_info& e) {
  std::string out =
      usage(e) + "    (" + std::string(role_name(e.role)) + ")\n\n  " + plain(e.formula) + "\n";
  if (!e.params.empty()) {
    std::size_t name_width = 4, default_width = 7;
    for (const lrsched::parameter_info& p : e.params) {
      name_width = std::max(name_width, p.name.size());
      default_width = std::max(default_width, p.default_text.size());
    }
    out += "\nparameters (by position in this order, or by name):\n";
    for (const lrsched::parameter_info& p : e.params) {
      out += "  " + pad(std::string(p.name), name_width + 2) +
             pad(std::string(kind_name(p.kind)), 12) +
             pad(p.required ? "required" : "= " + p.default_text, default_width + 4) +
             std::string(p.rule);
      if (!p.aliases.empty()) out += std::string("; elsewhere: ").append(p.aliases);
      out += "\n";
    }
  }
  out += std::string("\nexample:\n  ").append(e.example) + "\n";
  if (!e.frameworks.empty()) {
    out += "\nin other frameworks:\n";
    for (const lrsched::framework_name& f : e.frameworks) {
      out += "  " + pad(std::string(f.framework), 11) + std::string(f.name);
      if (!f.note.empty()) out += std::string(" (").append(f.note) + ")";
      out += "\n";
    }
  }
  return out;
}

/// `lrsched help NAME --markdown`: the same as help_text, as a section of a docs page, with the
/// picture of its example (images/NAME.svg, which docs/generate.sh draws with `lrsched plot`).
inline std::string help_markdown(const lrsched::entry_info& e) {
  std::string out = std::string("## `").append(e.name) + "`\n\n`" + usage(e) + "` (" +
                    std::string(role_name(e.role)) + ")\n\n" + std::string(e.formula) + ".\n";
  if (!e.params.empty()) {
    out +=
        "\n| parameter | kind | default | rule | elsewhere |\n"
        "|---|---|---|---|---|\n";
    for (const lrsched::parameter_info& p : e.params) {
      out += std::string("| `").append(p.name) + "` | " + std::string(kind_name(p.kind)) + " | " +
             (p.required ? std::string("required") : "`" + cell(p.default_text) + "`") + " | " +
             cell(p.rule) + " | " + (p.aliases.empty() ? "" : cell(p.aliases)) + " |\n";
    }
  }
  out += std::string("\nExample: `").append(e.example) + "`\n\n![" + std::string(e.name) + ": " +
         cell(e.example) + "](images/" + std::string(e.name) + ".svg)\n";
  if (!e.frameworks.empty()) {
    out +=
        "\n| framework | name | note |\n"
        "|---|---|---|\n";
    for (const lrsched::framework_name& f : e.frameworks) {
      out += std::string("| ").append(f.framework) + " | `" + cell(f.name) + "` | " + cell(f.note) +
             " |\n";
    }
  }
  return out;
}

}  // namespace lrsched_tool
