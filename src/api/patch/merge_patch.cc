#include "api/patch/merge_patch.h"

#include <string>
#include <utility>

namespace stead::api::patch {
namespace {

void PruneNulls(Json& v) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end();) {
      if (it->is_null()) {
        it = v.erase(it);
      } else {
        PruneNulls(*it);
        ++it;
      }
    }
  } else if (v.is_array()) {
    for (Json& element : v) PruneNulls(element);
  }
}

// `cur` is present and not null.
Json Merge(Json cur, Json patch);

void MergeObjects(Json& doc, Json patch) {
  for (auto& [key, value] : patch.items()) {
    if (value.is_null()) {
      doc.erase(key);
      continue;
    }
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) {
      PruneNulls(value);
      doc[key] = std::move(value);
    } else {
      *it = Merge(std::move(*it), std::move(value));
    }
  }
}

Json Merge(Json cur, Json patch) {
  if (!cur.is_object()) {
    PruneNulls(patch);
    return patch;
  }
  // The library returns a non-object patch as is, without pruning.
  if (!patch.is_object()) return patch;
  MergeObjects(cur, std::move(patch));
  return cur;
}

}  // namespace

Result<Json> ApplyMergePatch(Json doc, const Json& patch) {
  if (patch.is_null()) return Status::BadRequest("Invalid JSON Patch");
  if (!patch.is_object()) {
    return Status::BadRequest(std::string("error decoding patch: json: cannot unmarshal ") +
                              (patch.is_array()     ? "array"
                               : patch.is_string()  ? "string"
                               : patch.is_boolean() ? "bool"
                                                    : "number") +
                              " into Go value of type map[string]interface {}");
  }
  if (!doc.is_object()) {
    Json result = patch;
    PruneNulls(result);
    return result;
  }
  MergeObjects(doc, patch);
  return doc;
}

}  // namespace stead::api::patch
