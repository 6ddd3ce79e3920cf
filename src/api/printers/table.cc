#include "api/printers/table.h"

#include "api/printers/pod.h"
#include "core/go_quote.h"

namespace stead::api::printers {

namespace {

Json ColumnDefinitions(const std::vector<TableColumn>& columns) {
  Json out = Json::array();
  for (const TableColumn& c : columns) {
    out.push_back({{"name", c.name},
                   {"type", c.type},
                   {"format", c.format},
                   {"description", c.description},
                   {"priority", c.priority}});
  }
  return out;
}

Json TableMetadata(const std::vector<const Json*>& objects, const Json& list_metadata) {
  Json meta = Json::object();
  if (list_metadata.is_object()) {
    for (const char* key : {"resourceVersion", "continue"}) {
      std::string v = GetString(list_metadata, {key});
      if (!v.empty()) meta[key] = v;
    }
    if (const Json* remaining = Lookup(list_metadata, {"remainingItemCount"});
        remaining != nullptr && remaining->is_number_integer()) {
      meta["remainingItemCount"] = *remaining;
    }
  } else if (objects.size() == 1) {
    std::string rv = MetaResourceVersion(*objects[0]);
    if (!rv.empty()) meta["resourceVersion"] = rv;
  }
  return meta;
}

Json RowObject(const ResourceType& type, const Json& obj, const TableOptions& options) {
  switch (options.include_object) {
    case IncludeObject::kNone:
      return nullptr;
    case IncludeObject::kMetadata: {
      const Json* meta = Lookup(obj, {"metadata"});
      return {{"kind", "PartialObjectMetadata"},
              {"apiVersion", options.group_version},
              {"metadata", meta != nullptr && meta->is_object() ? *meta : Json::object()}};
    }
    case IncludeObject::kObject: {
      // kubectl decodes row objects by kind and apiVersion.
      Json full = obj;
      full["kind"] = type.kind;
      full["apiVersion"] = type.GroupVersion();
      return full;
    }
  }
  return nullptr;
}

}  // namespace

Result<IncludeObject> ParseIncludeObject(std::string_view value) {
  if (value.empty() || value == "Metadata") return IncludeObject::kMetadata;
  if (value == "Object") return IncludeObject::kObject;
  if (value == "None") return IncludeObject::kNone;
  return Status::BadRequest(
      "Unable to convert to Table as requested: includeObject: Invalid value: " + GoQuote(value) +
      ": must be 'Metadata', 'Object', 'None', or empty");
}

Json BuildTable(const ResourceType& type, const std::vector<const Json*>& objects, SystemTime now,
                const TableOptions& options, const Json& list_metadata) {
  // Pods are the only printed kind whose rows carry conditions.
  const bool is_pod = type.group.empty() && type.kind == "Pod";
  Json rows = Json::array();
  for (const Json* obj : objects) {
    Json row = {{"cells", type.row(*obj, now)}};
    if (is_pod) {
      if (Json conditions = PodRowConditions(*obj); !conditions.empty()) {
        row["conditions"] = std::move(conditions);
      }
    }
    row["object"] = RowObject(type, *obj, options);
    rows.push_back(std::move(row));
  }
  return {
      {"kind", "Table"},
      {"apiVersion", options.group_version},
      {"metadata", TableMetadata(objects, list_metadata)},
      {"columnDefinitions", options.no_headers ? Json(nullptr) : ColumnDefinitions(type.columns)},
      {"rows", std::move(rows)}};
}

}  // namespace stead::api::printers
