// PodIpPool: the pod addresses of one node's IPv4 range, handed out the way
// CNI's host-local plugin does — the network address, the gateway (first
// host, .1 of a /24) and the broadcast address are never used, and
// allocation continues after the last address handed out (round robin), so
// a recreated pod usually gets a fresh address. Thread-compatible (the
// owner serializes access).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "core/result.h"

namespace stead::agent::sim {

class PodIpPool {
 public:
  // `cidr` like "10.244.1.0/24" (prefix 8..30).
  static Result<PodIpPool> Create(std::string_view cidr);

  // A free address; an error once the range is exhausted.
  Result<std::string> Allocate();
  // Marks a specific address as used (a pod that already has it); false if
  // it is outside the range or taken.
  bool Reserve(const std::string& ip);
  void Release(const std::string& ip);

  const std::string& cidr() const { return cidr_; }
  // The gateway address (first host).
  std::string Gateway() const;
  size_t Capacity() const { return static_cast<size_t>(last_ - first_ + 1); }
  size_t Available() const { return Capacity() - used_.size(); }

 private:
  PodIpPool(std::string cidr, uint32_t first, uint32_t last)
      : cidr_(std::move(cidr)), first_(first), last_(last), next_(first) {}

  std::string cidr_;
  uint32_t first_;  // first assignable address (gateway + 1)
  uint32_t last_;   // last assignable address (broadcast - 1)
  uint32_t next_;   // where the next search starts
  std::set<uint32_t> used_;
};

// Parses dotted IPv4; false if malformed.
bool ParseIpv4(std::string_view text, uint32_t* out);
std::string FormatIpv4(uint32_t ip);

}  // namespace stead::agent::sim
