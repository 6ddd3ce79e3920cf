#include "api/protobuf/wire.h"

namespace stead::api::protobuf {
namespace {

Status UnexpectedEof() { return Status::BadRequest("unexpected EOF"); }
Status IntegerOverflow() { return Status::BadRequest("proto: integer overflow"); }
Status InvalidLength() {
  return Status::BadRequest("proto: negative length found during unmarshaling");
}

}  // namespace

Status WireReader::ReadVarint(uint64_t* value) {
  uint64_t v = 0;
  for (int shift = 0;; shift += 7) {
    if (shift >= 64) return IntegerOverflow();
    if (pos_ >= data_.size()) return UnexpectedEof();
    uint8_t b = static_cast<uint8_t>(data_[pos_++]);
    v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (b < 0x80) break;
  }
  *value = v;
  return Status::OK();
}

Status WireReader::ReadKey(std::string_view message, int* field, WireType* type) {
  uint64_t key;
  STEAD_RETURN_IF_ERROR(ReadVarint(&key));
  // gogo keeps the field number as an int32: larger keys wrap to illegal tags.
  auto number = static_cast<int32_t>(static_cast<uint32_t>(key >> 3));
  auto wire = static_cast<int>(key & 7);
  if (wire == static_cast<int>(WireType::kEndGroup)) {
    return Status::BadRequest("proto: " + std::string(message) +
                              ": wiretype end group for non-group");
  }
  if (number <= 0) {
    return Status::BadRequest("proto: " + std::string(message) + ": illegal tag " +
                              std::to_string(number) + " (wire type " + std::to_string(wire) + ")");
  }
  if (wire > static_cast<int>(WireType::kFixed32)) {
    return Status::BadRequest("proto: illegal wireType " + std::to_string(wire));
  }
  *field = number;
  *type = static_cast<WireType>(wire);
  return Status::OK();
}

Status WireReader::ReadFixed64(uint64_t* value) {
  if (data_.size() - pos_ < 8) return UnexpectedEof();
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(data_[pos_ + i]);
  pos_ += 8;
  *value = v;
  return Status::OK();
}

Status WireReader::ReadFixed32(uint32_t* value) {
  if (data_.size() - pos_ < 4) return UnexpectedEof();
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(data_[pos_ + i]);
  pos_ += 4;
  *value = v;
  return Status::OK();
}

Status WireReader::ReadBytes(std::string_view* value) {
  uint64_t len;
  STEAD_RETURN_IF_ERROR(ReadVarint(&len));
  if (len > static_cast<uint64_t>(INT64_MAX)) return InvalidLength();
  if (len > data_.size() - pos_) return UnexpectedEof();
  *value = data_.substr(pos_, len);
  pos_ += len;
  return Status::OK();
}

Status WireReader::Skip(WireType type) {
  // Groups nest; walk them iteratively so that deep nesting costs no stack.
  int depth = 0;
  while (true) {
    switch (type) {
      case WireType::kVarint: {
        uint64_t ignored;
        STEAD_RETURN_IF_ERROR(ReadVarint(&ignored));
        break;
      }
      case WireType::kFixed64: {
        uint64_t ignored;
        STEAD_RETURN_IF_ERROR(ReadFixed64(&ignored));
        break;
      }
      case WireType::kFixed32: {
        uint32_t ignored;
        STEAD_RETURN_IF_ERROR(ReadFixed32(&ignored));
        break;
      }
      case WireType::kBytes: {
        std::string_view ignored;
        STEAD_RETURN_IF_ERROR(ReadBytes(&ignored));
        break;
      }
      case WireType::kStartGroup:
        ++depth;
        break;
      case WireType::kEndGroup:
        if (--depth < 0) return Status::BadRequest("proto: unexpected end of group");
        break;
    }
    if (depth == 0) return Status::OK();
    uint64_t key;
    STEAD_RETURN_IF_ERROR(ReadVarint(&key));
    int wire = static_cast<int>(key & 7);
    if (wire > static_cast<int>(WireType::kFixed32)) {
      return Status::BadRequest("proto: illegal wireType " + std::to_string(wire));
    }
    type = static_cast<WireType>(wire);
  }
}

void AppendVarint(std::string* out, uint64_t value) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

void WireWriter::Key(int field, WireType type) {
  RawVarint((static_cast<uint64_t>(field) << 3) | static_cast<uint64_t>(type));
}

void WireWriter::RawVarint(uint64_t value) { AppendVarint(&out_, value); }

void WireWriter::Varint(int field, uint64_t value) {
  Key(field, WireType::kVarint);
  RawVarint(value);
}

void WireWriter::Fixed64(int field, uint64_t value) {
  Key(field, WireType::kFixed64);
  for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

void WireWriter::Bytes(int field, std::string_view value) {
  Key(field, WireType::kBytes);
  RawVarint(value.size());
  out_.append(value);
}

size_t WireWriter::BeginMessage(int field) {
  Key(field, WireType::kBytes);
  return out_.size();
}

void WireWriter::EndMessage(size_t mark) {
  std::string len;
  AppendVarint(&len, out_.size() - mark);
  out_.insert(mark, len);
}

}  // namespace stead::api::protobuf
