// Names and identifiers the API server and controllers mint, matching
// upstream: generateName suffixes (k8s.io/apiserver names.SimpleNameGenerator),
// the consonant-and-digit alphabet of k8s.io/apimachinery/pkg/util/rand,
// object UIDs (random UUIDv4) and the FNV-32 hashes that ControllerRevision
// names (FNV-1) and pod-template-hash labels (FNV-1a) are built from.
//
// All functions are thread-safe; randomness comes from a per-thread engine
// seeded from std::random_device.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace stead {

// generateName keeps at most this much of the prefix (63 - 5).
inline constexpr size_t kMaxGeneratedNameLength = 58;

// n characters from "bcdfghjklmnpqrstvwxz2456789" (no vowels, so no words).
std::string RandomSuffix(size_t n);
// metadata.generateName: base (truncated to 58 bytes) + 5 random characters.
std::string GenerateName(std::string_view base);
// A random UUIDv4 in lowercase 8-4-4-4-12 form.
std::string NewUid();

// 32-bit FNV-1 (Go's fnv.New32) and FNV-1a (fnv.New32a). Hashing a
// concatenation equals writing the parts in turn.
uint32_t Fnv1Hash32(std::string_view data);
uint32_t Fnv1aHash32(std::string_view data);

// rand.SafeEncodeString: maps each byte onto the alphabet above (so decimal
// digits "0123456789" become "456789bcdf"). Used on the decimal form of a
// hash, e.g. SafeEncodeString(std::to_string(Fnv1Hash32(data))).
std::string SafeEncodeString(std::string_view s);

}  // namespace stead
