// The DNS wire format (RFC 1035 §4, RFC 6891 for EDNS0): a Message is the
// parsed form of one query or response, ParseMessage decodes a datagram and
// SerializeMessage encodes one with name compression and truncation.
//
// Names are kept in presentation form without the final dot ("" is the
// root), in the case they arrived in; a '.' or '\' inside a label is escaped
// with a backslash so every name round-trips. Comparisons are the caller's
// business (CanonicalName lowercases).
//
// Parsing is for untrusted input: every length and compression pointer is
// checked (pointers must point backwards, so decoding always terminates) and
// a malformed packet gives a non-OK Status, never a crash. The EDNS0 OPT
// pseudo-record is taken out of the additional section into Message::edns.
//
// Serializing stops at `max_size` bytes: an answer or authority record that
// does not fit is dropped with every record after it and the TC bit is set;
// additional records that do not fit are dropped silently (RFC 2181 §9). The
// OPT record, if any, always fits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace stead::dns {

// Resource record types (only those stead builds or inspects are named).
enum RecordType : uint16_t {
  kTypeA = 1,
  kTypeNS = 2,
  kTypeCNAME = 5,
  kTypeSOA = 6,
  kTypePTR = 12,
  kTypeMX = 15,
  kTypeTXT = 16,
  kTypeAAAA = 28,
  kTypeSRV = 33,
  kTypeOPT = 41,
  kTypeAXFR = 252,
  kTypeANY = 255,
};
constexpr uint16_t kClassIN = 1;

enum Rcode : uint8_t {
  kRcodeNoError = 0,
  kRcodeFormErr = 1,
  kRcodeServFail = 2,
  kRcodeNXDomain = 3,
  kRcodeNotImp = 4,
  kRcodeRefused = 5,
};
constexpr uint8_t kOpcodeQuery = 0;

// The largest UDP reply without EDNS0 (RFC 1035 §4.2.1).
constexpr size_t kMaxUdpSize = 512;
// The largest message at all (TCP's 16-bit length prefix).
constexpr size_t kMaxMessageSize = 65535;

struct Header {
  uint16_t id = 0;
  bool qr = false;  // response
  uint8_t opcode = kOpcodeQuery;
  bool aa = false;  // authoritative answer
  bool tc = false;  // truncated
  bool rd = false;  // recursion desired
  bool ra = false;  // recursion available
  bool ad = false;
  bool cd = false;
  uint8_t rcode = kRcodeNoError;  // low 4 bits; the rest lives in the OPT record
};

struct Question {
  std::string name;
  uint16_t type = kTypeA;
  uint16_t klass = kClassIN;
};

struct SoaData {
  std::string mname, rname;
  uint32_t serial = 0, refresh = 0, retry = 0, expire = 0, minimum = 0;
};

struct SrvData {
  uint16_t priority = 0, weight = 0, port = 0;
  std::string target;
};

// One resource record. Which payload field is meaningful follows `type`:
// A/AAAA the 4/16 address bytes in `data`; CNAME/PTR/NS `target`; SRV `srv`;
// SOA `soa`; MX preference in srv.priority and exchange in `target`; every
// other type (TXT included, as its length-prefixed strings) raw in `data`.
struct ResourceRecord {
  std::string name;
  uint16_t type = kTypeA;
  uint16_t klass = kClassIN;
  uint32_t ttl = 0;
  std::string data;
  std::string target;
  SrvData srv;
  SoaData soa;
};

// EDNS0 (the OPT pseudo-record's fields).
struct Edns {
  uint16_t udp_size = kMaxUdpSize;
  uint8_t extended_rcode = 0;  // upper 8 bits of the 12-bit rcode
  uint8_t version = 0;
  bool dnssec_ok = false;
};

struct Message {
  Header header;
  std::vector<Question> questions;
  std::vector<ResourceRecord> answers;
  std::vector<ResourceRecord> authority;
  std::vector<ResourceRecord> additional;
  std::optional<Edns> edns;
};

Result<Message> ParseMessage(std::string_view wire);
std::string SerializeMessage(const Message& message, size_t max_size = kMaxMessageSize);

// Reads only the header (for cheap checks such as the id of a reply).
Result<Header> ParseHeader(std::string_view wire);

// Lowercased, without a final dot.
std::string CanonicalName(std::string_view name);
// "A", "AAAA", ... or "TYPE123" (metrics, logs).
std::string RecordTypeName(uint16_t type);
std::string RcodeName(uint8_t rcode);

// Record builders.
ResourceRecord MakeAddressRecord(std::string name, uint32_t ttl, std::string_view ip_bytes);
ResourceRecord MakeNameRecord(std::string name, uint16_t type, uint32_t ttl, std::string target);
ResourceRecord MakeSrvRecord(std::string name, uint32_t ttl, SrvData srv);
ResourceRecord MakeSoaRecord(std::string name, uint32_t ttl, SoaData soa);
// One TXT record holding one character-string per element.
ResourceRecord MakeTxtRecord(std::string name, uint32_t ttl, const std::vector<std::string>& texts);

}  // namespace stead::dns
