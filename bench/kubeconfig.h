// Kubeconfig: the connection details the benchmark tool reads from the
// kubeconfig.yaml that `stead server` writes into its data directory (server
// URL, CA certificate and bearer token of the first cluster and user). Only
// the fields stead writes are understood; this is not a general kubeconfig
// loader.
#pragma once

#include <cstdint>
#include <string>

namespace stead::bench {

struct Endpoint {
  std::string host;  // "127.0.0.1"
  uint16_t port = 0;
  bool tls = true;
  std::string ca_pem;  // empty for plain HTTP
  std::string token;   // bearer token; empty for plain HTTP
};

// Reads `path`; throws std::runtime_error with a readable message on failure.
Endpoint LoadKubeconfig(const std::string& path);

// Parses "https://host:port" / "http://host:port"; throws on malformed input.
Endpoint ParseServerUrl(const std::string& url);

}  // namespace stead::bench
