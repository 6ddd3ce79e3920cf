#include "agent/sim/ip_pool.h"

#include <charconv>

namespace stead::agent::sim {

bool ParseIpv4(std::string_view text, uint32_t* out) {
  uint32_t ip = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned octet = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), octet);
    if (ec != std::errc() || octet > 255 || ptr == text.data()) return false;
    ip = (ip << 8) | octet;
    text.remove_prefix(static_cast<size_t>(ptr - text.data()));
    if (i < 3) {
      if (text.empty() || text.front() != '.') return false;
      text.remove_prefix(1);
    }
  }
  if (!text.empty()) return false;
  *out = ip;
  return true;
}

std::string FormatIpv4(uint32_t ip) {
  return std::to_string(ip >> 24) + "." + std::to_string((ip >> 16) & 255) + "." +
         std::to_string((ip >> 8) & 255) + "." + std::to_string(ip & 255);
}

Result<PodIpPool> PodIpPool::Create(std::string_view cidr) {
  size_t slash = cidr.find('/');
  uint32_t base = 0;
  int prefix = 0;
  if (slash == std::string_view::npos || !ParseIpv4(cidr.substr(0, slash), &base)) {
    return Status::BadRequest("invalid CIDR address: " + std::string(cidr));
  }
  std::string_view p = cidr.substr(slash + 1);
  auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), prefix);
  if (ec != std::errc() || ptr != p.data() + p.size() || prefix < 8 || prefix > 30) {
    return Status::BadRequest("invalid CIDR address: " + std::string(cidr));
  }
  uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  uint32_t network = base & mask;
  uint32_t broadcast = network | ~mask;
  return PodIpPool(std::string(cidr), network + 2, broadcast - 1);
}

Result<std::string> PodIpPool::Allocate() {
  if (used_.size() >= Capacity()) {
    return Status::ServiceUnavailable("no IP addresses available in range set: " + cidr_);
  }
  uint32_t ip = next_;
  while (used_.count(ip)) ip = ip == last_ ? first_ : ip + 1;
  used_.insert(ip);
  next_ = ip == last_ ? first_ : ip + 1;
  return FormatIpv4(ip);
}

bool PodIpPool::Reserve(const std::string& text) {
  uint32_t ip = 0;
  if (!ParseIpv4(text, &ip) || ip < first_ || ip > last_) return false;
  return used_.insert(ip).second;
}

void PodIpPool::Release(const std::string& text) {
  uint32_t ip = 0;
  if (ParseIpv4(text, &ip)) used_.erase(ip);
}

std::string PodIpPool::Gateway() const { return FormatIpv4(first_ - 1); }

}  // namespace stead::agent::sim
