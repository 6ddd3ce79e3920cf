#include "apiserver/service_ip_allocator.h"

#include <cstdio>

namespace stead::apiserver {

bool ServiceIpAllocator::ParseIpv4(const std::string& text, uint32_t* out) {
  unsigned a, b, c, d;
  char tail;
  if (std::sscanf(text.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4) return false;
  if (a > 255 || b > 255 || c > 255 || d > 255) return false;
  *out = (a << 24) | (b << 16) | (c << 8) | d;
  return true;
}

std::string ServiceIpAllocator::FormatIpv4(uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." +
         std::to_string((ip >> 8) & 255) + "." + std::to_string(ip & 255);
}

Result<std::unique_ptr<ServiceIpAllocator>> ServiceIpAllocator::Create(const std::string& cidr) {
  auto slash = cidr.find('/');
  uint32_t base = 0;
  if (slash == std::string::npos || !ParseIpv4(cidr.substr(0, slash), &base)) {
    return Status::BadRequest("invalid service CIDR " + cidr);
  }
  int bits = std::atoi(cidr.c_str() + slash + 1);
  if (bits < 8 || bits > 30) return Status::BadRequest("unsupported service CIDR size " + cidr);
  uint32_t size = 1u << (32 - bits);
  base &= ~(size - 1);
  return std::unique_ptr<ServiceIpAllocator>(new ServiceIpAllocator(cidr, base, size));
}

ServiceIpAllocator::ServiceIpAllocator(std::string cidr, uint32_t base, uint32_t size)
    : cidr_(std::move(cidr)), base_(base), size_(size), rng_(std::random_device{}()) {}

bool ServiceIpAllocator::Contains(const std::string& ip) const {
  uint32_t v;
  if (!ParseIpv4(ip, &v)) return false;
  return v > base_ && v < base_ + size_ - 1;
}

Result<std::string> ServiceIpAllocator::Allocate() {
  std::lock_guard<std::mutex> lock(mu_);
  uint32_t usable = size_ - 2;
  if (used_.size() >= usable) {
    return Status::Internal("range is full");
  }
  uint32_t start = static_cast<uint32_t>(rng_() % usable);
  for (uint32_t i = 0; i < usable; ++i) {
    uint32_t ip = base_ + 1 + (start + i) % usable;
    if (used_.insert(ip).second) return FormatIpv4(ip);
  }
  return Status::Internal("range is full");
}

Status ServiceIpAllocator::AllocateSpecific(const std::string& ip) {
  uint32_t v;
  if (!ParseIpv4(ip, &v)) return Status::Invalid("must be a valid IP address");
  if (!(v > base_ && v < base_ + size_ - 1)) {
    return Status::Invalid("provided IP is not in the valid range. The range of valid IPs is " +
                           cidr_);
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (!used_.insert(v).second) return Status::Invalid("provided IP is already allocated");
  return Status::OK();
}

void ServiceIpAllocator::Release(const std::string& ip) {
  uint32_t v;
  if (!ParseIpv4(ip, &v)) return;
  std::lock_guard<std::mutex> lock(mu_);
  used_.erase(v);
}

size_t ServiceIpAllocator::allocated() const {
  std::lock_guard<std::mutex> lock(mu_);
  return used_.size();
}

}  // namespace stead::apiserver
