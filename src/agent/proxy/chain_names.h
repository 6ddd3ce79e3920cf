// Names of the per-service objects in stead's nftables table, built the
// way kube-proxy's nftables mode builds them: a readable base
// "ns/svc/proto/port" (plus "__ip/port" for an endpoint) prefixed with the
// first 8 characters of the base32 SHA-256 of that base, so names stay
// unique and visually distinct, then truncated (with "...") to stay under
// nft's 256-byte name limit. Deterministic: the same service port or
// endpoint always gets the same chain.
//
//   service-ULMVA6XW-ns1/svc1/tcp/p80
//   endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80
//   affinity-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80   (a set)
//
// Every such name contains a "/", which none of the fixed chain names do.
#pragma once

#include <string>

#include "agent/proxy/service_ports.h"

namespace stead::agent::proxy {

// nft's limit is 256 bytes with the terminating NUL; prefixes are at most 16.
inline constexpr size_t kChainNameBaseMax = 256 - 16 - 1;

// "<8 base32 chars of sha256(name)>-<name>", truncated to kChainNameBaseMax.
std::string HashAndTruncate(const std::string& name);

std::string ServiceChainName(const ServicePort& port);
std::string EndpointChainName(const ServicePort& port, const Endpoint& ep);
std::string AffinitySetName(const ServicePort& port, const Endpoint& ep);

// True for the names above (they all contain a '/').
bool IsServiceObjectName(const std::string& name);

}  // namespace stead::agent::proxy
