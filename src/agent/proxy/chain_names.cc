#include "agent/proxy/chain_names.h"

#include <openssl/sha.h>

namespace stead::agent::proxy {

namespace {

// RFC 4648 base32 (upper case, "=" padding), as Go's base32.StdEncoding.
std::string Base32(const unsigned char* data, size_t len) {
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (size_t i = 0; i < len; ++i) {
    buffer = (buffer << 8) | data[i];
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  while (out.size() % 8 != 0) out.push_back('=');
  return out;
}

std::string PortBase(const ServicePort& port) {
  return port.ns + "/" + port.service + "/" + port.protocol + "/" + port.port_name;
}

std::string EndpointBase(const ServicePort& port, const Endpoint& ep) {
  return PortBase(port) + "__" + ep.ip + "/" + std::to_string(ep.port);
}

}  // namespace

std::string HashAndTruncate(const std::string& name) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(name.data()), name.size(), digest);
  std::string out = Base32(digest, sizeof(digest)).substr(0, 8) + "-" + name;
  if (out.size() > kChainNameBaseMax) out = out.substr(0, kChainNameBaseMax - 3) + "...";
  return out;
}

std::string ServiceChainName(const ServicePort& port) {
  return "service-" + HashAndTruncate(PortBase(port));
}

std::string EndpointChainName(const ServicePort& port, const Endpoint& ep) {
  return "endpoint-" + HashAndTruncate(EndpointBase(port, ep));
}

std::string AffinitySetName(const ServicePort& port, const Endpoint& ep) {
  return "affinity-" + HashAndTruncate(EndpointBase(port, ep));
}

bool IsServiceObjectName(const std::string& name) { return name.find('/') != std::string::npos; }

}  // namespace stead::agent::proxy
