// ServiceIpAllocator: hands out Service ClusterIPs from the service CIDR
// (default 10.96.0.0/12), like upstream's ipallocator: random free address,
// network and broadcast addresses never used, explicit requests checked.
// State is in memory and rebuilt from the stored Services at start-up.
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <set>
#include <string>

#include "core/result.h"

namespace stead::apiserver {

class ServiceIpAllocator {
 public:
  static Result<std::unique_ptr<ServiceIpAllocator>> Create(const std::string& cidr);

  // A random free address.
  Result<std::string> Allocate();
  // Reserves a specific address; Invalid-style error text on failure
  // ("provided IP is already allocated", "provided IP is not in the valid range...").
  Status AllocateSpecific(const std::string& ip);
  void Release(const std::string& ip);
  bool Contains(const std::string& ip) const;
  const std::string& cidr() const { return cidr_; }
  size_t allocated() const;

  static bool ParseIpv4(const std::string& text, uint32_t* out);
  static std::string FormatIpv4(uint32_t ip);

 private:
  ServiceIpAllocator(std::string cidr, uint32_t base, uint32_t size);

  const std::string cidr_;
  const uint32_t base_;  // network address
  const uint32_t size_;  // number of addresses in the range
  mutable std::mutex mu_;
  std::set<uint32_t> used_;  // guarded by mu_
  std::mt19937_64 rng_;      // guarded by mu_
};

}  // namespace stead::apiserver
