// Minimal command-line flag parsing for the stead subcommands:
// `--name value`, `--name=value` and boolean `--name`.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace stead::cmd {

class Flags {
 public:
  // `known` maps flag names to whether they take a value.
  static Result<Flags> Parse(const std::vector<std::string>& args,
                             const std::map<std::string, bool>& known);
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  Result<int64_t> GetInt(const std::string& name, int64_t fallback) const;
  // A Go duration ("400ms", "2s", "1m30s"), rounded down to milliseconds.
  // A comma-separated list; empty items are dropped.
  std::vector<std::string> GetList(const std::string& name) const;
  Result<std::chrono::milliseconds> GetDuration(const std::string& name,
                                                std::chrono::milliseconds fallback) const;

 private:
  std::map<std::string, std::string> values_;
};

}  // namespace stead::cmd
