// `stead server`: runs the whole single-node cluster in this process until
// SIGTERM or SIGINT, then shuts down gracefully.
#pragma once

#include <string>
#include <vector>

namespace stead::cmd {

int RunServer(const std::vector<std::string>& args);

}  // namespace stead::cmd
