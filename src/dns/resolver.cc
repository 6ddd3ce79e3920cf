#include "dns/resolver.h"

#include <algorithm>
#include <random>

#include "core/log.h"

namespace stead::dns {

namespace {

constexpr uint16_t kTypeIXFR = 251;
// RFC 6891 §9: BADVERS is 16, i.e. extended rcode 1 with header rcode 0.
constexpr uint8_t kExtendedRcodeBadVers = 1;

}  // namespace

struct Resolver::Parsed {
  Message query;
  size_t max_size = kMaxUdpSize;
};

Resolver::Resolver(const ZoneIndex* zone, Upstream* upstream, AnswerCache* cache)
    : zone_(zone), upstream_(upstream), cache_(cache) {}

Message Resolver::ResponseTo(const Message& query) const {
  Message r;
  r.header.id = query.header.id;
  r.header.qr = true;
  r.header.opcode = query.header.opcode;
  r.header.rd = query.header.rd;
  r.header.cd = query.header.cd;
  r.header.ra = upstream_ != nullptr;
  r.questions = query.questions;
  if (query.edns) {
    Edns e;
    e.udp_size = kEdnsUdpSize;
    r.edns = e;
  }
  return r;
}

std::optional<Resolver::Parsed> Resolver::Prepare(std::string_view query, Transport transport,
                                                  Reply* reply) const {
  auto header = ParseHeader(query);
  if (!header.ok() || header->qr) return std::nullopt;  // nothing to answer
  auto parsed = ParseMessage(query);
  if (!parsed.ok()) {
    Message r;
    r.header.id = header->id;
    r.header.qr = true;
    r.header.opcode = header->opcode;
    r.header.rd = header->rd;
    r.header.rcode = kRcodeFormErr;
    reply->wire = SerializeMessage(r, kMaxUdpSize);
    reply->rcode = kRcodeFormErr;
    return std::nullopt;
  }
  Parsed p;
  p.query = std::move(*parsed);
  if (transport == Transport::kTcp) {
    p.max_size = kMaxMessageSize;
  } else if (p.query.edns) {
    p.max_size = std::clamp<size_t>(p.query.edns->udp_size, kMaxUdpSize, kEdnsUdpSize);
  }
  if (!p.query.questions.empty()) reply->qtype = p.query.questions[0].type;
  auto refuse = [&](uint8_t rcode) {
    Message r = ResponseTo(p.query);
    r.header.rcode = rcode;
    *reply = Finish(p, std::move(r));
  };
  if (p.query.header.opcode != kOpcodeQuery) {
    refuse(kRcodeRefused);
    return std::nullopt;
  }
  if (p.query.questions.size() != 1) {
    refuse(kRcodeFormErr);
    return std::nullopt;
  }
  if (p.query.edns && p.query.edns->version > 0) {
    Message r = ResponseTo(p.query);
    r.edns->extended_rcode = kExtendedRcodeBadVers;
    *reply = Finish(p, std::move(r));
    reply->rcode = 16;
    return std::nullopt;
  }
  const Question& q = p.query.questions[0];
  if ((q.klass != kClassIN && q.klass != kTypeANY) || q.type == kTypeAXFR || q.type == kTypeIXFR) {
    refuse(kRcodeRefused);
    return std::nullopt;
  }
  return p;
}

Reply Resolver::Finish(const Parsed& p, Message response) const {
  Reply reply;
  reply.rcode = response.header.rcode;
  reply.qtype = p.query.questions.empty() ? 0 : p.query.questions[0].type;
  reply.wire = SerializeMessage(response, p.max_size);
  return reply;
}

Reply Resolver::FromZone(const Parsed& p, LookupResult result) const {
  Message r = ResponseTo(p.query);
  r.header.aa = true;
  r.header.rcode = result.rcode;
  r.answers = std::move(result.answers);
  r.authority = std::move(result.authority);
  r.additional = std::move(result.additional);
  return Finish(p, std::move(r));
}

Reply Resolver::Answer(std::string_view query, Transport transport) const {
  Reply reply;
  auto p = Prepare(query, transport, &reply);
  if (!p) return reply;
  auto result = zone_->Lookup(p->query.questions[0]);
  if (!result) {
    if (auto cached = FromCache(*p)) return std::move(*cached);
  }
  if (!result || !result->chase.empty()) {
    reply.forward = true;
    return reply;
  }
  return FromZone(*p, std::move(*result));
}

Reply Resolver::Forward(std::string_view query, Transport transport) const {
  Reply reply;
  auto p = Prepare(query, transport, &reply);
  if (!p) return reply;
  const Question& q = p->query.questions[0];
  auto result = zone_->Lookup(q);
  if (result && !result->chase.empty()) return Chase(*p, std::move(*result), transport);
  if (result) {
    // The zone changed in between: answer from it after all.
    return FromZone(*p, std::move(*result));
  }
  // Never forwarded: names of the cluster domain are answered above.
  Result<std::string> upstream =
      upstream_ ? upstream_->Exchange(query, transport == Transport::kTcp)
                : Result<std::string>(Status::ServiceUnavailable("no upstream nameservers"));
  if (upstream.ok() && cache_) {
    auto parsed = ParseMessage(*upstream);
    if (parsed.ok()) cache_->Put(q, p->query.edns && p->query.edns->dnssec_ok, *parsed);
  }
  if (upstream.ok() && upstream->size() <= p->max_size) {
    reply.wire = std::move(*upstream);
    auto header = ParseHeader(reply.wire);
    reply.rcode = header.ok() ? header->rcode : static_cast<uint8_t>(kRcodeServFail);
    return reply;
  }
  if (upstream.ok()) {
    // Larger than the client takes (an upstream that ignored its EDNS size).
    auto parsed = ParseMessage(*upstream);
    if (parsed.ok()) {
      parsed->header.id = p->query.header.id;
      return Finish(*p, std::move(*parsed));
    }
  }
  LOG_DEBUG("dns", "forwarding failed",
            {{"name", q.name},
             {"error", upstream.ok() ? "unparseable reply" : upstream.status().message()}});
  Message r = ResponseTo(p->query);
  r.header.rcode = kRcodeServFail;
  return Finish(*p, std::move(r));
}

std::optional<Reply> Resolver::FromCache(const Parsed& p) const {
  if (!cache_) return std::nullopt;
  auto cached = cache_->Get(p.query.questions[0], p.query.edns && p.query.edns->dnssec_ok);
  if (!cached) return std::nullopt;
  Message r = ResponseTo(p.query);
  r.header.ad = cached->header.ad;
  r.header.rcode = cached->header.rcode;
  r.answers = std::move(cached->answers);
  r.authority = std::move(cached->authority);
  r.additional = std::move(cached->additional);
  return Finish(p, std::move(r));
}

Reply Resolver::Chase(const Parsed& p, LookupResult result, Transport transport) const {
  Message r = ResponseTo(p.query);
  r.header.aa = true;
  r.header.rcode = result.rcode;
  r.answers = std::move(result.answers);
  const Question& q = p.query.questions[0];
  if (upstream_) {
    Message sub;
    thread_local std::mt19937 rng(std::random_device{}());
    sub.header.id = static_cast<uint16_t>(rng());
    sub.header.rd = true;
    sub.questions.push_back({result.chase, q.type, q.klass});
    Edns e;
    e.udp_size = kEdnsUdpSize;
    sub.edns = e;
    auto upstream = upstream_->Exchange(SerializeMessage(sub), transport == Transport::kTcp);
    if (upstream.ok()) {
      auto parsed = ParseMessage(*upstream);
      if (parsed.ok() && parsed->header.tc && transport == Transport::kUdp) {
        r.header.tc = true;
      } else if (parsed.ok()) {
        r.header.rcode = parsed->header.rcode;
        for (ResourceRecord& rr : parsed->answers) r.answers.push_back(std::move(rr));
        for (ResourceRecord& rr : parsed->authority) r.authority.push_back(std::move(rr));
      }
    }
  }
  return Finish(p, std::move(r));
}

}  // namespace stead::dns
