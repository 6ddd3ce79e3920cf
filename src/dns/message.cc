#include "dns/message.h"

#include <algorithm>

namespace stead::dns {

namespace {

constexpr size_t kHeaderSize = 12;
constexpr size_t kMaxNameLength = 255;  // wire form, final root label included
constexpr size_t kMaxLabelLength = 63;
constexpr size_t kOptRecordSize = 11;  // root name, type, class, ttl, rdlength 0

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

class Reader {
 public:
  explicit Reader(std::string_view wire) : wire_(wire) {}

  size_t pos() const { return pos_; }
  bool ok() const { return ok_; }
  bool AtEnd() const { return pos_ == wire_.size(); }

  uint8_t U8() {
    if (!Need(1)) return 0;
    return static_cast<uint8_t>(wire_[pos_++]);
  }
  uint16_t U16() {
    if (!Need(2)) return 0;
    uint16_t v = static_cast<uint16_t>(static_cast<uint8_t>(wire_[pos_]) << 8 |
                                       static_cast<uint8_t>(wire_[pos_ + 1]));
    pos_ += 2;
    return v;
  }
  uint32_t U32() {
    uint32_t hi = U16();
    return hi << 16 | U16();
  }
  std::string Bytes(size_t n) {
    if (!Need(n)) return std::string();
    std::string out(wire_.substr(pos_, n));
    pos_ += n;
    return out;
  }

  // A possibly compressed name starting at the cursor.
  std::string Name() {
    std::string out;
    size_t at = pos_;
    size_t wire_length = 1;
    bool jumped = false;
    while (ok_) {
      if (at >= wire_.size()) return Fail();
      uint8_t len = static_cast<uint8_t>(wire_[at]);
      if ((len & 0xC0) == 0xC0) {
        if (at + 1 >= wire_.size()) return Fail();
        size_t target = (len & 0x3F) << 8 | static_cast<uint8_t>(wire_[at + 1]);
        // Only backwards: every jump strictly decreases the position, so
        // decoding ends even on a hostile packet.
        if (target >= at) return Fail();
        if (!jumped) pos_ = at + 2;
        jumped = true;
        at = target;
        continue;
      }
      if ((len & 0xC0) != 0) return Fail();  // extended label types are obsolete
      if (len == 0) {
        if (!jumped) pos_ = at + 1;
        return out;
      }
      if (at + 1 + len > wire_.size()) return Fail();
      wire_length += len + 1;
      if (wire_length > kMaxNameLength) return Fail();
      if (!out.empty()) out.push_back('.');
      for (size_t i = 0; i < len; ++i) {
        char c = wire_[at + 1 + i];
        if (c == '.' || c == '\\') out.push_back('\\');
        out.push_back(c);
      }
      at += 1 + len;
    }
    return std::string();
  }

  std::string Fail() {
    ok_ = false;
    return std::string();
  }

 private:
  bool Need(size_t n) {
    if (!ok_ || wire_.size() - pos_ < n) {
      ok_ = false;
      return false;
    }
    return true;
  }

  std::string_view wire_;
  size_t pos_ = 0;
  bool ok_ = true;
};

Status Malformed(const char* what) {
  return Status::BadRequest(std::string("malformed DNS message: ") + what);
}

bool ParseRecord(Reader& r, ResourceRecord* rr) {
  rr->name = r.Name();
  rr->type = r.U16();
  rr->klass = r.U16();
  rr->ttl = r.U32();
  uint16_t rdlength = r.U16();
  if (!r.ok()) return false;
  size_t start = r.pos();
  switch (rr->type) {
    case kTypeCNAME:
    case kTypePTR:
    case kTypeNS:
      rr->target = r.Name();
      break;
    case kTypeMX:
      rr->srv.priority = r.U16();
      rr->target = r.Name();
      break;
    case kTypeSRV:
      rr->srv.priority = r.U16();
      rr->srv.weight = r.U16();
      rr->srv.port = r.U16();
      rr->srv.target = r.Name();
      break;
    case kTypeSOA:
      rr->soa.mname = r.Name();
      rr->soa.rname = r.Name();
      rr->soa.serial = r.U32();
      rr->soa.refresh = r.U32();
      rr->soa.retry = r.U32();
      rr->soa.expire = r.U32();
      rr->soa.minimum = r.U32();
      break;
    default:
      rr->data = r.Bytes(rdlength);
      break;
  }
  if (!r.ok() || r.pos() - start != rdlength) return false;
  if (rr->type == kTypeA && rr->data.size() != 4) return false;
  if (rr->type == kTypeAAAA && rr->data.size() != 16) return false;
  return true;
}

// Encodes into a growing buffer; names are compressed against every name
// (suffix) written so far. The candidates are offsets into the output, and
// a suffix is compared in place with what was written there (following
// its pointers), case-insensitively: no allocation per name.
class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}

