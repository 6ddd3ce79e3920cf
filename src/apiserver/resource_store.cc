#include "apiserver/resource_store.h"

#include <thread>

#include "api/apply/managed_fields.h"
#include "api/apply/server_side_apply.h"
#include "api/patch/patch.h"
#include "api/schema/decode.h"
#include "api/schema/schema.h"
#include "api/validation/object_meta.h"
#include "apiserver/admission/admission.h"
#include "apiserver/keys.h"
#include "apiserver/object_filter.h"
#include "apiserver/continue_token.h"
#include "core/label_selector.h"
#include "core/log.h"
#include "core/names.h"

namespace stead::apiserver {

namespace {

constexpr int kMaxConflictRetries = 32;

// Object JSON as stored: without resourceVersion (it is the store revision).
std::string Serialize(const Json& obj) {
  if (const Json* rv = Lookup(obj, {"metadata", "resourceVersion"}); rv) {
    Json copy = obj;
    copy["metadata"].erase("resourceVersion");
    return copy.dump();
  }
  return obj.dump();
}

Json WithRevision(Json obj, int64_t revision) {
  obj["metadata"]["resourceVersion"] = std::to_string(revision);
  return obj;
}

// Everything except metadata and status (the spec, for generation tracking
// and /status writes).
bool IsSpecKey(const std::string& k) {
  return k != "metadata" && k != "status" && k != "apiVersion" && k != "kind";
}

// Whether the spec changed (generation tracking).
bool SpecEqual(const Json& a, const Json& b) {
  for (auto it = a.begin(); it != a.end(); ++it) {
    if (!IsSpecKey(it.key())) continue;
    auto other = b.find(it.key());
    if (other == b.end() || *other != it.value()) return false;
  }
  for (auto it = b.begin(); it != b.end(); ++it) {
    if (IsSpecKey(it.key()) && a.find(it.key()) == a.end()) return false;
  }
  return true;
}

// Equal ignoring resourceVersion. managedFields count: a write that only
// changes ownership (an apply that co-owns or gives up fields) is stored, as
// upstream stores it; an unchanged write leaves them untouched.
bool SemanticallyEqual(const Json& a, const Json& b) {
  Json x = a, y = b;
  for (Json* o : {&x, &y}) {
    if (auto m = o->find("metadata"); m != o->end() && m->is_object()) {
      m->erase("resourceVersion");
    }
  }
  return x == y;
}

std::vector<std::string> Finalizers(const Json& obj) {
  std::vector<std::string> out;
  if (const Json* f = Lookup(obj, {"metadata", "finalizers"}); f && f->is_array()) {
    for (const auto& v : *f) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

void SetFinalizers(Json& obj, const std::vector<std::string>& finalizers) {
  if (finalizers.empty()) {
    Erase(obj, {"metadata", "finalizers"});
  } else {
    obj["metadata"]["finalizers"] = finalizers;
  }
}

bool HasSpecFinalizers(const api::ResourceType& type, const Json& obj) {
  if (!type.group.empty() || type.kind != "Namespace") return false;
  const Json* f = Lookup(obj, {"spec", "finalizers"});
  return f && f->is_array() && !f->empty();
}

bool IsTerminalPod(const Json& pod) {
  std::string phase = GetString(pod, {"status", "phase"});
  return phase == "Succeeded" || phase == "Failed";
}

std::string ServiceClusterIp(const Json& svc) {
  return GetString(svc, {"spec", "clusterIP"});
}

bool NeedsClusterIp(const Json& svc) {
  std::string type = GetString(svc, {"spec", "type"}, "ClusterIP");
  return type != "ExternalName";
}

// An empty status as upstream writes it (non-omitempty counters as 0).
Json ZeroStatus(const api::ResourceType& type) {
  const api::schema::TypeDef* def =
      api::schema::Registry::Builtin().FindKind(type.group, type.version, type.kind);
  const api::schema::FieldDef* status = def ? def->FindField("status") : nullptr;
  if (!status || !status->type) return Json::object();
  auto zero = api::schema::DecodeValue(Json::object(), *status->type,
                                       api::schema::FieldValidation::kIgnore, nullptr);
  return zero.ok() ? *zero : Json::object();
}

// What no update can change (upstream rest.BeforeUpdate): the generation
// (bumped only by the server), the uid when the request leaves it out, the
// creation time and the deletion fields once set.
void KeepSystemMetadata(Json& meta, const Json& old_meta) {
  if (old_meta.contains("generation")) {
    meta["generation"] = old_meta["generation"];
  } else {
    meta.erase("generation");
  }
  if (GetString(meta, {"uid"}).empty()) meta["uid"] = old_meta["uid"];
  if (old_meta.contains("creationTimestamp")) {
    meta["creationTimestamp"] = old_meta["creationTimestamp"];
  }
  if (old_meta.contains("deletionTimestamp")) {
    meta["deletionTimestamp"] = old_meta["deletionTimestamp"];
  }
  if (old_meta.contains("deletionGracePeriodSeconds") &&
      !meta.contains("deletionGracePeriodSeconds")) {
    meta["deletionGracePeriodSeconds"] = old_meta["deletionGracePeriodSeconds"];
  }
}

// The object a /status write stores (upstream's <kind>StatusStrategy
// .PrepareForUpdate, then rest.BeforeUpdate): the request's status and
// metadata, except that everything else (the spec) and the kind's
// status_keeps_metadata fields are the stored object's.
Json StatusWrite(const api::ResourceType& type, const Json& old, Json obj, SystemTime now) {
  for (auto it = obj.begin(); it != obj.end();) {
    it = IsSpecKey(it.key()) ? obj.erase(it) : std::next(it);
  }
  for (auto it = old.begin(); it != old.end(); ++it) {
    if (IsSpecKey(it.key())) obj[it.key()] = it.value();
  }
  Json& meta = obj["metadata"];
  const Json& old_meta = old["metadata"];
  for (const std::string& field : type.status_keeps_metadata) {
    if (auto f = old_meta.find(field); f != old_meta.end()) {
      meta[field] = *f;
    } else {
      meta.erase(field);
    }
  }
  KeepSystemMetadata(meta, old_meta);
  if (type.prepare_status) type.prepare_status(obj, old, now);
  return obj;
}

// The fields a write does not own because the server resets them (the
// strategies' GetResetFields): the generic ones, plus the metadata fields a
// /status write keeps.
api::apply::FieldSet ResetFieldsFor(const api::ResourceType& type, Subresource sub,
                                    const std::string& subresource) {
  api::apply::FieldSet s = api::apply::ResetFields(type.has_status, subresource);
  if (sub == Subresource::kStatus) {
    for (const std::string& field : type.status_keeps_metadata) {
      s.Insert({api::apply::PathElement::Field("metadata"), api::apply::PathElement::Field(field)});
    }
  }
  return s;
}

// The store revision an object was read at (its resourceVersion).
int64_t current_mod_revision(const Json& obj) {
  std::string rv = MetaResourceVersion(obj);
  return rv.empty() ? 0 : std::stoll(rv);
}

// Conflicts reported by the store carry no details; API-level conflicts
// (failed client preconditions) always name the object. Only the former
// are retried on the fresh state.
bool IsRetryableConflict(const Status& s) {
  return s.IsConflict() && s.details_or_null() == nullptr;
}

// Upstream's 409 for a write whose object changed under it.
Status ObjectModified(const api::ResourceType& type, const std::string& name) {
  return Status::ConflictResource(type.plural, type.group, name,
                                  "the object has been modified; please apply your changes to "
                                  "the latest version and try again");
}

// ---- managedFields and server-side apply (src/api/apply) -----------------

const char* SubresourceName(Subresource sub) {
  switch (sub) {
    case Subresource::kStatus: return "status";
    case Subresource::kScale: return "scale";
    case Subresource::kFinalize: return "finalize";
    case Subresource::kNone: break;
  }
  return "";
}

api::apply::WriteContext ManagedFieldsContext(const api::ResourceType& type,
                                              const WriteOptions& options, Subresource sub,
                                              SystemTime now) {
  std::string subresource = SubresourceName(sub);
  return api::apply::WriteContext{
      api::apply::ManagerName(options.field_manager, options.user_agent), subresource, now,
      ResetFieldsFor(type, sub, subresource)};
}

// Records a write in metadata.managedFields. `live` is null on create.
void RecordManagedFields(const api::ResourceType& type, const Json* live, Json& next,
                         const WriteOptions& options, Subresource sub, SystemTime now) {
  const api::schema::TypeDef* def =
      api::schema::Registry::Builtin().FindKind(type.group, type.version, type.kind);
  if (def) {
    api::apply::RecordUpdate(live, next, *def, ManagedFieldsContext(type, options, sub, now));
  }
}

// ---------------------------------------------------------------------------

}  // namespace

const char* WatchEvent::TypeName(Type t) {
  switch (t) {
    case Type::kAdded: return "ADDED";
    case Type::kModified: return "MODIFIED";
    case Type::kDeleted: return "DELETED";
    case Type::kBookmark: return "BOOKMARK";
    case Type::kError: return "ERROR";
  }
  return "ERROR";
}

ResourceStore::ResourceStore(store::Store* store, store::WatchCache* cache,
                             const api::ResourceRegistry* registry, const Clock* clock,
                             const Options& options)
    : store_(store), cache_(cache), registry_(registry), clock_(clock), options_(options) {
  auto alloc = ServiceIpAllocator::Create(options_.service_cidr);
  if (!alloc.ok()) {
    LOG_ERROR("apiserver", "bad service CIDR", {{"cidr", options_.service_cidr}});
    alloc = ServiceIpAllocator::Create("10.96.0.0/12");
  }
  ip_allocator_ = std::move(*alloc);
  // Rebuild the ClusterIP allocation state from the stored Services.
  if (const api::ResourceType* svc = registry_->ByResource("", "v1", "services")) {
    for (const auto& c : cache_->List(ListPrefix(*svc, ""), "", nullptr)) {
      std::string ip = ServiceClusterIp(*c.object);
      if (!ip.empty() && ip != "None") (void)ip_allocator_->AllocateSpecific(ip);
    }
  }
}

ResourceStore::~ResourceStore() = default;

Result<Json> ResourceStore::Decode(const api::ResourceType& type, const Json& body,
                                   const WriteOptions& options,
                                   std::vector<std::string>* warnings) const {
  if (!body.is_object()) {
    return Status::BadRequest("the body of the request was in an unknown format - "
                              "accepted media types include: application/json, "
                              "application/yaml, application/vnd.kubernetes.protobuf");
  }
  std::string api_version = GetString(body, {"apiVersion"});
  std::string kind = GetString(body, {"kind"});
  if (!kind.empty() && kind != type.kind) {
    return Status::BadRequest("the kind in the body (" + kind +
                              ") does not match the expected kind (" + type.kind + ")");
  }
  if (!api_version.empty() && api_version != type.GroupVersion()) {
    return Status::BadRequest("the API version in the data (" + api_version +
                              ") does not match the expected API version (" +
                              type.GroupVersion() + ")");
  }
  const api::schema::TypeDef* def =
      api::schema::Registry::Builtin().FindKind(type.group, type.version, type.kind);
  Json obj = body;
  if (def) {
    api::schema::FieldValidation mode = api::schema::FieldValidation::kWarn;
    if (options.field_validation == FieldValidation::kStrict) {
      mode = api::schema::FieldValidation::kStrict;
    } else if (options.field_validation == FieldValidation::kIgnore) {
      mode = api::schema::FieldValidation::kIgnore;
    }
    STEAD_ASSIGN_OR_RETURN(obj, api::schema::Decode(body, *def, mode, warnings));
  }
  obj["apiVersion"] = type.GroupVersion();
  obj["kind"] = type.kind;
  if (!obj.contains("metadata") || !obj["metadata"].is_object()) {
    obj["metadata"] = Json::object();
  }
  return obj;
}

Status ResourceStore::CheckNamespace(const api::ResourceType& type, const std::string& ns) const {
  if (!type.namespaced) return Status::OK();
  const api::ResourceType* ns_type = registry_->ByResource("", "v1", "namespaces");
  auto found = cache_->Get(ObjectKey(*ns_type, "", ns));
  if (!found) return Status::NotFoundResource("namespaces", "", ns);
  if (MetaDeleting(*found->object)) {
    Status s = Status::Forbidden("unable to create new content in namespace " + ns +
                                 " because it is being terminated");
    s.details().causes.push_back({"NamespaceTerminating",
                                  "namespace " + ns + " is being terminated",
                                  "metadata.namespace"});
    return s;
  }
  return Status::OK();
}

Result<store::ObjectPtr> ResourceStore::GetFresh(const std::string& key) {
  auto found = cache_->Get(key);
  if (!found) return Status::NotFound("");
  return found->object;
}

Result<WriteResult> ResourceStore::Create(const api::ResourceType& type, const std::string& ns,
                                          Json body, const WriteOptions& options) {
  return CreateObject(type, ns, std::move(body), options, /*managed_fields_applied=*/false);
}

Result<WriteResult> ResourceStore::CreateObject(const api::ResourceType& type,
                                                const std::string& ns, Json body,
                                                const WriteOptions& options,
                                                bool managed_fields_applied) {
  WriteResult result;
  STEAD_ASSIGN_OR_RETURN(Json obj, Decode(type, body, options, &result.warnings));
  Json& meta = obj["metadata"];
  if (type.namespaced) {
    std::string body_ns = GetString(obj, {"metadata", "namespace"});
    if (!body_ns.empty() && body_ns != ns) {
      return Status::BadRequest(
          "the namespace of the provided object does not match the namespace sent on the "
          "request");
    }
    meta["namespace"] = ns;
  } else {
    meta.erase("namespace");
  }
  std::string name = GetString(obj, {"metadata", "name"});
  std::string generate_name = GetString(obj, {"metadata", "generateName"});
  bool generated = false;
  if (name.empty() && !generate_name.empty()) {
    name = GenerateName(generate_name);
    meta["name"] = name;
    generated = true;
  }
  meta.erase("resourceVersion");
  meta.erase("deletionTimestamp");
  meta.erase("deletionGracePeriodSeconds");
  meta["uid"] = NewUid();
  meta["creationTimestamp"] = FormatTime(clock_->Now());
  if (type.tracks_generation) {
    meta["generation"] = 1;
  } else {
    meta.erase("generation");
  }
  if (type.has_status && type.reset_status_on_create) obj["status"] = ZeroStatus(type);
  if (type.set_defaults) type.set_defaults(obj);
  // The creator owns what it set (server-side apply computed its own).
  if (!managed_fields_applied) {
    RecordManagedFields(type, nullptr, obj, options, Subresource::kNone, clock_->Now());
  }
  // Mutating admission (upstream plugins), between defaulting and the
  // strategy's PrepareForCreate as in kube-apiserver.
  STEAD_RETURN_IF_ERROR(
      admission::AdmitCreate(type, obj, admission::AdmissionContext(*registry_, *cache_)));
  if (type.prepare_create) type.prepare_create(obj);

  FieldErrorList errs = api::validation::ValidateObjectMeta(
      obj["metadata"], type.namespaced, type.name_rule, FieldPath("metadata"));
  if (type.validate_create) type.validate_create(obj, errs);
  if (!errs.empty()) return InvalidStatus(type.kind, type.group, name, errs);
  STEAD_RETURN_IF_ERROR(CheckNamespace(type, ns));

  // ClusterIP allocation (Services).
  std::string allocated_ip;
  if (type.group.empty() && type.kind == "Service" && NeedsClusterIp(obj)) {
    std::string ip = ServiceClusterIp(obj);
    if (ip.empty()) {
      STEAD_ASSIGN_OR_RETURN(allocated_ip, ip_allocator_->Allocate());
      obj["spec"]["clusterIP"] = allocated_ip;
      obj["spec"]["clusterIPs"] = Json::array({allocated_ip});
    } else if (ip != "None") {
      Status s = ip_allocator_->AllocateSpecific(ip);
      if (!s.ok()) {
        FieldErrorList ip_errs;
        ip_errs.push_back(FieldError::InvalidRaw(
            FieldPath("spec").Child("clusterIPs"), "[]string{\"" + ip + "\"}",
            "failed to allocate IP " + ip + ": " + s.message()));
        return InvalidStatus(type.kind, type.group, name, ip_errs);
      }
      allocated_ip = ip;
      obj["spec"]["clusterIPs"] = Json::array({ip});
    } else {
      obj["spec"]["clusterIPs"] = Json::array({"None"});
    }
  }

  if (options.dry_run) {
    if (!allocated_ip.empty()) ip_allocator_->Release(allocated_ip);
    result.object = std::move(obj);
    result.created = true;
    return result;
  }
  std::string key = ObjectKey(type, ns, name);
  auto rev = store_->Create(key, Serialize(obj));
  if (!rev.ok()) {
    if (!allocated_ip.empty()) ip_allocator_->Release(allocated_ip);
    if (rev.status().IsAlreadyExists()) {
      if (generated) {
        // Upstream answers a generateName collision with a retryable error.
        Status s = Status::AlreadyExistsResource(type.plural, type.group, name);
        s.details().retry_after_seconds = 1;
        return s;
      }
      return Status::AlreadyExistsResource(type.plural, type.group, name);
    }
    return rev.status();
  }
  result.object = WithRevision(std::move(obj), *rev);
  result.created = true;
  return result;
}

Result<store::ObjectPtr> ResourceStore::Get(const api::ResourceType& type, const std::string& ns,
                                            const std::string& name) {
  auto found = cache_->Get(ObjectKey(type, ns, name));
  if (!found) return Status::NotFoundResource(type.plural, type.group, name);
  return found->object;
}

struct ResourceStore::Filter {
  ObjectFilter filter;
};

Result<ResourceStore::Filter> ResourceStore::MakeFilter(const api::ResourceType& type,
                                                        const ListOptions& options) const {
  STEAD_ASSIGN_OR_RETURN(ObjectFilter f,
                         ObjectFilter::Create(type, options.label_selector,
                                              options.field_selector));
  return Filter{std::move(f)};
}

Result<ListResult> ResourceStore::List(const api::ResourceType& type, const std::string& ns,
                                       const ListOptions& options) {
  STEAD_ASSIGN_OR_RETURN(Filter filter, MakeFilter(type, options));
  std::string prefix = ListPrefix(type, ns);
  if (options.limit < 0) return Status::BadRequest("limit must be non-negative");

  int64_t list_revision = 0;
  std::string start_key;
  bool from_store = false;
  if (!options.continue_token.empty()) {
    STEAD_ASSIGN_OR_RETURN(ContinueToken token, DecodeContinueToken(options.continue_token));
    if (!options.resource_version.empty() && options.resource_version != "0") {
      return Status::BadRequest(
          "specifying resource version is not allowed when using continue");
    }
    list_revision = token.revision;
    start_key = prefix + token.start;
    from_store = list_revision != cache_->Revision();
  } else if (!options.resource_version.empty() && options.resource_version != "0") {
    int64_t rv = 0;
    try {
      rv = std::stoll(options.resource_version);
    } catch (...) {
      return Status::BadRequest("invalid resource version: " + options.resource_version);
    }
    if (options.resource_version_match == "Exact") {
      list_revision = rv;
      from_store = rv != cache_->Revision();
    } else {
      STEAD_RETURN_IF_ERROR(cache_->WaitForRevision(rv, options_.cache_wait));
    }
  } else if (!options.resource_version_match.empty() && options.resource_version.empty()) {
    return Status::BadRequest(
        "resourceVersionMatch is forbidden unless resourceVersion is provided");
  }

  ListResult out;
  std::vector<store::ObjectPtr> candidates;
  std::vector<std::string> keys;
  if (from_store) {
    store::ListOptions lo;
    lo.prefix = prefix;
    lo.start_key = start_key;
    lo.revision = list_revision;
    auto listed = store_->List(lo);
    if (!listed.ok()) {
      if (listed.status().IsExpired() && !options.continue_token.empty()) {
        return Status::Expired(
            "The provided continue parameter is too old to display a consistent list result. "
            "You can start a new list without the continue parameter, or use the continue "
            "token in this response to retrieve the remainder of the results. Continuing with "
            "the provided token results in an inconsistent list - objects that were created, "
            "modified, or deleted between the time the first chunk was returned and now may "
            "show up in the list.");
      }
      return listed.status();
    }
    for (auto& kv : listed->kvs) {
      auto obj = store::WatchCache::DecodeValue(kv.value, kv.mod_revision);
      if (!obj.ok()) continue;
      keys.push_back(kv.key);
      candidates.push_back(std::make_shared<const Json>(std::move(*obj)));
    }
  } else {
    for (auto& c : cache_->List(prefix, start_key, &list_revision)) {
      keys.push_back(std::move(c.key));
      candidates.push_back(std::move(c.object));
    }
  }
  out.resource_version = std::to_string(list_revision);
  size_t limit = options.limit > 0 ? static_cast<size_t>(options.limit) : 0;
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (!filter.filter.Matches(*candidates[i])) continue;
    if (limit && out.items.size() == limit) {
      // More matching items may follow: hand out a continue token that
      // resumes at this key.
      out.continue_token =
          EncodeContinueToken(ContinueToken{list_revision, keys[i].substr(prefix.size())});
      if (filter.filter.MatchesEverything()) {
        out.remaining_item_count = static_cast<int64_t>(candidates.size() - i);
      }
      break;
    }
    out.items.push_back(candidates[i]);
  }
  return out;
}

Result<WriteResult> ResourceStore::UpdateLocked(const api::ResourceType& type,
                                                const std::string& ns, const std::string& name,
                                                const store::ObjectPtr& current, Json obj,
                                                const WriteOptions& options, Subresource sub,
                                                bool client_rv_precondition,
                                                bool managed_fields_applied) {
  const Json& old = *current;
  if (client_rv_precondition) {
    std::string want = GetString(obj, {"metadata", "resourceVersion"});
    if (want != MetaResourceVersion(old)) {
      return ObjectModified(type, name);
    }
  }
  Json next;
  if (sub == Subresource::kStatus) {
    next = StatusWrite(type, old, std::move(obj), clock_->Now());
  } else if (sub == Subresource::kFinalize) {
    next = old;
    const Json* finalizers = Lookup(obj, {"spec", "finalizers"});
    if (finalizers && finalizers->is_array() && !finalizers->empty()) {
      next["spec"]["finalizers"] = *finalizers;
    } else {
      Erase(next, {"spec", "finalizers"});
    }
  }
  if (sub == Subresource::kStatus || sub == Subresource::kFinalize) {
    if (!managed_fields_applied) {
      RecordManagedFields(type, &old, next, options, sub, clock_->Now());
    } else if (const Json* applied = Lookup(obj, {"metadata", "managedFields"})) {
      next["metadata"]["managedFields"] = *applied;
    }
  } else {
    next = std::move(obj);
    Json& meta = next["metadata"];
    KeepSystemMetadata(meta, old["metadata"]);
    if (type.has_status) {
      if (old.contains("status")) {
        next["status"] = old["status"];
      } else {
        next.erase("status");
      }
    }
    if (type.set_defaults) type.set_defaults(next);
    // Ownership is recorded before the strategy's own changes, as upstream.
    if (!managed_fields_applied) {
      RecordManagedFields(type, &old, next, options, sub, clock_->Now());
    }
    if (type.tracks_generation && !SpecEqual(next, old)) {
      meta["generation"] = GetInt(old, {"metadata", "generation"}, 0) + 1;
    }
    if (type.prepare_update) type.prepare_update(next, old);
  }
  next["metadata"]["resourceVersion"] = MetaResourceVersion(old);

  FieldErrorList errs = api::validation::ValidateObjectMetaUpdate(
      next["metadata"], old["metadata"], FieldPath("metadata"));
  if (sub == Subresource::kStatus) {
    if (type.validate_status) type.validate_status(next, old, errs);
  } else if (sub == Subresource::kFinalize) {
    // The finalizer names (upstream ValidateNamespaceFinalizeUpdate).
    if (type.validate_create) type.validate_create(next, errs);
  } else if (type.validate_update) {
    type.validate_update(next, old, errs);
  }
  if (!errs.empty()) return InvalidStatus(type.kind, type.group, name, errs);

  WriteResult result;
  // Removing the last finalizer of an object marked for deletion deletes it;
  // a namespace also waits for its spec.finalizers (upstream
  // ShouldDeleteNamespaceDuringUpdate).
  if (MetaDeleting(old) && Finalizers(next).empty() && !HasSpecFinalizers(type, next)) {
    int64_t grace = GetInt(old, {"metadata", "deletionGracePeriodSeconds"}, 0);
    bool pod_done = type.graceful_delete && IsTerminalPod(next);
    if (grace == 0 || pod_done) {
      if (options.dry_run) {
        result.object = std::move(next);
        return result;
      }
      auto rev = store_->Delete(ObjectKey(type, ns, name), current_mod_revision(old));
      if (!rev.ok()) return rev.status();
      ReleaseResources(type, old);
      result.object = WithRevision(std::move(next), *rev);
      return result;
    }
  }
  if (SemanticallyEqual(next, old)) {
    result.object = old;
    return result;
  }
  if (options.dry_run) {
    result.object = std::move(next);
    return result;
  }
  auto rev = store_->Update(ObjectKey(type, ns, name), Serialize(next),
                            current_mod_revision(old));
  if (!rev.ok()) return rev.status();
  result.object = WithRevision(std::move(next), *rev);
  return result;
}

Result<WriteResult> ResourceStore::Update(const api::ResourceType& type, const std::string& ns,
                                          const std::string& name, Json body,
                                          const WriteOptions& options, Subresource sub) {
  std::vector<std::string> warnings;
  STEAD_ASSIGN_OR_RETURN(Json obj, Decode(type, body, options, &warnings));
  // `managedFields: []` clears them; decoding drops the empty list.
  if (api::apply::RequestResetsManagedFields(body)) {
    obj["metadata"]["managedFields"] = Json::array();
  }
  std::string body_name = GetString(obj, {"metadata", "name"});
  if (body_name != name) {
    return Status::BadRequest("the name of the object (" + body_name +
                              ") does not match the name on the URL (" + name + ")");
  }
  if (type.namespaced) {
    std::string body_ns = GetString(obj, {"metadata", "namespace"});
    if (!body_ns.empty() && body_ns != ns) {
      return Status::BadRequest(
          "the namespace of the provided object does not match the namespace sent on the "
          "request");
    }
    obj["metadata"]["namespace"] = ns;
  }
  bool precondition = !GetString(obj, {"metadata", "resourceVersion"}).empty();
  std::string key = ObjectKey(type, ns, name);
  for (int attempt = 0; attempt < kMaxConflictRetries; ++attempt) {
    auto current = cache_->Get(key);
    if (!current) return Status::NotFoundResource(type.plural, type.group, name);
    auto r = UpdateLocked(type, ns, name, current->object, obj, options, sub, precondition);
    if (!r.ok() && IsRetryableConflict(r.status())) {
      // Lost a race with another writer: retry on the new state, unless the
      // client asked for the version it read.
      if (!precondition) continue;
      return ObjectModified(type, name);
    }
    if (r.ok()) r->warnings = warnings;
    return r;
  }
  return ObjectModified(type, name);
}

Result<WriteResult> ResourceStore::GuaranteedUpdate(const api::ResourceType& type,
                                                    const std::string& ns,
                                                    const std::string& name,
                                                    const std::function<Status(Json&)>& mutate,
                                                    const WriteOptions& options,
                                                    Subresource sub) {
  std::string key = ObjectKey(type, ns, name);
  for (int attempt = 0; attempt < kMaxConflictRetries; ++attempt) {
    auto current = cache_->Get(key);
    if (!current) return Status::NotFoundResource(type.plural, type.group, name);
    Json obj = *current->object;
    STEAD_RETURN_IF_ERROR(mutate(obj));
    auto r = UpdateLocked(type, ns, name, current->object, std::move(obj), options, sub,
                          /*client_rv_precondition=*/false);
    if (!r.ok() && IsRetryableConflict(r.status())) continue;
    return r;
  }
  return ObjectModified(type, name);
}

Result<WriteResult> ResourceStore::Patch(const api::ResourceType& type, const std::string& ns,
                                         const std::string& name, PatchKind kind,
                                         std::string_view body, const WriteOptions& options,
                                         Subresource sub) {
  const api::schema::TypeDef* def =
      api::schema::Registry::Builtin().FindKind(type.group, type.version, type.kind);
  // Server-side apply (src/api/apply): the configuration is merged into the
  // live object, or creates it.
  const bool apply = kind == PatchKind::kApply && def != nullptr;
  Json config;
  api::apply::ApplyRequest apply_request;
  if (apply) {
    STEAD_ASSIGN_OR_RETURN(config, ParseJson(body));
    if (!config.is_object()) {
      return Status::BadRequest(
          "error decoding YAML: the applied configuration is not an object");
    }
    std::string subresource = SubresourceName(sub);
    apply_request = api::apply::ApplyRequest{
        api::apply::ManagerName(options.field_manager, options.user_agent), options.force,
        subresource, clock_->Now(), ResetFieldsFor(type, sub, subresource)};
  }
  std::string key = ObjectKey(type, ns, name);
  for (int attempt = 0; attempt < kMaxConflictRetries; ++attempt) {
    auto current = cache_->Get(key);
    if (!current && apply && sub == Subresource::kNone) {
      STEAD_ASSIGN_OR_RETURN(Json created,
                             api::apply::Apply(nullptr, config, *def, apply_request));
      if (GetString(created, {"metadata", "name"}) != name) {
        return Status::BadRequest("the name of the object (" + MetaName(created) +
                                  ") does not match the name on the URL (" + name + ")");
      }
      auto r = CreateObject(type, ns, std::move(created), options,
                            /*managed_fields_applied=*/true);
      if (!r.ok() && r.status().IsAlreadyExists()) continue;  // raced with a create
      return r;
    }
    if (!current) return Status::NotFoundResource(type.plural, type.group, name);
    Json patched;
    if (apply) {
      STEAD_ASSIGN_OR_RETURN(
          patched, api::apply::Apply(current->object.get(), config, *def, apply_request));
    } else {
      api::patch::PatchType pt = api::patch::PatchType::kMerge;
      switch (kind) {
        case PatchKind::kJson: pt = api::patch::PatchType::kJson; break;
        case PatchKind::kMerge: pt = api::patch::PatchType::kMerge; break;
        case PatchKind::kStrategicMerge: pt = api::patch::PatchType::kStrategicMerge; break;
        case PatchKind::kApply: pt = api::patch::PatchType::kApply; break;
      }
      STEAD_ASSIGN_OR_RETURN(patched, api::patch::ApplyPatch(pt, *current->object, body, def));
    }
    std::vector<std::string> warnings;
    STEAD_ASSIGN_OR_RETURN(Json obj, Decode(type, patched, options, &warnings));
    if (!apply && api::apply::RequestResetsManagedFields(patched)) {
      obj["metadata"]["managedFields"] = Json::array();
    }
    if (GetString(obj, {"metadata", "name"}) != name) {
      return Status::BadRequest("the name of the object (" + MetaName(obj) +
                                ") does not match the name on the URL (" + name + ")");
    }
    // A patch that carries a resourceVersion is a precondition on it.
    bool precondition =
        GetString(obj, {"metadata", "resourceVersion"}) != MetaResourceVersion(*current->object);
    auto r = UpdateLocked(type, ns, name, current->object, std::move(obj), options, sub,
                          precondition, /*managed_fields_applied=*/apply);
    if (!r.ok() && IsRetryableConflict(r.status())) {
      if (!precondition) continue;
      return ObjectModified(type, name);
    }
    if (r.ok()) r->warnings = std::move(warnings);
    return r;
  }
  return ObjectModified(type, name);
}

void ResourceStore::ReleaseResources(const api::ResourceType& type, const Json& obj) {
  if (type.group.empty() && type.kind == "Service") {
    std::string ip = ServiceClusterIp(obj);
    if (!ip.empty() && ip != "None") ip_allocator_->Release(ip);
  }
}

Result<DeleteResult> ResourceStore::Delete(const api::ResourceType& type, const std::string& ns,
                                           const std::string& name,
                                           const DeleteOptions& options) {
  std::string key = ObjectKey(type, ns, name);
  for (int attempt = 0; attempt < kMaxConflictRetries; ++attempt) {
    auto current = cache_->Get(key);
    if (!current) return Status::NotFoundResource(type.plural, type.group, name);
    auto r = FinishDelete(type, ns, name, *current->object, options);
    if (!r.ok() && IsRetryableConflict(r.status())) continue;
    return r;
  }
  return ObjectModified(type, name);
}

Result<DeleteResult> ResourceStore::FinishDelete(const api::ResourceType& type,
                                                 const std::string& ns, const std::string& name,
                                                 const Json& current,
                                                 const DeleteOptions& options) {
  if (!options.precondition_uid.empty() && options.precondition_uid != MetaUid(current)) {
    return Status::ConflictResource(type.plural, type.group, name,
                                    "Precondition failed: UID in precondition: " +
                                        options.precondition_uid +
                                        ", UID in object meta: " + MetaUid(current));
  }
  if (!options.precondition_resource_version.empty() &&
      options.precondition_resource_version != MetaResourceVersion(current)) {
    return Status::ConflictResource(
        type.plural, type.group, name,
        "Precondition failed: ResourceVersion in precondition: " +
            options.precondition_resource_version +
            ", ResourceVersion in object meta: " + MetaResourceVersion(current));
  }
  if (options.grace_period_seconds && *options.grace_period_seconds < 0) {
    FieldErrorList errs;
    errs.push_back(FieldError::Invalid(FieldPath("gracePeriodSeconds"),
                                       *options.grace_period_seconds,
                                       "must be greater than or equal to 0"));
    return InvalidStatus(type.kind, type.group, name, errs);
  }
  std::string policy = options.propagation_policy;
  if (!policy.empty() && policy != "Orphan" && policy != "Background" &&
      policy != "Foreground") {
    FieldErrorList errs;
    errs.push_back(FieldError::NotSupported(FieldPath("propagationPolicy"), policy,
                                            {"Foreground", "Background", "Orphan", "nil"}));
    return InvalidStatus("DeleteOptions", "", "", errs);
  }
  if (policy.empty() && options.orphan_dependents.has_value()) {
    policy = *options.orphan_dependents ? "Orphan" : "Background";
  }

  // Finalizers the garbage collector acts on.
  std::vector<std::string> finalizers = Finalizers(current);
  auto has = [&](const std::string& f) {
    return std::find(finalizers.begin(), finalizers.end(), f) != finalizers.end();
  };
  auto remove = [&](const std::string& f) {
    finalizers.erase(std::remove(finalizers.begin(), finalizers.end(), f), finalizers.end());
  };
  bool finalizers_changed = false;
  if (policy == "Orphan" && !has("orphan")) {
    remove("foregroundDeletion");
    finalizers.push_back("orphan");
    finalizers_changed = true;
  } else if (policy == "Foreground" && !has("foregroundDeletion")) {
    remove("orphan");
    finalizers.push_back("foregroundDeletion");
    finalizers_changed = true;
  } else if (policy == "Background" && (has("orphan") || has("foregroundDeletion"))) {
    remove("orphan");
    remove("foregroundDeletion");
    finalizers_changed = true;
  }

  // Graceful deletion (pods bound to a node and still running).
  int64_t grace = 0;
  if (type.graceful_delete) {
    grace = options.grace_period_seconds.value_or(
        GetInt(current, {"spec", "terminationGracePeriodSeconds"}, 30));
    if (GetString(current, {"spec", "nodeName"}).empty() || IsTerminalPod(current)) grace = 0;
  }
  bool already_deleting = MetaDeleting(current);
  if (already_deleting) {
    int64_t current_grace = GetInt(current, {"metadata", "deletionGracePeriodSeconds"}, 0);
    bool shorten = type.graceful_delete && grace < current_grace;
    if (!shorten && !finalizers_changed && !(grace == 0 && finalizers.empty())) {
      DeleteResult r;
      r.body = current;
      r.code = 202;
      return r;
    }
  }
  if (grace > 0 || !finalizers.empty()) {
    Json next = current;
    SetFinalizers(next, finalizers);
    SystemTime now = clock_->Now();
    if (!already_deleting || (type.graceful_delete && grace <
                                 GetInt(current, {"metadata", "deletionGracePeriodSeconds"}, 0))) {
      next["metadata"]["deletionTimestamp"] = FormatTime(now + std::chrono::seconds(grace));
      next["metadata"]["deletionGracePeriodSeconds"] = grace;
    }
    if (type.group.empty() && type.kind == "Namespace") {
      next["status"]["phase"] = "Terminating";
    }
    DeleteResult r;
    if (options.dry_run) {
      r.body = std::move(next);
      return r;
    }
    auto rev = store_->Update(ObjectKey(type, ns, name), Serialize(next),
                              current_mod_revision(current));
    if (!rev.ok()) return rev.status();
    r.body = WithRevision(std::move(next), *rev);
    r.code = (options.orphan_dependents.has_value() && !*options.orphan_dependents) ? 202 : 200;
    return r;
  }
  // Namespaces are finalized by the namespace controller (spec.finalizers).
  if (type.group.empty() && type.kind == "Namespace") {
    const Json* spec_finalizers = Lookup(current, {"spec", "finalizers"});
    if (spec_finalizers && spec_finalizers->is_array() && !spec_finalizers->empty()) {
      Json next = current;
      if (!already_deleting) {
        next["metadata"]["deletionTimestamp"] = FormatTime(clock_->Now());
        next["metadata"]["deletionGracePeriodSeconds"] = 0;
      }
      next["status"]["phase"] = "Terminating";
      DeleteResult r;
      if (options.dry_run || next == current) {
        r.body = std::move(next);
        return r;
      }
      auto rev = store_->Update(ObjectKey(type, ns, name), Serialize(next),
                                current_mod_revision(current));
      if (!rev.ok()) return rev.status();
      r.body = WithRevision(std::move(next), *rev);
      return r;
    }
  }
  DeleteResult r;
  r.deleted = true;
  if (!options.dry_run) {
    auto rev = store_->Delete(ObjectKey(type, ns, name), current_mod_revision(current));
    if (!rev.ok()) return rev.status();
    ReleaseResources(type, current);
  }
  if (type.graceful_delete) {
    r.body = current;
  } else {
    Status ok;
    r.body = ok.ToJson();
    r.body["details"] = {{"name", name}, {"kind", type.plural}, {"uid", MetaUid(current)}};
    if (!type.group.empty()) r.body["details"]["group"] = type.group;
  }
  return r;
}

Result<ListResult> ResourceStore::DeleteCollection(const api::ResourceType& type,
                                                   const std::string& ns,
                                                   const ListOptions& list_options,
                                                   const DeleteOptions& options) {
  ListOptions lo = list_options;
  lo.limit = 0;
  lo.continue_token.clear();
  STEAD_ASSIGN_OR_RETURN(ListResult listed, List(type, ns, lo));
  ListResult out;
  out.resource_version = listed.resource_version;
  for (const auto& item : listed.items) {
    auto r = Delete(type, MetaNamespace(*item), MetaName(*item), options);
    if (!r.ok()) {
      if (r.status().IsNotFound()) continue;
      return r.status();
    }
    out.items.push_back(item);
  }
  return out;
}

Result<Json> ResourceStore::GetScale(const api::ResourceType& type, const std::string& ns,
                                     const std::string& name) {
  STEAD_ASSIGN_OR_RETURN(store::ObjectPtr obj, Get(type, ns, name));
  const Json& o = *obj;
  Json scale = {{"kind", "Scale"}, {"apiVersion", "autoscaling/v1"}};
  scale["metadata"] = {{"name", name},
                       {"namespace", ns},
                       {"uid", MetaUid(o)},
                       {"resourceVersion", MetaResourceVersion(o)},
                       {"creationTimestamp", GetString(o, {"metadata", "creationTimestamp"})}};
  scale["spec"] = {{"replicas", GetInt(o, {"spec", "replicas"}, 0)}};
  scale["status"] = {{"replicas", GetInt(o, {"status", "replicas"}, 0)}};
  if (const Json* sel = Lookup(o, {"spec", "selector"})) {
    auto parsed = LabelSelector::FromJson(*sel);
    if (parsed.ok()) scale["status"]["selector"] = parsed->ToString();
  }
  return scale;
}

Result<Json> ResourceStore::UpdateScale(const api::ResourceType& type, const std::string& ns,
                                        const std::string& name, Json scale,
                                        const WriteOptions& options) {
  if (!scale.is_object()) return Status::BadRequest("invalid Scale body");
  const Json* replicas = Lookup(scale, {"spec", "replicas"});
  int64_t n = (replicas && replicas->is_number_integer()) ? replicas->get<int64_t>() : 0;
  if (n < 0) {
    FieldErrorList errs;
    errs.push_back(FieldError::Invalid(FieldPath("spec").Child("replicas"), n,
                                       "must be greater than or equal to 0"));
    return InvalidStatus("Scale", "autoscaling", name, errs);
  }
  std::string want_rv = GetString(scale, {"metadata", "resourceVersion"});
  STEAD_ASSIGN_OR_RETURN(
      WriteResult r,
      GuaranteedUpdate(
          type, ns, name,
          [&](Json& obj) -> Status {
            if (!want_rv.empty() && want_rv != MetaResourceVersion(obj)) {
              return ObjectModified(type, name);
            }
            obj["spec"]["replicas"] = n;
            return Status::OK();
          },
          options, Subresource::kScale));
  (void)r;
  return GetScale(type, ns, name);
}

Result<Json> ResourceStore::PatchScale(const api::ResourceType& type, const std::string& ns,
                                       const std::string& name, PatchKind kind,
                                       std::string_view body, const WriteOptions& options) {
  STEAD_ASSIGN_OR_RETURN(Json scale, GetScale(type, ns, name));
  const api::schema::TypeDef* def =
      api::schema::Registry::Builtin().FindKind("autoscaling", "v1", "Scale");
  api::patch::PatchType pt = kind == PatchKind::kJson ? api::patch::PatchType::kJson
                             : kind == PatchKind::kStrategicMerge
                                 ? api::patch::PatchType::kStrategicMerge
                                 : api::patch::PatchType::kMerge;
  STEAD_ASSIGN_OR_RETURN(Json patched, api::patch::ApplyPatch(pt, scale, body, def));
  return UpdateScale(type, ns, name, std::move(patched), options);
}

Result<Json> ResourceStore::BindPod(const std::string& ns, const std::string& name, Json binding,
                                    const WriteOptions& options) {
  const api::ResourceType* pods = registry_->ByResource("", "v1", "pods");
  std::string node = GetString(binding, {"target", "name"});
  std::string target_kind = GetString(binding, {"target", "kind"}, "Node");
  if (node.empty() || (target_kind != "Node" && !target_kind.empty())) {
    FieldErrorList errs;
    errs.push_back(FieldError::Required(FieldPath("target").Child("name")));
    return InvalidStatus("Binding", "", name, errs);
  }
  // Written straight to storage as upstream's binding REST does
  // (setPodHostAndAnnotations): spec.nodeName, the binding's annotations and
  // PodScheduled=True in one write. Pod update validation would reject the
  // nodeName change, so it does not run.
  std::string uid = GetString(binding, {"metadata", "uid"});
  const Json* annotations = Lookup(binding, {"metadata", "annotations"});
  std::string key = ObjectKey(*pods, ns, name);
  for (int attempt = 0;; ++attempt) {
    if (attempt == kMaxConflictRetries) {
      return ObjectModified(*pods, name);
    }
    auto current = cache_->Get(key);
    if (!current) return Status::NotFoundResource("pods", "", name);
    Json pod = *current->object;
    if (!uid.empty() && uid != MetaUid(pod)) {
      return Status::ConflictResource("pods", "", name,
                                      "Precondition failed: UID in precondition: " + uid +
                                          ", UID in object meta: " + MetaUid(pod));
    }
    if (MetaDeleting(pod)) {
      return Status::ConflictResource(
          "pods", "", name, "pod " + name + " is being deleted, cannot be assigned to a host");
    }
    std::string assigned = GetString(pod, {"spec", "nodeName"});
    if (!assigned.empty()) {
      return Status::ConflictResource(
          "pods", "", name, "pod " + name + " is already assigned to node \"" + assigned + "\"");
    }
    pod["spec"]["nodeName"] = node;
    if (annotations && annotations->is_object()) {
      for (const auto& [k, v] : annotations->items()) pod["metadata"]["annotations"][k] = v;
    }
    Json& conds = pod["status"]["conditions"];
    if (!conds.is_array()) conds = Json::array();
    Json* scheduled = nullptr;
    for (Json& c : conds) {
      if (c.value("type", "") == "PodScheduled") scheduled = &c;
    }
    if (scheduled == nullptr) {
      conds.push_back({{"type", "PodScheduled"}, {"lastProbeTime", nullptr}});
      scheduled = &conds.back();
    }
    if (scheduled->value("status", "") != "True") {
      (*scheduled)["lastTransitionTime"] = FormatTime(clock_->Now());
    }
    (*scheduled)["status"] = "True";
    scheduled->erase("reason");
    scheduled->erase("message");
    if (options.dry_run) break;
    auto rev = store_->Update(key, Serialize(pod), current->mod_revision);
    if (rev.ok()) break;
    if (!IsRetryableConflict(rev.status())) return rev.status();
  }
  Status ok;
  Json body = ok.ToJson();
  body["code"] = 201;
  return body;
}

}  // namespace stead::apiserver

namespace stead::apiserver {

class ResourceStore::Watcher : public WatchStream {
 public:
  std::unique_ptr<store::CacheWatcher> handle;
  int64_t Progress() const override { return handle ? handle->Progress() : 0; }
};

Result<std::unique_ptr<WatchStream>> ResourceStore::Watch(
    const api::ResourceType& type, const std::string& ns, const ListOptions& options,
    std::function<void(const WatchEvent&)> sink) {
  STEAD_ASSIGN_OR_RETURN(Filter f, MakeFilter(type, options));
  auto filter = std::make_shared<ObjectFilter>(std::move(f.filter));
  const std::string& rv = options.resource_version;
  bool initial = rv.empty() || rv == "0";
  bool initial_end_bookmark = false;
  if (options.send_initial_events.has_value()) {
    if (options.resource_version_match != "NotOlderThan") {
      FieldErrorList errs;
      errs.push_back(FieldError::Forbidden(
          FieldPath("sendInitialEvents"),
          "sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to "
          "NotOlderThan"));
      return InvalidStatus("ListOptions", "meta.k8s.io", "", errs);
    }
    initial = *options.send_initial_events;
    initial_end_bookmark = initial && options.allow_watch_bookmarks;
  }
  int64_t after = 0;
  if (!initial && !rv.empty() && rv != "0") {
    try {
      after = std::stoll(rv);
    } catch (...) {
      return Status::BadRequest("invalid resource version: " + rv);
    }
  } else if (!initial) {
    after = cache_->Revision();
  }

  auto callback = [sink, filter, initial_end_bookmark](
                      const std::vector<store::CacheEvent>& events) {
    for (const auto& e : events) {
      WatchEvent out;
      switch (e.type) {
        case store::CacheEvent::Type::kInitialEnd:
          if (initial_end_bookmark) {
            out.type = WatchEvent::Type::kBookmark;
            out.bookmark_revision = std::to_string(e.revision);
            out.initial_events_end = true;
            sink(out);
          }
          continue;
        case store::CacheEvent::Type::kAdded:
          if (!filter->Matches(*e.object)) continue;
          out.type = WatchEvent::Type::kAdded;
          out.object = e.object;
          break;
        case store::CacheEvent::Type::kModified: {
          bool now_matches = filter->Matches(*e.object);
          bool was_matching = e.prev_object && filter->Matches(*e.prev_object);
          if (now_matches && was_matching) {
            out.type = WatchEvent::Type::kModified;
            out.object = e.object;
          } else if (now_matches) {
            out.type = WatchEvent::Type::kAdded;
            out.object = e.object;
          } else if (was_matching) {
            // Left the selection: a DELETED of the old state at the new revision.
            Json old = *e.prev_object;
            old["metadata"]["resourceVersion"] = std::to_string(e.revision);
            out.type = WatchEvent::Type::kDeleted;
            out.object = std::make_shared<const Json>(std::move(old));
          } else {
            continue;
          }
          break;
        }
        case store::CacheEvent::Type::kDeleted:
          if (!e.prev_object || !filter->Matches(*e.prev_object)) continue;
          out.type = WatchEvent::Type::kDeleted;
          out.object = e.object;
          break;
      }
      sink(out);
    }
  };
  auto w = std::make_unique<Watcher>();
  auto handle = cache_->Watch(ListPrefix(type, ns), after, std::move(callback), initial);
  if (!handle.ok()) return handle.status();
  w->handle = std::move(*handle);
  return std::unique_ptr<WatchStream>(std::move(w));
}

}  // namespace stead::apiserver
