// The admin kubeconfig written to DATA_DIR/kubeconfig.yaml (mode 0600) on
// every start, so that `kubectl --kubeconfig DATA_DIR/kubeconfig.yaml` works
// as is: cluster "stead" (server URL + CA data), user "admin" (bearer token),
// context "stead" in namespace default, selected as current context.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"

namespace stead::apiserver::auth {

struct KubeconfigParams {
  std::string server_url;   // "https://127.0.0.1:6443"
  std::string ca_cert_pem;  // trusted CA
  std::string token;        // bearer token of the user
  std::string cluster = "stead";
  std::string user = "admin";
  std::string context = "stead";
  std::string namespace_ = "default";
};

// "https://host:port" for a listen address; a wildcard address becomes the
// loopback address of its family, IPv6 literals get brackets.
std::string ServerUrl(const std::string& listen_host, uint16_t port);

std::string RenderKubeconfig(const KubeconfigParams& params);

// Writes DATA_DIR/kubeconfig.yaml and returns its path.
Result<std::string> WriteKubeconfig(const std::string& data_dir, const KubeconfigParams& params);

}  // namespace stead::apiserver::auth