  void U8(uint8_t v) { out_->push_back(static_cast<char>(v)); }
  void U16(uint16_t v) {
    U8(static_cast<uint8_t>(v >> 8));
    U8(static_cast<uint8_t>(v));
  }
  void U32(uint32_t v) {
    U16(static_cast<uint16_t>(v >> 16));
    U16(static_cast<uint16_t>(v));
  }
  void Bytes(std::string_view b) { out_->append(b); }
  void PutU16At(size_t at, uint16_t v) {
    (*out_)[at] = static_cast<char>(v >> 8);
    (*out_)[at + 1] = static_cast<char>(v);
  }

  // Writes `name`, reusing an earlier occurrence of its longest known suffix.
  void Name(std::string_view name, bool compress = true) {
    char wire[kMaxNameLength + 1];
    ToWire(name, wire);
    size_t pos = 0;
    while (wire[pos] != 0) {
      if (compress) {
        int at = Find(wire + pos);
        if (at >= 0) {
          U16(static_cast<uint16_t>(0xC000 | at));
          return;
        }
      }
      if (out_->size() < 0x3FFF) offsets_.push_back(static_cast<uint16_t>(out_->size()));
      size_t len = static_cast<uint8_t>(wire[pos]);
      out_->append(wire + pos, len + 1);
      pos += len + 1;
    }
    U8(0);
  }

  // Undo everything written after `mark` (a record that did not fit).
  size_t Mark() const { return offsets_.size(); }
  void Rollback(size_t size, size_t mark) {
    out_->resize(size);
    offsets_.resize(mark);
  }

 private:
  // The wire form (length-prefixed labels, final 0) of a presentation
  // name: escapes removed, labels cut to the wire limits (callers only
  // build names from valid parts).
  static void ToWire(std::string_view name, char* wire) {
    size_t out = 0;
    size_t label_at = 0;
    size_t label_len = 0;
    bool open = false;
    auto close_label = [&] {
      if (open) wire[label_at] = static_cast<char>(label_len);
      open = false;
    };
    for (size_t i = 0; i < name.size(); ++i) {
      char c = name[i];
      if (c == '.') {
        close_label();
        continue;
      }
      if (c == '\\' && i + 1 < name.size()) c = name[++i];
      if (!open) {
        // Room for this label's length byte, one byte, and the final 0.
        if (out + 3 > kMaxNameLength) break;
        label_at = out++;
        label_len = 0;
        open = true;
      }
      if (label_len == kMaxLabelLength || out + 2 > kMaxNameLength) continue;
      wire[out++] = c;
      ++label_len;
    }
    close_label();
    wire[out] = 0;
  }

  // The offset of an earlier name equal to the wire-form `suffix`, or -1.
  int Find(const char* suffix) const {
    for (uint16_t at : offsets_) {
      if (EqualAt(at, suffix)) return at;
    }
    return -1;
  }
  bool EqualAt(size_t at, const char* s) const {
    const std::string& out = *out_;
    while (true) {
      uint8_t a = static_cast<uint8_t>(out[at]);
      if ((a & 0xC0) == 0xC0) {
        at = (a & 0x3F) << 8 | static_cast<uint8_t>(out[at + 1]);
        continue;
      }
      if (a != static_cast<uint8_t>(*s)) return false;
      if (a == 0) return true;
      for (size_t i = 1; i <= a; ++i) {
        if (Lower(out[at + i]) != Lower(s[i])) return false;
      }
      at += a + 1;
      s += a + 1;
    }
  }

  std::string* out_;
  std::vector<uint16_t> offsets_;  // where each compressible suffix starts
};

