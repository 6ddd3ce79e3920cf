// AnswerCache: replies from the upstream nameservers, kept for their TTL
// (at most 30 s, as the `cache 30` of CoreDNS's default Corefile), so that
// pods asking for the same outside name again are answered without a round
// trip. Only NOERROR and NXDOMAIN replies that are not truncated are kept;
// a negative reply for as long as its SOA says (RFC 2308), capped the same
// way. A hit is the stored reply with its TTLs lowered by the time it has
// been cached. Names of the cluster domain never get here: the zone answers
// them, always current.
//
// Bounded: when full, expired entries are dropped and, if that frees
// nothing, one arbitrary entry. Thread-safe (one mutex; hits are copied
// out).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/clock.h"
#include "core/metrics.h"
#include "dns/message.h"

namespace stead::dns {

class AnswerCache {
 public:
  struct Options {
    size_t capacity = 10000;
    std::chrono::seconds max_ttl{30};
    // Incremented on each lookup, if set.
    Counter* hits = nullptr;
    Counter* misses = nullptr;
  };

  // `clock` and the counters must outlive the cache.
  AnswerCache(const Clock* clock, Options options);

  AnswerCache(const AnswerCache&) = delete;
  AnswerCache& operator=(const AnswerCache&) = delete;

  // The cached reply to `q` (DNSSEC OK bit `dnssec_ok`), TTLs adjusted.
  std::optional<Message> Get(const Question& q, bool dnssec_ok) const;
  // Remembers `reply` to `q` if it may be cached.
  void Put(const Question& q, bool dnssec_ok, const Message& reply);

  size_t size() const;
  uint64_t hits() const;
  uint64_t misses() const;

 private:
  struct Entry {
    Message reply;
    SystemTime stored;
    SystemTime expires;
  };
  static std::string Key(const Question& q, bool dnssec_ok);

  const Clock* const clock_;
  const Options options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // guarded by mu_
  mutable uint64_t hits_ = 0;                       // guarded by mu_
  mutable uint64_t misses_ = 0;                     // guarded by mu_
};

}  // namespace stead::dns
