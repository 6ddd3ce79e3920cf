#include "dns/answer_cache.h"

#include <algorithm>

namespace stead::dns {

namespace {

// How long `reply` may be cached: the smallest TTL of its answers, or for
// a negative reply the SOA's negative TTL (RFC 2308 §5); nullopt: not at all.
std::optional<uint32_t> CacheTtl(const Message& reply) {
  if (reply.header.tc) return std::nullopt;
  if (reply.header.rcode != kRcodeNoError && reply.header.rcode != kRcodeNXDomain) {
    return std::nullopt;
  }
  if (reply.edns && reply.edns->extended_rcode != 0) return std::nullopt;
  std::optional<uint32_t> ttl;
  if (reply.header.rcode == kRcodeNoError && !reply.answers.empty()) {
    for (const ResourceRecord& rr : reply.answers) ttl = std::min(ttl.value_or(rr.ttl), rr.ttl);
    return ttl;
  }
  for (const ResourceRecord& rr : reply.authority) {
    if (rr.type == kTypeSOA) ttl = std::min(rr.ttl, rr.soa.minimum);
  }
  return ttl;
}

}  // namespace

AnswerCache::AnswerCache(const Clock* clock, Options options)
    : clock_(clock), options_(std::move(options)) {}

std::string AnswerCache::Key(const Question& q, bool dnssec_ok) {
  std::string key = CanonicalName(q.name);
  key.push_back('\0');
  key += std::to_string(q.type) + "/" + std::to_string(q.klass) + (dnssec_ok ? "/do" : "");
  return key;
}

std::optional<Message> AnswerCache::Get(const Question& q, bool dnssec_ok) const {
  const SystemTime now = clock_->Now();
  std::lock_guard lock(mu_);
  auto it = entries_.find(Key(q, dnssec_ok));
  if (it == entries_.end() || now >= it->second.expires) {
    ++misses_;
    if (options_.misses) options_.misses->Inc();
    return std::nullopt;
  }
  ++hits_;
  if (options_.hits) options_.hits->Inc();
  Message reply = it->second.reply;
  const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - it->second.stored);
  const uint32_t elapsed = static_cast<uint32_t>(std::max<int64_t>(0, age.count()));
  for (auto* section : {&reply.answers, &reply.authority, &reply.additional}) {
    for (ResourceRecord& rr : *section) rr.ttl = rr.ttl > elapsed ? rr.ttl - elapsed : 0;
  }
  return reply;
}

void AnswerCache::Put(const Question& q, bool dnssec_ok, const Message& reply) {
  auto ttl = CacheTtl(reply);
  if (!ttl || *ttl == 0) return;
  const SystemTime now = clock_->Now();
  const auto keep = std::min<std::chrono::seconds>(std::chrono::seconds(*ttl), options_.max_ttl);
  std::lock_guard lock(mu_);
  const size_t capacity = std::max<size_t>(1, options_.capacity);
  if (entries_.size() >= capacity) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = now >= it->second.expires ? entries_.erase(it) : std::next(it);
    }
    if (entries_.size() >= capacity) entries_.erase(entries_.begin());
  }
  entries_[Key(q, dnssec_ok)] = Entry{reply, now, now + keep};
}

size_t AnswerCache::size() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

uint64_t AnswerCache::hits() const {
  std::lock_guard lock(mu_);
  return hits_;
}

uint64_t AnswerCache::misses() const {
  std::lock_guard lock(mu_);
  return misses_;
}

}  // namespace stead::dns
