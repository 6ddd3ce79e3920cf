#include "api/patch/json_patch.h"

#include <cerrno>
#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/patch/go_values.h"
#include "core/go_quote.h"

namespace stead::api::patch {
namespace {

// The library wraps most failures around one of its sentinel errors, whose
// text ends the message.
constexpr std::string_view kMissingValue = ": missing value";
constexpr std::string_view kInvalidIndex = ": invalid index referenced";

// Go's encoding/json names a mismatched JSON value this way.
const char* JsonKindName(const Json& v) {
  switch (v.type()) {
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "bool";
    default:
      return "number";
  }
}

// The API server's strict pre-decoding into []jsonPatchOp{op, path, from
// string; value any}: the first shape error wins.
std::optional<std::string> CheckOperationsShape(const Json& patch) {
  const std::string prefix = "error decoding patch: json: cannot unmarshal ";
  if (patch.is_null()) return std::nullopt;
  if (!patch.is_array()) {
    return prefix + JsonKindName(patch) + " into Go value of type []handlers.jsonPatchOp";
  }
  for (const Json& op : patch) {
    if (op.is_null()) continue;
    if (!op.is_object()) {
      return prefix + JsonKindName(op) + " into Go value of type handlers.jsonPatchOp";
    }
    for (const char* field : {"from", "op", "path"}) {
      auto it = op.find(field);
      if (it != op.end() && !it->is_null() && !it->is_string()) {
        return prefix + JsonKindName(*it) + " into Go struct field jsonPatchOp." + field +
               " of type string";
      }
    }
  }
  return std::nullopt;
}

// RFC 6901 unescaping: "~1" then "~0", scanning left to right.
std::string DecodeKey(std::string_view k) {
  std::string out;
  out.reserve(k.size());
  for (size_t i = 0; i < k.size(); ++i) {
    if (k[i] == '~' && i + 1 < k.size() && (k[i + 1] == '0' || k[i + 1] == '1')) {
      out += k[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += k[i];
    }
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, pos - start));
    start = pos + 1;
  }
}

// strconv.Atoi: optional sign, decimal digits, int64 range.
std::optional<int64_t> Atoi(std::string_view s, std::string* error) {
  std::string_view digits = s;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  bool syntax_ok = !digits.empty();
  for (char c : digits) syntax_ok = syntax_ok && c >= '0' && c <= '9';
  if (!syntax_ok) {
    *error = "strconv.Atoi: parsing " + GoQuote(s) + ": invalid syntax";
    return std::nullopt;
  }
  std::string text = (negative ? "-" : "") + std::string(digits);
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc()) {
    *error = "strconv.Atoi: parsing " + GoQuote(s) + ": value out of range";
    return std::nullopt;
  }
  return value;
}

std::string InvalidIndex(int64_t idx) {
  return "Unable to access invalid index: " + std::to_string(idx) + std::string(kInvalidIndex);
}

// Container operations. A JSON null is the library's nil node, so get()
// reports it like a missing member.
std::optional<std::string> Get(Json& c, const std::string& key, Json** out) {
  *out = nullptr;
  if (c.is_object()) {
    auto it = c.find(key);
    if (it != c.end() && !it->is_null()) *out = &*it;
    return std::nullopt;
  }
  std::string error;
  std::optional<int64_t> idx = Atoi(key, &error);
  if (!idx) return error;
  int64_t size = static_cast<int64_t>(c.size());
  if (*idx < 0) {
    if (*idx < -size) return InvalidIndex(*idx);
    *idx += size;
  }
  if (*idx >= size) return InvalidIndex(*idx);
  Json& element = c[static_cast<size_t>(*idx)];
  if (!element.is_null()) *out = &element;
  return std::nullopt;
}

// Only used after Get() succeeded on the same key.
void Set(Json& c, const std::string& key, Json value) {
  if (c.is_object()) {
    c[key] = std::move(value);
    return;
  }
  std::string error;
  int64_t idx = *Atoi(key, &error);
  if (idx < 0) idx += static_cast<int64_t>(c.size());
  c[static_cast<size_t>(idx)] = std::move(value);
}

std::optional<std::string> Add(Json& c, const std::string& key, Json value) {
  if (c.is_object()) {
    c[key] = std::move(value);
    return std::nullopt;
  }
  if (key == "-") {
    c.push_back(std::move(value));
    return std::nullopt;
  }
  std::string error;
  std::optional<int64_t> idx = Atoi(key, &error);
  if (!idx) return "value was not a proper array index: '" + key + "': " + error;
  int64_t size = static_cast<int64_t>(c.size()) + 1;
  if (*idx >= size) return InvalidIndex(*idx);
  if (*idx < 0) {
    if (*idx < -size) return InvalidIndex(*idx);
    *idx += size;
  }
  c.insert(c.begin() + *idx, std::move(value));
  return std::nullopt;
}

