#include "controllers/garbagecollector/object_reference.h"

#include <tuple>

namespace stead::controllers::garbagecollector {

namespace {

std::optional<bool> OptionalBool(const Json& obj, const char* field) {
  auto it = obj.find(field);
  if (it == obj.end() || !it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

}  // namespace

OwnerReference OwnerReference::FromJson(const Json& ref) {
  OwnerReference out;
  out.api_version = GetString(ref, {"apiVersion"});
  out.kind = GetString(ref, {"kind"});
  out.name = GetString(ref, {"name"});
  out.uid = GetString(ref, {"uid"});
  out.controller = OptionalBool(ref, "controller");
  out.block_owner_deletion = OptionalBool(ref, "blockOwnerDeletion");
  return out;
}

Json OwnerReference::ToJson() const {
  Json out = {{"apiVersion", api_version}, {"kind", kind}, {"name", name}, {"uid", uid}};
  if (controller) out["controller"] = *controller;
  if (block_owner_deletion) out["blockOwnerDeletion"] = *block_owner_deletion;
  return out;
}

std::vector<OwnerReference> OwnerReference::ListOf(const Json& obj) {
  std::vector<OwnerReference> out;
  const Json* refs = Lookup(obj, {"metadata", "ownerReferences"});
  if (!refs || !refs->is_array()) return out;
  for (const Json& ref : *refs) {
    if (ref.is_object()) out.push_back(FromJson(ref));
  }
  return out;
}

ObjectReference ObjectReference::Of(const OwnerReference& ref, std::string ns) {
  return ObjectReference{ref.api_version, ref.kind, ref.name, ref.uid, std::move(ns)};
}

bool ObjectReference::MatchesCoordinates(const OwnerReference& ref) const {
  return uid == ref.uid && name == ref.name && kind == ref.kind && api_version == ref.api_version;
}

std::string ObjectReference::String() const {
  return "[" + api_version + "/" + kind + ", namespace: " + ns + ", name: " + name +
         ", uid: " + uid + "]";
}

std::string ObjectReference::Key() const {
  // NUL cannot occur in any of the fields.
  std::string key;
  for (const std::string* f : {&api_version, &kind, &ns, &name, &uid}) {
    key += *f;
    key += '\0';
  }
  return key;
}

bool ReferenceLess(const ObjectReference& a, const ObjectReference& b) {
  return std::tie(a.kind, a.api_version, a.ns, a.name, a.uid) <
         std::tie(b.kind, b.api_version, b.ns, b.name, b.uid);
}

void SplitApiVersion(std::string_view api_version, std::string* group, std::string* version) {
  size_t slash = api_version.find('/');
  if (slash == std::string_view::npos) {
    group->clear();
    *version = std::string(api_version);
    return;
  }
  *group = std::string(api_version.substr(0, slash));
  *version = std::string(api_version.substr(slash + 1));
}

bool HasFinalizer(const Json& obj, std::string_view finalizer) {
  const Json* f = Lookup(obj, {"metadata", "finalizers"});
  if (!f || !f->is_array()) return false;
  for (const Json& v : *f) {
    if (v.is_string() && v.get<std::string>() == finalizer) return true;
  }
  return false;
}

}  // namespace stead::controllers::garbagecollector
