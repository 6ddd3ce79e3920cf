#include "api/schema/openapi.h"

#include <openssl/evp.h>

#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "api/registry.h"
#include "api/schema/openapi_v2_proto.h"

namespace stead::api::schema {
namespace {

enum class Version { kV2, kV3 };

constexpr char kMeta[] = "io.k8s.apimachinery.pkg.apis.meta.v1.";

std::string Sha512Hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha512(), nullptr);
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

OpenApiDocument MakeDocument(Json json) {
  OpenApiDocument doc;
  doc.text = json.dump();
  doc.hash = Sha512Hex(doc.text);
  doc.json = std::move(json);
  return doc;
}

// ---------------------------------------------------------------------------
// Schemas

std::string Ref(const TypeDef& t, Version v) {
  return (v == Version::kV3 ? "#/components/schemas/" : "#/definitions/") + t.name;
}

// The zero-value default kube-openapi publishes for a non-pointer member:
// {} for structs, the zero value for non-omitempty scalars.
Json ZeroDefault(const TypeDef& t, bool omit_empty) {
  switch (t.kind) {
    case TypeKind::kObject:
      return t.name.empty() ? Json() : Json::object();
    case TypeKind::kString:
      return omit_empty ? Json() : Json("");
    case TypeKind::kInteger:
    case TypeKind::kNumber:
      return omit_empty ? Json() : Json(0);
    case TypeKind::kBoolean:
      return omit_empty ? Json() : Json(false);
    default:
      return Json();
  }
}

Json UseSchema(const TypeDef& t, Version v, const std::string& description, const Json& def);

Json InlineSchema(const TypeDef& t, Version v) {
  Json s = Json::object();
  switch (t.kind) {
    case TypeKind::kString:
      s["type"] = "string";
      break;
    case TypeKind::kInteger:
      s["type"] = "integer";
      s["format"] = t.format;
      break;
    case TypeKind::kNumber:
      s["type"] = "number";
      s["format"] = "double";
      break;
    case TypeKind::kBoolean:
      s["type"] = "boolean";
      break;
    case TypeKind::kBytes:
      s["type"] = "string";
      s["format"] = "byte";
      break;
    case TypeKind::kArray:
      s["type"] = "array";
      s["items"] = UseSchema(*t.element, v, "", ZeroDefault(*t.element, false));
      break;
    case TypeKind::kMap:
      s["type"] = "object";
      s["additionalProperties"] = UseSchema(*t.element, v, "", ZeroDefault(*t.element, false));
      break;
    default:
      s["type"] = "object";
      break;
  }
  if (!t.enum_values.empty()) s["enum"] = t.enum_values;
  return s;
}

// The schema of a value of type `t` where it is used (a property, list
// items, map values).
Json UseSchema(const TypeDef& t, Version v, const std::string& description, const Json& def) {
  Json s;
  bool has_default = v == Version::kV3 && !def.is_null();
  if (!t.name.empty()) {
    Json ref = {{"$ref", Ref(t, v)}};
    if (v == Version::kV3 && (!description.empty() || has_default)) {
      s = {{"allOf", Json::array({ref})}};
    } else {
      s = std::move(ref);
    }
  } else {
    s = InlineSchema(t, v);
  }
  if (!description.empty()) s["description"] = description;
  if (has_default) s["default"] = def;
  return s;
}

Json PropertySchema(const FieldDef& f, Version v) {
  Json def = f.default_value;
  if (def.is_null() && !f.pointer) def = ZeroDefault(*f.type, f.omit_empty);
  Json s = UseSchema(*f.type, v, f.description, def);
  if (!f.patch_strategy.empty()) s["x-kubernetes-patch-strategy"] = f.patch_strategy;
  if (!f.patch_merge_key.empty()) s["x-kubernetes-patch-merge-key"] = f.patch_merge_key;
  if (!f.list_type.empty()) s["x-kubernetes-list-type"] = f.list_type;
  if (!f.list_map_keys.empty()) s["x-kubernetes-list-map-keys"] = f.list_map_keys;
  if (!f.map_type.empty()) s["x-kubernetes-map-type"] = f.map_type;
  return s;
}

Json DefinitionSchema(const TypeDef& t, Version v) {
  Json s = Json::object();
  if (!t.description.empty()) s["description"] = t.description;
  switch (t.kind) {
    case TypeKind::kTime:
    case TypeKind::kMicroTime:
      s["type"] = "string";
      s["format"] = "date-time";
      return s;
    case TypeKind::kQuantity:
      if (v == Version::kV3) {
        s["oneOf"] = Json::array({{{"type", "string"}}, {{"type", "number"}}});
      } else {
        s["type"] = "string";
      }
      return s;
    case TypeKind::kIntOrString:
      s["format"] = "int-or-string";
      if (v == Version::kV3) {
        s["oneOf"] = Json::array({{{"type", "integer"}}, {{"type", "string"}}});
      } else {
        s["type"] = "string";
      }
      return s;
    case TypeKind::kObject:
      break;
    default:
      s["type"] = "object";
      return s;
  }
  s["type"] = "object";
  if (!t.fields.empty()) {
    Json props = Json::object();
    Json required = Json::array();
    for (const FieldDef& f : t.fields) {
      props[f.name] = PropertySchema(f, v);
      if (f.required) required.push_back(f.name);
    }
    s["properties"] = std::move(props);
    if (!required.empty()) s["required"] = std::move(required);
  }
  if (!t.gvk.empty()) {
    s["x-kubernetes-group-version-kind"] =
        Json::array({{{"group", t.gvk.group}, {"kind", t.gvk.kind}, {"version", t.gvk.version}}});
  }
  if (!t.map_type.empty()) s["x-kubernetes-map-type"] = t.map_type;
  if (!t.union_discriminator.empty()) {
    Json fields = Json::object();
    for (const auto& [field, value] : t.union_fields) fields[field] = value;
    s["x-kubernetes-unions"] = Json::array(
        {{{"discriminator", t.union_discriminator}, {"fields-to-discriminateBy", fields}}});
  }
  return s;
}

void Collect(const TypeDef* t, std::set<const TypeDef*>* out) {
  if (t == nullptr) return;
  if (!t->name.empty()) {
    if (!out->insert(t).second) return;
  }
  if (t->element != nullptr) Collect(t->element, out);
  for (const FieldDef& f : t->fields) Collect(f.type, out);
}

// ---------------------------------------------------------------------------
// Paths

struct Param {
  std::string name;
  std::string in;    // "path", "query"
  std::string type;  // "string", "boolean", "integer"
  std::string description;
  bool required = false;
};

struct Operation {
  std::string method;  // get put post patch delete
  std::string description;
  std::string operation_id;
  std::string action;
  std::vector<Param> params;
  const TypeDef* body = nullptr;
  bool patch_body = false;
  std::vector<std::pair<std::string, const TypeDef*>> responses;  // nullptr: text
  bool watch = false;
  GroupVersionKind gvk;
};

struct PathItem {
  std::string tag;  // "apps_v1"
  std::vector<Param> params;
  std::vector<Operation> ops;
};

Param Query(std::string name, std::string type, std::string description) {
  return Param{std::move(name), "query", std::move(type), std::move(description), false};
}

const Param kPretty = Query("pretty", "string", "If 'true', the output is pretty printed.");
const Param kDryRun = Query("dryRun", "string",
                            "When present, the request is fully processed but nothing is "
                            "persisted. The only valid value is All.");
const Param kFieldManagerWrite =
    Query("fieldManager", "string",
          "Name of the actor making the change, recorded in managedFields. At most 128 "
          "printable characters.");
const Param kFieldManagerPatch =
    Query("fieldManager", "string",
          "Name of the actor making the change, recorded in managedFields. At most 128 "
          "printable characters; required for apply patches, optional for the others.");
const Param kFieldValidation =
    Query("fieldValidation", "string",
          "How unknown or duplicate fields in the body are handled: Ignore drops them "
          "silently, Warn drops them and returns a warning for each, Strict rejects the "
          "request.");
const Param kForce = Query("force", "boolean",
                           "Lets an apply patch take over fields owned by other managers. Must "
                           "be unset for other patch types.");
const Param kGracePeriod =
    Query("gracePeriodSeconds", "integer",
          "Seconds to wait before the object is deleted; zero deletes immediately. Defaults "
          "to the per-object default.");
const Param kIgnoreStoreReadError =
    Query("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean",
          "Delete the object even when it cannot be read from storage (corrupt or "
          "undecodable data). Unsafe: it skips finalizers and other safeguards.");
const Param kOrphan = Query("orphanDependents", "boolean",
                            "Deprecated, use propagationPolicy. Whether dependents are orphaned "
                            "(the orphan finalizer is added or removed).");
const Param kPropagation =
    Query("propagationPolicy", "string",
          "How dependents are garbage collected: Orphan, Background or Foreground. The "
          "default comes from the object's finalizers and its kind.");

std::vector<Param> ListParams() {
  return {
      Query("allowWatchBookmarks", "boolean",
            "Asks for BOOKMARK events in a watch. Servers may ignore it; ignored when not "
            "watching."),
      Query("continue", "string",
            "The continue token of a previous paged list response, to fetch the next page."),
      Query("fieldSelector", "string",
            "Only return objects whose fields match this selector. Defaults to everything."),
      Query("labelSelector", "string",
            "Only return objects whose labels match this selector. Defaults to everything."),
      Query("limit", "integer",
            "Maximum number of items in one response; a continue token is returned when more "
            "remain."),
      Query("resourceVersion", "string",
            "Which version to read: unset for the most recent, \"0\" for any cached version, "
            "otherwise interpreted with resourceVersionMatch."),
      Query("resourceVersionMatch", "string",
            "How resourceVersion applies to a list: Exact or NotOlderThan."),
      Query("sendInitialEvents", "boolean",
            "For watches: start with synthetic ADDED events for the current state, followed "
            "by a bookmark marking the end of that initial state."),
      Query("timeoutSeconds", "integer",
            "Time limit for the list or watch call, regardless of activity."),
      Query("watch", "boolean",
            "Watch for changes and stream add, update and delete notifications."),
  };
}

std::string Capitalize(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// "CoreV1", "AppsV1", "DiscoveryV1".
std::string GroupVersionCamel(const ResourceType& r) {
  std::string group = r.group.empty() ? "core" : r.group.substr(0, r.group.find('.'));
  return Capitalize(group) + Capitalize(r.version);
}

std::string Tag(const ResourceType& r) {
  std::string group = r.group.empty() ? "core" : r.group.substr(0, r.group.find('.'));
  return group + "_" + r.version;
}

std::string PathPrefix(const ResourceType& r) {
  return r.group.empty() ? "/api/" + r.version : "/apis/" + r.group + "/" + r.version;
}

class PathBuilder {
 public:
  PathBuilder(const Registry& schema, std::map<std::string, PathItem>* paths)
      : schema_(schema), paths_(*paths) {}

  void Resource(const ResourceType& r) {
    const TypeDef* kind = schema_.FindKind(r.group, r.version, r.kind);
    const TypeDef* list = schema_.FindKind(r.group, r.version, r.kind + "List");
    const TypeDef* status = schema_.Find(std::string(kMeta) + "Status");
    const TypeDef* delete_options = schema_.Find(std::string(kMeta) + "DeleteOptions");
    const TypeDef* watch_event = schema_.Find(std::string(kMeta) + "WatchEvent");
    if (kind == nullptr || list == nullptr) return;
    GroupVersionKind gvk{r.group, r.version, r.kind};
    std::string gv = GroupVersionCamel(r);
    std::string ns = r.namespaced ? "Namespaced" : "";
    std::string prefix = PathPrefix(r);
    std::string scope = r.namespaced ? prefix + "/namespaces/{namespace}" : prefix;
    Param ns_param{"namespace", "path", "string",
                   "The namespace of the objects: their name and authorization scope.", true};
    Param name_param{"name", "path", "string", "name of the " + r.kind, true};
    std::vector<Param> collection_params;
    if (r.namespaced) collection_params.push_back(ns_param);
    collection_params.push_back(kPretty);
    std::vector<Param> object_params = {name_param};
    if (r.namespaced) object_params.push_back(ns_param);
    object_params.push_back(kPretty);

    // The collection.
    PathItem& coll = Item(r, scope + "/" + r.plural);
    coll.params = collection_params;
    coll.ops.push_back(Op("get", "list or watch objects of kind " + r.kind,
                          "list" + gv + ns + r.kind, "list", ListParams(), nullptr, {{"200", list}},
                          gvk));
    coll.ops.push_back(Op("post", "create a " + r.kind, "create" + gv + ns + r.kind, "post",
                          {kDryRun, kFieldManagerWrite, kFieldValidation}, kind,
                          {{"200", kind}, {"201", kind}, {"202", kind}}, gvk));
    std::vector<Param> delete_collection = ListParams();
    for (const Param& p : {kDryRun, kGracePeriod, kIgnoreStoreReadError, kOrphan, kPropagation}) {
      delete_collection.push_back(p);
    }
    coll.ops.push_back(Op("delete", "delete collection of " + r.kind,
                          "delete" + gv + "Collection" + ns + r.kind, "deletecollection",
                          delete_collection, delete_options, {{"200", status}}, gvk));

    // One object.
    PathItem& obj = Item(r, scope + "/" + r.plural + "/{name}");
    obj.params = object_params;
    obj.ops.push_back(Op("get", "read the specified " + r.kind, "read" + gv + ns + r.kind, "get",
                         {}, nullptr, {{"200", kind}}, gvk));
    obj.ops.push_back(Op("put", "replace the specified " + r.kind, "replace" + gv + ns + r.kind,
                         "put", {kDryRun, kFieldManagerWrite, kFieldValidation}, kind,
                         {{"200", kind}, {"201", kind}}, gvk));
    Operation patch =
        Op("patch", "partially update the specified " + r.kind, "patch" + gv + ns + r.kind, "patch",
           {kDryRun, kFieldManagerPatch, kFieldValidation, kForce}, nullptr,
           {{"200", kind}, {"201", kind}}, gvk);
    patch.patch_body = true;
    obj.ops.push_back(patch);
    obj.ops.push_back(Op("delete", "delete a " + r.kind, "delete" + gv + ns + r.kind, "delete",
                         {kDryRun, kGracePeriod, kIgnoreStoreReadError, kOrphan, kPropagation},
                         delete_options, {{"200", status}, {"202", status}}, gvk));

    if (r.has_status) Subresource(r, scope, "status", "Status", kind, gvk, object_params);
    if (r.has_scale) {
      const TypeDef* scale = schema_.FindKind("autoscaling", "v1", "Scale");
      Subresource(r, scope, "scale", "Scale", scale, {"autoscaling", "v1", "Scale"}, object_params);
    }
    if (r.group.empty() && r.kind == "Pod") PodSubresources(r, scope, gvk, object_params);

    // All namespaces, and the legacy watch paths.
    std::vector<Param> all_params = ListParams();
    all_params.push_back(kPretty);
    if (r.namespaced) {
      PathItem& all = Item(r, prefix + "/" + r.plural);
      all.params = all_params;
      all.ops.push_back(Op("get", "list or watch objects of kind " + r.kind,
                           "list" + gv + r.kind + "ForAllNamespaces", "list", {}, nullptr,
                           {{"200", list}}, gvk));
      PathItem& watch_all = Item(r, prefix + "/watch/" + r.plural);
      watch_all.params = all_params;
      Operation w = Op("get", "watch changes to a list of " + r.kind,
                       "watch" + gv + r.kind + "ListForAllNamespaces", "watchlist", {}, nullptr,
                       {{"200", watch_event}}, gvk);
      w.watch = true;
      watch_all.ops.push_back(w);
    }
    std::string watch_scope =
        r.namespaced ? prefix + "/watch/namespaces/{namespace}" : prefix + "/watch";
    PathItem& watch_list = Item(r, watch_scope + "/" + r.plural);
    watch_list.params = all_params;
    if (r.namespaced) watch_list.params.insert(watch_list.params.begin(), ns_param);
    Operation wl =
        Op("get", "watch changes to a list of " + r.kind, "watch" + gv + ns + r.kind + "List",
           "watchlist", {}, nullptr, {{"200", watch_event}}, gvk);
    wl.watch = true;
    watch_list.ops.push_back(wl);
    PathItem& watch_one = Item(r, watch_scope + "/" + r.plural + "/{name}");
    watch_one.params = all_params;
    watch_one.params.insert(watch_one.params.begin(), name_param);
    if (r.namespaced) watch_one.params.insert(watch_one.params.begin() + 1, ns_param);
    Operation wo =
        Op("get", "watch changes to an object of kind " + r.kind, "watch" + gv + ns + r.kind,
           "watch", {}, nullptr, {{"200", watch_event}}, gvk);
    wo.watch = true;
    watch_one.ops.push_back(wo);
  }

  // GET <prefix>/ (the group version's APIResourceList).
  void Root(const ResourceType& r) {
    PathItem& root = Item(r, PathPrefix(r) + "/");
    if (!root.ops.empty()) return;
    Operation op;
    op.method = "get";
    op.description = "get available resources";
    op.operation_id = "get" + GroupVersionCamel(r) + "APIResources";
    op.responses = {{"200", schema_.Find(std::string(kMeta) + "APIResourceList")}};
    root.ops.push_back(op);
  }

 private:
  Operation Op(std::string method, std::string description, std::string id, std::string action,
               std::vector<Param> params, const TypeDef* body,
               std::vector<std::pair<std::string, const TypeDef*>> responses,
               GroupVersionKind gvk) {
    Operation op;
    op.method = std::move(method);
    op.description = std::move(description);
    op.operation_id = std::move(id);
    op.action = std::move(action);
    op.params = std::move(params);
    op.body = body;
    op.responses = std::move(responses);
    op.gvk = std::move(gvk);
    return op;
  }

  void Subresource(const ResourceType& r, const std::string& scope, const std::string& sub,
                   const std::string& suffix, const TypeDef* body, GroupVersionKind gvk,
                   const std::vector<Param>& object_params) {
    if (body == nullptr) return;
    std::string gv = GroupVersionCamel(r);
    std::string ns = r.namespaced ? "Namespaced" : "";
    PathItem& item = Item(r, scope + "/" + r.plural + "/{name}/" + sub);
    item.params = object_params;
    item.params[0].description = "name of the " + gvk.kind;
    item.ops.push_back(Op("get", "read " + sub + " of the specified " + r.kind,
                          "read" + gv + ns + r.kind + suffix, "get", {}, nullptr, {{"200", body}},
                          gvk));
    item.ops.push_back(Op("put", "replace " + sub + " of the specified " + r.kind,
                          "replace" + gv + ns + r.kind + suffix, "put",
                          {kDryRun, kFieldManagerWrite, kFieldValidation}, body,
                          {{"200", body}, {"201", body}}, gvk));
    Operation patch = Op("patch", "partially update " + sub + " of the specified " + r.kind,
                         "patch" + gv + ns + r.kind + suffix, "patch",
                         {kDryRun, kFieldManagerPatch, kFieldValidation, kForce}, nullptr,
                         {{"200", body}, {"201", body}}, gvk);
    patch.patch_body = true;
    item.ops.push_back(patch);
  }

  void PodSubresources(const ResourceType& r, const std::string& scope, const GroupVersionKind& gvk,
                       const std::vector<Param>& object_params) {
    const TypeDef* binding = schema_.FindKind("", "v1", "Binding");
    if (binding != nullptr) {
      PathItem& item = Item(r, scope + "/pods/{name}/binding");
      item.params = object_params;
      item.params[0].description = "name of the Binding";
      item.ops.push_back(Op("post", "create binding of a Pod", "createCoreV1NamespacedPodBinding",
                            "post", {kDryRun, kFieldManagerWrite, kFieldValidation}, binding,
                            {{"200", binding}, {"201", binding}, {"202", binding}},
                            {"", "v1", "Binding"}));
    }
    PathItem& log = Item(r, scope + "/pods/{name}/log");
    log.params = object_params;
    log.params[0].description = "name of the Pod";
    std::vector<Param> params = {
        Query("container", "string",
              "The container to stream logs of. Defaults to the only container, if there is "
              "one."),
        Query("follow", "boolean", "Keep streaming the log as it grows."),
        Query("limitBytes", "integer",
              "Stop after this many bytes of output; the last line may be partial."),
        Query("previous", "boolean",
              "Return the logs of the previous, terminated instance of the container."),
        Query("sinceSeconds", "integer",
              "Only logs newer than this many seconds; exclusive with sinceTime."),
        Query("tailLines", "integer", "Only the last this many lines of the log."),
        Query("timestamps", "boolean", "Prefix every line with its RFC 3339 timestamp."),
    };
    log.ops.push_back(Op("get", "read log of the specified Pod", "readCoreV1NamespacedPodLog",
                         "get", params, nullptr, {{"200", nullptr}}, gvk));
  }

  PathItem& Item(const ResourceType& r, const std::string& path) {
    PathItem& item = paths_[path];
    item.tag = Tag(r);
    return item;
  }

  const Registry& schema_;
  std::map<std::string, PathItem>& paths_;
};

Json ParamJson(const Param& p, Version v) {
  Json j = {{"name", p.name}, {"in", p.in}};
  if (!p.description.empty()) j["description"] = p.description;
  if (p.required) j["required"] = true;
  if (v == Version::kV3) {
    j["schema"] = {{"type", p.type}, {"uniqueItems", true}};
  } else {
    j["type"] = p.type;
    j["uniqueItems"] = true;
  }
  return j;
}

std::string ResponseDescription(const std::string& code) {
  if (code == "200") return "OK";
  if (code == "201") return "Created";
  if (code == "202") return "Accepted";
  return "";
}

const char* const kPatchTypes[] = {"application/apply-patch+yaml", "application/json-patch+json",
                                   "application/merge-patch+json",
                                   "application/strategic-merge-patch+json"};

Json OperationJson(const Operation& op, const Registry& schema, const std::string& tag, Version v) {
  Json j = {{"description", op.description},
            {"operationId", op.operation_id},
            {"tags", Json::array({tag})}};
  Json params = Json::array();
  for (const Param& p : op.params) params.push_back(ParamJson(p, v));
  const TypeDef* body = op.body;
  if (op.patch_body) body = schema.Find(std::string(kMeta) + "Patch");
  if (body != nullptr) {
    Json ref = {{"$ref", Ref(*body, v)}};
    if (v == Version::kV3) {
      Json content = Json::object();
      if (op.patch_body) {
        for (const char* type : kPatchTypes) content[type] = {{"schema", ref}};
      } else {
        content["*/*"] = {{"schema", ref}};
      }
      j["requestBody"] = {{"content", content}};
      if (op.method != "delete") j["requestBody"]["required"] = true;
    } else {
      Json p = {{"in", "body"}, {"name", "body"}, {"schema", ref}};
      if (op.method != "delete") p["required"] = true;
      params.push_back(p);
      if (op.patch_body) j["consumes"] = kPatchTypes;
    }
  }
  if (!params.empty()) j["parameters"] = std::move(params);
  std::vector<std::string> media = {"application/json", "application/yaml"};
  if (op.watch) media.push_back("application/json;stream=watch");
  bool text = op.responses.size() == 1 && op.responses[0].second == nullptr;
  Json responses = Json::object();
  for (const auto& [code, type] : op.responses) {
    Json r = {{"description", ResponseDescription(code)}};
    Json schema_json = type == nullptr ? Json{{"type", "string"}} : Json{{"$ref", Ref(*type, v)}};
    if (v == Version::kV3) {
      Json content = Json::object();
      if (type == nullptr) {
        content["text/plain"] = {{"schema", schema_json}};
      } else {
        for (const std::string& m : media) content[m] = {{"schema", schema_json}};
      }
      r["content"] = std::move(content);
    } else {
      r["schema"] = schema_json;
    }
    responses[code] = std::move(r);
  }
  responses["401"] = {{"description", "Unauthorized"}};
  j["responses"] = std::move(responses);
  if (v == Version::kV2) {
    j["schemes"] = Json::array({"https"});
    j["produces"] = text ? std::vector<std::string>{"text/plain"} : media;
  }
  if (!op.action.empty()) j["x-kubernetes-action"] = op.action;
  if (!op.gvk.empty()) {
    j["x-kubernetes-group-version-kind"] = {
        {"group", op.gvk.group}, {"kind", op.gvk.kind}, {"version", op.gvk.version}};
  }
  return j;
}

Json PathsJson(const std::map<std::string, PathItem>& paths, const Registry& schema, Version v) {
  Json out = Json::object();
  for (const auto& [path, item] : paths) {
    Json item_json = Json::object();
    for (const Operation& op : item.ops) {
      item_json[op.method] = OperationJson(op, schema, item.tag, v);
    }
    if (!item.params.empty()) {
      Json params = Json::array();
      for (const Param& p : item.params) params.push_back(ParamJson(p, v));
      item_json["parameters"] = std::move(params);
    }
    out[path] = std::move(item_json);
  }
  return out;
}

Json BearerToken() {
  return {{"type", "apiKey"},
          {"description", "Bearer Token authentication"},
          {"name", "authorization"},
          {"in", "header"}};
}

}  // namespace

struct OpenApiDocuments::V3Docs {
  OpenApiDocument index;
  std::map<std::string, OpenApiDocument, std::less<>> by_path;  // "apis/apps/v1" -> document
};

OpenApiDocuments::OpenApiDocuments(const Registry& schema, std::vector<ResourceType> resources)
    : schema_(schema), resources_(std::move(resources)) {}

OpenApiDocuments::~OpenApiDocuments() = default;

const OpenApiDocuments& OpenApiDocuments::Builtin() {
  static const OpenApiDocuments* const docs =
      new OpenApiDocuments(Registry::Builtin(), ResourceRegistry::Builtin().All());
  return *docs;
}

const OpenApiDocuments::V3Docs& OpenApiDocuments::GetV3() const {
  std::call_once(v3_once_, [this] {
    auto built = std::make_unique<V3Docs>();
    // Group versions in the order resources are served.
    std::vector<std::string> order;
    std::map<std::string, std::vector<const ResourceType*>> by_gv;
    for (const ResourceType& r : resources_) {
      std::string gv = PathPrefix(r).substr(1);
      if (by_gv.find(gv) == by_gv.end()) order.push_back(gv);
      by_gv[gv].push_back(&r);
    }
    // Types every document's paths refer to.
    std::vector<const TypeDef*> common;
    for (const char* name : {"Status", "DeleteOptions", "WatchEvent", "Patch", "APIResourceList"}) {
      if (const TypeDef* t = schema_.Find(std::string(kMeta) + name)) common.push_back(t);
    }
    Json index_paths = Json::object();
    for (const std::string& gv : order) {
      std::set<const TypeDef*> types;
      for (const TypeDef* t : common) Collect(t, &types);
      std::map<std::string, PathItem> paths;
      PathBuilder builder(schema_, &paths);
      for (const ResourceType* r : by_gv[gv]) {
        Collect(schema_.FindKind(r->group, r->version, r->kind), &types);
        Collect(schema_.FindKind(r->group, r->version, r->kind + "List"), &types);
        if (r->has_scale) Collect(schema_.FindKind("autoscaling", "v1", "Scale"), &types);
        if (r->group.empty() && r->kind == "Pod") {
          Collect(schema_.FindKind("", "v1", "Binding"), &types);
        }
        builder.Root(*r);
        builder.Resource(*r);
      }
      Json schemas = Json::object();
      for (const TypeDef* t : types) schemas[t->name] = DefinitionSchema(*t, Version::kV3);
      Json doc = {{"openapi", "3.0.0"},
                  {"info", {{"title", "Kubernetes"}, {"version", "unversioned"}}},
                  {"paths", PathsJson(paths, schema_, Version::kV3)},
                  {"components",
                   {{"schemas", std::move(schemas)},
                    {"securitySchemes", {{"BearerToken", BearerToken()}}}}}};
      OpenApiDocument& d = built->by_path[gv] = MakeDocument(std::move(doc));
      index_paths[gv] = {{"serverRelativeURL", "/openapi/v3/" + gv + "?hash=" + d.hash}};
    }
    built->index = MakeDocument({{"paths", std::move(index_paths)}});
    v3_ = std::move(built);
  });
  return *v3_;
}

const OpenApiDocument& OpenApiDocuments::V2() const {
  std::call_once(v2_once_, [this] {
    std::map<std::string, PathItem> paths;
    PathBuilder builder(schema_, &paths);
    for (const ResourceType& r : resources_) {
      builder.Root(r);
      builder.Resource(r);
    }
    Json definitions = Json::object();
    for (const TypeDef* t : schema_.All()) {
      definitions[t->name] = DefinitionSchema(*t, Version::kV2);
    }
    v2_ = std::make_unique<OpenApiDocument>(MakeDocument({
        {"swagger", "2.0"},
        {"info", {{"title", "Kubernetes"}, {"version", "unversioned"}}},
        {"paths", PathsJson(paths, schema_, Version::kV2)},
        {"definitions", std::move(definitions)},
        {"security", Json::array({{{"BearerToken", Json::array()}}})},
        {"securityDefinitions", {{"BearerToken", BearerToken()}}},
    }));
  });
  return *v2_;
}

const std::string& OpenApiDocuments::V2Protobuf() const {
  std::call_once(v2_protobuf_once_, [this] { v2_protobuf_ = OpenApiV2ToProtobuf(V2().json); });
  return v2_protobuf_;
}

const OpenApiDocument& OpenApiDocuments::V3Index() const { return GetV3().index; }

const OpenApiDocument* OpenApiDocuments::V3Document(std::string_view group_version_path) const {
  group_version_path = group_version_path.substr(0, group_version_path.find('?'));
  while (!group_version_path.empty() && group_version_path.front() == '/') {
    group_version_path.remove_prefix(1);
  }
  const V3Docs& docs = GetV3();
  auto it = docs.by_path.find(group_version_path);
  return it == docs.by_path.end() ? nullptr : &it->second;
}

const Json& OpenApiV3Index() { return OpenApiDocuments::Builtin().V3Index().json; }

const Json* OpenApiV3Document(std::string_view group_version_path) {
  const OpenApiDocument* d = OpenApiDocuments::Builtin().V3Document(group_version_path);
  return d == nullptr ? nullptr : &d->json;
}

const Json& OpenApiV2() { return OpenApiDocuments::Builtin().V2().json; }

const std::string& OpenApiV3IndexText() { return OpenApiDocuments::Builtin().V3Index().text; }

const std::string* OpenApiV3DocumentText(std::string_view group_version_path) {
  const OpenApiDocument* d = OpenApiDocuments::Builtin().V3Document(group_version_path);
  return d == nullptr ? nullptr : &d->text;
}

const std::string& OpenApiV2Text() { return OpenApiDocuments::Builtin().V2().text; }

const std::string& OpenApiV2Protobuf() { return OpenApiDocuments::Builtin().V2Protobuf(); }

const std::string& OpenApiV2Hash() { return OpenApiDocuments::Builtin().V2().hash; }

std::string OpenApiV3Hash(std::string_view group_version_path) {
  const OpenApiDocument* d = OpenApiDocuments::Builtin().V3Document(group_version_path);
  return d == nullptr ? "" : d->hash;
}

}  // namespace stead::api::schema
