// Resolver: turns one DNS query message into its reply. Names in the
// cluster domain (and PTR queries for addresses the zone knows) are answered
// from the ZoneIndex, authoritatively; everything else is forwarded to the
// upstream nameservers (through an AnswerCache, if given), and a query for
// the cluster domain never is.
//
// Answering happens in two steps so a server never makes zone answers wait
// behind a slow upstream: Answer() is immediate and either gives the reply
// or says the query needs the upstream; Forward() (on a thread that may
// block) then produces that reply.
//
// Protocol rules: a response or a packet too short for a header is dropped;
// an unparseable query gets FORMERR, a query with other than one question
// FORMERR, an opcode other than QUERY REFUSED (as CoreDNS), a zone transfer
// or a class other than IN REFUSED, an EDNS version above 0 BADVERS. A reply
// carries an OPT record iff the query did. It is cut to fit (TC bit) in 512
// bytes over UDP, or the requester's EDNS UDP size (at most 4096), or 65535
// over TCP. Upstream failures give SERVFAIL.
//
// Thread-safe (the zone and the upstream are).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dns/answer_cache.h"
#include "dns/message.h"
#include "dns/upstream.h"
#include "dns/zone.h"

namespace stead::dns {

enum class Transport { kUdp, kTcp };

struct Reply {
  std::string wire;      // empty: send nothing
  uint8_t rcode = 0;     // for metrics
  uint16_t qtype = 0;    // for metrics (0 when there was no question)
  bool forward = false;  // Answer() only: call Forward() for the reply
};

class Resolver {
 public:
  // `zone` must outlive the resolver; `upstream` and `cache` too, and may
  // be null (no upstream: out-of-zone queries get SERVFAIL; no cache: every
  // one is forwarded).
  Resolver(const ZoneIndex* zone, Upstream* upstream, AnswerCache* cache = nullptr);

  Reply Answer(std::string_view query, Transport transport) const;
  Reply Forward(std::string_view query, Transport transport) const;

  // The EDNS UDP size stead advertises and honours at most.
  static constexpr uint16_t kEdnsUdpSize = 4096;

 private:
  struct Parsed;
  // Validates and parses; fills `reply` when the query is answered (or
  // dropped) without a lookup.
  std::optional<Parsed> Prepare(std::string_view query, Transport transport, Reply* reply) const;
  Reply Finish(const Parsed& p, Message response) const;
  // The authoritative reply carrying a zone answer.
  Reply FromZone(const Parsed& p, LookupResult result) const;
  Message ResponseTo(const Message& query) const;
  Reply Chase(const Parsed& p, LookupResult result, Transport transport) const;
  // The reply from the answer cache, if it holds one.
  std::optional<Reply> FromCache(const Parsed& p) const;

  const ZoneIndex* const zone_;
  Upstream* const upstream_;
  AnswerCache* const cache_;
};

}  // namespace stead::dns
