// The protocol buffers wire format: varints, field keys and length-delimited
// payloads, read with bounds checks (every malformed input is an error, never
// an out-of-range read) and written in the order fields are added.
//
// Error texts follow gogo-protobuf's generated Unmarshal code, which is what
// the Kubernetes API server reports ("unexpected EOF", "proto: integer
// overflow", ...). Readers borrow the bytes they read; writers own their
// buffer. Both are cheap, single-threaded value types.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace stead::api::protobuf {

enum class WireType : uint8_t {
  kVarint = 0,
  kFixed64 = 1,
  kBytes = 2,  // length-delimited: strings, bytes, messages, packed lists
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5,
};

class WireReader {
 public:
  explicit WireReader(std::string_view data) : data_(data) {}

  bool done() const { return pos_ >= data_.size(); }

  // Reads a field key. Field number 0 and wire types above 5 are errors;
  // `message` names the message in them, as gogo does.
  Status ReadKey(std::string_view message, int* field, WireType* type);
  Status ReadVarint(uint64_t* value);
  Status ReadFixed64(uint64_t* value);
  Status ReadFixed32(uint32_t* value);
  // A length-delimited payload; the view points into the reader's data.
  Status ReadBytes(std::string_view* value);
  // Skips the value of a field of an unknown number (groups included).
  Status Skip(WireType type);

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

class WireWriter {
 public:
  void Varint(int field, uint64_t value);
  void Fixed64(int field, uint64_t value);
  void Bytes(int field, std::string_view value);

  // A nested message: its fields are written between the two calls and its
  // length is put in front of them at the end.
  size_t BeginMessage(int field);
  void EndMessage(size_t mark);

  std::string& buffer() { return out_; }
  std::string Take() && { return std::move(out_); }

 private:
  void Key(int field, WireType type);
  void RawVarint(uint64_t value);

  std::string out_;
};

// Appends `value` as a varint, without a field key.
void AppendVarint(std::string* out, uint64_t value);

}  // namespace stead::api::protobuf