std::optional<std::string> Remove(Json& c, const std::string& key) {
  if (c.is_object()) {
    if (c.erase(key) == 0) {
      return "Unable to remove nonexistent key: " + key + std::string(kMissingValue);
    }
    return std::nullopt;
  }
  std::string error;
  std::optional<int64_t> idx = Atoi(key, &error);
  if (!idx) return error;
  int64_t size = static_cast<int64_t>(c.size());
  if (*idx >= size) return InvalidIndex(*idx);
  if (*idx < 0) {
    if (*idx < -size) return InvalidIndex(*idx);
    *idx += size;
  }
  c.erase(c.begin() + *idx);
  return std::nullopt;
}

// The library's test equality: structural, with scalars compared as the
// patch's JSON text against the document's Go encoding. Go never encodes a
// number as "1.0", so an integral float in the patch matches nothing.
bool TestEqual(const Json& doc_value, const Json& patch_value) {
  if (doc_value.is_object()) {
    if (!patch_value.is_object() || doc_value.size() != patch_value.size()) return false;
    for (const auto& [k, v] : doc_value.items()) {
      auto it = patch_value.find(k);
      if (it == patch_value.end() || !TestEqual(v, *it)) return false;
    }
    return true;
  }
  if (doc_value.is_array()) {
    if (!patch_value.is_array() || doc_value.size() != patch_value.size()) return false;
    for (size_t i = 0; i < doc_value.size(); ++i) {
      if (!TestEqual(doc_value[i], patch_value[i])) return false;
    }
    return true;
  }
  if (doc_value.is_number() && patch_value.is_number()) {
    if (patch_value.is_number_float()) {
      double p = patch_value.get<double>();
      return doc_value.is_number_float() && doc_value.get<double>() == p &&
             static_cast<double>(static_cast<int64_t>(p)) != p;
    }
    if (doc_value.is_number_float()) return doc_value.get<double>() == patch_value.get<double>();
    return GoEqual(doc_value, patch_value);
  }
  return doc_value == patch_value;
}

class Applier {
 public:
  explicit Applier(Json doc) : doc_(std::move(doc)) {}

  std::optional<std::string> Apply(const Json& op) {
    std::string kind = "unknown";
    if (op.is_object()) {
      auto it = op.find("op");
      if (it != op.end() && it->is_string()) kind = it->get<std::string>();
    }
    if (kind == "add") return AddOp(op);
    if (kind == "remove") return RemoveOp(op);
    if (kind == "replace") return ReplaceOp(op);
    if (kind == "move") return MoveOp(op);
    if (kind == "test") return TestOp(op);
    if (kind == "copy") return CopyOp(op);
    return "Unexpected kind: " + kind;
  }

  Json Take() && { return std::move(doc_); }

 private:
  struct Location {
    Json* container = nullptr;
    std::string key;
  };

