#include "apiserver/auth/kubeconfig.h"

#include <openssl/evp.h>

#include "apiserver/auth/files.h"
#include "core/json.h"

namespace stead::apiserver::auth {
namespace {

std::string Base64(const std::string& data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(data.data()),
                          static_cast<int>(data.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

// JSON strings are valid YAML double-quoted scalars, whatever they contain.
std::string Quote(const std::string& value) { return Json(value).dump(); }

}  // namespace

std::string ServerUrl(const std::string& listen_host, uint16_t port) {
  std::string host = listen_host;
  if (host.empty() || host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "https://" + host + ":" + std::to_string(port);
}

std::string RenderKubeconfig(const KubeconfigParams& params) {
  std::string out;
  out += "apiVersion: v1\n";
  out += "kind: Config\n";
  out += "clusters:\n";
  out += "- name: " + Quote(params.cluster) + "\n";
  out += "  cluster:\n";
  out += "    server: " + Quote(params.server_url) + "\n";
  out += "    certificate-authority-data: " + Base64(params.ca_cert_pem) + "\n";
  out += "users:\n";
  out += "- name: " + Quote(params.user) + "\n";
  out += "  user:\n";
  out += "    token: " + Quote(params.token) + "\n";
  out += "contexts:\n";
  out += "- name: " + Quote(params.context) + "\n";
  out += "  context:\n";
  out += "    cluster: " + Quote(params.cluster) + "\n";
  out += "    user: " + Quote(params.user) + "\n";
  out += "    namespace: " + Quote(params.namespace_) + "\n";
  out += "current-context: " + Quote(params.context) + "\n";
  out += "preferences: {}\n";
  return out;
}

Result<std::string> WriteKubeconfig(const std::string& data_dir, const KubeconfigParams& params) {
  STEAD_RETURN_IF_ERROR(MakeDirectories(data_dir, 0700));
  std::string path = data_dir + "/kubeconfig.yaml";
  STEAD_RETURN_IF_ERROR(WriteFileAtomically(path, RenderKubeconfig(params), 0600));
  return path;
}

}  // namespace stead::apiserver::auth
