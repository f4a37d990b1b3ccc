// Loading definition sets: each file is read and checked on its own (keys, types, names), then the
// catalogue as a whole (unique names, one default set), then every expression is parsed and,
// once all are known, checked with its references resolved, so that a typo in a definition name is
// reported against the definition that contains it with the nearest known name.
#include "define/definitions.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>

#include "model/toml_file.h"
#include "util/files.h"
#include "util/strings.h"

namespace cairn {
namespace {

std::string Quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// "\"nmae\": unknown key (did you mean \"name\"?)" when `table` has a key not in `known`.
void CheckKeys(const toml::table& table, const std::vector<std::string>& known,
               const std::string& where, std::vector<std::string>* errors) {
  for (const std::string& problem : UnknownKeys(table, known))
    errors->push_back(where + ": " + problem);
}

bool IsSetName(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool IsDefinitionName(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

// Why `name` cannot name a definition because the expression language already gives it a meaning,
// or "".
std::string ReservedMeaning(const std::string& name) {
  static const std::set<std::string> kKeywords = {"and", "or", "not", "in", "true", "false"};
  if (kKeywords.count(name)) return "a keyword of the expression language";
  const auto& fields = ExprFieldNames();
  if (std::find(fields.begin(), fields.end(), name) != fields.end()) return "a field";
  const auto& functions = ExprFunctionNames();
  if (std::find(functions.begin(), functions.end(), name) != functions.end()) return "a function";
  return "";
}

// Makes every run of white space outside quoted text a single space, and trims.
std::string CollapseSpaces(std::string_view text) {
  std::string out;
  char quote = 0;
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote) {
      out.push_back(c);
      if (c == '\\' && i + 1 < text.size()) {
        out.push_back(text[++i]);
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    if (c == '"' || c == '\'') quote = c;
    out.push_back(c);
  }
  return out;
}

// An expression error ("column N: message") with the expression and a caret under column N.
std::string WithCaret(const std::string& message, const std::string& expr_text) {
  constexpr std::string_view kPrefix = "column ";
  if (!StartsWith(message, kPrefix)) return message;
  size_t colon = message.find(':');
  auto column = ParseInt(std::string_view(message).substr(kPrefix.size(), colon - kPrefix.size()));
  if (!column || *column < 1 || static_cast<size_t>(*column) > expr_text.size() + 1) return message;
  return message + "\n    " + expr_text + "\n    " + std::string(*column - 1, ' ') + "^";
}

// Reads an optional string key; false (with an error) if present but not a string.
bool OptionalString(const toml::table& table, std::string_view key, const std::string& where,
                    std::string* out, std::vector<std::string>* errors) {
  const toml::node* node = table.get(key);
  if (!node) return true;
  if (auto value = node->value<std::string>(); value && node->is_string()) {
    *out = *value;
    return true;
  }
  errors->push_back(where + ": " + Quoted(key) + " must be text in quotes");
  return false;
}

// Reads a required non-empty string key.
bool RequiredString(const toml::table& table, std::string_view key, const std::string& where,
                    std::string* out, std::vector<std::string>* errors) {
  if (!table.contains(key)) {
    errors->push_back(where + ": " + Quoted(key) + " is missing");
    return false;
  }
  if (!OptionalString(table, key, where, out, errors)) return false;
  if (Trim(*out).empty()) {
    errors->push_back(where + ": " + Quoted(key) + " is empty");
    return false;
  }
  return true;
}

// Reads an optional boolean key.
bool OptionalBool(const toml::table& table, std::string_view key, const std::string& where,
                  bool* out, std::vector<std::string>* errors) {
  const toml::node* node = table.get(key);
  if (!node) return true;
  if (!node->is_boolean()) {
    errors->push_back(where + ": " + Quoted(key) + " must be true or false");
    return false;
  }
  *out = *node->value<bool>();
  return true;
}

void ReadSetTable(const toml::table& table, const std::string& where, DefinitionSet* set,
                  std::vector<std::string>* errors) {
  CheckKeys(table, {"name", "version", "title", "default", "source", "description"}, where, errors);
  if (RequiredString(table, "name", where, &set->name, errors) && !IsSetName(set->name)) {
    errors->push_back(where + ": name " + Quoted(set->name) +
                      " must be lower-case letters, digits and \"-\", starting with a letter");
  }
  const toml::node* version = table.get("version");
  if (!version) {
    errors->push_back(where + ": \"version\" is missing (start at 1)");
  } else if (!version->is_integer() || *version->value<int64_t>() < 1 ||
             *version->value<int64_t>() > 1000000) {
    errors->push_back(where + ": \"version\" must be a whole number from 1 (no quotes)");
  } else {
    set->version = static_cast<int>(*version->value<int64_t>());
  }
  RequiredString(table, "title", where, &set->title, errors);
  OptionalBool(table, "default", where, &set->is_default, errors);
  OptionalString(table, "source", where, &set->source, errors);
  OptionalString(table, "description", where, &set->description, errors);
}

// One [[definition]] entry; `where` names the file and entry.
void ReadDefinition(const toml::table& table, const std::string& where, Definition* def,
                    std::vector<std::string>* errors) {
  CheckKeys(table, {"name", "title", "expr", "description", "confirmed", "note"}, where, errors);
  if (RequiredString(table, "name", where, &def->name, errors)) {
    if (!IsDefinitionName(def->name)) {
      errors->push_back(where + ": name " + Quoted(def->name) +
                        " must be lower-case letters, digits and \"_\", starting with a letter");
    } else if (std::string meaning = ReservedMeaning(def->name); !meaning.empty()) {
      errors->push_back(where + ": name " + Quoted(def->name) + " is " + meaning +
                        " of the expression language; choose another name");
    }
  }
  RequiredString(table, "title", where, &def->title, errors);
  if (RequiredString(table, "expr", where, &def->expr_text, errors))
    def->expr_text = CollapseSpaces(def->expr_text);
  OptionalString(table, "description", where, &def->description, errors);
  OptionalString(table, "note", where, &def->note, errors);
  if (OptionalBool(table, "confirmed", where, &def->confirmed, errors) && !def->confirmed &&
      Trim(def->note).empty()) {
    errors->push_back(where + ": confirmed = false needs a \"note\" saying what is unconfirmed");
  }
}

// Where an entry is: `file: [[definition]] "name"`, or `#N` if it has no usable name.
std::string EntryWhere(const std::string& file, const toml::table* table, size_t entry_idx) {
  if (table) {
    if (auto name = (*table)["name"].value<std::string>(); name && !Trim(*name).empty())
      return file + ": definition " + Quoted(*name);
  }
  return file + ": [[definition]] #" + std::to_string(entry_idx + 1);
}

// Reads one file into `set` and appends its definitions; errors are appended.
void ReadSetFile(const DefinitionFile& file, DefinitionSet* set,
                 std::vector<Definition>* definitions, std::vector<std::string>* errors) {
  const std::string& where = file.display_name;
  auto parsed = ParseToml(file.text, file.display_name);
  if (!parsed.ok()) {
    errors->push_back(parsed.status().message());
    return;
  }
  const toml::table& root = *parsed;
  CheckKeys(root, {"set", "definition"}, where, errors);
  set->file = file.display_name;
  set->fingerprint = Sha256Hex(file.text).substr(0, 16);
  const toml::table* set_table = root["set"].as_table();
  if (!set_table) {
    errors->push_back(where + ": expected a [set] table (name, version, title, default)");
  } else {
    ReadSetTable(*set_table, where + ": [set]", set, errors);
  }
  const toml::array* entries = root["definition"].as_array();
  if (!entries || entries->empty()) {
    errors->push_back(where + ": expected [[definition]] entries (name, title, expr)");
    return;
  }
  for (size_t entry_idx = 0; entry_idx < entries->size(); ++entry_idx) {
    const toml::table* table = entries->get(entry_idx)->as_table();
    std::string entry_where = EntryWhere(where, table, entry_idx);
    if (!table) {
      errors->push_back(entry_where + ": expected a table");
      continue;
    }
    Definition def;
    size_t errors_before = errors->size();
    ReadDefinition(*table, entry_where, &def, errors);
    if (errors->size() != errors_before) continue;
    def.set_name = set->name;
    def.set_version = set->version;
    def.file = file.display_name;
    set->definitions.push_back(def.name);
    definitions->push_back(std::move(def));
  }
}

}  // namespace

Result<DefinitionCatalog> DefinitionCatalog::LoadDirectory(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Status::NotFound(dir + ": not a directory (expected definition files *.toml)");
  std::vector<std::string> paths;
  // Without exceptions: a symbolic link loop named *.toml is named, not an internal error.
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    if (it->path().extension() != ".toml") continue;
    std::error_code entry_ec;
    if (it->is_regular_file(entry_ec)) {
      paths.push_back(it->path().string());
    } else if (entry_ec) {
      return Status::IoError(it->path().string() + ": cannot be read as a definition file (" +
                             entry_ec.message() + ")");
    }
  }
  if (ec) return Status::IoError(dir + ": " + ec.message());
  if (paths.empty()) return Status::NotFound(dir + ": no definition files (*.toml)");
  std::sort(paths.begin(), paths.end());
  std::vector<DefinitionFile> files;
  for (const std::string& path : paths) {
    Result<std::string> text = ReadFile(path);
    if (!text.ok()) return text.status();
    files.push_back({path, std::move(text).value()});
  }
  return LoadFiles(files);
}

Result<DefinitionCatalog> DefinitionCatalog::LoadFiles(const std::vector<DefinitionFile>& files) {
  if (files.empty()) return Status::NotFound("no definition files");
  DefinitionCatalog catalog;
  std::vector<std::string> errors;

  // Stage 1: each file on its own.
  std::vector<Definition> definitions;
  for (const DefinitionFile& file : files) {
    DefinitionSet set;
    ReadSetFile(file, &set, &definitions, &errors);
    catalog.sets_.push_back(std::move(set));
  }

  // Stage 2: names unique across sets, exactly one default.
  std::map<std::string, const DefinitionSet*> set_by_name;
  std::vector<const DefinitionSet*> defaults;
  for (const DefinitionSet& set : catalog.sets_) {
    if (set.name.empty()) continue;
    auto [it, inserted] = set_by_name.emplace(set.name, &set);
    if (!inserted) {
      errors.push_back(set.file + ": set name " + Quoted(set.name) + " is already used by " +
                       it->second->file);
    }
    if (set.is_default) defaults.push_back(&set);
  }
  if (defaults.empty() && errors.empty()) {
    errors.push_back("no definition set is marked default = true (expected exactly one, e.g. " +
                     catalog.sets_.front().file + ")");
  }
  if (defaults.size() > 1) {
    errors.push_back(defaults[1]->file + ": default = true, but " + defaults[0]->file +
                     " is the default already (exactly one set may be the default)");
  }
  for (size_t def_idx = 0; def_idx < definitions.size(); ++def_idx) {
    const Definition& def = definitions[def_idx];
    auto [it, inserted] = catalog.index_.emplace(def.name, catalog.definitions_.size());
    if (!inserted) {
      const Definition& first = catalog.definitions_[it->second];
      errors.push_back(def.file + ": definition " + Quoted(def.name) + " is already defined in " +
                       (first.file == def.file ? "this file" : first.file) +
                       " (names must be unique across all sets)");
      continue;
    }
    catalog.definitions_.push_back(def);
  }

  // Stage 3: parse every expression, then check each with every definition known, which
  // resolves references (unknown names, cycles) and checks field values.
  for (const Definition& def : catalog.definitions_) {
    const std::string where = def.file + ": definition " + Quoted(def.name);
    Result<Expr> expr = ParseExpr(def.expr_text);
    if (!expr.ok()) {
      errors.push_back(where + ": " + WithCaret(expr.status().message(), def.expr_text));
      continue;
    }
    if (Status st = catalog.expressions_.Add(def.name, std::move(expr).value()); !st.ok())
      errors.push_back(where + ": " + st.message());
  }
  if (!errors.empty()) return Status::Invalid(Join(errors, "\n"));
  for (const Definition& def : catalog.definitions_) {
    const Expr* expr = catalog.expressions_.Find(def.name);
    if (Status st = CheckExpr(*expr, catalog.expressions_); !st.ok()) {
      errors.push_back(def.file + ": definition " + Quoted(def.name) + ": " +
                       WithCaret(st.message(), def.expr_text));
    }
  }
  if (!errors.empty()) return Status::Invalid(Join(errors, "\n"));
  return catalog;
}

const Definition* DefinitionCatalog::Find(std::string_view name) const {
  auto it = index_.find(ToLower(name));
  return it == index_.end() ? nullptr : &definitions_[it->second];
}

std::vector<std::string> DefinitionCatalog::Names() const {
  std::vector<std::string> names;
  names.reserve(definitions_.size());
  for (const Definition& def : definitions_) names.push_back(def.name);
  return names;
}

const DefinitionSet* DefinitionCatalog::FindSet(std::string_view name) const {
  for (const DefinitionSet& set : sets_) {
    if (set.name == name) return &set;
  }
  return nullptr;
}

const DefinitionSet* DefinitionCatalog::DefaultSet() const {
  for (const DefinitionSet& set : sets_) {
    if (set.is_default) return &set;
  }
  return nullptr;
}

std::string DefinitionCatalog::VersionLabel(std::string_view name) const {
  const DefinitionSet* set = FindSet(name);
  if (const Definition* def = Find(name)) set = FindSet(def->set_name);
  if (!set) return "";
  return set->name + " v" + std::to_string(set->version);
}

}  // namespace cairn