void WriteRecord(Writer& w, std::string* out, const ResourceRecord& rr) {
  w.Name(rr.name);
  w.U16(rr.type);
  w.U16(rr.klass);
  w.U32(rr.ttl);
  size_t length_at = out->size();
  w.U16(0);
  size_t start = out->size();
  switch (rr.type) {
    case kTypeCNAME:
    case kTypePTR:
    case kTypeNS:
      w.Name(rr.target);
      break;
    case kTypeMX:
      w.U16(rr.srv.priority);
      w.Name(rr.target);
      break;
    case kTypeSRV:
      w.U16(rr.srv.priority);
      w.U16(rr.srv.weight);
      w.U16(rr.srv.port);
      // RFC 2782: the target is not compressed.
      w.Name(rr.srv.target, /*compress=*/false);
      break;
    case kTypeSOA:
      w.Name(rr.soa.mname);
      w.Name(rr.soa.rname);
      w.U32(rr.soa.serial);
      w.U32(rr.soa.refresh);
      w.U32(rr.soa.retry);
      w.U32(rr.soa.expire);
      w.U32(rr.soa.minimum);
      break;
    default:
      w.Bytes(rr.data.substr(0, 0xFFFF));
      break;
  }
  w.PutU16At(length_at, static_cast<uint16_t>(out->size() - start));
}

}  // namespace

Result<Header> ParseHeader(std::string_view wire) {
  if (wire.size() < kHeaderSize) return Malformed("shorter than a header");
  Reader r(wire);
  Header h;
  h.id = r.U16();
  uint16_t flags = r.U16();
  h.qr = flags & 0x8000;
  h.opcode = (flags >> 11) & 0xF;
  h.aa = flags & 0x0400;
  h.tc = flags & 0x0200;
  h.rd = flags & 0x0100;
  h.ra = flags & 0x0080;
  h.ad = flags & 0x0020;
  h.cd = flags & 0x0010;
  h.rcode = flags & 0xF;
  return h;
}

Result<Message> ParseMessage(std::string_view wire) {
  STEAD_ASSIGN_OR_RETURN(Header header, ParseHeader(wire));
  Message m;
  m.header = header;
  Reader r(wire);
  r.Bytes(4);
  uint16_t qd = r.U16(), an = r.U16(), ns = r.U16(), ar = r.U16();
  // Every question takes at least 5 bytes and every record 11: counts that
  // cannot fit are rejected before anything is allocated for them.
  if (static_cast<size_t>(qd) * 5 + (static_cast<size_t>(an) + ns + ar) * 11 >
      wire.size() - kHeaderSize) {
    return Malformed("section counts exceed the message");
  }
  for (uint16_t i = 0; i < qd; ++i) {
    Question q;
    q.name = r.Name();
    q.type = r.U16();
    q.klass = r.U16();
    if (!r.ok()) return Malformed("bad question");
    m.questions.push_back(std::move(q));
  }
  for (int section = 0; section < 3; ++section) {
    uint16_t count = section == 0 ? an : section == 1 ? ns : ar;
    auto& records = section == 0 ? m.answers : section == 1 ? m.authority : m.additional;
    for (uint16_t i = 0; i < count; ++i) {
      ResourceRecord rr;
      if (!ParseRecord(r, &rr)) return Malformed("bad resource record");
      if (rr.type == kTypeOPT) {
        if (section != 2 || m.edns || !rr.name.empty()) return Malformed("misplaced OPT record");
        Edns e;
        e.udp_size = rr.klass;
        e.extended_rcode = static_cast<uint8_t>(rr.ttl >> 24);
        e.version = static_cast<uint8_t>(rr.ttl >> 16);
        e.dnssec_ok = rr.ttl & 0x8000;
        m.edns = e;
        continue;
      }
      records.push_back(std::move(rr));
    }
  }
  return m;
}

