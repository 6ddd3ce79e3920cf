// Upstream: the nameservers names outside the cluster domain are forwarded
// to (the host's /etc/resolv.conf, or --dns-upstream). Forwarder sends a
// query to each server in turn (starting with the one that answered last)
// over UDP, or TCP when asked or when the UDP reply is truncated and the
// caller wants the whole answer, with a timeout per attempt. Replies are
// matched by a fresh random id (restored to the caller's) and by the
// question, so a stray or spoofed datagram is never taken for the answer.
//
// Thread-safe: every exchange uses its own socket.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace stead::dns {

class Upstream {
 public:
  virtual ~Upstream() = default;
  // Sends `query` (wire format) and returns the reply with the query's id.
  // With `tcp` false a truncated UDP reply is returned as is.
  virtual Result<std::string> Exchange(std::string_view query, bool tcp) = 0;
};

// A nameserver address: "10.0.0.2", "10.0.0.2:5353", "[fd00::2]:53".
struct UpstreamServer {
  sockaddr_storage addr{};
  socklen_t addr_len = 0;
  std::string text;  // ip:port, for logs
};
Result<UpstreamServer> ParseUpstreamServer(std::string_view text, uint16_t default_port = 53);
// The nameserver lines of a resolv.conf file's contents.
std::vector<std::string> ParseResolvConf(std::string_view contents);

class Forwarder final : public Upstream {
 public:
  Forwarder(std::vector<UpstreamServer> servers, std::chrono::milliseconds timeout);

  Result<std::string> Exchange(std::string_view query, bool tcp) override;
  const std::vector<UpstreamServer>& servers() const { return servers_; }

 private:
  Result<std::string> ExchangeWith(const UpstreamServer& server, std::string_view query,
                                   bool tcp) const;

  const std::vector<UpstreamServer> servers_;
  const std::chrono::milliseconds timeout_;
  std::atomic<size_t> preferred_{0};
};

}  // namespace stead::dns
