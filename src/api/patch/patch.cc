#include "api/patch/patch.h"

#include <array>
#include <string>
#include <utility>

#include "api/patch/json_patch.h"
#include "api/patch/merge_patch.h"
#include "api/patch/strategic_merge_patch.h"

namespace stead::api::patch {
namespace {

struct MediaType {
  std::string_view name;
  PatchType type;
};

// The types the API server's PATCH routes consume, in the order it lists them.
constexpr std::array<MediaType, 4> kPatchMediaTypes = {{
    {"application/json-patch+json", PatchType::kJson},
    {"application/merge-patch+json", PatchType::kMerge},
    {"application/strategic-merge-patch+json", PatchType::kStrategicMerge},
    {"application/apply-patch+yaml", PatchType::kApply},
}};

bool IsPatchMediaType(std::string_view s) {
  for (const MediaType& m : kPatchMediaTypes) {
    if (m.name == s) return true;
  }
  return false;
}

// go-restful's route match: any comma-separated entry, parameters and
// surrounding spaces removed; an empty header counts as
// application/octet-stream.
bool RouterAccepts(std::string_view content_type) {
  while (true) {
    size_t comma = content_type.find(',');
    std::string_view entry = content_type.substr(0, comma);
    entry = entry.substr(0, entry.find(';'));
    while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
    while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
    if (IsPatchMediaType(entry)) return true;
    if (comma == std::string_view::npos) return false;
    content_type.remove_prefix(comma + 1);
  }
}

// The API server answers a 422 from the patch libraries with its generic
// message for that code and an empty details object.
Status GenericInvalid() {
  Status s = Status::Invalid("the server rejected our request due to an error in our request");
  s.details();
  return s;
}

// kApply is handled by the caller.
Result<Json> Dispatch(PatchType patch_type, const Json& original, Json body,
                      const schema::TypeDef* schema) {
  switch (patch_type) {
    case PatchType::kJson:
      return ApplyJsonPatch(original, body);
    case PatchType::kMerge:
      return ApplyMergePatch(original, body);
    default:
      return ApplyStrategicMergePatch(original, std::move(body), schema);
  }
}

}  // namespace

Result<PatchType> ParsePatchType(std::string_view content_type) {
  if (!RouterAccepts(content_type)) {
    Status s = Status::UnsupportedMediaType("415: Unsupported Media Type");
    s.details();
    return s;
  }
  if (size_t semicolon = content_type.find(';');
      semicolon != std::string_view::npos && semicolon > 0) {
    content_type = content_type.substr(0, semicolon);
  }
  for (const MediaType& m : kPatchMediaTypes) {
    if (m.name == content_type) return m.type;
  }
  std::string accepted;
  for (const MediaType& m : kPatchMediaTypes) {
    if (!accepted.empty()) accepted += ", ";
    accepted += m.name;
  }
  return Status::UnsupportedMediaType(
      "the body of the request was in an unknown format - accepted media types include: " +
      accepted);
}

Result<Json> ApplyPatch(PatchType patch_type, const Json& original, std::string_view patch_body,
                        const schema::TypeDef* schema) {
  if (patch_type == PatchType::kApply) {
    return Status::UnsupportedMediaType("application/apply-patch+yaml: unimplemented patch type");
  }
  Result<Json> body = ParseJson(patch_body);
  if (!body.ok()) {
    // The strategic-merge decoder reports the syntax error bare.
    if (patch_type == PatchType::kStrategicMerge) return body.status();
    return Status::BadRequest("error decoding patch: " + body.status().message());
  }
  Result<Json> patched = Dispatch(patch_type, original, std::move(body).value(), schema);
  if (!patched.ok() && patched.status().IsInvalid()) return GenericInvalid();
  return patched;
}

}  // namespace stead::api::patch