std::string SerializeMessage(const Message& message, size_t max_size) {
  max_size = std::clamp<size_t>(max_size, kMaxUdpSize, kMaxMessageSize);
  std::string out;
  out.reserve(std::min<size_t>(max_size, 1024));
  Writer w(&out);
  const Header& h = message.header;
  w.U16(h.id);
  size_t flags_at = out.size();
  w.U16(0);
  w.U16(0);  // counts, patched below
  w.U16(0);
  w.U16(0);
  w.U16(0);
  for (const Question& q : message.questions) {
    w.Name(q.name);
    w.U16(q.type);
    w.U16(q.klass);
  }
  const size_t budget = max_size - (message.edns ? kOptRecordSize : 0);
  bool truncated = h.tc;
  uint16_t counts[3] = {0, 0, 0};
  const std::vector<ResourceRecord>* sections[3] = {&message.answers, &message.authority,
                                                    &message.additional};
  for (int s = 0; s < 3; ++s) {
    for (const ResourceRecord& rr : *sections[s]) {
      size_t size = out.size();
      size_t mark = w.Mark();
      WriteRecord(w, &out, rr);
      if (out.size() > budget) {
        w.Rollback(size, mark);
        if (s < 2) truncated = true;
        break;
      }
      ++counts[s];
    }
    if (truncated) break;
  }
  uint16_t arcount = counts[2];
  if (message.edns) {
    const Edns& e = *message.edns;
    w.U8(0);
    w.U16(kTypeOPT);
    w.U16(e.udp_size);
    w.U32(static_cast<uint32_t>(e.extended_rcode) << 24 | static_cast<uint32_t>(e.version) << 16 |
          (e.dnssec_ok ? 0x8000u : 0u));
    w.U16(0);
    ++arcount;
  }
  uint16_t flags =
      static_cast<uint16_t>((h.qr ? 0x8000 : 0) | (h.opcode & 0xF) << 11 | (h.aa ? 0x0400 : 0) |
                            (truncated ? 0x0200 : 0) | (h.rd ? 0x0100 : 0) | (h.ra ? 0x0080 : 0) |
                            (h.ad ? 0x0020 : 0) | (h.cd ? 0x0010 : 0) | (h.rcode & 0xF));
  w.PutU16At(flags_at, flags);
  w.PutU16At(flags_at + 2, static_cast<uint16_t>(message.questions.size()));
  w.PutU16At(flags_at + 4, counts[0]);
  w.PutU16At(flags_at + 6, counts[1]);
  w.PutU16At(flags_at + 8, arcount);
  return out;
}

std::string CanonicalName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) out.push_back(Lower(c));
  while (!out.empty() && out.back() == '.' && (out.size() < 2 || out[out.size() - 2] != '\\')) {
    out.pop_back();
  }
  return out;
}

std::string RecordTypeName(uint16_t type) {
  switch (type) {
    case kTypeA:
      return "A";
    case kTypeNS:
      return "NS";
    case kTypeCNAME:
      return "CNAME";
    case kTypeSOA:
      return "SOA";
    case kTypePTR:
      return "PTR";
    case kTypeMX:
      return "MX";
    case kTypeTXT:
      return "TXT";
    case kTypeAAAA:
      return "AAAA";
    case kTypeSRV:
      return "SRV";
    case kTypeOPT:
      return "OPT";
    case kTypeAXFR:
      return "AXFR";
    case kTypeANY:
      return "ANY";
  }
  return "TYPE" + std::to_string(type);
}

std::string RcodeName(uint8_t rcode) {
  switch (rcode) {
    case kRcodeNoError:
      return "NOERROR";
    case kRcodeFormErr:
      return "FORMERR";
    case kRcodeServFail:
      return "SERVFAIL";
    case kRcodeNXDomain:
      return "NXDOMAIN";
    case kRcodeNotImp:
      return "NOTIMP";
    case kRcodeRefused:
      return "REFUSED";
  }
  return "RCODE" + std::to_string(rcode);
}

ResourceRecord MakeAddressRecord(std::string name, uint32_t ttl, std::string_view ip_bytes) {
  ResourceRecord rr;
  rr.name = std::move(name);
  rr.type = ip_bytes.size() == 16 ? kTypeAAAA : kTypeA;
  rr.ttl = ttl;
  rr.data = std::string(ip_bytes);
  return rr;
}

ResourceRecord MakeNameRecord(std::string name, uint16_t type, uint32_t ttl, std::string target) {
  ResourceRecord rr;
  rr.name = std::move(name);
  rr.type = type;
  rr.ttl = ttl;
  rr.target = std::move(target);
  return rr;
}

ResourceRecord MakeSrvRecord(std::string name, uint32_t ttl, SrvData srv) {
  ResourceRecord rr;
  rr.name = std::move(name);
  rr.type = kTypeSRV;
  rr.ttl = ttl;
  rr.srv = std::move(srv);
  return rr;
}

ResourceRecord MakeSoaRecord(std::string name, uint32_t ttl, SoaData soa) {
  ResourceRecord rr;
  rr.name = std::move(name);
  rr.type = kTypeSOA;
  rr.ttl = ttl;
  rr.soa = std::move(soa);
  return rr;
}

ResourceRecord MakeTxtRecord(std::string name, uint32_t ttl,
                             const std::vector<std::string>& texts) {
  ResourceRecord rr;
  rr.name = std::move(name);
  rr.type = kTypeTXT;
  rr.ttl = ttl;
  for (const std::string& t : texts) {
    std::string_view s(t);
    s = s.substr(0, 255);
    rr.data.push_back(static_cast<char>(s.size()));
    rr.data.append(s);
  }
  return rr;
}

}  // namespace stead::dns
