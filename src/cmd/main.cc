// stead: one binary, several roles.
//   stead server [flags]   the whole single-node cluster (API server,
//                          controllers, DNS, local node)
//   stead version
#include <cstdio>
#include <string>
#include <vector>

#include "apiserver/discovery.h"
#include "cmd/server_command.h"

namespace {

void Usage() {
  std::fprintf(stderr,
               "Usage: stead <command> [flags]\n\n"
               "Commands:\n"
               "  server    run the API server, controllers and the local node\n"
               "  version   print the version\n\n"
               "Run 'stead server --help' for the server flags.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    Usage();
    return 2;
  }
  std::string command = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (command == "server") return stead::cmd::RunServer(args);
  if (command == "version" || command == "--version") {
    std::printf("stead %s (Kubernetes API %s.%s)\n", stead::apiserver::kGitVersion,
                stead::apiserver::kKubernetesMajor, stead::apiserver::kKubernetesMinor);
    return 0;
  }
  if (command == "help" || command == "--help" || command == "-h") {
    Usage();
    return 0;
  }
  std::fprintf(stderr, "stead: unknown command %s\n", command.c_str());
  Usage();
  return 2;
}
