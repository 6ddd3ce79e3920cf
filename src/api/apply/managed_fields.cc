#include "api/apply/managed_fields.h"

#include <algorithm>
#include <vector>

#include "api/apply/go_json.h"
#include "api/apply/typed.h"
#include "api/apply/updater.h"
#include "api/apply/value_order.h"
#include "core/go_quote.h"

namespace stead::api::apply {

namespace {

constexpr size_t kFieldManagerMaxLength = 128;
constexpr size_t kMaxUpdateManagers = 10;
constexpr char kCurrentOperation[] = "current-operation";
constexpr char kAncientChanges[] = "ancient-changes";

std::string GroupVersion(const schema::TypeDef& kind) {
  return kind.gvk.group.empty() ? kind.gvk.version : kind.gvk.group + "/" + kind.gvk.version;
}

struct EntryIdentity {
  std::string manager, operation, api_version, subresource;
};

EntryIdentity ParseIdentifier(const std::string& id) {
  EntryIdentity e;
  Json j = Json::parse(id, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return e;
  e.manager = j.value("manager", "");
  e.operation = j.value("operation", "");
  e.api_version = j.value("apiVersion", "");
  e.subresource = j.value("subresource", "");
  return e;
}

int64_t TimeSeconds(const std::string& t) {
  SystemTime parsed;
  if (t.empty() || !ParseTime(t, &parsed)) return 0;
  return std::chrono::duration_cast<std::chrono::seconds>(parsed.time_since_epoch()).count();
}

Path MakePath(std::initializer_list<const char*> fields) {
  Path p;
  for (const char* f : fields) p.push_back(PathElement::Field(f));
  return p;
}

const FieldSet& MetaStripSet() {
  static const FieldSet kSet = [] {
    FieldSet s;
    for (const char* top : {"apiVersion", "kind", "metadata"}) s.Insert(MakePath({top}));
    for (const char* f : {"name", "namespace", "creationTimestamp", "selfLink", "uid",
                          "clusterName", "generation", "managedFields", "resourceVersion"}) {
      s.Insert(MakePath({"metadata", f}));
    }
    return s;
  }();
  return kSet;
}

ManagedFields DecodeOrEmpty(const Json* entries) {
  auto m = ManagedFields::Decode(entries);
  return m.ok() ? std::move(*m) : ManagedFields();
}

bool IsResetList(const Json& mf) {
  if (!mf.is_array()) return false;
  if (mf.empty()) return true;
  return mf.size() == 1 && mf[0].is_object() && mf[0].empty();
}

// capManagersManager: at most kMaxUpdateManagers Update entries; the oldest
// are merged, per apiVersion, into an "ancient-changes" entry.
void CapUpdateManagers(ManagedFields& managed) {
  std::vector<std::string> updaters;
  for (const auto& [id, vs] : managed.fields) {
    if (!vs.applied) updaters.push_back(id);
  }
  if (updaters.size() <= kMaxUpdateManagers) return;
  auto time_of = [&](const std::string& id) {
    auto it = managed.times.find(id);
    return it == managed.times.end() ? int64_t{0} : TimeSeconds(it->second);
  };
  std::sort(updaters.begin(), updaters.end(), [&](const std::string& a, const std::string& b) {
    int64_t ta = time_of(a), tb = time_of(b);
    if (ta != tb) return ta < tb;
    return a < b;
  });
  std::map<std::string, std::string> version_to_first;
  size_t length = updaters.size();
  for (size_t i = 0; i < updaters.size() && length > kMaxUpdateManagers; ++i) {
    const std::string& id = updaters[i];
    VersionedSet vs = managed.fields[id];
    std::string time;
    if (auto t = managed.times.find(id); t != managed.times.end()) time = t->second;
    std::string bucket = ManagerIdentifier(kAncientChanges, "Update", vs.api_version, "");
    auto first = version_to_first.find(vs.api_version);
    if (first == version_to_first.end()) {
      version_to_first[vs.api_version] = id;
      continue;
    }
    if (!managed.fields.count(bucket)) {
      VersionedSet moved = managed.fields[first->second];
      managed.fields.erase(first->second);
      managed.fields[bucket] = std::move(moved);
    }
    managed.fields[bucket] =
        VersionedSet{vs.set.Union(managed.fields[bucket].set), vs.api_version, vs.applied};
    managed.fields.erase(id);
    --length;
    if (time.empty()) {
      managed.times.erase(bucket);
    } else {
      managed.times[bucket] = time;
    }
  }
}

// The scale subresource's view of the parent's managers: those owning
// spec.replicas, as upstream's ScaleHandler maps them back and forth.
void RecordScaleUpdate(const Json& live, Json& obj, const schema::TypeDef& kind,
                       const WriteContext& ctx) {
  const std::string gv = GroupVersion(kind);
  const Path replicas = MakePath({"spec", "replicas"});
  auto parent = ManagedFields::Decode(Lookup(live, {"metadata", "managedFields"}));
  if (!parent.ok()) return;
  std::map<std::string, VersionedSet> scale;
  for (const auto& [id, vs] : parent->fields) {
    if (vs.api_version == gv && vs.set.Has(replicas)) {
      FieldSet s;
      s.Insert(replicas);
      scale[id] = VersionedSet{std::move(s), "autoscaling/v1", vs.applied};
    }
  }
  // Nobody owns the replicas: upstream does not start tracking here.
  if (scale.empty()) {
    if (const Json* mf = Lookup(live, {"metadata", "managedFields"})) {
      obj["metadata"]["managedFields"] = *mf;
    } else {
      Erase(obj, {"metadata", "managedFields"});
    }
    return;
  }
  const Json* old_r = Lookup(live, {"spec", "replicas"});
  const Json* new_r = Lookup(obj, {"spec", "replicas"});
  bool changed = (old_r == nullptr) != (new_r == nullptr) ||
                 (old_r != nullptr && !ValueEquals(*old_r, *new_r));
  if (changed) {
    std::string id = ManagerIdentifier(ctx.manager.empty() ? "unknown" : ctx.manager, "Update",
                                       "autoscaling/v1", "scale");
    for (auto it = scale.begin(); it != scale.end();) {
      it = it->first == id ? std::next(it) : scale.erase(it);
    }
    FieldSet s;
    s.Insert(replicas);
    scale[id] = VersionedSet{std::move(s), "autoscaling/v1", false};
  }
  ManagedFields out;
  for (const auto& [id, vs] : parent->fields) {
    if (vs.api_version != gv) continue;
    auto keep = [&](VersionedSet v) {
      out.fields[id] = std::move(v);
      if (auto t = parent->times.find(id); t != parent->times.end()) out.times[id] = t->second;
    };
    if (!vs.set.Has(replicas)) {
      keep(vs);
    } else if (!scale.count(id)) {
      FieldSet rest = vs.set.Difference([&] {
        FieldSet s;
        s.Insert(replicas);
        return s;
      }());
      if (!rest.Empty()) keep(VersionedSet{std::move(rest), vs.api_version, vs.applied});
    } else {
      keep(vs);
      scale.erase(id);
    }
  }
  for (const auto& [id, vs] : scale) {
    FieldSet s;
    s.Insert(replicas);
    out.fields[id] = VersionedSet{std::move(s), gv, vs.applied};
    if (auto t = parent->times.find(id); t != parent->times.end()) out.times[id] = t->second;
  }
  Json encoded = out.Encode();
  if (encoded.empty()) {
    Erase(obj, {"metadata", "managedFields"});
  } else {
    obj["metadata"]["managedFields"] = std::move(encoded);
  }
}

}  // namespace

std::string ManagerIdentifier(std::string_view manager, std::string_view operation,
                              std::string_view api_version, std::string_view subresource) {
  // The field order of metav1.ManagedFieldsEntry, empty fields omitted.
  std::string out = "{";
  auto add = [&](const char* name, std::string_view value) {
    if (value.empty()) return;
    if (out.size() > 1) out += ',';
    out += GoJsonString(name);
    out += ':';
    out += GoJsonString(value);
  };
  add("manager", manager);
  add("operation", operation);
  if (operation != "Apply") add("apiVersion", api_version);
  add("subresource", subresource);
  return out + "}";
}

std::string PrintManager(const std::string& identifier) {
  Json j = Json::parse(identifier, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return GoQuote(identifier);
  EntryIdentity e = ParseIdentifier(identifier);
  std::string out = GoQuote(e.manager);
  if (!e.subresource.empty()) out += " with subresource " + GoQuote(e.subresource);
  if (e.operation == "Update") out += " using " + e.api_version;
  return out;
}

std::string ManagerName(std::string_view field_manager, std::string_view user_agent) {
  if (!field_manager.empty()) return std::string(field_manager);
  std::string_view prefix = user_agent.substr(0, user_agent.find('/'));
  std::string out;
  size_t i = 0;
  while (i < prefix.size()) {
    unsigned char c = static_cast<unsigned char>(prefix[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 1;
    if (i + len > prefix.size()) len = 1;
    std::string_view rune = prefix.substr(i, len);
    i += len;
    // Control characters (and bytes that are not UTF-8) are not printable.
    bool printable =
        len > 1 ? !(rune.size() == 2 && c == 0xC2 && static_cast<unsigned char>(rune[1]) < 0xA0)
                : (c >= 0x20 && c < 0x7F);
    if (!printable) continue;
    if (out.size() + rune.size() > kFieldManagerMaxLength) break;
    out += rune;
  }
  return out;
}

FieldSet ResetFields(bool has_status_subresource, std::string_view subresource) {
  FieldSet s;
  if (subresource == "status") {
    s.Insert(MakePath({"spec"}));
  } else if (subresource.empty() && has_status_subresource) {
    s.Insert(MakePath({"status"}));
  }
  return s;
}

bool RequestResetsManagedFields(const Json& body) {
  const Json* mf = Lookup(body, {"metadata", "managedFields"});
  return mf != nullptr && IsResetList(*mf);
}

Result<ManagedFields> ManagedFields::Decode(const Json* entries) {
  ManagedFields out;
  if (entries == nullptr || entries->is_null()) return out;
  if (!entries->is_array()) return Status::BadRequest("managedFields must be a list");
  for (size_t i = 0; i < entries->size(); ++i) {
    const Json& e = (*entries)[i];
    if (!e.is_object()) return Status::BadRequest("managedFields entries must be objects");
    std::string operation = e.value("operation", "");
    if (operation != "Apply" && operation != "Update") {
      return Status::BadRequest("operation must be `Apply` or `Update`");
    }
    std::string api_version = e.value("apiVersion", "");
    if (api_version.empty()) return Status::BadRequest("apiVersion must not be empty");
    std::string fields_type = e.value("fieldsType", "");
    if (fields_type.empty()) {
      return Status::BadRequest("missing fieldsType in managed fields entry " + std::to_string(i));
    }
    if (fields_type != "FieldsV1") {
      return Status::BadRequest("invalid fieldsType " + GoQuote(fields_type) +
                                " in managed fields entry " + std::to_string(i));
    }
    std::string id = ManagerIdentifier(e.value("manager", ""), operation, api_version,
                                       e.value("subresource", ""));
    FieldSet set;
    if (auto f = e.find("fieldsV1"); f != e.end() && !f->is_null()) {
      STEAD_ASSIGN_OR_RETURN(set, FieldSet::FromFieldsV1(*f));
    }
    out.fields[id] = VersionedSet{std::move(set), api_version, operation == "Apply"};
    if (auto t = e.find("time"); t != e.end() && t->is_string() && !t->get<std::string>().empty()) {
      out.times[id] = t->get<std::string>();
    } else {
      out.times.erase(id);
    }
  }
  return out;
}

Json ManagedFields::Encode() const {
  struct Entry {
    EntryIdentity id;
    std::string time;
    Json json;
  };
  std::vector<Entry> entries;
  for (const auto& [id, vs] : fields) {
    Entry e;
    e.id = ParseIdentifier(id);
    e.id.api_version = vs.api_version;
    if (vs.applied) e.id.operation = "Apply";
    if (auto t = times.find(id); t != times.end()) e.time = t->second;
    Json j = Json::object();
    if (!e.id.manager.empty()) j["manager"] = e.id.manager;
    if (!e.id.operation.empty()) j["operation"] = e.id.operation;
    if (!e.id.api_version.empty()) j["apiVersion"] = e.id.api_version;
    if (!e.time.empty()) j["time"] = e.time;
    j["fieldsType"] = "FieldsV1";
    j["fieldsV1"] = vs.set.ToFieldsV1();
    if (!e.id.subresource.empty()) j["subresource"] = e.id.subresource;
    e.json = std::move(j);
    entries.push_back(std::move(e));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& p, const Entry& q) {
    if (p.id.operation != q.id.operation) return p.id.operation < q.id.operation;
    int64_t ps = TimeSeconds(p.time), qs = TimeSeconds(q.time);
    if (ps != qs) return ps < qs;
    if (p.id.manager != q.id.manager) return p.id.manager < q.id.manager;
    if (p.id.api_version != q.id.api_version) return p.id.api_version < q.id.api_version;
    return p.id.subresource < q.id.subresource;
  });
  Json out = Json::array();
  for (auto& e : entries) out.push_back(std::move(e.json));
  return out;
}

void StripMetaFields(ManagedFields& managed, const std::string& identifier) {
  auto it = managed.fields.find(identifier);
  if (it == managed.fields.end()) return;
  it->second.set = it->second.set.Difference(MetaStripSet());
  if (it->second.set.Empty()) managed.fields.erase(it);
}

Status UpdateManagedFieldsFor(const Json& live, const Json& updated, ManagedFields& managed,
                              const schema::TypeDef& kind, const std::string& manager,
                              const WriteContext& ctx) {
  UpdaterContext uctx{KindRef(kind), GroupVersion(kind), ctx.reset_fields};
  STEAD_RETURN_IF_ERROR(UpdaterUpdate(live, updated, managed.fields, kCurrentOperation, uctx));
  StripMetaFields(managed, kCurrentOperation);
  std::string id = ManagerIdentifier(manager.empty() ? "unknown" : manager, "Update",
                                     uctx.api_version, ctx.subresource);
  if (auto self = managed.fields.find(kCurrentOperation); self != managed.fields.end()) {
    VersionedSet vs = std::move(self->second);
    managed.fields.erase(self);
    if (auto prev = managed.fields.find(id); prev != managed.fields.end()) {
      vs.set = vs.set.Union(prev->second.set);
    }
    managed.fields[id] = std::move(vs);
    managed.times[id] = FormatTime(ctx.now);
  }
  CapUpdateManagers(managed);
  return Status::OK();
}

void RecordUpdate(const Json* live, Json& obj, const schema::TypeDef& kind,
                  const WriteContext& ctx) {
  if (ctx.subresource == "scale" && live != nullptr) {
    RecordScaleUpdate(*live, obj, kind, ctx);
    return;
  }
  const Json zero = live == nullptr ? ZeroObject(kind) : Json();
  const Json& old = live == nullptr ? zero : *live;
  const Json* live_mf = Lookup(old, {"metadata", "managedFields"});
  const Json* new_mf = Lookup(obj, {"metadata", "managedFields"});
  ManagedFields managed;
  if (!ctx.subresource.empty()) {
    managed = DecodeOrEmpty(live_mf);
  } else if (new_mf != nullptr && IsResetList(*new_mf)) {
    // Explicitly cleared.
  } else {
    auto sent = ManagedFields::Decode(new_mf);
    if (sent.ok() && !sent->fields.empty()) {
      managed = std::move(*sent);
    } else {
      managed = DecodeOrEmpty(live_mf);
    }
  }
  Erase(obj, {"metadata", "managedFields"});
  // Existing objects without managed fields are tracked from their first apply.
  if (managed.fields.empty() && !MetaUid(old).empty()) return;
  if (!UpdateManagedFieldsFor(old, obj, managed, kind, ctx.manager, ctx).ok()) return;
  Json encoded = managed.Encode();
  if (!encoded.empty()) obj["metadata"]["managedFields"] = std::move(encoded);
}

}  // namespace stead::api::apply
