#include "kubeconfig.h"

#include <openssl/evp.h>
#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace stead::bench {

namespace {

std::string DecodeBase64(const std::string& in) {
  std::string out(in.size() / 4 * 3 + 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  if (n < 0) throw std::runtime_error("kubeconfig: bad base64 in certificate-authority-data");
  // EVP_DecodeBlock counts the padding as output bytes.
  size_t len = static_cast<size_t>(n);
  for (size_t i = in.size(); i > 0 && in[i - 1] == '='; --i) --len;
  out.resize(len);
  return out;
}

}  // namespace

Endpoint ParseServerUrl(const std::string& url) {
  Endpoint e;
  std::string rest;
  if (url.rfind("https://", 0) == 0) {
    e.tls = true;
    rest = url.substr(8);
  } else if (url.rfind("http://", 0) == 0) {
    e.tls = false;
    rest = url.substr(7);
  } else {
    throw std::runtime_error("server URL must start with http:// or https://: " + url);
  }
  if (auto slash = rest.find('/'); slash != std::string::npos) rest.resize(slash);
  auto colon = rest.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("server URL has no port: " + url);
  e.host = rest.substr(0, colon);
  if (e.host.size() >= 2 && e.host.front() == '[') e.host = e.host.substr(1, e.host.size() - 2);
  e.port = static_cast<uint16_t>(std::stoi(rest.substr(colon + 1)));
  return e;
}

Endpoint LoadKubeconfig(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& ex) {
    throw std::runtime_error("kubeconfig " + path + ": " + ex.what());
  }
  const YAML::Node cluster = root["clusters"][0]["cluster"];
  if (!cluster || !cluster["server"])
    throw std::runtime_error("kubeconfig " + path + ": no server");
  Endpoint e = ParseServerUrl(cluster["server"].as<std::string>());
  if (cluster["certificate-authority-data"]) {
    e.ca_pem = DecodeBase64(cluster["certificate-authority-data"].as<std::string>());
  }
  const YAML::Node user = root["users"][0]["user"];
  if (user && user["token"]) e.token = user["token"].as<std::string>();
  return e;
}

}  // namespace stead::bench