  static std::optional<std::string> Field(const Json& op, const char* name) {
    auto it = op.find(name);
    if (it == op.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
  }
  static Json Value(const Json& op) {
    auto it = op.find("value");
    return it == op.end() ? Json() : *it;
  }

  // The container the path's last token lives in, and that token; no
  // container when any step before it is missing, null or a scalar.
  Location Find(std::string_view path) {
    std::vector<std::string_view> parts = Split(path, '/');
    if (parts.size() < 2) return {};
    Json* cur = &doc_;
    for (size_t i = 1; i + 1 < parts.size(); ++i) {
      Json* next = nullptr;
      if (Get(*cur, DecodeKey(parts[i]), &next) || next == nullptr) return {};
      if (!next->is_object() && !next->is_array()) return {};
      cur = next;
    }
    return {cur, DecodeKey(parts.back())};
  }

  std::optional<std::string> AddOp(const Json& op) {
    auto path = Field(op, "path");
    if (!path) return "add operation failed to decode path" + std::string(kMissingValue);
    Location loc = Find(*path);
    if (!loc.container) {
      return "add operation does not apply: doc is missing path: \"" + *path + "\"" +
             std::string(kMissingValue);
    }
    if (auto err = Add(*loc.container, loc.key, Value(op))) {
      return "error in add for path: '" + *path + "': " + *err;
    }
    return std::nullopt;
  }

  std::optional<std::string> RemoveOp(const Json& op) {
    auto path = Field(op, "path");
    if (!path) return "remove operation failed to decode path" + std::string(kMissingValue);
    Location loc = Find(*path);
    if (!loc.container) {
      return "remove operation does not apply: doc is missing path: \"" + *path + "\"" +
             std::string(kMissingValue);
    }
    if (auto err = Remove(*loc.container, loc.key)) {
      return "error in remove for path: '" + *path + "': " + *err;
    }
    return std::nullopt;
  }

  std::optional<std::string> ReplaceOp(const Json& op) {
    auto path = Field(op, "path");
    if (!path) {
      return "replace operation failed to decode path: operation missing path field" +
             std::string(kMissingValue);
    }
    if (path->empty()) {
      Json value = Value(op);
      if (value.is_object() || value.is_array()) doc_ = std::move(value);
      return std::nullopt;
    }
    Location loc = Find(*path);
    if (!loc.container) {
      return "replace operation does not apply: doc is missing path: " + *path +
             std::string(kMissingValue);
    }
    Json* existing = nullptr;
    if (Get(*loc.container, loc.key, &existing)) {
      return "replace operation does not apply: doc is missing key: " + *path +
             std::string(kMissingValue);
    }
    Set(*loc.container, loc.key, Value(op));
    return std::nullopt;
  }

  std::optional<std::string> MoveOp(const Json& op) {
    auto from = Field(op, "from");
    if (!from) {
      return "move operation failed to decode from: operation, missing from field" +
             std::string(kMissingValue);
    }
    Location src = Find(*from);
    if (!src.container) {
      return "move operation does not apply: doc is missing from path: " + *from +
             std::string(kMissingValue);
    }
    Json* found = nullptr;
    if (auto err = Get(*src.container, src.key, &found)) {
      return "error in move for path: '" + src.key + "': " + *err;
    }
    Json value = found ? *found : Json();
    if (auto err = Remove(*src.container, src.key)) {
      return "error in move for path: '" + src.key + "': " + *err;
    }
    auto path = Field(op, "path");
    if (!path) {
      return "move operation failed to decode path: operation missing path field" +
             std::string(kMissingValue);
    }
    Location dst = Find(*path);
    if (!dst.container) {
      return "move operation does not apply: doc is missing destination path: " + *path +
             std::string(kMissingValue);
    }
    if (auto err = Add(*dst.container, dst.key, std::move(value))) {
      return "error in move for path: '" + *path + "': " + *err;
    }
    return std::nullopt;
  }

  std::optional<std::string> TestOp(const Json& op) {
    auto path = Field(op, "path");
    if (!path) {
      return "test operation failed to decode path: operation missing path field" +
             std::string(kMissingValue);
    }
    auto failed = [&] { return "testing value " + *path + " failed: test failed"; };
    auto value = op.find("value");
    if (path->empty()) {
      if (value == op.end() || !TestEqual(doc_, *value)) return failed();
      return std::nullopt;
    }
    Location loc = Find(*path);
    if (!loc.container) {
      return "test operation does not apply: is missing path: " + *path +
             std::string(kMissingValue);
    }
    Json* found = nullptr;
    if (auto err = Get(*loc.container, loc.key, &found)) {
      return "error in test for path: '" + *path + "': " + *err;
    }
    // A missing or null member matches an explicit null.
    if (found == nullptr) {
      if (value != op.end() && value->is_null()) return std::nullopt;
      return failed();
    }
    if (value == op.end() || !TestEqual(*found, *value)) return failed();
    return std::nullopt;
  }

  std::optional<std::string> CopyOp(const Json& op) {
    auto from = Field(op, "from");
    if (!from) {
      return "copy operation failed to decode from: operation, missing from field" +
             std::string(kMissingValue);
    }
    Location src = Find(*from);
    if (!src.container) {
      return "copy operation does not apply: doc is missing from path: " + *from +
             std::string(kMissingValue);
    }
    Json* found = nullptr;
    if (auto err = Get(*src.container, src.key, &found)) {
      return "error in copy for from: '" + *from + "': " + *err;
    }
    Json value = found ? *found : Json();
    auto path = Field(op, "path");
    if (!path) return "copy operation failed to decode path" + std::string(kMissingValue);
    Location dst = Find(*path);
    if (!dst.container) {
      return "copy operation does not apply: doc is missing destination path: " + *path +
             std::string(kMissingValue);
    }
    if (found) copied_bytes_ += static_cast<int64_t>(value.dump().size());
    if (copied_bytes_ > kMaxJsonPatchCopyBytes) {
      return "Unable to complete the copy, the accumulated size increase of copy is " +
             std::to_string(copied_bytes_) + ", exceeding the limit " +
             std::to_string(kMaxJsonPatchCopyBytes);
    }
    if (auto err = Add(*dst.container, dst.key, std::move(value))) {
      return "error while adding value during copy: " + *err;
    }
    return std::nullopt;
  }

  Json doc_;
  int64_t copied_bytes_ = 0;
};

}  // namespace

Result<Json> ApplyJsonPatch(Json doc, const Json& patch) {
  if (auto err = CheckOperationsShape(patch)) return Status::BadRequest(*err);
  if (patch.is_null()) return doc;
  if (patch.size() > kMaxJsonPatchOperations) {
    return Status::RequestEntityTooLarge("The allowed maximum operations in a JSON patch is " +
                                         std::to_string(kMaxJsonPatchOperations) + ", got " +
                                         std::to_string(patch.size()));
  }
  if (!doc.is_object() && !doc.is_array()) {
    return Status::Invalid(std::string("json: cannot unmarshal ") + JsonKindName(doc) +
                           " into Go value of type jsonpatch.partialDoc");
  }
  Applier applier(std::move(doc));
  for (const Json& op : patch) {
    if (auto err = applier.Apply(op)) return Status::Invalid(*err);
  }
  return std::move(applier).Take();
}

}  // namespace stead::api::patch
