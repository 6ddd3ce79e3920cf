// RunCommand: runs a program with a given standard input and collects its
// exit status and output (posix_spawnp; no shell, so arguments are never
// interpreted). Used to drive the nft binary. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace stead::agent::proxy {

struct CommandResult {
  int exit_code = -1;  // -1 when killed by a signal
  std::string out;
  std::string err;
};

// An error only when the program cannot be started.
Result<CommandResult> RunCommand(const std::vector<std::string>& argv, const std::string& input);

// OK when `binary --version` runs and exits 0.
Status CheckVersionRuns(const std::string& binary);

}  // namespace stead::agent::proxy
