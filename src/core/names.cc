#include "core/names.h"

#include <array>
#include <random>

namespace stead {
namespace {

constexpr std::string_view kAlphanums = "bcdfghjklmnpqrstvwxz2456789";
constexpr uint32_t kFnvOffset32 = 2166136261u;
constexpr uint32_t kFnvPrime32 = 16777619u;

std::mt19937_64& Engine() {
  thread_local std::mt19937_64 engine = [] {
    std::random_device rd;
    std::array<uint32_t, 8> seed;
    for (uint32_t& word : seed) word = rd();
    std::seed_seq seq(seed.begin(), seed.end());
    return std::mt19937_64(seq);
  }();
  return engine;
}

}  // namespace

std::string RandomSuffix(size_t n) {
  std::uniform_int_distribution<size_t> pick(0, kAlphanums.size() - 1);
  std::string out(n, ' ');
  for (char& c : out) c = kAlphanums[pick(Engine())];
  return out;
}

std::string GenerateName(std::string_view base) {
  return std::string(base.substr(0, kMaxGeneratedNameLength)) + RandomSuffix(5);
}

std::string NewUid() {
  uint64_t hi = Engine()();
  uint64_t lo = Engine()();
  hi = (hi & ~uint64_t{0xF000}) | 0x4000;                      // version 4
  lo = (lo & ~(uint64_t{0xC} << 60)) | (uint64_t{0x8} << 60);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int nibble = 0; nibble < 32; ++nibble) {
    if (nibble == 8 || nibble == 12 || nibble == 16 || nibble == 20) out += '-';
    uint64_t word = nibble < 16 ? hi : lo;
    out += kHex[(word >> (60 - 4 * (nibble % 16))) & 0xF];
  }
  return out;
}

uint32_t Fnv1Hash32(std::string_view data) {
  uint32_t h = kFnvOffset32;
  for (unsigned char c : data) {
    h *= kFnvPrime32;
    h ^= c;
  }
  return h;
}

uint32_t Fnv1aHash32(std::string_view data) {
  uint32_t h = kFnvOffset32;
  for (unsigned char c : data) {
    h ^= c;
    h *= kFnvPrime32;
  }
  return h;
}

std::string SafeEncodeString(std::string_view s) {
  std::string out(s.size(), ' ');
  for (size_t i = 0; i < s.size(); ++i) {
    out[i] = kAlphanums[static_cast<unsigned char>(s[i]) % kAlphanums.size()];
  }
  return out;
}

}  // namespace stead
