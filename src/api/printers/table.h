// Table: builds the meta.k8s.io Table the API server answers with when a
// client asks for `application/json;as=Table;v=v1;g=meta.k8s.io` (what
// `kubectl get` sends), from a ResourceType's printer. It mirrors upstream's
// TableGenerator.GenerateTable as the apiserver calls it (always "wide": the
// priority-1 columns are included, kubectl hides them without -o wide) and
// the handler's includeObject step, which decides what each row carries in
// `object` (kubectl reads the namespace, labels and -L columns from there).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "api/resource.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"

namespace stead::api::printers {

// metav1.IncludeObjectPolicy: what each row's `object` holds.
enum class IncludeObject {
  kNone,      // null
  kMetadata,  // a PartialObjectMetadata with the object's metadata (default)
  kObject,    // the whole object
};

// Parses the includeObject query parameter ("" means Metadata). Anything
// else is upstream's 400: `Unable to convert to Table as requested:
// includeObject: Invalid value: "x": must be 'Metadata', 'Object', 'None', or
// empty`.
Result<IncludeObject> ParseIncludeObject(std::string_view value);

struct TableOptions {
  IncludeObject include_object = IncludeObject::kMetadata;
  // noHeaders=true: columnDefinitions is null.
  bool no_headers = false;
  // The Table's group version, "meta.k8s.io/v1" or "meta.k8s.io/v1beta1"
  // (from the Accept header); PartialObjectMetadata rows use it too.
  std::string group_version = "meta.k8s.io/v1";
};

// Builds the Table for `objects` (a list's items, or the single object of a
// get or of one watch event). For a list pass the list's metadata
// (resourceVersion, continue and remainingItemCount are copied); for a single
// object pass null and the Table takes the object's resourceVersion.
// `type` must have a printer installed (printers::Install).
Json BuildTable(const ResourceType& type, const std::vector<const Json*>& objects, SystemTime now,
                const TableOptions& options, const Json& list_metadata);

}  // namespace stead::api::printers
