// Definitions: the named, versioned selections shipped in config/definitions/*.toml (Cumbria's
// local definition of serious violence, the national Serious Violence Duty measures, the categories
// the strategy reports year on year, coarse equivalents for data.police.uk crime types) and any a
// partnership adds. Each file is one DefinitionSet:
//
//   [set]
//   name = "cumbria-local"        # lower-case words joined by "-"; unique across files
//   version = 1                   # goes up by one with every change to any expression
//   title = "..."
//   default = true                # exactly one set is the default
//   source = "..."                # citation (optional), description (optional)
//
//   [[definition]]
//   name = "knife_crime"          # lower-case snake_case; unique across ALL sets
//   title = "Knife crime"
//   expr = 'kind = "crime" and (marker.knife or offence.code in ("10D", "90"))'
//   description = "..."           # optional
//   confirmed = false             # optional, default true; false needs a note
//   note = "Code 90 is unconfirmed ..."
//
// An expression (language in define/expr.h) may name any definition of any set. Definitions are
// applied when an analysis runs; nothing derived from them is stored, so changing one never
// rewrites stored data. Every output that uses a definition states VersionLabel() beside its name.
//
// A DefinitionCatalog is immutable after loading and safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "define/expr.h"
#include "util/status.h"

namespace cairn {

struct Definition {
  std::string name;         // "knife_crime"
  std::string title;        // "Knife crime"
  std::string expr_text;    // the expression as written, runs of white space made single spaces
  std::string description;  // what it means, for reports and `cairn definitions`
  std::string note;         // what is unconfirmed or needs care ("" if nothing)
  bool confirmed = true;    // false when it rests on codes or rules not yet checked
  std::string set_name;     // "cumbria-local"
  int set_version = 0;      // 1
  std::string file;         // the file it came from, as messages name it
};

struct DefinitionSet {
  std::string name;  // "cumbria-local"
  int version = 0;
  std::string title;
  std::string source;  // citation of where the definition comes from ("" if not given)
  std::string description;
  bool is_default = false;
  std::string file;
  // First 16 hex digits of the SHA-256 of the file's bytes: tells apart two files that claim the
  // same version (an edit whose version was not bumped).
  std::string fingerprint;
  std::vector<std::string> definitions;  // names, in file order
};

// One definition file's name (as messages should show it) and content.
struct DefinitionFile {
  std::string display_name;
  std::string text;
};

class DefinitionCatalog {
 public:
  // Loads every *.toml file directly in `dir`, in file-name order. Reports every problem found
  // (each naming the file, the definition and what is wrong), then fails: a malformed file, a
  // missing or mistyped key, a name used twice (within or across sets), an expression that does
  // not parse, a reference to an unknown definition (with a suggestion) or a cycle of references,
  // no default set or more than one.
  static Result<DefinitionCatalog> LoadDirectory(const std::string& dir);
  // The same from file contents already in memory (tests, tools).
  static Result<DefinitionCatalog> LoadFiles(const std::vector<DefinitionFile>& files);

  // The definition with this name (case-insensitive), or nullptr.
  const Definition* Find(std::string_view name) const;
  // Every definition name: sets in file-name order, definitions in file order.
  std::vector<std::string> Names() const;
  const std::vector<DefinitionSet>& sets() const { return sets_; }
  // The set with this name, or nullptr.
  const DefinitionSet* FindSet(std::string_view name) const;
  // The set marked default = true (never null in a loaded catalog).
  const DefinitionSet* DefaultSet() const;
  // "cumbria-local v1" for a definition name or a set name; "" if neither is known.
  std::string VersionLabel(std::string_view name) const;
  // The parsed expressions by name, for Compile() and CheckExpr() (define/expr.h).
  const Definitions& expressions() const { return expressions_; }

 private:
  std::vector<DefinitionSet> sets_;
  std::vector<Definition> definitions_;
  std::unordered_map<std::string, size_t> index_;  // name -> definitions_ index
  Definitions expressions_;
};

}  // namespace cairn
